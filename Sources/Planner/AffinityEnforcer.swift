import Diagnostics
import Inventory
import Plan
import Policy
import Scheduler

/// One rule of an affinity group: its VM-to-VM or its VM-to-host rule. Enforcement skips the
/// rules that are in conflict, and only those.
struct AffinityRuleRef: Hashable, Sendable {
  var group: String
  var isHostRule: Bool
}

/// oVirt's affinity-rules enforcement loop (Docs/ovirt.md §7.1): which VM to move next so that
/// the affinity groups hold, with the destination chosen by the scheduling pipeline (BalanceVm:
/// the VM's current host blacklisted).
///
/// Candidates, in oVirt's order:
/// 1. VMs breaking enforcing VM-to-host groups, fewest broken groups first (oVirt's comment
///    says descending; its code sorts ascending — reproduced), ties in VM-id order;
/// 2. VMs of broken enforcing VM-to-VM groups: positive groups unified transitively; groups
///    ordered larger first, then by their smallest VM id; a broken positive group moves its
///    minority (per-host subsets smallest first), a broken negative group moves from per-host
///    subsets of more than one VM, largest first; a host running a pinned, manual-only or
///    hosted-engine member of the group is left out. Within a subset VMs go in snapshot order
///    (oVirt shuffles; a plan must be deterministic);
/// 3. VMs breaking soft VM-to-host groups, as in 1;
/// 4. VMs of broken soft VM-to-VM groups, as in 2 (not unified), groups by higher priority
///    first, then larger, then smallest VM id.
/// Each candidate must be migratable and not the hosted engine, and the pipeline must place it
/// elsewhere; a soft candidate must also be sent elsewhere by a schedule that may keep it where
/// it is, and the move must improve its soft affinity (``improvesSoftAffinity``). The first
/// such candidate is the round's move. Rules in `skipping` (in conflict) are not enforced.
struct AffinityEnforcer {
  let scheduler: Scheduler
  /// The running VMs that cannot migrate (not migratable, or the hosted engine), found once:
  /// planners move only migratable running VMs, so the set is the same every round (where
  /// they run is read each round).
  let immovableVMs: Set<Int>

  init(scheduler: Scheduler, snapshot: ClusterSnapshot) {
    self.scheduler = scheduler
    immovableVMs = Set(
      snapshot.vms.indices.filter {
        snapshot.vms[$0].isRunning
          && (snapshot.vms[$0].migrationMode != .migratable || snapshot.vms[$0].isHostedEngine)
      })
  }

  struct Move {
    var vm: Int
    var from: Int
    var to: Int
    var decision: PlacementDecision
    var rule: String
    var rules: [AffinityRuleRef]
  }

  struct Candidate {
    var vm: Int
    var rule: String
    var rules: [AffinityRuleRef]
    var isSoft: Bool
  }

  /// The next move, or nil when nothing enforceable is broken.
  func nextMove(in state: SchedulerState, skipping: Set<AffinityRuleRef>) -> Move? {
    nextMove(in: state, candidates: candidates(in: state.snapshot, skipping: skipping))
  }

  /// The next move among `candidates` (``candidates(in:skipping:)`` of the state's snapshot),
  /// or nil when none can move.
  func nextMove(in state: SchedulerState, candidates: [Candidate]) -> Move? {
    let snapshot = state.snapshot
    for candidate in candidates {
      let vm = snapshot.vms[candidate.vm]
      guard vm.migrationMode == .migratable, !vm.isHostedEngine, let from = vm.hostIndex else {
        continue
      }
      if candidate.isSoft {
        // oVirt's soft check: a schedule that may keep the VM where it is must move it, and
        // the move must improve soft affinity.
        let free = scheduler.decide(
          VMGroup(vmIndices: [candidate.vm]), in: state, constraints: .none)
        guard let target = free.outcome.hostIndex, target != from,
          improvesSoftAffinity(vm: candidate.vm, from: from, to: target, in: snapshot)
        else { continue }
      }
      let decision = scheduler.decide(
        VMGroup(vmIndices: [candidate.vm]), in: state,
        constraints: HostConstraints(blacklist: [from]))
      guard let to = decision.outcome.hostIndex, to != from else { continue }
      return Move(
        vm: candidate.vm, from: from, to: to, decision: decision, rule: candidate.rule,
        rules: candidate.rules)
    }
    return nil
  }

  /// Every VM that breaks an affinity rule, in enforcement order, with the rule in words.
  func candidates(in snapshot: ClusterSnapshot, skipping: Set<AffinityRuleRef> = [])
    -> [Candidate]
  {
    var result: [Candidate] = []
    for enforcing in [true, false] {
      result += hostRuleCandidates(snapshot, enforcing: enforcing, skipping: skipping)
      result += vmRuleCandidates(snapshot, enforcing: enforcing, skipping: skipping)
    }
    var seen: Set<Int> = []
    return result.filter { seen.insert($0.vm).inserted }
  }

