import Diagnostics
import Inventory
import Plan
import Planner
import Policy
import Scheduler

/// What a case's trigger produced.
enum CaseOutcome {
  /// A migration plan (balance, enforceAffinity, maintenance, fail, migrate).
  case plan(MigrationPlan)
  /// Placement decisions (place).
  case placement(PlacementRun)
  /// One stateless decision (explain).
  case explanation(PlacementDecision)
}

/// Runs one prepared case: the trigger, the plan verification and the coverage replay.
struct CaseExecution {
  let prepared: PreparedCase

  struct Output {
    var result: CaseOutcome
    var summary: String
    var verificationFailures: [TestFailure]
    var coverage: UnitCoverage
  }

  func run() -> Output {
    let snapshot = prepared.snapshot
    let context = prepared.context
    let scheduler = context.scheduler
    var coverage = UnitCoverage()
    coverage.add(prepared.pipeline)
    let plan: MigrationPlan
    switch prepared.action {
    case .place(let vms):
      var state = SchedulerState(snapshot: snapshot)
      let run = scheduler.place(vms, in: &state)
      for decision in run.decisions { coverage.record(decision, pipeline: prepared.pipeline) }
      let summary =
        "placement: \(run.placements.count) placed, \(run.unschedulableVMs.count) unschedulable"
      return Output(
        result: .placement(run), summary: summary, verificationFailures: [], coverage: coverage)
    case .explain(let vm):
      let decision = scheduler.explain(vm: vm, in: SchedulerState(snapshot: snapshot))
      coverage.record(decision, pipeline: prepared.pipeline)
      let chosen = decision.outcome.hostIndex.map { "→ " + snapshot.hosts[$0].name } ?? "no host"
      return Output(
        result: .explanation(decision), summary: "explain \(snapshot.vms[vm].name): \(chosen)",
        verificationFailures: [], coverage: coverage)
    case .plan(let trigger):
      plan = context.plan(trigger)
    }
    coverage.record(plan, pipeline: prepared.pipeline)
    replay(plan, into: &coverage)
    var failures: [TestFailure] = []
    let problems = PlanVerifier().verify(
      plan, snapshot: snapshot, snapshotDigest: context.snapshotDigest, limits: context.limits)
    if !problems.isEmpty {
      failures.append(
        TestFailure(
          "the plan fails verification (\(problems.count) problem\(problems.count == 1 ? "" : "s"))",
          at: prepared.testCase.triggerSpan,
          diff: problems.map { "  [\($0.code)] \($0.message)" }))
    }
    let moves = plan.steps.filter(\.action.movesVM).count
    var summary = "\(plan.trigger.kind.rawValue) plan: \(moves) move\(moves == 1 ? "" : "s")"
    summary += plan.isComplete ? ", complete" : ", not complete"
    if plan.isCapped { summary += ", capped" }
    return Output(
      result: .plan(plan), summary: summary, verificationFailures: failures, coverage: coverage)
  }

  /// Replays the decisions behind a plan for coverage (see ``UnitCoverage``).
  func replay(_ plan: MigrationPlan, into coverage: inout UnitCoverage) {
    let snapshot = prepared.snapshot
    let scheduler = prepared.context.scheduler
    let triggerHosts = plan.trigger.hosts.compactMap { snapshot.hostIndexByName[$0] }
    var state = SchedulerState(snapshot: snapshot)
    func decide(_ vm: Int) -> PlacementDecision {
      var blacklist = triggerHosts
      if let host = snapshot.vms[vm].hostIndex, !blacklist.contains(host) { blacklist.append(host) }
      return scheduler.decide(
        VMGroup(vmIndices: [vm]), in: state, constraints: HostConstraints(blacklist: blacklist))
    }
    for step in plan.steps where step.action.movesVM {
      guard let name = step.vm, let vm = snapshot.vmIndexByName[name] else { continue }
      coverage.record(decide(vm), pipeline: prepared.pipeline)
      if let to = step.toHost.flatMap({ snapshot.hostIndexByName[$0] }) {
        state.recordPlacement(vm: vm, host: to)
      }
    }
    for item in plan.unhandled where item.kind == "vm" {
      guard let vm = snapshot.vmIndexByName[item.name] else { continue }
      coverage.record(decide(vm), pipeline: prepared.pipeline)
    }
  }
}
