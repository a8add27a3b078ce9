import Foundation
import ShepherdTestSupport
import Testing

/// `shepherd diff`, end to end: goldens in every format, the added-migrations gate, bad input.
@Suite("shepherd diff")
struct DiffCommandTests {
  static let snapshots = ["Fixtures/diff/cluster.yaml", "Fixtures/suites/clusters/guests.yaml"]
  static let policies = ["--policies", "Fixtures/diff/old", "Fixtures/diff/new"]

  @Test(
    "stdout matches the golden",
    arguments: [("text", "txt"), ("json", "json"), ("markdown", "md"), ("html", "html")])
  func golden(_ format: (name: String, extension: String)) throws {
    let result = try CLIRunner.run(
      ["diff"] + Self.policies + Self.snapshots + ["--format", format.name])
    #expect(result.status == 0, "\(result.stderr)")
    if let mismatch = Golden.mismatch(
      result.stdout, goldenAt: "Fixtures/goldens/diff/diff.\(format.extension)")
    {
      Issue.record(Comment(rawValue: mismatch))
    }
  }

  @Test("snapshots may also follow the options")
  func snapshotsAfterOptions() throws {
    let inline = try CLIRunner.run(["diff"] + Self.policies + Self.snapshots)
    let trailing = try CLIRunner.run(
      ["diff", "--policies", "Fixtures/diff/old", "Fixtures/diff/new", "--format", "text"]
        + Self.snapshots)
    #expect(inline.status == 0)
    #expect(trailing.status == 0, "\(trailing.stderr)")
    #expect(inline.stdout == trailing.stdout)
  }

  @Test("--max-added-migrations fails the run only when more moves are added")
  func addedMigrationsGate() throws {
    let over = try CLIRunner.run(
      ["diff"] + Self.policies + Self.snapshots + ["--max-added-migrations", "4"])
    #expect(over.status == 1)
    #expect(over.stderr.contains("add 5 moves, more than --max-added-migrations 4"))
    let within = try CLIRunner.run(
      ["diff"] + Self.policies + Self.snapshots + ["--max-added-migrations", "5"])
    #expect(within.status == 0)
  }

  @Test("the same directory twice changes nothing")
  func identical() throws {
    let result = try CLIRunner.run(
      ["diff", "--policies", "Fixtures/diff/new", "Fixtures/diff/new"] + Self.snapshots
        + ["--max-added-migrations", "0"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("(+0 added, -0 removed)"))
  }

  @Test("bad input exits 2")
  func badInput() throws {
    #expect(try CLIRunner.run(["diff", "--policies", "Fixtures/diff/old"]).status == 2)
    #expect(try CLIRunner.run(["diff"] + Self.policies).status == 2)
    let missing = try CLIRunner.run(["diff"] + Self.policies + ["Fixtures/nope.yaml"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("no such file 'Fixtures/nope.yaml'"))
    let notDirectory = try CLIRunner.run(
      ["diff", "--policies", "Fixtures/diff/old", "Fixtures/nope"] + Self.snapshots)
    #expect(notDirectory.status == 2)
    let policy = try CLIRunner.run(
      ["diff"] + Self.policies + Self.snapshots + ["--policy", "vm_evenly"])
    #expect(policy.status == 2)
    #expect(policy.stderr.contains("C0"))
  }
}