  /// Steps 1 and 3: VMs breaking VM-to-host groups, fewest broken groups first.
  func hostRuleCandidates(
    _ snapshot: ClusterSnapshot, enforcing: Bool, skipping: Set<AffinityRuleRef>
  ) -> [Candidate] {
    var broken: [Int: [AffinityRuleRef]] = [:]
    var firstRule: [Int: String] = [:]
    for group in snapshot.affinityGroups
    where group.hostRule.isEnforcing == enforcing && group.hostRule.isEnabled
      && !skipping.contains(AffinityRuleRef(group: group.name, isHostRule: true))
    {
      let hosts = Set(snapshot.memberHostIndices(of: group))
      for vm in snapshot.memberVMIndices(of: group) {
        guard snapshot.vms[vm].isRunning, let host = snapshot.vms[vm].hostIndex else { continue }
        if hosts.contains(host) != (group.hostRule.polarity == .positive) {
          broken[vm, default: []].append(AffinityRuleRef(group: group.name, isHostRule: true))
          if firstRule[vm] == nil {
            firstRule[vm] =
              "VM-to-host group '\(group.name)' (\(group.hostRule.polarity.rawValue), "
              + "\(enforcing ? "enforcing" : "soft"))"
          }
        }
      }
    }
    let order = broken.keys.sorted {
      let (left, right) = (broken[$0]?.count ?? 0, broken[$1]?.count ?? 0)
      return left != right ? left < right : snapshot.vmIdPrecedes($0, $1)
    }
    return order.map {
      Candidate(vm: $0, rule: firstRule[$0] ?? "", rules: broken[$0] ?? [], isSoft: !enforcing)
    }
  }

  /// Steps 2 and 4: VMs of broken VM-to-VM groups.
  func vmRuleCandidates(
    _ snapshot: ClusterSnapshot, enforcing: Bool, skipping: Set<AffinityRuleRef>
  ) -> [Candidate] {
    var result: [Candidate] = []
    for group in vmGroups(snapshot, enforcing: enforcing, skipping: skipping) {
      var byHost: [Int: [Int]] = [:]
      var immovableHosts: Set<Int> = []
      for vm in group.members {
        guard snapshot.vms[vm].isRunning, let host = snapshot.vms[vm].hostIndex else { continue }
        byHost[host, default: []].append(vm)
        if immovableVMs.contains(vm) { immovableHosts.insert(host) }
      }
      let rule =
        "VM-to-VM group '\(group.name)' (\(group.isPositive ? "positive" : "negative"), "
        + "\(enforcing ? "enforcing" : "soft"))"
      let subsets: [(key: Int, value: [Int])]
      if group.isPositive {
        guard byHost.count > 1 else { continue }
        subsets = byHost.filter { !immovableHosts.contains($0.key) }
          .sorted { ($0.value.count, $0.key) < ($1.value.count, $1.key) }
      } else {
        subsets = byHost.filter { $0.value.count > 1 && !immovableHosts.contains($0.key) }
          .sorted { ($0.value.count, -$0.key) > ($1.value.count, -$1.key) }
      }
      for subset in subsets {
        for vm in subset.value.sorted() {
          result.append(Candidate(vm: vm, rule: rule, rules: group.rules, isSoft: !enforcing))
        }
      }
    }
    return result
  }

  struct UnifiedGroup {
    var name: String
    var members: [Int]
    var isPositive: Bool
    var priority: Double
    var rules: [AffinityRuleRef]
  }

  /// The VM-to-VM groups of one step, in oVirt's order: higher priority first (soft groups),
  /// larger groups first, then the group with the smaller smallest VM id. Enforcing positive
  /// groups are merged transitively when they share a VM (the scheduler's own unification).
  func vmGroups(
    _ snapshot: ClusterSnapshot, enforcing: Bool, skipping: Set<AffinityRuleRef> = []
  ) -> [UnifiedGroup] {
    var groups: [UnifiedGroup] = []
    for group in snapshot.affinityGroups
    where group.vmRule.isEnforcing == enforcing && group.vmRule.isEnabled
      && !skipping.contains(AffinityRuleRef(group: group.name, isHostRule: false))
    {
      let members = snapshot.memberVMIndices(of: group)
      let rule = AffinityRuleRef(group: group.name, isHostRule: false)
      let isPositive = group.vmRule.polarity == .positive
      if enforcing, isPositive {
        // Merge with every earlier positive group sharing a VM.
        var merged = UnifiedGroup(
          name: group.name, members: members, isPositive: true, priority: group.priority,
          rules: [rule])
        var kept: [UnifiedGroup] = []
        for other in groups {
          if other.isPositive, !Set(other.members).isDisjoint(with: merged.members) {
            merged = UnifiedGroup(
              name: other.name + "+" + merged.name,
              members: Array(Set(other.members).union(merged.members)).sorted(),
              isPositive: true, priority: max(other.priority, merged.priority),
              rules: other.rules + merged.rules)
          } else {
            kept.append(other)
          }
        }
        groups = kept + [merged]
      } else {
        groups.append(
          UnifiedGroup(
            name: group.name, members: members, isPositive: isPositive, priority: group.priority,
            rules: [rule]))
      }
    }
    return groups.sorted { left, right in
      if !enforcing, left.priority != right.priority { return left.priority > right.priority }
      if left.members.count != right.members.count {
        return left.members.count > right.members.count
      }
      switch (snapshot.smallestVMById(left.members), snapshot.smallestVMById(right.members)) {
      case (let l?, let r?) where l != r: return snapshot.vmIdPrecedes(l, r)
      default: return left.name < right.name
      }
    }
  }

