/// Mediated devices (vGPU) (oVirt's `MDevicePolicyUnit`, Docs/ovirt.md §2.2.8).
///
/// Native in oVirt because free mdev instances per type depend on the devices of the host's
/// other VMs.
///
/// Deliberately inert: the snapshot format (`shepherd/v1`) carries no mdev types, neither per VM
/// nor per host, so there is nothing to check and every host passes. When the format gains mdev
/// data this unit must check that each type the VM needs exists on the host
/// (`HOST_MDEV_DEVICE_MISSING`) with a free instance after running and pending VMs
/// (`HOST_MDEV_DEVICE_UNAVAILABLE`).
public struct MDeviceFilter: NativeFilterEvaluator {
  /// Creates the filter.
  public init() {}

  /// Always passes: the snapshot has no mdev data.
  public func filter(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> NativeFilterVerdict
  { .pass }
}
