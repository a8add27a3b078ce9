import Diagnostics
import Inventory
public import Plan
import Policy
import ProgressReporting
import Scheduler

/// Plans host maintenance: every VM on the named hosts leaves, or is a blocker with its full
/// reason chain (Docs/ovirt.md §4).
///
/// - Destinations come from the scheduling pipeline with every host of the request
///   blacklisted (MigrateMultipleVms), VMs ordered by priority and then as oVirt's scheduler
///   re-sorts them (pinning class, size — §4.3), each placement pending before the next.
/// - Migration modes (§4.5): pinned VMs block; manual-only VMs move, because a user's
///   maintenance request forces them. A VM whose disk cache is not `none` cannot live-migrate
///   (the RHV rule) and blocks.
/// - A host whose VMs all leave gets a `host-maintenance` step after its migrations; the SPM
///   host goes last. Hosts with blockers are listed as unable to reach maintenance.
/// - When the request names every Up host, nothing can leave: the plan says so and suggests the
///   cluster_maintenance policy.
public struct MaintenancePlanner: Sendable {
  /// The planning context.
  public let context: PlanningContext

  /// Creates a planner.
  public init(context: PlanningContext) { self.context = context }

  /// The evacuation of `hosts`: its moves, blockers and which hosts reach maintenance.
  struct Evacuation {
    var moves: [PlannedMove] = []
    var hostActions: [PlannedHostAction] = []
    var unhandled: [UnhandledItem] = []
    var blockedHosts: [Int] = []
    var notes: [String] = []
    var isComplete: Bool { unhandled.isEmpty }
  }

  /// Plans maintenance of `hosts`.
  public func plan(hosts: [Int]) -> MigrationPlan {
    let evacuation = evacuate(hosts)
    return context.builder.build(
      trigger: PlanTrigger(
        kind: .maintenance, hosts: hosts.map { context.snapshot.hosts[$0].name }),
      moves: evacuation.moves, hostActions: evacuation.hostActions,
      unhandled: evacuation.unhandled, isComplete: evacuation.isComplete,
      notes: evacuation.notes, unavailableHosts: Set(hosts))
  }

  /// Plans the largest set of at most `batchSize` of `hosts` that can enter maintenance
  /// together, and a rolling order for the rest (batches that each succeed once the previous
  /// batch is back).
  ///
  /// Greedy: hosts are tried with the SPM last and emptier hosts first; a host joins the batch
  /// when the batch's evacuation stays complete. Exact search is exponential; the greedy batch
  /// is checked, not guessed.
  public func planBatch(hosts: [Int], batchSize: Int) -> MigrationPlan {
    var remaining = ordered(hosts)
    var batches: [[Int]] = []
    var unbatchable: [Int] = []
    while !remaining.isEmpty {
      var batch: [Int] = []
      for host in remaining where batch.count < max(1, batchSize) {
        if evacuate(batch + [host]).isComplete { batch.append(host) }
      }
      if batch.isEmpty {
        unbatchable = remaining
        break
      }
      batches.append(batch)
      remaining.removeAll { batch.contains($0) }
    }
    let first = batches.first ?? []
    var evacuation = evacuate(first)
    let names = { (indices: [Int]) in indices.map { self.context.snapshot.hosts[$0].name } }
    if batches.isEmpty {
      evacuation.notes.append("no host of the request can enter maintenance (see the blockers)")
    } else {
      evacuation.notes.append(
        "largest batch found: " + names(first).joined(separator: ", ")
          + " (\(first.count) of \(hosts.count) hosts) enter maintenance together")
    }
    for (index, batch) in batches.enumerated().dropFirst() {
      evacuation.notes.append(
        "rolling order, batch \(index + 1) (after batch \(index) is back): "
          + names(batch).joined(separator: ", "))
    }
    for host in unbatchable {
      let blockers = evacuate([host]).unhandled.filter { $0.kind == "vm" }.map(\.name)
      evacuation.unhandled.append(
        UnhandledItem(
          kind: "host", name: context.snapshot.hosts[host].name,
          reason: "cannot enter maintenance even alone",
          details: blockers.map { "blocked by VM '\($0)'" }))
    }
    return context.builder.build(
      trigger: PlanTrigger(kind: .maintenance, hosts: names(first)), moves: evacuation.moves,
      hostActions: evacuation.hostActions, unhandled: evacuation.unhandled,
      isComplete: unbatchable.isEmpty && evacuation.isComplete, notes: evacuation.notes,
      unavailableHosts: Set(first))
  }

  /// SPM last, then fewer running VMs first, then index.
  func ordered(_ hosts: [Int]) -> [Int] {
    let snapshot = context.snapshot
    return hosts.sorted { a, b in
      let spmA = snapshot.isSPM(hostIndex: a)
      let spmB = snapshot.isSPM(hostIndex: b)
      if spmA != spmB { return !spmA }
      let countA = snapshot.runningVMCount(onHost: a)
      let countB = snapshot.runningVMCount(onHost: b)
      return (countA, a) < (countB, b)
    }
  }

