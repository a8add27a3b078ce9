import Diagnostics
import Inventory
import Plan
import Planner
import Policy
import Scheduler
import ShepherdTestSupport
import Testing

@testable import Optimizer

/// A planning context for snapshot text with the built-in library (the snapshot's policy
/// unless `policy` names another).
func optimizeContext(yaml: String, policy: String? = nil) throws -> PlanningContext {
  var sources = SourceMap()
  let bytes = Array(yaml.utf8)
  let file = sources.add(path: "inline.yaml", bytes: bytes)
  var bag = DiagnosticBag()
  let library = PolicyLibrary.load(userFiles: [], sources: &sources, diagnostics: &bag)
  let snapshot = try #require(
    SnapshotLoader().load(file, diagnostics: &bag),
    "\(DiagnosticRenderer(sources: sources).render(bag))")
  let name = policy ?? snapshot.cluster.schedulingPolicy
  let pipeline = try #require(
    PolicyCompiler(library: library).compileSchedulingPolicy(
      named: name,
      overrides: name == snapshot.cluster.schedulingPolicy
        ? snapshot.cluster.schedulingProperties : nil,
      diagnostics: &bag), "\(DiagnosticRenderer(sources: sources).render(bag))")
  let migration = try #require(library.migrationPolicy(named: snapshot.cluster.migrationPolicy))
  return PlanningContext(
    snapshot: snapshot, snapshotDigest: SHA256.digest(bytes), pipeline: pipeline,
    migrationPolicy: migration)
}

/// The context once a plan's migrations are done (the same policy and limits).
func applying(_ plan: MigrationPlan, to context: PlanningContext) -> PlanningContext {
  var state = SchedulerState(snapshot: context.snapshot)
  for step in plan.steps where step.action == .migrate {
    guard let vm = step.vm.flatMap({ name in context.snapshot.vms.firstIndex { $0.name == name } }),
      let host = step.toHost.flatMap({ context.snapshot.hostIndexByName[$0] })
    else { continue }
    state.completeMove(vm: vm, to: host)
  }
  return PlanningContext(
    snapshot: state.snapshot, snapshotDigest: context.snapshotDigest,
    pipeline: context.policyPipeline,
    migrationPolicy: context.migration.policy, maxMigrations: nil)
}

func violations(_ plan: MigrationPlan, _ context: PlanningContext) -> [String] {
  PlanVerifier().verify(
    plan, snapshot: context.snapshot, snapshotDigest: context.snapshotDigest,
    limits: context.limits
  ).map(\.message)
}

@Suite("plan --optimize")
struct OptimizerTests {
  static let fixture = "Fixtures/scenarios/optimize/cluster.yaml"

