public import Inventory

/// A host action decided by a planner (maintenance, power), to run after some moves.
public struct PlannedHostAction: Hashable, Sendable {
  /// The action.
  public var action: StepAction
  /// The host.
  public var host: Int
  /// Indices of moves (in the planner's move list) that must finish first.
  public var after: [Int]
  /// Why.
  public var reason: StepReason
  /// Indices of earlier host actions (in the planner's host-action list) that must finish
  /// first, e.g. a power-off after the host's maintenance.
  public var afterHostActions: [Int]

  /// Creates a host action.
  public init(
    action: StepAction, host: Int, after: [Int], reason: StepReason, afterHostActions: [Int] = []
  ) {
    self.action = action
    self.host = host
    self.after = after
    self.reason = reason
    self.afterHostActions = afterHostActions
  }
}

/// Assembles a ``MigrationPlan`` from a planner's decisions: waves, ids, dependencies,
/// preconditions, summaries, headroom and the critical-path duration.
public struct PlanBuilder: Sendable {
  /// The snapshot planned on.
  public let snapshot: ClusterSnapshot
  /// Its digest.
  public let snapshotDigest: String
  /// The scheduling policy's name.
  public let policyName: String
  /// The resolved policy's digest.
  public let policyDigest: String
  /// The limits in force.
  public let limits: PlanLimits

  /// Assumed seconds for an HA VM to boot after a restart (documented estimate).
  public static let restartSeconds = 30.0

  /// Creates a builder.
  public init(
    snapshot: ClusterSnapshot, snapshotDigest: String, policyName: String, policyDigest: String,
    limits: PlanLimits
  ) {
    self.snapshot = snapshot
    self.snapshotDigest = snapshotDigest
    self.policyName = policyName
    self.policyDigest = policyDigest
    self.limits = limits
  }

  /// Builds the plan.
  ///
  /// - Parameters:
  ///   - moves: migrations and restarts in decision order.
  ///   - hostActions: host actions, each after the moves it names.
  ///   - unavailableHosts: hosts that neither fail nor receive VMs in the headroom analysis
  ///     (failed hosts, hosts entering maintenance).
  /// - Complexity: O(moves² + hosts × HA VMs).
  public func build(
    trigger: PlanTrigger, moves: [PlannedMove], hostActions: [PlannedHostAction] = [],
    unhandled: [UnhandledItem], isComplete: Bool, isCapped: Bool = false, notes: [String] = [],
    unavailableHosts: Set<Int> = []
  ) -> MigrationPlan {
    let before = ProjectedState(snapshot: snapshot)
    let assignment = WavePlanner(initial: before, limits: limits).assign(moves)
    var after = before
    for move in moves { after.move(vm: move.vm, to: move.to) }
    for action in hostActions {
      switch action.action {
      case .hostMaintenance: after.hostStatus[action.host] = .maintenance
      case .hostPowerOff: after.hostStatus[action.host] = .down
      case .hostActivate, .hostPowerOn: after.hostStatus[action.host] = .up
      case .migrate, .restart: break
      }
    }
    for failed in unavailableHosts where trigger.kind == .fail {
      after.hostStatus[failed] = .nonOperational
      for vm in snapshot.vms.indices where after.vmHost[vm] == failed { after.stop(vm: vm) }
    }
    // Draft steps: moves, then host actions, each with a wave and dependencies by draft index.
    struct Draft {
      var step: PlanStep
      var dependencies: [Int]
      var order: Int
    }
    var drafts: [Draft] = []
    for (index, move) in moves.enumerated() {
      let vm = snapshot.vms[move.vm]
      let fromName = move.from.map { snapshot.hosts[$0].name }
      let toName = snapshot.hosts[move.to].name
      let precondition =
        move.action == .migrate
        ? StepPrecondition(vmRunningOn: fromName, hostsUp: [fromName, toName].compactMap { $0 })
        : StepPrecondition(hostsUp: [toName])
      let step = PlanStep(
        id: "", action: move.action, vm: vm.name, fromHost: fromName, toHost: toName,
        wave: assignment[index].wave, precondition: precondition,
        migrationParameters: move.parameters?.json(),
        estimatedDurationSeconds: move.action == .restart
          ? Self.restartSeconds : move.estimatedSeconds,
        reason: move.reason)
      drafts.append(Draft(step: step, dependencies: assignment[index].dependsOn, order: index))
    }
    for (offset, action) in hostActions.enumerated() {
      let earlier = action.afterHostActions.filter { $0 < offset }.map { drafts[moves.count + $0] }
      let wave =
        1
        + max(
          action.after.map { assignment[$0].wave }.max() ?? 0,
          earlier.map(\.step.wave).max() ?? 0)
      let name = snapshot.hosts[action.host].name
      let precondition =
        action.action == .hostMaintenance
        ? StepPrecondition(hostsUp: [name], hostEmpty: name) : StepPrecondition()
      let step = PlanStep(
        id: "", action: action.action, host: name, wave: wave, precondition: precondition,
        estimatedDurationSeconds: 0, reason: action.reason)
      let dependencies =
        action.after + action.afterHostActions.filter { $0 < offset }.map { moves.count + $0 }
      drafts.append(Draft(step: step, dependencies: dependencies, order: moves.count + offset))
    }
    // Order by wave, then decision order; ids follow the listing.
    let ordered = drafts.indices.sorted {
      (drafts[$0].step.wave, drafts[$0].order) < (drafts[$1].step.wave, drafts[$1].order)
    }
    var idOfDraft = [String](repeating: "", count: drafts.count)
    for (position, draft) in ordered.enumerated() { idOfDraft[draft] = "step-\(position + 1)" }
    var steps: [PlanStep] = []
    for draft in ordered {
      var step = drafts[draft].step
      step.id = idOfDraft[draft]
      step.dependsOn = drafts[draft].dependencies.sorted().map { idOfDraft[$0] }
      steps.append(step)
    }
    // Waves run one after another; a wave lasts as long as its longest step.
    var waveSeconds: [Int: Double] = [:]
    for step in steps {
      waveSeconds[step.wave] = max(waveSeconds[step.wave] ?? 0, step.estimatedDurationSeconds ?? 0)
    }
    let total = waveSeconds.keys.sorted().reduce(0.0) { $0 + (waveSeconds[$1] ?? 0) }
    var plan = MigrationPlan(
      cluster: snapshot.cluster.name, snapshotDigest: snapshotDigest,
      snapshotTakenAt: snapshot.takenAt.description, policyName: policyName,
      policyDigest: policyDigest, trigger: trigger, limits: limits, steps: steps,
      unhandled: unhandled, hostSummary: HostSummary.rows(before: before, after: after),
      estimatedDurationSeconds: (total * 10).rounded() / 10, isComplete: isComplete, notes: notes)
    plan.isCapped = isCapped
    plan.headroom = HeadroomAnalyzer.analyze(after, unavailable: unavailableHosts)
    if snapshot.cluster.hasHAReservation {
      plan.haReservation = HeadroomAnalyzer.analyze(before)
    }
    return plan
  }
}
