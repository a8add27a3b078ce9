import Diagnostics
import Inventory
public import Plan
import Policy
import ProgressReporting
import Scheduler

/// Options of a balance plan.
public struct BalanceOptions: Hashable, Sendable {
  /// Stop after this many migrations (oVirt moves one VM per cluster per minute; a dry run
  /// simulates the rounds).
  public var maxMigrations: Int
  /// Hysteresis: a move must lower its source's balancer load by more than this (and always by
  /// more than 0). When it is above 0, a spreading balancer's move must also leave the
  /// destination below where the source started (the overshoot guard): a balanced cluster then
  /// yields an empty plan, and re-planning after a plan yields nothing new. At 0 the balancer's
  /// proposals are taken as oVirt takes them (it has no such guard, and its memory-triggered
  /// even-distribution moves may land on a host busier than the source).
  public var minImprovement: Double

  /// Creates options.
  public init(maxMigrations: Int = 20, minImprovement: Double = 0) {
    self.maxMigrations = maxMigrations
    self.minImprovement = minImprovement
  }
}

/// Plans what the policy's balancer would move, round after round (Docs/ovirt.md §2.6, §3.8).
///
/// Each round evaluates the balancer on the cluster as the previous rounds leave it, then tries
/// its proposals in order through the full scheduling pipeline with the proposal's candidates
/// (the source included) as whitelist, exactly like oVirt's BalanceVm: the first proposal whose
/// chosen host is not the source — and that narrows the load gap by more than the hysteresis —
/// is the round's move. Planning stops when the balancer proposes nothing acceptable, at the
/// migration limit, or when a move would bring back a placement seen before (oscillation,
/// reported in the plan's notes).
///
/// Planning is incremental: one solver state serves the whole plan and a move updates its two
/// hosts and one VM in place; a round looks for proposals one at a time and stops at the first
/// the pipeline accepts. ``rebuildsEveryRound`` keeps the original full re-evaluation as the
/// reference the tests compare against.
///
/// - Complexity: O(rounds × (hosts + proposals tried × one scheduling decision)); a move costs
///   O(fields + VMs on the two hosts); the oscillation check is O(1) (``PlacementHistory``).
public struct BalancePlanner: Sendable {
  /// The planning context.
  public let context: PlanningContext
  /// The options.
  public let options: BalanceOptions
  /// Plans by rebuilding the solver state and every proposal each round, as the planner
  /// first did: the reference the incremental planner is tested against.
  var rebuildsEveryRound = false

  /// Creates a planner.
  public init(context: PlanningContext, options: BalanceOptions = BalanceOptions()) {
    self.context = context
    self.options = options
  }

  /// The moves, in order, plus notes and whether planning stopped early.
  struct Outcome {
    var moves: [PlannedMove] = []
    var notes: [String] = []
    var unhandled: [UnhandledItem] = []
    var stoppedEarly = false
  }

  /// Plans the periodic loops' moves: affinity enforcement, then the balancer, each round.
  public func plan() -> MigrationPlan { plan(enforcement: true, balancer: true) }

  /// Plans affinity-rule enforcement alone (`--enforce-affinity`).
  public func planAffinityEnforcement() -> MigrationPlan {
    plan(enforcement: true, balancer: false)
  }

  func plan(enforcement requested: Bool, balancer: Bool) -> MigrationPlan {
    let held = requested ? enforcementHeld(context.snapshot) : nil
    let enforcement = requested && held == nil
    var outcome =
      rebuildsEveryRound
      ? movesByRebuilding(enforcement: enforcement, balancer: balancer)
      : moves(enforcement: enforcement, balancer: balancer)
    if let held { outcome.notes.insert(held, at: 0) }
    var limits = context.limits
    limits.maxMigrations = options.maxMigrations
    var builder = context.builder
    builder = PlanBuilder(
      snapshot: builder.snapshot, snapshotDigest: builder.snapshotDigest,
      policyName: builder.policyName, policyDigest: builder.policyDigest, limits: limits)
    var hostActions: [PlannedHostAction] = []
    if balancer, case .expression(let compiled)? = context.pipeline.balancer,
      let action = PowerManagement(
        balancerName: compiled.unitName, properties: context.pipeline.properties
      ).action(snapshot: context.snapshot, moves: outcome.moves)
    {
      hostActions.append(action)
    }
    return builder.build(
      trigger: PlanTrigger(kind: balancer ? .balance : .enforceAffinity), moves: outcome.moves,
      hostActions: hostActions, unhandled: outcome.unhandled,
      isComplete: outcome.unhandled.isEmpty, isCapped: outcome.stoppedEarly, notes: outcome.notes)
  }

