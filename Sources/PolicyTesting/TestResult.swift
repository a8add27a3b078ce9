public import Diagnostics

/// One failed expectation (or a plan that fails verification).
public struct TestFailure: Hashable, Sendable {
  /// What went wrong, lowercase.
  public var message: String
  /// The expectation's key in the suite file.
  public var span: SourceSpan?
  /// The diff of expected against actual: lines starting with `-` (expected, missing),
  /// `+` (actual, unexpected) or two spaces (context).
  public var diff: [String]

  /// Creates a failure.
  public init(_ message: String, at span: SourceSpan?, diff: [String] = []) {
    self.message = message
    self.span = span
    self.diff = diff
  }
}

/// The outcome of one test case.
public struct TestCaseResult: Hashable, Sendable {
  /// The suite's name.
  public var suite: String
  /// The suite file.
  public var path: String
  /// The case's name.
  public var name: String
  /// The case name's span.
  public var span: SourceSpan
  /// What the case ran, in a few words ("balance plan: 2 steps").
  public var summary: String
  /// The failures; empty when the case passes.
  public var failures: [TestFailure]

  /// `suite/case`, what `--run` matches.
  public var fullName: String { suite + "/" + name }
  /// Whether every expectation held.
  public var isPassing: Bool { failures.isEmpty }
}

/// The outcome of a run: every selected case, in suite and file order, and the coverage.
public struct TestRunResult: Sendable {
  /// The suites run, in order (path and name), including those with no selected case.
  public var suites: [(name: String, path: String)]
  /// Every selected case.
  public var cases: [TestCaseResult]
  /// Unit coverage over the selected cases.
  public var coverage: UnitCoverage
  /// The files spans point into.
  public var sources: SourceMap

  /// Creates a result.
  public init(
    suites: [(name: String, path: String)], cases: [TestCaseResult], coverage: UnitCoverage,
    sources: SourceMap
  ) {
    self.suites = suites
    self.cases = cases
    self.coverage = coverage
    self.sources = sources
  }

  /// The passing cases.
  public var passCount: Int { cases.filter(\.isPassing).count }
  /// The failing cases.
  public var failCount: Int { cases.count - passCount }

  /// `path:line:col` of a span, or the fallback path.
  public func location(_ span: SourceSpan?, fallback: String) -> String {
    guard let span, let file = sources[span.file] else { return fallback }
    let location = file.location(of: Int(span.start))
    return "\(file.path):\(location.line):\(location.column)"
  }
}
