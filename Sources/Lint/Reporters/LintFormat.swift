package import Diagnostics

/// The output formats of `shepherd lint`.
package enum LintFormat: String, Hashable, Sendable, CaseIterable {
  /// Rendered diagnostics with the rule name after each message, then a summary line.
  case text
  /// A JSON document with the findings, the exemptions, per-file counts and a summary.
  case json
  /// SARIF 2.1.0 for code-scanning tools.
  case sarif
  /// JUnit XML: one test case per file, one failure per finding.
  case junit
  /// GitHub Actions workflow commands (`::error file=…::message`), then a summary line.
  case github

  /// Renders a result.
  ///
  /// - Parameters:
  ///   - result: the lint result.
  ///   - sources: the files spans point into.
  ///   - usesColor: ANSI colours (text only).
  /// - Returns: the whole output, ending with a newline.
  package func render(_ result: LintResult, sources: SourceMap, usesColor: Bool = false) -> String {
    switch self {
    case .text: LintTextReporter(sources: sources, usesColor: usesColor).render(result)
    case .json: LintJSONReporter(sources: sources).render(result)
    case .sarif: SARIFReporter(sources: sources).render(result)
    case .junit: JUnitReporter(sources: sources).render(result)
    case .github: GitHubReporter(sources: sources).render(result)
    }
  }
}

/// Line and column ranges of a span, as every machine format reports them.
struct FindingRegion: Hashable {
  var startLine: Int
  var startColumn: Int
  var endLine: Int
  var endColumn: Int

  /// The region of a span: 1-based lines, 1-based columns in Unicode scalars, the end column
  /// one past the last character.
  init?(_ span: SourceSpan?, in sources: SourceMap) {
    guard let span, let file = sources[span.file] else { return nil }
    let start = file.location(of: Int(span.start))
    let end = file.location(of: Int(span.end))
    startLine = start.line
    startColumn = start.column
    endLine = end.line
    endColumn = end.column
  }
}
