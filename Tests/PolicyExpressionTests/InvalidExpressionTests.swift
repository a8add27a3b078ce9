import Diagnostics
import PolicyExpression
import ShepherdTestSupport
import Testing

/// Bad expressions in `Fixtures/invalid/expr/<case>.txt` (checked as filters, so they must be
/// bool) and bad reason templates in `<case>.tmpl`, each with its exact rendered diagnostics in
/// `<case>.diag`.
@Suite("Invalid expressions render their golden diagnostics")
struct InvalidExpressionTests {
  static let cases = Golden.files(in: "Fixtures/invalid/expr", withExtensions: ["txt", "tmpl"])

  @Test("there are invalid cases")
  func casesExist() {
    #expect(Self.cases.count >= 10)
  }

  @Test("rendered diagnostics match the .diag golden", arguments: cases)
  func golden(_ relativePath: String) throws {
    let bytes = try #require(Golden.readBytes(Golden.path(relativePath)))
    var sources = SourceMap()
    let file = sources.add(path: relativePath, bytes: bytes)
    var text = String(decoding: bytes, as: UTF8.self)
    // The expression is the file without its final line break.
    if text.hasSuffix("\n") { text.removeLast() }
    let source = ExpressionSource(text: text, file: file.id, baseOffset: 0)
    let checker = ExpressionChecker(environment: TestEnvironment.environment)
    let diagnostics: [Diagnostic]
    if relativePath.hasSuffix(".tmpl") {
      diagnostics = checker.checkTemplate(source).1
    } else {
      diagnostics = checker.check(source, expecting: .bool).1
    }
    #expect(!diagnostics.isEmpty, "an invalid case produced no diagnostic")
    let rendered = DiagnosticRenderer(sources: sources).render(diagnostics)
    let goldenPath =
      String(relativePath.prefix(upTo: relativePath.lastIndex(of: ".") ?? relativePath.endIndex))
      + ".diag"
    let mismatch = Golden.mismatch(rendered, goldenAt: goldenPath)
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }
}
