import Diagnostics
import Policy
import PolicyExpression

/// Reports a filter whose condition folds to a constant: it always passes or never does.
///
/// Properties are folded into expressions before any host is seen, so `params.HighUtilization
/// > 100` is decided once. A filter that always passes does nothing; one that never passes
/// excludes every host and no VM can start or migrate. The check uses the unit's own defaults
/// and the values each policy gives it.
///
/// Avoid:
/// ```yaml
/// kind: Filter
/// name: Headroom
/// properties:
///   Headroom: { type: int, default: 0, min: 0 }
/// when: params.Headroom >= 0 || host.cpuLoadPercent < 50
/// ```
///
/// Prefer:
/// ```yaml
/// kind: Filter
/// name: Headroom
/// properties:
///   Headroom: { type: int, default: 0, min: 0 }
/// when: host.cpuLoadPercent + params.Headroom < 90
/// ```
struct ConstantFilterRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L006", name: "constant-filter", category: .correctness, defaultLevel: .warning,
    summary:
      "Reports a filter whose condition folds to a constant: it always passes or never does.",
    rationale: """
      Properties are folded into expressions before any host is seen, so \
      `params.HighUtilization > 100` is decided once. A filter that always passes does nothing; \
      one that never passes excludes every host and no VM can start or migrate. The check uses \
      the unit's own defaults and the values each policy gives it.
      """,
    avoid: """
      kind: Filter
      name: Headroom
      properties:
        Headroom: { type: int, default: 0, min: 0 }
      when: params.Headroom >= 0 || host.cpuLoadPercent < 50
      """,
    prefer: """
      kind: Filter
      name: Headroom
      properties:
        Headroom: { type: int, default: 0, min: 0 }
      when: host.cpuLoadPercent + params.Headroom < 90
      """)

  func check(_ context: LintContext, into findings: inout [RuleFinding]) {
    let policies = context.pipelines.keys.sorted()
    for unit in context.lintedUnits where unit.kind == .filter {
      // With checks, `when` is an exemption: a constant one says nothing about the filter.
      guard case .filter(let when?, _, let checks) = unit.implementation, checks.isEmpty else {
        continue
      }
      let defaults = unit.properties.map { ($0.name, $0.defaultValue) }
      if let value = constant(when, defaults, context) {
        findings.append(finding(unit, when, value, under: nil))
        continue
      }
      for name in policies {
        guard let pipeline = context.pipelines[name],
          let filter = pipeline.filters.lazy.compactMap({ step -> CompiledFilter? in
            if case .expression(let filter) = step, filter.unitName == unit.name,
              filter.origin == unit.origin
            {
              return filter
            }
            return nil
          }).first
        else { continue }
        let values = filter.properties.map { ($0.name, $0.value) }
        if let value = constant(when, values, context) {
          findings.append(finding(unit, when, value, under: name))
          break
        }
      }
    }
  }

  private func constant(
    _ when: ExpressionText, _ properties: [(String, PropertyValue)], _ context: LintContext
  ) -> Bool? {
    let checker = context.checker(
      scope: .hostAndVM, includesBalance: false, properties: properties)
    guard case .bool(let value) = checker.check(when.source, expecting: .bool).0?.constantValue
    else { return nil }
    return value
  }

  private func finding(
    _ unit: PolicyUnit, _ when: ExpressionText, _ value: Bool, under policy: String?
  )
    -> RuleFinding
  {
    let context = policy.map { " with the properties of policy '\($0)'" } ?? ""
    return RuleFinding(
      value
        ? "filter '\(unit.name)' always passes\(context): its condition folds to true"
        : "filter '\(unit.name)' never passes\(context): its condition folds to false",
      at: when.span,
      help: value
        ? "remove the filter, or make the condition depend on the host or the VM"
        : "every host would be excluded; check the comparison and the property values")
  }
}
