import Diagnostics
import Foundation
import Inventory
import Plan
import Scheduler
import ShepherdTestSupport
import Testing

@testable import Planner

@Suite("balance planning")
struct BalancePlannerTests {
  @Test("the demo cluster's balance plan verifies and is byte-identical across runs")
  func demo() throws {
    let context = try planningContext("Fixtures/clusters/demo.yaml")
    let first = BalancePlanner(context: context).plan()
    let second = BalancePlanner(context: context).plan()
    #expect(first.json().serialized() == second.json().serialized())
    #expect(!first.steps.isEmpty)
    #expect(first.isComplete)
    let violations = PlanVerifier().verify(
      first, snapshot: context.snapshot, snapshotDigest: context.snapshotDigest,
      limits: context.limits)
    #expect(violations.isEmpty, "\(violations.map(\.message))")
  }

  @Test("--max-migrations stops early and says so; a cap the user set is not a failure")
  func limit() throws {
    let context = try planningContext("Fixtures/clusters/demo.yaml")
    let plan = BalancePlanner(context: context, options: BalanceOptions(maxMigrations: 1)).plan()
    #expect(plan.steps.count == 1)
    #expect(plan.isComplete && plan.isCapped)
    #expect(plan.json().serialized().contains(#""capped":true"#))
    #expect(plan.notes.contains { $0.contains("--max-migrations 1") })
  }

