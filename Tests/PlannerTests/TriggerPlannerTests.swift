import Diagnostics
import Inventory
import Plan
import Policy
import ShepherdTestSupport
import Testing

@testable import Planner

@Suite("maintenance, failure, manual migration, affinity enforcement")
struct TriggerPlannerTests {
  func verify(_ plan: MigrationPlan, _ context: PlanningContext) {
    let violations = PlanVerifier().verify(
      plan, snapshot: context.snapshot, snapshotDigest: context.snapshotDigest,
      limits: context.limits)
    #expect(violations.isEmpty, "\(violations.map(\.message))")
  }

  /// Regression: the affinity filter bound a positive group's members to the host they were
  /// leaving, so app-01 could only go where cache-01 already ran (the evacuated host).
  @Test("an evacuated positive group leaves together: one destination, one wave")
  func positiveGroupLeavesTogether() throws {
    let context = try planningContext("Fixtures/clusters/demo.yaml")
    let host = try #require(context.snapshot.hostIndexByName["host-04"])
    let plan = MaintenancePlanner(context: context).plan(hosts: [host])
    let app = try #require(plan.steps.first { $0.vm == "app-01" })
    let cache = try #require(plan.steps.first { $0.vm == "cache-01" })
    #expect(app.toHost == cache.toHost)
    #expect(app.wave == cache.wave)
    #expect(!plan.unhandled.contains { $0.name == "app-01" })
    verify(plan, context)
  }

  @Test("blockers carry every filter's reason; the host is reported as unable to enter maintenance")
  func blockers() throws {
    let context = try planningContext("Fixtures/clusters/demo.yaml")
    let host = try #require(context.snapshot.hostIndexByName["host-03"])
    let plan = MaintenancePlanner(context: context).plan(hosts: [host])
    #expect(!plan.isComplete)
    #expect(plan.unhandled.contains { $0.name == "ml-train-01" && $0.reason.contains("pinned") })
    #expect(plan.unhandled.contains { $0.name == "build-01" && $0.reason.contains("disk cache") })
    #expect(plan.unhandled.contains { $0.kind == "host" && $0.name == "host-03" })
    #expect(!plan.steps.contains { $0.action == .hostMaintenance })
    verify(plan, context)
  }

  @Test("rolling maintenance: batches are complete on their own and the SPM goes last")
  func rolling() throws {
    let context = try planningContext("Fixtures/scenarios/maintenance/rolling.yaml")
    let hosts = Array(context.snapshot.hosts.indices)
    let plan = MaintenancePlanner(context: context).planBatch(hosts: hosts, batchSize: 2)
    #expect(plan.isComplete)
    #expect(plan.trigger.hosts.count == 2)
    #expect(!plan.trigger.hosts.contains("node-1"))  // the SPM
    #expect(plan.notes.last?.contains("node-1") == true)
    verify(plan, context)
  }

  @Test("a failed host's HA VMs restart in priority order; the rest are lost")
  func failure() throws {
    let context = try planningContext("Fixtures/scenarios/maintenance/rolling.yaml")
    let library = PolicyLibrary.load(
      userFiles: [], sources: &scratchSources, diagnostics: &scratchBag)
    let resilience = try #require(library.resiliencePolicy(named: "migrate"))
    let host = try #require(context.snapshot.hostIndexByName["node-2"])
    let plan = FailurePlanner(context: context, resiliencePolicy: resilience).plan(hosts: [host])
    let restarted = plan.steps.compactMap(\.vm)
    #expect(plan.steps.allSatisfy { $0.action == .restart })
    #expect(restarted.count == 2)
    let priorities = restarted.compactMap { name in
      context.snapshot.vm(named: name)?.priority.numericValue
    }
    #expect(priorities == priorities.sorted(by: >))
    #expect(plan.unhandled.count == 4)
    #expect(plan.unhandled.allSatisfy { $0.reason.hasPrefix("lost: not highly available") })
    verify(plan, context)
  }

  @Test("--migrate --to: refused with the failing filters; pinned VMs refused")
  func manual() throws {
    let context = try planningContext("Fixtures/scenarios/affinity/cluster.yaml")
    let snapshot = context.snapshot
    let web = try #require(snapshot.vmIndexByName["web"])
    let pinned = try #require(snapshot.vmIndexByName["pinned-1"])
    let h4 = try #require(snapshot.hostIndexByName["h4"])
    let plan = ManualMigrationPlanner(context: context).plan(vms: [web, pinned], to: h4)
    #expect(plan.steps.isEmpty)
    let refusal = try #require(plan.unhandled.first { $0.name == "web" })
    #expect(refusal.details.contains { $0.hasPrefix("h4: Network") })
    #expect(plan.unhandled.contains { $0.name == "pinned-1" && $0.reason.contains("pinned") })
  }

  @Test("enforcement: merged positive groups, a negative group on three hosts, VM-to-host first")
  func enforcement() throws {
    let context = try planningContext("Fixtures/scenarios/affinity/cluster.yaml")
    let plan = BalancePlanner(context: context).planAffinityEnforcement()
    #expect(plan.steps.map(\.vm) == ["x", "c", "n1"])
    #expect(plan.steps.map(\.toHost) == ["h4", "h1", "h2"])
    #expect(plan.steps.allSatisfy { $0.reason.proposedBy == "affinity-enforcement" })
    #expect(plan.isComplete)
    verify(plan, context)
  }

  @Test("conflicting groups are reported, not chased")
  func conflict() throws {
    let context = try planningContext("Fixtures/scenarios/affinity/conflict.yaml")
    let plan = BalancePlanner(context: context).planAffinityEnforcement()
    #expect(plan.steps.isEmpty)
    #expect(!plan.isComplete)
    #expect(plan.unhandled.first?.kind == "affinity")
  }
}

nonisolated(unsafe) var scratchSources = SourceMap()
nonisolated(unsafe) var scratchBag = DiagnosticBag()
