import Inventory

/// Soft VM↔VM affinity (oVirt's `VmAffinityWeightPolicyUnit`, Docs/ovirt.md §2.4.9).
///
/// Native because it ranks the candidates by the priorities of the groups each would break — a
/// comparison of lists across the whole candidate set — and reads where the other members of
/// each group run or are pending.
///
/// Behaviour:
/// * Groups: every group of the VM with its VM rule enabled, **hard or soft** (as in oVirt).
/// * Placements: running VMs on their host plus pending placements on their target (§3.7); the
///   VM itself is excluded.
/// * Per host, the priorities of the groups it would break, sorted in descending order: a
///   positive group is broken by a host that runs none of its other members, a negative group by
///   a host that runs one.
/// * Hosts are ordered by (1) that list, lexicographically — an empty list is best and
///   `[1, 1, 1]` beats `[2]`; (2) more non-migratable positive-group VMs on the host (the
///   hosted-engine VM counts as non-migratable); (3) more positive-group VMs on the host.
/// * Weight = 1 + the 0-based competition rank (ties share the lower rank).
public struct VmAffinityWeight: NativeCandidateSetWeightEvaluator {
  /// Creates the weight.
  public init() {}

  struct Key {
    var broken: [Double]
    var nonMigratable: Int
    var positive: Int
  }

  /// The scores of the candidates, in their order.
  public func weights(
    hosts: [Int], vm: Int, tables: ClusterTables, properties: UnitProperties
  ) -> [Double?] {
    let snapshot = tables.snapshot
    guard NativeUnitSupport.isValid(vm: vm, hosts: hosts, in: snapshot) else {
      return hosts.map { _ in nil }
    }
    var groups: [(priority: Double, isPositive: Bool, hosts: [Int])] = []
    var positiveMembers: [Int] = []
    for groupIndex in snapshot.affinityGroupIndicesByVM[vm] {
      let group = snapshot.affinityGroups[groupIndex]
      guard group.vmRule.isEnabled else { continue }
      let members = snapshot.memberVMIndices(of: group)
      var occupied: [Int] = []
      let isPositive = group.vmRule.polarity == .positive
      for member in members
      where member != vm && !(isPositive && tables.schedulingGroup.contains(member)) {
        for host in NativeUnitSupport.hostsOccupied(byVM: member, in: tables)
        where !occupied.contains(host) {
          occupied.append(host)
        }
        if group.vmRule.polarity == .positive, !positiveMembers.contains(member) {
          positiveMembers.append(member)
        }
      }
      groups.append((group.priority, group.vmRule.polarity == .positive, occupied))
    }
    guard !groups.isEmpty else { return hosts.map { _ in 1 } }
    let keys = hosts.map { host in
      let broken = groups.filter { $0.hosts.contains(host) != $0.isPositive }.map(\.priority)
      let onHost = positiveMembers.filter {
        NativeUnitSupport.hostsOccupied(byVM: $0, in: tables).contains(host)
      }
      let pinned = onHost.filter {
        snapshot.vms[$0].migrationMode != .migratable || snapshot.vms[$0].isHostedEngine
      }
      return Key(
        broken: broken.sorted(by: >), nonMigratable: pinned.count, positive: onHost.count)
    }
    let ranks = NativeUnitSupport.competitionRanks(keys, by: Self.isBetter)
    return ranks.map { Double($0 + 1) }
  }

  static func isBetter(_ lhs: Key, _ rhs: Key) -> Bool {
    if lhs.broken != rhs.broken {
      return NativeUnitSupport.isBetterBrokenList(lhs.broken, rhs.broken)
    }
    if lhs.nonMigratable != rhs.nonMigratable { return lhs.nonMigratable > rhs.nonMigratable }
    return lhs.positive > rhs.positive
  }
}
