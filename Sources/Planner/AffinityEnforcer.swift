import Diagnostics
import Inventory
import Plan
import Policy
import Scheduler

/// oVirt's affinity-rules enforcement loop (Docs/ovirt.md §7.1), hard rules only: which VM to
/// move next so that enforcing VM-to-host and VM-to-VM groups hold, with the destination chosen
/// by the scheduling pipeline (BalanceVm: the VM's current host blacklisted).
///
/// Candidates, in oVirt's order:
/// 1. VMs breaking enforcing VM-to-host groups, fewest broken groups first (oVirt's comment
///    says descending; its code sorts ascending — reproduced);
/// 2. VMs of broken enforcing VM-to-VM groups: positive groups unified transitively; groups
///    ordered larger first, then by name; a broken positive group moves its minority (per-host
///    subsets smallest first), a broken negative group moves from per-host subsets of more than
///    one VM, largest first; hosts running a pinned, manual-only or hosted-engine member are left
///    out. Within a subset VMs go in snapshot order (oVirt shuffles; a plan must be
///    deterministic).
/// Each candidate must be migratable and not the hosted engine; the first one the pipeline can
/// place elsewhere is the round's move.
struct AffinityEnforcer {
  let scheduler: Scheduler
  /// The running VMs that cannot migrate (not migratable, or the hosted engine), found once:
  /// planners move only migratable running VMs, so the set is the same every round (where
  /// they run is read each round).
  let immovableVMs: [Int]

  init(scheduler: Scheduler, snapshot: ClusterSnapshot) {
    self.scheduler = scheduler
    immovableVMs = snapshot.vms.indices.filter {
      snapshot.vms[$0].isRunning
        && (snapshot.vms[$0].migrationMode != .migratable || snapshot.vms[$0].isHostedEngine)
    }
  }

  struct Move {
    var vm: Int
    var from: Int
    var to: Int
    var decision: PlacementDecision
    var rule: String
  }

  /// The next move, or nil when nothing enforceable is broken.
  func nextMove(in state: SchedulerState) -> Move? {
    let snapshot = state.snapshot
    for candidate in candidates(in: snapshot) {
      let vm = snapshot.vms[candidate.vm]
      guard vm.migrationMode == .migratable, !vm.isHostedEngine, let from = vm.hostIndex else {
        continue
      }
      let decision = scheduler.decide(
        VMGroup(vmIndices: [candidate.vm]), in: state,
        constraints: HostConstraints(blacklist: [from]))
      guard let to = decision.outcome.hostIndex, to != from else { continue }
      return Move(vm: candidate.vm, from: from, to: to, decision: decision, rule: candidate.rule)
    }
    return nil
  }