  func moves(enforcement: Bool, balancer includeBalancer: Bool) -> Outcome {
    var outcome = Outcome()
    let scheduler = context.loopScheduler
    let enforcer = AffinityEnforcer(scheduler: scheduler, snapshot: context.snapshot)
    let (proposer, conflicting) = start(
      &outcome, enforcement: enforcement, balancer: includeBalancer, enforcer: enforcer)
    var skipped = conflicting
    // One solver state for the whole plan: each move updates its two hosts and one VM in
    // place, and the placement key one entry.
    var state = SchedulerState(snapshot: context.snapshot)
    var history = PlacementHistory(Self.placementKey(context.snapshot))
    var busy = Set(BalanceProposer.busyHosts(in: context.snapshot).map(\.host))
    var reliefs = ReliefMemo(
      hostCount: context.snapshot.hosts.count, vmCount: context.snapshot.vms.count)
    var candidates = EnforcementCandidates(snapshot: context.snapshot)
    func moved(_ vm: Int, from: Int, to: Int) {
      reliefs.changed([from, to])
      candidates.moved(vm)
      if BalanceProposer.busyStatuses.contains(state.snapshot.vms[vm].status) {
        busy = Set(BalanceProposer.busyHosts(in: state.snapshot).map(\.host))
      }
    }
    let stage = includeBalancer ? "balancing" : "enforcing affinity"
    while outcome.moves.count < options.maxMigrations {
      context.report(
        ProgressUpdate(stage: stage, done: outcome.moves.count, total: options.maxMigrations))
      // oVirt's affinity-enforcement loop runs first; one migration per round.
      if enforcement,
        let move = enforcer.nextMove(
          in: state, candidates: candidates.current(enforcer, state.snapshot, skipping: skipped))
      {
        if history.wouldRepeat(vm: move.vm, to: move.to) {
          skipped.formUnion(move.rules)
          outcome.unhandled.append(Self.enforcementConflict(move, in: state.snapshot))
          continue
        }
        history.record(vm: move.vm, to: move.to)
        outcome.moves.append(enforcementMove(move, in: state.snapshot))
        _ = state.move(vm: move.vm, to: move.to, band: band)
        moved(move.vm, from: move.from, to: move.to)
        continue
      }
      guard let proposer else { return outcome }
      guard
        let move = balancerMove(
          proposer, scheduler: scheduler, state: &state, busy: busy, reliefs: &reliefs)
      else { return outcome }
      if history.wouldRepeat(vm: move.vm, to: move.to) {
        outcome.notes.append(Self.oscillationNote(move, in: state.snapshot))
        outcome.stoppedEarly = true
        return outcome
      }
      history.record(vm: move.vm, to: move.to)
      outcome.moves.append(
        context.migrateMove(vm: move.vm, from: move.from, to: move.to, reason: move.reason))
      moved(move.vm, from: move.from, to: move.to)
    }
    // At the limit: would a loop still move something?
    let enforcementPending =
      enforcement
      && enforcer.nextMove(
        in: state, candidates: candidates.current(enforcer, state.snapshot, skipping: skipped))
        != nil
    var balancerPending = false
    if let proposer {
      var round = proposer.prepare(&state, busy: busy)
      balancerPending = proposer.next(&round, in: state) != nil
    }
    if enforcementPending || balancerPending {
      outcome.notes.append(Self.limitNote(options.maxMigrations))
      outcome.stoppedEarly = true
    }
    return outcome
  }

  /// Why oVirt's enforcement manager would skip the cluster this round (Docs/ovirt.md §7.1):
  /// it is in upgrade mode (its scheduling policy is InClusterUpgrade), or a VM of it is
  /// migrating; nil when enforcement runs.
  func enforcementHeld(_ snapshot: ClusterSnapshot) -> String? {
    if snapshot.cluster.schedulingPolicy == Self.upgradePolicyName {
      return "no affinity enforcement: the cluster is in upgrade mode (scheduling policy "
        + "'\(Self.upgradePolicyName)'); oVirt skips such clusters (Docs/ovirt.md §7.1)"
    }
    if let migrating = snapshot.vms.first(where: {
      $0.status == .migratingFrom || $0.status == .migratingTo
    }) {
      return "no affinity enforcement: '\(migrating.name)' is \(migrating.status.rawValue); "
        + "oVirt enforces affinity only in a cluster without a migration in progress "
        + "(Docs/ovirt.md §7.1)"
    }
    return nil
  }

