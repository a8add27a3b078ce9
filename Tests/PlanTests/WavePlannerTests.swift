import Diagnostics
import Inventory
import Plan
import ShepherdTestSupport
import Testing

func loadSnapshot(yaml: String) throws -> (ClusterSnapshot, String) {
  var sources = SourceMap()
  let file = sources.add(path: "inline.yaml", text: yaml)
  let result = SnapshotLoader().load(file)
  let rendered = DiagnosticRenderer(sources: sources).render(result.diagnostics)
  return (try #require(result.snapshot, "\(rendered)"), SHA256.digest(file.bytes))
}

func move(_ snapshot: ClusterSnapshot, _ vm: String, _ from: String, _ to: String) throws
  -> PlannedMove
{
  let source: Int = try #require(snapshot.hostIndexByName[from])
  return PlannedMove(
    action: .migrate, vm: try #require(snapshot.vmIndexByName[vm]), from: source,
    to: try #require(snapshot.hostIndexByName[to]),
    reason: StepReason(text: "test", proposedBy: "test"), estimatedSeconds: 10)
}

let roomCluster = """
  apiVersion: shepherd/v1
  kind: ClusterSnapshot
  takenAt: 2026-11-28T10:00:00Z
  cluster: { name: room, compatibilityVersion: "4.7", migration: { maxConcurrentMigrations: 4 } }
  hosts:
    - { name: x, status: Up, cpu: { sockets: 1, cores: 8, threads: 8 }, memory: { physicalMiB: 20000, freeMiB: 4000, committedMiB: 16000 } }
    - { name: y, status: Up, cpu: { sockets: 1, cores: 8, threads: 8 }, memory: { physicalMiB: 64000, freeMiB: 60000, committedMiB: 2000 } }
    - { name: z, status: Up, cpu: { sockets: 1, cores: 8, threads: 8 }, memory: { physicalMiB: 64000, freeMiB: 40000, committedMiB: 20000 } }
  vms:
    - { name: big, host: x, status: Up, memoryMiB: 12000, vcpus: 2 }
    - { name: other, host: z, status: Up, memoryMiB: 8000, vcpus: 2 }
    - { name: third, host: z, status: Up, memoryMiB: 1000, vcpus: 1 }
  """

/// A balance plan of `moves`, with up to 4 migrations at once in the cluster and `perHost` per
/// host.
func buildPlan(
  _ snapshot: ClusterSnapshot, digest: String, _ moves: [PlannedMove], perHost: Int = 2
) -> MigrationPlan {
  PlanBuilder(
    snapshot: snapshot, snapshotDigest: digest, policyName: "test", policyDigest: "sha256:0",
    limits: PlanLimits(
      maxConcurrentMigrationsPerCluster: 4, maxConcurrentMigrationsPerHost: perHost)
  ).build(trigger: PlanTrigger(kind: .balance), moves: moves, unhandled: [], isComplete: true)
}

@Suite("waves")
struct WavePlannerTests {
  func build(_ snapshot: ClusterSnapshot, digest: String, _ moves: [PlannedMove]) -> MigrationPlan {
    buildPlan(snapshot, digest: digest, moves)
  }

  @Test("a move that needs room waits for the move that makes it")
  func roomDependency() throws {
    let (snapshot, digest) = try loadSnapshot(yaml: roomCluster)
    // 'other' fits on x only after 'big' has left it.
    let plan = build(
      snapshot, digest: digest,
      [try move(snapshot, "big", "x", "y"), try move(snapshot, "other", "z", "x")])
    #expect(plan.steps.map(\.wave) == [1, 2])
    #expect(plan.steps[1].dependsOn == ["step-1"])
    #expect(
      PlanVerifier().verify(
        plan, snapshot: snapshot, snapshotDigest: digest, limits: plan.limits
      ).isEmpty)
    // The same moves in one wave are rejected by the verifier: the source still holds memory.
    var squeezed = plan
    squeezed.steps[1].wave = 1
    squeezed.steps[1].dependsOn = []
    let codes = PlanVerifier().verify(
      squeezed, snapshot: snapshot, snapshotDigest: digest, limits: squeezed.limits
    )
    .map(\.code.rawValue)
    #expect(codes == ["V006"])
  }

  @Test("independent moves share a wave; the per-host limit splits them")
  func concurrency() throws {
    let (snapshot, digest) = try loadSnapshot(yaml: roomCluster)
    let plan = build(
      snapshot, digest: digest,
      [try move(snapshot, "other", "z", "y"), try move(snapshot, "third", "z", "y")])
    #expect(plan.steps.map(\.wave) == [1, 1])
    let strict = PlanBuilder(
      snapshot: snapshot, snapshotDigest: digest, policyName: "test", policyDigest: "sha256:0",
      limits: PlanLimits(maxConcurrentMigrationsPerCluster: 4, maxConcurrentMigrationsPerHost: 1)
    ).build(
      trigger: PlanTrigger(kind: .balance),
      moves: [try move(snapshot, "other", "z", "y"), try move(snapshot, "third", "z", "y")],
      unhandled: [], isComplete: true)
    #expect(strict.steps.map(\.wave) == [1, 2])
    #expect(
      PlanVerifier().verify(
        strict, snapshot: snapshot, snapshotDigest: digest, limits: strict.limits
      ).isEmpty)
  }

  @Test("the plan's duration is the sum of its waves' longest steps")
  func duration() throws {
    let (snapshot, digest) = try loadSnapshot(yaml: roomCluster)
    var first = try move(snapshot, "big", "x", "y")
    first.estimatedSeconds = 30
    var second = try move(snapshot, "other", "z", "x")
    second.estimatedSeconds = 12
    let plan = build(snapshot, digest: digest, [first, second])
    #expect(plan.estimatedDurationSeconds == 42)
  }

  /// Random sequentially-valid moves on synthetic clusters: whatever waves the planner picks,
  /// the independent verifier accepts the plan.
  @Test("waves of random sequentially-valid moves always verify")
  func randomMovesVerify() async throws {
    for seed in PropertySeeds.seeds(count: 40, salt: 4).map({ $0 % 1_000_000 + 1 }) {
      guard
        let (snapshot, digest) = try? loadSnapshot(
          yaml: SyntheticSnapshot(hostCount: 6, vmCount: 30, seed: UInt64(seed)).yaml())
      else {
        Issue.record("synthetic snapshot did not load")
        continue
      }
      var state = ProjectedState(snapshot: snapshot)
      var moves: [PlannedMove] = []
      var random = SplitMix64(seed: UInt64(seed))
      func next(_ bound: Int) -> Int { random.next(below: bound) }
      let grouped = Set(snapshot.affinityGroups.flatMap { snapshot.memberVMIndices(of: $0) })
      for _ in 0..<12 {
        let vm = next(snapshot.vms.count)
        let value = snapshot.vms[vm]
        guard let from = state.vmHost[vm], value.migrationMode == .migratable,
          !grouped.contains(vm),
          value.customProperties["cache"].map({ $0 == "none" }) ?? true,
          value.customProperties["viodiskcache"].map({ $0 == "none" }) ?? true
        else { continue }
        let to = next(snapshot.hosts.count)
        let host = snapshot.hosts[to]
        let cores = (snapshot.cluster.countsThreadsAsCores ? host.cpuThreads : host.cpuCores) ?? 0
        guard to != from, host.status == .up, snapshot.hosts[from].status == .up,
          value.vcpus <= cores,
          value.networks.allSatisfy(host.networks.contains),
          value.storageDomains.allSatisfy(host.storageDomains.contains),
          state.committedMiB[to] + state.requiredMemoryMiB(vm: vm) <= state.capacityMiB(host: to)
        else { continue }
        moves.append(
          PlannedMove(
            action: .migrate, vm: vm, from: from, to: to,
            reason: StepReason(text: "random", proposedBy: "test"), estimatedSeconds: 5))
        state.move(vm: vm, to: to)
      }
      let plan = PlanBuilder(
        snapshot: snapshot, snapshotDigest: digest, policyName: "test", policyDigest: "sha256:0",
        limits: PlanLimits(maxConcurrentMigrationsPerCluster: 3, maxConcurrentMigrationsPerHost: 2)
      ).build(trigger: PlanTrigger(kind: .balance), moves: moves, unhandled: [], isComplete: true)
      let violations = PlanVerifier().verify(
        plan, snapshot: snapshot, snapshotDigest: digest, limits: plan.limits)
      #expect(violations.isEmpty, "seed \(seed): \(violations.map(\.message))")
    }
  }
}

