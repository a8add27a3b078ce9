import Inventory

/// Memory power saving (oVirt's `PowerSavingMemoryWeightPolicyUnit`, Docs/ovirt.md §2.4.4).
///
/// Native because the score is normalised by 1.1 × the largest `maxSchedulingMemory` among the
/// candidates, which only the batch ``weights(hosts:vm:tables:properties:)`` sees.
///
/// Behaviour: `maxMem` = 1.1 × the largest `maxSchedulingMemory` among the candidates (1 when
/// there is none, or it is 0); `free` as in OptimalForMemoryEvenDistribution (after pending
/// placements, minus the VM unless it already runs there). A host with `free` below
/// `MaxFreeMemoryForOverUtilized` (default 0) is reflected to
/// `min(maxMem, MinFreeMemoryForUnderUtilized + (MaxFree… − free))`; MinFree… defaults to
/// oVirt's `Long.MAX_VALUE`, so an over-utilized host becomes `maxMem`. Weight =
/// `floor(free ÷ maxMem × (W − 1)) + 1`: fuller hosts are better, over-utilized hosts worst.
public struct MemoryPowerSavingWeight: NativeCandidateSetWeightEvaluator {
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
    let low = Double(
      properties.int("MaxFreeMemoryForOverUtilized"))
    let high = Double(
      properties.int("MinFreeMemoryForUnderUtilized"))
    let required = NativeUnitSupport.requiredMemoryMiB(of: snapshot.vms[vm], in: snapshot)
    let available = hosts.map { NativeUnitSupport.maxSchedulingMemoryMiB(ofHost: $0, in: tables) }
    let largest = Double(available.max() ?? 0)
    let maxMem = largest > 0 ? 1.1 * largest : 1
    let w = NativeUnitSupport.maxWeight
    return zip(hosts, available).map { host, memory in
      let runs = NativeUnitSupport.runsNow(vm: vm, onHost: host, in: tables)
      var free = Double(memory - (runs ? 0 : required))
      if free < low { free = min(maxMem, high + (low - free)) }
      return (free / maxMem * (w - 1)).rounded(.down) + 1
    }
  }
}