  /// The built-in policy whose use marks a cluster as in upgrade mode.
  static let upgradePolicyName = "in_cluster_upgrade"

  /// The notes and unhandled items every plan starts with; the proposer, and the affinity rules
  /// enforcement skips because they conflict (Docs/ovirt.md §7.1: a conflict stops only the
  /// rules in it; every other violation is still fixed).
  func start(
    _ outcome: inout Outcome, enforcement: Bool, balancer includeBalancer: Bool,
    enforcer: AffinityEnforcer
  ) -> (BalanceProposer?, Set<AffinityRuleRef>) {
    let snapshot = context.snapshot
    var proposer: BalanceProposer?
    if includeBalancer {
      if case .expression(let compiled)? = context.pipeline.balancer {
        proposer = BalanceProposer(balancer: compiled)
      } else if context.pipeline.balancer == nil {
        outcome.notes.append("the policy has no balancer")
      }
      for busy in BalanceProposer.busyHosts(in: snapshot) {
        let vm = snapshot.vms[busy.vm]
        let host = snapshot.hosts[busy.host].name
        outcome.notes.append(
          BalanceProposer.busyStatuses.contains(vm.status)
            ? "'\(host)' is not balanced: '\(vm.name)' is \(vm.status.rawValue) "
              + "(oVirt balances only hosts without a migration in progress, Docs/ovirt.md §3.8)"
            : "'\(host)' is not balanced: '\(vm.name)' is pending there "
              + "(oVirt balances only hosts without pending vCPUs, Docs/ovirt.md §3.8)")
      }
    }
    var skipped: Set<AffinityRuleRef> = []
    if enforcement {
      for conflict in AffinityRuleConflict.all(in: snapshot, enforcer: enforcer) {
        skipped.formUnion(conflict.rules)
        outcome.unhandled.append(conflict.item(in: snapshot))
      }
    }
    return (proposer, skipped)
  }

  /// Enforcing `move` would bring back an earlier placement: its rules conflict with others
  /// (or with the pipeline's choices) and are skipped from then on.
  static func enforcementConflict(_ move: AffinityEnforcer.Move, in snapshot: ClusterSnapshot)
    -> UnhandledItem
  {
    UnhandledItem(
      kind: "affinity", name: "conflicting affinity groups",
      reason: "enforcing \(move.rule) would bring back an earlier placement: the rules conflict",
      conflict: AffinityConflictData(
        type: "enforcement-cycle",
        groups: snapshot.affinityGroups.map(\.name).filter { name in
          move.rules.contains { $0.group == name }
        },
        vms: [snapshot.vms[move.vm].name],
        hosts: [move.from, move.to].sorted().map { snapshot.hosts[$0].name }))
  }

  func enforcementMove(_ move: AffinityEnforcer.Move, in snapshot: ClusterSnapshot) -> PlannedMove {
    let vmName = snapshot.vms[move.vm].name
    return context.migrateMove(
      vm: move.vm, from: move.from, to: move.to,
      reason: StepReason(
        text: "'\(vmName)' breaks \(move.rule); the scheduling pipeline chose "
          + "'\(snapshot.hosts[move.to].name)'",
        proposedBy: "affinity-enforcement",
        data: .object([
          ("rule", .string(move.rule)),
          ("decision", PlanningContext.decisionData(move.decision, chosen: move.to)),
        ])))
  }

  static func oscillationNote(_ move: BalancerMove, in snapshot: ClusterSnapshot) -> String {
    "stopped: moving '\(snapshot.vms[move.vm].name)' to '\(snapshot.hosts[move.to].name)' "
      + "would bring back an earlier placement (oscillation)"
  }

  static func limitNote(_ maxMigrations: Int) -> String {
    "stopped at --max-migrations \(maxMigrations); there are still moves to make"
  }

