import Diagnostics
import Policy
import YAMLDocument

/// Reports a migration policy whose convergence schedule never raises the allowed downtime.
///
/// A migration that stalls converges only when the allowed downtime grows past the rate at
/// which the guest dirties memory. oVirt's schedules step it up (100 ms, then 150, 200, … 500,
/// Docs/ovirt.md §5.2); a schedule that never goes above its initial downtime stalls until it
/// aborts, and a busy VM can never be moved. Schedules that switch to post-copy are exempt.
///
/// Avoid:
/// ```yaml
/// kind: MigrationPolicy
/// name: stubborn
/// initialDowntimeMs: 100
/// stalling:
///   - { limit: 1, downtimeMs: 100 }
/// finally: [abort]
/// ```
///
/// Prefer:
/// ```yaml
/// kind: MigrationPolicy
/// name: stubborn
/// initialDowntimeMs: 100
/// stalling:
///   - { limit: 1, downtimeMs: 150 }
///   - { limit: 2, downtimeMs: 300 }
/// finally: [abort]
/// ```
struct NonEscalatingDowntimeRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L012", name: "non-escalating-downtime", category: .correctness,
    defaultLevel: .warning,
    summary:
      "Reports a migration policy whose convergence schedule never raises the allowed downtime.",
    rationale: """
      A migration that stalls converges only when the allowed downtime grows past the rate at \
      which the guest dirties memory. oVirt's schedules step it up (100 ms, then 150, 200, … \
      500, Docs/ovirt.md §5.2); a schedule that never goes above its initial downtime stalls \
      until it aborts, and a busy VM can never be moved. Schedules that switch to post-copy \
      are exempt.
      """,
    avoid: """
      kind: MigrationPolicy
      name: stubborn
      initialDowntimeMs: 100
      stalling:
        - { limit: 1, downtimeMs: 100 }
      finally: [abort]
      """,
    prefer: """
      kind: MigrationPolicy
      name: stubborn
      initialDowntimeMs: 100
      stalling:
        - { limit: 1, downtimeMs: 150 }
        - { limit: 2, downtimeMs: 300 }
      finally: [abort]
      """)

  func check(_ context: LintContext, into findings: inout [RuleFinding]) {
    for policy in context.lintedMigrationPolicies {
      let actions = policy.stalling.map(\.action) + policy.finalActions
      let raises = actions.contains { action in
        if case .setDowntime(let milliseconds) = action {
          return milliseconds > policy.initialDowntimeMs
        }
        return false
      }
      // Post-copy converges without more downtime.
      guard !raises, !actions.contains(.postcopy) else { continue }
      let mapping = context.mapping(of: policy.origin)
      let span =
        mapping?.entry(forKey: "stalling")?.key.span
        ?? mapping?.entry(forKey: "initialDowntimeMs")?.key.span ?? policy.origin.nameSpan
      findings.append(
        RuleFinding(
          "migration policy '\(policy.name)' never raises the downtime above its initial "
            + "\(policy.initialDowntimeMs) ms",
          at: span,
          help: "add stalling steps with growing 'downtimeMs', e.g. 150, 200, 300, 400, 500"))
    }
  }
}
