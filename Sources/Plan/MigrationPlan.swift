public import Diagnostics
public import Inventory
public import Policy

/// A migration plan, version 1: the contract between Shepherd and a separate executor.
///
/// The executor carries out ``steps`` wave by wave, checking each step's ``PlanStep/precondition``
/// first, like OpenStack Watcher's applier. The plan names the digests of the snapshot and of the
/// resolved policy it was computed from, so a plan can never be applied to a different cluster
/// state by mistake. `shepherd verify` re-checks any plan against its snapshot without reusing
/// the solver.
///
/// ```json
/// {"apiVersion":"shepherd/v1","kind":"MigrationPlan","snapshot":{"digest":"sha256:…"},
///  "steps":[{"id":"step-1","action":"migrate","vm":"web-01","from":"host-02","to":"host-05",
///            "wave":1,"precondition":{"vmRunningOn":"host-02","hostsUp":["host-02","host-05"]}}]}
/// ```
public struct MigrationPlan: Hashable, Sendable {
  /// The plan format's version.
  public static let apiVersion = "shepherd/v1"
  /// The document kind.
  public static let kind = "MigrationPlan"

  /// The cluster's name.
  public var cluster: String
  /// `sha256:` digest of the snapshot file's bytes.
  public var snapshotDigest: String
  /// The snapshot's `takenAt`, as written.
  public var snapshotTakenAt: String
  /// The scheduling policy's name.
  public var policyName: String
  /// `sha256:` digest of the resolved policy (its canonical JSON).
  public var policyDigest: String
  /// What asked for the plan.
  public var trigger: PlanTrigger
  /// The limits in force.
  public var limits: PlanLimits
  /// The ordered steps.
  public var steps: [PlanStep]
  /// VMs and hosts that could not be handled, with reasons.
  public var unhandled: [UnhandledItem]
  /// Per-host figures before and after the plan.
  public var hostSummary: [HostSummary]
  /// Estimated duration along the critical path, in seconds.
  public var estimatedDurationSeconds: Double
  /// Whether the plan does everything the trigger asked (a limit the user set is not a
  /// failure: see ``isCapped``).
  public var isComplete: Bool
  /// Whether planning stopped at the user's `--max-migrations` with moves still to make.
  public var isCapped = false
  /// Remarks (e.g. "stopped: oscillation between host-01 and host-02").
  public var notes: [String]
  /// Whether every HA VM could restart after any one host failure, in the state after the
  /// plan (N+1).
  public var headroom: HeadroomReport?
  /// oVirt's HA-reservation check (Docs/ovirt.md §3.11) on the cluster as the snapshot shows it,
  /// when the cluster has HA reservation enabled; the same analysis as ``headroom``.
  public var haReservation: HeadroomReport?
  /// How good an optimized plan is (`--optimize`): the objective reached, its lower bound and
  /// the gap.
  public var optimization: OptimizationReport?
  /// Where the snapshot digest is written, when the plan was read from a file.
  public var snapshotDigestSpan: SourceSpan?

  /// Creates a plan.
  public init(
    cluster: String, snapshotDigest: String, snapshotTakenAt: String, policyName: String,
    policyDigest: String, trigger: PlanTrigger, limits: PlanLimits, steps: [PlanStep] = [],
    unhandled: [UnhandledItem] = [], hostSummary: [HostSummary] = [],
    estimatedDurationSeconds: Double = 0, isComplete: Bool = true, notes: [String] = []
  ) {
    self.cluster = cluster
    self.snapshotDigest = snapshotDigest
    self.snapshotTakenAt = snapshotTakenAt
    self.policyName = policyName
    self.policyDigest = policyDigest
    self.trigger = trigger
    self.limits = limits
    self.steps = steps
    self.unhandled = unhandled
    self.hostSummary = hostSummary
    self.estimatedDurationSeconds = estimatedDurationSeconds
    self.isComplete = isComplete
    self.notes = notes
  }

  /// The number of waves.
  public var waveCount: Int { steps.map(\.wave).max() ?? 0 }
}