@Suite("headroom")
struct HeadroomTests {
  @Test("N+1: a host whose HA VMs fit nowhere else is named")
  func problemHost() throws {
    let (snapshot, _) = try loadSnapshot(
      yaml: """
        apiVersion: shepherd/v1
        kind: ClusterSnapshot
        takenAt: 2026-11-28T10:00:00Z
        cluster: { name: ha, compatibilityVersion: "4.7" }
        hosts:
          - { name: a, status: Up, cpu: { sockets: 1, cores: 8, threads: 8, usagePercent: 10 }, memory: { physicalMiB: 65536, freeMiB: 30000, committedMiB: 34000 } }
          - { name: b, status: Up, cpu: { sockets: 1, cores: 8, threads: 8, usagePercent: 10 }, memory: { physicalMiB: 16384, freeMiB: 14000, committedMiB: 2000 } }
        vms:
          - { name: big-ha, host: a, status: Up, memoryMiB: 32768, vcpus: 4, highlyAvailable: true }
          - { name: small-ha, host: b, status: Up, memoryMiB: 1024, vcpus: 1, highlyAvailable: true }
        """)
    let report = HeadroomAnalyzer.analyze(ProjectedState(snapshot: snapshot))
    #expect(report.problemHosts == ["a"])
    #expect(!report.isSufficient)
    #expect(report.scenarios.first?.stranded.map(\.vm) == ["big-ha"])
    #expect(report.scenarios.last?.stranded.isEmpty == true)
  }
}

