import Inventory

/// Hard VM→host affinity (oVirt's `VmToHostAffinityFilterPolicyUnit`, Docs/ovirt.md §2.3.11).
///
/// Native because group membership is flattened from names and labels on both sides (VM labels
/// and host labels) into a host set per group and VM, which expressions cannot enumerate.
///
/// Behaviour: for every group the VM belongs to (named or through `vmLabels`) whose host rule is
/// enabled and enforcing, the group's hosts are its named hosts plus those carrying any of its
/// `hostLabels`. A positive group rejects hosts outside it (so a positive group with no hosts
/// rejects every host, as in oVirt); a negative group rejects hosts in it.
///
/// For cluster levels below 4.4 oVirt also turns every VM label flagged "implicit affinity
/// group" into a positive hard group: the snapshot resolves each such `affinityLabels` entry into
/// a group `label:<name>` (``AffinityGroup/isImplicitLabelGroup``), which this filter sees like
/// any other.
public struct VmToHostsAffinityFilter: NativeFilterEvaluator {
  /// Creates the filter.
  public init() {}

  /// A VM in no affinity group passes everywhere.
  public func passesEveryHost(vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> Bool
  {
    tables.snapshot.affinityGroupIndicesByVM.indices.contains(vm)
      && tables.snapshot.affinityGroupIndicesByVM[vm].isEmpty
  }

  /// Whether the host satisfies every hard VM→host group of the VM.
  public func filter(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> NativeFilterVerdict
  {
    let snapshot = tables.snapshot
    guard NativeUnitSupport.isValid(vm: vm, host: host, in: snapshot) else { return .pass }
    // The VM's own groups, in snapshot order.
    for groupIndex in snapshot.affinityGroupIndicesByVM[vm] {
      let group = snapshot.affinityGroups[groupIndex]
      guard group.hostRule.isEnforcing && group.hostRule.isEnabled else { continue }
      let inGroup = snapshot.memberHostIndices(of: group).contains(host)
      switch group.hostRule.polarity {
      case .positive where !inGroup:
        return .fail(
          reason: "positive VM-to-host affinity group '\(group.name)' does not include the host")
      case .negative where inGroup:
        return .fail(reason: "negative VM-to-host affinity group '\(group.name)' includes the host")
      default: continue
      }
    }
    return .pass
  }
}
