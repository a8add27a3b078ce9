import ShepherdTestSupport
import Testing

/// `shepherd plan --optimize`: the flags' diagnostics (the plans' goldens are in
/// PlanCommandTests).
@Suite("shepherd plan --optimize")
struct OptimizeCommandTests {
  static let invalid: [[String]] = [
    ["--optimize", "pack"],
    ["--optimize", "spread", "--time-limit", "0"],
    ["--optimize", "spread", "--time-limit", "nan"],
    ["--time-limit", "5"],
    ["--iteration-budget", "10"],
    ["--optimize", "consolidate", "--iteration-budget=-1"],
    ["--optimize", "consolidate", "--max-migrations=-1"],
    ["--optimize", "consolidate", "--maintenance", "host-01"],
    ["--optimize", "consolidate", "--min-improvement", "0.5"],
  ]

  @Test("invalid flags are usage errors (exit 2) with one message each; golden")
  func invalidFlags() throws {
    var transcript = ""
    for flags in Self.invalid {
      let result = try CLIRunner.run(["plan", "Fixtures/clusters/demo.yaml"] + flags)
      #expect(result.status == 2, "\(flags): \(result.stderr)")
      #expect(result.stdout.isEmpty)
      let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
      transcript += "$ shepherd plan demo.yaml \(flags.joined(separator: " "))\n\(first)\n"
    }
    let mismatch = Golden.mismatch(
      transcript, goldenAt: "Fixtures/goldens/plan/optimize-invalid-flags.txt")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test("the same flags give byte-identical plans; a budget below the need cuts deterministically")
  func budgetIsDeterministic() throws {
    let arguments = [
      "plan", "Fixtures/scenarios/optimize/cluster.yaml", "--optimize", "consolidate",
      "--iteration-budget", "5", "--format", "json",
    ]
    let one = try CLIRunner.run(arguments)
    let two = try CLIRunner.run(arguments)
    #expect(one.status == 0, "\(one.stderr)")
    #expect(one.stdout == two.stdout)
    #expect(one.stdout.contains("\"stoppedBy\": \"iteration-budget\""))
  }
}
