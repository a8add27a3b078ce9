import Diagnostics
import Inventory
import Plan
import ShepherdTestSupport
import Testing

@Suite("SHA-256")
struct SHA256Tests {
  @Test(
    "FIPS 180-4 test vectors",
    arguments: [
      ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
      (
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
      ),
    ])
  func vectors(_ input: String, _ expected: String) {
    #expect(SHA256.digest(input) == "sha256:" + expected)
  }

  @Test("a million 'a's (multi-block)") func long() {
    let digest = SHA256.digest([UInt8](repeating: 0x61, count: 1_000_000))
    #expect(digest == "sha256:cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }
}

func loadPlanFixture(_ path: String) throws -> (MigrationPlan, SourceMap) {
  var sources = SourceMap()
  let bytes = try #require(Golden.readBytes(Golden.path(path)))
  let file = sources.add(path: path, bytes: bytes)
  var bag = DiagnosticBag()
  let plan = PlanReader().read(file, diagnostics: &bag)
  #expect(bag.isEmpty, "\(DiagnosticRenderer(sources: sources).render(bag))")
  return (try #require(plan), sources)
}

func loadPlanSnapshot() throws -> (ClusterSnapshot, String) {
  var sources = SourceMap()
  let bytes = try #require(Golden.readBytes(Golden.path("Fixtures/plans/cluster.yaml")))
  let file = sources.add(path: "Fixtures/plans/cluster.yaml", bytes: bytes)
  let result = SnapshotLoader().load(file)
  return (try #require(result.snapshot), SHA256.digest(bytes))
}

@Suite("plan JSON and verifier")
struct PlanVerifierTests {
  @Test("a plan with more steps than the reader's limit is rejected")
  func oversized() throws {
    var sources = SourceMap()
    let path = "Fixtures/plans/maintenance.plan.json"
    let file = sources.add(path: path, bytes: try #require(Golden.readBytes(Golden.path(path))))
    var bag = DiagnosticBag()
    #expect(PlanReader(maxSteps: 1).read(file, diagnostics: &bag) == nil)
    #expect(bag.diagnostics.map(\.message) == ["the plan has 2 steps, more than the limit of 1"])
    #expect(PlanReader().maxSteps == 100_000)
  }

  static let validPlans = Golden.files(in: "Fixtures/plans", withExtensions: ["json"])

  @Test("valid fixture plans verify clean and survive a JSON round trip", arguments: validPlans)
  func validPlan(_ path: String) throws {
    let (plan, _) = try loadPlanFixture(path)
    let (snapshot, digest) = try loadPlanSnapshot()
    #expect(
      PlanVerifier().verify(
        plan, snapshot: snapshot, snapshotDigest: digest, limits: plan.limits
      ).isEmpty)
    // Round trip: write, read back, compare (spans aside).
    var sources = SourceMap()
    let file = sources.add(path: "round-trip.json", text: plan.json().serialized(pretty: true))
    var bag = DiagnosticBag()
    var again = try #require(PlanReader().read(file, diagnostics: &bag))
    var original = plan
    for index in original.steps.indices { original.steps[index].span = nil }
    for index in again.steps.indices { again.steps[index].span = nil }
    original.snapshotDigestSpan = nil
    again.snapshotDigestSpan = nil
    // Everything is read back: the same bytes.
    #expect(again.json().serialized(pretty: true) == original.json().serialized(pretty: true))
    #expect(again.steps.map(\.toHost) == original.steps.map(\.toHost))
  }

  static let goldenPlans = Golden.files(in: "Fixtures/goldens/plan", withExtensions: ["json"])

  /// Reports are drawn from plan files, so the reader keeps everything the writer writes:
  /// reason data, migration parameters, unhandled items, host summaries and headroom.
  @Test("every golden plan reads back to the same bytes", arguments: goldenPlans)
  func fullRoundTrip(_ path: String) throws {
    // A one-cluster plan reads as one plan; a data center's (kind DataCenterPlan) as its
    // clusters' plans, written back in the same form.
    var sources = SourceMap()
    let file = try #require(Golden.readText(Golden.path(path)))
    var bag = DiagnosticBag()
    let plans = PlanReader().readPlans(sources.add(path: path, text: file), diagnostics: &bag)
    #expect(bag.isEmpty, "\(DiagnosticRenderer(sources: sources).render(bag))")
    #expect(try #require(plans).json().serialized(pretty: true) + "\n" == file)
    if try #require(plans).isDataCenter { #expect(try #require(plans).plans.count >= 1) }
  }

  /// Two separate reads of the plan write the same bytes, and those bytes are the fixture's
  /// own: the writer's key order and number format match what the file holds.
  @Test("a plan's JSON is byte-identical when written twice")
  func deterministic() throws {
    let (plan, _) = try loadPlanFixture("Fixtures/plans/balance.plan.json")
    let (again, _) = try loadPlanFixture("Fixtures/plans/balance.plan.json")
    #expect(plan.json().serialized(pretty: true) == again.json().serialized(pretty: true))
    let file = try #require(Golden.readText(Golden.path("Fixtures/plans/balance.plan.json")))
    #expect(plan.json().serialized(pretty: true) + "\n" == file)
  }

  @Test("each rule is caught on a plan mutated from a valid one")
  func mutations() throws {
    let (valid, _) = try loadPlanFixture("Fixtures/plans/balance.plan.json")
    let (snapshot, digest) = try loadPlanSnapshot()
    func codes(_ mutate: (inout MigrationPlan) -> Void) -> [String] {
      var plan = valid
      mutate(&plan)
      return PlanVerifier().verify(
        plan, snapshot: snapshot, snapshotDigest: digest, limits: plan.limits
      )
      .map(\.code.rawValue)
    }
    #expect(codes { $0.snapshotDigest = "sha256:00" } == ["V002"])
    // A step edited consistently (destination and precondition) is checked against the
    // snapshot; one edited halfway contradicts itself.
    #expect(
      codes {
        $0.steps[0].toHost = "host-d"
        $0.steps[0].precondition.hostsUp = ["host-a", "host-d"]
      } == ["V005"])
    #expect(codes { $0.steps[0].toHost = "host-d" } == ["V017", "V005"])
    #expect(codes { $0.steps[0].vm = "pinned-1" } == ["V009"])
    #expect(codes { $0.steps[2].wave = 1 }.contains("V011"))
    #expect(
      codes {
        $0.steps[2].fromHost = "host-a"
        $0.steps[2].precondition = StepPrecondition(
          vmRunningOn: "host-a", hostsUp: ["host-a", "host-c"])
      } == ["V004"])
    #expect(codes { $0.limits.maxConcurrentMigrationsPerHost = 1 } == ["V011"])
    #expect(
      codes {
        $0.trigger.kind = .maintenance; $0.trigger.hosts = ["host-b"]
      } == ["V005"])
  }
}