  /// Every VM that breaks a hard rule, in enforcement order, with the rule in words.
  func candidates(in snapshot: ClusterSnapshot) -> [(vm: Int, rule: String)] {
    var result: [(vm: Int, rule: String)] = []
    // 1. VM-to-host.
    var brokenCount: [Int: Int] = [:]
    var firstRule: [Int: String] = [:]
    for group in snapshot.affinityGroups
    where group.hostRule.isEnforcing && group.hostRule.polarity != .disabled {
      let hosts = Set(snapshot.memberHostIndices(of: group))
      for vm in snapshot.memberVMIndices(of: group) {
        guard snapshot.vms[vm].isRunning, let host = snapshot.vms[vm].hostIndex else { continue }
        let inGroup = hosts.contains(host)
        if inGroup != (group.hostRule.polarity == .positive) {
          brokenCount[vm, default: 0] += 1
          if firstRule[vm] == nil {
            firstRule[vm] =
              "VM-to-host group '\(group.name)' (\(group.hostRule.polarity.rawValue), enforcing)"
          }
        }
      }
    }
    for vm in brokenCount.keys.sorted(by: {
      (brokenCount[$0] ?? 0, $0) < (brokenCount[$1] ?? 0, $1)
    }) {
      result.append((vm, firstRule[vm] ?? ""))
    }
    // 2. VM-to-VM.
    let groups = unifiedVMGroups(snapshot)
    let immovableHosts = Set(
      groups.isEmpty ? [] : immovableVMs.compactMap { snapshot.vms[$0].hostIndex })
    for group in groups {
      var byHost: [Int: [Int]] = [:]
      for vm in group.members {
        guard snapshot.vms[vm].isRunning, let host = snapshot.vms[vm].hostIndex else { continue }
        byHost[host, default: []].append(vm)
      }
      let rule =
        "VM-to-VM group '\(group.name)' (\(group.isPositive ? "positive" : "negative"), enforcing)"
      if group.isPositive {
        guard byHost.count > 1 else { continue }
        let subsets = byHost.filter { !immovableHosts.contains($0.key) }
          .sorted { ($0.value.count, $0.key) < ($1.value.count, $1.key) }
        for subset in subsets { for vm in subset.value.sorted() { result.append((vm, rule)) } }
      } else {
        let subsets = byHost.filter { $0.value.count > 1 && !immovableHosts.contains($0.key) }
          .sorted { ($0.value.count, -$0.key) > ($1.value.count, -$1.key) }
        for subset in subsets { for vm in subset.value.sorted() { result.append((vm, rule)) } }
      }
    }
    var seen: Set<Int> = []
    return result.filter { seen.insert($0.vm).inserted }
  }

  struct UnifiedGroup {
    var name: String
    var members: [Int]
    var isPositive: Bool
  }

  /// Enforcing VM-to-VM groups; positive ones merged transitively when they share a VM
  /// (the scheduler's own unification).
  func unifiedVMGroups(_ snapshot: ClusterSnapshot) -> [UnifiedGroup] {
    let positives = VMGrouper.unifiedPositiveGroups(in: snapshot).map {
      UnifiedGroup(
        name: $0.groupNames.joined(separator: "+"), members: $0.members, isPositive: true)
    }
    let negatives = snapshot.affinityGroups.filter {
      $0.vmRule.isEnforcing && $0.vmRule.polarity == .negative
    }.map {
      UnifiedGroup(name: $0.name, members: snapshot.memberVMIndices(of: $0), isPositive: false)
    }
    return (positives + negatives).sorted {
      ($0.members.count, $1.name) > ($1.members.count, $0.name)
    }
  }

  /// Sets of enforcing rules that no placement can satisfy, in words.
  func staticConflicts(_ snapshot: ClusterSnapshot) -> [String] {
    var conflicts: [String] = []
    let groups = unifiedVMGroups(snapshot)
    for positive in groups where positive.isPositive {
      for negative in groups where !negative.isPositive {
        let shared = Set(positive.members).intersection(negative.members).sorted()
        if shared.count >= 2 {
          conflicts.append(
            "positive group '\(positive.name)' keeps "
              + shared.map { "'\(snapshot.vms[$0].name)'" }.joined(separator: " and ")
              + " together, negative group '\(negative.name)' keeps them apart")
        }
      }
      // Members pinned by positive VM-to-host groups to disjoint host sets.
      var allowed: Set<Int>?
      var names: [String] = []
      for group in snapshot.affinityGroups
      where group.hostRule.isEnforcing && group.hostRule.polarity == .positive {
        let members = Set(snapshot.memberVMIndices(of: group))
        guard !members.isDisjoint(with: positive.members) else { continue }
        let hosts = Set(snapshot.memberHostIndices(of: group))
        allowed = allowed.map { $0.intersection(hosts) } ?? hosts
        names.append(group.name)
      }
      if let allowed, allowed.isEmpty {
        conflicts.append(
          "positive group '\(positive.name)' must share a host, but VM-to-host groups "
            + names.map { "'\($0)'" }.joined(separator: ", ") + " leave no host they all allow")
      }
    }
    return conflicts
  }
}
