import Diagnostics

/// Reports every other problem found while loading and compiling policies.
///
/// These are the policy loader's and compiler's own diagnostics (unknown units, wrong kinds,
/// type errors in expressions, malformed property declarations, …), reported with their
/// original code after the message. A policy with any of them does not compile, and neither
/// does any policy that uses its units.
///
/// Avoid:
/// ```yaml
/// kind: Filter
/// name: Small
/// when: vm.memoryMiB <= "4096"
/// ```
///
/// Prefer:
/// ```yaml
/// kind: Filter
/// name: Small
/// when: vm.memoryMiB <= 4096
/// ```
struct InvalidPolicyRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L016", name: "invalid-policy", category: .correctness, defaultLevel: .error,
    summary: "Reports every other problem found while loading and compiling policies.",
    rationale: """
      These are the policy loader's and compiler's own diagnostics (unknown units, wrong kinds, \
      type errors in expressions, malformed property declarations, …), reported with their \
      original code after the message. A policy with any of them does not compile, and neither \
      does any policy that uses its units.
      """,
    avoid: """
      kind: Filter
      name: Small
      when: vm.memoryMiB <= "4096"
      """,
    prefer: """
      kind: Filter
      name: Small
      when: vm.memoryMiB <= 4096
      """,
    reportedCodes: ["P…", "C…", "E…"])

  func claims(_ diagnostic: Diagnostic, in context: LintContext) -> Bool {
    context.role(of: diagnostic) == .policies
  }
}
