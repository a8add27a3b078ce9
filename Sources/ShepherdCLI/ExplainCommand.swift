import ArgumentParser
import Diagnostics
import Inventory
import Policy
import Report
import Scheduler

/// `shepherd explain`: why a VM would go where it goes.
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Explain where a VM would go: every filter, weight, total, the winner and margin.",
    usage: "shepherd explain <snapshot> --vm <vm> [<options>]",
    discussion: """
      Prints, for every host: each filter's verdict and reason (every filter that rejects a \
      host, not only the first; the first is the one oVirt reports), each weight's raw score, \
      rank points and factor, and the total; then the winner, the runner-up's distance and \
      the smallest change of one weight's factor that would make the runner-up win.

      For a running VM the question is "where would it go if it had to move": its source host \
      is blacklisted, as oVirt's MigrateVm does. With --include-current-host its host is \
      evaluated like any candidate instead (as a balancer's whitelist includes the source): \
      "does my VM's host still pass this policy?". Nothing is recorded; the snapshot is as is.

      Native units that are not implemented yet are shown as 'n/e' (not evaluated), never as \
      passing; a decision they could change is marked provisional (S005).

      Exit codes: 0 a host would be chosen by a definite decision; 1 no host can take the VM, \
      or the decision is provisional; 2 bad input.

      Examples:
        shepherd explain Fixtures/clusters/demo.yaml --vm web-02
        shepherd explain Fixtures/clusters/demo.yaml --vm spare-01 --format json
        shepherd explain Fixtures/clusters/demo.yaml --vm web-05 --include-current-host
        shepherd explain Fixtures/clusters/demo.yaml --vm web-02 --format html -o explain.html
        shepherd explain demo.yaml --vm db-01 --policy my_policy --policies ./policies
      """)

  @Argument(help: "The snapshot file (YAML or JSON).")
  var snapshot: String

  @Option(
    name: .customLong("vm"), help: ArgumentHelp("The VM to explain, by name.", valueName: "vm"))
  var vm: String

  @OptionGroup var policyOptions: PolicySelectionOptions
  @OptionGroup var clusterOption: ClusterOption

  @Flag(help: "Evaluate a running VM's current host like any candidate instead of blacklisting it.")
  var includeCurrentHost = false

  @Option(help: "Output format: text, json or html (the filter × host matrix and weight table).")
  var format: ResultFormat = .text

  @Option(name: .shortAndLong, help: "Write the output to this file instead of stdout.")
  var output: String?

  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func run() throws {
    var session = CommandSession(limits: limits, diagnosticOptions: diagnosticOptions)
    guard
      let loaded = session.schedulingInput(
        snapshot: snapshot, policy: policyOptions, cluster: clusterOption.cluster, holding: [vm])
    else { return try session.failInput() }
    let indices = PlacementRequest.resolve(
      [vm], in: loaded.snapshot, requiresStopped: false, diagnostics: &session.bag)
    guard let index = indices.first, !session.bag.hasErrors else { return try session.failInput() }
    session.printDiagnostics()
    let state = SchedulerState(snapshot: loaded.snapshot)
    let scheduler = Scheduler(pipeline: loaded.pipeline)
    let decision =
      includeCurrentHost
      ? scheduler.decide(VMGroup(vmIndices: [index]), in: state, constraints: .none)
      : scheduler.explain(vm: index, in: state)
    let text =
      switch format {
      case .text: DecisionReport.explainText(decision, snapshot: loaded.snapshot)
      case .json:
        DecisionReport.json(
          decision, snapshot: loaded.snapshot,
          checks: scheduler.checkVerdicts(
            vm: index, hosts: decision.hosts.filter { $0.exclusion == nil }.map(\.hostIndex),
            in: state)
        ).serialized(pretty: true) + "\n"
      case .html: ExplainHTMLRenderer.html(decision, snapshot: loaded.snapshot)
      }
    try Console.write(text, toFile: output, isText: format == .text)
    if decision.outcome.hostIndex == nil || decision.isProvisional {
      throw CommandExit(code: .findings)
    }
  }
}