  func evacuate(_ hosts: [Int]) -> Evacuation {
    let snapshot = context.snapshot
    var result = Evacuation()
    guard !hosts.isEmpty else { return result }
    let requested = Set(hosts)
    let otherUp = snapshot.hosts.indices.filter {
      !requested.contains($0) && snapshot.hosts[$0].status == .up
    }
    var blockersByHost: [Int: [String]] = [:]
    var movable: [Int] = []
    for host in hosts {
      for vm in snapshot.runningVMIndicesByHost[host] {
        let value = snapshot.vms[vm]
        if let reason = blockReason(value) {
          result.unhandled.append(UnhandledItem(kind: "vm", name: value.name, reason: reason))
          blockersByHost[host, default: []].append(value.name)
        } else {
          movable.append(vm)
        }
      }
    }
    if otherUp.isEmpty && !movable.isEmpty {
      result.notes.append(
        "the request names every Up host: no VM can leave; put the whole cluster into "
          + "maintenance with the cluster_maintenance policy instead")
    }
    // Priority first (§4.2); the scheduler then applies oVirt's own ordering within.
    movable.sort { a, b in
      let left = snapshot.vms[a].priority.numericValue
      let right = snapshot.vms[b].priority.numericValue
      return left != right ? left > right : a < b
    }
    var state = SchedulerState(snapshot: snapshot)
    var moveIndexByHost: [Int: [Int]] = [:]
    var placed = 0
    // Each decision is reduced to its moves or blockers as it is made: no run of full
    // explanations is kept.
    _ = context.reportingScheduler.place(
      movable, in: &state, constraints: HostConstraints(blacklist: hosts)
    ) { decision in
      placed += decision.vmIndices.count
      context.report(ProgressUpdate(stage: "evacuating", done: placed, total: movable.count))
      guard let chosen = decision.outcome.hostIndex else {
        for vm in decision.vmIndices {
          let value = snapshot.vms[vm]
          result.unhandled.append(
            UnhandledItem(
              kind: "vm", name: value.name,
              reason: "no host can take it: "
                + DecisionDetails.summary(decision, snapshot: snapshot),
              details: DecisionDetails.rejections(decision, snapshot: snapshot)))
          if let host = value.hostIndex { blockersByHost[host, default: []].append(value.name) }
        }
        return
      }
      for vm in decision.vmIndices {
        let value = snapshot.vms[vm]
        guard let from = value.hostIndex, from != chosen else { continue }
        let reason = StepReason(
          text:
            "'\(snapshot.hosts[from].name)' enters maintenance; the scheduling pipeline chose '\(snapshot.hosts[chosen].name)'",
          proposedBy: "maintenance",
          data: .object([
            ("maintenanceHosts", .array(hosts.map { .string(snapshot.hosts[$0].name) })),
            ("decision", PlanningContext.decisionData(decision, chosen: chosen)),
          ]))
        moveIndexByHost[from, default: []].append(result.moves.count)
        result.moves.append(context.migrateMove(vm: vm, from: from, to: chosen, reason: reason))
      }
    }
    // Host actions: every host without blockers, the SPM after all the others.
    let spm = hosts.filter { snapshot.isSPM(hostIndex: $0) }
    let others = hosts.filter { !snapshot.isSPM(hostIndex: $0) }
    for host in others + spm {
      let name = snapshot.hosts[host].name
      if snapshot.hosts[host].status == .maintenance {
        result.unhandled.append(
          UnhandledItem(kind: "host", name: name, reason: "already in maintenance"))
        continue
      }
      if let blockers = blockersByHost[host], !blockers.isEmpty {
        result.blockedHosts.append(host)
        result.unhandled.append(
          UnhandledItem(
            kind: "host", name: name,
            reason:
              "cannot enter maintenance: \(blockers.count) VM\(blockers.count == 1 ? "" : "s") cannot leave",
            details: blockers.map { "blocked by VM '\($0)'" }))
        continue
      }
      let after =
        snapshot.isSPM(hostIndex: host)
        ? Array(result.moves.indices) : (moveIndexByHost[host] ?? [])
      result.hostActions.append(
        PlannedHostAction(
          action: .hostMaintenance, host: host, after: after,
          reason: StepReason(
            text: snapshot.isSPM(hostIndex: host)
              ? "every VM has left '\(name)'; the SPM host enters maintenance after the others"
              : "every VM has left '\(name)'",
            proposedBy: "maintenance")))
    }
    return result
  }

  /// Why a VM cannot leave by live migration, if it cannot.
  func blockReason(_ vm: VirtualMachine) -> String? {
    if vm.migrationMode == .pinned {
      return "pinned to its host (migration mode 'pinned'): oVirt refuses maintenance while it runs"
    }
    return vm.blockingDiskCache.map { cache in
      "disk cache '\(cache.mode)' (custom property '\(cache.property)'): RHV live-migrates only VMs whose disks use cache 'none'"
    }
  }
}
