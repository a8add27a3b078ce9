package import Diagnostics

/// One failed expectation (or a plan that fails verification).
package struct TestFailure: Hashable, Sendable {
  /// What went wrong, lowercase.
  package var message: String
  /// The expectation's key in the suite file.
  package var span: SourceSpan?
  /// The diff of expected against actual: lines starting with `-` (expected, missing),
  /// `+` (actual, unexpected) or two spaces (context).
  package var diff: [String]

  /// Creates a failure.
  package init(_ message: String, at span: SourceSpan?, diff: [String] = []) {
    self.message = message
    self.span = span
    self.diff = diff
  }
}

/// The outcome of one test case.
package struct TestCaseResult: Hashable, Sendable {
  /// The suite's name.
  package var suite: String
  /// The suite file.
  package var path: String
  /// The case's name.
  package var name: String
  /// The case name's span.
  package var span: SourceSpan
  /// What the case ran, in a few words ("balance plan: 2 steps").
  package var summary: String
  /// The failures; empty when the case passes.
  package var failures: [TestFailure]

  /// `suite/case`, what `--run` matches.
  package var fullName: String { suite + "/" + name }
  /// Whether every expectation held.
  package var isPassing: Bool { failures.isEmpty }
}

/// The outcome of a run: every selected case, in suite and file order, and the coverage.
package struct TestRunResult: Sendable {
  /// The suites run, in order (path and name), including those with no selected case.
  package var suites: [(name: String, path: String)]
  /// Every selected case.
  package var cases: [TestCaseResult]
  /// Unit coverage over the selected cases.
  package var coverage: UnitCoverage
  /// The files spans point into.
  package var sources: SourceMap

  /// Creates a result.
  package init(
    suites: [(name: String, path: String)], cases: [TestCaseResult], coverage: UnitCoverage,
    sources: SourceMap
  ) {
    self.suites = suites
    self.cases = cases
    self.coverage = coverage
    self.sources = sources
  }

  /// The passing cases.
  package var passCount: Int { cases.filter(\.isPassing).count }
  /// The failing cases.
  package var failCount: Int { cases.count - passCount }

  /// `path:line:col` of a span, or the fallback path.
  package func location(_ span: SourceSpan?, fallback: String) -> String {
    guard let span, let file = sources[span.file] else { return fallback }
    let location = file.location(of: Int(span.start))
    return "\(file.path):\(location.line):\(location.column)"
  }
}
