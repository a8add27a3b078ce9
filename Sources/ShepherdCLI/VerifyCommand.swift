import ArgumentParser
import Diagnostics
import Inventory
import Plan
import Policy
import Workspace

/// `shepherd verify`: re-checks a plan against its snapshot with an independent checker.
struct VerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check a plan against its snapshot: every hard rule, after every step and wave.",
    usage: "shepherd verify <plan> <snapshot> [--policies <path> ...] [<options>]",
    discussion: """
      The verifier does not reuse the solver: it replays the plan's steps wave by wave on the \
      snapshot and checks the snapshot digest, step order and dependencies, concurrency \
      limits, host status, memory capacity during each wave, CPUs, networks and storage \
      domains, migration mode, disk cache and hard affinity. One diagnostic per violation.

      Concurrency limits come from the snapshot (maxConcurrentMigrations) and its migration \
      policy (built in, or from --policies), never from the plan's own 'limits' block. A \
      violation already present in the snapshot is not blamed on the plan; a new one names \
      the step that introduces it.

      Exit codes: 0 the plan is valid, 1 violations, 2 usage error or unreadable input.

      Examples:
        shepherd plan Fixtures/clusters/demo.yaml --format json --output plan.json
        shepherd verify plan.json Fixtures/clusters/demo.yaml
      """)

  @Argument(help: "The plan (JSON, as written by `shepherd plan --format json`).")
  var plan: String

  @Argument(help: "The snapshot the plan was computed from.")
  var snapshot: String

  /// The policy layers the plan was made with (its migration policy may come from them).
  @OptionGroup var policies: PolicyLayersOption
  @OptionGroup var clusterOption: ClusterOption

  @Option(help: "Output format: text or json (diagnostics).")
  var format: OutputFormat = .text

  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func run() throws {
    var session = CommandSession(limits: limits, diagnosticOptions: diagnosticOptions)
    let planFile = session.read(plan)
    let loadedPlans = planFile.flatMap {
      PlanReader(limits: limits.yamlLimits).readPlans($0, diagnostics: &session.bag)
    }
    let loaded = session.workspace.snapshot(path: snapshot, diagnostics: &session.bag)
    let library = session.workspace.library(layers: policies.policies, diagnostics: &session.bag)
    guard let loadedPlans, let loaded, let library, !session.bag.hasErrors,
      let pairs = session.pairing(loadedPlans, with: loaded, cluster: clusterOption.cluster)
    else {
      emit(session.bag, sources: session.sources)
      throw CommandExit(code: .usage)
    }
    // Each cluster's steps are checked against that cluster, with its own limits.
    var results: [(plan: MigrationPlan, violations: [Diagnostic])] = []
    for pair in pairs {
      guard
        let migrationPolicy = session.workspace.migrationPolicy(
          library: library, snapshot: pair.loaded.snapshot, diagnostics: &session.bag)
      else {
        emit(session.bag, sources: session.sources)
        throw CommandExit(code: .usage)
      }
      let violations = PlanVerifier().verify(
        pair.plan, snapshot: pair.loaded.snapshot, snapshotDigest: pair.loaded.digest,
        limits: PlanLimits.allowed(snapshot: pair.loaded.snapshot, migrationPolicy: migrationPolicy)
      )
      session.bag.append(contentsOf: violations)
      results.append((pair.plan, violations))
    }
    emit(session.bag, sources: session.sources)
    if format == .text {
      Console.out(
        DataCenterPlan.sections(
          results.map { ($0.plan.cluster, Self.verdict($0.plan, $0.violations)) },
          isDataCenter: loadedPlans.isDataCenter))
    }
    if results.contains(where: { !$0.violations.isEmpty }) { throw CommandExit(code: .findings) }
  }

  /// The one-line verdict on one cluster's plan.
  static func verdict(_ plan: MigrationPlan, _ violations: [Diagnostic]) -> String {
    let stepCount = plan.steps.count
    if violations.isEmpty {
      return "plan is valid: \(stepCount) step\(stepCount == 1 ? "" : "s") in "
        + "\(plan.waveCount) wave\(plan.waveCount == 1 ? "" : "s")\n"
    }
    return "plan is NOT valid: \(violations.count) violation\(violations.count == 1 ? "" : "s") "
      + "in \(stepCount) step\(stepCount == 1 ? "" : "s")\n"
  }

  private func emit(_ bag: DiagnosticBag, sources: SourceMap) {
    diagnosticOptions.emit(bag, sources: sources, format: format)
  }
}
