import Inventory

/// Host-device passthrough (oVirt's `HostDeviceFilterPolicyUnit`, Docs/ovirt.md §2.2.5).
///
/// Native because a device is free only if no *other* VM — running on the host or pending onto
/// it — holds it: a join over every VM of the host, which expressions cannot express.
///
/// Behaviour, for VMs that pass devices through (others pass everywhere):
/// * the host must have device passthrough (IOMMU) enabled;
/// * every device the VM names must be among the host's devices;
/// * no other VM running on the host, or pending onto it, may hold one of them.
///
/// Deliberately changed: oVirt requires the host to be the VM's *first dedicated host*, because
/// its device names are only meaningful on that host. Snapshot device names are per host, so
/// "the host has these devices" replaces that rule; pinning itself is the PinToHost filter's job.
public struct HostDeviceFilter: NativeFilterEvaluator {
  /// Creates the filter.
  public init() {}

  /// A VM without passthrough devices passes everywhere.
  public func passesEveryHost(vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> Bool
  {
    tables.snapshot.vms.indices.contains(vm) && tables.snapshot.vms[vm].hostDevices.isEmpty
  }

  /// Whether the host has the VM's devices, with passthrough, free.
  public func filter(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> NativeFilterVerdict
  {
    let snapshot = tables.snapshot
    guard NativeUnitSupport.isValid(vm: vm, host: host, in: snapshot) else { return .pass }
    let record = snapshot.vms[vm]
    guard !record.hostDevices.isEmpty else { return .pass }
    let hostRecord = snapshot.hosts[host]
    guard hostRecord.hasDevicePassthrough else {
      return .fail(reason: "the host does not have device passthrough enabled")
    }
    let missing = record.hostDevices.filter { !hostRecord.hostDevices.contains($0) }
    if !missing.isEmpty {
      return .fail(reason: "the host lacks the devices \(Self.list(missing))")
    }
    for other in NativeUnitSupport.vmsOccupying(host: host, in: tables, excluding: vm) {
      let held = snapshot.vms[other].hostDevices.filter { record.hostDevices.contains($0) }
      if !held.isEmpty {
        return .fail(
          reason: "the devices \(Self.list(held)) are used by VM '\(snapshot.vms[other].name)'")
      }
    }
    return .pass
  }

  static func list(_ names: [String]) -> String {
    names.map { "'\($0)'" }.joined(separator: ", ")
  }
}
