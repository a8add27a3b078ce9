import Diagnostics
import ShepherdTestSupport
import Testing
import YAMLDocument

/// Every bad input under Fixtures/invalid/yaml renders exactly its golden `.diag`.
@Suite("invalid YAML fixtures")
struct InvalidYAMLTests {
  static let fixtures = Golden.files(in: "Fixtures/invalid/yaml", withExtensions: ["yaml"])

  @Test("fixture set is present") func fixturesExist() {
    #expect(Self.fixtures.count >= 12)
  }

  @Test("renders its golden diagnostic", arguments: fixtures)
  func rendersGolden(_ relativePath: String) throws {
    let bytes = try #require(Golden.readBytes(Golden.path(relativePath)))
    var sources = SourceMap()
    let file = sources.add(path: relativePath, bytes: bytes)
    var bag = DiagnosticBag()
    _ = YAMLParser().parse(file, diagnostics: &bag)
    #expect(bag.hasErrors, "\(relativePath) must be rejected")
    let rendered = DiagnosticRenderer(sources: sources).render(bag)
    let golden = relativePath.replacingSuffix(".yaml", with: ".diag")
    let mismatch = Golden.mismatch(rendered, goldenAt: golden)
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }
}

extension String {
  func replacingSuffix(_ suffix: String, with replacement: String) -> String {
    hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
  }
}
