import Inventory

/// Even memory distribution (oVirt's `EvenDistributionMemoryWeightPolicyUnit`, Docs/ovirt.md
/// §2.4.2).
///
/// Native because the score is normalised by the largest `maxSchedulingMemory` among the
/// *candidates*: an aggregate over the host set that the batch
/// ``weights(hosts:vm:tables:properties:)`` receives.
///
/// Behaviour: `free` = the host's `maxSchedulingMemory` after pending placements, minus the
/// VM's memory plus full overhead unless the VM already runs there; `maxFree` = the largest
/// `maxSchedulingMemory` among the candidates. Weight = `W − round((free − 1)(W − 1) ÷ (maxFree
/// − 1))`: the emptiest host scores 1, a host left with 1 MiB scores W, and a negative `free`
/// scores more than W (reproduced). Lower is better.
///
/// Fixed (documented): oVirt uses 2 for `maxFree` only when there are no candidates; here any
/// `maxFree` below 2 is raised to 2, so the division never divides by zero or flips sign.
public struct MemoryEvenDistributionWeight: NativeCandidateSetWeightEvaluator {
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
    let required = NativeUnitSupport.requiredMemoryMiB(of: snapshot.vms[vm], in: snapshot)
    let available = hosts.map { NativeUnitSupport.maxSchedulingMemoryMiB(ofHost: $0, in: tables) }
    let maxFree = Double(max(2, available.max() ?? 2))
    let w = NativeUnitSupport.maxWeight
    return zip(hosts, available).map { host, memory in
      let runs = NativeUnitSupport.runsNow(vm: vm, onHost: host, in: tables)
      let free = Double(memory - (runs ? 0 : required))
      return w - NativeUnitSupport.javaRound((free - 1) * (w - 1) / (maxFree - 1))
    }
  }
}
