import Foundation
import ShepherdTestSupport
import Testing

/// `shepherd import ovirt --from`, end to end: import → validate → plan → verify.
@Suite("import ovirt")
struct ImportCommandTests {
  static let example = "Fixtures/ovirt/example"

  @Test("the SDK example imports to the golden snapshot, assumptions listed on stderr")
  func goldenSnapshot() throws {
    let result = try CLIRunner.run([
      "import", "ovirt", "--from", Self.example, "--cluster", "prod-a",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(Golden.mismatch(result.stdout, goldenAt: "Fixtures/goldens/import/prod-a.yaml") == nil)
    let mismatch = Golden.mismatch(result.stderr, goldenAt: "Fixtures/goldens/import/prod-a.stderr")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test("without --cluster several clusters import to one data-center snapshot; plan reads it")
  func dataCenter() throws {
    let directory = try temporaryDirectory("shepherd-import")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try CLIRunner.run([
      "import", "ovirt", "--from", Self.example, "--policies-out", directory + "/policies",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let golden = "Fixtures/goldens/import/datacenter.yaml"
    #expect(Golden.mismatch(result.stdout, goldenAt: golden) == nil)
    let stderr = result.stderr.replacingOccurrences(of: directory, with: "DIR")
    let mismatch = Golden.mismatch(stderr, goldenAt: "Fixtures/goldens/import/datacenter.stderr")
    #expect(mismatch == nil, "\(mismatch ?? "")")
    let plan = try CLIRunner.run([
      "plan", Golden.path(golden), "--policies", directory + "/policies", "--cluster", "lab",
    ])
    #expect(plan.status == 0, "\(plan.stderr)")
    #expect(plan.stdout.contains("plan for cluster lab: balance"))
  }

  @Test("import → validate → plan → verify: the quick start works on the imported snapshot")
  func quickStart() throws {
    let directory = try temporaryDirectory("shepherd-import")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let snapshot = directory + "/prod-a.yaml"
    let policies = directory + "/policies"
    let imported = try CLIRunner.run([
      "import", "ovirt", "--from", Self.example, "--cluster", "prod-a", "-o", snapshot,
      "--policies-out", policies,
    ])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.isEmpty)
    #expect(
      imported.stderr.contains(
        "wrote scheduling policy 'prod_balanced' to \(policies)/prod_balanced.yaml"))

    let validated = try CLIRunner.run(["validate", snapshot, policies + "/prod_balanced.yaml"])
    #expect(validated.status == 0, "\(validated.stderr)")
    // The policies directory as plan takes it.
    let layered = try CLIRunner.run(["validate", snapshot, "--policies", policies])
    #expect(layered.status == 0, "\(layered.stderr)")

    let plan = directory + "/plan.json"
    let planned = try CLIRunner.run([
      "plan", snapshot, "--policies", policies, "--format", "json", "--output", plan,
    ])
    #expect(planned.status == 0, "\(planned.stderr)\(planned.stdout)")
    let verified = try CLIRunner.run(["verify", plan, snapshot])
    #expect(verified.status == 0, "\(verified.stderr)\(verified.stdout)")

    let maintenance = try CLIRunner.run([
      "plan", snapshot, "--policies", policies, "--maintenance", "host-02",
    ])
    // The three database VMs are in a negative enforcing group and only three hosts are up.
    #expect(maintenance.status == 1, "\(maintenance.stderr)\(maintenance.stdout)")
    #expect(maintenance.stdout.contains("blocked by VM 'db-02'"))
  }

  @Test("JSON output is a valid snapshot too")
  func json() throws {
    let directory = try temporaryDirectory("shepherd-import")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let snapshot = directory + "/lab.json"
    let imported = try CLIRunner.run([
      "import", "ovirt", "--from", Self.example, "--cluster", "lab", "--format", "json", "-o",
      snapshot,
    ])
    #expect(imported.status == 0, "\(imported.stderr)")
    let validated = try CLIRunner.run(["validate", snapshot])
    #expect(validated.status == 0, "\(validated.stderr)")
    let planned = try CLIRunner.run(["plan", snapshot])
    #expect(planned.status == 0, "\(planned.stderr)\(planned.stdout)")
  }

  @Test(
    "bad directories exit 2 with the same golden diagnostics as the Import tests",
    arguments: ["truncated", "wrong-document", "unknown-host", "duplicate-id"])
  func invalid(name: String) throws {
    let directory = "Fixtures/invalid/ovirt/" + name
    let result = try CLIRunner.run(["import", "ovirt", "--from", directory])
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    #expect(
      Golden.mismatch(result.stderr, goldenAt: directory + ".diag") == nil, "\(result.stderr)")
  }

  @Test("usage errors: one source, live options only with --url, a directory that exists")
  func usage() throws {
    let both = try CLIRunner.run([
      "import", "ovirt", "--from", "x", "--url", "https://e/ovirt-engine/api",
    ])
    #expect(both.status == 2)
    #expect(both.stderr.contains("give exactly one of --from and --url"))
    let noPassword = try CLIRunner.run(["import", "ovirt", "--url", "https://e/ovirt-engine/api"])
    #expect(noPassword.status == 2)
    let missing = try CLIRunner.run(["import", "ovirt", "--from", "no/such/dir"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("'no/such/dir' is not a directory of saved API responses"))
  }

  @Test("import ovirt --help fits 80 columns and matches its golden")
  func help() throws {
    let result = try CLIRunner.run(["import", "ovirt", "--help"], environment: ["COLUMNS": "80"])
    #expect(result.status == 0)
    let long = result.stdout.split(separator: "\n").filter { $0.count > 80 }
    #expect(long.isEmpty, "lines over 80 columns:\n\(long.joined(separator: "\n"))")
    let mismatch = Golden.mismatch(
      result.stdout, goldenAt: "Fixtures/goldens/help/import-ovirt.txt")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }
}
