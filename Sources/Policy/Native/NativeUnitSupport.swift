import Diagnostics
import Inventory

/// Helpers shared by the native units: where VMs are once pending placements count (Docs/ovirt.md
/// §3.7), property lookup with the unit's own default, oVirt's weight stretching and competition
/// ranks, and the per-VM resource formulas the units reuse.
///
/// Every helper returns values in host or VM index order, never in `Set` or `Dictionary` order.
enum NativeUnitSupport {
  /// Whether a VM index and a host index both exist (natives are called with trusted indices;
  /// this keeps a bad index from trapping).
  @inline(__always)
  static func isValid(vm: Int, host: Int, in snapshot: ClusterSnapshot) -> Bool {
    snapshot.vms.indices.contains(vm) && snapshot.hosts.indices.contains(host)
  }

  /// Whether a VM index and every host index exist.
  static func isValid(vm: Int, hosts: [Int], in snapshot: ClusterSnapshot) -> Bool {
    snapshot.vms.indices.contains(vm) && hosts.allSatisfy { snapshot.hosts.indices.contains($0) }
  }

  /// oVirt's `MaxSchedulerWeight` (Docs/ovirt.md, Conventions).
  static let maxWeight = 1000.0

  // MARK: Placements

  /// The hosts a VM occupies for placement rules: its current host while it runs, plus the
  /// target of its pending placement (Docs/ovirt.md §3.7: pending VMs count as running on their
  /// target). A running VM with a pending migration counts on both, as in oVirt, until the
  /// migration completes.
  static func hostsOccupied(byVM vm: Int, in tables: ClusterTables) -> [Int] {
    guard tables.snapshot.vms.indices.contains(vm) else { return [] }
    var out: [Int] = []
    let record = tables.snapshot.vms[vm]
    if record.isRunning, let host = record.hostIndex { out.append(host) }
    if tables.pending.entries.indices.contains(vm), let entry = tables.pending.entries[vm],
      !out.contains(entry.hostIndex)
    {
      out.append(entry.hostIndex)
    }
    return out
  }

  /// The VMs occupying a host: those running on it plus those pending onto it, ascending, without
  /// `excluding` (the VM being scheduled).
  static func vmsOccupying(host: Int, in tables: ClusterTables, excluding: Int? = nil) -> [Int] {
    guard tables.snapshot.hosts.indices.contains(host) else { return [] }
    var isMember = [Bool](repeating: false, count: tables.snapshot.vms.count)
    for vm in tables.snapshot.runningVMIndicesByHost[host] { isMember[vm] = true }
    for (vm, entry) in tables.pending.entries.enumerated()
    where entry?.hostIndex == host && isMember.indices.contains(vm) {
      isMember[vm] = true
    }
    if let excluding, isMember.indices.contains(excluding) { isMember[excluding] = false }
    return isMember.indices.filter { isMember[$0] }
  }

  /// The VMs pending onto a host, ascending, without `excluding`.
  static func vmsPending(onto host: Int, in tables: ClusterTables, excluding: Int? = nil)
    -> [Int]
  {
    tables.pending.entries.indices.filter {
      $0 != excluding && tables.pending.entries[$0]?.hostIndex == host
    }
  }

  /// Whether the VM runs on the host now (pending placements aside).
  static func runsNow(vm: Int, onHost host: Int, in tables: ClusterTables) -> Bool {
    // Fields read in place: no copy of the VM per host in the hot loop.
    tables.snapshot.vms[vm].hostIndex == host && tables.snapshot.vms[vm].isRunning
  }

  /// The hosts a single-host weight call ranks against: every `Up` host, plus `host`.
  static func defaultCandidates(including host: Int, in tables: ClusterTables) -> [Int] {
    var out = tables.snapshot.hosts.indices.filter { tables.snapshot.hosts[$0].status == .up }
    if !out.contains(host) {
      out.append(host)
      out.sort()
    }
    return out
  }

  // MARK: Resources

  /// Guest memory plus full overhead: what a VM needs of `maxSchedulingMemory` (Docs/ovirt.md
  /// §2.3.6).
  static func requiredMemoryMiB(of vm: VirtualMachine, in snapshot: ClusterSnapshot) -> Int {
    SchedulingFormulas.requiredMemoryMiB(of: vm, architecture: snapshot.cluster.cpuArchitecture)
  }

  /// A host's `maxSchedulingMemory` after the pending placements (Docs/ovirt.md §2.3.6, §3.7).
  static func maxSchedulingMemoryMiB(ofHost host: Int, in tables: ClusterTables) -> Int {
    SchedulingFormulas.maxSchedulingMemoryMiB(
      host: tables.snapshot.hosts[host],
      memoryOvercommitPercent: tables.snapshot.cluster.memoryOvercommitPercent,
      pendingMemoryMiB: tables.pending.memoryMiB.indices.contains(host)
        ? tables.pending.memoryMiB[host] : 0)
  }

