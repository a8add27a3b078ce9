import Foundation
import ShepherdTestSupport
import Testing

/// `shepherd simulate`: goldens for the demo cluster's plans, failures, refusals.
@Suite("shepherd simulate")
struct SimulateCommandTests {
  static let demo = "Fixtures/clusters/demo.yaml"
  static let rolling = "Fixtures/scenarios/maintenance/rolling.yaml"
  static let cases: [(name: String, plan: String, snapshot: String, arguments: [String])] = [
    ("demo-balance", "demo-balance", demo, []),
    ("demo-maintenance-host-04", "demo-maintenance-host-04", demo, []),
    // A migration of wave 1 fails: its positive-affinity partner has moved without it.
    (
      "demo-maintenance-host-04-fail-step-1", "demo-maintenance-host-04", demo,
      ["--fail-step", "step-1"]
    ),
    ("demo-fail-host-04", "demo-fail-host-04", demo, []),
    ("rolling-maintenance-one", "rolling-maintenance-one", rolling, []),
    // The host cannot enter maintenance: step-7 depends on step-3 and vm-14 stays.
    (
      "rolling-maintenance-one-fail-step-3", "rolling-maintenance-one", rolling,
      ["--fail-step", "step-3"]
    ),
  ]

  @Test("text and JSON goldens", arguments: cases.map(\.name))
  func golden(_ name: String) throws {
    let testCase = try #require(Self.cases.first { $0.name == name })
    let arguments =
      ["simulate", "Fixtures/goldens/plan/\(testCase.plan).json", testCase.snapshot]
      + testCase.arguments
    let text = try CLIRunner.run(arguments)
    #expect(text.status == 0, "\(text.stderr)")
    var mismatch = Golden.mismatch(text.stdout, goldenAt: "Fixtures/goldens/simulate/\(name).txt")
    #expect(mismatch == nil, "\(mismatch ?? "")")
    let json = try CLIRunner.run(arguments + ["--format", "json"])
    #expect(json.status == 0, "\(json.stderr)")
    mismatch = Golden.mismatch(json.stdout, goldenAt: "Fixtures/goldens/simulate/\(name).json")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test("without a failure, the simulation lasts as long as the plan's estimate")
  func durationMatchesEstimate() throws {
    for testCase in Self.cases where testCase.arguments.isEmpty {
      let result = try CLIRunner.run([
        "simulate", "Fixtures/goldens/plan/\(testCase.plan).json", testCase.snapshot,
        "--format", "json",
      ])
      let simulation = try #require(
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
      let plan = try #require(simulation["plan"] as? [String: Any])
      let estimate = try #require(plan["estimatedDurationSeconds"] as? Double)
      let duration = try #require(simulation["durationSeconds"] as? Double)
      #expect(abs(duration - estimate) < 0.001, "\(testCase.name)")
    }
  }

  @Test("an unknown --fail-step is a usage error")
  func unknownStep() throws {
    let result = try CLIRunner.run([
      "simulate", "Fixtures/goldens/plan/demo-balance.json", Self.demo, "--fail-step", "step-9",
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("error[V003]: --fail-step: the plan has no step 'step-9'"))
  }

  @Test("a plan that does not verify is not simulated")
  func invalidPlan() throws {
    let result = try CLIRunner.run([
      "simulate", "Fixtures/goldens/plan/demo-balance.json", "Fixtures/plans/cluster.yaml",
    ])
    #expect(result.status == 1)
    #expect(result.stderr.contains("error[V002]"))
    #expect(result.stdout.isEmpty)
  }
}