  /// The reference planner: a new snapshot, solver state and every proposal, each round.
  func movesByRebuilding(enforcement: Bool, balancer includeBalancer: Bool) -> Outcome {
    var outcome = Outcome()
    let scheduler = context.loopScheduler
    var snapshot = context.snapshot
    let enforcer = AffinityEnforcer(scheduler: scheduler, snapshot: context.snapshot)
    let (proposer, conflicting) = start(
      &outcome, enforcement: enforcement, balancer: includeBalancer, enforcer: enforcer)
    var skipped = conflicting
    var seen: Set<[Int]> = [Self.placementKey(snapshot)]
    var state = SchedulerState(snapshot: snapshot)
    while outcome.moves.count < options.maxMigrations {
      if enforcement, let move = enforcer.nextMove(in: state, skipping: skipped) {
        let next = snapshot.applying(vm: move.vm, to: move.to, band: band)
        let key = Self.placementKey(next)
        if seen.contains(key) {
          skipped.formUnion(move.rules)
          outcome.unhandled.append(Self.enforcementConflict(move, in: snapshot))
          continue
        }
        seen.insert(key)
        outcome.moves.append(enforcementMove(move, in: snapshot))
        snapshot = next
        state = SchedulerState(snapshot: next)
        continue
      }
      guard let proposer else { return outcome }
      guard let move = balancerMoveByRebuilding(proposer, scheduler: scheduler, state: state)
      else { return outcome }
      let key = Self.placementKey(move.next.snapshot)
      if seen.contains(key) {
        outcome.notes.append(Self.oscillationNote(move.move, in: snapshot))
        outcome.stoppedEarly = true
        return outcome
      }
      seen.insert(key)
      outcome.moves.append(
        context.migrateMove(
          vm: move.move.vm, from: move.move.from, to: move.move.to, reason: move.move.reason))
      snapshot = move.next.snapshot
      state = move.next
    }
    let enforcementPending =
      enforcement && enforcer.nextMove(in: state, skipping: skipped) != nil
    if enforcementPending || !(proposer?.proposals(in: state).proposals.isEmpty ?? true) {
      outcome.notes.append(Self.limitNote(options.maxMigrations))
      outcome.stoppedEarly = true
    }
    return outcome
  }

  struct BalancerMove {
    var vm: Int
    var from: Int
    var to: Int
    var reason: StepReason
  }

  /// The balancer's move this round: its first proposal the pipeline sends elsewhere and that
  /// narrows the load gap by more than the hysteresis. The move is made in `state`; proposals
  /// are searched one at a time and a rejected move is undone. `reliefs` keeps the relief
  /// verdicts across rounds (the caller tells it which hosts each move changes).
  func balancerMove(
    _ proposer: BalanceProposer, scheduler: Scheduler, state: inout SchedulerState,
    busy: Set<Int>, reliefs: inout ReliefMemo
  ) -> BalancerMove? {
    var round = proposer.prepare(&state, busy: busy)
    let loadsBefore = round.loads
    let ranked = proposer.rankedVMs(&round, in: state)
    while let (vm, source) = proposer.nextCandidate(&round, in: state) {
      // When the balancer's load reads only its own host, the source's relief does not depend
      // on where the VM goes, nor on any other host: a candidate that cannot relieve its source
      // enough is rejected whatever the pipeline chooses, so it needs no destinations and no
      // decision (the reference decides every proposal), and its verdict holds until the
      // source changes.
      if proposer.balancer.loadReadsOnlyItsHost {
        let relieves =
          reliefs.verdict(vm: vm, source: source)
          ?? relievesSource(vm: vm, proposer: proposer, before: loadsBefore, state: &state)
        reliefs.record(vm: vm, source: source, relieves: relieves)
        guard relieves else { continue }
      }
      guard let proposal = proposer.proposal(vm: vm, source: source, round, in: state)
      else { continue }
      guard let (chosen, decision) = chosenHost(proposal, scheduler: scheduler, state: state)
      else { continue }
      let undo = state.move(vm: proposal.vm, to: chosen, band: band)
      let after = (
        source: proposer.load(of: proposal.source, in: state),
        destination: proposer.load(of: chosen, in: state)
      )
      guard
        let move = accepted(
          proposal, chosen: chosen, decision: decision, proposer: proposer,
          before: (loadsBefore[proposal.source], loadsBefore[chosen]), after: after,
          ranking: (ranked, loadsBefore), in: state.snapshot)
      else {
        state.undo(undo)
        continue
      }
      return move
    }
    return nil
  }

