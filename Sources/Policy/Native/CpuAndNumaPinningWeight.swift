import Inventory

/// CPU and NUMA pinning compatibility (oVirt's `CpuAndNumaPinningWeightPolicyUnit`,
/// Docs/ovirt.md §2.4.12).
///
/// Native because it needs a NUMA assignment that also respects the VM's CPU pinning: a
/// matching problem (see ``NUMAAssignment``) with an extra constraint per (virtual node, host
/// node) pair.
///
/// Behaviour: a VM with a PREFERRED tune, or without virtual nodes pinned to host nodes, scores 1
/// everywhere. Otherwise a host scores W without NUMA support, 1 when the VM already runs on it,
/// else 1 if its pinned virtual nodes can be assigned to their host nodes within the free memory
/// left by pending placements *and* every manually pinned vCPU of a virtual node is pinned only
/// to pCPUs of the host node the virtual node goes to; W otherwise.
public struct CpuAndNumaPinningWeight: NativeWeightEvaluator {
  /// Creates the weight.
  public init() {}

  /// The host's score for the VM.
  public func weight(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> Double?
  {
    let snapshot = tables.snapshot
    guard snapshot.vms.indices.contains(vm), snapshot.hosts.indices.contains(host) else {
      return nil
    }
    let record = snapshot.vms[vm]
    guard NUMAAssignment.isPinned(record) else { return 1 }
    let hostRecord = snapshot.hosts[host]
    let w = NativeUnitSupport.maxWeight
    guard !hostRecord.numaNodes.isEmpty else { return w }
    if NativeUnitSupport.runsNow(vm: vm, onHost: host, in: tables) { return 1 }
    let pinning =
      record.cpuPinningPolicy == .manual ? record.cpuPinning.flatMap(ManualCpuPinning.init) : nil
    let free = NUMAAssignment.freeMemoryMiB(ofHost: host, in: tables, excluding: vm)
    let found = NUMAAssignment.find(vm: record, host: hostRecord, freeMiB: free) {
      virtualNode, hostNode in
      guard let pinning else { return true }
      return virtualNode.cpus.allSatisfy { vcpu in
        pinning.pcpus(ofVCPU: vcpu)?.allSatisfy(hostNode.cpus.contains) ?? true
      }
    }
    return found == nil ? w : 1
  }

  /// Every candidate's score: 1 on every host for a VM without pinned virtual nodes (the VM is
  /// read once, not per host), else the single-host score per host.
  public func weights(
    hosts: [Int], vm: Int, tables: ClusterTables, properties: UnitProperties
  ) -> [Double?] {
    let snapshot = tables.snapshot
    if snapshot.vms.indices.contains(vm), !NUMAAssignment.isPinned(snapshot.vms[vm]) {
      return hosts.map { snapshot.hosts.indices.contains($0) ? 1 : nil }
    }
    return hosts.map { weight(host: $0, vm: vm, tables: tables, properties: properties) }
  }
}
