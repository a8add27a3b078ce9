public import Diagnostics
public import Inventory
public import Policy

/// The migration parameters one live migration runs with, resolved as oVirt does
/// (Docs/ovirt.md §5.3), and carried by every `migrate` step.
public struct MigrationParameters: Hashable, Sendable {
  /// The migration policy's name.
  public var policyName: String
  /// Whether auto-converge is on (the policy's value).
  public var isAutoConverge: Bool
  /// Whether compression is on (the policy's value).
  public var isCompressed: Bool
  /// Whether the migration is encrypted; `nil` when not sent (cluster level below 4.4).
  public var isEncrypted: Bool?
  /// Whether zero-copy is used (policy, level 4.7+, not encrypted); it forces parallel
  /// connections.
  public var isZeroCopy: Bool
  /// Parallel connections, or `nil` for none.
  public var parallelConnections: Int?
  /// Incoming or outgoing migrations per host at once: 1 with parallel connections, else the
  /// policy's maxMigrations.
  public var maxMigrationsPerHost: Int
  /// Bandwidth for this migration in Mbps, or `nil` when the hypervisor's default applies.
  public var bandwidthMbps: Double?
  /// The initial downtime in milliseconds.
  public var initialDowntimeMs: Int
  /// The convergence schedule: (stalling limit, action); limit −1 for the final actions.
  public var convergence: [(limit: Int, action: ConvergenceAction)]

  public static func == (lhs: MigrationParameters, rhs: MigrationParameters) -> Bool {
    lhs.json() == rhs.json()
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(json()) }

  /// The parameters as written into a step.
  public func json() -> JSONValue {
    var fields: [(String, JSONValue)] = [
      ("policy", .string(policyName)),
      ("autoConverge", .bool(isAutoConverge)),
      ("compression", .bool(isCompressed)),
      ("zeroCopy", .bool(isZeroCopy)),
      ("maxMigrationsPerHost", .int(maxMigrationsPerHost)),
      ("initialDowntimeMs", .int(initialDowntimeMs)),
      (
        "convergence",
        .array(
          convergence.map { step in
            var action: [(String, JSONValue)] = [("limit", .int(step.limit))]
            switch step.action {
            case .setDowntime(let milliseconds):
              action.append(("action", .string("setDowntime")))
              action.append(("downtimeMs", .int(milliseconds)))
            case .postcopy: action.append(("action", .string("postcopy")))
            case .abort: action.append(("action", .string("abort")))
            }
            return .object(action)
          })
      ),
    ]
    fields.append(("encrypted", isEncrypted.map { .bool($0) } ?? .null))
    fields.append(("parallelConnections", parallelConnections.map { .int($0) } ?? .null))
    fields.append(("bandwidthMbps", bandwidthMbps.map { .double($0) } ?? .null))
    return .object(fields)
  }
}

/// Resolves migration parameters (Docs/ovirt.md §5.3) and estimates durations.
///
/// Duration model (documented in the README): a migration copies the VM's memory once plus a
/// re-send of dirtied pages, assumed to be 25 % of memory (auto-converge throttles the guest
/// until it converges), over the per-migration bandwidth, plus 5 s of fixed setup and
/// switch-over. Bandwidth is the cluster's custom Mbps divided by the policy's maxMigrations
/// (§5.3); in Auto and Hypervisor-default modes the snapshot has no link speeds, so VDSM's
/// default cap of 52 MiB/s per migration is assumed. Compression is not credited.
public struct MigrationModel: Sendable {
  /// The cluster's migration policy.
  public let policy: MigrationPolicyDocument
  /// The cluster.
  public let cluster: Cluster

  /// Fixed setup and switch-over time per migration.
  public static let setupSeconds = 5.0
  /// Share of memory assumed re-sent because the guest dirtied it.
  public static let dirtyPageFactor = 0.25
  /// VDSM's default per-migration bandwidth cap (52 MiB/s) in Mbps.
  public static let hypervisorDefaultMbps = 52.0 * 8.388608

  /// Creates the model for a cluster and its migration policy.
  public init(policy: MigrationPolicyDocument, cluster: Cluster) {
    self.policy = policy
    self.cluster = cluster
  }

  /// Whether the cluster's compatibility version is at least `version` ("4.4" style).
  func levelAtLeast(_ version: String) -> Bool {
    func parts(_ text: String) -> [Int] { text.split(separator: ".").map { Int($0) ?? 0 } }
    return parts(cluster.compatibilityVersion).lexicographicallyPrecedes(parts(version)) == false
  }

  /// Bandwidth per migration in Mbps, `nil` when the hypervisor default applies.
  public var bandwidthMbps: Double? {
    switch cluster.migrationBandwidthMode {
    case .custom:
      guard let mbps = cluster.migrationBandwidthMbps else { return nil }
      return Double(mbps) / Double(max(1, policy.maxMigrations))
    case .auto, .hypervisorDefault:
      return nil
    }
  }

  /// The parameters for one VM.
  public func parameters(for vm: VirtualMachine) -> MigrationParameters {
    let encrypted: Bool? = levelAtLeast("4.4") ? cluster.isMigrationEncrypted : nil
    let zeroCopy = policy.isZeroCopy && levelAtLeast("4.7") && encrypted != true
    var parallel: Int?
    let linkMbps = bandwidthMbps.map { $0 * Double(max(1, policy.maxMigrations)) }
    switch cluster.parallelMigrations {
    case .disabled:
      parallel = nil
    case .auto, .autoParallel:
      if let linkMbps {
        let n = min(Int(saturating: linkMbps / 10240), vm.vcpus)
        parallel = n >= 2 ? n : (cluster.parallelMigrations == .autoParallel ? 2 : nil)
      } else {
        parallel = cluster.parallelMigrations == .autoParallel ? 2 : nil
      }
    case .custom:
      parallel = cluster.parallelConnections.map { min($0, max(2, vm.vcpus)) }
    }
    if zeroCopy && parallel == nil { parallel = 2 }
    parallel = parallel.map { min($0, 255) }
    var convergence = policy.stalling.map { (limit: $0.limit, action: $0.action) }
    convergence += policy.finalActions.map { (limit: -1, action: $0) }
    if parallel != nil || vm.status == .paused {
      convergence.removeAll { $0.action == .postcopy }
    }
    return MigrationParameters(
      policyName: policy.name, isAutoConverge: policy.isAutoConverge,
      isCompressed: policy.isCompressed, isEncrypted: encrypted, isZeroCopy: zeroCopy,
      parallelConnections: parallel,
      maxMigrationsPerHost: parallel != nil ? 1 : policy.maxMigrations,
      bandwidthMbps: bandwidthMbps, initialDowntimeMs: policy.initialDowntimeMs,
      convergence: convergence)
  }

  /// Estimated seconds to live-migrate a VM with the given parameters.
  public func estimatedSeconds(memoryMiB: Int, parameters: MigrationParameters) -> Double {
    let mbps = parameters.bandwidthMbps ?? Self.hypervisorDefaultMbps
    let megabits = Double(memoryMiB) * (1 + Self.dirtyPageFactor) * 8.388608
    let seconds = Self.setupSeconds + megabits / max(1, mbps)
    return (seconds * 10).rounded() / 10
  }
}
