import ArgumentParser
import Diagnostics
import Foundation
import Inventory
import Plan
import Planner
import Policy

/// `shepherd plan`: a dry-run migration plan for a separate executor.
struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Dry-run what the policy would do and print a verified, deterministic plan.",
    discussion: """
      Without a trigger option, plans what the policy's balancer would move, round after \
      round (oVirt moves one VM per cluster per minute; the dry run simulates the rounds) \
      until it proposes nothing, --max-migrations is reached, or a move would undo an earlier \
      one (oscillation, reported). Each move is chosen by the full scheduling pipeline.

      Steps are grouped in waves that respect the cluster's max concurrent migrations and \
      the migration policy's per-host limit; a move that needs room waits for the move that \
      makes it, so no host is over capacity at any point. Every migrate step carries its \
      precondition, dependencies, migration parameters (semantics.md §5.3) and an estimated \
      duration; the plan names the digests of the snapshot and the resolved policy, lists \
      what could not be handled with reasons, summarises every host before and after, and \
      reports whether every HA VM could still restart if any one host failed (N+1).

      Duration model: memory × 1.25 (re-sent dirty pages) over the per-migration bandwidth \
      (custom Mbps ÷ the policy's maxMigrations; VDSM's default 52 MiB/s when the cluster \
      uses Auto or Hypervisor default) plus 5 s; waves run one after another.

      Exit codes: 0 the plan does everything the trigger asked, 1 something could not be \
      done, 2 bad input.

      Examples:
        shepherd plan Fixtures/clusters/demo.yaml
        shepherd plan Fixtures/clusters/demo.yaml --max-migrations 3 --format json --output plan.json
        shepherd verify plan.json Fixtures/clusters/demo.yaml
      """)

  @Argument(help: "The snapshot file (YAML or JSON).")
  var snapshot: String

  @OptionGroup var policyOptions: PolicySelectionOptions

  @Option(help: "Stop after this many migrations (balancing).")
  var maxMigrations: Int = 20

  @Option(
    help: ArgumentHelp(
      "Hysteresis: a balancing move must narrow the load gap between its hosts by more than this.",
      valueName: "load"))
  var minImprovement: Double = 0

  @Option(help: "Output format: text (a table) or json (the plan, apiVersion shepherd/v1).")
  var format: OutputFormat = .text

  @Option(name: .shortAndLong, help: "Write the output to this file instead of stdout.")
  var output: String?

  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func validate() throws {
    if maxMigrations < 0 { throw ValidationError("--max-migrations must be 0 or more") }
    if minImprovement < 0 { throw ValidationError("--min-improvement must be 0 or more") }
  }

  func run() throws {
    var session = SchedulingSession(limits: limits, diagnosticOptions: diagnosticOptions)
    guard let loaded = session.load(snapshotPath: snapshot, newVMsPath: nil, policy: policyOptions)
    else { return try session.failInput() }
    let migrationName = loaded.snapshot.cluster.migrationPolicy
    guard let migrationPolicy = loaded.library.migrationPolicy(named: migrationName) else {
      session.bag.append(
        Diagnostic(
          code: DiagnosticDescriptor.compileUnknownPolicy.code,
          message: "unknown migration policy '\(migrationName)' (cluster.migration.policy)",
          span: loaded.snapshot.cluster.span,
          help: DidYouMean.help(
            for: migrationName, among: loaded.library.names(of: .migrationPolicy))))
      return try session.failInput()
    }
    session.printDiagnostics()
    let context = PlanningContext(
      snapshot: loaded.snapshot, snapshotDigest: SHA256.digest(loaded.snapshotBytes),
      pipeline: loaded.pipeline, migrationPolicy: migrationPolicy, maxMigrations: maxMigrations)
    let plan = BalancePlanner(
      context: context,
      options: BalanceOptions(maxMigrations: maxMigrations, minImprovement: minImprovement)
    ).plan()
    let text =
      format == .json ? plan.json().serialized(pretty: true) + "\n" : PlanTextRenderer.text(plan)
    if let output {
      do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: output))
      } catch {
        Console.err("error: cannot write '\(output)': \(error.localizedDescription)\n")
        throw CommandExit(code: .usage)
      }
    } else {
      Console.out(text)
    }
    if !plan.isComplete { throw CommandExit(code: .findings) }
  }
}
