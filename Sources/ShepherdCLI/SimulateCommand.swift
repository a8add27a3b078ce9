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
    usage: "shepherd simulate <plan> <snapshot> [--policies <path> ...] [<options>]",
    discussion: """
      The plan is verified first (as `shepherd verify` does, its migration policy built in or \
      from --policies); a plan with violations is not simulated. Then its waves run one after \
      another with the plan's duration model: a wave's steps start together and each takes \
      its estimated duration. For every wave the \
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

  /// The policy layers the plan was made with (its migration policy may come from them).
  @OptionGroup var policies: PolicyLayersOption
  @OptionGroup var clusterOption: ClusterOption

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
    let loadedPlans = session.read(plan).flatMap {
      PlanReader(limits: limits.yamlLimits).readPlans($0, diagnostics: &session.bag)
    }
    let loaded = session.workspace.snapshot(path: snapshot, diagnostics: &session.bag)
    guard let loadedPlans, let loaded, !session.bag.hasErrors,
      let pairs = session.pairing(loadedPlans, with: loaded, cluster: clusterOption.cluster)
    else { return try session.failInput() }
    if let failStep {
      // Step ids repeat across clusters' plans: the step must be named in one plan.
      let steps = pairs.flatMap { $0.plan.steps.map(\.id) }
      if pairs.count > 1 {
        session.bag.append(
          Diagnostic(
            .planUnknownReference, "--fail-step: the plan has \(pairs.count) clusters' plans",
            at: nil, help: "choose the cluster whose step fails with --cluster"))
        return try session.failInput()
      }
      if !steps.contains(failStep) {
        session.bag.append(
          Diagnostic(
            .planUnknownReference, "--fail-step: the plan has no step '\(failStep)'", at: nil,
            help: steps.isEmpty
              ? "the plan has no steps" : "its steps are \(steps.first ?? "")…\(steps.last ?? "")"))
        return try session.failInput()
      }
    }
    var simulations: [(plan: MigrationPlan, simulation: PlanSimulation)] = []
    var violations: [Diagnostic] = []
    for pair in pairs {
      guard
        let allowed = session.allowedLimits(
          snapshot: pair.loaded.snapshot, layers: policies.policies)
      else {
        return try session.failInput()
      }
      violations += PlanVerifier().verify(
        pair.plan, snapshot: pair.loaded.snapshot, snapshotDigest: pair.loaded.digest,
        limits: allowed)
      simulations.append(
        (
          pair.plan,
          PlanSimulator().simulate(pair.plan, snapshot: pair.loaded.snapshot, failStep: failStep)
        ))
    }
    if !violations.isEmpty {
      session.bag.append(contentsOf: violations)
      diagnosticOptions.emit(session.bag, sources: session.sources, format: .text)
      throw CommandExit(code: .findings)
    }
    session.printDiagnostics()
    let text: String
    if format == .json {
      let json = DataCenterPlan.document(
        simulations.map { $0.simulation.json(plan: $0.plan) },
        isDataCenter: loadedPlans.isDataCenter)
      text = json.serialized(pretty: true) + "\n"
    } else {
      text = DataCenterPlan.sections(
        simulations.map {
          ($0.plan.cluster, PlanSimulationTextRenderer.text($0.simulation, plan: $0.plan))
        }, isDataCenter: loadedPlans.isDataCenter)
    }
    try Console.write(text, toFile: output, isText: format != .json)
  }
}
