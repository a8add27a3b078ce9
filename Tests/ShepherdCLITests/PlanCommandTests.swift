import Foundation
import ShepherdTestSupport
import Testing

/// `shepherd plan`, end to end: goldens, determinism, and every plan passing `verify`.
@Suite("shepherd plan")
struct PlanCommandTests {
  static let cases: [(name: String, arguments: [String], status: Int32)] = [
    ("demo-balance", ["Fixtures/clusters/demo.yaml"], 0),
    ("demo-balance-evenly", ["Fixtures/clusters/demo.yaml", "--policy", "evenly_distributed"], 0),
    ("demo-balance-limit", ["Fixtures/clusters/demo.yaml", "--max-migrations", "1"], 1),
  ]

  @Test("text and JSON goldens; the JSON plan verifies", arguments: cases.map(\.name))
  func golden(_ name: String) throws {
    let testCase = try #require(Self.cases.first { $0.name == name })
    let text = try CLIRunner.run(["plan"] + testCase.arguments)
    #expect(text.status == testCase.status, "\(text.stderr)")
    var mismatch = Golden.mismatch(text.stdout, goldenAt: "Fixtures/goldens/plan/\(name).txt")
    #expect(mismatch == nil, "\(mismatch ?? "")")
    let json = try CLIRunner.run(["plan"] + testCase.arguments + ["--format", "json"])
    let again = try CLIRunner.run(["plan"] + testCase.arguments + ["--format", "json"])
    #expect(json.stdout == again.stdout, "plans must be byte-identical")
    mismatch = Golden.mismatch(json.stdout, goldenAt: "Fixtures/goldens/plan/\(name).json")
    #expect(mismatch == nil, "\(mismatch ?? "")")
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("shepherd-\(name)-\(getpid()).json").path
    try Data(json.stdout.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let verified = try CLIRunner.run(["verify", path, testCase.arguments[0]])
    #expect(verified.status == 0, "\(verified.stderr)")
  }
}
