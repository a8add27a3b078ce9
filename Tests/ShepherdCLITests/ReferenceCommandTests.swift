import Foundation
import ShepherdTestSupport
import Testing

/// `fields`, `codes` and the JSON forms of `lint --list-rules` and `test`: what authors read.
@Suite("reference commands")
struct ReferenceCommandTests {
  /// A JSON document's top-level object.
  static func object(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test("fields ROOT lists that root's fields; an unknown root gets a did-you-mean")
  func fields() throws {
    let host = try CLIRunner.run(["fields", "host"])
    #expect(host.status == 0)
    #expect(host.stdout.contains("host.labels  set<string>"))
    #expect(!host.stdout.contains("vm.memoryMiB"))
    let json = try Self.object(try CLIRunner.run(["fields", "vm", "--format", "json"]).stdout)
    #expect(json["kind"] as? String == "FieldReference")
    let wrong = try CLIRunner.run(["fields", "hots"])
    #expect(wrong.status == 2)
    #expect(wrong.stderr.contains("did you mean 'host'?"))
  }

  @Test("codes explains a lint rule by name, and a code as JSON")
  func codes() throws {
    let rule = try CLIRunner.run(["codes", "unknown-key"])
    #expect(rule.status == 0)
    #expect(rule.stdout.hasPrefix("L001 unknown-key:"))
    #expect(rule.stdout.contains("Avoid:") && rule.stdout.contains("Prefer:"))
    let typo = try CLIRunner.run(["codes", "unknwn-key"])
    #expect(typo.status == 2)
    #expect(typo.stderr.contains("did you mean 'unknown-key'?"))
    let json = try Self.object(try CLIRunner.run(["codes", "Y003", "--format", "json"]).stdout)
    #expect(json["apiVersion"] as? String == "shepherd/v1")
    #expect(json["kind"] as? String == "DiagnosticCodes")
  }

  @Test("lint --list-rules and test have a JSON form with apiVersion and kind")
  func jsonForms() throws {
    let rules = try Self.object(
      try CLIRunner.run(["lint", "--list-rules", "--format", "json"]).stdout)
    #expect(rules["kind"] as? String == "LintRules")
    #expect((rules["rules"] as? [Any])?.isEmpty == false)
    let run = try CLIRunner.run(["test", "Fixtures/suites/none.test.yaml", "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let report = try Self.object(run.stdout)
    #expect(report["kind"] as? String == "TestReport")
    #expect(report["failed"] as? Int == 0)
  }
}

/// `-` reads standard input, like kubectl and conftest.
@Suite("standard input")
struct StandardInputTests {
  @Test("plan - reads the snapshot from stdin; diagnostics name <stdin>")
  func planFromStdin() throws {
    let demo = try #require(Golden.readText(Golden.path("Fixtures/clusters/demo.yaml")))
    let fromFile = try CLIRunner.run(["plan", "Fixtures/clusters/demo.yaml", "--format", "json"])
    let fromStdin = try CLIRunner.run(["plan", "-", "--format", "json"], stdin: demo)
    #expect(fromStdin.status == fromFile.status, "\(fromStdin.stderr)")
    #expect(fromStdin.stdout == fromFile.stdout)  // same bytes, same digest
    let bad = try CLIRunner.run(
      ["validate", "-"], stdin: "apiVersion: shepherd/v1\nkind: ClusterSnapshot\nbogus: 1\n")
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("<stdin>:3:1: error[I001]: unknown field 'bogus'"))
  }
}

/// `-o json` (a kubectl habit) gets a hint instead of a file called `json`.
@Suite("output option")
struct OutputOptionTests {
  @Test("-o with a format name is refused with a did-you-mean", arguments: ["plan", "schema"])
  func formatNameAsOutput(_ command: String) throws {
    let arguments =
      command == "plan"
      ? ["plan", "Fixtures/clusters/demo.yaml", "-o", "json"] : ["schema", "plan", "-o", "json"]
    let result = try CLIRunner.run(arguments)
    #expect(result.status == 2)
    #expect(result.stderr.contains("did you mean --format json?"))
    #expect(!FileManager.default.fileExists(atPath: Golden.path("json")))
  }
}
