package import Diagnostics

/// The JUnit XML format: one `<testcase>` per linted file, one `<failure>` per finding (errors
/// and warnings alike; `type` is the rule code), so CI dashboards show which files have
/// findings.
package struct JUnitReporter: Sendable {
  /// The files spans point into.
  package var sources: SourceMap

  /// Creates a reporter.
  package init(sources: SourceMap) { self.sources = sources }

  /// The whole document.
  package func render(_ result: LintResult) -> String {
    let renderer = DiagnosticRenderer(sources: sources)
    let cases = result.files.map { file in
      JUnitReport.Case(
        classname: "shepherd-lint.\(file.role.rawValue)", name: file.path,
        failures: result.findings(inFile: file.path).map { finding in
          var location = file.path
          if let region = FindingRegion(finding.diagnostic.span, in: sources) {
            location += ":\(region.startLine):\(region.startColumn)"
          }
          return JUnitReport.Failure(
            type: "\(finding.rule.code) \(finding.rule.name)",
            message: "\(location): \(finding.severity.rawValue)[\(finding.rule.code)]: "
              + finding.labeledDiagnostic.message,
            body: renderer.render(finding.labeledDiagnostic))
        })
    }
    return JUnitReport(
      name: "shepherd-lint", suites: [JUnitReport.Suite(name: "shepherd-lint", cases: cases)],
      failureCount: .elements
    ).xml()
  }
}