@Suite("plan verifier: pending resources (Docs/ovirt.md §3.7)")
struct PlanVerifierPendingTests {
  /// Memory the engine already promised (`pending`) is committed on its host: host-b's
  /// capacity is 65536 × 100% − 1024 = 64512 MiB; committed 12000 + pending 50000 + web-1's
  /// 8192 + 64 + 16 + 16 = 8288 during wave 1 is 70288 > 64512 (V006). A step that moves the
  /// pending VM itself takes its promise off the host.
  @Test("memory pending in the snapshot counts against the destination")
  func pendingMemory() throws {
    let (plan, _) = try loadPlanFixture("Fixtures/plans/balance.plan.json")
    let bytes = try #require(Golden.readBytes(Golden.path("Fixtures/plans/cluster.yaml")))
    func codes(_ pending: String) throws -> [String] {
      var sources = SourceMap()
      let text = String(decoding: bytes, as: UTF8.self) + "pending:\n" + pending + "\n"
      let snapshot = try #require(
        SnapshotLoader().load(sources.add(path: "pending.yaml", text: text)).snapshot)
      return PlanVerifier().verify(
        plan, snapshot: snapshot, snapshotDigest: plan.snapshotDigest, limits: plan.limits
      ).map(\.code.rawValue)
    }
    #expect(try codes("  - { vm: manual-1, host: host-b, overcommitMemoryMiB: 50000 }") == ["V006"])
    #expect(try codes("  - { vm: manual-1, host: host-b, overcommitMemoryMiB: 40000 }") == [])
    // web-1 itself pending on host-c (3000 MiB): wave 1 moves it to host-b, which replaces the
    // promise, so wave 2's app-1 (4184 MiB) fits host-c: 2000 + 8288 (web-2) + 4184 = 14472
    // ≤ 15360. Had the promise stayed, 17472 would not.
    #expect(try codes("  - { vm: web-1, host: host-c, overcommitMemoryMiB: 3000 }") == [])
  }
}

@Suite("plan schema")
struct PlanSchemaTests {
  @Test("the schema names every step action and trigger kind")
  func complete() {
    let text = PlanSchema.json().serialized()
    for action in StepAction.allCases { #expect(text.contains("\"\(action.rawValue)\"")) }
    for kind in PlanTrigger.Kind.allCases { #expect(text.contains("\"\(kind.rawValue)\"")) }
  }
}
