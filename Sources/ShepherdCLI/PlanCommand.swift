import ArgumentParser
import Diagnostics
import Foundation
import Inventory
import Optimizer
import Plan
import Planner
import Policy
import Scheduler
import Workspace

/// `shepherd plan`: a dry-run migration plan for a separate executor.
struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Dry-run what the policy would do and print a verified, deterministic plan.",
    discussion: """
      Without a trigger option, plans what the policy's balancer would move, round after \
      round (oVirt moves one VM per cluster per minute; the dry run simulates the rounds) \
      until it proposes nothing, --max-migrations is reached, or a move would undo an earlier \
      one (oscillation, reported). Each move is chosen by the full scheduling pipeline.

      Steps are grouped in waves that respect the cluster's max concurrent migrations and \
      the migration policy's per-host limit; a move that needs room waits for the move that \
      makes it, so no host is over capacity at any point. Every migrate step carries its \
      precondition, dependencies, migration parameters (Docs/ovirt.md §5.3) and an estimated \
      duration; the plan names the digests of the snapshot and the resolved policy, lists \
      what could not be handled with reasons, summarises every host before and after, and \
      reports whether every HA VM could still restart if any one host failed (N+1).

      Duration model: memory × 1.25 (re-sent dirty pages) over the per-migration bandwidth \
      (custom Mbps ÷ the policy's maxMigrations; VDSM's default 52 MiB/s when the cluster \
      uses Auto or Hypervisor default) plus 5 s; waves run one after another.

      Triggers (at most one kind):

      (none): balance. Affinity enforcement, then the balancer, each round.

      --enforce-affinity: affinity-rule enforcement alone (hard VM-to-host first, then \
      broken VM-to-VM groups, largest first); conflicting groups are reported, not chased.

      --maintenance <host>…: every VM on the hosts leaves (pinned VMs and disk cache other \
      than 'none' block; manual-only VMs move); the plan says which hosts can reach \
      maintenance; the SPM host goes last. With --maintenance-batch <n>: the largest set of \
      at most n of the named hosts that can enter maintenance together, and a rolling order.

      --fail <host>…: the hosts stop; the resilience policy decides which VMs are handled; \
      HA VMs restart elsewhere in priority order; the rest are lost, with reasons.

      --migrate <vm>… [--to <host>]: a manual migration; --to is checked by every filter \
      and refused with each failing filter's reason.

      --optimize consolidate|spread: plan straight to a target placement that every filter \
      and hard affinity rule accepts — consolidate: fewest hosts in use, then fewest \
      migrations (emptied hosts are put into maintenance and powered off when the policy's \
      host power management is on); spread: the busiest host (VM count when the policy \
      balances guests, else CPU load) as low as possible, then fewest migrations. The plan \
      reports a lower bound for the objective and the gap to it (Docs/optimize.md). \
      --max-migrations limits the migrations only when given; --iteration-budget (default \
      5000000) bounds the search deterministically; --time-limit <s> cuts it short, and a cut \
      can change the result (never its validity). Re-running on the result proposes nothing.

      Every plan is checked by the independent verifier (as `shepherd verify` does) before it \
      is printed. Plans never break an enforcing affinity rule, even with a policy that has no \
      affinity filters (in_cluster_upgrade): oVirt's affinity enforcement would undo such a \
      move.

      Exit codes: 0 the plan does everything the trigger asked (reaching --max-migrations is \
      not a failure: the plan says "capped"), 1 something could not be done, 2 bad input, \
      3 internal error (the plan failed verification: a bug, not printed).

      Examples:
        shepherd plan Fixtures/clusters/demo.yaml
        shepherd plan Fixtures/clusters/demo.yaml --format json -o plan.json
        shepherd verify plan.json Fixtures/clusters/demo.yaml
        shepherd plan Fixtures/clusters/demo.yaml --maintenance host-03
        shepherd plan demo.yaml --maintenance host-01 host-03 --maintenance-batch 1
        shepherd plan Fixtures/clusters/demo.yaml --fail host-04
        shepherd plan Fixtures/clusters/demo.yaml --migrate web-03 --to host-05
        shepherd plan Fixtures/clusters/demo.yaml --enforce-affinity
        shepherd plan Fixtures/clusters/demo.yaml --optimize consolidate
        shepherd plan Fixtures/clusters/demo.yaml --format html -o report.html
      """)

  @Argument(help: "The snapshot file (YAML or JSON).")
  var snapshot: String

  @OptionGroup var policyOptions: PolicySelectionOptions
  @OptionGroup var clusterOption: ClusterOption

  @Option(
    help: ArgumentHelp(
      "Stop after this many migrations (balancing: default 20; --optimize: no limit unless given).",
      valueName: "n"))
  var maxMigrations: Int?

  @Option(
    help: ArgumentHelp(
      "Hysteresis: a balancing move must lower its source's load by more than this; above 0, "
        + "a spreading move must also leave its destination below the source's starting load.",
      valueName: "load"))
  var minImprovement: Double = 0

  @Option(
    parsing: .upToNextOption, help: ArgumentHelp("Hosts entering maintenance.", valueName: "host"))
  var maintenance: [String] = []

  @Option(
    help: ArgumentHelp(
      "With --maintenance: find the largest batch of at most N hosts and a rolling order.",
      valueName: "n"))
  var maintenanceBatch: Int?

  @Option(parsing: .upToNextOption, help: ArgumentHelp("Hosts that fail.", valueName: "host"))
  var fail: [String] = []

  @Option(
    parsing: .upToNextOption, help: ArgumentHelp("VMs to migrate by hand.", valueName: "vm"))
  var migrate: [String] = []

  @Option(
    help: ArgumentHelp(
      "With --migrate: the destination host, in the cluster of the VMs.", valueName: "host"))
  var to: String?

  @Flag(help: "Plan affinity-rule enforcement alone.")
  var enforceAffinity = false

  @Option(
    help: ArgumentHelp(
      "Plan straight to an optimized placement: consolidate (fewest hosts) or spread.",
      valueName: "objective"))
  var optimize: OptimizeChoice?

  @Option(
    help: ArgumentHelp(
      "With --optimize: stop the search after this many seconds (may change the result).",
      valueName: "s"))
  var timeLimit: Double?

  @Option(
    help: ArgumentHelp(
      "With --optimize: the most search iterations (deterministic; default 5000000).",
      valueName: "n"))
  var iterationBudget: Int?

  @Option(
    help:
      "Output format: text (a table), json (the plan, apiVersion shepherd/v1) or html (the report)."
  )
  var format: ResultFormat = .text

  @Option(
    name: .shortAndLong,
    help: ArgumentHelp("Write the output to this file instead of stdout.", valueName: "file"))
  var output: String?

  @OptionGroup var progressOptions: ProgressOptions
  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func validate() throws {
    try validateOutputPath(output)
    if let maxMigrations, maxMigrations < 0 {
      throw ValidationError("--max-migrations must be 0 or more")
    }
    if !(minImprovement >= 0 && minImprovement.isFinite) {
      throw ValidationError("--min-improvement must be a finite number, 0 or more")
    }
    let triggers = [
      !maintenance.isEmpty, !fail.isEmpty, !migrate.isEmpty, enforceAffinity, optimize != nil,
    ]
    if triggers.filter({ $0 }).count > 1 {
      throw ValidationError(
        "choose one trigger: --maintenance, --fail, --migrate, --enforce-affinity or --optimize")
    }
    if optimize == nil && (timeLimit != nil || iterationBudget != nil) {
      throw ValidationError("--time-limit and --iteration-budget go with --optimize")
    }
    if let timeLimit, !(timeLimit > 0 && timeLimit.isFinite) {
      throw ValidationError("--time-limit must be a finite number of seconds above 0")
    }
    if let iterationBudget, iterationBudget < 0 {
      throw ValidationError("--iteration-budget must be 0 or more")
    }
    if optimize != nil && minImprovement != 0 {
      throw ValidationError("--min-improvement is for balancing, not --optimize")
    }
    if maintenanceBatch != nil && maintenance.isEmpty {
      throw ValidationError("--maintenance-batch goes with --maintenance")
    }
    if let batch = maintenanceBatch, batch < 1 {
      throw ValidationError("--maintenance-batch must be 1 or more")
    }
    if to != nil && migrate.isEmpty { throw ValidationError("--to goes with --migrate") }
  }

  func run() throws {
    var session = CommandSession(limits: limits, diagnosticOptions: diagnosticOptions)
    guard
      let inputs = session.schedulingInputs(
        snapshot: snapshot, policy: policyOptions, cluster: clusterOption.cluster),
      checkNamesExist(in: inputs, &session)
    else { return try session.failInput() }
    var plans: [(plan: MigrationPlan, input: SchedulingInput, context: PlanningContext)] = []
    for loaded in planned(inputs) {
      guard
        let migrationPolicy = session.workspace.migrationPolicy(
          library: loaded.library, snapshot: loaded.snapshot, diagnostics: &session.bag),
        let trigger = trigger(loaded, &session)
      else { return try session.failInput() }
      let context = PlanningContext(
        snapshot: loaded.snapshot, snapshotDigest: loaded.loaded.digest,
        pipeline: loaded.pipeline, migrationPolicy: migrationPolicy,
        maxMigrations: optimize == nil ? maxMigrations ?? Self.defaultMaxMigrations : maxMigrations)
      plans.append((plan(trigger, context: context), loaded, context))
    }
    session.printDiagnostics()
    for entry in plans {
      try verifyBeforePrinting(entry.plan, context: entry.context, session: &session)
    }
    let isDataCenter = inputs.first?.loaded.dataCenter.isDataCenter ?? false
    let result = DataCenterPlan(plans: plans.map(\.plan), isDataCenter: isDataCenter)
    let text: String
    switch format {
    case .text: text = result.text()
    case .json: text = result.json().serialized(pretty: true) + "\n"
    case .html:
      guard plans.count == 1, let only = plans.first else {
        try oneClusterOnly(count: plans.count)
      }
      text =
        PlanReportWriter(
          plan: only.plan, snapshot: only.input.snapshot, snapshotDigest: only.input.loaded.digest,
          pipeline: only.input.pipeline, limits: only.context.limits
        ).html
    }
    try Console.write(text, toFile: output, isText: format == .text)
    if !result.isComplete { throw CommandExit(code: .findings) }
  }

  /// One cluster's plan, with progress on a terminal.
  private func plan(_ trigger: Trigger, context base: PlanningContext) -> MigrationPlan {
    var context = base
    let progressLine = progressOptions.progressLine()
    context.progress = progressLine?.handler
    let plan =
      optimize.map {
        Optimizer(
          context: context,
          options: OptimizeOptions(
            objective: $0.objective, maxMigrations: maxMigrations, timeLimitSeconds: timeLimit,
            iterationBudget: iterationBudget ?? OptimizeOptions.defaultIterationBudget)
        ).plan()
      } ?? context.plan(trigger)
    progressLine?.finish()
    return plan
  }
}

