import Inventory

/// HA reservation (oVirt's `HaReservationWeightPolicyUnit`, Docs/ovirt.md §2.4.8).
///
/// Native because each host's count of highly available VMs is normalised by the largest count
/// among the candidates, which only the batch ``weights(hosts:vm:tables:properties:)`` sees.
///
/// Behaviour: applies only when the VM is highly available and the cluster has HA reservation
/// on; otherwise every host scores 0. `count` = HA VMs on the host; weight =
/// `ceil(round(count ÷ maxCount × 100) ÷ ScaleDown)` (0 when no candidate has an HA VM), with
/// `ScaleDown` default 1. Fewer HA VMs is better.
///
/// Changed (documented): oVirt counts only running VMs by their run-on host; here VMs pending
/// onto a host count there too (Docs/ovirt.md §3.7), so one plan does not stack every HA VM of a
/// batch on the same host. The VM itself counts on its current host, as in oVirt.
public struct HaReservationWeight: NativeCandidateSetWeightEvaluator {
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
    guard snapshot.vms[vm].isHighlyAvailable, snapshot.cluster.hasHAReservation else {
      return hosts.map { _ in 0 }
    }
    let scaleDown = Double(max(1, properties.int("ScaleDown")))
    let counts = hosts.map { host in
      let others = NativeUnitSupport.vmsOccupying(host: host, in: tables, excluding: vm)
        .filter { snapshot.vms[$0].isHighlyAvailable }.count
      return others + (NativeUnitSupport.runsNow(vm: vm, onHost: host, in: tables) ? 1 : 0)
    }
    let maxCount = Double(counts.max() ?? 0)
    return counts.map { count in
      guard maxCount > 0 else { return 0 }
      let normalised = NativeUnitSupport.javaRound(Double(count) / maxCount * 100)
      return (normalised / scaleDown).rounded(.up)
    }
  }
}
