import Inventory

/// CPU for high-performance VMs (oVirt's `HighPerformanceCpuPolicyUnit`, Docs/ovirt.md §2.4.11).
///
/// Native because it scores the sockets and cores a proposed exclusive pinning would use, which
/// depends on the pCPUs other VMs already hold, and stretches the scores over the candidates.
///
/// Behaviour:
/// * Applies to VMs with CPU passthrough, manual pinning, exclusive pinning (dedicated or
///   isolate-threads) or NUMA nodes pinned to host nodes; other VMs score 1 everywhere.
/// * An exclusively pinned VM on a host with a known topology: raw = 1000 × sockets used + cores
///   used by the proposed pinning. When the pinning does not fit, raw = 1000 × (host sockets +
///   1), worse than any fitting pinning (fixed: the CpuPinning filter normally removes such
///   hosts first).
/// * Otherwise raw = 1 when the VM's sockets, cores per socket and threads per core each fit the
///   host's (a VM without a topology is `vcpus` sockets of 1 core and 1 thread, oVirt's
///   default), else W; a host with an unknown topology scores W.
/// * The raw scores are stretched to [1, W] over the candidates.
///
/// Reproduced quirk: for an exclusive VM, a host with an unknown topology scores W = 1000, which
/// ranks it ahead of every host with a pinning (≥ 1001); the mandatory CPUTopology filter drops
/// such hosts before weights run, so it does not matter in a full pipeline.
///
/// Simplified (documented): oVirt's "high performance" VM type is not in the snapshot, so such
/// VMs count only through the properties above. The proposed pinning takes the VM's pCPUs right
/// after those the host's running and pending exclusive VMs hold, numbering threads socket by
/// socket and core by core (isolate-threads starts on a core boundary), instead of oVirt's
/// search over the actually free pCPUs.
public struct HighPerformanceCpuWeight: NativeCandidateSetWeightEvaluator {
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
    let record = snapshot.vms[vm]
    let applies =
      record.hasCPUPassthrough || record.cpuPinningPolicy == .manual
      || record.cpuPinningPolicy.isExclusive
      || record.numaNodes.contains { !$0.pinnedHostNodes.isEmpty }
    guard applies else { return hosts.map { _ in 1 } }
    let scores = hosts.map { raw(host: $0, vm: vm, tables) }
    return NativeUnitSupport.stretch(scores)
  }

  func raw(host: Int, vm: Int, _ tables: ClusterTables) -> Double {
    let record = tables.snapshot.vms[vm]
    let hostRecord = tables.snapshot.hosts[host]
    let w = NativeUnitSupport.maxWeight
    guard let sockets = hostRecord.cpuSockets, let cores = hostRecord.cpuCores,
      let threads = hostRecord.cpuThreads, sockets > 0, cores >= sockets, threads >= cores
    else { return w }
    let coresPerSocket = cores / sockets
    let threadsPerCore = threads / cores
    if record.cpuPinningPolicy.isExclusive {
      let used = NativeUnitSupport.exclusiveCPUsInUse(onHost: host, in: tables, excluding: vm)
      let needed = NativeUnitSupport.exclusiveCPUCount(of: record, onHost: hostRecord)
      var start = used
      if record.cpuPinningPolicy == .isolateThreads, start % threadsPerCore != 0 {
        start += threadsPerCore - start % threadsPerCore
      }
      guard needed > 0, start + needed <= threads else { return 1000 * Double(sockets + 1) }
      let firstCore = start / threadsPerCore
      let lastCore = (start + needed - 1) / threadsPerCore
      let socketsUsed = lastCore / coresPerSocket - firstCore / coresPerSocket + 1
      let coresUsed = lastCore - firstCore + 1
      return Double(1000 * socketsUsed + coresUsed)
    }
    let vmSockets = record.cpuSockets ?? record.vcpus
    let vmCores = record.cpuCoresPerSocket ?? 1
    let vmThreads = record.cpuThreadsPerCore ?? 1
    let fits = vmSockets <= sockets && vmCores <= coresPerSocket && vmThreads <= threadsPerCore
    return fits ? 1 : w
  }
}
