public import Inventory

/// Hard VM↔VM affinity (oVirt's `VmAffinityFilterPolicyUnit`, Docs/ovirt.md §2.3.10).
///
/// Native because it reads where the *other* members of each of the VM's groups run or are
/// pending: graph logic over groups and placements that an expression over one (host, VM) pair
/// cannot see.
///
/// Behaviour:
/// * Groups considered: the VM's groups (named or by label) whose VM rule is enabled and
///   enforcing.
/// * Placements: running VMs on their host, plus pending placements on their target (§3.7); a
///   running VM with a pending migration counts on both hosts, as in oVirt.
/// * Positive groups: the hosts running other members are collected over **all** positive groups
///   (a union, as oVirt does). If that set is empty every host is acceptable; otherwise only
///   those hosts are (more than one is a broken situation oVirt only logs — reproduced).
/// * Negative groups: a host running (or receiving) another member is rejected.
///
/// Not here: oVirt's "conflict" rule — a negative group containing two or more VMs of the group
/// being scheduled together rejects every host — needs the whole scheduling group, which a
/// per-VM unit does not see. The scheduler checks it when it groups VMs (Docs/ovirt.md §3.3),
/// with ``conflictingNegativeGroups(among:in:)``.
/// Likewise, VMs of the scheduling group are not excluded from the placements here: the
/// scheduler records them as pending only once the group is placed.
public struct VmAffinityFilter: NativeFilterEvaluator {
  /// Creates the filter.
  public init() {}

  /// A VM in no affinity group passes everywhere.
  public func passesEveryHost(vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> Bool
  {
    tables.snapshot.affinityGroupIndicesByVM.indices.contains(vm)
      && tables.snapshot.affinityGroupIndicesByVM[vm].isEmpty
  }

  /// The names of the enforcing negative VM↔VM groups that contain two or more of `vms` (the VMs
  /// being scheduled together), in snapshot order. oVirt's filter lets no host pass for such a
  /// scheduling group (Docs/ovirt.md §2.3.10, "Conflict"); the scheduler calls this when it groups
  /// VMs, because a per-VM filter cannot see the group.
  public static func conflictingNegativeGroups(among vms: [Int], in snapshot: ClusterSnapshot)
    -> [String]
  {
    snapshot.affinityGroups.filter { group in
      group.vmRule.isEnforcing && group.vmRule.polarity == .negative
        && snapshot.memberVMIndices(of: group).filter(vms.contains).count >= 2
    }.map(\.name)
  }

  /// Whether the host satisfies every hard VM↔VM group of the VM.
  public func filter(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> NativeFilterVerdict
  {
    let snapshot = tables.snapshot
    guard NativeUnitSupport.isValid(vm: vm, host: host, in: snapshot) else { return .pass }
    var acceptable: [Int] = []
    var positiveGroups: [String] = []
    // The VM's own groups, in snapshot order.
    for groupIndex in snapshot.affinityGroupIndicesByVM[vm] {
      let group = snapshot.affinityGroups[groupIndex]
      guard group.vmRule.isEnforcing && group.vmRule.isEnabled else { continue }
      let members = snapshot.memberVMIndices(of: group)
      // Members placed together with this VM do not bind a positive group to where they run
      // today; for a negative group they still count (placed together, they would share).
      let isPositive = group.vmRule.polarity == .positive
      for member in members
      where member != vm && !(isPositive && tables.schedulingGroup.contains(member)) {
        let hosts = NativeUnitSupport.hostsOccupied(byVM: member, in: tables)
        switch group.vmRule.polarity {
        case .negative where hosts.contains(host):
          return .fail(
            reason: """
              negative VM affinity group '\(group.name)': member '\(snapshot.vms[member].name)' \
              runs on the host
              """)
        case .positive:
          for occupied in hosts where !acceptable.contains(occupied) { acceptable.append(occupied) }
        default: break
        }
      }
      if group.vmRule.polarity == .positive { positiveGroups.append("'\(group.name)'") }
    }
    guard !acceptable.isEmpty, !acceptable.contains(host) else { return .pass }
    acceptable.sort()
    return .fail(
      reason: """
        positive VM affinity group \(positiveGroups.joined(separator: ", ")): the other members \
        run on \(NativeUnitSupport.hostList(acceptable, in: snapshot))
        """)
  }
}
