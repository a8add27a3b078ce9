import ShepherdTestSupport
import Testing

/// End-to-end tests of `shepherd explain` against golden output.
@Suite("shepherd explain")
struct ExplainCommandTests {
  static let demo = "Fixtures/clusters/demo.yaml"
  static let testPolicies = ["--policies", "Fixtures/policies/scheduler"]

  static let cases: [(name: String, arguments: [String], status: Int32)] = [
    // A running VM: where would it go if it had to move (source host blacklisted).
    ("demo-running", ["explain", demo, "--vm", "web-02"], 0),
    (
      "demo-stopped-test-policy",
      ["explain", demo, "--vm", "spare-01", "--policy", "sched_rank"] + testPolicies, 0
    ),
    (
      "demo-running-weighted-sum-json",
      ["explain", demo, "--vm", "web-02", "--policy", "sched_sum", "--format", "json"]
        + testPolicies, 0
    ),
    // A runner-up one factor change away: raising MostFreeMemory to ×3 flips it.
    (
      "demo-running-factor-flip",
      ["explain", demo, "--vm", "web-02", "--policy", "sched_rank"] + testPolicies, 0
    ),
    // Pinned to its host: every other host is rejected by PinToHost.
    (
      "demo-pinned",
      ["explain", demo, "--vm", "license-server", "--policy", "sched_rank"] + testPolicies, 1
    ),
    // A weight whose `when` is false on the small hosts: they get no record ("–"), count 0.
    (
      "demo-when-unreported",
      [
        "explain", demo, "--vm", "spare-01", "--policy", "sched_when", "--policies",
        "Fixtures/policies/scheduler", "--policies", "Fixtures/policies/when",
      ], 0
    ),
    // The Memory filter's checks as separate verdicts in JSON: small-01 fails 'physical' and
    // 'over-commit' (each with its reason), large-01 passes all three.
    (
      "memory-checks-json",
      ["explain", "Fixtures/scenarios/memory/checks.yaml", "--vm", "big-db", "--format", "json"],
      0
    ),
    ("unknown-vm", ["explain", demo, "--vm", "web-1"], 2),
  ]

  @Test("output and exit status match the goldens", arguments: cases.map(\.name))
  func golden(_ name: String) throws {
    let testCase = try #require(Self.cases.first { $0.name == name })
    let result = try CLIRunner.run(testCase.arguments)
    #expect(result.status == testCase.status, "\(result.stderr)")
    let rendered = result.transcript(testCase.arguments)
    let mismatch = Golden.mismatch(rendered, goldenAt: "Fixtures/goldens/explain/\(name).txt")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test("JSON output is byte-identical across runs")
  func deterministic() throws {
    let arguments = ["explain", Self.demo, "--vm", "db-01", "--format", "json"]
    let first = try CLIRunner.run(arguments)
    let second = try CLIRunner.run(arguments)
    #expect(!first.stdout.isEmpty)
    #expect(first.stdout == second.stdout)
  }
}
