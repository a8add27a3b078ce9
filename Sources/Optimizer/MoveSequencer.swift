import Inventory
import Plan
import Planner
import Scheduler

/// Turns a target placement into migrations, each checked by the scheduler in the state the
/// earlier ones leave (as a balancing round sees the cluster): a unit whose target rejects it
/// waits for a later pass (another move may make the room); one that no pass can place goes to
/// the best open host the scheduler picks, or stays where it is.
struct MoveSequencer {
  let context: PlanningContext

  struct Outcome {
    var moves: [PlannedMove] = []
    /// Units that could not reach their target: (unit, where it ended).
    var changed: [(unit: Int, host: Int)] = []
  }

  /// Sequences the units of `model` that are not on their snapshot host.
  func sequence(_ model: PackingModel, reason: (Int, Int, Int) -> StepReason) -> Outcome {
    let scheduler = Scheduler(
      pipeline: context.pipeline, options: SchedulingOptions(recordsEveryRejection: false))
    var state = model.state
    var pending = model.units.indices.filter { model.hostOf[$0] != model.units[$0].origin }
    var outcome = Outcome()

    func accepts(_ unit: Int, _ host: Int) -> Bool {
      let vms = model.units[unit].vms
      if vms.count == 1 { return scheduler.isFeasible(vm: vms[0], host: host, in: state) }
      let decision = scheduler.decide(
        VMGroup(vmIndices: vms), in: state, constraints: HostConstraints(whitelist: [host]))
      return decision.outcome.hostIndex == host
    }
    func apply(_ unit: Int, _ host: Int) {
      let from = model.units[unit].origin
      for vm in model.units[unit].vms {
        outcome.moves.append(
          context.migrateMove(vm: vm, from: from, to: host, reason: reason(vm, from, host)))
        state.completeMove(vm: vm, to: host)
      }
    }
    while !pending.isEmpty {
      var waiting: [Int] = []
      for unit in pending {
        if accepts(unit, model.hostOf[unit]) {
          apply(unit, model.hostOf[unit])
        } else {
          waiting.append(unit)
        }
      }
      if waiting.count == pending.count { break }
      pending = waiting
    }
    guard !pending.isEmpty else { return outcome }
    // The rest: the scheduler's choice among the hosts that stay in use, else no move.
    var inUse = Set(model.hostOf)
    for host in model.snapshot.hosts.indices where model.fixedCount[host] > 0 { inUse.insert(host) }
    for unit in pending {
      let origin = model.units[unit].origin
      let decision = scheduler.decide(
        VMGroup(vmIndices: model.units[unit].vms), in: state,
        constraints: HostConstraints(
          blacklist: [origin], whitelist: inUse.sorted().filter { $0 != origin }))
      if let host = decision.outcome.hostIndex,
        model.units[unit].vms.count == 1 || accepts(unit, host)
      {
        apply(unit, host)
        outcome.changed.append((unit, host))
      } else {
        outcome.changed.append((unit, origin))
      }
    }
    return outcome
  }
}
