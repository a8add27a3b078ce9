import Diagnostics
import Inventory
public import Plan
public import Policy
import Scheduler

/// Plans what happens when hosts fail (Docs/ovirt.md §6, §7.6).
///
/// Model: the named hosts stop (as after fencing). The cluster's resilience policy decides which
/// of their VMs are handled — every running VM, only highly available ones, or none — and a
/// handled VM that is highly available is restarted elsewhere (a `restart` step, not a
/// migration), in priority order (high first, then larger memory), each placement pending
/// before the next, with the failed hosts out of the picture. Nothing restarts a VM that is
/// not highly available after its host stops, so those — and every VM outside the policy's
/// scope — are reported as lost, with the reason.
public struct FailurePlanner: Sendable {
  /// The planning context.
  public let context: PlanningContext
  /// What the resilience policy migrates.
  public let scope: ResilienceScope
  /// The resilience policy's name.
  public let policyName: String

  /// Creates a planner.
  public init(context: PlanningContext, resiliencePolicy: ResiliencePolicyDocument) {
    self.context = context
    self.scope = resiliencePolicy.migrates
    self.policyName = resiliencePolicy.name
  }

  /// Plans the failure of `hosts`.
  public func plan(hosts failed: [Int]) -> MigrationPlan {
    let snapshot = context.snapshot
    let failedSet = Set(failed)
    var unhandled: [UnhandledItem] = []
    var restart: [Int] = []
    for host in failed {
      for vm in snapshot.runningVMIndicesByHost[host] {
        let value = snapshot.vms[vm]
        switch (scope, value.isHighlyAvailable) {
        case (.none, _):
          unhandled.append(
            UnhandledItem(
              kind: "vm", name: value.name,
              reason: "lost: the resilience policy '\(policyName)' moves nothing off a failed host")
          )
        case (.all, true), (.highlyAvailable, true):
          restart.append(vm)
        case (.all, false), (.highlyAvailable, false):
          unhandled.append(
            UnhandledItem(
              kind: "vm", name: value.name,
              reason: "lost: not highly available, so nothing restarts it after its host stops"
                + (scope == .highlyAvailable
                  ? " (resilience policy '\(policyName)' handles only HA VMs)" : "")))
        }
      }
    }
    restart.sort(by: snapshot.restartsBefore)
    // The cluster after the failure: the hosts are out, their VMs down (restarts are starts).
    var hosts = snapshot.hosts
    var vms = snapshot.vms
    for host in failed { hosts[host].status = .nonResponsive }
    for vm in vms.indices where vms[vm].hostIndex.map(failedSet.contains) == true {
      vms[vm].status = .down
      vms[vm].hostName = nil
    }
    let afterFailure = ClusterSnapshot(
      takenAt: snapshot.takenAt, cluster: snapshot.cluster, hosts: hosts, vms: vms,
      affinityGroups: snapshot.affinityGroups,
      pending: snapshot.pending.filter { $0.hostIndex.map(failedSet.contains) != true },
      affinityLabels: snapshot.affinityLabels)
    var state = SchedulerState(snapshot: afterFailure)
    let scheduler = Scheduler(
      pipeline: context.pipeline,
      options: SchedulingOptions(grouping: .whenPolicyEnforcesAffinity, ordering: .asGiven))
    let run = scheduler.place(restart, in: &state)
    var moves: [PlannedMove] = []
    for decision in run.decisions {
      guard let chosen = decision.outcome.hostIndex else {
        for vm in decision.vmIndices {
          unhandled.append(
            UnhandledItem(
              kind: "vm", name: snapshot.vms[vm].name,
              reason: "HA VM cannot restart: "
                + DecisionDetails.summary(decision, snapshot: afterFailure),
              details: DecisionDetails.rejections(decision, snapshot: afterFailure)))
        }
        continue
      }
      for vm in decision.vmIndices {
        let value = snapshot.vms[vm]
        let from = value.hostIndex
        moves.append(
          PlannedMove(
            action: .restart, vm: vm, from: from, to: chosen,
            reason: StepReason(
              text:
                "'\(from.map { snapshot.hosts[$0].name } ?? "?")' failed; HA VM '\(value.name)' "
                + "(priority \(value.priority.rawValue)) restarts on '\(snapshot.hosts[chosen].name)'",
              proposedBy: "resilience:\(policyName)",
              data: .object([("decision", PlanningContext.decisionData(decision, chosen: chosen))])),
            estimatedSeconds: PlanBuilder.restartSeconds))
      }
    }
    let complete = !unhandled.contains { $0.reason.hasPrefix("HA VM cannot restart") }
    return context.builder.build(
      trigger: PlanTrigger(kind: .fail, hosts: failed.map { snapshot.hosts[$0].name }),
      moves: moves, unhandled: unhandled, isComplete: complete,
      notes: [
        "resilience policy '\(policyName)': HA VMs of the failed hosts restart elsewhere; others are lost"
      ], unavailableHosts: failedSet)
  }
}
