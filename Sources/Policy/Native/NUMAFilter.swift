import Inventory

/// NUMA pinning (oVirt's `NumaPolicyUnit`, Docs/ovirt.md §2.3.7).
///
/// Native because a feasible assignment of virtual NUMA nodes onto host nodes with enough free
/// memory is a matching problem (see ``NUMAAssignment``), and the free memory of a host node
/// depends on the pending placements onto the host.
///
/// Behaviour:
/// * Active only for VMs with virtual nodes pinned to host nodes, or with resize-and-pin-NUMA
///   pinning; other VMs pass.
/// * The VM's current host passes.
/// * The host must report NUMA nodes (oVirt's `NUMA_NOT_SUPPORTED`).
/// * With a STRICT or INTERLEAVE tune (INTERLEAVE is checked like STRICT, as in oVirt), every
///   pinned virtual node must be assigned to one of its pinned host nodes with enough free memory
///   (`NOT_MEMORY_PINNED_NUMA`). PREFERRED passes once the host supports NUMA.
///
/// Simplified (documented): a resize-and-pin VM's virtual nodes are created to match the host,
/// so it is checked as its memory split evenly over the host's nodes. Unpinned virtual nodes are
/// not checked, as in oVirt.
public struct NUMAFilter: NativeFilterEvaluator {
  /// Creates the filter.
  public init() {}

  /// A VM neither resize-and-pin nor with virtual nodes pinned to host nodes passes everywhere.
  public func passesEveryHost(vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> Bool
  {
    guard tables.snapshot.vms.indices.contains(vm) else { return false }
    return tables.snapshot.vms[vm].cpuPinningPolicy != .resizeAndPinNUMA
      && !tables.snapshot.vms[vm].numaNodes.contains { !$0.pinnedHostNodes.isEmpty }
  }

  /// Whether the VM's NUMA pinning fits the host.
  public func filter(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> NativeFilterVerdict
  {
    let snapshot = tables.snapshot
    guard NativeUnitSupport.isValid(vm: vm, host: host, in: snapshot) else { return .pass }
    let isResizeAndPin = snapshot.vms[vm].cpuPinningPolicy == .resizeAndPinNUMA
    let hasPinnedNodes = snapshot.vms[vm].numaNodes.contains { !$0.pinnedHostNodes.isEmpty }
    guard isResizeAndPin || hasPinnedNodes,
      !NativeUnitSupport.runsNow(vm: vm, onHost: host, in: tables)
    else { return .pass }
    let record = snapshot.vms[vm]
    let hostRecord = snapshot.hosts[host]
    guard !hostRecord.numaNodes.isEmpty else {
      return .fail(reason: "the host does not support NUMA")
    }
    let free = NUMAAssignment.freeMemoryMiB(ofHost: host, in: tables, excluding: vm)
    if isResizeAndPin {
      let share =
        record.memoryMiB / hostRecord.numaNodes.count
        + (record.memoryMiB % hostRecord.numaNodes.count == 0 ? 0 : 1)
      guard free.allSatisfy({ $0 >= share }) else {
        return .fail(
          reason: """
            the host's NUMA nodes lack the free memory for \(share) MiB each \
            (resize-and-pin-numa)
            """)
      }
      return .pass
    }
    guard NUMAAssignment.isPinned(record) else { return .pass }
    guard NUMAAssignment.find(vm: record, host: hostRecord, freeMiB: free) != nil else {
      return .fail(
        reason: """
          the VM's pinned NUMA nodes do not fit the free memory of the host NUMA nodes they are \
          pinned to
          """)
    }
    return .pass
  }
}