/// `--optimize`'s values (the optimizer's objectives).
enum OptimizeChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
  case consolidate
  case spread

  var objective: OptimizeObjective {
    switch self {
    case .consolidate: .consolidate
    case .spread: .spread
    }
  }
}

extension PlanCommand {
  /// Balancing's --max-migrations when none is given.
  static let defaultMaxMigrations = 20

  /// The host and VM names the trigger options give (maintenance, fail, migrate).
  private var namedHosts: [String] { maintenance + fail }

  /// The clusters to plan: with a trigger that names hosts or VMs, those holding one of
  /// them (each cluster plans its own); otherwise every selected cluster.
  func planned(_ inputs: [SchedulingInput]) -> [SchedulingInput] {
    guard inputs.count > 1 else { return inputs }
    if !namedHosts.isEmpty {
      return inputs.filter { input in namedHosts.contains { input.snapshot.host(named: $0) != nil }
      }
    }
    if !migrate.isEmpty {
      return inputs.filter { input in migrate.contains { input.snapshot.vm(named: $0) != nil } }
    }
    return inputs
  }

  /// G004 / S-code diagnostics for names the trigger gives that no selected cluster has (each
  /// cluster's trigger then takes only its own names); false when any was reported.
  func checkNamesExist(in inputs: [SchedulingInput], _ session: inout CommandSession) -> Bool {
    guard inputs.count > 1 else { return true }
    let snapshots = inputs.map(\.snapshot)
    for name in namedHosts where !snapshots.contains(where: { $0.host(named: name) != nil }) {
      session.bag.report(
        .unknownHostName, "no host named '\(name)' in the snapshot", at: nil,
        help: DidYouMean.help(for: name, among: snapshots.flatMap { $0.hosts.map(\.name) }))
    }
    if let to, !migrate.isEmpty, !snapshots.contains(where: { $0.host(named: to) != nil }) {
      session.bag.report(
        .unknownHostName, "no host named '\(to)' in the snapshot", at: nil,
        help: DidYouMean.help(for: to, among: snapshots.flatMap { $0.hosts.map(\.name) }))
    }
    for name in migrate where !snapshots.contains(where: { $0.vm(named: name) != nil }) {
      session.bag.report(
        .schedulerUnknownVM, "no VM named '\(name)' in the snapshot", at: nil,
        help: DidYouMean.help(for: name, among: snapshots.flatMap { $0.vms.map(\.name) }))
    }
    return !session.bag.hasErrors
  }