  @Test("a host with a migration in progress is not balanced, and the plan says why")
  func busyHost() throws {
    let context = try planningContext("Fixtures/clusters/demo.yaml", policy: "evenly_distributed")
    let plan = BalancePlanner(context: context).plan()
    #expect(plan.steps.allSatisfy { $0.fromHost != "host-02" })
    #expect(
      plan.notes.contains { $0.contains("'host-02' is not balanced: 'batch-06' is MigratingFrom") })
  }

  /// oVirt's balancer takes only hosts with no pending vCPUs (Docs/ovirt.md §3.8): a start
  /// the engine has already sent to host-01 (`pending`) keeps host-01 out of balancing, so the
  /// demo's moves off host-01 are not proposed, and the plan says why.
  @Test("a host with pending vCPUs from the snapshot is not balanced, and the plan says why")
  func pendingHost() throws {
    let bytes = try #require(Golden.readBytes(Golden.path("Fixtures/clusters/demo.yaml")))
    let text =
      String(decoding: bytes, as: UTF8.self) + "pending:\n  - { vm: spare-01, host: host-01 }\n"
    let context = try planningContext(bytes: Array(text.utf8))
    let plan = BalancePlanner(context: context).plan()
    #expect(plan.steps.allSatisfy { $0.fromHost != "host-01" })
    #expect(
      plan.notes.contains { $0.contains("'host-01' is not balanced: 'spare-01' is pending there") })
    let violations = PlanVerifier().verify(
      plan, snapshot: context.snapshot, snapshotDigest: context.snapshotDigest,
      limits: context.limits)
    #expect(violations.isEmpty, "\(violations.map(\.message))")
  }

  /// oVirt's balancer returns an ordered list of (VM, destinations) (Docs/ovirt.md §2.6.1):
  /// sources in order, each source's VMs lightest first (`vm.order` ascending, ties by index),
  /// and under-utilized destinations least loaded first, plus the source so the VM may stay.
  /// Each balance step carries the heads of both lists (up to ten entries each), not only the
  /// chosen VM and host.
  @Test("balance steps carry the ranked candidate VMs and the ranked destination whitelist")
  func rankedCandidates() throws {
    let context = try planningContext("Fixtures/clusters/demo.yaml")
    let plan = BalancePlanner(context: context).plan()
    let step = try #require(plan.steps.first)
    guard case .object(let data) = step.reason.data,
      case .array(let vms)? = data.first(where: { $0.0 == "rankedVMs" })?.1,
      case .array(let destinations)? = data.first(where: { $0.0 == "rankedDestinations" })?.1
    else {
      Issue.record("reason.data lacks the ranked lists")
      return
    }
    func field(_ value: JSONValue, _ key: String) -> JSONValue? {
      guard case .object(let fields) = value else { return nil }
      return fields.first { $0.0 == key }?.1
    }
    let orders = vms.compactMap { entry -> Double? in
      if case .double(let order)? = field(entry, "order") { return order }
      return nil
    }
    #expect(orders.count == vms.count && orders == orders.sorted())
    // The move is the first candidate the pipeline accepted: the lightest VM here.
    #expect(field(vms[0], "vm") == .string(step.vm ?? ""))
    #expect(field(vms[0], "source") == .string(step.fromHost ?? ""))
    // The source comes last; the step's destination is in the whitelist.
    #expect(destinations.last == .string(step.fromHost ?? ""))
    #expect(destinations.contains(.string(step.toHost ?? "")))
  }

  @Test("a balanced cluster yields an empty plan")
  func balanced() throws {
    let yaml = """
      apiVersion: shepherd/v1
      kind: ClusterSnapshot
      takenAt: 2026-11-28T10:00:00Z
      cluster:
        name: calm
        compatibilityVersion: "4.7"
        scheduling: { policy: vm_evenly_distributed }
      hosts:
        - { name: a, status: Up, cpu: { sockets: 1, cores: 8, threads: 8, usagePercent: 20 }, memory: { physicalMiB: 65536, freeMiB: 40000, committedMiB: 20000 } }
        - { name: b, status: Up, cpu: { sockets: 1, cores: 8, threads: 8, usagePercent: 20 }, memory: { physicalMiB: 65536, freeMiB: 40000, committedMiB: 20000 } }
      vms:
        - { name: v1, host: a, status: Up, memoryMiB: 4096, vcpus: 2, cpuUsagePercent: 10 }
        - { name: v2, host: b, status: Up, memoryMiB: 4096, vcpus: 2, cpuUsagePercent: 10 }
      """
    let context = try planningContext(bytes: Array(yaml.utf8))
    let plan = BalancePlanner(context: context).plan()
    #expect(plan.steps.isEmpty)
    #expect(plan.isComplete)
  }

  /// On generated clusters, for every built-in balancing policy: the plan verifies, is
  /// deterministic, and re-planning on the state after it yields nothing (a fixed point).
  @Test(
    "generated clusters: plans verify, are deterministic and reach a fixed point",
    arguments: ["vm_evenly_distributed", "evenly_distributed", "power_saving"])
  func generated(_ policy: String) async throws {
    for seed in PropertySeeds.seeds(count: 12, salt: 1).map({ $0 % 1_000_000 + 1 }) {
      let yaml = SyntheticSnapshot(hostCount: 6, vmCount: 60, seed: UInt64(seed)).yaml()
      guard let context = try? planningContext(bytes: Array(yaml.utf8), policy: policy) else {
        Issue.record("seed \(seed): snapshot or policy did not load")
        continue
      }
      let plan = BalancePlanner(context: context).plan()
      let again = BalancePlanner(context: context).plan()
      #expect(plan.json().serialized() == again.json().serialized(), "seed \(seed)")
      let violations = PlanVerifier().verify(
        plan, snapshot: context.snapshot, snapshotDigest: context.snapshotDigest,
        limits: context.limits)
      #expect(violations.isEmpty, "seed \(seed): \(violations.map(\.message))")
      guard plan.isComplete, !plan.isCapped else { continue }
      // Replay the plan on the snapshot and plan again: nothing more to do.
      var after = context.snapshot
      for step in plan.steps where step.action == .migrate {
        guard let vm = step.vm.flatMap({ after.vmIndexByName[$0] }),
          let host = step.toHost.flatMap({ after.hostIndexByName[$0] })
        else { continue }
        after = after.applying(vm: vm, to: host, band: BalancePlanner(context: context).band)
      }
      let replanned = BalancePlanner(
        context: PlanningContext(
          snapshot: after, snapshotDigest: "sha256:after", pipeline: context.pipeline,
          migrationPolicy: context.migration.policy)
      ).plan()
      #expect(replanned.steps.isEmpty, "seed \(seed): \(replanned.steps.map(\.reason.text))")
    }
  }

  /// oVirt clears a host's CPU threshold timestamp once its load is between LowUtilization and
  /// HighUtilization (Docs/ovirt.md §3.10), so the power-saving balancer's over-utilized sources
  /// (load ≥ 64 with the timestamp) are in effect the hosts at 80 or more. 'hot' (90 %, over
  /// the threshold for ten minutes) gives 'a' to 'dest' and drops to 77.5 %: from the next round
  /// on it is no source. The planner kept the snapshot's timestamp, so 'hot' stayed a source
  /// whose VMs every round proposed and the scheduler kept there (and a capped plan said there
  /// were still moves to make).
  @Test("a host relieved below HighUtilization loses its over-threshold timestamp")
  func thresholdTimestampCleared() throws {
    let yaml = """
      apiVersion: shepherd/v1
      kind: ClusterSnapshot
      takenAt: 2026-11-28T10:00:00Z
      cluster:
        name: lab
        compatibilityVersion: "4.7"
        cpu: { architecture: x86_64 }
        scheduling: { policy: power_saving }
      hosts:
        - { name: hot, status: Up, cpu: { sockets: 1, cores: 32, threads: 32, usagePercent: 90, overThresholdSince: 2026-11-28T09:50:00Z }, memory: { physicalMiB: 262144, freeMiB: 200000, committedMiB: 60000 } }
        - { name: dest, status: Up, cpu: { sockets: 1, cores: 32, threads: 32, usagePercent: 40 }, memory: { physicalMiB: 262144, freeMiB: 200000, committedMiB: 60000 } }
      vms:
        - { name: a, host: hot, status: Up, memoryMiB: 4096, vcpus: 4, cpuUsagePercent: 100 }
        - { name: b, host: hot, status: Up, memoryMiB: 4096, vcpus: 8, cpuUsagePercent: 100 }

      """
    let context = try planningContext(bytes: Array(yaml.utf8))
    for rebuilds in [false, true] {
      var planner = BalancePlanner(context: context, options: BalanceOptions(maxMigrations: 1))
      planner.rebuildsEveryRound = rebuilds
      let plan = planner.plan()
      #expect(
        plan.steps.map { "\($0.vm ?? "") \($0.fromHost ?? "") → \($0.toHost ?? "")" } == [
          "a hot → dest"
        ])
      #expect(!plan.isCapped, "\(plan.notes)")
    }
    let hot = try #require(context.snapshot.hostIndexByName["hot"])
    let vm = try #require(context.snapshot.vmIndexByName["a"])
    let band = BalancePlanner(context: context).band
    let moved = context.snapshot.applying(vm: vm, to: 1, band: band)
    #expect(moved.hosts[hot].cpuOverThresholdSince == nil)
    // Still at or above HighUtilization: the timestamp stays.
    let still = context.snapshot.applying(vm: vm, to: hot, band: band)
    #expect(still.hosts[hot].cpuOverThresholdSince != nil)
  }
}

