import Foundation
import ShepherdTestSupport
import Testing

/// `shepherd report` and `shepherd plan --format html`, end to end.
@Suite("shepherd report")
struct ReportCommandTests {
  @Test("report of a plan file, plan --format html and the library's golden are the same bytes")
  func sameBytes() throws {
    let report = try CLIRunner.run([
      "report", "Fixtures/goldens/plan/demo-balance.json", "Fixtures/clusters/demo.yaml",
    ])
    #expect(report.status == 0, "\(report.stderr)")
    let golden = try #require(
      Golden.readText(Golden.path("Fixtures/goldens/report/demo-balance.html")))
    #expect(report.stdout == golden)
    let direct = try CLIRunner.run([
      "plan", "Fixtures/clusters/demo.yaml", "--format", "html",
    ])
    #expect(direct.status == 0, "\(direct.stderr)")
    #expect(direct.stdout == golden)
  }

  @Test("-o writes the file; an incomplete plan still exits 1 from plan, 0 from report")
  func outputFile() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("shepherd-report-\(ProcessInfo.processInfo.processIdentifier).html")
      .path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let plan = try CLIRunner.run([
      "plan", "Fixtures/clusters/demo.yaml", "--maintenance", "host-03", "--format", "html",
      "-o", path,
    ])
    #expect(plan.status == 1)
    #expect(plan.stdout.isEmpty)
    let written = try #require(Golden.readText(path))
    #expect(written.contains("✘ Not complete"))
    let report = try CLIRunner.run([
      "report", "Fixtures/goldens/plan/demo-maintenance-host-03.json",
      "Fixtures/clusters/demo.yaml", "-o", path,
    ])
    #expect(report.status == 0, "\(report.stderr)")
    #expect(Golden.readText(path) == written)
  }

  @Test("a plan from another snapshot: the report shows the violations and exits 1")
  func wrongSnapshot() throws {
    let result = try CLIRunner.run([
      "report", "Fixtures/goldens/plan/demo-balance.json", "Fixtures/clusters/minimal.yaml",
      "--policy", "vm_evenly_distributed",
    ])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stdout.contains("<code>V002</code>"))
  }

  @Test("an unreadable plan is an input error")
  func missingPlan() throws {
    let result = try CLIRunner.run([
      "report", "no-such-plan.json", "Fixtures/clusters/demo.yaml",
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("no such file 'no-such-plan.json'"))
  }
}
