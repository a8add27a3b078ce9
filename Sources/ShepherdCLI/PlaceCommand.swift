import ArgumentParser
import Diagnostics
import Inventory
import Policy
import Scheduler
import YAMLDocument

/// `shepherd place`: places VMs that are not running and prints the chosen hosts.
struct PlaceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "place",
    abstract: "Place VMs that are not running and print the chosen hosts or why none fits.",
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

  @Option(name: .customLong("vm"), help: "A VM to place (repeatable), by name.")
  var vms: [String] = []

  @Option(help: "A YAML list of new VMs (snapshot `vms:` entries) to add and place.")
  var newVms: String?

  @OptionGroup var policyOptions: PolicySelectionOptions

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
    var session = SchedulingSession(limits: limits, diagnosticOptions: diagnosticOptions)
    guard
      let loaded = session.load(
        snapshotPath: snapshot, newVMsPath: newVms, policy: policyOptions)
    else { return try session.failInput() }
    let names = vms + loaded.newVMNames
    let indices = PlacementRequest.resolve(
      names, in: loaded.snapshot, requiresStopped: true, diagnostics: &session.bag)
    guard !session.bag.hasErrors else { return try session.failInput() }
    session.printDiagnostics()
    var state = SchedulerState(snapshot: loaded.snapshot)
    let run = Scheduler(pipeline: loaded.pipeline).place(indices, in: &state)
    switch format {
    case .text: Console.out(DecisionReport.placeText(run, snapshot: loaded.snapshot))
    case .json:
      Console.out(
        DecisionReport.json(run, snapshot: loaded.snapshot).serialized(pretty: true) + "\n")
    }
    if !run.isComplete { throw CommandExit(code: .findings) }
  }
}

/// `--policy` and `--policies`, shared by `place` and `explain`.
struct PolicySelectionOptions: ParsableArguments {
  @Option(help: "The scheduling policy (default: the snapshot's).")
  var policy: String?

  @Option(help: "A directory of policy files (*.yaml) that add to or override the built-ins.")
  var policies: String?
}

/// What `place` and `explain` load: the snapshot (with any new VMs) and the compiled policy.
struct SchedulingInput {
  var snapshot: ClusterSnapshot
  var pipeline: SchedulingPipeline
  /// The names of the VMs added with `--new-vms`, in file order.
  var newVMNames: [String]
  /// The policy library the pipeline came from (migration and resilience policies too).
  var library: PolicyLibrary
  /// The snapshot file's bytes, for a plan's digest.
  var snapshotBytes: [UInt8]
}

/// Loading and diagnostics for the scheduling commands.
struct SchedulingSession {
  var input: InputReader
  var bag: DiagnosticBag
  let limits: LimitOptions
  let diagnosticOptions: DiagnosticOptions

  init(limits: LimitOptions, diagnosticOptions: DiagnosticOptions) {
    input = InputReader(maxInputBytes: limits.maxInputBytes)
    bag = DiagnosticBag(limit: limits.maxDiagnostics)
    self.limits = limits
    self.diagnosticOptions = diagnosticOptions
  }

  /// Loads everything, reporting into ``bag``; `nil` when an error was reported.
  mutating func load(
    snapshotPath: String, newVMsPath: String?, policy: PolicySelectionOptions
  ) -> SchedulingInput? {
    var userFiles: [SourceFile] = []
    if let directory = policy.policies {
      for path in CompileCommand.policyFiles(in: directory, &bag) {
        if let file = input.read(path, into: &bag) { userFiles.append(file) }
      }
    }
    let library = PolicyLibrary.load(
      userFiles: userFiles, reader: PolicyDocumentReader(limits: limits.yamlLimits),
      sources: &input.sources, diagnostics: &bag)
    let loaded = loadSnapshot(snapshotPath, newVMsPath: newVMsPath)
    guard let snapshot = loaded.snapshot, !bag.hasErrors else { return nil }
    let name = policy.policy ?? snapshot.cluster.schedulingPolicy
    let overrides =
      name == snapshot.cluster.schedulingPolicy
      ? snapshot.cluster.schedulingProperties : nil
    guard
      let pipeline = PolicyCompiler(library: library).compileSchedulingPolicy(
        named: name, overrides: overrides, diagnostics: &bag)
    else { return nil }
    let bytes = input.sources.allFiles.first { $0.path == snapshotPath }?.bytes ?? []
    return SchedulingInput(
      snapshot: snapshot, pipeline: pipeline, newVMNames: loaded.newVMNames, library: library,
      snapshotBytes: bytes)
  }

  /// Loads the snapshot; with `--new-vms`, appends the file's entries to the snapshot's `vms:`
  /// sequence before validation, so they are checked exactly like the snapshot's own VMs
  /// (names unique across both files, host references resolved) and diagnostics point into
  /// the file they came from.
  mutating func loadSnapshot(_ path: String, newVMsPath: String?)
    -> (snapshot: ClusterSnapshot?, newVMNames: [String])
  {
    let loader = SnapshotLoader(limits: limits.yamlLimits, diagnosticLimit: limits.maxDiagnostics)
    guard let file = input.read(path, into: &bag) else { return (nil, []) }
    guard let newVMsPath else { return (loader.load(file, diagnostics: &bag), []) }
    let parser = YAMLParser(limits: limits.yamlLimits)
    guard let document = parser.parseSingle(file, diagnostics: &bag),
      let extraFile = input.read(newVMsPath, into: &bag),
      let extra = parser.parseSingle(extraFile, diagnostics: &bag)
    else { return (nil, []) }
    guard case .sequence(let entries) = extra.root else {
      bag.report(
        .schedulerInvalidNewVMs,
        "expected a list of VM entries, found \(extra.root.foundDescription)", at: extra.root.span,
        help: "write one '- { name: …, memoryMiB: …, vcpus: … }' entry per VM")
      return (nil, [])
    }
    let names = entries.items.compactMap { $0.mappingValue?["name"]?.scalarValue?.value }
    guard case .mapping(var root) = document.root else {
      return (loader.load(document, diagnostics: &bag), names)
    }
    if let index = root.entries.firstIndex(where: { $0.keyString == "vms" }) {
      if case .sequence(var existing) = root.entries[index].value {
        existing.items += entries.items
        root.entries[index].value = .sequence(existing)
      } else if root.entries[index].value.isNull {
        root.entries[index].value = .sequence(entries)
      }
    } else {
      let key = Scalar(value: "vms", style: .plain, span: entries.span)
      root.entries.append(Mapping.Entry(key: .scalar(key), value: .sequence(entries)))
    }
    let merged = Document(root: .mapping(root), span: document.span)
    return (loader.load(merged, diagnostics: &bag), names)
  }

  func renderer() -> DiagnosticRenderer {
    DiagnosticRenderer(sources: input.sources, usesColor: diagnosticOptions.usesColor)
  }

  /// Prints the diagnostics (warnings) collected so far, if any.
  func printDiagnostics() {
    if !bag.isEmpty { Console.err(renderer().render(bag)) }
  }

  /// Prints the diagnostics and exits 2.
  func failInput() throws {
    Console.err(renderer().render(bag))
    throw CommandExit(code: .usage)
  }
}
