public import Inventory
public import Policy
public import PolicyExpression

/// The solver's state: the snapshot plus everything planned so far (Docs/ovirt.md §3.7).
///
/// Every placement is recorded as a pending entry for (VM, host) before the next decision, so
/// later decisions see the memory, CPU and VM count the earlier ones promised.
///
/// ```swift
/// var state = SchedulerState(snapshot: snapshot)
/// state.recordPlacement(vm: 3, host: 1)   // host 1's pending-dependent columns are updated
/// ```
public struct SchedulerState: Sendable {
  /// One recorded placement.
  public struct Placement: Hashable, Sendable {
    /// The VM index.
    public var vmIndex: Int
    /// The destination host index.
    public var hostIndex: Int

    /// Creates a placement.
    public init(vmIndex: Int, hostIndex: Int) {
      self.vmIndex = vmIndex
      self.hostIndex = hostIndex
    }
  }

  /// The columnar tables, pending resources included, that evaluators read.
  public private(set) var tables: ClusterTables
  /// The placements recorded so far, in order (a VM recorded again appears again).
  public private(set) var placements: [Placement] = []
  /// Static filter verdicts, computed as decisions need them (``Scheduler``).
  private(set) var staticVerdicts = StaticVerdictStore()
  /// Dynamic expression verdicts, computed as decisions need them (``Scheduler``), valid per
  /// host while its stamp is unchanged.
  let dynamicVerdicts = DynamicVerdictStore()
  /// Expression weights' scores, computed as decisions need them (``Scheduler``), valid per
  /// host while its stamp is unchanged.
  let weightScores = WeightScoreStore()
  /// Per-host change stamps for ``dynamicVerdicts`` and ``weightScores``.
  private(set) var stamps: HostStamps

  /// The snapshot the state starts from.
  public var snapshot: ClusterSnapshot { tables.snapshot }

  /// Creates the state of a snapshot with nothing pending.
  /// - Complexity: O(fields × (hosts + VMs)).
  public init(snapshot: ClusterSnapshot, catalog: PolicyFieldCatalog = .standard) {
    tables = ClusterTables(snapshot: snapshot, catalog: catalog)
    stamps = HostStamps(hostCount: snapshot.hosts.count)
  }

  /// Creates the state from tables that may already carry pending resources.
  public init(tables: ClusterTables) {
    self.tables = tables
    stamps = HostStamps(hostCount: tables.snapshot.hosts.count)
  }

  /// Records that `vm` goes to `host`: adds (or replaces) its pending entry.
  /// - Complexity: O(host fields).
  public mutating func recordPlacement(vm: Int, host: Int) {
    guard snapshot.vms.indices.contains(vm), snapshot.hosts.indices.contains(host) else { return }
    stamps.touch([host] + (pendingHost(of: vm).map { [$0] } ?? []))
    tables.addPending(vm: vm, host: host)
    placements.append(Placement(vmIndex: vm, hostIndex: host))
    #if SHEPHERD_INVARIANTS
      if let violation = invariantViolations().first {
        preconditionFailure("scheduler state invariant: \(violation)")
      }
    #endif
  }

  /// Changes the snapshot in place: `body` moves `vm` and changes the figures of `hosts`
  /// (a finished migration between balancing rounds); only their rows are recomputed. Equal
  /// to a state built from the changed snapshot when nothing is pending. `body` may change only
  /// fields the field catalog marks as changed by placement (memory, CPU load, over-threshold
  /// timestamps, where VMs run): the static verdicts are kept as they are.
  /// - Complexity: O(fields + VMs on `hosts`) when the state's storage is not shared.
  /// Returns what ``revertSnapshot(_:vm:_:)`` needs to undo the change.
  @discardableResult
  public mutating func updateSnapshot(
    hosts: [Int], vm: Int, _ body: (inout ClusterSnapshot) -> Void
  ) -> HostStampRevision {
    tables.updateSnapshot(hosts: hosts, vm: vm, body)
    return stamps.touchRestorably(hosts)
  }