  /// Whether taking the running `vm` off its host passes ``relieves(_:packs:)``, measured on
  /// the host alone (``SchedulerState/withoutVM(_:band:_:)``): valid for a balancer whose load
  /// reads only its own host.
  func relievesSource(
    vm: Int, proposer: BalanceProposer, before: [Double], state: inout SchedulerState
  ) -> Bool {
    guard let source = state.snapshot.vms[vm].hostIndex else { return true }
    let after = state.withoutVM(vm, band: band) { proposer.load(of: source, in: $0) }
    return relieves(before[source] - after, packs: proposer.packs)
  }

  /// Whether a move that lowers its source's balancer load by `relief` passes the hysteresis.
  /// A packing balancer drains an under-utilized host VM by VM until it is empty (oVirt keeps
  /// proposing it); taking a small VM off may not change the source's rounded CPU percent, so
  /// without hysteresis a move that leaves the source no busier counts as progress too.
  func relieves(_ relief: Double, packs: Bool) -> Bool {
    let drains = packs && options.minImprovement == 0 && relief == 0
    return drains || (relief > 0 && relief > options.minImprovement)
  }

  /// The reference: every proposal, and a new state for each one the pipeline accepts.
  func balancerMoveByRebuilding(
    _ proposer: BalanceProposer, scheduler: Scheduler, state: SchedulerState
  ) -> (move: BalancerMove, next: SchedulerState)? {
    let snapshot = state.snapshot
    let (proposals, loadsBefore) = proposer.proposals(in: state)
    let ranked = proposer.rankedVMs(in: state)
    for proposal in proposals {
      guard let (chosen, decision) = chosenHost(proposal, scheduler: scheduler, state: state)
      else { continue }
      let next = SchedulerState(
        snapshot: snapshot.applying(vm: proposal.vm, to: chosen, band: band))
      let loadsAfter = proposer.loads(in: next)
      guard
        let move = accepted(
          proposal, chosen: chosen, decision: decision, proposer: proposer,
          before: (loadsBefore[proposal.source], loadsBefore[chosen]),
          after: (loadsAfter[proposal.source], loadsAfter[chosen]),
          ranking: (ranked, loadsBefore), in: snapshot)
      else { continue }
      return (move, next)
    }
    return nil
  }

  /// The host the pipeline chooses for a proposal, when it is not the source and the decision
  /// is definite.
  func chosenHost(_ proposal: BalanceProposal, scheduler: Scheduler, state: SchedulerState)
    -> (Int, PlacementDecision)?
  {
    let decision = scheduler.decide(
      VMGroup(vmIndices: [proposal.vm]), in: state,
      constraints: HostConstraints(whitelist: proposal.destinations))
    guard let chosen = decision.outcome.hostIndex, chosen != proposal.source,
      !decision.isProvisional
    else { return nil }
    return (chosen, decision)
  }

