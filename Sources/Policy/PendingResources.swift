/// Resources the scheduler has promised to hosts but that the snapshot does not show yet
/// (Docs/ovirt.md §3.7): each planned placement or migration adds an entry for (VM, host).
///
/// One entry per VM: adding a VM again replaces its entry, as oVirt's pending store does.
/// Totals are kept per host in arrays indexed by host, so reading them costs one array access.
public struct PendingResources: Hashable, Sendable {
  /// What one VM adds to its destination host.
  public struct Entry: Hashable, Sendable {
    /// The destination host's index.
    public var hostIndex: Int
    /// vCPUs (PendingCpuCores).
    public var vcpus: Int
    /// CPU load in percent × vCPUs points (PendingCpuLoad).
    public var cpuLoadPoints: Double
    /// Guest memory plus full overhead (PendingOvercommitMemory), lowering
    /// `maxSchedulingMemoryMiB`.
    public var memoryMiB: Int
    /// The static overhead only (PendingMemory), lowering the physical memory check.
    public var staticOverheadMiB: Int

    /// Creates an entry.
    public init(
      hostIndex: Int, vcpus: Int, cpuLoadPoints: Double, memoryMiB: Int, staticOverheadMiB: Int
    ) {
      self.hostIndex = hostIndex
      self.vcpus = vcpus
      self.cpuLoadPoints = cpuLoadPoints
      self.memoryMiB = memoryMiB
      self.staticOverheadMiB = staticOverheadMiB
    }
  }

  /// The entry of each VM, indexed by VM; `nil` when the VM has nothing pending.
  public private(set) var entries: [Entry?]
  /// Pending VMs per host.
  public private(set) var vmCount: [Int]
  /// Pending vCPUs per host.
  public private(set) var vcpus: [Int]
  /// Pending CPU load points per host.
  public private(set) var cpuLoadPoints: [Double]
  /// Pending guest memory plus full overhead per host.
  public private(set) var memoryMiB: [Int]
  /// Pending static overhead per host.
  public private(set) var staticOverheadMiB: [Int]

  /// Creates an empty store for a cluster of this size.
  public init(hostCount: Int, vmCount: Int) {
    entries = Array(repeating: nil, count: max(0, vmCount))
    self.vmCount = Array(repeating: 0, count: max(0, hostCount))
    vcpus = Array(repeating: 0, count: max(0, hostCount))
    cpuLoadPoints = Array(repeating: 0, count: max(0, hostCount))
    memoryMiB = Array(repeating: 0, count: max(0, hostCount))
    staticOverheadMiB = Array(repeating: 0, count: max(0, hostCount))
  }

  /// Records a VM's entry, replacing any earlier one.
  ///
  /// - Returns: the hosts whose totals changed (the old and the new destination).
  @discardableResult
  public mutating func set(_ entry: Entry, forVM vmIndex: Int) -> [Int] {
    guard entries.indices.contains(vmIndex), vmCount.indices.contains(entry.hostIndex) else {
      return []
    }
    var touched = remove(vmIndex: vmIndex)
    entries[vmIndex] = entry
    apply(entry, sign: 1)
    if !touched.contains(entry.hostIndex) { touched.append(entry.hostIndex) }
    return touched
  }

  /// Removes a VM's entry.
  ///
  /// - Returns: the host whose totals changed, if any.
  @discardableResult
  public mutating func remove(vmIndex: Int) -> [Int] {
    guard entries.indices.contains(vmIndex), let old = entries[vmIndex] else { return [] }
    entries[vmIndex] = nil
    apply(old, sign: -1)
    return [old.hostIndex]
  }

  private mutating func apply(_ entry: Entry, sign: Int) {
    let host = entry.hostIndex
    vmCount[host] += sign
    vcpus[host] += sign * entry.vcpus
    cpuLoadPoints[host] += Double(sign) * entry.cpuLoadPoints
    memoryMiB[host] += sign * entry.memoryMiB
    staticOverheadMiB[host] += sign * entry.staticOverheadMiB
  }
}