/// What asked for a plan.
public struct PlanTrigger: Hashable, Sendable {
  /// The kind of request.
  public enum Kind: String, Hashable, Sendable, CaseIterable {
    /// The policy's balancer (and affinity enforcement), round after round.
    case balance
    /// Hosts entering maintenance (user request).
    case maintenance
    /// Hosts that failed; the resilience policy decides.
    case fail
    /// A manual migration request.
    case migrate
    /// Affinity-rule enforcement alone.
    case enforceAffinity = "enforce-affinity"
    /// A target placement for an objective (`shepherd plan --optimize`).
    case optimize
  }

  /// The kind.
  public var kind: Kind
  /// Hosts named by the request (maintenance, fail).
  public var hosts: [String]
  /// VMs named by the request (migrate).
  public var vms: [String]
  /// The requested destination (migrate --to).
  public var destination: String?
  /// The objective of an optimize request (`consolidate` or `spread`).
  public var objective: String?

  /// Creates a trigger.
  public init(
    kind: Kind, hosts: [String] = [], vms: [String] = [], destination: String? = nil,
    objective: String? = nil
  ) {
    self.kind = kind
    self.hosts = hosts
    self.vms = vms
    self.destination = destination
    self.objective = objective
  }
}

/// The limits a plan respects.
public struct PlanLimits: Hashable, Sendable {
  /// The most migrations in the plan, if limited.
  public var maxMigrations: Int?
  /// The most migrations running at once in the cluster (the cluster setting).
  public var maxConcurrentMigrationsPerCluster: Int
  /// The most incoming or outgoing migrations per host at once (the migration policy's
  /// maxMigrations, Docs/ovirt.md §5.2).
  public var maxConcurrentMigrationsPerHost: Int
  /// Bandwidth per migration in Mbps, if known (§5.3).
  public var bandwidthMbps: Double?

  /// Creates limits.
  public init(
    maxMigrations: Int? = nil, maxConcurrentMigrationsPerCluster: Int,
    maxConcurrentMigrationsPerHost: Int, bandwidthMbps: Double? = nil
  ) {
    self.maxMigrations = maxMigrations
    self.maxConcurrentMigrationsPerCluster = maxConcurrentMigrationsPerCluster
    self.maxConcurrentMigrationsPerHost = maxConcurrentMigrationsPerHost
    self.bandwidthMbps = bandwidthMbps
  }

  /// The concurrency limits a cluster allows: its `maxConcurrentMigrations`, and per host the
  /// migration policy's `maxMigrations` (1 when parallel migration connections are on, as each
  /// migration then uses several). Planners plan within these and the verifier checks against
  /// them, never against a plan's own claim.
  public static func allowed(
    snapshot: ClusterSnapshot, migrationPolicy: MigrationPolicyDocument,
    maxMigrations: Int? = nil, bandwidthMbps: Double? = nil
  ) -> PlanLimits {
    let perHost =
      snapshot.cluster.parallelMigrations == .disabled ? migrationPolicy.maxMigrations : 1
    return PlanLimits(
      maxMigrations: maxMigrations,
      maxConcurrentMigrationsPerCluster: max(1, snapshot.cluster.maxConcurrentMigrations),
      maxConcurrentMigrationsPerHost: max(1, perHost), bandwidthMbps: bandwidthMbps)
  }
}

/// What a step does.
public enum StepAction: String, Hashable, Sendable, CaseIterable {
  /// Live-migrate a running VM from one host to another.
  case migrate
  /// Start an HA VM elsewhere after its host failed.
  case restart
  /// Put an (empty) host into maintenance.
  case hostMaintenance = "host-maintenance"
  /// Power a host in maintenance off.
  case hostPowerOff = "host-power-off"
  /// Power a down host on.
  case hostPowerOn = "host-power-on"
  /// Activate a host in maintenance.
  case hostActivate = "host-activate"

  /// Whether the step moves a VM.
  public var movesVM: Bool { self == .migrate || self == .restart }
}

