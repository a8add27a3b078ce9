import ArgumentParser
import Diagnostics
import Inventory
import Policy
import Scheduler
import Workspace

/// `shepherd place`: places VMs that are not running and prints the chosen hosts.
struct PlaceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "place",
    abstract: "Place VMs that are not running and print the chosen hosts or why none fits.",
    usage: "shepherd place <snapshot> (--vm <vm> ... | --new-vms <file>) [<options>]",
    discussion: """
      Runs the scheduling pipeline (filters, weights, selector) for each VM, in oVirt's order \
      (CPU pinning class, then larger VMs first). VMs in a positive enforcing affinity group \
      are placed together on one host when the policy has the VmAffinityGroups filter. Every \
      placement is recorded as pending before the next one, so later VMs see earlier ones.

      A VM no host can take is reported as unschedulable with, for every host, every filter \
      that rejected it and its reason. Native units that are not implemented yet are never \
      treated as passing: a decision they could change is marked provisional (S005).

      --new-vms FILE adds VMs from a YAML list of entries in the snapshot's `vms:` format \
      (validated like the snapshot's own VMs) and places them after the --vm names.

      The policy defaults to the snapshot's scheduling policy, whose property overrides \
      (cluster.scheduling.properties) apply; another --policy runs with its own values.

      Exit codes: 0 every VM placed by a definite decision; 1 some VM unschedulable, or a \
      decision depends on units that were not evaluated; 2 bad input (unknown or running VM, \
      invalid files).

      Examples:
        shepherd place Fixtures/clusters/demo.yaml --vm spare-01
        shepherd place Fixtures/clusters/demo.yaml --vm spare-01 --vm win-test --format json
        shepherd place Fixtures/clusters/demo.yaml --new-vms Fixtures/scenarios/place/huge-vm.yaml
        shepherd place demo.yaml --vm spare-01 --policy my_policy --policies ./policies
      """)

  @Argument(help: "The snapshot file (YAML or JSON).")
  var snapshot: String

  @Option(
    name: .customLong("vm"),
    help: ArgumentHelp("A VM to place (repeatable), by name.", valueName: "vm"))
  var vms: [String] = []

  @Option(
    help: ArgumentHelp(
      "A YAML list of new VMs (snapshot `vms:` entries) to add and place.", valueName: "file"))
  var newVms: String?

  @OptionGroup var policyOptions: PolicySelectionOptions
  @OptionGroup var clusterOption: ClusterOption

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func validate() throws {
    if vms.isEmpty, newVms == nil {
      throw ValidationError("name at least one VM with --vm, or give --new-vms FILE")
    }
  }

  func run() throws {
    var session = CommandSession(limits: limits, diagnosticOptions: diagnosticOptions)
    guard
      let loaded = session.schedulingInput(
        snapshot: snapshot, newVMs: newVms, policy: policyOptions, cluster: clusterOption.cluster,
        holding: vms)
    else { return try session.failInput() }
    let names = vms + loaded.loaded.newVMNames
    let indices = PlacementRequest.resolve(
      names, in: loaded.snapshot, requiresStopped: true, diagnostics: &session.bag)
    guard !session.bag.hasErrors else { return try session.failInput() }
    session.printDiagnostics()
    var state = SchedulerState(snapshot: loaded.snapshot)
    // The text lists every host only for VMs that were not placed; JSON shows every decision
    // in full.
    let options = SchedulingOptions(
      explanation: format == .text ? .summaryWhenPlaced : .everyHost)
    let run = Scheduler(pipeline: loaded.pipeline, options: options).place(indices, in: &state)
    switch format {
    case .text: Console.text(DecisionReport.placeText(run, snapshot: loaded.snapshot))
    case .json:
      Console.out(
        DecisionReport.json(run, snapshot: loaded.snapshot).serialized(pretty: true) + "\n")
    }
    if !run.isComplete { throw CommandExit(code: .findings) }
  }
}