  /// Undoes an ``updateSnapshot(hosts:vm:_:)``: `body` puts back exactly what that update's
  /// body changed (the VM `vm` and the revision's hosts). The hosts nothing else changed since
  /// get their earlier stamps back, so the dynamic verdicts and weight scores stored under them
  /// hold again (a move tried and undone costs no re-evaluation).
  /// - Complexity: that of ``updateSnapshot(hosts:vm:_:)``.
  public mutating func revertSnapshot(
    _ revision: HostStampRevision, vm: Int, _ body: (inout ClusterSnapshot) -> Void
  ) {
    tables.updateSnapshot(hosts: revision.hosts, vm: vm, body)
    stamps.restore(revision)
  }

  /// Prepares the balancer's per-host loads in place (see
  /// ``ClusterTables/prepareBalance(hostLoad:candidates:)``); `balance.*` is read by
  /// balancer rules only, never by filters or weights.
  public mutating func prepareBalance(
    hostLoad: CompiledExpression<EvaluationContext>, candidates: [Int]
  ) {
    tables.prepareBalance(hostLoad: hostLoad, candidates: candidates)
  }

  /// Removes a VM's pending entry (its placement was abandoned).
  /// - Complexity: O(host fields).
  public mutating func clearPending(vm: Int) {
    if let host = pendingHost(of: vm) { stamps.touch([host]) }
    tables.removePending(vm: vm)
    placements.removeAll { $0.vmIndex == vm }
    #if SHEPHERD_INVARIANTS
      if let violation = invariantViolations().first {
        preconditionFailure("scheduler state invariant: \(violation)")
      }
    #endif
  }

  /// The host a VM is pending on, if any.
  public func pendingHost(of vm: Int) -> Int? {
    tables.pending.entries.indices.contains(vm) ? tables.pending.entries[vm]?.hostIndex : nil
  }

  /// The pending-resource accounting checks: per-host totals equal the sums of the VMs'
  /// entries, and no total is negative. Empty when consistent.
  ///
  /// Always compiled so tests can call it; with `-DSHEPHERD_INVARIANTS` every mutation
  /// checks it and stops on a violation.
  /// - Complexity: O(hosts + VMs).
  public func invariantViolations() -> [String] {
    let pending = tables.pending
    let hostCount = pending.vmCount.count
    var vmCount = Array(repeating: 0, count: hostCount)
    var vcpus = Array(repeating: 0, count: hostCount)
    var memory = Array(repeating: 0, count: hostCount)
    var overhead = Array(repeating: 0, count: hostCount)
    var load = Array(repeating: 0.0, count: hostCount)
    var out: [String] = []
    for (vm, entry) in pending.entries.enumerated() {
      guard let entry else { continue }
      guard vmCount.indices.contains(entry.hostIndex) else {
        out.append("VM \(vm) is pending on unknown host \(entry.hostIndex)")
        continue
      }
      vmCount[entry.hostIndex] += 1
      vcpus[entry.hostIndex] += entry.vcpus
      memory[entry.hostIndex] += entry.memoryMiB
      overhead[entry.hostIndex] += entry.staticOverheadMiB
      load[entry.hostIndex] += entry.cpuLoadPoints
    }
    for host in 0..<hostCount {
      if vmCount[host] != pending.vmCount[host] || vcpus[host] != pending.vcpus[host]
        || memory[host] != pending.memoryMiB[host]
        || overhead[host] != pending.staticOverheadMiB[host]
        || abs(load[host] - pending.cpuLoadPoints[host]) > 1e-6
      {
        out.append("pending totals of host \(host) differ from the sum of its entries")
      }
      if pending.vmCount[host] < 0 || pending.memoryMiB[host] < 0 {
        out.append("pending totals of host \(host) are negative")
      }
    }
    var latest = [Int?](repeating: nil, count: pending.entries.count)
    for placement in placements where latest.indices.contains(placement.vmIndex) {
      latest[placement.vmIndex] = placement.hostIndex
    }
    for (vm, host) in latest.enumerated() where host != nil && pendingHost(of: vm) != host {
      out.append("VM \(vm) was placed on host \(host ?? -1) but is not pending there")
    }
    return out
  }
}
