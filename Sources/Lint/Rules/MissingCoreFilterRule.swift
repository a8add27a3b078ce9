import Diagnostics
import Policy

/// Reports a scheduling policy without one of the CPU, Memory, Network and Migration filters.
///
/// Every oVirt policy runs these filters (Docs/ovirt.md §1.1). Without them the solver places a
/// VM on a host with too few cores, too little memory or missing networks, and the plan fails
/// when it is carried out.
///
/// Avoid:
/// ```yaml
/// kind: SchedulingPolicy
/// name: lean
/// filters: [CPU, Memory]
/// ```
///
/// Prefer:
/// ```yaml
/// kind: SchedulingPolicy
/// name: lean
/// filters: [CPU, Memory, Network, Migration]
/// ```
struct MissingCoreFilterRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L009", name: "missing-core-filter", category: .ovirtCompat, defaultLevel: .warning,
    summary:
      "Reports a scheduling policy without one of the CPU, Memory, Network and Migration filters.",
    rationale: """
      Every oVirt policy runs these filters (Docs/ovirt.md §1.1). Without them the solver places \
      a VM on a host with too few cores, too little memory or missing networks, and the plan \
      fails when it is carried out.
      """,
    avoid: """
      kind: SchedulingPolicy
      name: lean
      filters: [CPU, Memory]
      """,
    prefer: """
      kind: SchedulingPolicy
      name: lean
      filters: [CPU, Memory, Network, Migration]
      """)

  func check(_ context: LintContext, into findings: inout [RuleFinding]) {
    let mandatory = Set(context.library.mandatoryFilters.map(\.name))
    for policy in context.lintedSchedulingPolicies {
      let listed = Set(policy.filters.map(\.name))
      let missing = OvirtReference.coreFilters.filter {
        !listed.contains($0) && !mandatory.contains($0)
      }
      guard !missing.isEmpty else { continue }
      let names = missing.map { "'\($0)'" }.joined(separator: ", ")
      findings.append(
        RuleFinding(
          "scheduling policy '\(policy.name)' does not run core filter"
            + (missing.count == 1 ? " " : "s ") + names,
          at: policy.origin.nameSpan,
          help: "add \(names) to 'filters', as every oVirt policy does"))
    }
  }
}
