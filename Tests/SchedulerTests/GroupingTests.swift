import Inventory
import Scheduler
import Testing

/// VM grouping by hard positive affinity (Docs/ovirt.md §3.3).
@Suite("VM grouping")
struct GroupingTests {
  typealias Support = SchedulerTestSupport

  func snapshot(groups: [String], vms: [String]? = nil) throws -> ClusterSnapshot {
    let vmEntries = vms ?? ["a", "b", "c", "d", "e"].map { Support.vm($0) }
    let (snapshot, _) = try Support.load(
      snapshot: Support.snapshot(hosts: [Support.host("h1")], vms: vmEntries, groups: groups),
      policy: "sched_rank")
    return snapshot
  }

  func names(_ groups: [VMGroup], _ snapshot: ClusterSnapshot) -> [[String]] {
    groups.map { $0.vmIndices.map { snapshot.vms[$0].name } }
  }

  @Test("positive enforcing groups sharing a VM merge transitively")
  func transitiveMerge() throws {
    let snapshot = try snapshot(groups: [
      "{ name: g1, vms: [a, b], vmRule: { polarity: positive, enforcing: true } }",
      "{ name: g2, vms: [b, c], vmRule: { polarity: positive, enforcing: true } }",
      "{ name: soft, vms: [d, e], vmRule: { polarity: positive, enforcing: false } }",
    ])
    let groups = VMGrouper.groups(
      of: [4, 0, 3, 2, 1], in: snapshot, isGrouping: true, ordering: .asGiven)
    #expect(names(groups, snapshot) == [["e"], ["a", "c", "b"], ["d"]])
    #expect(groups.allSatisfy { $0.conflict == nil })
  }

  @Test("only requested VMs are grouped; grouping off gives singletons")
  func requestedOnly() throws {
    let snapshot = try snapshot(groups: [
      "{ name: g1, vms: [a, b, c], vmRule: { polarity: positive, enforcing: true } }"
    ])
    let grouped = VMGrouper.groups(of: [0, 2], in: snapshot, isGrouping: true, ordering: .asGiven)
    #expect(names(grouped, snapshot) == [["a", "c"]])
    let single = VMGrouper.groups(of: [0, 2], in: snapshot, isGrouping: false, ordering: .asGiven)
    #expect(names(single, snapshot) == [["a"], ["c"]])
  }

  @Test("a negative enforcing group holding two VMs of one group is a conflict")
  func conflict() throws {
    let snapshot = try snapshot(groups: [
      "{ name: together, vms: [a, b, c], vmRule: { polarity: positive, enforcing: true } }",
      "{ name: soft-apart, vms: [a, b], vmRule: { polarity: negative, enforcing: false } }",
      "{ name: apart, vms: [a, c, d], vmRule: { polarity: negative, enforcing: true } }",
    ])
    let groups = VMGrouper.groups(
      of: [0, 1, 2, 3], in: snapshot, isGrouping: true, ordering: .asGiven)
    #expect(names(groups, snapshot) == [["a", "b", "c"], ["d"]])
    #expect(groups[0].conflict == AffinityConflict(groupName: "apart", vmIndices: [0, 2]))
    #expect(groups[1].conflict == nil)
  }

  @Test("oVirt order: pinning class, then more vCPUs first; ties keep the request order")
  func ordering() throws {
    let snapshot = try snapshot(
      groups: [],
      vms: [
        Support.vm("small", vcpus: 1), Support.vm("big", vcpus: 8),
        Support.vm("pinned", vcpus: 2, extra: "cpuPinning: { policy: dedicated }"),
        Support.vm("small-2", vcpus: 1), Support.vm("big-2", vcpus: 8),
      ])
    let groups = VMGrouper.groups(of: [0, 1, 2, 3, 4], in: snapshot, isGrouping: false)
    #expect(names(groups, snapshot) == [["pinned"], ["big"], ["big-2"], ["small"], ["small-2"]])
  }

  @Test("the scheduler groups only when the policy has the VmAffinityGroups filter")
  func policyDecidesGrouping() throws {
    let text = Support.snapshot(
      hosts: [Support.host("h1")], vms: [Support.vm("a"), Support.vm("b")],
      groups: ["{ name: g, vms: [a, b], vmRule: { polarity: positive, enforcing: true } }"])
    let (snapshot, plain) = try Support.load(snapshot: text, policy: "sched_rank")
    let (_, affinity) = try Support.load(snapshot: text, policy: "sched_affinity")
    #expect(Scheduler(pipeline: plain).groups(of: [0, 1], in: snapshot).count == 2)
    #expect(Scheduler(pipeline: affinity).groups(of: [0, 1], in: snapshot).count == 1)
    let always = Scheduler(pipeline: plain, options: SchedulingOptions(grouping: .always))
    #expect(always.groups(of: [0, 1], in: snapshot).count == 1)
  }
}
