import Diagnostics
import Inventory
import Policy
import Scheduler
import Testing

/// Placement decisions end to end: filters, pending resources, explanation, honesty about
/// unimplemented native units.
@Suite("scheduler")
struct SchedulerTests {
  typealias Support = SchedulerTestSupport

  @Test("the second placement sees the first: pending memory fills the host")
  func pendingResources() throws {
    // h1 fits one 40 GiB VM; h2 is Down.
    let (snapshot, pipeline) = try Support.load(
      snapshot: Support.snapshot(
        hosts: [Support.host("h1", memoryMiB: 65536), Support.host("h2", status: "Maintenance")],
        vms: [Support.vm("first", memoryMiB: 40960), Support.vm("second", memoryMiB: 40960)]),
      policy: "sched_rank")
    var state = SchedulerState(snapshot: snapshot)
    let run = Scheduler(pipeline: pipeline).place([0, 1], in: &state)
    #expect(run.placements == [SchedulerState.Placement(vmIndex: 0, hostIndex: 0)])
    #expect(run.unschedulableVMs == [1])
    #expect(state.pendingHost(of: 0) == 0)
    #expect(state.invariantViolations().isEmpty)
    let second = run.decisions[1]
    #expect(second.outcome == .unschedulable(.allHostsFilteredOut))
    let h1 = try #require(second.evaluation(ofHost: 0))
    let memory = try #require(second.filterNames.firstIndex(of: "Memory"))
    #expect(h1.decisiveFilter == memory)
    #expect(h1.filterVerdicts[memory].reason?.contains("too low") == true)
    #expect(second.evaluation(ofHost: 1)?.exclusion == .notUp(.maintenance))
    // Without the first placement the same VM fits.
    let alone = Scheduler(pipeline: pipeline).decide(
      VMGroup(vmIndices: [1]), in: SchedulerState(snapshot: snapshot), constraints: .none)
    #expect(alone.outcome == .placed(hostIndex: 0))
  }

  @Test("an unschedulable VM lists, per host, every filter that rejected it")
  func everyRejectingFilter() throws {
    let (snapshot, pipeline) = try Support.load(
      snapshot: Support.snapshot(
        hosts: [
          Support.host("small", memoryMiB: 8192, networks: "other"),
          Support.host("ok-net", memoryMiB: 8192),
        ],
        vms: [Support.vm("big", memoryMiB: 65536, vcpus: 64)]),
      policy: "sched_rank")
    let decision = Scheduler(pipeline: pipeline).decide(
      VMGroup(vmIndices: [0]), in: SchedulerState(snapshot: snapshot), constraints: .none)
    #expect(decision.outcome == .unschedulable(.allHostsFilteredOut))
    #expect(decision.outcome.hostIndex == nil)
    let small = try #require(decision.evaluation(ofHost: 0))
    let failed = small.rejectingFilters.map { decision.filterNames[$0] }
    #expect(failed == ["CPU", "Memory", "Network"])
    #expect(small.decisiveFilter == decision.filterNames.firstIndex(of: "CPU"))
    let okNet = try #require(decision.evaluation(ofHost: 1))
    #expect(okNet.rejectingFilters.map { decision.filterNames[$0] } == ["CPU", "Memory"])
    #expect(!decision.isProvisional)  // unschedulable is definite: filters only remove hosts
    #expect(decision.invariantViolations().isEmpty)
  }

