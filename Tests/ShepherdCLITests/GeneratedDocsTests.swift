import Diagnostics
import ShepherdCLI
import ShepherdTestSupport
import Testing

/// Generated documentation stays in step with the code that generates it.
@Suite("generated docs")
struct GeneratedDocsTests {
  @Test("Docs/diagnostics.md is up to date (regenerate: shepherd codes --markdown)")
  func diagnosticsReference() {
    let mismatch = Golden.mismatch(
      ShepherdRegistry.diagnostics.markdown(), goldenAt: "Docs/diagnostics.md")
    #expect(
      mismatch == nil,
      "Docs/diagnostics.md is out of date; run `swift run shepherd codes --markdown > Docs/diagnostics.md`\n\(mismatch ?? "")"
    )
  }

  @Test("every diagnostic code is registered once, in the documented format")
  func codesAreUnique() {
    let registry = ShepherdRegistry.diagnostics
    #expect(registry.duplicateCodes.isEmpty)
    for descriptor in registry.descriptors {
      let raw = descriptor.code.rawValue
      #expect(raw.count == 4, "\(raw)")
      #expect("GYIPECSLVT".contains(raw.prefix(1)), "\(raw)")
      #expect(!descriptor.title.isEmpty && !descriptor.explanation.isEmpty, "\(raw)")
    }
  }
}
