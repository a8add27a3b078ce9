import ShepherdTestSupport
import Testing

/// End-to-end tests of `shepherd compile` against golden output.
@Suite("shepherd compile")
struct CompileCommandTests {
  static let cases: [(name: String, arguments: [String], status: Int32)] = [
    ("vm_evenly_distributed", ["compile", "vm_evenly_distributed"], 0),
    (
      "json-demo",
      [
        "compile", "vm_evenly_distributed", "--snapshot", "Fixtures/clusters/demo.yaml", "--format",
        "json",
      ],
      0
    ),
    (
      "overrides-for-another-policy",
      ["compile", "none", "--snapshot", "Fixtures/clusters/demo.yaml"], 2
    ),
    ("snapshot-policy", ["compile", "--snapshot", "Fixtures/clusters/demo.yaml"], 0),
    ("custom-small", ["compile", "small", "--policies", "Fixtures/policies/custom"], 0),
    ("migration", ["compile", "post_copy"], 0),
    ("unknown-policy", ["compile", "vm_evenly_distributd"], 2),
    ("broken", ["compile", "broken", "--policies", "Fixtures/policies/broken"], 2),
    // Layers: the second --policies replaces the first's 'layered'; the hidden
    // .shepherd-lint.yaml in the base directory is skipped (it fails to load as a policy).
    (
      "layered",
      [
        "compile", "layered", "--policies", "Fixtures/policies/layers/base", "--policies",
        "Fixtures/policies/layers/site",
      ],
      0
    ),
    // A single file as a layer.
    (
      "layered-file",
      ["compile", "layered", "--policies", "Fixtures/policies/layers/base/small.yaml"], 0
    ),
    // Within one layer a repeated name is a duplicate (P005), as before.
    (
      "layered-duplicate",
      [
        "compile", "layered", "--policies", "Fixtures/policies/layers/base/small.yaml",
        "--policies", "Fixtures/policies/layers",
      ],
      2
    ),
  ]

  @Test("output and exit status match the goldens", arguments: cases.map(\.name))
  func golden(_ name: String) throws {
    let testCase = try #require(Self.cases.first { $0.name == name })
    let result = try CLIRunner.run(testCase.arguments)
    #expect(result.status == testCase.status, "\(result.stderr)")
    let rendered = result.transcript(testCase.arguments)
    let mismatch = Golden.mismatch(
      rendered, goldenAt: "Fixtures/policies/expected/compile-\(name).txt")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }
}
