import ArgumentParser
import Diagnostics
import Inventory
import Plan
import Policy
import Workspace

/// `--policies`: the layers of policy files over the built-ins.
struct PolicyLayersOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "A policy file or directory of policy files (*.yaml) that add to or override the "
        + "built-ins; repeat to layer them (later overrides earlier).",
      valueName: "path"))
  var policies: [String] = []
}

/// `--policy` and `--policies`, shared by the commands that compile a scheduling policy.
struct PolicySelectionOptions: ParsableArguments {
  @Option(help: ArgumentHelp("The scheduling policy (default: the snapshot's).", valueName: "name"))
  var policy: String?

  @OptionGroup var layers: PolicyLayersOption

  var policies: [String] { layers.policies }
}

/// What `place`, `explain` and `plan` load: the snapshot (with any new VMs) and the compiled
/// policy, with the library it came from.
struct SchedulingInput {
  var loaded: LoadedSnapshot
  var pipeline: SchedulingPipeline
  var library: PolicyLibrary
  var snapshot: ClusterSnapshot { loaded.snapshot }
}

/// A command's inputs and diagnostics: the ``Workspace`` that loads every file, the bag its
/// problems go to, and how they are printed.
struct CommandSession {
  var workspace: Workspace
  var bag: DiagnosticBag
  let diagnosticOptions: DiagnosticOptions

  init(limits: LimitOptions, diagnosticOptions: DiagnosticOptions) {
    workspace = Workspace(limits: limits.yamlLimits)
    bag = DiagnosticBag(limit: limits.maxDiagnostics)
    self.diagnosticOptions = diagnosticOptions
  }

  var sources: SourceMap { workspace.sources }

  /// Reads a file (G001/G002 on failure).
  mutating func read(_ path: String) -> SourceFile? {
    workspace.read(path, diagnostics: &bag)
  }

  /// Loads the library and the snapshot (with `--new-vms`, which join the `--cluster` one) and
  /// compiles each selected cluster's policy: every cluster, the `--cluster` one, or — with
  /// `vms` — the first cluster holding one of them. Nil when an error was reported.
  mutating func schedulingInputs(
    snapshot path: String, newVMs: String? = nil, policy: PolicySelectionOptions,
    cluster: String?, holding vms: [String] = []
  ) -> [SchedulingInput]? {
    let library = workspace.library(layers: policy.policies, diagnostics: &bag)
    let loaded = workspace.snapshot(
      path: path, newVMs: newVMs, newVMsCluster: cluster, diagnostics: &bag)
    guard let library, let loaded, !bag.hasErrors,
      let selected = clusters(of: loaded, named: cluster, holding: vms)
    else { return nil }
    var inputs: [SchedulingInput] = []
    for one in selected {
      guard
        let pipeline = workspace.pipeline(
          library: library, snapshot: one.snapshot, policy: policy.policy, diagnostics: &bag)
      else { return nil }
      inputs.append(SchedulingInput(loaded: one, pipeline: pipeline, library: library))
    }
    return bag.hasErrors ? nil : inputs
  }

  /// The one cluster a VM-centred command (place, explain) works on: see
  /// ``schedulingInputs(snapshot:newVMs:policy:cluster:holding:)``.
  mutating func schedulingInput(
    snapshot path: String, newVMs: String? = nil, policy: PolicySelectionOptions,
    cluster: String?, holding vms: [String]
  ) -> SchedulingInput? {
    schedulingInputs(
      snapshot: path, newVMs: newVMs, policy: policy, cluster: cluster, holding: vms)?.first
  }

  /// The clusters of `loaded` to work on: the one named `name` (G006 with a did-you-mean
  /// when there is none), else the first holding one of `vms`, else every cluster.
  mutating func clusters(of loaded: LoadedSnapshot, named name: String?, holding vms: [String] = [])
    -> [LoadedSnapshot]?
  {
    let dataCenter = loaded.dataCenter
    if let name {
      guard let snapshot = dataCenter.cluster(named: name) else {
        reportUnknownCluster(
          name, among: dataCenter.clusterNames, "no cluster named '\(name)' in the snapshot")
        return nil
      }
      return [loaded.cluster(snapshot)]
    }
    if !vms.isEmpty {
      let holder = vms.lazy.compactMap { dataCenter.cluster(withVM: $0) }.first
      return [loaded.cluster(holder ?? loaded.snapshot)]
    }
    return dataCenter.clusters.map { loaded.cluster($0) }
  }

  /// G006 for a `--cluster` name that is not among `names`, with a did-you-mean or the list.
  private mutating func reportUnknownCluster(
    _ name: String, among names: [String], _ message: String
  ) {
    bag.report(
      .unknownClusterName, message, at: nil,
      help: DidYouMean.help(for: name, among: names)
        ?? "the cluster\(names.count == 1 ? " is" : "s are") "
        + names.map { "'\($0)'" }.joined(separator: ", "))
  }

  /// Each plan of `plans` with the cluster of `loaded` it was made for (by the plan's cluster
  /// name; a one-cluster plan and snapshot pair as they are), only the `--cluster` one when
  /// given. Nil with G006 when a plan's cluster is not in the snapshot or `--cluster` names
  /// no plan's.
  mutating func pairing(
    _ plans: DataCenterPlan, with loaded: LoadedSnapshot, cluster: String?
  ) -> [(plan: MigrationPlan, loaded: LoadedSnapshot)]? {
    var pairs: [(plan: MigrationPlan, loaded: LoadedSnapshot)] = []
    if !plans.isDataCenter, !loaded.dataCenter.isDataCenter, let plan = plans.plans.first {
      pairs = [(plan, loaded)]
    } else {
      for plan in plans.plans {
        guard let snapshot = loaded.dataCenter.cluster(named: plan.cluster) else {
          bag.report(
            .unknownClusterName,
            "the plan is for cluster '\(plan.cluster)', which the snapshot does not have",
            at: nil,
            help: DidYouMean.help(for: plan.cluster, among: loaded.dataCenter.clusterNames)
              ?? "pass the snapshot the plan was computed from")
          return nil
        }
        pairs.append((plan, loaded.cluster(snapshot)))
      }
    }
    guard let name = cluster else { return pairs }
    let chosen = pairs.filter { $0.plan.cluster == name }
    if chosen.isEmpty {
      reportUnknownCluster(
        name, among: pairs.map(\.plan.cluster), "the plan has no cluster named '\(name)'")
      return nil
    }
    return chosen
  }

  /// The concurrency limits a plan for `snapshot` is checked against: the snapshot's and its
  /// migration policy's from the library of `layers` (never a plan's own claim); nil with a
  /// diagnostic when the migration policy is unknown.
  mutating func allowedLimits(snapshot: ClusterSnapshot, layers: [String]) -> PlanLimits? {
    guard let library = workspace.library(layers: layers, diagnostics: &bag),
      let migration = workspace.migrationPolicy(
        library: library, snapshot: snapshot, diagnostics: &bag)
    else { return nil }
    return PlanLimits.allowed(snapshot: snapshot, migrationPolicy: migration)
  }

  func renderer() -> DiagnosticRenderer {
    DiagnosticRenderer(sources: workspace.sources, usesColor: diagnosticOptions.usesColor)
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

/// Refuses (exit 2) an output that shows one cluster when `count` clusters were selected.
func oneClusterOnly(count: Int) throws -> Never {
  Console.err(
    "error: the snapshot has \(count) clusters and this output shows one; choose it with "
      + "--cluster\n")
  throw CommandExit(code: .usage)
}
