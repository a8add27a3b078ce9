package import Diagnostics

/// The GitHub Actions format: one workflow command per finding, which the Actions runner turns
/// into an annotation on the pull request, then the summary line.
///
/// ```
/// ::error file=policies/custom.yaml,line=3,col=1,endLine=3,endColumn=4,title=L001 unknown-key::unknown key 'wen' in a Filter
/// ```
package struct GitHubReporter: Sendable {
  /// The files spans point into.
  package var sources: SourceMap

  /// Creates a reporter.
  package init(sources: SourceMap) { self.sources = sources }

  /// The whole output.
  package func render(_ result: LintResult) -> String {
    var out = ""
    for finding in result.findings {
      var properties = [("file", finding.path)]
      if let region = FindingRegion(finding.diagnostic.span, in: sources) {
        properties += [
          ("line", String(region.startLine)), ("col", String(region.startColumn)),
          ("endLine", String(region.endLine)), ("endColumn", String(region.endColumn)),
        ]
      }
      properties.append(("title", "\(finding.rule.code) \(finding.rule.name)"))
      var message = finding.labeledDiagnostic.message
      if let help = finding.diagnostic.help { message += "\nhelp: \(help)" }
      out += "::\(finding.severity == .error ? "error" : "warning") "
      out += properties.map { "\($0.0)=\(Self.escapeProperty($0.1))" }.joined(separator: ",")
      out += "::" + Self.escapeData(message) + "\n"
    }
    return out + result.summaryLine + "\n"
  }

  /// Escapes a command's message.
  static func escapeData(_ text: String) -> String {
    text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
  }

  /// Escapes a command property's value.
  static func escapeProperty(_ text: String) -> String {
    escapeData(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
  }
}
