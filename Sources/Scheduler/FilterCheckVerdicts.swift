import Inventory
public import Policy

extension Scheduler {
  /// Every `checks:` verdict of the pipeline's expression filters that have checks, for one
  /// VM on each of `hosts`, evaluated as a one-VM decision evaluates its filters (the state's
  /// pending resources, the VM as the scheduling group): host index → filter index → the
  /// checks in order. A filter whose exemption (its `when`) passes the host although a check
  /// fails has no entry there. For `explain`, never on a planning path.
  /// - Complexity: O(hosts × checks × expression size).
  public func checkVerdicts(vm: Int, hosts: [Int], in state: SchedulerState) -> [Int: [Int:
    [FilterCheckVerdict]]]
  {
    guard state.snapshot.vms.indices.contains(vm) else { return [:] }
    let filters: [(Int, CompiledFilter)] = pipeline.filters.enumerated().compactMap {
      index, filter in
      guard case .expression(let compiled) = filter, !compiled.checks.isEmpty else { return nil }
      return (index, compiled)
    }
    guard !filters.isEmpty else { return [:] }
    var tables = state.tables
    tables.schedulingGroup = [vm]
    var result: [Int: [Int: [FilterCheckVerdict]]] = [:]
    for host in hosts where state.snapshot.hosts.indices.contains(host) {
      let context = EvaluationContext(tables: tables, hostIndex: host, vmIndex: vm)
      var byFilter: [Int: [FilterCheckVerdict]] = [:]
      for (index, compiled) in filters {
        let verdicts = compiled.checkVerdicts(context)
        // The filter's own condition (its exemption, e.g. the VM's own host) let the host
        // pass whatever the checks say: the checks were not what decided.
        if compiled.evaluate(context), verdicts.contains(where: { $0.failure != nil }) { continue }
        byFilter[index] = verdicts
      }
      result[host] = byFilter
    }
    return result
  }
}
