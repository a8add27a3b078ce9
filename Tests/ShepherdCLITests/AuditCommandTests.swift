import ShepherdTestSupport
import Testing

/// End-to-end tests of `shepherd audit` and `explain --include-current-host` against goldens.
@Suite("shepherd audit")
struct AuditCommandTests {
  static let demo = "Fixtures/clusters/demo.yaml"

  static let cases: [(name: String, arguments: [String], status: Int32)] = [
    // The snapshot's own policy: VMs on an overloaded host fail CPUOverloaded there.
    ("demo", ["audit", demo], 1),
    ("demo-json", ["audit", demo, "--format", "json"], 1),
    // A policy change: a custom filter rejects hosts labelled 'slow', where VMs already run.
    (
      "demo-policy-change",
      ["audit", demo, "--policy", "audit_strict", "--policies", "Fixtures/policies/audit"], 1
    ),
    ("demo-unknown-policy", ["audit", demo, "--policy", "nope"], 2),
    // explain's view of one VM on its own host.
    (
      "explain-include-current-host",
      ["explain", demo, "--vm", "web-05", "--include-current-host"], 0
    ),
  ]

  @Test("output and exit status match the goldens", arguments: cases.map(\.name))
  func golden(_ name: String) throws {
    let testCase = try #require(Self.cases.first { $0.name == name })
    let result = try CLIRunner.run(testCase.arguments)
    #expect(result.status == testCase.status, "\(result.stderr)")
    let rendered = result.transcript(testCase.arguments)
    let mismatch = Golden.mismatch(rendered, goldenAt: "Fixtures/goldens/audit/\(name).txt")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }
}
