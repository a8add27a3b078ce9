import Diagnostics
import Policy
import PolicyExpression

/// Reports a property a unit declares but none of its expressions reads.
///
/// A declared property can be set by policies and snapshots, so an unread one is a knob that
/// does nothing: users tune it and nothing changes. Keys oVirt itself declares on a unit of the
/// same name are exempt, because they decide which keys a cluster may carry (Docs/ovirt.md §2.1).
///
/// Avoid:
/// ```yaml
/// kind: Filter
/// name: Busy
/// properties:
///   Limit: { type: int, default: 80, min: 0, max: 100 }
///   Grace: { type: int, default: 5, min: 0 }
/// when: host.cpuLoadPercent < params.Limit
/// ```
///
/// Prefer:
/// ```yaml
/// kind: Filter
/// name: Busy
/// properties:
///   Limit: { type: int, default: 80, min: 0, max: 100 }
/// when: host.cpuLoadPercent < params.Limit
/// ```
struct UnusedPropertyRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L011", name: "unused-property", category: .style, defaultLevel: .warning,
    summary: "Reports a property a unit declares but none of its expressions reads.",
    rationale: """
      A declared property can be set by policies and snapshots, so an unread one is a knob that \
      does nothing: users tune it and nothing changes. Keys oVirt itself declares on a unit of \
      the same name are exempt, because they decide which keys a cluster may carry \
      (Docs/ovirt.md §2.1).
      """,
    avoid: """
      kind: Filter
      name: Busy
      properties:
        Limit: { type: int, default: 80, min: 0, max: 100 }
        Grace: { type: int, default: 5, min: 0 }
      when: host.cpuLoadPercent < params.Limit
      """,
    prefer: """
      kind: Filter
      name: Busy
      properties:
        Limit: { type: int, default: 80, min: 0, max: 100 }
      when: host.cpuLoadPercent < params.Limit
      """)

  /// An expression of a unit with the scope it is checked in, as the compiler checks it.
  struct Use {
    var text: ExpressionText
    var scope: ExpressionScope
    var includesBalance: Bool
    var requirement: ExpressionRequirement
    var isTemplate = false
  }

  static func uses(of unit: PolicyUnit) -> [Use] {
    switch unit.implementation {
    case .native: return []
    case .filter(let when, let reason, let checks):
      var uses: [Use] = []
      for (condition, template) in [(when, reason)] + checks.map({ ($0.when, $0.reason) }) {
        if let condition {
          uses.append(
            Use(text: condition, scope: .hostAndVM, includesBalance: false, requirement: .bool))
        }
        if let template {
          uses.append(
            Use(
              text: template, scope: .hostAndVM, includesBalance: false, requirement: .any,
              isTemplate: true))
        }
      }
      return uses
    case .weight(let score):
      var uses = [Use(text: score, scope: .hostAndVM, includesBalance: false, requirement: .number)]
      for condition in [unit.appliesWhen, unit.stretchWhen].compactMap({ $0 }) {
        uses.append(
          Use(text: condition, scope: .hostAndVM, includesBalance: false, requirement: .bool))
      }
      return uses
    case .balancer(let rules):
      var uses = [
        Use(text: rules.hostLoad, scope: .hostOnly, includesBalance: true, requirement: .number),
        Use(text: rules.sourceWhen, scope: .hostOnly, includesBalance: true, requirement: .bool),
        Use(text: rules.vmWhen, scope: .hostAndVM, includesBalance: true, requirement: .bool),
        Use(
          text: rules.destinationWhen, scope: .hostAndVM, includesBalance: true,
          requirement: .bool),
      ]
      if let order = rules.sourceOrder {
        uses.append(Use(text: order, scope: .hostOnly, includesBalance: true, requirement: .number))
      }
      if let order = rules.vmOrder {
        uses.append(
          Use(text: order, scope: .hostAndVM, includesBalance: true, requirement: .number))
      }
      for (_, text) in rules.thresholds {
        uses.append(Use(text: text, scope: .hostOnly, includesBalance: false, requirement: .number))
      }
      return uses
    }
  }

  func check(_ context: LintContext, into findings: inout [RuleFinding]) {
    for unit in context.lintedUnits {
      let uses = Self.uses(of: unit)
      guard !uses.isEmpty else { continue }
      let all = unit.properties.map { ($0.name, $0.defaultValue) }
      // Only units whose expressions check cleanly: otherwise every property looks unused.
      guard uses.allSatisfy({ isClean($0, all, context) }) else { continue }
      let exempt = OvirtReference.declaredKeys[unit.kind]?[unit.name] ?? []
      for declaration in unit.properties where !exempt.contains(declaration.name) {
        guard let span = declaration.span else { continue }
        let without = all.filter { $0.0 != declaration.name }
        guard uses.allSatisfy({ isClean($0, without, context) }) else { continue }
        findings.append(
          RuleFinding(
            "unit '\(unit.name)' declares property '\(declaration.name)' but never reads it",
            at: span,
            help: "read it as 'params.\(declaration.name)' or remove the declaration"))
      }
    }
  }

  private func isClean(_ use: Use, _ properties: [(String, PropertyValue)], _ context: LintContext)
    -> Bool
  {
    let checker = context.checker(
      scope: use.scope, includesBalance: use.includesBalance, properties: properties)
    if use.isTemplate { return checker.checkTemplate(use.text.source).0 != nil }
    return checker.check(use.text.source, expecting: use.requirement).0 != nil
  }
}
