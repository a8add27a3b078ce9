import Diagnostics
import Inventory
import ShepherdTestSupport
import Testing

@Suite("Snapshot writer")
struct SnapshotWriterTests {
  /// Loads text as a snapshot, failing the test with the rendered diagnostics if it does not.
  private func load(_ text: String, path: String) throws -> ClusterSnapshot {
    var sources = SourceMap()
    let file = sources.add(path: path, text: text)
    let result = SnapshotLoader().load(file)
    let rendered = DiagnosticRenderer(sources: sources).render(result.diagnostics)
    #expect(rendered == "", "\(path) does not load back:\n\(text)")
    return try #require(result.snapshot)
  }

  @Test(
    "YAML and JSON output load back to the same snapshot",
    arguments: Golden.files(in: "Fixtures/clusters", withExtensions: ["yaml", "json"]))
  func roundTrips(path: String) throws {
    // A data center's clusters are written one at a time, each as a one-cluster snapshot.
    var sources = SourceMap()
    let file = sources.add(path: path, text: try #require(Golden.readText(Golden.path(path))))
    var bag = DiagnosticBag()
    let dataCenter = try #require(SnapshotLoader().loadDataCenter(file, diagnostics: &bag))
    for original in dataCenter.clusters { try roundTrip(original) }
  }

  private func roundTrip(_ original: ClusterSnapshot) throws {
    let yaml = SnapshotWriter.yaml(original)
    let fromYAML = try load(yaml, path: "out.yaml")
    // Spans differ between the two loads; the written form is the comparison.
    #expect(SnapshotWriter.yaml(fromYAML) == yaml)
    // JSON sorts keys, custom-property maps included, so JSON is compared with JSON.
    let json = SnapshotWriter.json(original)
    let fromJSON = try load(json, path: "out.json")
    #expect(SnapshotWriter.json(fromJSON) == json)
    #expect(fromYAML.assumptions == original.assumptions)
    #expect(fromYAML.hosts.map(\.name) == original.hosts.map(\.name))
    #expect(fromYAML.vms.map(\.memoryMiB) == original.vms.map(\.memoryMiB))
  }

  @Test(
    "strings that would read as another type are quoted",
    arguments: [
      ("4.7", "\"4.7\""), ("true", "\"true\""), ("no", "\"no\""), ("", "\"\""),
      ("-x", "\"-x\""), ("a: b", "\"a: b\""), ("x#y", "\"x#y\""), ("[a]", "\"[a]\""),
      ("Intel Icelake Server Family", "Intel Icelake Server Family"), ("pc-q35", "pc-q35"),
      ("RHEL-8.9", "RHEL-8.9"), ("2026-11-28T10:00:00Z", "2026-11-28T10:00:00Z"),
    ])
  func quoting(text: String, expected: String) {
    #expect(SnapshotWriter.yamlScalar(text) == expected)
  }
}