  /// The trigger the options ask for, with names resolved; nil when an error was reported.
  /// In a data center, a cluster's trigger takes the names of its own hosts and VMs.
  func trigger(_ loaded: SchedulingInput, _ session: inout CommandSession) -> Trigger? {
    let snapshot = loaded.snapshot
    let isShared = loaded.loaded.dataCenter.clusters.count > 1
    func own(_ names: [String], _ has: (String) -> Bool) -> [String] {
      isShared ? names.filter(has) : names
    }
    let maintenance = own(self.maintenance) { snapshot.host(named: $0) != nil }
    let fail = own(self.fail) { snapshot.host(named: $0) != nil }
    let migrate = own(self.migrate) { snapshot.vm(named: $0) != nil }
    let trigger: Trigger?
    if !maintenance.isEmpty {
      let hosts = resolveHosts(maintenance, in: snapshot, diagnostics: &session.bag)
      trigger = .maintenance(hosts: hosts, batchSize: maintenanceBatch)
    } else if !fail.isEmpty {
      let hosts = resolveHosts(fail, in: snapshot, diagnostics: &session.bag)
      trigger =
        session.bag.hasErrors
        ? nil
        : session.workspace.resiliencePolicy(
          library: loaded.library, snapshot: snapshot, diagnostics: &session.bag
        ).map { .fail(hosts: hosts, resilience: $0) }
    } else if !migrate.isEmpty {
      let vms = PlacementRequest.resolve(
        migrate, in: snapshot, requiresStopped: false, diagnostics: &session.bag)
      let destination = to.flatMap {
        destinationHost($0, for: migrate, in: loaded, diagnostics: &session.bag)
      }
      trigger = .migrate(vms: vms, destination: destination)
    } else {
      let options = BalanceOptions(
        maxMigrations: maxMigrations ?? Self.defaultMaxMigrations, minImprovement: minImprovement)
      trigger = enforceAffinity ? .enforceAffinity(options) : .balance(options)
    }
    return session.bag.hasErrors ? nil : trigger
  }
}

