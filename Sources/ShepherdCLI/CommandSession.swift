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

  /// Loads the library, the snapshot (with `--new-vms`) and compiles the policy; nil when an
  /// error was reported.
  mutating func schedulingInput(
    snapshot path: String, newVMs: String? = nil, policy: PolicySelectionOptions
  ) -> SchedulingInput? {
    let library = workspace.library(layers: policy.policies, diagnostics: &bag)
    let loaded = workspace.snapshot(path: path, newVMs: newVMs, diagnostics: &bag)
    guard let library, let loaded, !bag.hasErrors,
      let pipeline = workspace.pipeline(
        library: library, snapshot: loaded.snapshot, policy: policy.policy, diagnostics: &bag)
    else { return nil }
    return SchedulingInput(loaded: loaded, pipeline: pipeline, library: library)
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
