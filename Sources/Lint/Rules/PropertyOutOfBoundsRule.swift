import Diagnostics
import Inventory
import Policy
import YAMLDocument

/// Reports property values outside oVirt's own bounds, and declarations looser than them.
///
/// oVirt rejects a cluster whose HighUtilization is not 50–99, whose LowUtilization is not 0–49
/// or whose MigrationThreshold is below 2 (Docs/ovirt.md §2.1). A policy that passes Shepherd but
/// would be refused by oVirt is a trap, and a unit that declares wider bounds lets such values
/// through.
///
/// Avoid:
/// ```yaml
/// kind: SchedulingPolicy
/// name: hot
/// filters: [CPUOverloaded]
/// properties:
///   HighUtilization: 100
/// ```
///
/// Prefer:
/// ```yaml
/// kind: SchedulingPolicy
/// name: hot
/// filters: [CPUOverloaded]
/// properties:
///   HighUtilization: 99
/// ```
struct PropertyOutOfBoundsRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L002", name: "property-out-of-bounds", category: .bounds, defaultLevel: .error,
    summary:
      "Reports property values outside oVirt's own bounds, and declarations looser than them.",
    rationale: """
      oVirt rejects a cluster whose HighUtilization is not 50–99, whose LowUtilization is not \
      0–49 or whose MigrationThreshold is below 2 (Docs/ovirt.md §2.1). A policy that passes \
      Shepherd but would be refused by oVirt is a trap, and a unit that declares wider bounds \
      lets such values through.
      """,
    avoid: """
      kind: SchedulingPolicy
      name: hot
      filters: [CPUOverloaded]
      properties:
        HighUtilization: 100
      """,
    prefer: """
      kind: SchedulingPolicy
      name: hot
      filters: [CPUOverloaded]
      properties:
        HighUtilization: 99
      """,
    reportedCodes: ["C005"])

  func claims(_ diagnostic: Diagnostic, in context: LintContext) -> Bool {
    diagnostic.code == DiagnosticDescriptor.compilePropertyBounds.code
  }

  func check(_ context: LintContext, into findings: inout [RuleFinding]) {
    for policy in context.lintedSchedulingPolicies {
      for setting in policy.properties {
        guard let span = setting.valueSpan, let value = OvirtReference.number(setting.literal)
        else { continue }
        checkValue(setting.name, value, at: span, &findings)
      }
    }
    for snapshot in context.snapshots {
      for entry in snapshot.snapshot.cluster.schedulingProperties.entries {
        guard let span = entry.valueSpan else { continue }
        switch CoreSchema.resolvePlain(entry.value) {
        case .int(let value): checkValue(entry.key, Double(value), at: span, &findings)
        case .float(let value): checkValue(entry.key, value, at: span, &findings)
        default: break
        }
      }
    }
    for unit in context.lintedUnits {
      for declaration in unit.properties {
        guard let span = declaration.span,
          let bounds = OvirtReference.propertyBounds[declaration.name]
        else { continue }
        if bounds.isLooser(minimum: declaration.minimum, maximum: declaration.maximum) {
          let declared = declaration.boundsText
          findings.append(
            RuleFinding(
              "property '\(declaration.name)' of '\(unit.name)' is declared "
                + (declared.isEmpty ? "without bounds" : "with bounds \(declared)")
                + ", looser than oVirt's \(bounds.text)",
              at: span, help: "declare the bounds oVirt accepts: \(bounds.text)"))
        } else if let value = declaration.defaultValue.numericValue, !bounds.allows(value) {
          findings.append(
            RuleFinding(
              "default \(declaration.defaultValue.displayText) of property '\(declaration.name)' "
                + "is outside oVirt's bounds \(bounds.text)", at: span))
        }
      }
    }
  }

  private func checkValue(
    _ name: String, _ value: Double, at span: SourceSpan, _ findings: inout [RuleFinding]
  ) {
    guard let bounds = OvirtReference.propertyBounds[name], !bounds.allows(value) else { return }
    findings.append(
      RuleFinding(
        "property '\(name)' must be \(bounds.text) in oVirt, found \(OvirtReference.format(value))",
        at: span, help: "oVirt refuses a cluster with this value (Docs/ovirt.md §2.1)"))
  }
}
