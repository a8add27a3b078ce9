import Diagnostics

/// Reports a `# shepherd-lint:` comment that names no known rule or is not `ignore NAME…`.
///
/// An ignore comment with a misspelled rule name silences nothing, so the finding it was meant
/// for keeps failing the build, or, worse, a later rename makes an old exemption lapse
/// unnoticed. The help suggests the closest rule name.
///
/// Avoid:
/// ```yaml
/// kind: Filter
/// name: Anywhere
/// # shepherd-lint: ignore constant-filtre
/// when: "true"
/// ```
///
/// Prefer:
/// ```yaml
/// kind: Filter
/// name: Anywhere
/// # shepherd-lint: ignore constant-filter
/// when: "true"
/// ```
struct InvalidIgnoreCommentRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L014", name: "invalid-ignore-comment", category: .style, defaultLevel: .error,
    summary:
      "Reports a `# shepherd-lint:` comment that names no known rule or is not `ignore NAME…`.",
    rationale: """
      An ignore comment with a misspelled rule name silences nothing, so the finding it was \
      meant for keeps failing the build, or, worse, a later rename makes an old exemption lapse \
      unnoticed. The help suggests the closest rule name.
      """,
    avoid: """
      kind: Filter
      name: Anywhere
      # shepherd-lint: ignore constant-filtre
      when: "true"
      """,
    prefer: """
      kind: Filter
      name: Anywhere
      # shepherd-lint: ignore constant-filter
      when: "true"
      """)

  func check(_ context: LintContext, into findings: inout [RuleFinding]) {
    let names = LintRegistry.metadata.map(\.name)
    for linted in context.files {
      let mask = SuppressionMask(linted.file)
      for directive in mask.directives {
        for (name, span) in zip(directive.ruleNames, directive.nameSpans)
        where !names.contains(name) {
          let byCode = LintRegistry.metadata.first { $0.code.rawValue == name.uppercased() }
          findings.append(
            RuleFinding(
              "ignore comment names unknown lint rule '\(name)'", at: span,
              help: byCode.map { "ignore comments name rules, not codes: '\($0.name)'" }
                ?? DidYouMean.help(for: name, among: names)
                ?? "Docs/rules.md lists the rules"))
        }
      }
      for span in mask.malformed {
        findings.append(
          RuleFinding(
            "malformed lint comment: expected 'shepherd-lint: ignore RULE-NAME'", at: span,
            help: "name one or more rules, separated by commas"))
      }
    }
  }
}