  @Test("unimplemented native units are never a pass: not evaluated, decision provisional")
  func nativeUnitsAreHonest() throws {
    let (snapshot, pipeline) = try Support.load(
      snapshot: Support.snapshot(
        hosts: [Support.host("h1"), Support.host("h2")],
        vms: [Support.vm("a"), Support.vm("huge", memoryMiB: 1_000_000)]),
      policy: "vm_evenly_distributed")
    let state = SchedulerState(snapshot: snapshot)
    // Every native unit is implemented; make two unavailable to check the scheduler's honesty.
    let scheduler = Scheduler(
      pipeline: pipeline.withUnavailableNativeUnits(["NUMA", "VmAffinityGroups"]))
    let decision = scheduler.decide(VMGroup(vmIndices: [0]), in: state, constraints: .none)
    let numa = try #require(decision.filterNames.firstIndex(of: "NUMA"))
    for host in decision.hosts {
      #expect(host.filterVerdicts[numa] == .notEvaluated)
    }
    #expect(decision.isProvisional)
    #expect(decision.unevaluatedUnits.contains("Filter NUMA"))
    #expect(decision.unevaluatedUnits.contains("Weight VmAffinityGroups"))
    #expect(
      decision.weightColumns.first { $0.unitName == "VmAffinityGroups" }?.status
        == .notImplemented)
    let huge = scheduler.decide(VMGroup(vmIndices: [1]), in: state, constraints: .none)
    #expect(huge.outcome == .unschedulable(.allHostsFilteredOut))
    #expect(!huge.isProvisional)
  }

  /// oVirt's RankSelector (Docs/ovirt.md §3.6, §7.8): a candidate the unit did not report
  /// scores 0; points = (N − 1) − rank with ascending competition ranks. The weight scores
  /// physical GiB only where `when: host.memory.physicalMiB > 65536`: h1 (32 GiB) is
  /// unreported → 0, h2 → 128, h3 → 256. Ranks [0, 1, 2], points [2, 1, 0]: h1 wins although
  /// the unit never scored it.
  @Test("a weight whose 'when' is false for a host leaves it unreported, scoring 0 (the best)")
  func unreportedByWhen() throws {
    let policy = """
      kind: Weight
      name: GiBWhereLarge
      when: host.memory.physicalMiB > 65536
      score: host.memory.physicalMiB / 1024
      ---
      kind: SchedulingPolicy
      name: sched_cores
      filters: [CPU, Memory]
      weights: [{ unit: GiBWhereLarge, factor: 1 }]
      """
    let (snapshot, pipeline) = try Support.load(
      snapshot: Support.snapshot(
        hosts: [
          Support.host("h1", memoryMiB: 32768), Support.host("h2", memoryMiB: 131072),
          Support.host("h3", memoryMiB: 262144),
        ],
        vms: [Support.vm("a")]),
      policy: "sched_cores", extraPolicies: [policy])
    let decision = Scheduler(pipeline: pipeline).decide(
      VMGroup(vmIndices: [0]), in: SchedulerState(snapshot: snapshot), constraints: .none)
    #expect(decision.weightColumns.first?.status == .evaluated)
    #expect(decision.hosts.map { $0.weights.first?.rawScore } == [nil, 128, 256])
    #expect(decision.hosts.map { $0.weights.first?.points } == [2, 1, 0])
    #expect(decision.outcome == .placed(hostIndex: 0))
  }

  @Test("explain treats a running VM as a migration: its source host is blacklisted")
  func explainRunningVM() throws {
    let (snapshot, pipeline) = try Support.load(
      snapshot: Support.snapshot(
        hosts: [Support.host("h1"), Support.host("h2"), Support.host("h3")],
        vms: ["{ name: web, status: Up, host: h2, memoryMiB: 4096, vcpus: 2, networks: [vm-net] }"]
      ),
      policy: "sched_rank")
    let decision = Scheduler(pipeline: pipeline).explain(
      vm: 0, in: SchedulerState(snapshot: snapshot))
    #expect(decision.evaluation(ofHost: 1)?.exclusion == .blacklisted)
    #expect(decision.constraints.blacklist == [1])
    #expect(decision.ranking.sorted() == [0, 2])
    #expect(decision.isWeighed)
  }

  @Test("whitelist and blacklist restrict the candidates; one survivor is not weighed")
  func constraints() throws {
    let (snapshot, pipeline) = try Support.load(
      snapshot: Support.snapshot(
        hosts: [Support.host("h1"), Support.host("h2"), Support.host("h3")],
        vms: [Support.vm("a")]),
      policy: "sched_rank")
    let scheduler = Scheduler(pipeline: pipeline)
    let state = SchedulerState(snapshot: snapshot)
    let only = scheduler.decide(
      VMGroup(vmIndices: [0]), in: state,
      constraints: HostConstraints(blacklist: [0], whitelist: [0, 2]))
    #expect(only.outcome == .placed(hostIndex: 2))
    #expect(!only.isWeighed)
    #expect(only.margin == nil)
    #expect(only.evaluation(ofHost: 0)?.exclusion == .blacklisted)
    #expect(only.evaluation(ofHost: 1)?.exclusion == .notWhitelisted)
    let none = scheduler.decide(
      VMGroup(vmIndices: [0]), in: state, constraints: HostConstraints(whitelist: [0]))
    #expect(none.outcome == .placed(hostIndex: 0))
    let empty = scheduler.decide(
      VMGroup(vmIndices: [0]), in: state, constraints: HostConstraints(blacklist: [0, 1, 2]))
    #expect(empty.outcome == .unschedulable(.noCandidateHosts))
  }

  @Test("identical hosts tie and the earliest host wins; the margin is 0")
  func tieBreak() throws {
    let (snapshot, pipeline) = try Support.load(
      snapshot: Support.snapshot(
        hosts: [Support.host("h1"), Support.host("h2"), Support.host("h3")],
        vms: [Support.vm("a")]),
      policy: "sched_rank")
    let decision = Scheduler(pipeline: pipeline).decide(
      VMGroup(vmIndices: [0]), in: SchedulerState(snapshot: snapshot), constraints: .none)
    #expect(decision.ranking == [0, 1, 2])
    #expect(decision.margin?.difference == 0)
    #expect(decision.margin?.runnerUp == 1)
    // Every unit ties h1 and h2, so no factor change can separate them.
    #expect(decision.margin?.flip == nil)
  }

  @Test("a hard positive group goes to one host, and pending counts every member")
  func groupPlacement() throws {
    let (snapshot, pipeline) = try Support.load(
      snapshot: Support.snapshot(
        hosts: [Support.host("h1"), Support.host("h2")],
        vms: [Support.vm("app"), Support.vm("cache"), Support.vm("other")],
        groups: ["{ name: g, vms: [app, cache], vmRule: { polarity: positive, enforcing: true } }"]
      ),
      policy: "sched_rank")
    var state = SchedulerState(snapshot: snapshot)
    let scheduler = Scheduler(pipeline: pipeline, options: SchedulingOptions(grouping: .always))
    let run = scheduler.place([0, 2, 1], in: &state)
    #expect(run.groups.map(\.vmIndices) == [[0, 1], [2]])
    let host = try #require(run.decisions[0].outcome.hostIndex)
    #expect(state.pendingHost(of: 0) == host)
    #expect(state.pendingHost(of: 1) == host)
    // FewestVms sees two pending VMs on that host, so the third goes elsewhere.
    #expect(run.decisions[1].outcome.hostIndex == 1 - host)
    #expect(state.tables.pending.vmCount[host] == 2)
    #expect(state.invariantViolations().isEmpty)
  }

  @Test("a group fits a host only if the members fit together, not each alone")
  func groupMemoryTogether() throws {
    let (snapshot, pipeline) = try Support.load(
      snapshot: Support.snapshot(
        hosts: [Support.host("small", memoryMiB: 16384), Support.host("big", memoryMiB: 65536)],
        vms: [Support.vm("a", memoryMiB: 10240), Support.vm("b", memoryMiB: 10240)],
        groups: ["{ name: g, vms: [a, b], vmRule: { polarity: positive, enforcing: true } }"]),
      policy: "sched_rank")
    let decision = Scheduler(pipeline: pipeline).decide(
      VMGroup(vmIndices: [0, 1]), in: SchedulerState(snapshot: snapshot), constraints: .none)
    let small = try #require(decision.evaluation(ofHost: 0))
    let memory = try #require(decision.filterNames.firstIndex(of: "Memory"))
    #expect(small.decisiveFilter == memory)
    #expect(
      small.filterVerdicts[memory]
        == .fail(reason: small.filterVerdicts[memory].reason ?? "", vmIndex: 1))
    #expect(small.filterVerdicts[memory].reason?.hasPrefix("b: ") == true)
    #expect(decision.outcome == .placed(hostIndex: 1))
    #expect(!decision.isWeighed)
  }

  @Test("a conflicting group is unschedulable with S004")
  func conflictingGroup() throws {
    let (snapshot, pipeline) = try Support.load(
      snapshot: Support.snapshot(
        hosts: [Support.host("h1")], vms: [Support.vm("a"), Support.vm("b")],
        groups: [
          "{ name: together, vms: [a, b], vmRule: { polarity: positive, enforcing: true } }",
          "{ name: apart, vms: [a, b], vmRule: { polarity: negative, enforcing: true } }",
        ]),
      policy: "sched_rank")
    var state = SchedulerState(snapshot: snapshot)
    let run = Scheduler(pipeline: pipeline, options: SchedulingOptions(grouping: .always))
      .place([0, 1], in: &state)
    #expect(run.unschedulableVMs == [0, 1])
    guard case .unschedulable(let reason) = run.decisions[0].outcome else {
      Issue.record("expected unschedulable")
      return
    }
    #expect(reason.code == DiagnosticDescriptor.schedulerAffinityConflict.code)
    #expect(state.placements.isEmpty)
  }

  @Test("weighted sum picks the smallest Σ factor × score, and the margin flips it")
  func weightedSumMargin() throws {
    let (snapshot, pipeline) = try Support.load(
      snapshot: Support.snapshot(
        hosts: [
          Support.host("slow", extra: "labels: [slow]"), Support.host("busy"),
        ],
        vms: [
          Support.vm("a"),
          "{ name: r1, status: Up, host: busy, memoryMiB: 1024, vcpus: 1, networks: [vm-net] }",
        ]),
      policy: "sched_sum")
    let decision = Scheduler(pipeline: pipeline).decide(
      VMGroup(vmIndices: [0]), in: SchedulerState(snapshot: snapshot), constraints: .none)
    // slow: 0 VMs × 1000 + 1 × 500 = 500; busy: 1 × 1000 + 0 = 1000.
    #expect(decision.evaluation(ofHost: 0)?.total == 500)
    #expect(decision.evaluation(ofHost: 1)?.total == 1000)
    #expect(decision.outcome == .placed(hostIndex: 0))
    let margin = try #require(decision.margin)
    #expect(margin.difference == 500)
    let flip = try #require(margin.flip)
    // FewestVms 1000 → 499 (500 only ties, and slow is earlier) and NotLabelledSlow
    // 500 → 1001 are both changes of 501: the earlier unit is reported.
    #expect(flip.unitName == "FewestVms")
    #expect(flip.newFactor == 499)
  }
  /// oVirt stretches the CPU even-distribution scores to [1, W] per decision
  /// (`PolicyUnitImpl.stretchScores`, Docs/ovirt.md §2.4, §2.4.1):
  /// `stretched(s) = round(1 + (s − min) / (max − min) × (W − 1))`, W = 1000. The rank selector
  /// sees only the order; a weighted sum sees the magnitudes. Raw per-core loads here (VM 'a' is
  /// down: 10 % × 2 vCPUs = 20 points added): a (160 + 20) / 16 → 11, b (192 + 20) / 16 → 13,
  /// c (800 + 20) / 16 → 51; stretched: 1, round(1 + 2 / 40 × 999) = 51, 1000. NotB adds 20
  /// everywhere but on b. Raw sums: a 31, b 13, c 71 → b (before #15 item 6); stretched sums:
  /// a 21, b 51, c 1020 → a, as oVirt decides.
  @Test("weighted sum sees the CPU weight stretched to [1, 1000] per decision")
  func stretchedCpuWeight() throws {
    func host(_ name: String, usage: Int) -> String {
      "{ name: \(name), status: Up, cpu: { sockets: 1, cores: 16, threads: 16, "
        + "usagePercent: \(usage) }, memory: { physicalMiB: 65536, freeMiB: 65536, "
        + "committedMiB: 0 }, networks: [vm-net] }"
    }
    let (snapshot, pipeline) = try Support.load(
      snapshot: Support.snapshot(
        hosts: [host("a", usage: 10), host("b", usage: 12), host("c", usage: 50)],
        vms: [Support.vm("a-vm")]),
      policy: "stretch_sum",
      extraPolicies: [
        """
        kind: Weight
        name: NotB
        description: Prefers host b by 20.
        score: "host.name == 'b' ? 0 : 20"
        """,
        """
        kind: SchedulingPolicy
        name: stretch_sum
        description: A weighted sum over the stretched CPU weight.
        selector: weighted_sum
        filters: [CPU, Memory]
        weights:
          - { unit: OptimalForCpuEvenDistribution, factor: 1 }
          - { unit: NotB, factor: 1 }
        balancer: None
        """,
      ])
    let decision = Scheduler(pipeline: pipeline).decide(
      VMGroup(vmIndices: [0]), in: SchedulerState(snapshot: snapshot), constraints: .none)
    #expect((0..<3).map { decision.evaluation(ofHost: $0)?.total } == [21, 51, 1020])
    #expect(decision.outcome == .placed(hostIndex: 0))
  }
}
