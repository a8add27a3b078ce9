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

  /// Escapes a command's message as the Actions runner unescapes it: `%` → `%25`, CR → `%0D`,
  /// LF → `%0A`, scalar by scalar (`"\r\n"` is one Swift `Character`, so a `Character`-based
  /// replace would miss it and let a name end the command and start another).
  static func escapeData(_ text: String) -> String { escape(text, property: false) }

  /// Escapes a command property's value: as a message, plus `:` → `%3A` and `,` → `%2C`.
  static func escapeProperty(_ text: String) -> String { escape(text, property: true) }

  private static func escape(_ text: String, property: Bool) -> String {
    var out = ""
    out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      case ":" where property: out += "%3A"
      case "," where property: out += "%2C"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