@Suite("loop scheduler")
struct LoopSchedulerTests {
  @Test(
    "stopping a host's filters at its first rejection and keeping a summary never changes a decision"
  )
  func sameDecisions() throws {
    let context = try planningContext("Fixtures/clusters/demo.yaml")
    let state = SchedulerState(snapshot: context.snapshot)
    for vm in context.snapshot.vms.indices {
      let constraints = HostConstraints.migration(of: context.snapshot.vms[vm])
      let full = context.scheduler.decide(
        VMGroup(vmIndices: [vm]), in: state, constraints: constraints)
      let fast = context.loopScheduler.decide(
        VMGroup(vmIndices: [vm]), in: state, constraints: constraints)
      let name = context.snapshot.vms[vm].name
      #expect(full.outcome == fast.outcome, "\(name)")
      #expect(Array(full.ranking.prefix(2)) == fast.ranking, "\(name)")
      #expect(full.margin == fast.margin, "\(name)")
      if let chosen = full.outcome.hostIndex {
        // What a plan step's reason reports of the decision.
        #expect(
          PlanningContext.decisionData(full, chosen: chosen)
            == PlanningContext.decisionData(fast, chosen: chosen), "\(name)")
      }
    }
  }
}

/// oVirt's enforcement manager skips a cluster in upgrade mode or with a migration in progress
/// (Docs/ovirt.md §7.1): `AffinityRulesEnforcementManager` visits only clusters where
/// `!cluster.isInUpgradeMode()` and no VM of the cluster is MigratingFrom / MigratingTo.
@Suite("affinity enforcement: the manager's cluster rules")
struct EnforcementClusterRulesTests {
  static func plan(_ edit: (String) -> String) throws -> MigrationPlan {
    let text = try #require(
      Golden.readText(Golden.path("Fixtures/scenarios/affinity/cluster.yaml")))
    let context = try planningContext(bytes: Array(edit(text).utf8))
    return context.plan(.enforceAffinity(BalanceOptions()))
  }

  @Test("the fixture's violations are enforced when nothing holds enforcement back")
  func baseline() throws {
    #expect(!(try Self.plan { $0 }).steps.isEmpty)
  }

  @Test("no enforcement while a VM of the cluster is migrating")
  func migrating() throws {
    let plan = try Self.plan { text in
      guard let first = text.range(of: "name: x, host: h2, status: Up") else { return text }
      return text.replacingCharacters(in: first, with: "name: x, host: h2, status: MigratingFrom")
    }
    #expect(plan.steps.isEmpty)
    #expect(plan.notes.first?.contains("'x' is MigratingFrom") == true)
  }

  @Test("no enforcement for a cluster in upgrade mode (scheduling policy in_cluster_upgrade)")
  func upgradeMode() throws {
    let plan = try Self.plan {
      $0.replacingOccurrences(of: "policy: none }", with: "policy: in_cluster_upgrade }")
    }
    #expect(plan.steps.isEmpty)
    #expect(plan.notes.first?.contains("upgrade mode") == true)
  }
}
