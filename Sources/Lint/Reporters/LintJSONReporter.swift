package import Diagnostics

/// The JSON format, keys sorted:
///
/// ```json
/// {"findings":[{"code":"L001","rule":"unknown-key","category":"correctness",
///   "underlyingCode":"P001","severity":"error","message":"…","location":{…},"help":"…"}],
///  "exempted":[…],"files":[{"path":"…","role":"policies","errors":1,"warnings":0}],
///  "summary":{"files":1,"errors":1,"warnings":0,"exempted":0},"version":1}
/// ```
package struct LintJSONReporter: Sendable {
  /// The files spans point into.
  package var sources: SourceMap

  /// Creates a reporter.
  package init(sources: SourceMap) { self.sources = sources }

  /// The document.
  package func document(_ result: LintResult) -> JSONValue {
    let files: [JSONValue] = result.files.map { file in
      let findings = result.findings(inFile: file.path)
      return .object([
        ("path", .string(file.path)),
        ("role", .string(file.role.rawValue)),
        ("errors", .int(findings.count { $0.severity == .error })),
        ("warnings", .int(findings.count { $0.severity == .warning })),
      ])
    }
    return .object([
      ("version", .int(1)),
      ("findings", .array(result.findings.map(object))),
      ("exempted", .array(result.exemptions.map(object))),
      ("files", .array(files)),
      (
        "summary",
        .object([
          ("files", .int(result.files.count)),
          ("errors", .int(result.errorCount)),
          ("warnings", .int(result.warningCount)),
          ("exempted", .int(result.exemptions.count)),
        ])
      ),
    ])
  }

  /// The whole output, pretty-printed.
  package func render(_ result: LintResult) -> String {
    document(result).serialized(pretty: true) + "\n"
  }

  func object(_ finding: LintFinding) -> JSONValue {
    var diagnostic = finding.diagnostic
    if diagnostic.span == nil, diagnostic.path == nil { diagnostic.path = finding.path }
    guard case .object(var fields) = DiagnosticJSONRenderer(sources: sources).object(diagnostic)
    else { return .null }
    fields.append(("rule", .string(finding.rule.name)))
    fields.append(("category", .string(finding.rule.category.rawValue)))
    if let code = finding.underlyingCode {
      fields.append(("underlyingCode", .string(code.rawValue)))
    }
    return .object(fields)
  }
}
