import Inventory

/// A VM move decided by the solver, in decision order, before waves are assigned.
public struct PlannedMove: Hashable, Sendable {
  /// Migrate (live) or restart (after a host failure).
  public var action: StepAction
  /// The VM.
  public var vm: Int
  /// The source host (migrate) or failed host (restart).
  public var from: Int?
  /// The destination.
  public var to: Int
  /// Why.
  public var reason: StepReason
  /// Estimated seconds.
  public var estimatedSeconds: Double
  /// Migration parameters (migrate only).
  public var parameters: MigrationParameters?

  /// Creates a move.
  public init(
    action: StepAction, vm: Int, from: Int?, to: Int, reason: StepReason,
    estimatedSeconds: Double, parameters: MigrationParameters? = nil
  ) {
    self.action = action
    self.vm = vm
    self.from = from
    self.to = to
    self.reason = reason
    self.estimatedSeconds = estimatedSeconds
    self.parameters = parameters
  }
}

/// Groups sequential moves into waves that an executor may run concurrently, keeping every
/// intermediate state safe.
///
/// The solver decides moves one after the other, each valid in the state the previous ones
/// leave. A wave may run moves together only when none depends on another:
/// - the same VM moves twice;
/// - a move enters the host an earlier move leaves (it may need the room, or the absence of an
///   anti-affine VM, that the earlier move creates);
/// - the VMs share an enforcing affinity group (conservative), except members of one positive
///   VM-to-VM group going to the same host, which move in the same wave so the group is not
///   split at a wave boundary — as many as the cluster's and the hosts' concurrency limits allow
///   at once; a larger group moves over consecutive waves (as oVirt's enforcement moves one VM
///   at a time), and the verifier checks positive groups once the plan is done.
/// Then each move goes in the earliest wave after its dependencies where the cluster's and the
/// hosts' concurrency limits hold and its destination's memory stays within capacity during
/// that wave and every later one (a source releases memory only when its wave ends).
///
/// - Complexity: O(moves² + moves × waves × hosts touched).
public struct WavePlanner: Sendable {
  /// The state before the plan.
  public let initial: ProjectedState
  /// The limits in force.
  public let limits: PlanLimits

  /// Creates a planner.
  public init(initial: ProjectedState, limits: PlanLimits) {
    self.initial = initial
    self.limits = limits
  }

