import Diagnostics
public import Inventory
public import Plan
public import Policy
public import ProgressReporting
public import Scheduler

/// Everything a planner needs: the snapshot and its digest, the compiled scheduling policy,
/// the migration policy model and the limits in force.
public struct PlanningContext: Sendable {
  /// The snapshot planned on.
  public let snapshot: ClusterSnapshot
  /// Its digest (`sha256:` of the file's bytes).
  public let snapshotDigest: String
  /// The compiled scheduling policy as plans run it: with the hard-affinity filters when the
  /// policy lacks them (``SchedulingPipeline/withHardAffinity()``).
  public let pipeline: SchedulingPipeline
  /// The compiled scheduling policy as written (what coverage and the digest describe).
  public let policyPipeline: SchedulingPipeline
  /// The digest of the resolved policy (its canonical JSON).
  public let policyDigest: String
  /// Migration parameters and duration estimates.
  public let migration: MigrationModel
  /// The limits in force.
  public var limits: PlanLimits
  /// Receives the planners' progress (balance rounds, evacuated VMs, optimizer iterations);
  /// nil, the default, reports nothing.
  public var progress: ProgressHandler?

  /// Creates a context; limits come from the cluster (max concurrent migrations) and the
  /// migration policy (per-host maxMigrations, 1 with parallel connections).
  public init(
    snapshot: ClusterSnapshot, snapshotDigest: String, pipeline: SchedulingPipeline,
    migrationPolicy: MigrationPolicyDocument, maxMigrations: Int? = nil
  ) {
    self.snapshot = snapshot
    self.snapshotDigest = snapshotDigest
    // Plans never break hard affinity, whatever the policy (SchedulingPipeline.withHardAffinity);
    // the digest is the policy's as written.
    self.pipeline = pipeline.withHardAffinity()
    self.policyPipeline = pipeline
    self.policyDigest = SHA256.digest(PipelineReport.contentJSON(pipeline).serialized())
    self.migration = MigrationModel(policy: migrationPolicy, cluster: snapshot.cluster)
    self.limits = PlanLimits.allowed(
      snapshot: snapshot, migrationPolicy: migrationPolicy, maxMigrations: maxMigrations,
      bandwidthMbps: migration.bandwidthMbps)
  }

  /// Reports progress when a handler is set; `update` is only built when one is.
  func report(_ update: @autoclosure () -> ProgressUpdate) {
    if let progress { progress(update()) }
  }

  /// The scheduler for the policy, recording every rejecting filter (for blockers).
  public var scheduler: Scheduler { Scheduler(pipeline: pipeline) }

  /// The scheduler for the periodic loops, which only need the chosen host and its weights
  /// (``decisionData(_:chosen:)``): a host's filters stop at its first rejection and a placed
  /// decision keeps a summary.
  var loopScheduler: Scheduler {
    Scheduler(
      pipeline: pipeline,
      options: SchedulingOptions(recordsEveryRejection: false, explanation: .summaryWhenPlaced))
  }

  /// The scheduler for planners that report the chosen host's weights of a placed decision and
  /// every rejection of one that places nothing (a summary otherwise, decided again in full
  /// when nothing is placed).
  var reportingScheduler: Scheduler {
    Scheduler(pipeline: pipeline, options: SchedulingOptions(explanation: .summaryWhenPlaced))
  }

  /// A migrate move with its parameters and estimate.
  public func migrateMove(vm: Int, from: Int, to: Int, reason: StepReason) -> PlannedMove {
    let value = snapshot.vms[vm]
    let parameters = migration.parameters(for: value)
    return PlannedMove(
      action: .migrate, vm: vm, from: from, to: to, reason: reason,
      estimatedSeconds: migration.estimatedSeconds(
        memoryMiB: value.memoryMiB, parameters: parameters),
      parameters: parameters)
  }

  /// A builder for this context's plans.
  public var builder: PlanBuilder {
    PlanBuilder(
      snapshot: snapshot, snapshotDigest: snapshotDigest, policyName: pipeline.policyName,
      policyDigest: policyDigest, limits: limits)
  }

  /// The weights that chose `host` in a decision, as reason data.
  static func decisionData(_ decision: PlacementDecision, chosen host: Int) -> JSONValue {
    guard let evaluation = decision.hosts.first(where: { $0.hostIndex == host }) else {
      return .object([])
    }
    var weights: [JSONValue] = []
    for (index, column) in decision.weightColumns.enumerated()
    where index < evaluation.weights.count {
      let score = evaluation.weights[index]
      weights.append(
        .object([
          ("unit", .string(column.unitName)), ("factor", .int(column.factor)),
          ("rawScore", score.rawScore.map { .double($0) } ?? .null),
          ("points", score.points.map { .int($0) } ?? .null),
          ("contribution", .double(score.contribution)),
        ]))
    }
    var fields: [(String, JSONValue)] = [
      ("selector", .string(decision.selector.rawValue)),
      ("total", evaluation.total.map { .double($0) } ?? .null),
      ("weights", .array(weights)),
    ]
    if let margin = decision.margin, margin.winner == host {
      fields.append(("runnerUp", .string(decision.snapshotHostName(margin.runnerUp))))
      fields.append(("margin", .double(margin.difference)))
    }
    return .object(fields)
  }
}

extension PlacementDecision {
  func snapshotHostName(_ host: Int) -> String {
    hosts.first { $0.hostIndex == host }?.hostName ?? "#\(host)"
  }
}
