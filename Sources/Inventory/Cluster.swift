public import Diagnostics

/// The cluster's settings: CPU, compatibility level, over-commit, SPM, networks and the
/// scheduling, migration and resilience policies. See `Docs/fields.md` (`cluster.*`).
public struct Cluster: Hashable, Sendable {
  /// The cluster name.
  public var name: String
  /// The CPU architecture.
  public var cpuArchitecture: CPUArchitecture
  /// The cluster CPU type (level), e.g. "Intel Icelake Server Family"; `nil` when unset.
  public var cpuType: String?
  /// The CPU flags every host must have.
  public var cpuFlags: [String]
  /// The cluster compatibility version, e.g. "4.7".
  public var compatibilityVersion: String
  /// Memory over-commit in percent of physical memory (100 = none).
  public var memoryOvercommitPercent: Int
  /// Whether CPU threads count as cores for scheduling.
  public var countsThreadsAsCores: Bool
  /// The SPM host's name, if any.
  public var spmHostName: String?
  /// The SPM host's index in ``ClusterSnapshot/hosts``, resolved by the loader.
  public var spmHostIndex: Int?
  /// Networks every host must have.
  public var requiredNetworks: [String]
  /// The display network, if the cluster has one.
  public var displayNetwork: String?
  /// The cluster's storage domains.
  public var storageDomains: [String]
  /// Whether HA reservation is on.
  public var hasHAReservation: Bool
  /// The scheduling policy name.
  public var schedulingPolicy: String
  /// Where the scheduling policy is named, if it is (`nil` when it takes its default).
  public var schedulingPolicySpan: SourceSpan?
  /// Scheduling-policy property overrides, e.g. `HighVmCount: 12`.
  public var schedulingProperties: PropertyMap
  /// The migration policy name.
  public var migrationPolicy: String
  /// Where the migration policy is named, if it is (`nil` when it takes its default).
  public var migrationPolicySpan: SourceSpan?
  /// How migration bandwidth is limited.
  public var migrationBandwidthMode: BandwidthMode
  /// The custom bandwidth, when ``migrationBandwidthMode`` is `custom`.
  public var migrationBandwidthMbps: Int?
  /// The most migrations the plan may run at once in this cluster.
  public var maxConcurrentMigrations: Int
  /// Whether migrations are encrypted.
  public var isMigrationEncrypted: Bool
  /// Parallel migration connections mode.
  public var parallelMigrations: ParallelMigrationsMode
  /// The connection count when ``parallelMigrations`` is `custom`.
  public var parallelConnections: Int?
  /// What happens to a NonOperational host's VMs.
  public var resilience: ResilienceMode
  /// Where the `cluster` mapping is written.
  public var span: SourceSpan?
  /// Where the cluster's name is written.
  public var nameSpan: SourceSpan?

  /// Creates cluster settings with the registry's defaults for everything but the name.
  public init(name: String, compatibilityVersion: String = "4.7") {
    self.name = name
    self.cpuArchitecture = .x86_64
    self.cpuType = nil
    self.cpuFlags = []
    self.compatibilityVersion = compatibilityVersion
    self.memoryOvercommitPercent = 100
    self.countsThreadsAsCores = false
    self.spmHostName = nil
    self.spmHostIndex = nil
    self.requiredNetworks = []
    self.displayNetwork = nil
    self.storageDomains = []
    self.hasHAReservation = false
    self.schedulingPolicy = "none"
    self.schedulingProperties = PropertyMap()
    self.migrationPolicy = "minimal_downtime"
    self.migrationPolicySpan = nil
    self.migrationBandwidthMode = .auto
    self.migrationBandwidthMbps = nil
    self.maxConcurrentMigrations = 2
    self.isMigrationEncrypted = false
    self.parallelMigrations = .disabled
    self.parallelConnections = nil
    self.resilience = .migrate
    self.span = nil
    self.nameSpan = nil
  }
}