  /// The pages of its hugepage size a VM needs: ceil(memory KiB ÷ page KiB); 0 when it is not
  /// hugepage-backed.
  static func hugepagesNeeded(by vm: VirtualMachine) -> Int {
    SchedulingFormulas.hugepagesNeeded(by: vm)
  }

  /// The logical CPUs of a host's NUMA nodes, or `0 ..< threads` without NUMA data; `nil` when
  /// neither is known.
  static func onlineCPUs(of host: Host) -> OnlineCPUs? {
    let fromNodes = host.numaNodes.flatMap(\.cpus)
    if !fromNodes.isEmpty { return .listed(Set(fromNodes)) }
    guard let threads = host.cpuThreads, threads > 0 else { return nil }
    return .range(threads)
  }

  /// A host's online CPUs, without materialising `0 ..< threads` (a host may report 2^20).
  enum OnlineCPUs {
    /// The CPUs `0 ..< count`.
    case range(Int)
    /// The CPUs its NUMA nodes list.
    case listed(Set<Int>)

    /// How many CPUs are online.
    var count: Int {
      switch self {
      case .range(let count): count
      case .listed(let cpus): cpus.count
      }
    }

    /// Whether a CPU is online.
    func contains(_ cpu: Int) -> Bool {
      switch self {
      case .range(let count): cpu >= 0 && cpu < count
      case .listed(let cpus): cpus.contains(cpu)
      }
    }
  }

  /// Threads per core of a host (1 when unknown).
  static func threadsPerCore(of host: Host) -> Int {
    guard let threads = host.cpuThreads, let cores = host.cpuCores, cores > 0 else { return 1 }
    return max(1, threads / cores)
  }

  /// The pCPUs an exclusively pinned VM takes on a host: its vCPUs when dedicated, one whole
  /// core (every thread of it) per vCPU with isolate-threads; 0 for other VMs.
  static func exclusiveCPUCount(of vm: VirtualMachine, onHost host: Host) -> Int {
    switch vm.cpuPinningPolicy {
    case .dedicated: vm.vcpus
    case .isolateThreads: vm.vcpus * threadsPerCore(of: host)
    default: 0
    }
  }

  /// The pCPUs held exclusively on a host by running and pending VMs other than `excluding`.
  static func exclusiveCPUsInUse(onHost host: Int, in tables: ClusterTables, excluding: Int)
    -> Int
  {
    let hostRecord = tables.snapshot.hosts[host]
    return vmsOccupying(host: host, in: tables, excluding: excluding).reduce(0) {
      $0 + exclusiveCPUCount(of: tables.snapshot.vms[$1], onHost: hostRecord)
    }
  }

  // MARK: Weights

  /// Java's `Math.round`: floor(x + 0.5).
  static func javaRound(_ value: Double) -> Double { (value + 0.5).rounded(.down) }

  /// oVirt's `stretchScores`: maps raw scores linearly onto [1, W] with
  /// `round(1 + (s − min)/(max − min) × (W − 1))`; all equal scores become 1 (Docs/ovirt.md §2.4).
  static func stretch(_ scores: [Double]) -> [Double] {
    guard let low = scores.min(), let high = scores.max(), high > low else {
      return scores.map { _ in 1 }
    }
    return scores.map { javaRound(1 + ($0 - low) / (high - low) * (maxWeight - 1)) }
  }

  /// 0-based competition ranks ("1224" ranking) of `keys` under a strict weak order: equal keys
  /// share the lower rank, and the next block's rank counts every key before it.
  static func competitionRanks<Key>(_ keys: [Key], by isBetter: (Key, Key) -> Bool) -> [Int] {
    let order = keys.indices.sorted { lhs, rhs in
      if isBetter(keys[lhs], keys[rhs]) { return true }
      if isBetter(keys[rhs], keys[lhs]) { return false }
      return lhs < rhs
    }
    var ranks = [Int](repeating: 0, count: keys.count)
    for (position, index) in order.enumerated() {
      if position > 0 {
        let previous = order[position - 1]
        let tied = !isBetter(keys[previous], keys[index]) && !isBetter(keys[index], keys[previous])
        ranks[index] = tied ? ranks[previous] : position
      }
    }
    return ranks
  }

  /// Lexicographic order on broken-priority lists sorted in descending order: an empty list is
  /// best and `[1, 1, 1]` beats `[2]` (Docs/ovirt.md §2.4.9).
  static func isBetterBrokenList(_ lhs: [Double], _ rhs: [Double]) -> Bool {
    for (left, right) in zip(lhs, rhs) where left != right { return left < right }
    return lhs.count < rhs.count
  }

  /// Formats a list of host names for reasons, e.g. `'h1', 'h2'`.
  static func hostList(_ hosts: [Int], in snapshot: ClusterSnapshot) -> String {
    hosts.map { "'\(snapshot.hosts[$0].name)'" }.joined(separator: ", ")
  }
}
