import ArgumentParser
import Diagnostics
import Inventory
import Plan
import Planner
import Workspace

/// `shepherd audit`: running VMs whose current host fails the policy today.
struct AuditCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "List running VMs whose current host fails a hard filter of the policy.",
    usage: "shepherd audit <snapshot> [<options>]",
    discussion: """
      Evaluates every filter of the scheduling policy (mandatory ones, resources, hard \
      affinity) for each running VM on the host it runs on, as if that host were a candidate \
      (`shepherd explain --include-current-host` shows one VM in full). Lists each VM whose \
      host fails, with every failing filter and its reason: the check to run after a policy \
      change. VMs on a host that is not Up are listed as not checked.

      Exit codes: 0 every running VM passes on its host; 1 at least one does not; 2 bad input.

      Examples:
        shepherd audit Fixtures/clusters/demo.yaml
        shepherd audit Fixtures/clusters/demo.yaml --policy evenly_distributed --format json
        shepherd audit demo.yaml --policy my_policy --policies ./policies
      """)

  @Argument(help: "The snapshot file (YAML or JSON).")
  var snapshot: String

  @OptionGroup var policyOptions: PolicySelectionOptions
  @OptionGroup var clusterOption: ClusterOption

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func run() throws {
    var session = CommandSession(limits: limits, diagnosticOptions: diagnosticOptions)
    guard
      let inputs = session.schedulingInputs(
        snapshot: snapshot, policy: policyOptions, cluster: clusterOption.cluster)
    else { return try session.failInput() }
    session.printDiagnostics()
    let audits = inputs.map { PolicyAudit.run(snapshot: $0.snapshot, pipeline: $0.pipeline) }
    let isDataCenter = inputs.first?.loaded.dataCenter.isDataCenter ?? false
    switch format {
    case .text:
      Console.text(
        DataCenterPlan.sections(
          zip(inputs, audits).map { ($0.snapshot.cluster.name, $1.text()) },
          isDataCenter: isDataCenter))
    case .json:
      let json = DataCenterPlan.document(audits.map { $0.json() }, isDataCenter: isDataCenter)
      Console.out(json.serialized(pretty: true) + "\n")
    }
    if audits.contains(where: { !$0.findings.isEmpty }) { throw CommandExit(code: .findings) }
  }
}
