import Diagnostics
import Policy
import YAMLDocument

/// Reports a migration policy whose convergence schedule never aborts.
///
/// Every oVirt schedule ends with `abort` (Docs/ovirt.md §5.2): a migration that cannot
/// converge must give up, or it holds a migration slot and bandwidth forever and blocks the
/// migrations queued behind it, such as a host evacuation.
///
/// Avoid:
/// ```yaml
/// kind: MigrationPolicy
/// name: forever
/// initialDowntimeMs: 100
/// stalling:
///   - { limit: 1, downtimeMs: 500 }
/// finally: [{ downtimeMs: 5000 }]
/// ```
///
/// Prefer:
/// ```yaml
/// kind: MigrationPolicy
/// name: forever
/// initialDowntimeMs: 100
/// stalling:
///   - { limit: 1, downtimeMs: 500 }
/// finally: [{ downtimeMs: 5000 }, abort]
/// ```
struct MigrationNeverAbortsRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L013", name: "migration-never-aborts", category: .correctness,
    defaultLevel: .warning,
    summary: "Reports a migration policy whose convergence schedule never aborts.",
    rationale: """
      Every oVirt schedule ends with `abort` (Docs/ovirt.md §5.2): a migration that cannot \
      converge must give up, or it holds a migration slot and bandwidth forever and blocks the \
      migrations queued behind it, such as a host evacuation.
      """,
    avoid: """
      kind: MigrationPolicy
      name: forever
      initialDowntimeMs: 100
      stalling:
        - { limit: 1, downtimeMs: 500 }
      finally: [{ downtimeMs: 5000 }]
      """,
    prefer: """
      kind: MigrationPolicy
      name: forever
      initialDowntimeMs: 100
      stalling:
        - { limit: 1, downtimeMs: 500 }
      finally: [{ downtimeMs: 5000 }, abort]
      """)

  func check(_ context: LintContext, into findings: inout [RuleFinding]) {
    for policy in context.lintedMigrationPolicies {
      let actions = policy.stalling.map(\.action) + policy.finalActions
      guard !actions.contains(.abort) else { continue }
      let mapping = context.mapping(of: policy.origin)
      let span =
        mapping?.entry(forKey: "finally")?.key.span
        ?? mapping?.entry(forKey: "stalling")?.key.span ?? policy.origin.nameSpan
      findings.append(
        RuleFinding(
          "migration policy '\(policy.name)' never aborts a migration that does not converge",
          at: span, help: "end 'finally' with 'abort'"))
    }
  }
}
