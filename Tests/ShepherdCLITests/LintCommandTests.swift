import Foundation
import ShepherdTestSupport
import Testing

/// End-to-end `shepherd lint`: goldens per format, exit codes, configuration and discovery.
@Suite("shepherd lint")
struct LintCommandTests {
  static let inputs = "Fixtures/lint/inputs"
  static let config = "Fixtures/lint/config.yaml"

  static let goldens: [(format: String, golden: String)] = [
    ("text", "Fixtures/lint/expected/lint.txt"),
    ("json", "Fixtures/lint/expected/lint.json"),
    ("sarif", "Fixtures/lint/expected/lint.sarif"),
    ("junit", "Fixtures/lint/expected/lint.junit.xml"),
    ("github", "Fixtures/lint/expected/lint.github.txt"),
  ]

  @Test("each format's output on Fixtures/lint/inputs matches its golden", arguments: goldens)
  func formats(_ format: String, _ golden: String) throws {
    let result = try CLIRunner.run([
      "lint", Self.inputs, "--config", Self.config, "--format", format,
    ])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.isEmpty, "\(result.stderr)")
    let mismatch = Golden.mismatch(result.stdout, goldenAt: golden)
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test("a document that fails to load still gets every other rule's findings")
  func independentProblems() throws {
    let result = try CLIRunner.run(["lint", "Fixtures/lint/independent"])
    #expect(result.status == 1)
    let mismatch = Golden.mismatch(
      result.stdout, goldenAt: "Fixtures/lint/expected/independent.txt")
    #expect(mismatch == nil, "\(mismatch ?? "")")
    for rule in ["zero-weight-factor", "duplicate-unit", "inverted-utilization-thresholds"] {
      #expect(result.stdout.contains("[\(rule)"), "no \(rule) finding")
    }
  }

  @Test("the built-in policies lint clean: exit 0")
  func builtins() throws {
    let result = try CLIRunner.run(["lint", "Policies/", "--fail-level", "warning"])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.hasPrefix("linted "))
    // The only exemptions: the legacy migration policy sends no schedule on purpose.
    #expect(result.stdout.hasSuffix(": 0 errors, 0 warnings, 2 exempted by ignore comments\n"))
  }

  @Test("--fail-level: warnings alone exit 0 at error and 1 at warning")
  func failLevel() throws {
    let file = Self.inputs + "/policies/migration.yaml"
    let config = "Fixtures/lint/warnings-only.yaml"
    let atError = try CLIRunner.run(["lint", file, "--config", config])
    #expect(atError.status == 0, "\(atError.stdout)")
    #expect(atError.stdout.contains("warning[L013]"))
    let atWarning = try CLIRunner.run(["lint", file, "--config", config, "--fail-level", "warning"])
    #expect(atWarning.status == 1)
  }

  @Test("an unknown rule in the configuration is a usage error with a did-you-mean: exit 2")
  func badConfiguration() throws {
    let result = try CLIRunner.run([
      "lint", "Policies/", "--config", "Fixtures/lint/bad-config.yaml",
    ])
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("error[L100]: unknown lint rule 'unused-properties'"))
    #expect(result.stderr.contains("did you mean 'unused-property'?"))
  }

  @Test("a missing path or config is unreadable input: exit 2")
  func unreadable() throws {
    let missing = try CLIRunner.run(["lint", "no/such/dir"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("error[G001]: no such file 'no/such/dir'"))
    let config = try CLIRunner.run(["lint", "Policies/", "--config", "no-such.yaml"])
    #expect(config.status == 2)
    let none = try CLIRunner.run(["lint"])
    #expect(none.status == 2)
  }

  @Test("--list-rules lists every rule")
  func listRules() throws {
    let result = try CLIRunner.run(["lint", "--list-rules"])
    #expect(result.status == 0)
    #expect(result.stdout.split(separator: "\n").count == 17)
    #expect(result.stdout.hasPrefix("L001  unknown-key"))
  }
}
