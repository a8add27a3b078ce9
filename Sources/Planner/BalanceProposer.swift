import Inventory
import Policy
import PolicyExpression
import Scheduler

/// One proposal of a balancer: move `vm` to one of `destinations` (the source included, so the
/// scheduler may decide to stay — Docs/ovirt.md §2.6.1).
struct BalanceProposal: Hashable, Sendable {
  var vm: Int
  var source: Int
  var destinations: [Int]
  var sourceLoad: Double
  var maxLoad: Double
}

/// Evaluates an expression balancer on a state: which hosts are sources, which of their VMs may
/// move, and where (Docs/ovirt.md §2.6, §3.8).
///
/// Host set (§3.8): Up hosts with no VM migrating or saving/restoring state. Sources are taken
/// in `source.order` (ascending) or, without one, by load descending; their VMs that pass
/// `vm.when`, in `vm.order` ascending (the lightest first); destinations are the other hosts
/// of the set that pass `destination.when`. Ties break by index. Manual-only and pinned VMs are
/// never proposed, whatever the balancer's rule says.
struct BalanceProposer {
  let balancer: CompiledBalancer

  /// VM states that take a host out of balancing (a migration or save/restore in progress).
  static let busyStatuses: Set<VMStatus> = [
    .migratingFrom, .migratingTo, .savingState, .restoringState,
  ]

  /// Up hosts the balancer skips, with the VM that makes each busy, in host order.
  static func busyHosts(in snapshot: ClusterSnapshot) -> [(host: Int, vm: Int)] {
    var result: [(host: Int, vm: Int)] = []
    for (index, vm) in snapshot.vms.enumerated() where busyStatuses.contains(vm.status) {
      if let host = vm.hostIndex, !result.contains(where: { $0.host == host }) {
        result.append((host, index))
      }
    }
    return result.sorted { $0.host < $1.host }
  }

  /// The balancer's hosts (§3.8) and the tables with `balance.*` computed over them.
  func prepared(_ state: SchedulerState) -> (hosts: [Int], tables: ClusterTables) {
    let snapshot = state.snapshot
    let busyHosts = Set(Self.busyHosts(in: snapshot).map(\.host))
    let hosts = snapshot.hosts.indices.filter {
      snapshot.hosts[$0].status == .up && !busyHosts.contains($0)
    }
    var tables = state.tables
    tables.prepareBalance(hostLoad: balancer.hostLoad.expression, candidates: hosts)
    return (hosts, tables)
  }

  /// The proposals of a state, in order, and every host's balancer load.
  func proposals(in state: SchedulerState) -> (proposals: [BalanceProposal], loads: [Double]) {
    let snapshot = state.snapshot
    let (hosts, tables) = prepared(state)
    guard hosts.count >= 2 else { return ([], tables.balance.hostLoad) }
    var context = EvaluationContext(tables: tables, hostIndex: 0, vmIndex: -1)
    var sources: [(host: Int, key: Double)] = []
    for host in hosts {
      context.hostIndex = host
      context.vmIndex = -1
      guard balancer.sourceWhen.expression.evaluateBool(context) else { continue }
      let key =
        balancer.sourceOrder.map { $0.expression.evaluateNumber(context) }
        ?? -tables.balance.hostLoad[host]
      sources.append((host, key))
    }
    sources.sort { ($0.key, $0.host) < ($1.key, $1.host) }
    var result: [BalanceProposal] = []
    for source in sources {
      var vms: [(vm: Int, key: Double)] = []
      for vm in snapshot.runningVMIndicesByHost[source.host] {
        guard snapshot.vms[vm].migrationMode == .migratable else { continue }
        context.hostIndex = source.host
        context.vmIndex = vm
        guard balancer.vmWhen.expression.evaluateBool(context) else { continue }
        vms.append((vm, balancer.vmOrder.map { $0.expression.evaluateNumber(context) } ?? 0))
      }
      vms.sort { ($0.key, $0.vm) < ($1.key, $1.vm) }
      for candidate in vms {
        context.vmIndex = candidate.vm
        var destinations: [Int] = []
        for host in hosts where host != source.host {
          context.hostIndex = host
          if balancer.destinationWhen.expression.evaluateBool(context) { destinations.append(host) }
        }
        guard !destinations.isEmpty else { continue }
        result.append(
          BalanceProposal(
            vm: candidate.vm, source: source.host, destinations: destinations + [source.host],
            sourceLoad: tables.balance.hostLoad[source.host], maxLoad: tables.balance.maxHostLoad))
      }
    }
    return (result, tables.balance.hostLoad)
  }

  /// The balancer's load of every host, for hysteresis.
  func loads(in state: SchedulerState) -> [Double] { prepared(state).tables.balance.hostLoad }
}
