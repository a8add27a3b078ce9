import Foundation
import ShepherdTestSupport
import Testing

/// End-to-end: `shepherd schema`.
@Suite("shepherd schema")
struct SchemaCommandTests {
  @Test("schema snapshot prints the checked-in schema and exits 0")
  func printsSnapshotSchema() throws {
    let result = try CLIRunner.run(["schema", "snapshot"])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    let checkedIn = Golden.readText(Golden.path("Docs/schemas/snapshot.schema.json"))
    #expect(result.stdout == checkedIn)
  }

  @Test("schema policy prints the checked-in policy schema and exits 0")
  func printsPolicySchema() throws {
    let result = try CLIRunner.run(["schema", "policy"])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    let checkedIn = Golden.readText(Golden.path("Docs/schemas/policy.schema.json"))
    #expect(result.stdout == checkedIn)
  }

  @Test("--output writes the schema to a file and prints nothing")
  func writesOutputFile() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("shepherd-schema-\(UUID().uuidString).json").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = try CLIRunner.run(["schema", "snapshot", "--output", path])
    #expect(result.status == 0)
    #expect(result.stdout.isEmpty)
    #expect(
      Golden.readText(path) == Golden.readText(Golden.path("Docs/schemas/snapshot.schema.json")))
  }

  @Test("an unknown schema name is a usage error listing the valid names")
  func unknownName() throws {
    let result = try CLIRunner.run(["schema", "plicy"])
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("'plicy'"))
    #expect(result.stderr.contains("snapshot"))
  }

  @Test("a missing schema name is a usage error")
  func missingName() throws {
    let result = try CLIRunner.run(["schema"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("<name>"))
  }

  @Test("an unwritable --output is an error: exit 2, message on stderr")
  func unwritableOutput() throws {
    let result = try CLIRunner.run(["schema", "snapshot", "--output", "/nonexistent-dir/x.json"])
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("error: cannot write '/nonexistent-dir/x.json'"))
  }

  @Test("help shows an abstract, the valid names and examples")
  func help() throws {
    let result = try CLIRunner.run(["schema", "--help"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("JSON Schema"))
    #expect(result.stdout.contains("Available schemas: snapshot, plan, policy."))
    #expect(result.stdout.contains("shepherd schema snapshot --output"))
  }
}
