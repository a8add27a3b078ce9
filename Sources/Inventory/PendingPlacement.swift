public import Diagnostics

/// Resources the engine has already promised to a host for a VM, by a decision still in flight
/// (a start or a migration the engine has scheduled but the host does not show yet,
/// Docs/ovirt.md §3.7). The scheduler loads these into its pending store before its first
/// decision, so every unit that reads pending values sees them.
///
/// Each amount is optional: unset, it is what oVirt would record for the VM (the VM's own
/// memory, overheads, vCPUs and CPU load); hugepages, NUMA memory and dedicated pCPUs always
/// come from the VM's own configuration, as oVirt derives them.
///
/// ```yaml
/// pending:
///   - { vm: batch-07, host: host-02 }
///   - { vm: db-03, host: host-01, overcommitMemoryMiB: 8400, vcpus: 4 }
/// ```
public struct PendingPlacement: Hashable, Sendable {
  /// The VM's name.
  public var vmName: String
  /// The destination host's name.
  public var hostName: String
  /// The VM's index (resolved by ``ClusterSnapshot``).
  public internal(set) var vmIndex: Int?
  /// The host's index (resolved by ``ClusterSnapshot``).
  public internal(set) var hostIndex: Int?
  /// PendingMemory: the static overhead the physical memory check subtracts.
  public var memoryMiB: Int?
  /// PendingOvercommitMemory: guest memory plus full overhead, lowering `maxSchedulingMemory`.
  public var overcommitMemoryMiB: Int?
  /// PendingCpuCores: the vCPUs.
  public var vcpus: Int?
  /// PendingCpuLoad: the CPU usage in percent the VM's vCPUs are charged at.
  public var cpuUsagePercent: Double?
  /// Whether the entry is implied by the VM's status (WaitForLaunch on its host) rather than
  /// listed under `pending`.
  public var isImplied = false
  /// Where the entry is in the file.
  public var span: SourceSpan?

  /// Creates an entry.
  public init(
    vmName: String, hostName: String, memoryMiB: Int? = nil, overcommitMemoryMiB: Int? = nil,
    vcpus: Int? = nil, cpuUsagePercent: Double? = nil
  ) {
    self.vmName = vmName
    self.hostName = hostName
    self.memoryMiB = memoryMiB
    self.overcommitMemoryMiB = overcommitMemoryMiB
    self.vcpus = vcpus
    self.cpuUsagePercent = cpuUsagePercent
  }
}

extension VMStatus {
  /// Whether a VM in this status still holds a pending entry on its host: WaitForLaunch, sent
  /// there but not yet reported by the host, so not in its committed memory. The engine clears
  /// the entry when the VM reaches PoweringUp, from when the host's figures hold it
  /// (Docs/ovirt.md §3.7).
  public var holdsPendingResources: Bool { self == .waitForLaunch }
}
