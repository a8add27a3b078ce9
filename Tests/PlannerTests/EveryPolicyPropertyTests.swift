import Diagnostics
import Foundation
import Inventory
import Plan
import Planner
import Policy
import ShepherdTestSupport
import Testing

/// Random clusters planned with every built-in scheduling policy and every trigger: every plan
/// passes the independent verifier (what `shepherd plan` now checks before printing).
///
/// The seeds are fixed by default so the test is reproducible (``PropertySeeds``:
/// `SHEPHERD_SEED=random` draws a new base seed and prints it, a number replays it);
/// `SHEPHERD_PROPERTY_DUMP=DIR` writes every generated cluster there.
@Suite("every policy, every trigger: plans verify")
struct EveryPolicyPropertyTests {
  static let policies = [
    "none", "evenly_distributed", "vm_evenly_distributed", "power_saving", "cluster_maintenance",
    "in_cluster_upgrade",
  ]

  /// Clusters per policy (`SHEPHERD_PROPERTY_COUNT` raises it).
  static let clusterCount =
    ProcessInfo.processInfo.environment["SHEPHERD_PROPERTY_COUNT"].flatMap { Int($0) } ?? 8

  @Test("plans of random clusters verify", arguments: policies)
  func plansVerify(_ policy: String) throws {
    try Self.planRandomClusters(policy, salt: 0x0A11, tight: false)
  }

  /// Hosts that have committed most of their memory and many Paused VMs: oVirt's Memory filter
  /// exempts paused VMs, Shepherd checks them when they migrate, so no plan over-commits a
  /// destination (the verifier's V006).
  @Test("plans of random clusters with tight memory and paused VMs verify", arguments: policies)
  func tightPlansVerify(_ policy: String) throws {
    try Self.planRandomClusters(policy, salt: 0x7A57, tight: true)
  }

  /// Plans ``clusterCount`` random clusters (``RandomCluster``; with `tight`, hosts with little
  /// memory left and 30 % paused VMs) with `policy` and every trigger.
  static func planRandomClusters(_ policy: String, salt: UInt64, tight: Bool) throws {
    for (index, clusterSeed) in PropertySeeds.seeds(count: clusterCount, salt: salt).enumerated() {
      var random = SplitMix64(seed: clusterSeed ^ 0x5EED)
      let hosts = 3 + random.next(below: 5)
      let vms = hosts * (2 + random.next(below: 6))
      let yaml = RandomCluster.yaml(
        hosts: hosts, vms: vms, seed: clusterSeed, tightMemory: tight,
        pausedPercent: tight ? 30 : 0)
      let kind = tight ? "tight cluster" : "cluster"
      try verifyEveryTrigger(
        yaml: yaml, policy: policy, &random,
        label: "\(kind) \(index) (\(hosts) hosts, \(vms) VMs, seed \(clusterSeed))",
        dumpName: "\(policy)-\(tight ? "tight-" : "")\(index)")
    }
  }

  /// Plans `yaml` with `policy` for every trigger (hosts and VMs drawn from `random`) and
  /// expects every plan to verify.
  static func verifyEveryTrigger(
    yaml: String, policy: String, _ random: inout SplitMix64, label: String, dumpName: String
  ) throws {
    if let directory = ProcessInfo.processInfo.environment["SHEPHERD_PROPERTY_DUMP"] {
      try? yaml.write(toFile: "\(directory)/\(dumpName).yaml", atomically: true, encoding: .utf8)
    }
    let (context, resilience) = try Self.context(yaml: yaml, policy: policy)
    let snapshot = context.snapshot
    let hostIndex = random.next(below: snapshot.hosts.count)
    let otherHost = (hostIndex + 1) % snapshot.hosts.count
    let vmIndex = random.next(below: max(1, snapshot.vms.count))
    let options = BalanceOptions(maxMigrations: 20)
    var triggers: [(String, Trigger)] = [
      ("balance", .balance(options)), ("enforce-affinity", .enforceAffinity(options)),
      ("maintenance", .maintenance(hosts: [hostIndex], batchSize: nil)),
      ("maintenance batch", .maintenance(hosts: [hostIndex, otherHost], batchSize: 1)),
      ("fail", .fail(hosts: [hostIndex], resilience: resilience)),
    ]
    if !snapshot.vms.isEmpty {
      triggers.append(("migrate", .migrate(vms: [vmIndex], destination: nil)))
      triggers.append(("migrate --to", .migrate(vms: [vmIndex], destination: otherHost)))
    }
    for (trigger, plan) in triggers.map({ ($0.0, context.plan($0.1)) }) {
      let violations = PlanVerifier().verify(
        plan, snapshot: snapshot, snapshotDigest: context.snapshotDigest,
        limits: context.limits)
      #expect(
        violations.isEmpty,
        """
        SHEPHERD_SEED=\(PropertySeeds.base), \(label), \(policy), \(trigger): \
        \(violations.map(\.message))
        """)
    }
  }

  static func context(yaml: String, policy: String) throws
    -> (PlanningContext, ResiliencePolicyDocument)
  {
    var sources = SourceMap()
    let file = sources.add(path: "random.yaml", text: yaml)
    var bag = DiagnosticBag()
    let library = PolicyLibrary.load(userFiles: [], sources: &sources, diagnostics: &bag)
    let snapshot = try #require(SnapshotLoader().load(file, diagnostics: &bag))
    let pipeline = try #require(
      PolicyCompiler(library: library).compileSchedulingPolicy(
        named: policy, overrides: nil, diagnostics: &bag),
      "\(DiagnosticRenderer(sources: sources).render(bag))")
    let migration = try #require(library.migrationPolicy(named: snapshot.cluster.migrationPolicy))
    let resilience = try #require(
      library.resiliencePolicy(named: snapshot.cluster.resilience.rawValue))
    return (
      PlanningContext(
        snapshot: snapshot, snapshotDigest: SHA256.digest(file.bytes), pipeline: pipeline,
        migrationPolicy: migration),
      resilience
    )
  }
}
