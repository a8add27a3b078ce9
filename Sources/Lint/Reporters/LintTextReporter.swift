package import Diagnostics

/// The text format: each finding rendered like every other Shepherd diagnostic, with
/// `[rule-name]` (and `from CODE` for loader diagnostics) after the message, then a summary.
///
/// ```
/// policies/custom.yaml:3:1: error[L001]: unknown key 'wen' in a Filter [unknown-key, from P001]
///   3 | wen: host.memory.physicalMiB >= 65536
///     | ^~~
///   = help: did you mean 'when'?
/// linted 1 file: 1 error, 0 warnings, 0 exempted by ignore comments
/// ```
package struct LintTextReporter: Sendable {
  /// The files spans point into.
  package var sources: SourceMap
  /// Whether to add ANSI colours.
  package var usesColor: Bool

  /// Creates a reporter.
  package init(sources: SourceMap, usesColor: Bool = false) {
    self.sources = sources
    self.usesColor = usesColor
  }

  /// The whole output.
  package func render(_ result: LintResult) -> String {
    let renderer = DiagnosticRenderer(sources: sources, usesColor: usesColor)
    var out = ""
    for finding in result.findings {
      var diagnostic = finding.labeledDiagnostic
      if diagnostic.span == nil, diagnostic.path == nil { diagnostic.path = finding.path }
      out += renderer.render(diagnostic)
    }
    return out + result.summaryLine + "\n"
  }
}
