import Diagnostics
import Foundation
import Inventory
import Plan
import Policy
import ShepherdTestSupport
import Testing

@testable import Planner
@testable import Scheduler

/// The incremental balance planner (one solver state updated in place, proposals found one at
/// a time) against the reference that rebuilds the snapshot, the state and every proposal each
/// round: on random clusters, the plans are byte-identical and the updated state equals the
/// rebuilt one after every move.
@Suite("incremental planning")
struct IncrementalPlanningTests {
  /// A generated cluster with random enforcing affinity groups added, as YAML.
  static func randomCluster(_ random: inout SplitMix64) -> String {
    var generator = SyntheticSnapshot(
      hostCount: 3 + random.next(below: 6), vmCount: 10 + random.next(below: 60),
      seed: random.next())
    if random.chance(50) { generator.overloadedEvery = 2 + random.next(below: 3) }
    // About one running VM in eight is Paused: several filters exempt paused VMs, so the
    // cached verdict rows must tell them apart from running VMs of the same size.
    let text = generator.yaml().split(separator: "\n", omittingEmptySubsequences: false).map {
      line -> String in
      guard line.hasPrefix("  - { name: vm-"), line.contains("status: Up"), random.chance(12)
      else { return String(line) }
      return line.replacingOccurrences(of: "status: Up", with: "status: Paused")
    }.joined(separator: "\n")
    let vmDigits = max(2, String(generator.vmCount).count)
    func vm(_ index: Int) -> String {
      let number = String(index + 1)
      return "vm-" + String(repeating: "0", count: max(0, vmDigits - number.count)) + number
    }
    var groups: [String] = []
    for index in 0..<random.next(below: 4) {
      let members = (0..<(2 + random.next(below: 3))).map { _ in
        vm(random.next(below: generator.vmCount))
      }
      let polarity = random.chance(50) ? "positive" : "negative"
      groups.append(
        "  - { name: g\(index), vms: [\(Set(members).sorted().joined(separator: ", "))], "
          + "vmRule: { polarity: \(polarity), enforcing: \(random.chance(70)) } }")
    }
    let empty = "affinityGroups: []\n"
    guard !groups.isEmpty, text.hasSuffix(empty) else { return text }
    return text.dropLast(empty.count) + "affinityGroups:\n" + groups.joined(separator: "\n")
      + "\n"
  }

  /// Random clusters' planning contexts, one per seed, each with the generator as the cluster
  /// left it (for the test's own draws); a cluster that does not load is recorded as an issue.
  static func randomContexts(count: Int, salt: UInt64, policy: String? = nil) -> [(
    seed: UInt64, random: SplitMix64, context: PlanningContext
  )] {
    PropertySeeds.seeds(count: count, salt: salt).compactMap { seed in
      var random = SplitMix64(seed: seed)
      let yaml = randomCluster(&random)
      guard let context = try? planningContext(bytes: Array(yaml.utf8), policy: policy) else {
        Issue.record("seed \(seed): snapshot or policy did not load")
        return nil
      }
      return (seed, random, context)
    }
  }

  @Test(
    "incremental and rebuilding balance planners make byte-identical plans",
    arguments: ["vm_evenly_distributed", "evenly_distributed", "power_saving"])
  func samePlans(_ policy: String) throws {
    for (seed, _, context) in Self.randomContexts(count: 20, salt: 1_601, policy: policy) {
      // A hysteresis rejects more proposals on the source's relief alone, which the
      // incremental planner checks before deciding (the reference decides every proposal).
      for (limit, hysteresis) in [(1, 0.0), (3, 0), (200, 0), (200, 2), (200, 10)] {
        let options = BalanceOptions(maxMigrations: limit, minImprovement: hysteresis)
        let fast = BalancePlanner(context: context, options: options).plan()
        var reference = BalancePlanner(context: context, options: options)
        reference.rebuildsEveryRound = true
        let slow = reference.plan()
        #expect(
          fast.json().serialized() == slow.json().serialized(),
          "SHEPHERD_SEED=\(PropertySeeds.base), seed \(seed), limit \(limit), hysteresis \(hysteresis)"
        )
      }
    }
  }

  @Test("a move updated in place equals the state rebuilt from the moved snapshot, and undoes")
  func sameState() throws {
    for (seed, generator, context) in Self.randomContexts(count: 25, salt: 1_602) {
      var random = generator
      var state = SchedulerState(snapshot: context.snapshot)
      let snapshot = context.snapshot
      for _ in 0..<5 {
        let vm = random.next(below: snapshot.vms.count)
        let host = random.next(below: snapshot.hosts.count)
        let before = state
        // With a band, the moved hosts may lose their over-threshold timestamps.
        // (The default band: above 0 and below 75 percent.)
        let band =
          random.chance(50) ? CpuThresholdBand(properties: ResolvedProperties(properties: [])) : nil
        let undo = state.move(vm: vm, to: host, band: band)
        let rebuilt = SchedulerState(
          snapshot: before.snapshot.applying(vm: vm, to: host, band: band))
        #expect(state.snapshot == rebuilt.snapshot, "seed \(seed)")
        #expect(state.tables.hosts == rebuilt.tables.hosts, "seed \(seed)")
        #expect(state.tables.vms == rebuilt.tables.vms, "seed \(seed)")
        #expect(state.tables.cluster == rebuilt.tables.cluster, "seed \(seed)")
        if random.chance(40) {
          state.undo(undo)
          #expect(state.snapshot == before.snapshot, "seed \(seed)")
          #expect(state.tables.hosts == before.tables.hosts, "seed \(seed)")
          #expect(state.tables.vms == before.tables.vms, "seed \(seed)")
          // The hosts get their stamps back: rows stored under them hold again.
          #expect(state.stamps.stamps == before.stamps.stamps, "seed \(seed)")
        }
      }
    }
  }
}
