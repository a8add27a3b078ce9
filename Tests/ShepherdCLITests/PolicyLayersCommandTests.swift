import Foundation
import ShepherdTestSupport
import Testing

/// `--policies` on every command that loads a snapshot's policies: a cluster whose scheduling
/// and migration policies are its own (as `import ovirt --policies-out` writes them) fails
/// without the directory (C008) and works with it.
@Suite("--policies on every command that loads a snapshot's policies")
struct PolicyLayersCommandTests {
  static let snapshot = "Fixtures/custom-policies/cluster.yaml"
  static let policies = "Fixtures/custom-policies/policies"

  /// Each command's arguments; `PLAN` stands for a plan made with the policies.
  static let commands: [[String]] = [
    ["validate", snapshot], ["plan", snapshot, "--maintenance", "a1"],
    ["explain", snapshot, "--vm", "web-1"], ["audit", snapshot], ["verify", "PLAN", snapshot],
    ["simulate", "PLAN", snapshot], ["report", "PLAN", snapshot],
  ]

  @Test("without --policies C008, with it success", arguments: commands)
  func command(_ arguments: [String]) throws {
    let directory = try temporaryDirectory("shepherd-layers")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let plan = directory + "/plan.json"
    let planned = try CLIRunner.run([
      "plan", Self.snapshot, "--policies", Self.policies, "--maintenance", "a1", "--format",
      "json", "-o", plan,
    ])
    #expect(planned.status == 0, "\(planned.stderr)")
    let resolved = arguments.map { $0 == "PLAN" ? plan : $0 }
    let without = try CLIRunner.run(resolved)
    #expect(without.status != 0)
    #expect(without.stderr.contains("error[C008]"), "\(without.stderr)")
    let with = try CLIRunner.run(resolved + ["--policies", Self.policies])
    #expect(with.status == 0, "\(with.stderr)")
    #expect(!with.stderr.contains("error"), "\(with.stderr)")
  }

  @Test("validate: a --policies path that does not exist is unreadable input (exit 2)")
  func validateMissingLayer() throws {
    let result = try CLIRunner.run(["validate", Self.snapshot, "--policies", "no/such/dir"])
    #expect(result.status == 2)
    #expect(
      result.stderr.contains(
        "error[G001]: 'no/such/dir' is not a policy file or a directory of policy files"))
  }

  @Test("validate checks the --policies layers' own documents")
  func validateChecksLayers() throws {
    let result = try CLIRunner.run([
      "validate", "Fixtures/clusters/demo.yaml", "--policies", "Fixtures/policies/broken",
    ])
    #expect(result.status == 1)
    #expect(result.stderr.contains("error[C001]: unknown Filter 'Memroy'"))
  }
}
