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
  /// Whether the balancer consolidates load (power saving) rather than spreading it, found
  /// once from its name (``LoadDirection``: a balancer document does not declare its direction
  /// yet).
  let packs: Bool

  init(balancer: CompiledBalancer) {
    self.balancer = balancer
    packs = LoadDirection.of(unitName: balancer.unitName) == .pack
  }

  /// VM states that take a host out of balancing (a migration or save/restore in progress).
  static let busyStatuses: Set<VMStatus> = [
    .migratingFrom, .migratingTo, .savingState, .restoringState,
  ]

  /// Up hosts the balancer skips, with the VM that makes each busy, in host order: a VM
  /// migrating or saving/restoring state on it, or pending vCPUs on it (Docs/ovirt.md §3.8).
  static func busyHosts(in snapshot: ClusterSnapshot) -> [(host: Int, vm: Int)] {
    var result: [(host: Int, vm: Int)] = []
    for (index, vm) in snapshot.vms.enumerated() where busyStatuses.contains(vm.status) {
      if let host = vm.hostIndex, !result.contains(where: { $0.host == host }) {
        result.append((host, index))
      }
    }
    for entry in snapshot.pending {
      guard let vm = entry.vmIndex, let host = entry.hostIndex,
        (entry.vcpus ?? snapshot.vms[vm].vcpus) > 0,
        !result.contains(where: { $0.host == host })
      else { continue }
      result.append((host, vm))
    }
    return result.sorted { $0.host < $1.host }
  }

  /// The balancer's hosts (§3.8): Up hosts without a migration in progress.
  static func hosts(in snapshot: ClusterSnapshot, busy: Set<Int>) -> [Int] {
    snapshot.hosts.indices.filter { snapshot.hosts[$0].status == .up && !busy.contains($0) }
  }

  /// The balancer's hosts and the tables with `balance.*` computed over them.
  func prepared(_ state: SchedulerState) -> (hosts: [Int], tables: ClusterTables) {
    var state = state
    let round = prepare(&state, busy: Set(Self.busyHosts(in: state.snapshot).map(\.host)))
    return (round.hosts, state.tables)
  }

  /// One round of the balancer: its hosts and sources, with `balance.*` prepared in `state`
  /// (read by balancer rules only: filters and weights never see it).
  /// - Complexity: O(hosts × expression size).
  func prepare(_ state: inout SchedulerState, busy: Set<Int>) -> BalanceRound {
    let hosts = Self.hosts(in: state.snapshot, busy: busy)
    state.prepareBalance(hostLoad: balancer.hostLoad.expression, candidates: hosts)
    var round = BalanceRound(hosts: hosts, loads: state.tables.balance.hostLoad)
    guard hosts.count >= 2 else { return round }
    var context = EvaluationContext(tables: state.tables, hostIndex: 0, vmIndex: -1)
    for host in hosts {
      context.hostIndex = host
      guard balancer.sourceWhen.expression.evaluateBool(context) else { continue }
      let key =
        balancer.sourceOrder.map { $0.expression.evaluateNumber(context) }
        ?? -round.loads[host]
      round.addSource(host, key: key)
    }
    round.maxLoad = state.tables.balance.maxHostLoad
    return round
  }

  /// The round's next proposal, or `nil` when there is none left: sources in order, their VMs
  /// in order, each VM with the destinations that pass the rule (VMs without one are skipped).
  /// Proposals are found one at a time, so a round that takes its first proposal evaluates
  /// the destination rule for one VM, not for every VM of every source.
  /// - Complexity: O(VMs on the source + hosts) per call, times expression size.
  func next(_ round: inout BalanceRound, in state: SchedulerState) -> BalanceProposal? {
    while let (vm, source) = nextCandidate(&round, in: state) {
      if let proposal = proposal(vm: vm, source: source, round, in: state) { return proposal }
    }
    return nil
  }

  /// The round's next candidate VM and its source, before its destinations are found (a
  /// planner may reject it on its source alone): sources in order, their VMs in order.
  /// - Complexity: O(VMs on the source × expression size) when a source starts, else O(1).
  func nextCandidate(_ round: inout BalanceRound, in state: SchedulerState) -> (
    vm: Int, source: Int
  )? {
    var context = EvaluationContext(tables: state.tables, hostIndex: 0, vmIndex: -1)
    while let source = round.source(at: round.sourcePosition)?.host {
      if round.vms == nil {
        round.vms = candidateVMs(of: source, &context, in: state.snapshot)
        round.vmPosition = 0
      }
      if let vms = round.vms, round.vmPosition < vms.count {
        round.vmPosition += 1
        return (vms[round.vmPosition - 1].vm, source)
      }
      round.sourcePosition += 1
      round.vms = nil
    }
    return nil
  }

  /// The proposal to move `vm` off `source`: the round's other hosts that pass the destination
  /// rule, plus the source; `nil` when no host passes.
  /// - Complexity: O(hosts × expression size).
  func proposal(vm: Int, source: Int, _ round: BalanceRound, in state: SchedulerState)
    -> BalanceProposal?
  {
    var context = EvaluationContext(tables: state.tables, hostIndex: 0, vmIndex: vm)
    var destinations: [Int] = []
    for host in round.hosts where host != source {
      context.hostIndex = host
      if balancer.destinationWhen.expression.evaluateBool(context) { destinations.append(host) }
    }
    guard !destinations.isEmpty else { return nil }
    return BalanceProposal(
      vm: vm, source: source, destinations: destinations + [source],
      sourceLoad: round.loads[source], maxLoad: round.maxLoad)
  }

  /// A source's VMs that may move (migratable, passing `vm.when`), in `vm.order`, ties by index.
  /// - Complexity: O(VMs on the source × expression size).
  func candidateVMs(
    of source: Int, _ context: inout EvaluationContext, in snapshot: ClusterSnapshot
  ) -> [(vm: Int, key: Double)] {
    var vms: [(vm: Int, key: Double)] = []
    for vm in snapshot.runningVMIndicesByHost[source] {
      guard snapshot.vms[vm].migrationMode == .migratable else { continue }
      context.hostIndex = source
      context.vmIndex = vm
      guard balancer.vmWhen.expression.evaluateBool(context) else { continue }
      vms.append((vm, balancer.vmOrder.map { $0.expression.evaluateNumber(context) } ?? 0))
    }
    return vms.sorted { ($0.key, $0.vm) < ($1.key, $1.vm) }
  }

  /// How many entries of each ranking a step's reason keeps: the head of the order is what
  /// explains a move, and keeping every VM of every source (thousands on a large cluster) in
  /// every step cost more time and memory than the balancing itself.
  static let rankingLimit = 10

  /// The head of the balancer's ranked candidate VMs of a round (at most ``rankingLimit``):
  /// every source in order, each source's candidate VMs in order (Docs/ovirt.md §2.6.1: the
  /// ordered list a balancer returns).
  /// - Complexity: O(VMs on the first sources × expression size): it stops at the limit.
  func rankedVMs(_ round: inout BalanceRound, in state: SchedulerState)
    -> [(vm: Int, source: Int, key: Double)]
  {
    var context = EvaluationContext(tables: state.tables, hostIndex: 0, vmIndex: -1)
    var ranked: [(vm: Int, source: Int, key: Double)] = []
    var position = 0
    while ranked.count < Self.rankingLimit, let source = round.source(at: position)?.host {
      ranked += candidateVMs(of: source, &context, in: state.snapshot).map {
        (vm: $0.vm, source: source, key: $0.key)
      }
      position += 1
    }
    return Array(ranked.prefix(Self.rankingLimit))
  }

  /// The head of a proposal's destination whitelist ranked as oVirt lists under-utilized
  /// hosts (at most ``rankingLimit`` of them): least balancer load first, ties by index, then
  /// the source (added so the VM may stay).
  /// - Complexity: O(destinations × ``rankingLimit``): the head is selected, not sorted out of
  ///   every destination.
  static func rankedDestinations(_ proposal: BalanceProposal, loads: [Double]) -> [Int] {
    let others = proposal.destinations.filter { $0 != proposal.source }
    // Least load first is most merit first; ties by the lower host index.
    let merit = others.map { loads.indices.contains($0) ? -loads[$0] : 0 }
    let head = WeightSelector.ranking(merit: merit, keys: others, limit: rankingLimit)
    return head.map { others[$0] } + [proposal.source]
  }

  /// Every proposal of a state, in order, and every host's balancer load (the reference the
  /// one-at-a-time search is tested against).
  func proposals(in state: SchedulerState) -> (proposals: [BalanceProposal], loads: [Double]) {
    var state = state
    var round = prepare(&state, busy: Set(Self.busyHosts(in: state.snapshot).map(\.host)))
    var result: [BalanceProposal] = []
    while let proposal = next(&round, in: state) { result.append(proposal) }
    return (result, round.loads)
  }

  /// ``rankedVMs(_:in:)`` of a state's round (the reference path's counterpart).
  func rankedVMs(in state: SchedulerState) -> [(vm: Int, source: Int, key: Double)] {
    var state = state
    var round = prepare(&state, busy: Set(Self.busyHosts(in: state.snapshot).map(\.host)))
    return rankedVMs(&round, in: state)
  }

  /// The balancer's load of every host, for hysteresis.
  func loads(in state: SchedulerState) -> [Double] { prepared(state).tables.balance.hostLoad }

  /// The balancer's load of one host, as ``loads(in:)`` computes it (`host` must be one of the
  /// balancer's hosts).
  func load(of host: Int, in state: SchedulerState) -> Double {
    state.tables.balanceLoad(balancer.hostLoad.expression, host: host)
  }
}