  /// The wave (1-based) and dependencies (indices of earlier moves) of every move.
  public func assign(_ moves: [PlannedMove]) -> [(wave: Int, dependsOn: [Int])] {
    let snapshot = initial.snapshot
    // Enforcing groups per VM, and units of positive groups moving together.
    var groupsOfVM = [[Int]](repeating: [], count: snapshot.vms.count)
    var positiveGroups: Set<Int> = []
    for (groupIndex, group) in snapshot.affinityGroups.enumerated()
    where group.vmRule.isEnforcing || group.hostRule.isEnforcing {
      for vm in snapshot.memberVMIndices(of: group) { groupsOfVM[vm].append(groupIndex) }
      if group.vmRule.isEnforcing, group.vmRule.polarity == .positive {
        positiveGroups.insert(groupIndex)
      }
    }
    // Per move only what the rules read, so the pair checks copy no move.
    let vmOf = moves.map(\.vm)
    let fromOf = moves.map(\.from)
    let toOf = moves.map(\.to)
    let sharesAnyGroup = vmOf.map { !groupsOfVM[$0].isEmpty }
    func sameUnit(_ i: Int, _ j: Int) -> Bool {
      guard toOf[i] == toOf[j] else { return false }
      return groupsOfVM[vmOf[i]].contains {
        positiveGroups.contains($0) && groupsOfVM[vmOf[j]].contains($0)
      }
    }
    func shareGroup(_ i: Int, _ j: Int) -> Bool {
      sharesAnyGroup[i] && sharesAnyGroup[j]
        && groupsOfVM[vmOf[i]].contains { groupsOfVM[vmOf[j]].contains($0) }
    }
    var dependencies = [[Int]](repeating: [], count: moves.count)
    var unitOf = Array(moves.indices)
    var unitSize = [Int](repeating: 1, count: moves.count)
    // A unit never exceeds the concurrency limits (its moves all go to one host).
    let largestUnit = max(
      1, min(limits.maxConcurrentMigrationsPerCluster, limits.maxConcurrentMigrationsPerHost))
    // The earlier moves a move can relate to: the same VM, leaving its destination, or in one of
    // its VM's enforcing groups (the only pairs the rules below can match), in order.
    var movesOfVM: [Int: [Int]] = [:]
    var movesLeaving: [Int: [Int]] = [:]
    var movesOfGroup: [Int: [Int]] = [:]
    for j in moves.indices {
      var related = movesOfVM[vmOf[j]] ?? []
      related += movesLeaving[toOf[j]] ?? []
      for group in groupsOfVM[vmOf[j]] { related += movesOfGroup[group] ?? [] }
      for i in Set(related).sorted() {
        if sameUnit(i, j) {
          if unitOf[j] == unitOf[i] { continue }
          if unitOf[j] == j, unitSize[unitOf[i]] < largestUnit {
            unitOf[j] = unitOf[i]
            unitSize[unitOf[i]] += 1
            continue
          }
        }
        if vmOf[i] == vmOf[j] || (fromOf[i] != nil && fromOf[i] == toOf[j]) || shareGroup(i, j) {
          dependencies[j].append(i)
        }
      }
      movesOfVM[vmOf[j], default: []].append(j)
      if let from = fromOf[j] { movesLeaving[from, default: []].append(j) }
      for group in groupsOfVM[vmOf[j]] { movesOfGroup[group, default: []].append(j) }
    }
    var unitMembers = [[Int]](repeating: [], count: moves.count)
    for j in moves.indices { unitMembers[unitOf[j]].append(j) }
    var waveOf = [Int](repeating: 0, count: moves.count)
    var lastWave = 0
    /// Per host: the waves with memory arriving or leaving, and how much.
    var memoryEvents = [[Int: (incoming: Int, outgoing: Int)]](
      repeating: [:], count: snapshot.hosts.count)
    // Per wave (index 0 unused): migrations, outgoing/incoming per host.
    var waveMigrations = [0]
    var outgoing: [[Int: Int]] = [[:]]
    var incoming: [[Int: Int]] = [[:]]
    let perHost = max(1, limits.maxConcurrentMigrationsPerHost)
    let perCluster = max(1, limits.maxConcurrentMigrationsPerCluster)
    // Every wave before this one holds the cluster's limit of migrations, so no unit with a
    // migration fits there: the search for such a unit starts here (waves only fill up).
    var firstOpenWave = 1

    /// Whether adding `memory` to host `to` from wave `wave` on keeps every wave ≥ `wave` within
    /// capacity (during a wave: committed before it plus that wave's incoming).
    func memoryFits(_ memory: Int, to host: Int, from wave: Int) -> Bool {
      let capacity = initial.capacityMiB(host: host)
      var committed = initial.committedMiB[host]
      // Only waves with events for the host (and `wave`) change anything; in wave order.
      let events = memoryEvents[host]
      var waves = Array(events.keys)
      if events[wave] == nil { waves.append(wave) }
      for w in waves.sorted() where w <= max(wave, lastWave) {
        let event = events[w] ?? (0, 0)
        let arriving = event.incoming + (w == wave ? memory : 0)
        if w >= wave, arriving > 0, committed + arriving > capacity { return false }
        committed += arriving - event.outgoing
      }
      return true
    }

    var index = 0
    while index < moves.count {
      // A unit: this move plus later moves merged into it.
      let members = unitMembers[index].filter { waveOf[$0] == 0 }
      guard !members.isEmpty else {
        index += 1
        continue
      }
      let earliest = 1 + (members.flatMap { dependencies[$0] }.map { waveOf[$0] }.max() ?? 0)
      let migrations = members.filter { moves[$0].action == .migrate }
      var wave = migrations.isEmpty ? earliest : max(earliest, firstOpenWave)
      while true {
        while waveMigrations.count <= wave {
          waveMigrations.append(0)
          outgoing.append([:])
          incoming.append([:])
        }
        let clusterCount = waveMigrations[wave] + migrations.count
        var fits = clusterCount <= perCluster || waveMigrations[wave] == 0
        for member in migrations where fits {
          let move = moves[member]
          if let from = move.from, (outgoing[wave][from] ?? 0) + 1 > perHost { fits = false }
          if (incoming[wave][move.to] ?? 0) + migrations.filter({ moves[$0].to == move.to }).count
            > perHost && (incoming[wave][move.to] ?? 0) > 0
          {
            fits = false
          }
        }
        if fits {
          var memoryByHost: [Int: Int] = [:]
          for member in members {
            memoryByHost[moves[member].to, default: 0] += initial.requiredMemoryMiB(
              vm: moves[member].vm)
          }
          for (host, memory) in memoryByHost.sorted(by: { $0.key < $1.key }) where fits {
            if !memoryFits(memory, to: host, from: wave) && wave < earliest + moves.count {
              fits = false
            }
          }
        }
        if fits || wave > earliest + moves.count { break }
        wave += 1
      }
      for member in members {
        let move = moves[member]
        waveOf[member] = wave
        let memory = initial.requiredMemoryMiB(vm: move.vm)
        memoryEvents[move.to][wave, default: (0, 0)].incoming += memory
        if let from = move.from, move.action == .migrate {
          memoryEvents[from][wave, default: (0, 0)].outgoing += memory
          outgoing[wave][from, default: 0] += 1
        }
        if move.action == .migrate {
          waveMigrations[wave] += 1
          incoming[wave][move.to, default: 0] += 1
        }
      }
      while firstOpenWave < waveMigrations.count, waveMigrations[firstOpenWave] >= perCluster {
        firstOpenWave += 1
      }
      lastWave = max(lastWave, wave)
      index += 1
    }
    return moves.indices.map { (waveOf[$0], dependencies[$0]) }
  }
}
