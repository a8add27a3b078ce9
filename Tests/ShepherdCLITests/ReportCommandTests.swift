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

/// `shepherd explain --format html`.
@Suite("shepherd explain --format html")
struct ExplainHTMLTests {
  @Test("the demo explanation: golden, filter matrix and weight table")
  func golden() throws {
    let result = try CLIRunner.run([
      "explain", "Fixtures/clusters/demo.yaml", "--vm", "web-02", "--format", "html",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let mismatch = Golden.mismatch(
      result.stdout, goldenAt: "Fixtures/goldens/report/explain-demo-web-02.html")
    #expect(mismatch == nil, "\(mismatch ?? "")")
    #expect(result.stdout.contains("<strong>✘</strong>"))
    #expect(result.stdout.contains("VmToHostsAffinityGroups: negative VM-to-host affinity group"))
  }

  @Test("hostile host and VM names stay text")
  func hostile() throws {
    let result = try CLIRunner.run([
      "explain", "Fixtures/report/hostile.yaml", "--vm", "<img src=x onerror=alert(1)>",
      "--format", "html",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!result.stdout.contains("<script") && !result.stdout.contains("<img"))
    #expect(result.stdout.contains("&lt;script&gt;alert(&#39;host&#39;)&lt;/script&gt;"))
    #expect(result.stdout.contains("host-[U+202E]gnp.exe"))
  }
}
