public import Diagnostics

/// What a lint rule is about; the groups of `Docs/rules.md`.
public enum RuleCategory: String, Hashable, Sendable, CaseIterable {
  /// The policy or snapshot is wrong or does something other than it says.
  case correctness
  /// A value lies outside the range oVirt accepts or that makes sense.
  case bounds
  /// The policy drifts from oVirt's own scheduling behaviour (semantics.md).
  case ovirtCompat = "ovirt-compat"
  /// Dead or misleading content that does no harm at run time.
  case style
}

/// How a rule's findings are reported: the value of a rule in `.shepherd-lint.yaml`.
public enum LintLevel: String, Hashable, Sendable, CaseIterable {
  /// Reported as an error.
  case error
  /// Reported as a warning.
  case warning
  /// Not reported.
  case ignore

  /// The diagnostic severity, `nil` for ``ignore``.
  public var severity: Severity? {
    switch self {
    case .error: .error
    case .warning: .warning
    case .ignore: nil
    }
  }
}

/// Everything users see about a rule: identity, level and documentation.
///
/// `Docs/rules.md`, SARIF's `rules[]`, the diagnostic registry (`shepherd codes L006`) and the
/// config checker are all generated from these values. Each rule's `///` doc comment mirrors
/// its summary, rationale and Avoid/Prefer pair, and a test checks that it does.
public struct RuleMetadata: Hashable, Sendable {
  /// The stable code, `L001`…; never reused.
  public let code: DiagnosticCode
  /// The kebab-case name used in config and ignore comments.
  public let name: String
  /// The group.
  public let category: RuleCategory
  /// The level unless `.shepherd-lint.yaml` says otherwise.
  public let defaultLevel: LintLevel
  /// One sentence: what the rule reports.
  public let summary: String
  /// Why it matters.
  public let rationale: String
  /// YAML that the rule reports.
  public let avoid: String
  /// The same YAML fixed.
  public let prefer: String
  /// Loader and compiler codes the rule reports under its own code, if any.
  public let reportedCodes: [String]

  /// Creates metadata.
  public init(
    code: DiagnosticCode, name: String, category: RuleCategory, defaultLevel: LintLevel,
    summary: String, rationale: String, avoid: String, prefer: String,
    reportedCodes: [String] = []
  ) {
    self.code = code
    self.name = name
    self.category = category
    self.defaultLevel = defaultLevel
    self.summary = summary
    self.rationale = rationale
    self.avoid = avoid
    self.prefer = prefer
    self.reportedCodes = reportedCodes
  }

  /// The rule's entry in the diagnostic registry.
  public var descriptor: DiagnosticDescriptor {
    var explanation = "Lint rule `\(name)` (\(category.rawValue)). \(summary) \(rationale)"
    if !reportedCodes.isEmpty {
      explanation += " Reports " + reportedCodes.joined(separator: ", ") + " under this code."
    }
    explanation += " See Docs/rules.md."
    return DiagnosticDescriptor(
      code, title: name, explanation: explanation,
      severity: defaultLevel == .error ? .error : .warning)
  }
}

/// One lint rule: its metadata, the loader diagnostics it reports, and its own checks.
///
/// A rule lives in its own file under `Sources/Lint/Rules/` and is listed in
/// ``LintRegistry/rules``. Rules never print: they append ``RuleFinding``s.
public protocol LintRule: Sendable {
  /// The rule's identity and documentation.
  static var metadata: RuleMetadata { get }

  /// Whether this rule reports a diagnostic from loading or compiling (e.g. `P001` for
  /// `unknown-key`). The engine offers each such diagnostic to the rules in registry order; the
  /// first that claims it reports it.
  func claims(_ diagnostic: Diagnostic, in context: LintContext) -> Bool

  /// The rule's own checks over the linted files.
  func check(_ context: LintContext, into findings: inout [RuleFinding])
}

extension LintRule {
  /// The rule's identity and documentation.
  public var metadata: RuleMetadata { Self.metadata }

  /// By default a rule claims no loader diagnostic.
  public func claims(_ diagnostic: Diagnostic, in context: LintContext) -> Bool { false }

  /// By default a rule has no checks of its own.
  public func check(_ context: LintContext, into findings: inout [RuleFinding]) {}
}

/// A finding a rule's own check produced, before levels and ignore comments are applied.
public struct RuleFinding: Hashable, Sendable {
  /// What is wrong: lowercase, no trailing period, names quoted.
  public var message: String
  /// Where.
  public var span: SourceSpan
  /// Related locations.
  public var notes: [Diagnostic.Note]
  /// The fix.
  public var help: String?

  /// Creates a finding.
  public init(
    _ message: String, at span: SourceSpan, notes: [Diagnostic.Note] = [], help: String? = nil
  ) {
    self.message = message
    self.span = span
    self.notes = notes
    self.help = help
  }
}
