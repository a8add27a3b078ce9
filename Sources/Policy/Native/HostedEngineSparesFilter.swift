import Inventory

/// Hosted-engine spares (oVirt's `HostedEngineMemoryReservationFilterPolicyUnit`, Docs/ovirt.md
/// §2.3.13, §7.2).
///
/// Native because whether a host may take the VM depends on how many *other* hosts are spares: a
/// count over the whole cluster, then a decision per host.
///
/// Behaviour, with `HeSparesCount` (default 0):
/// * No-op when `HeSparesCount` is 0, when the snapshot has no hosted-engine VM, or when the VM
///   being scheduled is the hosted-engine VM.
/// * For each `Up` host, with `g` = the host's guest overhead (`hosts[].guestOverheadMiB`,
///   default 65), `need` = the VM's memory + `g` when it does not already run there (else 0),
///   and `he` = the hosted-engine VM's memory, against `maxSchedulingMemory` after pending
///   placements (Docs/ovirt.md §2.3.13): a host that is not HE-configured, has score 0, is in HE
///   local maintenance, or runs the HE VM is a plain candidate; one with more than
///   `need + g + he` is a spare *and* a candidate; one with more than `he + g` only is a spare
///   only; any other is a plain candidate.
/// * If the spares number at most `HeSparesCount`, the spare-only hosts are removed
///   (`NOT_ENOUGH_HE_SPARES`); otherwise every host passes.
///
/// Changed (documented): oVirt counts spares among the hosts still in the filter chain; a
/// per-host unit cannot see that list, so spares are counted over every `Up` host.
public struct HostedEngineSparesFilter: NativeFilterEvaluator {
  /// Creates the filter.
  public init() {}

  /// With no spare required (HeSparesCount 0) every host passes.
  public func passesEveryHost(vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> Bool
  {
    properties.int("HeSparesCount") <= 0
  }

  enum Role { case candidate, spareAndCandidate, spareOnly }

  /// Whether the host may take the VM without leaving too few hosted-engine spares.
  public func filter(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> NativeFilterVerdict
  {
    let snapshot = tables.snapshot
    guard NativeUnitSupport.isValid(vm: vm, host: host, in: snapshot) else { return .pass }
    let required = properties.int("HeSparesCount")
    guard required > 0, let engine = snapshot.vms.firstIndex(where: \.isHostedEngine),
      engine != vm
    else { return .pass }
    guard role(of: host, vm: vm, engine: engine, tables) == .spareOnly else { return .pass }
    var spares = 0
    for other in snapshot.hosts.indices where snapshot.hosts[other].status == .up {
      if role(of: other, vm: vm, engine: engine, tables) != .candidate { spares += 1 }
    }
    guard Int64(spares) <= required else { return .pass }
    return .fail(
      reason: """
        the host is one of the \(spares) hosted-engine spares and \(required) must be kept \
        (HeSparesCount)
        """)
  }

  func role(of host: Int, vm: Int, engine: Int, _ tables: ClusterTables) -> Role {
    let snapshot = tables.snapshot
    let record = snapshot.hosts[host]
    if !record.isHostedEngineConfigured || record.hostedEngineScore == 0
      || record.isHostedEngineLocalMaintenance
      || NativeUnitSupport.hostsOccupied(byVM: engine, in: tables).contains(host)
    {
      return .candidate
    }
    let overhead = record.guestOverheadMiB
    let need =
      NativeUnitSupport.runsNow(vm: vm, onHost: host, in: tables)
      ? 0 : snapshot.vms[vm].memoryMiB + overhead
    let engineMiB = snapshot.vms[engine].memoryMiB
    let available = NativeUnitSupport.maxSchedulingMemoryMiB(ofHost: host, in: tables)
    if available > need + overhead + engineMiB { return .spareAndCandidate }
    if available > engineMiB + overhead { return .spareOnly }
    return .candidate
  }
}
