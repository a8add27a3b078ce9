import Diagnostics
import ShepherdCLI
import ShepherdTestSupport
import Testing

/// Generated documentation stays in step with the code that generates it.
@Suite("generated docs")
struct GeneratedDocsTests {
  @Test(
    "every generated file is up to date (regenerate: scripts/generate)",
    arguments: GeneratedFiles.all.map(\.path))
  func fresh(_ path: String) throws {
    let file = try #require(GeneratedFiles.all.first { $0.path == path })
    let mismatch = Golden.mismatch(file.render(Golden.repositoryRoot()), goldenAt: path)
    #expect(mismatch == nil, "\(path) is stale; run scripts/generate\n\(mismatch ?? "")")
  }

  @Test("every diagnostic code is registered once, in the documented format")
  func codesAreUnique() {
    let registry = ShepherdRegistry.diagnostics
    #expect(registry.duplicateCodes.isEmpty)
    for descriptor in registry.descriptors {
      let raw = descriptor.code.rawValue
      #expect(raw.count == 4, "\(raw)")
      #expect("GYIPECSLVTO".contains(raw.prefix(1)), "\(raw)")
      #expect(!descriptor.title.isEmpty && !descriptor.explanation.isEmpty, "\(raw)")
    }
  }
}
