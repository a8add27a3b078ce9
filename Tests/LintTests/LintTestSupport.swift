import Diagnostics
import Lint
import ShepherdTestSupport
import Testing

/// One expected finding: a marker in the inline YAML, the rule, and text the message contains.
struct ExpectedFinding: CustomStringConvertible {
  var marker: String
  var rule: String
  var message: String

  init(_ marker: String, _ rule: String, _ message: String) {
    self.marker = marker
    self.rule = rule
    self.message = message
  }

  var description: String { "\(marker) \(rule): \(message)" }
}

enum LintHarness {
  /// Rules that report loader diagnostics, or check comments: always on in rule tests so an
  /// input that does not load cleanly fails the test.
  static let alwaysOn: Set<String> = Set(
    LintRegistry.metadata.filter { !$0.reportedCodes.isEmpty }.map(\.name) + [
      "invalid-ignore-comment"
    ])

  /// The rules that report what does not load at all.
  static let loadErrors: Set<String> = [
    "invalid-yaml", "invalid-policy", "invalid-snapshot", "invalid-ignore-comment",
  ]

  /// Lints inline files with only `rules` (plus ``alwaysOn``) enabled.
  static func lint(
    _ files: [(path: String, text: String)], rules: Set<String>,
    alwaysOn: Set<String> = LintHarness.alwaysOn
  ) -> (LintResult, SourceMap) {
    var levels: [String: LintLevel] = [:]
    for rule in LintRegistry.metadata
    where !rules.contains(rule.name) && !alwaysOn.contains(rule.name) {
      levels[rule.name] = .ignore
    }
    var sources = SourceMap()
    let sourceFiles = files.map { sources.add(path: $0.path, text: $0.text) }
    let result = Linter(configuration: LintConfiguration(levels: levels)).lint(
      sourceFiles, sources: &sources)
    return (result, sources)
  }

  /// Lints marked YAML (one file, `test.yaml`) and checks that the findings are exactly the
  /// expected ones: same rule, span starting at the marker, message containing the text.
  static func expect(
    _ marked: String, rules: Set<String>, _ expected: [ExpectedFinding],
    extraFiles: [(path: String, text: String)] = [],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let text = MarkedText(marked)
    let (result, sources) = lint([("test.yaml", text.text)] + extraFiles, rules: rules)
    var unmatched = result.findings
    for expectation in expected {
      guard let offset = text.offsets[expectation.marker] else {
        Issue.record(
          "marker \(expectation.marker) is not in the text", sourceLocation: sourceLocation)
        continue
      }
      let index = unmatched.firstIndex { finding in
        finding.rule.name == expectation.rule && finding.path == "test.yaml"
          && finding.diagnostic.span.map { Int($0.start) } == offset
          && finding.diagnostic.message.contains(expectation.message)
      }
      if let index {
        unmatched.remove(at: index)
      } else {
        let got = LintTextReporter(sources: sources).render(result)
        Issue.record(
          "expected finding \(expectation) not reported; got:\n\(got)",
          sourceLocation: sourceLocation)
      }
    }
    for finding in unmatched {
      let rendered = DiagnosticRenderer(sources: sources).render(finding.labeledDiagnostic)
      Issue.record("unexpected finding:\n\(rendered)", sourceLocation: sourceLocation)
    }
  }
}
