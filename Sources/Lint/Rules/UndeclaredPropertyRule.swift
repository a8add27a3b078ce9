import Diagnostics
import Policy

/// Reports a policy or snapshot property that no unit of the policy declares.
///
/// Properties reach only the units that declare them. A value for an undeclared key is ignored
/// by oVirt (it deletes such keys, Docs/ovirt.md §1.3) and is almost always a typo or a unit
/// missing from the policy; the help suggests the closest declared name.
///
/// Avoid:
/// ```yaml
/// kind: SchedulingPolicy
/// name: typo
/// filters: [CPUOverloaded]
/// properties:
///   HighUtilisation: 80
/// ```
///
/// Prefer:
/// ```yaml
/// kind: SchedulingPolicy
/// name: typo
/// filters: [CPUOverloaded]
/// properties:
///   HighUtilization: 80
/// ```
struct UndeclaredPropertyRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L010", name: "undeclared-property", category: .correctness, defaultLevel: .error,
    summary: "Reports a policy or snapshot property that no unit of the policy declares.",
    rationale: """
      Properties reach only the units that declare them. A value for an undeclared key is \
      ignored by oVirt (it deletes such keys, Docs/ovirt.md §1.3) and is almost always a typo or \
      a unit missing from the policy; the help suggests the closest declared name.
      """,
    avoid: """
      kind: SchedulingPolicy
      name: typo
      filters: [CPUOverloaded]
      properties:
        HighUtilisation: 80
      """,
    prefer: """
      kind: SchedulingPolicy
      name: typo
      filters: [CPUOverloaded]
      properties:
        HighUtilization: 80
      """,
    reportedCodes: ["C003"])

  func claims(_ diagnostic: Diagnostic, in context: LintContext) -> Bool {
    diagnostic.code == DiagnosticDescriptor.compileUnusedProperty.code
  }
}
