import Diagnostics
import Policy

/// Reports a filter or weight listed twice in one policy, or a mandatory filter listed at all.
///
/// A unit runs once however often it is listed, so the second entry is dead; for weights it
/// usually hides a factor edit made on the wrong line. Mandatory filters already run first in
/// every policy.
///
/// Avoid:
/// ```yaml
/// kind: SchedulingPolicy
/// name: twice
/// filters: [Memory, PinToHost, Memory]
/// ```
///
/// Prefer:
/// ```yaml
/// kind: SchedulingPolicy
/// name: twice
/// filters: [Memory]
/// ```
struct DuplicateUnitRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L005", name: "duplicate-unit", category: .correctness, defaultLevel: .error,
    summary:
      "Reports a filter or weight listed twice in one policy, or a mandatory filter listed at all.",
    rationale: """
      A unit runs once however often it is listed, so the second entry is dead; for weights it \
      usually hides a factor edit made on the wrong line. Mandatory filters already run first \
      in every policy.
      """,
    avoid: """
      kind: SchedulingPolicy
      name: twice
      filters: [Memory, PinToHost, Memory]
      """,
    prefer: """
      kind: SchedulingPolicy
      name: twice
      filters: [Memory]
      """,
    reportedCodes: ["C009"])

  func claims(_ diagnostic: Diagnostic, in context: LintContext) -> Bool {
    diagnostic.code == DiagnosticDescriptor.compileRepeatedUnit.code
  }
}
