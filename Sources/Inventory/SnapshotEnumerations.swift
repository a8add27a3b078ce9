// The small closed value sets of the snapshot. They live together because each is a few lines;
// the field registry lists their raw values, so the docs and the did-you-mean hints follow them.

/// A host's status, as oVirt's engine reports it (`VDSStatus`).
public enum HostStatus: String, CaseIterable, Hashable, Sendable {
  case up = "Up"
  case maintenance = "Maintenance"
  case preparingForMaintenance = "PreparingForMaintenance"
  case nonOperational = "NonOperational"
  case nonResponsive = "NonResponsive"
  case down = "Down"
  case error = "Error"
  case connecting = "Connecting"
  case initializing = "Initializing"
  case installing = "Installing"
  case installFailed = "InstallFailed"
  case reboot = "Reboot"
  case pendingApproval = "PendingApproval"
  case kdumping = "Kdumping"
  case unassigned = "Unassigned"

  /// Whether the scheduler may place VMs on the host: only `Up` hosts are candidates.
  public var isSchedulable: Bool { self == .up }

  /// Whether a running VM may be reported on the host at all.
  ///
  /// `Down` and `Maintenance` hosts run nothing; a `NonResponsive` host may still carry VMs in
  /// status `Unknown` (the engine lost contact), which ``VMStatus/unknown`` covers.
  public var canCarryRunningVMs: Bool {
    switch self {
    case .down, .maintenance, .installing, .installFailed, .pendingApproval, .unassigned:
      false
    default: true
    }
  }
}

/// A VM's status (`VMStatus` in oVirt).
public enum VMStatus: String, CaseIterable, Hashable, Sendable {
  case up = "Up"
  case down = "Down"
  case poweringUp = "PoweringUp"
  case poweringDown = "PoweringDown"
  case paused = "Paused"
  case migratingFrom = "MigratingFrom"
  case migratingTo = "MigratingTo"
  case unknown = "Unknown"
  case notResponding = "NotResponding"
  case waitForLaunch = "WaitForLaunch"
  case rebootInProgress = "RebootInProgress"
  case savingState = "SavingState"
  case restoringState = "RestoringState"
  case suspended = "Suspended"
  case imageLocked = "ImageLocked"
  case imageIllegal = "ImageIllegal"

  /// Whether the VM occupies a host (and therefore must name one).
  ///
  /// Everything except `Down`, `Suspended`, `ImageLocked` and `ImageIllegal`.
  public var isRunning: Bool {
    switch self {
    case .down, .suspended, .imageLocked, .imageIllegal: false
    default: true
    }
  }
}

/// A VM's priority for restarts and evacuation order.
public enum VMPriority: String, CaseIterable, Hashable, Sendable {
  case low
  case medium
  case high

  /// oVirt's numeric priority: low 1, medium 50, high 100.
  public var numericValue: Int {
    switch self {
    case .low: 1
    case .medium: 50
    case .high: 100
    }
  }
}

/// Whether and how a VM may be migrated (Docs/ovirt.md §4.5).
public enum MigrationMode: String, CaseIterable, Hashable, Sendable {
  /// Migrated by balancers, affinity enforcement, maintenance and resilience.
  case migratable
  /// Only a user may migrate it (oVirt's IMPLICITLY_NON_MIGRATABLE).
  case manual
  /// Never migrated (oVirt's PINNED_TO_HOST).
  case pinned
}

/// The polarity of an affinity rule.
public enum AffinityPolarity: String, CaseIterable, Hashable, Sendable {
  case positive
  case negative
  case disabled
}

/// How the cluster limits migration bandwidth (Docs/ovirt.md §5.3).
public enum BandwidthMode: String, CaseIterable, Hashable, Sendable {
  /// The minimum of both hosts' migration-network QoS or link speed.
  case auto
  /// Nothing is sent; the hypervisor's default applies.
  case hypervisorDefault = "hypervisor_default"
  /// `mbps` from the cluster.
  case custom
}

/// Parallel migration connections (Docs/ovirt.md §5.3).
public enum ParallelMigrationsMode: String, CaseIterable, Hashable, Sendable {
  case disabled
  case auto
  case autoParallel = "auto_parallel"
  /// `parallelConnections` connections.
  case custom
}

/// What happens to a NonOperational host's VMs (Docs/ovirt.md §6).
public enum ResilienceMode: String, CaseIterable, Hashable, Sendable {
  case migrate
  case migrateHAOnly = "migrate_ha_only"
  case doNotMigrate = "do_not_migrate"
}

/// A VM's CPU pinning policy (Docs/ovirt.md §2.2, §3.3).
public enum CPUPinningPolicy: String, CaseIterable, Hashable, Sendable {
  case none
  case manual
  case dedicated
  case isolateThreads = "isolate-threads"
  case resizeAndPinNUMA = "resize-and-pin-numa"

  /// Whether the policy pins physical CPUs exclusively to the VM.
  public var isExclusive: Bool { self == .dedicated || self == .isolateThreads }
}

/// A VM's NUMA tune mode.
public enum NUMATuneMode: String, CaseIterable, Hashable, Sendable {
  case strict
  case interleave
  case preferred
}

/// A cluster's CPU architecture.
public enum CPUArchitecture: String, CaseIterable, Hashable, Sendable {
  case x86_64
  case ppc64
  case s390x
  case aarch64
}

/// The values the `cache` and `viodiskcache` custom properties accept (Docs/ovirt.md §7.5).
public enum DiskCacheMode: String, CaseIterable, Hashable, Sendable {
  case none
  case writeback
  case writethrough
}
