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

  @Option(help: "Output format: text or json (diagnostics).")
  var format: OutputFormat = .text

  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func run() throws {
    var workspace = Workspace(limits: limits.yamlLimits)
    var bag = DiagnosticBag(limit: limits.maxDiagnostics)
    let planFile = workspace.read(plan, diagnostics: &bag)
    let loadedPlan = planFile.flatMap {
      PlanReader(limits: limits.yamlLimits).read($0, diagnostics: &bag)
    }
    let loaded = workspace.snapshot(path: snapshot, diagnostics: &bag)
    let library = workspace.library(layers: policies.policies, diagnostics: &bag)
    let migrationPolicy = loaded.flatMap { loaded in
      library.flatMap {
        workspace.migrationPolicy(library: $0, snapshot: loaded.snapshot, diagnostics: &bag)
      }
    }
    guard let loadedPlan, let loaded, let migrationPolicy, !bag.hasErrors else {
      emit(bag, sources: workspace.sources)
      throw CommandExit(code: .usage)
    }
    let violations = PlanVerifier().verify(
      loadedPlan, snapshot: loaded.snapshot, snapshotDigest: loaded.digest,
      limits: PlanLimits.allowed(snapshot: loaded.snapshot, migrationPolicy: migrationPolicy))
    bag.append(contentsOf: violations)
    emit(bag, sources: workspace.sources)
    if format == .text {
      let stepCount = loadedPlan.steps.count
      if violations.isEmpty {
        Console.out(
          "plan is valid: \(stepCount) step\(stepCount == 1 ? "" : "s") in "
            + "\(loadedPlan.waveCount) wave\(loadedPlan.waveCount == 1 ? "" : "s")\n")
      } else {
        Console.out(
          "plan is NOT valid: \(violations.count) violation\(violations.count == 1 ? "" : "s") "
            + "in \(stepCount) step\(stepCount == 1 ? "" : "s")\n")
      }
    }
    if !violations.isEmpty { throw CommandExit(code: .findings) }
  }

  private func emit(_ bag: DiagnosticBag, sources: SourceMap) {
    diagnosticOptions.emit(bag, sources: sources, format: format)
  }
}
