import Inventory

/// Soft VM→host affinity (oVirt's `VmToHostAffinityWeightPolicyUnit`, Docs/ovirt.md §2.4.10).
///
/// Native because it ranks the candidates by the priorities of the groups each would break, a
/// comparison across the candidate set, over group host sets flattened from names and labels.
///
/// Behaviour: only **soft** (non-enforcing) groups with an enabled host rule that contain the VM
/// (by name or label). A group is broken by a host when (host ∈ group hosts) ≠ (group is
/// positive). Hosts are ordered by their broken-priority lists sorted in descending order,
/// compared lexicographically as in VmAffinityGroups (§2.4.9); weight = 1 + the 0-based
/// competition rank. With no soft groups every host scores 1. Priorities are the snapshot's
/// doubles (oVirt stores them × 10⁷ as longs; the order is the same).
public struct VmToHostsAffinityWeight: NativeCandidateSetWeightEvaluator {
  /// Creates the weight.
  public init() {}

  /// The scores of the candidates, in their order.
  public func weights(
    hosts: [Int], vm: Int, tables: ClusterTables, properties: UnitProperties
  ) -> [Double?] {
    let snapshot = tables.snapshot
    guard NativeUnitSupport.isValid(vm: vm, hosts: hosts, in: snapshot) else {
      return hosts.map { _ in nil }
    }
    var groups: [(priority: Double, isPositive: Bool, hosts: [Int])] = []
    for group in snapshot.affinityGroupIndicesByVM[vm].map({ snapshot.affinityGroups[$0] })
    where group.hostRule.isEnabled && !group.hostRule.isEnforcing {
      groups.append(
        (
          group.priority, group.hostRule.polarity == .positive,
          snapshot.memberHostIndices(of: group)
        ))
    }
    guard !groups.isEmpty else { return hosts.map { _ in 1 } }
    let keys = hosts.map { host in
      groups.filter { $0.hosts.contains(host) != $0.isPositive }.map(\.priority).sorted(by: >)
    }
    let ranks = NativeUnitSupport.competitionRanks(keys, by: NativeUnitSupport.isBetterBrokenList)
    return ranks.map { Double($0 + 1) }
  }
}
