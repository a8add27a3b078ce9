public import Plan
public import Policy

/// What a plan is asked to do. The CLI and the policy test runner build this value (resolving
/// names to snapshot indices themselves) and hand it to ``PlanningContext/plan(_:)``, the one
/// entry point to the planners.
public enum Trigger: Sendable {
  /// The policy's balancer, round after round (affinity enforcement first in each round).
  case balance(BalanceOptions)
  /// Affinity-rule enforcement alone.
  case enforceAffinity(BalanceOptions)
  /// Hosts entering maintenance (host indices); with `batchSize`, the largest set of at most
  /// that many of them that can enter together, and a rolling order.
  case maintenance(hosts: [Int], batchSize: Int?)
  /// Hosts that fail; `resilience` decides which of their VMs are handled.
  case fail(hosts: [Int], resilience: ResiliencePolicyDocument)
  /// A manual migration of VMs (indices), to `destination` or wherever the policy chooses.
  case migrate(vms: [Int], destination: Int?)
}

extension PlanningContext {
  /// Plans a trigger on this context's snapshot and policy.
  ///
  /// - Complexity: that of the planner the trigger selects (see ``BalancePlanner``,
  ///   ``MaintenancePlanner``, ``FailurePlanner``, ``ManualMigrationPlanner``).
  public func plan(_ trigger: Trigger) -> MigrationPlan {
    switch trigger {
    case .balance(let options):
      BalancePlanner(context: self, options: options).plan()
    case .enforceAffinity(let options):
      BalancePlanner(context: self, options: options).planAffinityEnforcement()
    case .maintenance(let hosts, let batchSize):
      batchSize.map { MaintenancePlanner(context: self).planBatch(hosts: hosts, batchSize: $0) }
        ?? MaintenancePlanner(context: self).plan(hosts: hosts)
    case .fail(let hosts, let resilience):
      FailurePlanner(context: self, resiliencePolicy: resilience).plan(hosts: hosts)
    case .migrate(let vms, let destination):
      ManualMigrationPlanner(context: self).plan(vms: vms, to: destination)
    }
  }
}
