import Inventory

/// Mediated devices (vGPU) (oVirt's `MDevicePolicyUnit`, Docs/ovirt.md §2.2.8).
///
/// Native because the free instances of a type on a host depend on the VMs already pending
/// onto it: a join over other VMs that expressions cannot express.
///
/// Behaviour, for VMs that need mediated devices (`vms[].mdevTypes`, or the `mdev_type` custom
/// property as oVirt writes it, `nodisplay` dropped; others pass everywhere):
/// * the VM's own host passes (its instances are already taken there);
/// * every type the VM needs must be among the host's `mdevTypes`
///   (`HOST_MDEV_DEVICE_MISSING`);
/// * each instance the VM needs takes one of the type's available instances, after those the
///   VMs pending onto the host take (`HOST_MDEV_DEVICE_UNAVAILABLE`). A type listed twice needs
///   two instances.
///
/// `nodisplay` changes how the device is attached, not where it fits, so it does not change the
/// verdict.
public struct MDeviceFilter: NativeFilterEvaluator {
  /// Creates the filter.
  public init() {}

  /// A VM without mediated devices (none listed, no custom properties) passes everywhere.
  public func passesEveryHost(vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> Bool
  {
    tables.snapshot.vms.indices.contains(vm) && tables.snapshot.vms[vm].mdevTypes.isEmpty
      && tables.snapshot.vms[vm].customProperties.isEmpty
  }

  /// Whether the host offers a free instance for each mediated device the VM needs.
  public func filter(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> NativeFilterVerdict
  {
    let snapshot = tables.snapshot
    guard NativeUnitSupport.isValid(vm: vm, host: host, in: snapshot) else { return .pass }
    // Most VMs need no mediated device: stored fields read in place, no copy of the VM and no
    // parse of its custom property per host.
    if snapshot.vms[vm].mdevTypes.isEmpty, snapshot.vms[vm].customProperties.isEmpty {
      return .pass
    }
    let needed = snapshot.vms[vm].requiredMediatedDeviceTypes
    guard !needed.isEmpty, !NativeUnitSupport.runsNow(vm: vm, onHost: host, in: tables) else {
      return .pass
    }
    var available: [String: Int] = [:]
    for type in snapshot.hosts[host].mdevTypes {
      available[type.name, default: 0] += type.availableInstances
    }
    for other in NativeUnitSupport.vmsPending(onto: host, in: tables, excluding: vm)
    where !NativeUnitSupport.runsNow(vm: other, onHost: host, in: tables) {
      for type in snapshot.vms[other].requiredMediatedDeviceTypes where available[type] != nil {
        available[type, default: 0] -= 1
      }
    }
    for type in needed {
      guard let free = available[type] else {
        return .fail(reason: "the host has no mediated device type '\(type)'")
      }
      guard free > 0 else {
        return .fail(
          reason: "the host has no free instance of mediated device type '\(type)' left")
      }
      available[type] = free - 1
    }
    return .pass
  }
}