/// Where a balancer round is: its hosts, loads and ordered sources, and how far the search for
/// proposals has got.
struct BalanceRound {
  var hosts: [Int]
  var loads: [Double]
  var maxLoad: Double = 0
  /// The sources, ordered by key then host up to `orderedCount`, the rest unordered: a
  /// round usually takes its move from its first source, so the first
  /// ``selectedSources`` are each selected when the search reaches them, and a search that
  /// goes further sorts the rest once.
  private var sources: [(host: Int, key: Double)] = []
  private var orderedCount = 0
  /// Whether a key is NaN (the order then comes from one full sort).
  private var hasUnorderedKey = false
  var sourcePosition = 0
  var vms: [(vm: Int, key: Double)]?
  var vmPosition = 0

  init(hosts: [Int], loads: [Double]) {
    self.hosts = hosts
    self.loads = loads
  }

  /// Adds a source with its order key.
  mutating func addSource(_ host: Int, key: Double) {
    sources.append((host, key))
    hasUnorderedKey = hasUnorderedKey || key.isNaN
    orderedCount = 0
  }

  /// How many sources are selected one at a time before the rest are sorted.
  static let selectedSources = 8

  /// The source at `position` of the order (ascending key, ties by host), or `nil` past the
  /// last one.
  /// - Complexity: O(sources) for each of the first ``selectedSources`` positions, then one
  ///   O(sources × log sources) sort.
  mutating func source(at position: Int) -> (host: Int, key: Double)? {
    guard sources.indices.contains(position) else { return nil }
    func precedes(_ a: (host: Int, key: Double), _ b: (host: Int, key: Double)) -> Bool {
      (a.key, a.host) < (b.key, b.host)
    }
    if orderedCount < sources.count, hasUnorderedKey || position >= Self.selectedSources {
      sources[orderedCount...].sort(by: precedes)
      orderedCount = sources.count
    }
    while orderedCount <= position {
      var first = orderedCount
      for index in (orderedCount + 1)..<sources.count where precedes(sources[index], sources[first])
      {
        first = index
      }
      sources.swapAt(orderedCount, first)
      orderedCount += 1
    }
    return sources[position]
  }
}
