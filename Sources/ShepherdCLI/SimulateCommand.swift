import ArgumentParser
import Diagnostics
import Inventory
import Plan
import Workspace

/// `shepherd simulate`: replays a plan in time on its snapshot.
struct SimulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Replay a plan in time: each wave's start and end, and every host's peaks.",
    usage: "shepherd simulate <plan> <snapshot> [--fail-step <id>] [<options>]",
    discussion: """
      The plan is verified first (as `shepherd verify` does); a plan with violations is not \
      simulated. Then its waves run one after another with the plan's duration model: a \
      wave's steps start together and each takes its estimated duration. For every wave the \
      report gives its start and end, each step's, and every host's peak memory (a migrating \
      VM counts on both hosts until it finishes) and peak CPU during the wave.

      With --fail-step, that step fails and changes nothing, the other steps of its wave \
      finish and no later wave starts (what an executor does); the report adds the state the \
      cluster is left in, the VMs not where the plan would have put them, and which steps not \
      carried out would no longer be valid (a failed dependency, a precondition that no \
      longer holds).

      Exit codes: 0 simulated, 1 the plan has violations, 2 usage error or unreadable input.

      Examples:
        shepherd plan Fixtures/clusters/demo.yaml --maintenance host-04 --format json -o plan.json
        shepherd simulate plan.json Fixtures/clusters/demo.yaml
        shepherd simulate plan.json Fixtures/clusters/demo.yaml --fail-step step-1 --format json
      """)

  @Argument(help: "The plan (JSON, as written by `shepherd plan --format json`).")
  var plan: String

  @Argument(help: "The snapshot the plan was computed from.")
  var snapshot: String

  @Option(name: .customLong("fail-step"), help: "The id of a step that fails.")
  var failStep: String?

  @Option(help: "Output format: text or json (kind PlanSimulation).")
  var format: OutputFormat = .text

  @Option(name: .shortAndLong, help: "Write the output to this file instead of stdout.")
  var output: String?

  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func validate() throws {
    try validateOutputPath(output)
  }

  func run() throws {
    var session = CommandSession(limits: limits, diagnosticOptions: diagnosticOptions)
    let loadedPlan = session.read(plan).flatMap {
      PlanReader(limits: limits.yamlLimits).read($0, diagnostics: &session.bag)
    }
    let loaded = session.workspace.snapshot(path: snapshot, diagnostics: &session.bag)
    guard let loadedPlan, let loaded, !session.bag.hasErrors else { return try session.failInput() }
    if let failStep, !loadedPlan.steps.contains(where: { $0.id == failStep }) {
      let known = loadedPlan.steps.map(\.id)
      session.bag.append(
        Diagnostic(
          .planUnknownReference, "--fail-step: the plan has no step '\(failStep)'", at: nil,
          help: known.isEmpty
            ? "the plan has no steps" : "its steps are \(known.first ?? "")…\(known.last ?? "")"))
      return try session.failInput()
    }
    guard let allowed = session.allowedLimits(snapshot: loaded.snapshot, layers: []) else {
      return try session.failInput()
    }
    let violations = PlanVerifier().verify(
      loadedPlan, snapshot: loaded.snapshot, snapshotDigest: loaded.digest, limits: allowed)
    if !violations.isEmpty {
      session.bag.append(contentsOf: violations)
      diagnosticOptions.emit(session.bag, sources: session.sources, format: .text)
      throw CommandExit(code: .findings)
    }
    session.printDiagnostics()
    let simulation = PlanSimulator().simulate(
      loadedPlan, snapshot: loaded.snapshot, failStep: failStep)
    let text =
      format == .json
      ? simulation.json(plan: loadedPlan).serialized(pretty: true) + "\n"
      : PlanSimulationTextRenderer.text(simulation, plan: loadedPlan)
    try Console.write(text, toFile: output, isText: format != .json)
  }
}
