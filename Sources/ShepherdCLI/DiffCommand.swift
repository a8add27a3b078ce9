import ArgumentParser
import Diagnostics
import PolicyTesting
import Workspace

/// `shepherd diff`: the plan impact of a policy change on reference snapshots.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract:
      "Show the plan impact of a policy change: balance plans with the old and new policies.",
    usage: "shepherd diff --policies <old> <new> <snapshots> ... [<options>]",
    discussion: """
      Loads the OLD and the NEW policy directory, each over the built-in policies, and plans \
      the balance trigger for every snapshot with each (the snapshot's scheduling policy and \
      its property overrides, or --policy). Reports per snapshot and in total:

        moves added / removed   migrate steps (VM, from, to) only in the new / old plan
        imbalance               population standard deviation, over the hosts that are Up in
                                the snapshot, of each host's VM count and CPU % (from the
                                plans' host summary): before, after the old plan, after the
                                new plan
        newly unplaceable       VMs (and affinity conflicts) the new plan cannot handle and
                                the old one could; "no longer unplaceable" is the reverse

      --format markdown is meant for a pull-request comment; --format html is a \
      self-contained page (the two plans' moves side by side, the load spread as a chart, each \
      host's VM count after each plan) for a pull-request artifact.

      Exit codes: 0 the report was written (and no more than --max-added-migrations moves \
      were added), 1 more moves were added than --max-added-migrations allows, 2 bad input.

      Examples:
        shepherd diff --policies Fixtures/diff/old Fixtures/diff/new Fixtures/diff/cluster.yaml
        shepherd diff --policies old/ new/ a.yaml b.yaml --format markdown
        shepherd diff --policies old/ new/ a.yaml --format html -o diff.html
        shepherd diff --policies old/ new/ a.yaml --max-added-migrations 0
      """)

  /// Output formats of `diff`.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case markdown
    /// A self-contained HTML page (a pull-request artifact).
    case html
  }

  @Option(
    parsing: .upToNextOption,
    help: ArgumentHelp(
      "The old and the new policy directory (snapshots may follow them).",
      valueName: "old new"))
  var policies: [String] = []

  @Argument(help: "Snapshot files (YAML or JSON).")
  var snapshots: [String] = []

  @Option(help: "The scheduling policy (default: each snapshot's).")
  var policy: String?

  @Option(help: "Stop each balance plan after this many migrations.")
  var maxMigrations: Int = 20

  @Option(help: "Exit 1 when more than this many moves are added in total.")
  var maxAddedMigrations: Int?

  @Option(help: "Output format: text, json, markdown or html.")
  var format: Format = .text

  @Option(name: .shortAndLong, help: "Write the report to this file instead of stdout.")
  var output: String?

  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  /// The old and new directories and the snapshots: `--policies OLD NEW SNAPSHOT…` hands the
  /// snapshots to the option, so everything after the first two values is a snapshot too.
  var operands: (old: String, new: String, snapshots: [String])? {
    guard policies.count >= 2 else { return nil }
    return (policies[0], policies[1], Array(policies.dropFirst(2)) + snapshots)
  }

  func validate() throws {
    guard let operands else {
      throw ValidationError("give the old and the new policy directory: --policies OLD NEW")
    }
    if operands.snapshots.isEmpty { throw ValidationError("give at least one snapshot") }
    if maxMigrations < 0 { throw ValidationError("--max-migrations must be 0 or more") }
    if let limit = maxAddedMigrations, limit < 0 {
      throw ValidationError("--max-added-migrations must be 0 or more")
    }
  }

  func run() throws {
    guard let operands else { throw CommandExit(code: .usage) }
    var bag = DiagnosticBag(limit: limits.maxDiagnostics)
    var analyzer = PolicyImpactAnalyzer(workspace: Workspace(limits: limits.yamlLimits))
    let impact = analyzer.analyze(
      old: operands.old, new: operands.new, snapshots: operands.snapshots, policy: policy,
      maxMigrations: maxMigrations, diagnostics: &bag)
    let renderer = DiagnosticRenderer(
      sources: analyzer.workspace.sources, usesColor: diagnosticOptions.usesColor)
    guard let impact else {
      Console.err(renderer.render(bag))
      throw CommandExit(code: .usage)
    }
    if !bag.isEmpty { Console.err(renderer.render(bag)) }
    let text =
      switch format {
      case .text: PolicyImpactRenderer.text(impact)
      case .json: PolicyImpactRenderer.json(impact).serialized(pretty: true) + "\n"
      case .markdown: PolicyImpactRenderer.markdown(impact)
      case .html: PolicyImpactRenderer.html(impact)
      }
    try Console.write(text, toFile: output, isText: format == .text)
    if let limit = maxAddedMigrations, impact.addedCount > limit {
      Console.err(
        "error: the new policies add \(impact.addedCount) move\(impact.addedCount == 1 ? "" : "s"), "
          + "more than --max-added-migrations \(limit)\n")
      throw CommandExit(code: .findings)
    }
  }
}
