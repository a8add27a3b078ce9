public import Diagnostics

/// One hypervisor host at the snapshot's instant. See `Docs/fields.md` (`hosts[].*`).
///
/// Hosts are identified by their index in ``ClusterSnapshot/hosts`` (file order), which the
/// scheduler uses as a column index; ``name`` is unique.
public struct Host: Hashable, Sendable {
  /// The unique host name.
  public var name: String
  /// The host's status; only `Up` hosts are scheduling candidates.
  public var status: HostStatus

  // CPU
  /// CPU sockets; `nil` when the topology is unknown.
  public var cpuSockets: Int?
  /// CPU cores in total (all sockets); `nil` when unknown.
  public var cpuCores: Int?
  /// CPU threads in total (all sockets); `nil` when unknown.
  public var cpuThreads: Int?
  /// CPU usage over all CPUs; `nil` when the host reports no statistics.
  public var cpuUsagePercent: Double?
  /// Since when the CPU load has been beyond the scheduling thresholds (Docs/ovirt.md §3.10).
  public var cpuOverThresholdSince: Timestamp?
  /// The CPU model name, e.g. "Intel(R) Xeon(R) Gold 6338".
  public var cpuModel: String?
  /// The best cluster CPU type the host supports, e.g. "Intel Icelake Server Family".
  public var cpuLevel: String?
  /// The CPU flags.
  public var cpuFlags: [String]
  /// The TSC frequency, for high-performance VMs' migrations.
  public var tscFrequencyHz: Int?
  /// Whether the host supports TSC scaling.
  public var hasTSCScaling: Bool

  // Memory
  /// Physical memory.
  public var physicalMemoryMiB: Int
  /// Free memory.
  public var freeMemoryMiB: Int
  /// Memory committed to VMs (guest memory plus overhead).
  public var committedMemoryMiB: Int
  /// Memory reserved for the host itself.
  public var reservedMemoryMiB: Int
  /// oVirt's per-VM guest overhead on this host, read by the hosted-engine spares rule
  /// (Docs/ovirt.md §2.3.13).
  public var guestOverheadMiB: Int
  /// Swap space.
  public var swapTotalMiB: Int
  /// Free swap space.
  public var swapFreeMiB: Int
  /// Static hugepages, one pool per page size.
  public var hugepages: [HugepagePool]
  /// NUMA nodes; empty when the host does not report NUMA.
  public var numaNodes: [NUMANode]

  // Connectivity and labels
  /// Attached logical networks.
  public var networks: [String]
  /// Reachable storage domains.
  public var storageDomains: [String]
  /// Affinity labels.
  public var labels: [String]
  /// Host devices available for passthrough.
  public var hostDevices: [String]
  /// Mediated-device (vGPU) types with their free instances.
  public var mdevTypes: [MediatedDeviceType]
  /// Storage domains on which the host has acquired its lease, so VM leases there are ready;
  /// `nil` when the snapshot does not say (then every reachable domain counts as ready).
  public var leaseReadyStorageDomains: [String]?
  /// Whether device passthrough (IOMMU) is enabled.
  public var hasDevicePassthrough: Bool
  /// Installed VDSM hook scripts, e.g. "50_vhostmd".
  public var hooks: [String]

  // Software
  /// The OS string, e.g. "RHEL-8.9".
  public var osVersion: String?
  /// Supported cluster compatibility versions.
  public var compatibilityVersions: [String]
  /// Supported emulated machines.
  public var emulatedMachines: [String]

  // Hosted engine and power management
  /// Whether the host is configured for the hosted engine.
  public var isHostedEngineConfigured: Bool
  /// The hosted-engine HA score (0 … 3400).
  public var hostedEngineScore: Int
  /// Whether the host is in hosted-engine local maintenance.
  public var isHostedEngineLocalMaintenance: Bool
  /// Whether power management is configured and enabled.
  public var isPowerManagementEnabled: Bool
  /// Whether the power-saving balancer controls this host's power.
  public var isPowerControlledByPolicy: Bool

  /// The host's mapping in the snapshot.
  public var span: SourceSpan?
  /// The `name` value.
  public var nameSpan: SourceSpan?
  /// The `status` value.
  public var statusSpan: SourceSpan?

  /// Creates an `Up` host with the registry's defaults and the given memory.
  public init(name: String, status: HostStatus = .up, physicalMemoryMiB: Int, freeMemoryMiB: Int) {
    self.name = name
    self.status = status
    self.cpuSockets = nil
    self.cpuCores = nil
    self.cpuThreads = nil
    self.cpuUsagePercent = nil
    self.cpuOverThresholdSince = nil
    self.cpuModel = nil
    self.cpuLevel = nil
    self.cpuFlags = []
    self.tscFrequencyHz = nil
    self.hasTSCScaling = false
    self.physicalMemoryMiB = physicalMemoryMiB
    self.freeMemoryMiB = freeMemoryMiB
    self.committedMemoryMiB = 0
    self.reservedMemoryMiB = 0
    self.guestOverheadMiB = 65
    self.swapTotalMiB = 0
    self.swapFreeMiB = 0
    self.hugepages = []
    self.numaNodes = []
    self.networks = []
    self.storageDomains = []
    self.labels = []
    self.hostDevices = []
    self.hasDevicePassthrough = false
    self.mdevTypes = []
    self.leaseReadyStorageDomains = nil
    self.hooks = []
    self.osVersion = nil
    self.compatibilityVersions = []
    self.emulatedMachines = []
    self.isHostedEngineConfigured = false
    self.hostedEngineScore = 0
    self.isHostedEngineLocalMaintenance = false
    self.isPowerManagementEnabled = false
    self.isPowerControlledByPolicy = false
    self.span = nil
    self.nameSpan = nil
    self.statusSpan = nil
  }
}
