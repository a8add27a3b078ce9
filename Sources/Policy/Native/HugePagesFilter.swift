import Inventory

/// Static hugepages (oVirt's `HugePagesFilterPolicyUnit`, Docs/ovirt.md §2.3.8).
///
/// Native because it joins the VM's page size with the host's pool of that size and subtracts
/// the pages of every VM pending onto the host with the same size: per-size bookkeeping over
/// other VMs that the expression fields do not carry.
///
/// Behaviour, for hugepage-backed VMs (others pass): the host passes if the VM already runs on
/// it, or if the pages it needs, ceil(memory ÷ page size), are at most the host's free pages of
/// that size minus the pages of the VMs pending onto it with that size, floored at 0.
///
/// Reproduced correctly: the HugePages filter subtracts pending pages by page *size*. (oVirt's
/// Memory filter looks them up by page count and so skips the subtraction — that quirk belongs to
/// the Memory filter, not to this unit.)
public struct HugePagesFilter: NativeFilterEvaluator {
  /// Creates the filter.
  public init() {}

  /// A VM without hugepages passes everywhere.
  public func passesEveryHost(vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> Bool
  {
    guard tables.snapshot.vms.indices.contains(vm) else { return false }
    guard let size = tables.snapshot.vms[vm].hugepageSizeKiB else { return true }
    return size <= 0
  }

  /// Whether the host has enough free pages of the VM's size.
  public func filter(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> NativeFilterVerdict
  {
    let snapshot = tables.snapshot
    guard NativeUnitSupport.isValid(vm: vm, host: host, in: snapshot) else { return .pass }
    guard let size = snapshot.vms[vm].hugepageSizeKiB, size > 0,
      !NativeUnitSupport.runsNow(vm: vm, onHost: host, in: tables)
    else { return .pass }
    let record = snapshot.vms[vm]
    let needed = NativeUnitSupport.hugepagesNeeded(by: record)
    var pending = 0
    for other in NativeUnitSupport.vmsPending(onto: host, in: tables, excluding: vm)
    where snapshot.vms[other].hugepageSizeKiB == size
      && !NativeUnitSupport.runsNow(vm: other, onHost: host, in: tables)
    {
      pending += NativeUnitSupport.hugepagesNeeded(by: snapshot.vms[other])
    }
    let free = max(0, snapshot.hosts[host].freeHugepages(pageSizeKiB: size) - pending)
    guard needed > free else { return .pass }
    return .fail(
      reason: """
        not enough huge pages of \(size) KiB: the VM needs \(needed), the host has \(free) free \
        after pending placements
        """)
  }
}