  static func fixtureContext(policy: String? = nil) throws -> PlanningContext {
    try optimizeContext(
      yaml: try #require(Golden.readText(Golden.path(fixture))), policy: policy)
  }

  @Test("consolidate empties hosts within every hard rule, powers them off, and verifies")
  func consolidateFixture() throws {
    let context = try Self.fixtureContext()
    let plan = Optimizer(context: context, options: OptimizeOptions(objective: .consolidate))
      .plan()
    #expect(violations(plan, context).isEmpty)
    let report = try #require(plan.optimization)
    #expect(report.before == 6)
    #expect(report.after == 2)
    #expect(report.lowerBound <= report.after)
    #expect(report.migrations == report.vmsNotInPlace)
    let after = applying(plan, to: context).snapshot
    func host(_ vm: String) -> String? { after.vms.first { $0.name == vm }?.hostName }
    #expect(host("license") == "o6")
    #expect(host("gpu-1") == "o5")
    #expect(host("db-a") != host("db-b"))
    #expect(host("app-1") == host("cache-1"))
    let powered = plan.steps.filter { $0.action == .hostPowerOff }.compactMap(\.host)
    #expect(!powered.contains("o1"), "the SPM is never powered off")
    #expect(!powered.isEmpty)
  }

  @Test(
    "re-running on the result proposes nothing",
    arguments: [OptimizeObjective.consolidate, .spread], ["power_saving", "vm_evenly_distributed"])
  func idempotent(_ objective: OptimizeObjective, _ policy: String) throws {
    let context = try Self.fixtureContext(policy: policy)
    let first = Optimizer(context: context, options: OptimizeOptions(objective: objective)).plan()
    #expect(violations(first, context).isEmpty)
    let next = applying(first, to: context)
    let second = Optimizer(context: next, options: OptimizeOptions(objective: objective)).plan()
    #expect(second.steps.filter { $0.action == .migrate }.isEmpty, "\(second.steps.map(\.vm))")
    #expect(second.optimization?.after == first.optimization?.after)
  }

  @Test("the same inputs and limits give byte-identical plans")
  func deterministic() throws {
    let context = try Self.fixtureContext()
    for objective in OptimizeObjective.allCases {
      let options = OptimizeOptions(objective: objective, iterationBudget: 1_000)
      let one = Optimizer(context: context, options: options).plan().json().serialized()
      let two = Optimizer(context: context, options: options).plan().json().serialized()
      #expect(one == two)
    }
  }

  @Test("an iteration budget of 0 moves nothing and says why")
  func zeroBudget() throws {
    let context = try Self.fixtureContext()
    let plan = Optimizer(
      context: context, options: OptimizeOptions(objective: .consolidate, iterationBudget: 0)
    ).plan()
    #expect(plan.steps.isEmpty)
    #expect(plan.optimization?.stoppedBy == "iteration-budget")
    #expect(plan.optimization?.after == plan.optimization?.before)
  }

  @Test("--max-migrations caps the plan and marks it capped")
  func maxMigrations() throws {
    let context = try Self.fixtureContext()
    let plan = Optimizer(
      context: context, options: OptimizeOptions(objective: .consolidate, maxMigrations: 3)
    ).plan()
    #expect(plan.steps.filter { $0.action == .migrate }.count <= 3)
    #expect(plan.isCapped)
    #expect(plan.optimization?.stoppedBy == "max-migrations")
    #expect(violations(plan, context).isEmpty)
  }

  @Test("the plan's optimization report reads back as written")
  func roundTrip() throws {
    let context = try Self.fixtureContext()
    let plan = Optimizer(context: context, options: OptimizeOptions(objective: .consolidate))
      .plan()
    let text = plan.json().serialized(pretty: true)
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let read = try #require(
      PlanReader().read(sources.add(path: "plan.json", text: text), diagnostics: &bag))
    #expect(read.optimization == plan.optimization)
    #expect(read.trigger.objective == "consolidate")
    #expect(read.json().serialized(pretty: true) == text)
  }
}

/// Random clusters (every hard rule kind, pinned and manual VMs) under every built-in policy:
/// optimized plans verify, and optimizing the result again proposes nothing.
@Suite("plan --optimize: properties")
struct OptimizerPropertyTests {
  static let policies = [
    "none", "evenly_distributed", "vm_evenly_distributed", "power_saving", "cluster_maintenance",
    "in_cluster_upgrade",
  ]

  @Test("optimized plans of random clusters verify; a rerun proposes nothing", arguments: policies)
  func plansVerify(_ policy: String) throws {
    for (index, seed) in PropertySeeds.seeds(count: 8, salt: 0x0971).enumerated() {
      var random = SplitMix64(seed: seed ^ 0x0971)
      let hosts = 3 + random.next(below: 6)
      let vms = hosts * (2 + random.next(below: 6))
      let context = try optimizeContext(
        yaml: RandomCluster.yaml(hosts: hosts, vms: vms, seed: seed), policy: policy)
      for objective in OptimizeObjective.allCases {
        let plan = Optimizer(context: context, options: OptimizeOptions(objective: objective))
          .plan()
        let label =
          "SHEPHERD_SEED=\(PropertySeeds.base), cluster \(index) (seed \(seed)), \(policy), \(objective)"
        #expect(violations(plan, context).isEmpty, "\(label): \(violations(plan, context))")
        let report = try #require(plan.optimization)
        if objective == .consolidate {
          #expect(report.lowerBound <= report.after, "\(label)")
          #expect(report.after <= report.before, "\(label)")
        }
        let again = Optimizer(
          context: applying(plan, to: context), options: OptimizeOptions(objective: objective)
        ).plan()
        #expect(
          again.steps.filter { $0.action == .migrate }.isEmpty,
          "\(label): rerun moves \(again.steps.compactMap(\.vm))")
      }
    }
  }
}

