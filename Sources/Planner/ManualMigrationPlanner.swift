import Diagnostics
import Inventory
public import Plan
import Policy
import Scheduler

/// Plans a manual migration request: `--migrate VM… [--to HOST]` (the seed's "migrate to a
/// chosen host, or to a host the system selects").
///
/// Each VM must be running. Pinned VMs are refused, and so are VMs whose disk cache is not
/// `none`; manual-only VMs may move (a person asked). With `--to`, the destination must pass the
/// full filter pipeline (the source excluded, as MigrateVmToServer checks it); a refusal lists
/// every failing filter's reason. Without it the pipeline picks the host, the source
/// blacklisted. Several VMs are decided in request order, each placement pending before the
/// next, like a batch.
public struct ManualMigrationPlanner: Sendable {
  /// The planning context.
  public let context: PlanningContext

  /// Creates a planner.
  public init(context: PlanningContext) { self.context = context }

  /// Plans the migration of `vms` (indices), optionally to `destination`.
  public func plan(vms: [Int], to destination: Int?) -> MigrationPlan {
    let snapshot = context.snapshot
    var unhandled: [UnhandledItem] = []
    var moves: [PlannedMove] = []
    var state = SchedulerState(snapshot: snapshot)
    let scheduler = context.scheduler
    for vm in vms {
      let value = snapshot.vms[vm]
      guard value.isRunning, let from = value.hostIndex else {
        unhandled.append(
          UnhandledItem(
            kind: "vm", name: value.name,
            reason:
              "not running (status \(value.status.rawValue)): use `shepherd place` to start it"))
        continue
      }
      if value.migrationMode == .pinned {
        unhandled.append(
          UnhandledItem(
            kind: "vm", name: value.name,
            reason: "refused: pinned to its host (migration mode 'pinned')"))
        continue
      }
      if let mode = value.blockingDiskCache?.mode {
        unhandled.append(
          UnhandledItem(
            kind: "vm", name: value.name,
            reason:
              "refused: disk cache '\(mode)'; RHV live-migrates only VMs whose disks use cache 'none'"
          ))
        continue
      }
      if destination == from {
        unhandled.append(
          UnhandledItem(
            kind: "vm", name: value.name,
            reason: "refused: it already runs on '\(snapshot.hosts[from].name)'"))
        continue
      }
      let constraints = HostConstraints(
        blacklist: [from], whitelist: destination.map { [$0] } ?? [])
      let decision = scheduler.decide(VMGroup(vmIndices: [vm]), in: state, constraints: constraints)
      guard let chosen = decision.outcome.hostIndex else {
        var details = DecisionDetails.rejections(decision, snapshot: snapshot)
        if let destination {
          let name = snapshot.hosts[destination].name
          details = details.filter { $0.hasPrefix(name + ":") }
          unhandled.append(
            UnhandledItem(
              kind: "vm", name: value.name,
              reason: "refused: '\(name)' does not pass the filters", details: details))
        } else {
          unhandled.append(
            UnhandledItem(
              kind: "vm", name: value.name,
              reason: "no host can take it: "
                + DecisionDetails.summary(decision, snapshot: snapshot),
              details: details))
        }
        continue
      }
      state.recordPlacement(vm: vm, host: chosen)
      let how =
        destination != nil
        ? "the requested host passes every filter"
        : "the scheduling pipeline chose '\(snapshot.hosts[chosen].name)'"
      moves.append(
        context.migrateMove(
          vm: vm, from: from, to: chosen,
          reason: StepReason(
            text: "manual migration of '\(value.name)': \(how)", proposedBy: "manual",
            data: .object([("decision", PlanningContext.decisionData(decision, chosen: chosen))]))))
    }
    return context.builder.build(
      trigger: PlanTrigger(
        kind: .migrate, vms: vms.map { snapshot.vms[$0].name },
        destination: destination.map { snapshot.hosts[$0].name }),
      moves: moves, unhandled: unhandled, isComplete: unhandled.isEmpty)
  }
}
