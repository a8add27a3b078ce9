import ShepherdTestSupport
import Testing

/// `shepherd validate` and `shepherd inspect`, end to end.
@Suite("validate and inspect")
struct ValidateInspectTests {
  static let invalidFixtures =
    Golden.files(in: "Fixtures/invalid/yaml", withExtensions: ["yaml"])
    // wrong-kind.yaml is a policy handed to the snapshot loader; `validate` reads it by kind.
    + Golden.files(in: "Fixtures/invalid/inventory", withExtensions: ["yaml", "json"])
    .filter { !$0.hasSuffix("/wrong-kind.yaml") }

  static let validSnapshots = Golden.files(
    in: "Fixtures/clusters", withExtensions: ["yaml", "json"])

  @Test(
    "every invalid fixture exits 1 and prints exactly its golden diagnostic",
    arguments: invalidFixtures)
  func invalidFixture(_ path: String) throws {
    let result = try CLIRunner.run(["validate", path])
    #expect(result.status == 1)
    let golden = String(path[..<(path.lastIndex(of: ".") ?? path.endIndex)]) + ".diag"
    let mismatch = Golden.mismatch(result.stderr, goldenAt: golden)
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test("every bundled snapshot is valid", arguments: validSnapshots)
  func validSnapshot(_ path: String) throws {
    let result = try CLIRunner.run(["validate", path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty)
    #expect(result.stdout == "checked 1 file (1 document): 0 errors, 0 warnings\n")
  }

  @Test("policy files are validated by the policy loader and compiler")
  func policies() throws {
    let clean = try CLIRunner.run([
      "validate", "Policies/scheduling/vm_evenly_distributed.yaml",
      "Policies/migration/policies.yaml",
    ])
    #expect(clean.status == 0, "\(clean.stderr)")
    let broken = try CLIRunner.run(["validate", "Fixtures/invalid/policy/unknown-key.yaml"])
    #expect(broken.status == 1)
    #expect(broken.stderr.contains("error[P001]: unknown key 'whn' in a Filter"))
  }

  @Test("a missing file is an input error (exit 2) naming the path")
  func missingFile() throws {
    let result = try CLIRunner.run(["validate", "no/such/file.yaml"])
    #expect(result.status == 2)
    #expect(
      result.stderr.contains("no/such/file.yaml: error[G001]: no such file 'no/such/file.yaml'"))
  }

  @Test(
    "what validate checks beyond the snapshot loader: kinds, empty files, policy names",
    arguments: Golden.files(in: "Fixtures/invalid/cli", withExtensions: ["yaml"]))
  func beyondTheLoader(_ path: String) throws {
    let result = try CLIRunner.run(["validate", path])
    #expect(result.status == 1)
    let mismatch = Golden.mismatch(
      result.stderr, goldenAt: String(path.dropLast(".yaml".count)) + ".diag")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test(
    "implausible values are warnings: validate names each and exits 0",
    arguments: Golden.files(in: "Fixtures/invalid/warnings", withExtensions: ["yaml"]))
  func implausibleValues(_ path: String) throws {
    let result = try CLIRunner.run(["validate", path])
    #expect(result.status == 0)
    #expect(result.stdout.hasSuffix("0 errors, 2 warnings\n"))
    let mismatch = Golden.mismatch(
      result.stderr, goldenAt: String(path.dropLast(".yaml".count)) + ".diag")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test("--max-input-bytes cannot be raised past 2 GiB (positions are 32-bit offsets)")
  func inputCeiling() throws {
    let result = try CLIRunner.run([
      "validate", "Fixtures/clusters/demo.yaml", "--max-input-bytes", "4294967296",
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("--max-input-bytes must be at most 2147483648"))
  }

  @Test(
    "plan and verify report an unknown scheduling or migration policy at its name",
    arguments: [
      (["plan"], "unknown-scheduling-policy.yaml:6:74: error[C008]: unknown scheduling policy"),
      (["plan"], "unknown-migration-policy.yaml:6:73: error[C008]: unknown migration policy"),
      (
        ["verify", "Fixtures/plans/empty.plan.json"],
        "unknown-migration-policy.yaml:6:73: error[C008]: unknown migration policy"
      ),
    ])
  func unknownPolicyPosition(command: [String], expected: String) throws {
    let file = String(expected.prefix { $0 != ":" })
    let result = try CLIRunner.run(command + ["Fixtures/invalid/cli/" + file])
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("Fixtures/invalid/cli/" + expected), "\(result.stderr)")
  }

  @Test("validate --format json prints the diagnostics document")
  func validateJSON() throws {
    let result = try CLIRunner.run([
      "validate", "Fixtures/invalid/yaml/duplicate-key.yaml", "--format", "json",
    ])
    #expect(result.status == 1)
    #expect(result.stdout.contains("\"code\": \"Y003\""))
    #expect(result.stdout.contains("\"line\": 4"))
  }

  @Test("inspect prints the demo cluster's host table")
  func inspectDemo() throws {
    let result = try CLIRunner.run(["inspect", "Fixtures/clusters/demo.yaml", "--vms"])
    #expect(result.status == 0, "\(result.stderr)")
    let mismatch = Golden.mismatch(
      result.stdout, goldenAt: "Fixtures/goldens/cli/inspect-demo.txt")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test("inspect --format json is byte-identical across runs")
  func inspectJSONDeterministic() throws {
    let first = try CLIRunner.run(["inspect", "Fixtures/clusters/demo.yaml", "--format", "json"])
    let second = try CLIRunner.run(["inspect", "Fixtures/clusters/demo.yaml", "--format", "json"])
    #expect(first.status == 0)
    #expect(first.stdout == second.stdout)
    let mismatch = Golden.mismatch(
      first.stdout, goldenAt: "Fixtures/goldens/cli/inspect-demo.json")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test("inspect on an invalid snapshot exits 2 with its diagnostics")
  func inspectInvalid() throws {
    let result = try CLIRunner.run(["inspect", "Fixtures/invalid/inventory/bad-enum.yaml"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("error[I004]"))
    #expect(result.stdout.isEmpty)
  }
}