  /// oVirt's "must improve soft affinity" check for a soft candidate (Docs/ovirt.md §7.1): the
  /// move from `from` to `to` improves either soft VM-to-host or soft VM-to-VM affinity. Both
  /// walk the VM's soft groups by descending priority and decide at the first priority level
  /// where something differs.
  func improvesSoftAffinity(vm: Int, from: Int, to: Int, in snapshot: ClusterSnapshot) -> Bool {
    let groups = snapshot.affinityGroups.filter {
      snapshot.memberVMIndices(of: $0).contains(vm)
    }
    let levels = Set(groups.map(\.priority)).sorted(by: >)
    return improvesHostAffinity(groups, levels: levels, from: from, to: to, snapshot)
      || improvesVMAffinity(groups, levels: levels, vm: vm, from: from, to: to, snapshot)
  }

  /// Host affinity improves iff, at the first level where the counts differ, fewer soft
  /// VM-to-host groups are broken on the target than on the source.
  func improvesHostAffinity(
    _ groups: [AffinityGroup], levels: [Double], from: Int, to: Int, _ snapshot: ClusterSnapshot
  ) -> Bool {
    func broken(_ level: Double, on host: Int) -> Int {
      groups.filter {
        $0.priority == level && $0.hostRule.isEnabled && !$0.hostRule.isEnforcing
          && snapshot.memberHostIndices(of: $0).contains(host)
            != ($0.hostRule.polarity == .positive)
      }.count
    }
    for level in levels {
      let (source, target) = (broken(level, on: from), broken(level, on: to))
      if source != target { return target < source }
    }
    return false
  }

  /// VM affinity improves iff, at the first level with a non-zero score, neither the positive
  /// nor the negative groups' score is negative. A positive group scores +1 / −1 / 0 as the
  /// target holds more / fewer / as many of its other members as the source; a negative group
  /// scores +1 when the source holds other members and −1 when the target holds any.
  func improvesVMAffinity(
    _ groups: [AffinityGroup], levels: [Double], vm: Int, from: Int, to: Int,
    _ snapshot: ClusterSnapshot
  ) -> Bool {
    func others(_ group: AffinityGroup, on host: Int) -> Int {
      snapshot.memberVMIndices(of: group).filter {
        $0 != vm && snapshot.vms[$0].isRunning && snapshot.vms[$0].hostIndex == host
      }.count
    }
    for level in levels {
      var positive = 0
      var negative = 0
      for group in groups
      where group.priority == level && group.vmRule.isEnabled && !group.vmRule.isEnforcing {
        let (source, target) = (others(group, on: from), others(group, on: to))
        if group.vmRule.polarity == .positive {
          positive += target > source ? 1 : target < source ? -1 : 0
        } else {
          negative += (source > 0 ? 1 : 0) - (target > 0 ? 1 : 0)
        }
      }
      if positive != 0 || negative != 0 { return positive >= 0 && negative >= 0 }
    }
    return false
  }
}

/// The enforcement candidates (``AffinityEnforcer/candidates(in:skipping:)``) kept across
/// rounds. They read only where the groups' member VMs run — membership, member hosts and the
/// immovable VMs are fixed for a plan — so they are found again only after a member moved or
/// with other skipped rules, not every round.
struct EnforcementCandidates {
  /// The VMs of any affinity group.
  private let members: Set<Int>
  /// The candidates last found, and the skipped rules they were found with.
  private var found: (candidates: [AffinityEnforcer.Candidate], skipping: Set<AffinityRuleRef>)?

  init(snapshot: ClusterSnapshot) {
    members = Set(snapshot.affinityGroups.flatMap { snapshot.memberVMIndices(of: $0) })
  }

  /// The candidates of `snapshot`, found again only when something they read has changed.
  mutating func current(
    _ enforcer: AffinityEnforcer, _ snapshot: ClusterSnapshot, skipping: Set<AffinityRuleRef>
  ) -> [AffinityEnforcer.Candidate] {
    if let found, found.skipping == skipping { return found.candidates }
    let candidates = enforcer.candidates(in: snapshot, skipping: skipping)
    found = (candidates, skipping)
    return candidates
  }

  /// `vm` has moved (or started).
  mutating func moved(_ vm: Int) {
    if members.contains(vm) { found = nil }
  }
}
