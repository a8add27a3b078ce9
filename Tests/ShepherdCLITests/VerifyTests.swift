import ShepherdTestSupport
import Testing

/// `shepherd verify`, end to end, on hand-written valid and deliberately broken plans.
@Suite("verify")
struct VerifyTests {
  static let brokenPlans = Golden.files(in: "Fixtures/invalid/plan", withExtensions: ["json"])
  static let validPlans = Golden.files(in: "Fixtures/plans", withExtensions: ["json"])

  @Test("valid plans exit 0", arguments: validPlans)
  func valid(_ path: String) throws {
    let result = try CLIRunner.run(["verify", path, "Fixtures/plans/cluster.yaml"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("plan is valid:"))
  }

  @Test("each broken plan prints exactly its golden diagnostics", arguments: brokenPlans)
  func broken(_ path: String) throws {
    let result = try CLIRunner.run(["verify", path, "Fixtures/plans/cluster.yaml"])
    // A plan that cannot be read is bad input (2); a plan that breaks a rule is a finding (1).
    let unreadable = [
      "malformed", "maintenance-no-steps", "unknown-field", "negative-estimate",
      "unhandled-conflict-unknown-field",
    ]
    #expect(result.status == (unreadable.contains { path.hasSuffix("/\($0).json") } ? 2 : 1))
    let golden = String(path.dropLast(".json".count)) + ".diag"
    let mismatch = Golden.mismatch(result.stderr, goldenAt: golden)
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }
}