/// What the executor checks before carrying out a step.
public struct StepPrecondition: Hashable, Sendable {
  /// The VM must be running on this host.
  public var vmRunningOn: String?
  /// These hosts must be Up.
  public var hostsUp: [String]
  /// This host must run no VM.
  public var hostEmpty: String?

  /// Creates a precondition.
  public init(vmRunningOn: String? = nil, hostsUp: [String] = [], hostEmpty: String? = nil) {
    self.vmRunningOn = vmRunningOn
    self.hostsUp = hostsUp
    self.hostEmpty = hostEmpty
  }
}

/// Why a step is in the plan, in words and in data.
public struct StepReason: Hashable, Sendable {
  /// One sentence for people.
  public var text: String
  /// Which loop or unit proposed the step (`balancer:OptimalForEvenGuestDistribution`,
  /// `maintenance`, `affinity-enforcement`, …).
  public var proposedBy: String
  /// Structured detail: source and destination metrics, the weights that chose the host.
  public var data: JSONValue

  /// Creates a reason.
  public init(text: String, proposedBy: String, data: JSONValue = .object([])) {
    self.text = text
    self.proposedBy = proposedBy
    self.data = data
  }
}

/// One step of a plan.
public struct PlanStep: Hashable, Sendable {
  /// A stable identifier (`step-1`, …), referenced by ``dependsOn``.
  public var id: String
  /// What to do.
  public var action: StepAction
  /// The VM moved (migrate, restart).
  public var vm: String?
  /// The source host (migrate) or failed host (restart).
  public var fromHost: String?
  /// The destination host (migrate, restart).
  public var toHost: String?
  /// The host acted on (host power actions).
  public var host: String?
  /// The wave (1-based); steps of one wave may run concurrently.
  public var wave: Int
  /// Steps that must finish first.
  public var dependsOn: [String]
  /// What the executor checks first.
  public var precondition: StepPrecondition
  /// Migration parameters to apply (migrate only), as resolved from the migration policy.
  public var migrationParameters: JSONValue?
  /// Estimated duration in seconds, if estimated.
  public var estimatedDurationSeconds: Double?
  /// Why.
  public var reason: StepReason
  /// Where the step is written, when it was read from a file (not part of the JSON).
  public var span: SourceSpan?
  /// Where some of its fields are written (`precondition.hostsUp`, `reason.data.candidates`,
  /// …), when read from a file, so the verifier can point at the one that is wrong.
  public var fieldSpans: [String: SourceSpan] = [:]

  /// Creates a step.
  public init(
    id: String, action: StepAction, vm: String? = nil, fromHost: String? = nil,
    toHost: String? = nil, host: String? = nil, wave: Int, dependsOn: [String] = [],
    precondition: StepPrecondition, migrationParameters: JSONValue? = nil,
    estimatedDurationSeconds: Double? = nil, reason: StepReason
  ) {
    self.id = id
    self.action = action
    self.vm = vm
    self.fromHost = fromHost
    self.toHost = toHost
    self.host = host
    self.wave = wave
    self.dependsOn = dependsOn
    self.precondition = precondition
    self.migrationParameters = migrationParameters
    self.estimatedDurationSeconds = estimatedDurationSeconds
    self.reason = reason
  }
}

/// A VM or host the plan could not handle.
public struct UnhandledItem: Hashable, Sendable {
  /// `vm` or `host`.
  public var kind: String
  /// Its name.
  public var name: String
  /// Why, in one sentence.
  public var reason: String
  /// The full reason chain (e.g. every filter that rejected each host).
  public var details: [String]
  /// For an `affinity` item: the conflict as data.
  public var conflict: AffinityConflictData?

  /// Creates an item.
  public init(
    kind: String, name: String, reason: String, details: [String] = [],
    conflict: AffinityConflictData? = nil
  ) {
    self.kind = kind
    self.name = name
    self.reason = reason
    self.details = details
    self.conflict = conflict
  }
}

