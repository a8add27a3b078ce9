import Diagnostics
import Foundation
import Inventory
import Plan
import Planner
import Policy
import Scheduler

/// The workloads of the performance table (issue 16), on generated clusters: hosts carry 20 VMs
/// each. Shared by the package-benchmark suite and `scripts/bench`'s table.
public enum PlanningScenarios {
  /// A planning context for a generated cluster under a built-in policy; `overloadedEvery`
  /// makes every n-th host over-utilised (the "hot" variant).
  public static func context(
    hosts: Int, vmsPerHost: Int = 20, seed: UInt64 = 16, policy: String,
    overloadedEvery: Int = 0, maxMigrations: Int = 100_000
  ) -> PlanningContext? {
    var generator = SyntheticSnapshot(hostCount: hosts, vmCount: hosts * vmsPerHost, seed: seed)
    generator.overloadedEvery = overloadedEvery
    return context(yaml: generator.yaml(), policy: policy, maxMigrations: maxMigrations)
  }

  /// A planning context for snapshot text under a built-in policy.
  public static func context(yaml: String, policy: String, maxMigrations: Int? = nil)
    -> PlanningContext?
  {
    var sources = SourceMap()
    let file = sources.add(path: "generated.yaml", text: yaml)
    var bag = DiagnosticBag()
    let library = PolicyLibrary.load(userFiles: [], sources: &sources, diagnostics: &bag)
    guard let snapshot = SnapshotLoader().load(file, diagnostics: &bag),
      let pipeline = PolicyCompiler(library: library).compileSchedulingPolicy(
        named: policy, overrides: nil, diagnostics: &bag),
      let migration = library.migrationPolicy(named: snapshot.cluster.migrationPolicy)
    else { return nil }
    return PlanningContext(
      snapshot: snapshot, snapshotDigest: SHA256.digest(Array(yaml.utf8)), pipeline: pipeline,
      migrationPolicy: migration, maxMigrations: maxMigrations)
  }

  /// Places the first `count` stopped VMs one request; returns how many got a host.
  public static func place(_ context: PlanningContext, count: Int) -> Int {
    var state = SchedulerState(snapshot: context.snapshot)
    return place(context, count: count, in: &state)
  }

  /// Places as ``place(_:count:)`` does, in a state built beforehand (so the solver's tables
  /// can be timed apart from the decisions).
  public static func place(_ context: PlanningContext, count: Int, in state: inout SchedulerState)
    -> Int
  {
    let stopped = context.snapshot.vms.indices.filter { !context.snapshot.vms[$0].isRunning }
    // As `shepherd place` does for its text output.
    let scheduler = Scheduler(
      pipeline: context.pipeline, options: SchedulingOptions(explanation: .summaryWhenPlaced))
    let run = scheduler.place(Array(stopped.prefix(count)), in: &state)
    return run.placements.count
  }

  /// Balances to stability (or `maxMigrations`); returns the number of moves.
  public static func balance(_ context: PlanningContext, maxMigrations: Int = 100_000) -> Int {
    BalancePlanner(context: context, options: BalanceOptions(maxMigrations: maxMigrations))
      .plan().steps.count
  }

  /// Puts the first `count` Up hosts into maintenance at once; returns the number of steps.
  public static func maintenance(_ context: PlanningContext, hosts count: Int) -> Int {
    let up = context.snapshot.hosts.indices.filter { context.snapshot.hosts[$0].status == .up }
    return MaintenancePlanner(context: context).plan(hosts: Array(up.prefix(count))).steps.count
  }
}

/// The `--optimize` table's clusters: generated (20 VMs per host), optionally with more hard
/// rules — every 25th running VM pinned to its host, an enforcing positive pair on one host per
/// 200 VMs, an enforcing anti-affinity triple per 300 VMs (beside the generator's own groups).
public enum OptimizeScenarios {
  /// The snapshot text.
  public static func yaml(hosts: Int, constrained: Bool, seed: UInt64 = 20) -> String {
    let base = SyntheticSnapshot(hostCount: hosts, vmCount: hosts * 20, seed: seed).yaml()
    guard constrained else { return base }
    var lines = base.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var running: [(line: Int, name: String, host: String)] = []
    for (index, line) in lines.enumerated() where line.hasPrefix("  - { name: vm-") {
      guard let hostRange = line.range(of: "host: "),
        let end = line[hostRange.upperBound...].firstIndex(of: ","),
        let nameEnd = line.firstIndex(of: ",")
      else { continue }
      let name = String(line[line.index(line.startIndex, offsetBy: 12)..<nameEnd])
      running.append((index, name, String(line[hostRange.upperBound..<end])))
    }
    for (position, vm) in running.enumerated() where position % 25 == 24 {
      lines[vm.line] = lines[vm.line].replacingOccurrences(
        of: ", networks:", with: ", migrationMode: pinned, pinnedHosts: [\(vm.host)], networks:")
    }
    var groups: [String] = []
    var byHost: [String: [String]] = [:]
    for vm in running { byHost[vm.host, default: []].append(vm.name) }
    for (index, host) in byHost.keys.sorted().enumerated() where index % 10 == 0 {
      guard let members = byHost[host], members.count >= 2 else { continue }
      groups.append(
        "  - { name: together-\(index), vms: [\(members[0]), \(members[1])], "
          + "vmRule: { polarity: positive, enforcing: true } }")
    }
    for start in stride(from: 7, to: running.count - 200, by: 300) {
      let members = [running[start], running[start + 100], running[start + 200]].map(\.name)
      groups.append(
        "  - { name: apart-\(start), vms: [\(members.joined(separator: ", "))], "
          + "vmRule: { polarity: negative, enforcing: true } }")
    }
    var text = lines.joined(separator: "\n")
    if text.hasSuffix("affinityGroups: []\n") {
      text = String(text.dropLast("affinityGroups: []\n".count)) + "affinityGroups:\n"
    }
    return text + groups.joined(separator: "\n") + "\n"
  }

  /// A planning context for the cluster under `policy`.
  public static func context(hosts: Int, constrained: Bool, policy: String) -> PlanningContext? {
    PlanningScenarios.context(yaml: yaml(hosts: hosts, constrained: constrained), policy: policy)
  }
}