/// The bounds must never exceed the optimum: on small random clusters, every placement the
/// searches could end in is enumerated (a host that takes a unit ends within its memory and CPU
/// room; one that takes none keeps a subset of its units; anti-affinity left out, which only
/// lowers the optimum) and the best is compared with the bounds.
@Suite("plan --optimize: lower bounds")
struct OptimizerBoundTests {
  @Test(
    "the bounds stay at or below the brute-force optimum of small clusters",
    arguments: ["vm_evenly_distributed", "power_saving", "none"])
  func boundsBelowOptimum(_ policy: String) throws {
    var checked = 0
    for (index, seed) in PropertySeeds.seeds(count: 24, salt: 0x0b0d).enumerated() {
      var random = SplitMix64(seed: seed ^ 0x0b0d)
      let hostCount = 2 + random.next(below: 3)
      let context = try optimizeContext(
        yaml: RandomCluster.yaml(
          hosts: hostCount, vms: hostCount * (1 + random.next(below: 3)), seed: seed),
        policy: policy)
      let model = PackingModel(snapshot: context.snapshot, pipeline: context.pipeline)
      guard model.units.count <= 8 else { continue }
      checked += 1
      let hosts = model.snapshot.hosts.indices
      var memory = model.memoryUsedMiB
      var cpu = model.cpuUsedPoints
      var count = model.vmCount
      var received = [Int](repeating: 0, count: hosts.count)
      for unit in model.units {
        memory[unit.origin] -= unit.memoryMiB
        cpu[unit.origin] -= unit.cpuPoints
        count[unit.origin] -= unit.vms.count
      }
      var fewestHosts = Int.max
      var lowestBusiest = Int.max
      func place(_ next: Int) {
        guard next < model.units.count else {
          for host in hosts where received[host] > 0 {
            if memory[host] > model.memoryRoomMiB[host]
              || cpu[host] > model.cpuRoomPoints[host] + 1e-6
            {
              return
            }
          }
          fewestHosts = min(fewestHosts, count.filter { $0 > 0 }.count)
          lowestBusiest = min(
            lowestBusiest, hosts.filter { model.usable[$0] }.map { count[$0] }.max() ?? 0)
          return
        }
        let unit = model.units[next]
        let set = model.allowedSets[unit.allowedSet]
        for host in hosts
        where host == unit.origin
          || (model.usable[host] && set[host >> 6] & (1 << UInt64(host & 63)) != 0)
        {
          let arrives = host == unit.origin ? 0 : 1
          memory[host] += unit.memoryMiB
          cpu[host] += unit.cpuPoints
          count[host] += unit.vms.count
          received[host] += arrives
          place(next + 1)
          memory[host] -= unit.memoryMiB
          cpu[host] -= unit.cpuPoints
          count[host] -= unit.vms.count
          received[host] -= arrives
        }
      }
      place(0)
      let label = "SHEPHERD_SEED=\(PropertySeeds.base), cluster \(index) (seed \(seed)), \(policy)"
      let budget = SearchBudget(options: OptimizeOptions(objective: .spread), start: .now)
      let spread = Spreader(model: model, budget: budget, measure: .vmCount).lowerBound()
      #expect(
        spread <= Double(lowestBusiest), "\(label): spread bound \(spread) > \(lowestBusiest)")
      let consolidate = Optimizer.consolidationBound(model).hosts
      #expect(consolidate <= fewestHosts, "\(label): bound \(consolidate) > \(fewestHosts)")
    }
    #expect(checked >= 8)
  }
}