/// Affinity rules that contradict each other, as data (Docs/ovirt.md §7.1): what kind of
/// conflict, which groups, and the VMs and hosts it concerns. Enforcement skips exactly these
/// groups' rules; everything else is still enforced.
public struct AffinityConflictData: Hashable, Sendable {
  /// The conflict type (Docs/ovirt.md §7.1 lists them with oVirt's names), e.g.
  /// `vm-to-vm-positive-and-negative`.
  public var type: String
  /// The affinity groups in conflict, in snapshot order.
  public var groups: [String]
  /// The VMs concerned, in snapshot order.
  public var vms: [String]
  /// The hosts concerned, in snapshot order (empty when the conflict names none).
  public var hosts: [String]

  /// Every conflict type, in the order enforcement checks them (oVirt's names in
  /// Docs/ovirt.md §7.1); `enforcement-cycle` is Shepherd's: enforcing a rule would bring back
  /// an earlier placement.
  public static let types = [
    "vm-to-host-enforcing-positive-and-negative", "vm-to-host-positive-and-negative",
    "vm-to-host-against-positive-vm-to-vm", "vm-to-host-against-negative-vm-to-vm",
    "non-intersecting-positive-hosts", "vm-to-vm-positive-and-negative", "enforcement-cycle",
  ]

  /// Creates conflict data.
  public init(type: String, groups: [String], vms: [String], hosts: [String]) {
    self.type = type
    self.groups = groups
    self.vms = vms
    self.hosts = hosts
  }
}

/// One host's figures before and after a plan.
public struct HostSummary: Hashable, Sendable {
  /// CPU %, memory %, VM count.
  public struct Figures: Hashable, Sendable {
    /// CPU usage %, if known.
    public var cpuPercent: Double?
    /// Committed memory as % of physical memory.
    public var memoryPercent: Double
    /// Running VMs.
    public var vmCount: Int

    /// Creates figures.
    public init(cpuPercent: Double?, memoryPercent: Double, vmCount: Int) {
      self.cpuPercent = cpuPercent
      self.memoryPercent = memoryPercent
      self.vmCount = vmCount
    }
  }

  /// The host's name.
  public var host: String
  /// Before the plan.
  public var before: Figures
  /// After the plan.
  public var after: Figures

  /// Creates a summary row.
  public init(host: String, before: Figures, after: Figures) {
    self.host = host
    self.before = before
    self.after = after
  }
}

/// The quality of an optimized plan: the objective's value before and after, a lower bound no
/// placement can beat, the gap to it, and the migrations against the VMs the target moves.
public struct OptimizationReport: Hashable, Sendable {
  /// `consolidate` or `spread`.
  public var objective: String
  /// What the values measure, in words (e.g. "hosts in use").
  public var measure: String
  /// The measure on the snapshot.
  public var before: Double
  /// The measure once the plan is done.
  public var after: Double
  /// A value no placement that respects the capacities can beat.
  public var lowerBound: Double
  /// How the bound is made up, in words.
  public var boundDetail: String
  /// Migrations in the plan.
  public var migrations: Int
  /// VMs whose target host differs from the snapshot's (the fewest migrations that reach the
  /// target).
  public var vmsNotInPlace: Int
  /// Why the search stopped: `no-gain`, `iteration-budget`, `time-limit` or `max-migrations`.
  public var stoppedBy: String
  /// Search iterations used.
  public var iterations: Int

  /// `after − lowerBound`.
  public var gap: Double { after - lowerBound }
  /// The gap in percent of the bound (0 when the bound is 0).
  public var gapPercent: Double {
    lowerBound > 0 ? ((after - lowerBound) / lowerBound * 1000).rounded() / 10 : 0
  }

  /// Creates a report.
  public init(
    objective: String, measure: String, before: Double, after: Double, lowerBound: Double,
    boundDetail: String, migrations: Int, vmsNotInPlace: Int, stoppedBy: String, iterations: Int
  ) {
    self.objective = objective
    self.measure = measure
    self.before = before
    self.after = after
    self.lowerBound = lowerBound
    self.boundDetail = boundDetail
    self.migrations = migrations
    self.vmsNotInPlace = vmsNotInPlace
    self.stoppedBy = stoppedBy
    self.iterations = iterations
  }
}
