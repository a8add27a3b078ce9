import Inventory
import Policy
import Scheduler
import ShepherdTestSupport
import Testing

/// The Memory filter's three checks as separate verdicts (Docs/ovirt.md §2.3.6), as
/// `explain --format json` shows them:
///   pending:     freeMemoryAfterPending − dynamicHugepages ≥ 0
///   physical:    staticRequired − hugepageMemory ≤ schedulableMemory − dynamicHugepages
///                (schedulable = free + free swap − pending overheads)
///   over-commit: required − hugepageMemory + dynamicHugepages ≤ maxSchedulingMemory
/// A host fails the filter exactly when one check fails (no exemption applies to a stopped
/// VM), and the failing checks are the ones the filter's reason names.
@Suite("filter check verdicts")
struct FilterCheckVerdictTests {
  @Test("each Memory check has its own verdict, consistent with the filter's")
  func memoryChecks() throws {
    let text = SchedulerTestSupport.snapshot(
      hosts: [
        "{ name: small, status: Up, memory: { physicalMiB: 32768, freeMiB: 16384 } }",
        "{ name: large, status: Up, memory: { physicalMiB: 262144, freeMiB: 200000 } }",
      ],
      vms: ["{ name: big, status: Down, memoryMiB: 49152, vcpus: 4 }"])
    let (snapshot, pipeline) = try SchedulerTestSupport.load(snapshot: text, policy: "none")
    let state = SchedulerState(snapshot: snapshot)
    let scheduler = Scheduler(pipeline: pipeline)
    let vm = try #require(snapshot.vmIndexByName["big"])
    let decision = scheduler.decide(VMGroup(vmIndices: [vm]), in: state, constraints: .none)
    let checks = scheduler.checkVerdicts(vm: vm, hosts: [0, 1], in: state)
    let memory = try #require(decision.filterNames.firstIndex(of: "Memory"))
    for host in decision.hosts {
      let verdicts = try #require(checks[host.hostIndex]?[memory])
      #expect(verdicts.map(\.name) == ["pending", "physical", "over-commit"])
      let failing = verdicts.filter { $0.failure != nil }
      #expect(host.filterVerdicts[memory].isFailure == !failing.isEmpty, "\(host.hostName)")
      for check in failing {
        #expect(host.filterVerdicts[memory].reason?.contains(check.name + ": ") == true)
      }
    }
    // small: 16384 MiB free < 49152 + 64 + 96 static overhead; large passes every check.
    #expect(checks[0]?[memory]?.map { $0.failure == nil } == [true, false, false])
    #expect(checks[1]?[memory]?.allSatisfy { $0.failure == nil } == true)
  }
}
