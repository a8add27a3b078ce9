import Inventory

/// CPU pinning feasibility (oVirt's `CpuPinningPolicyUnit`, Docs/ovirt.md §2.2.4).
///
/// Native because it needs the pCPUs held exclusively by the other VMs on the host — running and
/// pending (§3.7) — and parses manual pinning strings: set logic over the host's CPU topology.
///
/// Behaviour:
/// * VMs without pinning, and VMs already running on the host, pass.
/// * Manual (shared) pinning: every pinned pCPU must be online (in the host's NUMA nodes' CPU
///   lists, or below its thread count) and not exclusively pinned; the unavailable CPUs are
///   listed. A malformed pinning string fails.
/// * Dedicated and isolate-threads: the host must report its CPU topology, and enough online
///   pCPUs must remain after the exclusive pins of running and pending VMs: the VM's vCPUs when
///   dedicated, one whole core (all its threads) per vCPU with isolate-threads.
/// * Resize-and-pin-NUMA: rejected when an exclusively pinned VM runs on or is pending onto the
///   host.
///
/// Simplified (documented): the snapshot records how many pCPUs exclusive VMs take, not which,
/// so "not exclusively pinned" is checked by count — a manual pinning fails when the exclusive
/// pins leave fewer online pCPUs than it names — and the exclusive check is a count of free
/// pCPUs, not oVirt's socket/core-aware allocation.
public struct CpuPinningFilter: NativeFilterEvaluator {
  /// Creates the filter.
  public init() {}

  /// A VM without CPU pinning passes everywhere.
  public func passesEveryHost(vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> Bool
  {
    tables.snapshot.vms.indices.contains(vm) && tables.snapshot.vms[vm].cpuPinningPolicy == .none
  }

  /// Whether the VM's pinning is feasible on the host.
  public func filter(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> NativeFilterVerdict
  {
    let snapshot = tables.snapshot
    guard NativeUnitSupport.isValid(vm: vm, host: host, in: snapshot) else { return .pass }
    guard snapshot.vms[vm].cpuPinningPolicy != .none,
      !NativeUnitSupport.runsNow(vm: vm, onHost: host, in: tables)
    else { return .pass }
    let record = snapshot.vms[vm]
    let hostRecord = snapshot.hosts[host]
    let exclusiveInUse = NativeUnitSupport.exclusiveCPUsInUse(
      onHost: host, in: tables, excluding: vm)
    switch record.cpuPinningPolicy {
    case .none:
      return .pass
    case .manual:
      guard let text = record.cpuPinning, let pinning = ManualCpuPinning(parsing: text) else {
        return .fail(reason: "cannot read the VM's CPU pinning '\(record.cpuPinning ?? "")'")
      }
      let online = NativeUnitSupport.onlineCPUs(of: hostRecord) ?? .listed([])
      let pinned = pinning.pinnedCPUs
      let offline = pinned.filter { !online.contains($0) }
      if !offline.isEmpty {
        return .fail(
          reason: "the pinned CPUs \(Self.list(offline)) are not online on the host")
      }
      if exclusiveInUse > 0, pinned.count > online.count - exclusiveInUse {
        return .fail(
          reason: """
            the pinned CPUs \(Self.list(pinned)) overlap the \(exclusiveInUse) CPUs pinned \
            exclusively on the host
            """)
      }
      return .pass
    case .dedicated, .isolateThreads:
      guard hostRecord.cpuSockets != nil, hostRecord.cpuCores != nil,
        let online = NativeUnitSupport.onlineCPUs(of: hostRecord)
      else { return .fail(reason: "the host reports no CPU topology for exclusive pinning") }
      let needed = NativeUnitSupport.exclusiveCPUCount(of: record, onHost: hostRecord)
      let free = online.count - exclusiveInUse
      guard needed > free else { return .pass }
      return .fail(
        reason: """
          exclusive pinning needs \(needed) CPUs, the host has \(max(0, free)) not pinned \
          exclusively
          """)
    case .resizeAndPinNUMA:
      guard exclusiveInUse == 0 else {
        return .fail(
          reason: "resize-and-pin-numa cannot share the host with exclusively pinned VMs")
      }
      return .pass
    }
  }

  static func list(_ cpus: [Int]) -> String { cpus.map(String.init).joined(separator: ", ") }
}
