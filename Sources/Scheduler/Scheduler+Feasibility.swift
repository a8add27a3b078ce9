import Inventory
import Policy

extension Scheduler {
  /// Whether every filter of the policy accepts `host` for `vm` in `state` (pending resources
  /// included): the yes/no of ``decide(_:in:constraints:)`` for one host, without the
  /// explanation or the other hosts. A native unit that is unavailable does not accept.
  ///
  /// For searches that test many single (VM, host) pairs; ``decide(_:in:constraints:)`` stays
  /// the reference (and the one that explains).
  /// - Complexity: O(filters × expression size).
  public func accepts(vm: Int, host: Int, in state: SchedulerState) -> Bool {
    let tables = state.tables
    guard tables.snapshot.vms.indices.contains(vm), tables.snapshot.hosts.indices.contains(host)
    else { return false }
    let context = EvaluationContext(tables: tables, hostIndex: host, vmIndex: vm)
    for filter in pipeline.filters {
      switch filter {
      case .expression(let compiled):
        if !compiled.evaluate(context) { return false }
      case .native(let step):
        guard step.isAvailable else { return false }
        let verdict = step.evaluator.filter(
          host: host, vm: vm, tables: tables, properties: step.properties)
        if verdict != .pass { return false }
      }
    }
    return true
  }
}
