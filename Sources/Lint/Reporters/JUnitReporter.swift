public import Diagnostics

/// The JUnit XML format: one `<testcase>` per linted file, one `<failure>` per finding (errors
/// and warnings alike; `type` is the rule code), so CI dashboards show which files have
/// findings.
public struct JUnitReporter: Sendable {
  /// The files spans point into.
  public var sources: SourceMap

  /// Creates a reporter.
  public init(sources: SourceMap) { self.sources = sources }

  /// The whole document.
  public func render(_ result: LintResult) -> String {
    let failures = result.findings.count
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<testsuites name=\"shepherd-lint\" tests=\"\(result.files.count)\" "
    out += "failures=\"\(failures)\" errors=\"0\">\n"
    out += "  <testsuite name=\"shepherd-lint\" tests=\"\(result.files.count)\" "
    out += "failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
    let renderer = DiagnosticRenderer(sources: sources)
    for file in result.files {
      let findings = result.findings(inFile: file.path)
      let name = Self.escape(file.path)
      out += "    <testcase classname=\"shepherd-lint.\(file.role.rawValue)\" name=\"\(name)\""
      guard !findings.isEmpty else {
        out += "/>\n"
        continue
      }
      out += ">\n"
      for finding in findings {
        var location = file.path
        if let region = FindingRegion(finding.diagnostic.span, in: sources) {
          location += ":\(region.startLine):\(region.startColumn)"
        }
        let message =
          "\(location): \(finding.severity.rawValue)[\(finding.rule.code)]: "
          + finding.labeledDiagnostic.message
        out += "      <failure type=\"\(finding.rule.code) \(finding.rule.name)\" "
        out += "message=\"\(Self.escape(message))\">"
        out += Self.escape(renderer.render(finding.labeledDiagnostic))
        out += "</failure>\n"
      }
      out += "    </testcase>\n"
    }
    out += "  </testsuite>\n</testsuites>\n"
    return out
  }

  /// Escapes text for XML attributes and content; characters XML 1.0 forbids become U+FFFD.
  static func escape(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n", "\t": out.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}
