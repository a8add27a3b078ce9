import Diagnostics
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
    let yaml = generator.yaml()
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
    let stopped = context.snapshot.vms.indices.filter { !context.snapshot.vms[$0].isRunning }
    var state = SchedulerState(snapshot: context.snapshot)
    let run = Scheduler(pipeline: context.pipeline).place(Array(stopped.prefix(count)), in: &state)
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