  /// The move, when it passes the hysteresis. The source must get relief; with hysteresis
  /// (`minImprovement` above 0) a spreading balancer must also not overshoot (the destination
  /// ends below where the source started), while a packing balancer (power saving) moves load
  /// onto busier hosts on purpose. Without hysteresis there is no overshoot guard, as in oVirt
  /// (Docs/ovirt.md §3.8): a memory-triggered move may raise the destination's CPU load above
  /// the source's, and a move back is caught as an oscillation.
  func accepted(
    _ proposal: BalanceProposal, chosen: Int, decision: PlacementDecision,
    proposer: BalanceProposer, before: (source: Double, destination: Double),
    after: (source: Double, destination: Double),
    ranking: (vms: [(vm: Int, source: Int, key: Double)], loads: [Double]),
    in snapshot: ClusterSnapshot
  ) -> BalancerMove? {
    guard relieves(before.source - after.source, packs: proposer.packs) else { return nil }
    if !proposer.packs, options.minImprovement > 0, after.destination >= before.source {
      return nil
    }
    let balancer = proposer.balancer
    let vmName = snapshot.vms[proposal.vm].name
    let source = snapshot.hosts[proposal.source].name
    let destination = snapshot.hosts[chosen].name
    let reason = StepReason(
      text:
        "\(balancer.unitName): '\(source)' has balancer load "
        + "\(Self.format(before.source)) (the highest is \(Self.format(proposal.maxLoad))); "
        + "'\(vmName)' moves to '\(destination)' (load \(Self.format(before.destination)) → "
        + "\(Self.format(after.destination))), chosen by the scheduling pipeline",
      proposedBy: "balancer:\(balancer.unitName)",
      data: .object([
        (
          "source",
          .object([
            ("host", .string(source)), ("loadBefore", .double(before.source)),
            ("loadAfter", .double(after.source)),
          ])
        ),
        (
          "destination",
          .object([
            ("host", .string(destination)), ("loadBefore", .double(before.destination)),
            ("loadAfter", .double(after.destination)),
          ])
        ),
        ("candidates", .array(proposal.destinations.map { .string(snapshot.hosts[$0].name) })),
        (
          "rankedVMs",
          .array(
            ranking.vms.map { entry in
              .object([
                ("vm", .string(snapshot.vms[entry.vm].name)),
                ("source", .string(snapshot.hosts[entry.source].name)),
                ("order", .double(entry.key)),
              ])
            })
        ),
        (
          "rankedDestinations",
          .array(
            BalanceProposer.rankedDestinations(proposal, loads: ranking.loads).map {
              .string(snapshot.hosts[$0].name)
            })
        ),
        ("thresholds", .object(balancer.thresholds.map { ($0.name, .double($0.value)) })),
        ("decision", PlanningContext.decisionData(decision, chosen: chosen)),
      ]))
    return BalancerMove(vm: proposal.vm, from: proposal.source, to: chosen, reason: reason)
  }

  /// Where a finished migration clears its hosts' CPU threshold timestamps between rounds
  /// (Docs/ovirt.md §3.10).
  var band: CpuThresholdBand { CpuThresholdBand(properties: context.pipeline.properties) }

  /// Where every VM runs, for oscillation detection.
  static func placementKey(_ snapshot: ClusterSnapshot) -> [Int] {
    snapshot.vms.map { $0.isRunning ? ($0.hostIndex ?? -1) : -1 }
  }

  static func format(_ value: Double) -> String {
    TextLayout.number(value, maxFractionDigits: 1)
  }
}

/// The placements a plan has passed through (where every VM runs, −1 when it does not), for
/// oscillation detection in O(1) per move: each placement is remembered by a 64-bit hash (the
/// XOR of one mixed term per (VM, host)), updated per move; a hash seen before is confirmed on
/// the full placement, replayed from the first one, so a collision is never taken for a repeat.
struct PlacementHistory {
  private let initial: [Int]
  private var key: [Int]
  private var hash: UInt64
  private var moves: [(vm: Int, to: Int)] = []
  /// Hash → the move counts after which it was seen.
  private var seen: [UInt64: [Int]]

  init(_ key: [Int]) {
    initial = key
    self.key = key
    var hash: UInt64 = 0
    for (vm, host) in key.enumerated() { hash ^= Self.term(vm, host) }
    self.hash = hash
    seen = [hash: [0]]
  }

  /// Whether moving `vm` to `host` brings back a placement seen before.
  /// - Complexity: O(1), plus O(VMs + moves) when the hash was seen (a repeat, or a collision).
  func wouldRepeat(vm: Int, to host: Int) -> Bool {
    guard key.indices.contains(vm) else { return false }
    let next = hash ^ Self.term(vm, key[vm]) ^ Self.term(vm, host)
    guard let counts = seen[next] else { return false }
    var candidate = key
    candidate[vm] = host
    return counts.contains { replayed($0) == candidate }
  }

  /// Records the move of `vm` to `host`.
  mutating func record(vm: Int, to host: Int) {
    guard key.indices.contains(vm) else { return }
    hash ^= Self.term(vm, key[vm]) ^ Self.term(vm, host)
    key[vm] = host
    moves.append((vm, host))
    seen[hash, default: []].append(moves.count)
  }

  private func replayed(_ count: Int) -> [Int] {
    var result = initial
    for move in moves.prefix(count) { result[move.vm] = move.to }
    return result
  }

  /// SplitMix64's finaliser of the pair: a well-spread term per (VM, host).
  private static func term(_ vm: Int, _ host: Int) -> UInt64 {
    var z =
      UInt64(truncatingIfNeeded: vm) &* 0x9E37_79B9_7F4A_7C15
      &+ UInt64(truncatingIfNeeded: host &+ 1) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