/// The built-in filters that keep out what each verifier code rejects: a policy without them
/// can make a plan the verifier refuses, which is the policy's doing, not a bug.
let unverifiedPlanGuards: [DiagnosticCode: [String]] = [
  "V006": ["Memory"], "V007": ["CPU"], "V010": ["DiskCache"], "V013": ["Network"],
]

extension PlanCommand {
  /// `--to`, looked up in the cluster of the VMs to migrate (`vms`, all of `loaded`'s cluster):
  /// G007 when the host is in another cluster of the snapshot (oVirt migrates within a
  /// cluster only), G004 when it is in none.
  func destinationHost(
    _ name: String, for vms: [String], in loaded: SchedulingInput,
    diagnostics: inout DiagnosticBag
  ) -> Int? {
    let snapshot = loaded.snapshot
    if let index = snapshot.hostIndexByName[name] { return index }
    guard
      let other = loaded.loaded.dataCenter.clusters.first(where: { $0.host(named: name) != nil })
    else { return resolveHosts([name], in: snapshot, diagnostics: &diagnostics).first }
    let cluster = snapshot.cluster.name
    diagnostics.report(
      .hostInOtherCluster,
      "--to: host '\(name)' is in cluster '\(other.cluster.name)', but "
        + (vms.count == 1
          ? "VM '\(vms[0])' is" : "VMs \(vms.map { "'\($0)'" }.joined(separator: ", ")) are")
        + " in cluster '\(cluster)'",
      at: nil,
      help: "a VM migrates within its cluster: choose a host of cluster '\(cluster)' ("
        + snapshot.hosts.prefix(3).map(\.name).joined(separator: ", ")
        + (snapshot.hosts.count > 3 ? ", …" : "") + "), plan each cluster's VMs separately, "
        + "or leave out --to")
    return nil
  }
}