/// The verifier blames a plan only for what it changes, and names the step that does.
@Suite("verifier: blame")
struct VerifierBlameTests {
  static let cluster = """
    apiVersion: shepherd/v1
    kind: ClusterSnapshot
    takenAt: 2026-11-28T10:00:00Z
    cluster: { name: blame, compatibilityVersion: "4.7", migration: { maxConcurrentMigrations: 4 } }
    hosts:
      - { name: x, status: Up, cpu: { sockets: 1, cores: 8, threads: 8 }, memory: { physicalMiB: 64000, freeMiB: 60000 } }
      - { name: y, status: Up, cpu: { sockets: 1, cores: 8, threads: 8 }, memory: { physicalMiB: 64000, freeMiB: 60000 } }
      - { name: z, status: Up, cpu: { sockets: 1, cores: 8, threads: 8 }, memory: { physicalMiB: 64000, freeMiB: 60000 } }
    vms:
      - { name: p, host: x, status: Up, memoryMiB: 1000, vcpus: 1 }
      - { name: q, host: y, status: Up, memoryMiB: 1000, vcpus: 1 }
      - { name: r, host: z, status: Up, memoryMiB: 1000, vcpus: 1 }
      - { name: s, host: x, status: Up, memoryMiB: 1000, vcpus: 1 }
      - { name: t, host: y, status: Up, memoryMiB: 1000, vcpus: 1 }
    affinityGroups:
      - { name: together, vms: [p, q, r], vmRule: { polarity: positive, enforcing: true } }
      - { name: apart, vms: [s, t], vmRule: { polarity: negative, enforcing: true } }
    """

  func plan(_ snapshot: ClusterSnapshot, _ digest: String, _ moves: [PlannedMove])
    -> MigrationPlan
  {
    buildPlan(snapshot, digest: digest, moves, perHost: 4)
  }

  @Test("a violation already in the snapshot is not the plan's, even when its wording changes")
  func preExisting() throws {
    let (snapshot, digest) = try loadSnapshot(yaml: Self.cluster)
    // 'together' is split across x, y and z in the snapshot; moving r to y leaves it split
    // across x and y: still broken, but not by the plan.
    let plan = plan(snapshot, digest, [try move(snapshot, "r", "z", "y")])
    let violations = PlanVerifier().verify(
      plan, snapshot: snapshot, snapshotDigest: digest, limits: plan.limits)
    #expect(violations.isEmpty, "\(violations.map(\.message))")
  }

  @Test("a new violation names the step that introduces it, not the wave's first step")
  func namesTheStep() throws {
    let (snapshot, digest) = try loadSnapshot(yaml: Self.cluster)
    let plan = plan(
      snapshot, digest, [try move(snapshot, "r", "z", "y"), try move(snapshot, "t", "y", "x")])
    #expect(plan.steps.map(\.wave) == [1, 1])
    let violations = PlanVerifier().verify(
      plan, snapshot: snapshot, snapshotDigest: digest, limits: plan.limits)
    #expect(violations.map(\.code.rawValue) == ["V008"])
    #expect(
      violations.first?.message
        == "step 'step-2': after wave 1, negative affinity group 'apart' has 's' and 't' together on 'x'"
    )
  }

  @Test("the limits come from the caller, not from the plan's own block")
  func limitsFromTheCaller() throws {
    let (snapshot, digest) = try loadSnapshot(yaml: Self.cluster)
    var plan = plan(
      snapshot, digest,
      [try move(snapshot, "p", "x", "z"), try move(snapshot, "s", "x", "z")])
    plan.limits.maxConcurrentMigrationsPerHost = 100
    let allowed = PlanLimits(
      maxConcurrentMigrationsPerCluster: 4, maxConcurrentMigrationsPerHost: 1)
    let codes = PlanVerifier().verify(
      plan, snapshot: snapshot, snapshotDigest: digest, limits: allowed
    ).map(\.code.rawValue)
    #expect(codes.contains("V011"))
  }
}
