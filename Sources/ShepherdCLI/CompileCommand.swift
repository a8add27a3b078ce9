import ArgumentParser
import Diagnostics
import Inventory
import Policy
import Workspace

/// `shepherd compile`: resolves and compiles a policy and prints the pipeline.
struct CompileCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compile",
    abstract: "Compile a scheduling policy and print the resolved pipeline.",
    usage: "shepherd compile [<policy>] [--snapshot <snapshot>] [<options>]",
    discussion: """
      Prints the units in order with the file:line they come from, weight factors, each \
      property's value and where it came from (unit default, policy, snapshot override), and \
      every expression after properties are folded in. Native units that are not implemented \
      yet are listed as such. Migration and resilience policies are printed as data.

      Built-in policies are always loaded; --policies PATH (a file or a directory, repeatable: \
      later layers override earlier ones) adds units and policies or overrides them by name. With --snapshot, the snapshot's \
      cluster.scheduling.properties are checked and applied, and POLICY defaults to the \
      snapshot's policy.

      Examples:
        shepherd compile vm_evenly_distributed
        shepherd compile none --snapshot Fixtures/clusters/demo.yaml --format json
        shepherd compile my_policy --policies ./policies
      """)

  @Argument(help: "The policy name (default: the snapshot's scheduling policy).")
  var policy: String?

  @OptionGroup var layers: PolicyLayersOption

  @Option(help: "A cluster snapshot whose scheduling property overrides apply.")
  var snapshot: String?

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @OptionGroup var clusterOption: ClusterOption
  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func run() throws {
    var session = CommandSession(limits: limits, diagnosticOptions: diagnosticOptions)
    let library = session.workspace.library(layers: layers.policies, diagnostics: &session.bag)
    let loaded = snapshot.flatMap {
      session.workspace.snapshot(path: $0, diagnostics: &session.bag)
    }
    guard let library, !session.bag.hasErrors else { return try session.failInput() }
    // The overrides are one cluster's: the --cluster one, or the only one.
    var snapshotValue = loaded?.snapshot
    if let loaded {
      guard let clusters = session.clusters(of: loaded, named: clusterOption.cluster) else {
        return try session.failInput()
      }
      if clusters.count != 1 { try oneClusterOnly(count: clusters.count) }
      snapshotValue = clusters.first?.snapshot
    }
    guard let name = policy ?? snapshotValue?.cluster.schedulingPolicy else {
      Console.err("error: name a policy, or give --snapshot to use its scheduling policy\n")
      throw CommandExit(code: .usage)
    }
    if library.schedulingPolicy(named: name) == nil {
      if let migration = library.migrationPolicy(named: name) {
        return emit(session, text: Self.text(migration))
      }
      if let resilience = library.resiliencePolicy(named: name) {
        return emit(session, text: Self.text(resilience))
      }
    }
    guard
      let pipeline = session.workspace.pipeline(
        library: library, snapshot: snapshotValue, policy: name, overrideScope: .anyPolicy,
        diagnostics: &session.bag)
    else { return try session.failInput() }
    switch format {
    case .text: emit(session, text: PipelineReport.text(pipeline))
    case .json: emit(session, text: PipelineReport.json(pipeline).serialized(pretty: true) + "\n")
    }
  }

  private func emit(_ session: CommandSession, text: String) {
    session.printDiagnostics()
    Console.out(text)
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
