package import Diagnostics

/// One reported lint finding: a diagnostic under a rule's code, at the configured level.
package struct LintFinding: Hashable, Sendable {
  /// The rule that reports it.
  package let rule: RuleMetadata
  /// The diagnostic: code = the rule's code, severity = the rule's level.
  package let diagnostic: Diagnostic
  /// The loader or compiler code the rule reports it for (`P001`, `C005`, …), if any.
  package let underlyingCode: DiagnosticCode?
  /// The file path (also for findings without a span).
  package let path: String

  /// Creates a finding.
  package init(
    rule: RuleMetadata, diagnostic: Diagnostic, underlyingCode: DiagnosticCode?, path: String
  ) {
    self.rule = rule
    self.diagnostic = diagnostic
    self.underlyingCode = underlyingCode
    self.path = path
  }

  /// The severity (error or warning).
  package var severity: Severity { diagnostic.severity }

  /// The diagnostic with the rule name (and underlying code) after the message, as the text
  /// reporter prints it: `… [unknown-key, from P001]`.
  package var labeledDiagnostic: Diagnostic {
    var labeled = diagnostic
    labeled.message += " [" + rule.name + (underlyingCode.map { ", from \($0)" } ?? "") + "]"
    return labeled
  }
}

/// The outcome of one lint run.
package struct LintResult: Sendable {
  /// One linted file.
  package struct FileSummary: Hashable, Sendable {
    /// The path as given.
    package let path: String
    /// Policies or snapshot.
    package let role: LintedFileRole
  }

  /// The reported findings, sorted by file, offset, code and message.
  package let findings: [LintFinding]
  /// Findings silenced by `# shepherd-lint: ignore` comments, sorted the same way.
  package let exemptions: [LintFinding]
  /// The linted files, in path order.
  package let files: [FileSummary]

  /// Creates a result.
  package init(findings: [LintFinding], exemptions: [LintFinding], files: [FileSummary]) {
    self.findings = findings
    self.exemptions = exemptions
    self.files = files
  }

  /// How many findings are errors.
  package var errorCount: Int { findings.count { $0.severity == .error } }
  /// How many findings are warnings.
  package var warningCount: Int { findings.count { $0.severity == .warning } }

  /// Whether any finding is at or above `level`.
  package func hasFindings(atOrAbove level: Severity) -> Bool {
    findings.contains { $0.severity >= level }
  }

  /// The findings of one file, in order.
  package func findings(inFile path: String) -> [LintFinding] {
    findings.filter { $0.path == path }
  }

  /// `linted 3 files: 1 error, 2 warnings, 1 exempted by ignore comments`.
  package var summaryLine: String {
    func plural(_ count: Int, _ word: String) -> String {
      "\(count) \(word)\(count == 1 ? "" : "s")"
    }
    var line = "linted \(plural(files.count, "file")): \(plural(errorCount, "error")), "
    line += plural(warningCount, "warning")
    line += ", \(exemptions.count) exempted by ignore comments"
    return line
  }
}