/// Checks a plan with the independent verifier; a plan that fails is an internal error (G005,
/// exit 3), never output.
func verifyBeforePrinting(
  _ plan: MigrationPlan, context: PlanningContext, session: inout CommandSession
) throws {
  let violations = PlanVerifier().verify(
    plan, snapshot: context.snapshot, snapshotDigest: context.snapshotDigest,
    limits: context.limits)
  guard !violations.isEmpty else { return }
  let filters = Set(context.pipeline.filters.map(\.unitName))
  var missing: [String] = []
  for violation in violations {
    for unit in unverifiedPlanGuards[violation.code] ?? []
    where !filters.contains(unit) && !missing.contains(unit) {
      missing.append(unit)
    }
  }
  let help =
    missing.isEmpty
    ? "this is a bug in Shepherd: please report it with the snapshot and the command line"
    : "the scheduling policy '\(context.pipeline.policyName)' has no "
      + missing.joined(separator: ", ") + " filter, which keeps such moves out; every "
      + "built-in policy has it: add it to the policy"
  session.bag.append(
    Diagnostic(
      .unverifiedPlan,
      "the \(plan.trigger.kind.rawValue) plan fails verification with \(violations.count) "
        + "violation\(violations.count == 1 ? "" : "s"); it is not printed",
      at: nil,
      notes: violations.map { Diagnostic.Note("[\($0.code)] \($0.message)", at: nil) },
      help: help))
  Console.err(session.renderer().render(session.bag))
  throw CommandExit(code: .internalError)
}

/// Host names to indices; unknown names are G004 diagnostics with a did-you-mean.
func resolveHosts(_ names: [String], in snapshot: ClusterSnapshot, diagnostics: inout DiagnosticBag)
  -> [Int]
{
  var result: [Int] = []
  for name in names {
    guard let index = snapshot.hostIndexByName[name] else {
      diagnostics.report(
        .unknownHostName, "no host named '\(name)' in the snapshot", at: nil,
        help: DidYouMean.help(for: name, among: snapshot.hosts.map(\.name)))
      continue
    }
    if !result.contains(index) { result.append(index) }
  }
  return result
}
