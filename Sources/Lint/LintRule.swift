package import Diagnostics

/// What a lint rule is about; the groups of `Docs/rules.md`.
package enum RuleCategory: String, Hashable, Sendable, CaseIterable {
  /// The policy or snapshot is wrong or does something other than it says.
  case correctness
  /// A value lies outside the range oVirt accepts or that makes sense.
  case bounds
  /// The policy drifts from oVirt's own scheduling behaviour (Docs/ovirt.md).
  case ovirtCompat = "ovirt-compat"
  /// Dead or misleading content that does no harm at run time.
  case style
}

/// How a rule's findings are reported: the value of a rule in `.shepherd-lint.yaml`.
package enum LintLevel: String, Hashable, Sendable, CaseIterable {
  /// Reported as an error.
  case error
  /// Reported as a warning.
  case warning
  /// Not reported.
  case ignore

  /// The diagnostic severity, `nil` for ``ignore``.
  package var severity: Severity? {
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
package struct RuleMetadata: Hashable, Sendable {
  /// The stable code, `L001`…; never reused.
  package let code: DiagnosticCode
  /// The kebab-case name used in config and ignore comments.
  package let name: String
  /// The group.
  package let category: RuleCategory
  /// The level unless `.shepherd-lint.yaml` says otherwise.
  package let defaultLevel: LintLevel
  /// One sentence: what the rule reports.
  package let summary: String
  /// Why it matters.
  package let rationale: String
  /// YAML that the rule reports.
  package let avoid: String
  /// The same YAML fixed.
  package let prefer: String
  /// Loader and compiler codes the rule reports under its own code, if any.
  package let reportedCodes: [String]

  /// Creates metadata.
  package init(
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
  package var descriptor: DiagnosticDescriptor {
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
package protocol LintRule: Sendable {
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
  package var metadata: RuleMetadata { Self.metadata }

  /// By default a rule claims no loader diagnostic.
  package func claims(_ diagnostic: Diagnostic, in context: LintContext) -> Bool { false }

  /// By default a rule has no checks of its own.
  package func check(_ context: LintContext, into findings: inout [RuleFinding]) {}
}

/// A finding a rule's own check produced, before levels and ignore comments are applied.
package struct RuleFinding: Hashable, Sendable {
  /// What is wrong: lowercase, no trailing period, names quoted.
  package var message: String
  /// Where.
  package var span: SourceSpan
  /// Related locations.
  package var notes: [Diagnostic.Note]
  /// The fix.
  package var help: String?

  /// Creates a finding.
  package init(
    _ message: String, at span: SourceSpan, notes: [Diagnostic.Note] = [], help: String? = nil
  ) {
    self.message = message
    self.span = span
    self.notes = notes
    self.help = help
  }
}
