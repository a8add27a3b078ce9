public import Diagnostics

/// One VM at the snapshot's instant. See `Docs/fields.md` (`vms[].*`).
///
/// VMs are identified by their index in ``ClusterSnapshot/vms`` (file order); ``name`` is
/// unique. Host references are resolved to host indices by the loader.
public struct VirtualMachine: Hashable, Sendable {
  /// The unique VM name.
  public var name: String
  /// The engine's VM GUID, if the snapshot gives it; oVirt breaks ties by VM id.
  public var id: String?
  /// The VM's status.
  public var status: VMStatus
  /// The name of the host the VM runs on; `nil` when it is not running.
  public var hostName: String?
  /// The index of that host in ``ClusterSnapshot/hosts``.
  public var hostIndex: Int?

  /// Guest memory.
  public var memoryMiB: Int
  /// Memory guaranteed to the guest (never ballooned away).
  public var guaranteedMemoryMiB: Int
  /// Virtual CPUs.
  public var vcpus: Int
  /// Virtual sockets, when the topology is given (sockets × cores × threads = vcpus).
  public var cpuSockets: Int?
  /// Cores per virtual socket, when given.
  public var cpuCoresPerSocket: Int?
  /// Threads per virtual core, when given.
  public var cpuThreadsPerCore: Int?
  /// CPU usage of the VM's vCPUs; `nil` when it reports no statistics.
  public var cpuUsagePercent: Double?
  /// IO threads (each adds memory overhead).
  public var ioThreads: Int
  /// The VM's full memory overhead as the engine computed it; `nil` when the snapshot does not
  /// say, and then the overhead formula applies (Docs/ovirt.md §2.3.6, Overheads).
  public var memoryOverheadMiB: Int?

  /// Whether the VM is highly available (restarted automatically).
  public var isHighlyAvailable: Bool
  /// Restart and evacuation priority.
  public var priority: VMPriority
  /// Whether and how it may migrate.
  public var migrationMode: MigrationMode
  /// Hosts it is pinned to (oVirt's dedicated hosts), by name.
  public var pinnedHostNames: [String]
  /// The same, as host indices.
  public var pinnedHostIndices: [Int]
  /// Hosts preferred when it starts, by name.
  public var preferredHostNames: [String]
  /// The same, as host indices.
  public var preferredHostIndices: [Int]

  /// Custom properties such as `cache` or `viodiskcache`.
  public var customProperties: PropertyMap
  /// Networks its NICs use.
  public var networks: [String]
  /// Storage domains of its disks.
  public var storageDomains: [String]
  /// The storage domain holding its VM lease, if any.
  public var leaseStorageDomain: String?
  /// Affinity labels.
  public var labels: [String]
  /// Host devices passed through to it.
  public var hostDevices: [String]
  /// Mediated-device (vGPU) types it needs, one entry per instance.
  public var mdevTypes: [String]
  /// Whether its mediated devices run without a display (oVirt's `nodisplay`).
  public var isMdevNoDisplay: Bool

  /// CPU pinning policy.
  public var cpuPinningPolicy: CPUPinningPolicy
  /// The manual pinning string (e.g. "0#1_1#2-3") when the policy is `manual`.
  public var cpuPinning: String?
  /// Whether the host CPU is passed through.
  public var hasCPUPassthrough: Bool
  /// Whether it uses a fixed TSC frequency (high-performance VMs).
  public var usesTSCFrequency: Bool
  /// The hugepage size backing its memory; `nil` when not hugepage-backed.
  public var hugepageSizeKiB: Int?
  /// NUMA tune mode for its virtual NUMA nodes.
  public var numaTuneMode: NUMATuneMode
  /// Virtual NUMA nodes.
  public var numaNodes: [NUMANode]

  /// A custom emulated machine, if set.
  public var customEmulatedMachine: String?
  /// A custom CPU type, if set.
  public var customCPUType: String?
  /// A custom compatibility version, if set.
  public var customCompatibilityVersion: String?
  /// Whether this is the hosted-engine VM.
  public var isHostedEngine: Bool

  /// The VM's mapping in the snapshot.
  public var span: SourceSpan?
  /// The `name` value.
  public var nameSpan: SourceSpan?
  /// The `host` value.
  public var hostSpan: SourceSpan?

  /// Creates a VM with the registry's defaults.
  public init(name: String, status: VMStatus = .down, memoryMiB: Int, vcpus: Int) {
    self.name = name
    self.id = nil
    self.status = status
    self.hostName = nil
    self.hostIndex = nil
    self.memoryMiB = memoryMiB
    self.guaranteedMemoryMiB = memoryMiB
    self.vcpus = vcpus
    self.cpuSockets = nil
    self.cpuCoresPerSocket = nil
    self.cpuThreadsPerCore = nil
    self.cpuUsagePercent = nil
    self.ioThreads = 0
    self.memoryOverheadMiB = nil
    self.isHighlyAvailable = false
    self.priority = .low
    self.migrationMode = .migratable
    self.pinnedHostNames = []
    self.pinnedHostIndices = []
    self.preferredHostNames = []
    self.preferredHostIndices = []
    self.customProperties = PropertyMap()
    self.networks = []
    self.storageDomains = []
    self.leaseStorageDomain = nil
    self.labels = []
    self.hostDevices = []
    self.mdevTypes = []
    self.isMdevNoDisplay = false
    self.cpuPinningPolicy = .none
    self.cpuPinning = nil
    self.hasCPUPassthrough = false
    self.usesTSCFrequency = false
    self.hugepageSizeKiB = nil
    self.numaTuneMode = .interleave
    self.numaNodes = []
    self.customEmulatedMachine = nil
    self.customCPUType = nil
    self.customCompatibilityVersion = nil
    self.isHostedEngine = false
    self.span = nil
    self.nameSpan = nil
    self.hostSpan = nil
  }

  /// Whether the VM occupies a host (its status is a running one).
  public var isRunning: Bool { status.isRunning }
}
