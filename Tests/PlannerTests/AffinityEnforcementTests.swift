import Foundation
import Inventory
import Plan
import ShepherdTestSupport
import Testing

@testable import Planner

/// oVirt's affinity-rules enforcement (Docs/ovirt.md §7.1): conflicts in oVirt's order, reported
/// as data; a conflict stops only the rules in it; candidate order with VM-id tie-breaks; the
/// soft steps with the "must improve soft affinity" check.
@Suite("affinity enforcement: conflicts, order, soft rules")
struct AffinityEnforcementTests {
  /// Before #15 item 2 one conflict anywhere disabled all enforcement: 0 moves here.
  @Test("a conflict stops only what is in conflict: three independent violations are fixed")
  func independentViolations() throws {
    let context = try planningContext("Fixtures/scenarios/affinity/independent.yaml")
    let plan = BalancePlanner(context: context).planAffinityEnforcement()
    // Enforcement order: x (VM-to-host), then the VM-to-VM groups, larger first, then by
    // smallest VM id: n-apart {n1, n2} and ab-together {a, b} are the same size and, without
    // ids, n1 precedes a. The plan lists its steps by wave: x and a both leave h1 in wave 1,
    // so n1's move to h1 waits for wave 2 (two migrations per host at a time).
    let enforcer = AffinityEnforcer(scheduler: context.loopScheduler, snapshot: context.snapshot)
    #expect(
      enforcer.candidates(in: context.snapshot).map { context.snapshot.vms[$0.vm].name }
        == ["x", "n1", "n2", "a", "b", "p", "q"])
    #expect(plan.steps.map(\.vm) == ["x", "a", "n1"])
    #expect(plan.steps.map(\.toHost) == ["h4", "h3", "h1"])
    #expect(plan.unhandled.count == 1)
    let conflict = try #require(plan.unhandled.first?.conflict)
    #expect(conflict.type == "vm-to-vm-positive-and-negative")
    #expect(conflict.groups == ["pq-together", "pq-apart"])
    #expect(conflict.vms == ["p", "q"])
    #expect(!plan.steps.contains { $0.vm == "p" || $0.vm == "q" })
  }

  /// Each kind oVirt checks (`AffinityRulesUtils`), reported in its order, with data.
  @Test("every conflict kind, in oVirt's order, as data")
  func conflictKinds() throws {
    let context = try planningContext("Fixtures/scenarios/affinity/conflict-kinds.yaml")
    let plan = BalancePlanner(context: context).planAffinityEnforcement()
    let conflicts = plan.unhandled.compactMap(\.conflict)
    #expect(
      conflicts.map(\.type) == [
        "vm-to-host-enforcing-positive-and-negative", "vm-to-host-positive-and-negative",
        "vm-to-host-against-positive-vm-to-vm", "vm-to-host-against-negative-vm-to-vm",
        "non-intersecting-positive-hosts", "vm-to-vm-positive-and-negative",
      ])
    #expect(
      conflicts.map(\.vms) == [
        ["v1"], ["v2"], ["v3", "v4"], ["v5", "v6"], ["v7", "v8"], ["v9", "v10"],
      ])
    #expect(conflicts.map(\.hosts) == [["h1"], ["h2"], ["h3"], ["h4"], [], []])
    #expect(conflicts[2].groups == ["v34-together", "v3-on-h3", "v4-off-h3"])
    // Every rule here is in conflict; nothing is chased.
    #expect(plan.steps.isEmpty)
    #expect(AffinityConflictData.types.starts(with: conflicts.map(\.type)))
  }

  /// A conflict between a soft and a hard rule skips only the soft rule: the hard one is still
  /// enforced (Docs/ovirt.md §7.1).
  @Test("soft + hard VM-to-host conflict: the enforcing rule is still enforced")
  func softAndHardConflictKeepsHardRule() throws {
    let yaml =
      Self.header(hosts: 2) + """
        vms:
          - { name: v, host: h1, status: Up, memoryMiB: 2048, vcpus: 1 }
        affinityGroups:
          - { name: on-h2, vms: [v], hosts: [h2], hostRule: { polarity: positive, enforcing: true } }
          - { name: rather-off-h2, vms: [v], hosts: [h2], hostRule: { polarity: negative, enforcing: false } }
        """
    let context = try planningContext(bytes: Array(yaml.utf8))
    let plan = BalancePlanner(context: context).planAffinityEnforcement()
    #expect(plan.unhandled.compactMap(\.conflict?.type) == ["vm-to-host-positive-and-negative"])
    #expect(plan.steps.map(\.vm) == ["v"])
    #expect(plan.steps.map(\.toHost) == ["h2"])
  }

  /// Steps 3 and 4 (Docs/ovirt.md §7.1). Before #15 item 3 soft rules were never enforced.
  @Test("soft rules are enforced when the move improves soft affinity")
  func softEnforcement() throws {
    let context = try planningContext("Fixtures/scenarios/affinity/soft.yaml")
    let plan = BalancePlanner(context: context).planAffinityEnforcement()
    #expect(plan.steps.map(\.vm) == ["s1", "t1"])
    #expect(plan.steps.map(\.toHost) == ["h3", "h1"])
    #expect(plan.isComplete)
    #expect(plan.steps.allSatisfy { $0.reason.text.contains("soft") })
  }

  /// oVirt's checks, formula by formula: host affinity improves iff fewer soft VM-to-host groups
  /// are broken on the target at the first differing priority level; VM affinity improves iff
  /// at the first level with a non-zero score neither the positive nor the negative score is
  /// negative (positive group: +1/−1/0 as the target holds more/fewer/as many other members;
  /// negative group: +1 if the source holds others, −1 if the target holds any).
  @Test("the 'must improve soft affinity' checks")
  func improvementChecks() throws {
    let context = try planningContext("Fixtures/scenarios/affinity/soft.yaml")
    let snapshot = context.snapshot
    let enforcer = AffinityEnforcer(scheduler: context.loopScheduler, snapshot: snapshot)
    func host(_ name: String) throws -> Int { try #require(snapshot.hostIndexByName[name]) }
    func vm(_ name: String) throws -> Int { try #require(snapshot.vmIndexByName[name]) }
    // s1 prefers h3: h1 → h3 fixes one broken group; h1 → h2 changes nothing.
    #expect(
      enforcer.improvesSoftAffinity(
        vm: try vm("s1"), from: try host("h1"), to: try host("h3"), in: snapshot))
    #expect(
      !enforcer.improvesSoftAffinity(
        vm: try vm("s1"), from: try host("h1"), to: try host("h2"), in: snapshot))
    // t1 and t2 prefer to be apart: leaving t2's host scores +1, joining it would score −1.
    #expect(
      enforcer.improvesSoftAffinity(
        vm: try vm("t1"), from: try host("h2"), to: try host("h1"), in: snapshot))
    // u1 prefers h4, which it cannot reach; any other host leaves the group broken.
    #expect(
      !enforcer.improvesSoftAffinity(
        vm: try vm("u1"), from: try host("h1"), to: try host("h3"), in: snapshot))
  }

  /// A snapshot's header and `count` identical Up hosts h1, h2, …; policy `none`.
  static func header(hosts count: Int) -> String {
    """
    apiVersion: shepherd/v1
    kind: ClusterSnapshot
    takenAt: 2026-11-28T10:00:00Z
    cluster: { name: c, compatibilityVersion: "4.7", scheduling: { policy: none } }
    hosts:

    """
      + (1...count).map {
        "  - { name: h\($0), status: Up, cpu: { sockets: 1, cores: 8, threads: 8, usagePercent: 10 }, "
          + "memory: { physicalMiB: 65536, freeMiB: 50000, committedMiB: 10000 } }\n"
      }.joined()
  }

  static let tieSnapshot =
    header(hosts: 3) + """
      vms:
        - { name: a1, host: h1, status: Up, memoryMiB: 2048, vcpus: 1, id: 00000000-0000-0000-0000-000000000002 }
        - { name: a2, host: h1, status: Up, memoryMiB: 2048, vcpus: 1, id: 00000000-0000-0000-0000-000000000003 }
        - { name: b1, host: h2, status: Up, memoryMiB: 2048, vcpus: 1, id: ffffffff-0000-0000-0000-000000000001 }
        - { name: b2, host: h2, status: Up, memoryMiB: 2048, vcpus: 1, id: 00000000-0000-0000-0000-000000000004 }
      affinityGroups:
        - { name: a-apart, vms: [a1, a2], vmRule: { polarity: negative, enforcing: true } }
        - { name: b-apart, vms: [b1, b2], vmRule: { polarity: negative, enforcing: true } }
      """

  /// Equal-sized groups go by their smallest VM id (Docs/ovirt.md §7.1), compared as Java's
  /// `UUID.compareTo` does: the high 64 bits as a signed number, so `ffffffff-…` (negative)
  /// comes before `00000000-…`. b-apart's smallest id is b1's: its subset moves first.
  @Test("equal-sized VM-to-VM groups go by their smallest VM id (Java's signed UUID order)")
  func vmIdTieBreak() throws {
    let context = try planningContext(bytes: Array(Self.tieSnapshot.utf8))
    let enforcer = AffinityEnforcer(scheduler: context.loopScheduler, snapshot: context.snapshot)
    let names = enforcer.candidates(in: context.snapshot).map {
      context.snapshot.vms[$0.vm].name
    }
    #expect(names == ["b1", "b2", "a1", "a2"])
    #expect(context.snapshot.vmIdPrecedes(2, 0))
    #expect(context.snapshot.vmIdPrecedes(0, 1))
    // Without ids, snapshot order decides: a-apart's a1 is the smallest.
    let plain = Self.tieSnapshot.split(separator: "\n").map {
      $0.replacingOccurrences(of: #", id: [0-9a-f-]+"#, with: "", options: .regularExpression)
    }.joined(separator: "\n")
    let unnamed = try planningContext(bytes: Array(plain.utf8))
    let order = AffinityEnforcer(scheduler: unnamed.loopScheduler, snapshot: unnamed.snapshot)
      .candidates(in: unnamed.snapshot).map { unnamed.snapshot.vms[$0.vm].name }
    #expect(order == ["a1", "a2", "b1", "b2"])
  }

  /// A host running an immovable member of the group is left out of that group's subsets; an
  /// immovable VM that is not a member does not matter (Docs/ovirt.md §7.1).
  @Test("only an immovable member excludes its host from the group's subsets")
  func immovableMemberOnly() throws {
    let yaml = Self.tieSnapshot.replacingOccurrences(
      of: "affinityGroups:",
      with: """
          - { name: pinned, host: h2, status: Up, memoryMiB: 1024, vcpus: 1, migrationMode: pinned, pinnedHosts: [h2] }
        affinityGroups:
        """)
    let context = try planningContext(bytes: Array(yaml.utf8))
    let enforcer = AffinityEnforcer(scheduler: context.loopScheduler, snapshot: context.snapshot)
    let names = enforcer.candidates(in: context.snapshot).map {
      context.snapshot.vms[$0.vm].name
    }
    #expect(names == ["b1", "b2", "a1", "a2"])
  }
}
