import Diagnostics
import Foundation
import Inventory
import Policy
import ShepherdTestSupport
import Testing

/// Loads the built-ins plus one user file, checks the whole library, and renders every
/// diagnostic.
func renderedDiagnostics(forPolicyFile relativePath: String) -> String {
  var sources = SourceMap()
  var bag = DiagnosticBag()
  let bytes = Golden.readBytes(Golden.path(relativePath)) ?? []
  let file = sources.add(path: relativePath, bytes: bytes)
  let library = PolicyLibrary.load(userFiles: [file], sources: &sources, diagnostics: &bag)
  PolicyCompiler(library: library).checkLibrary(diagnostics: &bag)
  return DiagnosticRenderer(sources: sources).render(bag)
}

@Suite("invalid policies")
struct InvalidPolicyTests {
  static let fixtures = Golden.files(in: "Fixtures/invalid/policy", withExtensions: ["yaml"])

  @Test("each invalid policy reports exactly its golden diagnostics", arguments: fixtures)
  func golden(_ path: String) {
    let rendered = renderedDiagnostics(forPolicyFile: path)
    #expect(!rendered.isEmpty, "\(path) reported nothing")
    let golden = String(path.dropLast(".yaml".count)) + ".diag"
    let mismatch = Golden.mismatch(rendered, goldenAt: golden)
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test("there are fixtures for every structure and compile code the brief names")
  func coverage() {
    let all = Self.fixtures.map(renderedDiagnostics(forPolicyFile:)).joined()
    for code in [
      "P001", "P002", "P003", "P005", "P006", "P007", "P008", "C001", "C002", "C003",
      "C004", "C005", "C006", "C007", "E",
    ] {
      // C003 is a warning in a policy file (an error only in snapshot overrides).
      let severity = code == "C003" ? "warning" : "error"
      #expect(all.contains("\(severity)[\(code)"), "no fixture reports \(code)")
    }
  }
}

@Suite("snapshot property overrides")
struct SnapshotOverrideTests {
  static let snapshotText = """
    apiVersion: shepherd/v1
    kind: ClusterSnapshot
    takenAt: 2026-11-28T10:00:00Z
    cluster:
      name: c
      compatibilityVersion: "4.7"
      scheduling:
        policy: vm_evenly_distributed
        properties: { HighVmCount: 12, HighUtilization: 30, MigrationTreshold: 3, SpmVmGrace: lots }
    hosts:
      - { name: h1, status: Up, memory: { physicalMiB: 1024, freeMiB: 512 } }

    """

  func compile(_ text: String) -> (SchedulingPipeline?, String) {
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let library = PolicyLibrary.load(sources: &sources, diagnostics: &bag)
    let file = sources.add(path: "snapshot.yaml", text: text)
    let snapshot = SnapshotLoader().load(file, diagnostics: &bag)
    let pipeline = PolicyCompiler(library: library).compileSchedulingPolicy(
      named: "vm_evenly_distributed", overrides: snapshot?.cluster.schedulingProperties,
      diagnostics: &bag)
    return (pipeline, DiagnosticRenderer(sources: sources).render(bag))
  }

  @Test("unknown keys (did-you-mean), wrong types and out-of-bounds overrides are reported")
  func invalidOverrides() {
    let (pipeline, rendered) = compile(Self.snapshotText)
    #expect(pipeline == nil)
    let mismatch = Golden.mismatch(
      rendered, goldenAt: "Fixtures/invalid/policy/snapshot-overrides.diag")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test("a valid override wins over the policy value, with its provenance")
  func validOverride() throws {
    let text = Self.snapshotText.replacingOccurrences(
      of: ", HighUtilization: 30, MigrationTreshold: 3, SpmVmGrace: lots", with: "")
    let (pipeline, rendered) = compile(text)
    let compiled = try #require(pipeline, "\(rendered)")
    #expect(compiled.properties["HighVmCount"]?.value == .int(12))
    #expect(compiled.properties["HighVmCount"]?.source == .snapshot)
    #expect(compiled.properties["SpmVmGrace"]?.source == .policy)
    // MaxFreeMemoryForOverUtilized is set by nobody: the balancer's own default applies.
    #expect(compiled.properties["MaxFreeMemoryForOverUtilized"]?.source == .unitDefault)
  }
}
