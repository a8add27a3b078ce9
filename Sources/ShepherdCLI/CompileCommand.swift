import ArgumentParser
import Diagnostics
import Foundation
import Inventory
import Policy

/// `shepherd compile`: resolves and compiles a policy and prints the pipeline.
struct CompileCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compile",
    abstract: "Compile a scheduling policy and print the resolved pipeline.",
    discussion: """
      Prints the units in order with the file:line they come from, weight factors, each \
      property's value and where it came from (unit default, policy, snapshot override), and \
      every expression after properties are folded in. Native units that are not implemented \
      yet are listed as such. Migration and resilience policies are printed as data.

      Built-in policies are always loaded; --policies DIR adds *.yaml files that add units and \
      policies or override built-ins by name. With --snapshot, the snapshot's \
      cluster.scheduling.properties are checked and applied, and POLICY defaults to the \
      snapshot's policy.

      Examples:
        shepherd compile vm_evenly_distributed
        shepherd compile none --snapshot Fixtures/clusters/demo.yaml --format json
        shepherd compile my_policy --policies ./policies
      """)

  @Argument(help: "The policy name (default: the snapshot's scheduling policy).")
  var policy: String?

  @Option(help: "A directory of policy files (*.yaml) that add to or override the built-ins.")
  var policies: String?

  @Option(help: "A cluster snapshot whose scheduling property overrides apply.")
  var snapshot: String?

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func run() throws {
    var input = InputReader(maxInputBytes: limits.maxInputBytes)
    var bag = DiagnosticBag(limit: limits.maxDiagnostics)
    var userFiles: [SourceFile] = []
    if let policies {
      for path in Self.policyFiles(in: policies, &bag) {
        if let file = input.read(path, into: &bag) { userFiles.append(file) }
      }
    }
    let library = PolicyLibrary.load(
      userFiles: userFiles, reader: PolicyDocumentReader(limits: limits.yamlLimits),
      sources: &input.sources, diagnostics: &bag)
    var snapshotValue: ClusterSnapshot?
    if let snapshot, let file = input.read(snapshot, into: &bag) {
      snapshotValue = SnapshotLoader(limits: limits.yamlLimits).load(file, diagnostics: &bag)
    }
    guard !bag.hasErrors else { return try fail(bag, input.sources) }
    guard let name = policy ?? snapshotValue?.cluster.schedulingPolicy else {
      Console.err("error: name a policy, or give --snapshot to use its scheduling policy\n")
      throw CommandExit(code: .usage)
    }
    if library.schedulingPolicy(named: name) == nil {
      if let migration = library.migrationPolicy(named: name) {
        return emit(bag, input.sources, text: Self.text(migration))
      }
      if let resilience = library.resiliencePolicy(named: name) {
        return emit(bag, input.sources, text: Self.text(resilience))
      }
    }
    let compiler = PolicyCompiler(library: library)
    guard
      let pipeline = compiler.compileSchedulingPolicy(
        named: name, overrides: snapshotValue?.cluster.schedulingProperties, diagnostics: &bag)
    else { return try fail(bag, input.sources) }
    switch format {
    case .text: emit(bag, input.sources, text: PipelineReport.text(pipeline))
    case .json:
      emit(bag, input.sources, text: PipelineReport.json(pipeline).serialized(pretty: true) + "\n")
    }
  }

  private func emit(_ bag: DiagnosticBag, _ sources: SourceMap, text: String) {
    if !bag.isEmpty {
      Console.err(
        DiagnosticRenderer(sources: sources, usesColor: diagnosticOptions.usesColor).render(bag))
    }
    Console.out(text)
  }

  private func fail(_ bag: DiagnosticBag, _ sources: SourceMap) throws {
    Console.err(
      DiagnosticRenderer(sources: sources, usesColor: diagnosticOptions.usesColor).render(bag))
    throw CommandExit(code: .usage)
  }

  /// The `*.yaml` and `*.yml` files under a directory, sorted by path.
  static func policyFiles(in directory: String, _ bag: inout DiagnosticBag) -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
      isDirectory.boolValue,
      let enumerator = FileManager.default.enumerator(atPath: directory)
    else {
      bag.append(
        Diagnostic(
          code: DiagnosticDescriptor.unreadableInput.code,
          message: "'\(directory)' is not a directory of policy files", span: nil,
          path: directory))
      return []
    }
    var paths: [String] = []
    while let relative = enumerator.nextObject() as? String {
      if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
        paths.append(directory.hasSuffix("/") ? directory + relative : directory + "/" + relative)
      }
    }
    return paths.sorted()
  }

  static func text(_ policy: MigrationPolicyDocument) -> String {
    var out = "migration policy '\(policy.name)'  \(policy.origin.citation)\n"
    if !policy.description.isEmpty { out += "  \(policy.description)\n" }
    out += "maxMigrations: \(policy.maxMigrations)\n"
    out += "autoConverge: \(policy.isAutoConverge), compression: \(policy.isCompressed), "
    out += "guestEvents: \(policy.sendsGuestEvents), zeroCopy: \(policy.isZeroCopy)\n"
    if let version = policy.minimumCompatibilityVersion {
      out += "compatibility version: \(version) and later\n"
    }
    out += "init: setDowntime \(policy.initialDowntimeMs) ms\n"
    for step in policy.stalling { out += "stalling \(step.limit): \(step.action)\n" }
    for action in policy.finalActions { out += "finally: \(action)\n" }
    return out
  }

  static func text(_ policy: ResiliencePolicyDocument) -> String {
    var out = "resilience policy '\(policy.name)'  \(policy.origin.citation)\n"
    if !policy.description.isEmpty { out += "  \(policy.description)\n" }
    out += "migrates: \(policy.migrates.rawValue)\n"
    return out
  }
}
