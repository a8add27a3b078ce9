import Foundation
import ShepherdTestSupport
import Testing

/// `shepherd test`, end to end: the shipped suites pass, and every output format, selector,
/// coverage option and bad input has a golden.
@Suite("shepherd test")
struct TestCommandTests {
  static let cases: [(name: String, arguments: [String], status: Int32)] = [
    ("suites", ["Fixtures/suites"], 0),
    ("suites-coverage", ["Fixtures/suites", "--coverage"], 0),
    ("suites-junit", ["Fixtures/suites", "--format", "junit"], 0),
    ("run-selector", ["Fixtures/suites", "--run", "^vm_evenly_distributed/no move"], 0),
    ("run-nothing", ["Fixtures/suites", "--run", "^nothing-matches$"], 0),
    ("failing", ["Fixtures/suites/broken/failing.suite.yaml"], 1),
    ("failing-junit", ["Fixtures/suites/broken/failing.suite.yaml", "--format", "junit"], 1),
  ]

  @Test("stdout matches the golden and the exit status is right", arguments: cases)
  func golden(_ testCase: (name: String, arguments: [String], status: Int32)) throws {
    let result = try CLIRunner.run(["test"] + testCase.arguments)
    #expect(result.status == testCase.status, "\(result.stderr)")
    let extensionName = testCase.arguments.contains("junit") ? "xml" : "txt"
    if let mismatch = Golden.mismatch(
      result.stdout, goldenAt: "Fixtures/goldens/test/\(testCase.name).\(extensionName)")
    {
      Issue.record(Comment(rawValue: mismatch))
    }
  }

  @Test("every shipped suite passes, one built-in scheduling policy per suite")
  func shippedSuitesPass() throws {
    let result = try CLIRunner.run(["test", "Fixtures/suites"])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(!result.stdout.contains("FAIL"))
    for policy in [
      "none", "evenly_distributed", "vm_evenly_distributed", "power_saving",
      "cluster_maintenance", "in_cluster_upgrade",
    ] {
      #expect(result.stdout.contains("Fixtures/suites/\(policy).test.yaml:"), "\(policy)")
    }
  }

  @Test(
    "bad suites are diagnostics on stderr with exit 2", arguments: ["bad-input", "unknown-names"])
  func badInput(_ name: String) throws {
    let result = try CLIRunner.run(["test", "Fixtures/suites/broken/\(name).suite.yaml"])
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    if let mismatch = Golden.mismatch(result.stderr, goldenAt: "Fixtures/goldens/test/\(name).diag")
    {
      Issue.record(Comment(rawValue: mismatch))
    }
  }

  @Test("the coverage threshold decides the exit status")
  func coverageThreshold() throws {
    let low = try CLIRunner.run(["test", "Fixtures/suites", "--coverage-threshold", "10"])
    #expect(low.status == 0, "\(low.stderr)")
    #expect(low.stdout.contains("unit coverage:"))
    let high = try CLIRunner.run(["test", "Fixtures/suites", "--coverage-threshold", "99"])
    #expect(high.status == 1)
    #expect(high.stderr.contains("is below the threshold 99%"))
  }

  @Test("usage errors exit 2")
  func usageErrors() throws {
    #expect(try CLIRunner.run(["test", "Fixtures/suites", "--run", "(unclosed"]).status == 2)
    #expect(
      try CLIRunner.run(["test", "Fixtures/suites", "--coverage-threshold", "101"]).status == 2)
    #expect(
      try CLIRunner.run(["test", "Fixtures/suites", "--coverage-threshold", "nan"]).status == 2)
    let missing = try CLIRunner.run(["test", "Fixtures/no-such-dir.test.yaml"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("G001"))
    let empty = try CLIRunner.run(["test", "Fixtures/clusters"])
    #expect(empty.status == 2)
    #expect(empty.stderr.contains("T005"))
  }

  @Test("the output is deterministic")
  func deterministic() throws {
    let first = try CLIRunner.run(["test", "Fixtures/suites", "--coverage"])
    let second = try CLIRunner.run(["test", "Fixtures/suites", "--coverage"])
    #expect(first.stdout == second.stdout)
  }
}
