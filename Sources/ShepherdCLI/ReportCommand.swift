import ArgumentParser
import Diagnostics
import Inventory
import Plan
import Policy
import Report
import Workspace

/// `shepherd report`: a plan as one self-contained HTML page.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Draw a plan as one self-contained HTML page (inline SVG charts, works offline).",
    usage: "shepherd report <plan> <snapshot> [-o <file>] [<options>]",
    discussion: """
      Reads a plan (as written by `shepherd plan --format json`) and the snapshot it was \
      computed from, verifies the plan against the snapshot, and writes one HTML file with \
      inline CSS and SVG and no script: nothing is fetched when it is opened, so it works \
      offline, as a CI artifact and on paper.

      The page shows a summary (trigger, policy, moves, waves, estimated duration, hosts \
      emptied or powered off, what could not be done, the verifier's verdict); CPU %, \
      memory % and VM count per host before and after as sorted bar charts with the policy's \
      HighUtilization, LowUtilization and HighVmCount drawn (histograms and the top movers \
      above 200 hosts); the waves on a time axis; every step with its reason, the weights that \
      chose its destination, the runner-up and the margin; blockers with their reason chains; \
      affinity conflicts; N+1 headroom and the HA reservation. Every chart has a table view; \
      the same plan gives the same bytes.

      The thresholds come from the plan's scheduling policy (built-in, or from --policies) \
      with the snapshot's property overrides. `shepherd plan … --format html` writes the same \
      page directly.

      Exit codes: 0 the report was written and the plan is valid against the snapshot, 1 the \
      report was written but the verifier found violations (they are in the report), 2 bad \
      input.

      Examples:
        shepherd plan Fixtures/clusters/demo.yaml --format json -o plan.json
        shepherd report plan.json Fixtures/clusters/demo.yaml -o report.html
        shepherd plan Fixtures/clusters/demo.yaml --maintenance host-03 --format html -o maintenance.html
      """)

  @Argument(help: "The plan (JSON, as written by `shepherd plan --format json`).")
  var plan: String

  @Argument(help: "The snapshot the plan was computed from.")
  var snapshot: String

  @OptionGroup var policyOptions: PolicySelectionOptions
  @OptionGroup var clusterOption: ClusterOption

  @Option(name: .shortAndLong, help: "Write the HTML to this file instead of stdout.")
  var output: String?

  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func run() throws {
    var session = CommandSession(limits: limits, diagnosticOptions: diagnosticOptions)
    guard let planFile = session.read(plan),
      let loadedPlans = PlanReader(limits: limits.yamlLimits).readPlans(
        planFile, diagnostics: &session.bag),
      let snapshotFile = session.workspace.snapshot(path: snapshot, diagnostics: &session.bag),
      let pairs = session.pairing(loadedPlans, with: snapshotFile, cluster: clusterOption.cluster)
    else { return try session.failInput() }
    guard pairs.count == 1, let pair = pairs.first else {
      try oneClusterOnly(count: pairs.count)
    }
    let loadedPlan = pair.plan
    // The thresholds drawn are those of the policy the plan was made with.
    var policy = policyOptions
    if policy.policy == nil && !loadedPlan.policyName.isEmpty {
      policy.policy = loadedPlan.policyName
    }
    guard
      let loaded = session.schedulingInput(
        snapshot: snapshot, policy: policy,
        cluster: pair.loaded.snapshot.cluster.name, holding: []),
      let allowed = session.allowedLimits(snapshot: loaded.snapshot, layers: policy.policies)
    else {
      return try session.failInput()
    }
    session.printDiagnostics()
    let report = PlanReportWriter(
      plan: loadedPlan, snapshot: loaded.snapshot, snapshotDigest: loaded.loaded.digest,
      pipeline: loaded.pipeline, limits: allowed)
    try Console.write(report.html, toFile: output)
    if !report.violations.isEmpty { throw CommandExit(code: .findings) }
  }
}

/// A plan verified against its snapshot and drawn as HTML, for `report` and `plan --format html`.
struct PlanReportWriter {
  /// The verifier's findings (empty: valid).
  let violations: [Diagnostic]
  /// The page.
  let html: String

  init(
    plan: MigrationPlan, snapshot: ClusterSnapshot, snapshotDigest: String,
    pipeline: SchedulingPipeline, limits: PlanLimits
  ) {
    violations = PlanVerifier().verify(
      plan, snapshot: snapshot, snapshotDigest: snapshotDigest, limits: limits)
    html = PlanHTMLRenderer.html(
      plan: plan, snapshot: snapshot, thresholds: ReportThresholds(pipeline: pipeline),
      verification: violations)
  }
}
