import Diagnostics
import Policy

/// Reports a LowUtilization at or above the HighUtilization the same unit sees.
///
/// A host below LowUtilization is under-utilized and one above HighUtilization is
/// over-utilized (Docs/ovirt.md §2.6.3). When the low mark is not below the high one, a host can
/// be both at once, so the power-saving balancer empties the hosts it fills and VMs move back
/// and forth.
///
/// Avoid:
/// ```yaml
/// kind: Balancer
/// name: Packer
/// properties:
///   HighUtilization: { type: int, default: 80, min: 1, max: 99 }
///   LowUtilization: { type: int, default: 20, min: 0, max: 49 }
/// hostLoad: host.cpuLoadPercent
/// source: { when: balance.hostLoad < params.LowUtilization, order: balance.hostLoad }
/// vm: { when: vm.isRunning, order: vm.cpuLoadPoints }
/// destination: { when: balance.hostLoad < params.HighUtilization }
/// ---
/// kind: SchedulingPolicy
/// name: packing
/// balancer: Packer
/// properties: { LowUtilization: 40, HighUtilization: 30 }
/// ```
///
/// Prefer:
/// ```yaml
/// kind: Balancer
/// name: Packer
/// properties:
///   HighUtilization: { type: int, default: 80, min: 1, max: 99 }
///   LowUtilization: { type: int, default: 20, min: 0, max: 49 }
/// hostLoad: host.cpuLoadPercent
/// source: { when: balance.hostLoad < params.LowUtilization, order: balance.hostLoad }
/// vm: { when: vm.isRunning, order: vm.cpuLoadPoints }
/// destination: { when: balance.hostLoad < params.HighUtilization }
/// ---
/// kind: SchedulingPolicy
/// name: packing
/// balancer: Packer
/// properties: { LowUtilization: 20, HighUtilization: 80 }
/// ```
struct InvertedUtilizationThresholdsRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L003", name: "inverted-utilization-thresholds", category: .bounds,
    defaultLevel: .error,
    summary: "Reports a LowUtilization at or above the HighUtilization the same unit sees.",
    rationale: """
      A host below LowUtilization is under-utilized and one above HighUtilization is \
      over-utilized (Docs/ovirt.md §2.6.3). When the low mark is not below the high one, a host \
      can be both at once, so the power-saving balancer empties the hosts it fills and VMs move \
      back and forth.
      """,
    avoid: """
      kind: Balancer
      name: Packer
      properties:
        HighUtilization: { type: int, default: 80, min: 1, max: 99 }
        LowUtilization: { type: int, default: 20, min: 0, max: 49 }
      hostLoad: host.cpuLoadPercent
      source: { when: balance.hostLoad < params.LowUtilization, order: balance.hostLoad }
      vm: { when: vm.isRunning, order: vm.cpuLoadPoints }
      destination: { when: balance.hostLoad < params.HighUtilization }
      ---
      kind: SchedulingPolicy
      name: packing
      balancer: Packer
      properties: { LowUtilization: 40, HighUtilization: 30 }
      """,
    prefer: """
      kind: Balancer
      name: Packer
      properties:
        HighUtilization: { type: int, default: 80, min: 1, max: 99 }
        LowUtilization: { type: int, default: 20, min: 0, max: 49 }
      hostLoad: host.cpuLoadPercent
      source: { when: balance.hostLoad < params.LowUtilization, order: balance.hostLoad }
      vm: { when: vm.isRunning, order: vm.cpuLoadPoints }
      destination: { when: balance.hostLoad < params.HighUtilization }
      ---
      kind: SchedulingPolicy
      name: packing
      balancer: Packer
      properties: { LowUtilization: 20, HighUtilization: 80 }
      """)

  static let low = "LowUtilization"
  static let high = "HighUtilization"

  func check(_ context: LintContext, into findings: inout [RuleFinding]) {
    // Units on their own, with their declared defaults.
    for unit in context.lintedUnits {
      guard let low = unit.property(named: Self.low), let high = unit.property(named: Self.high),
        let lowValue = low.defaultValue.numericValue,
        let highValue = high.defaultValue.numericValue, lowValue >= highValue,
        let span = low.span
      else { continue }
      findings.append(
        RuleFinding(
          "unit '\(unit.name)' defaults LowUtilization to \(low.defaultValue) and "
            + "HighUtilization to \(high.defaultValue); low must be below high",
          at: span, help: "lower LowUtilization or raise HighUtilization"))
    }
    // Policies and snapshots that set one of the two, with the values each unit sees.
    for policy in context.lintedSchedulingPolicies {
      if let pipeline = context.pipelines[policy.name] {
        check(pipeline.properties, source: .policy, name: "policy '\(policy.name)'")
          .map { findings.append($0) }
      } else if let finding = checkSettings(policy) {
        // The policy does not compile: compare the values it sets itself.
        findings.append(finding)
      }
    }
    for snapshot in context.snapshots {
      guard let pipeline = snapshot.pipeline else { continue }
      check(pipeline.properties, source: .snapshot, name: "the snapshot")
        .map { findings.append($0) }
    }
  }

  private func checkSettings(_ policy: SchedulingPolicyDocument) -> RuleFinding? {
    guard let low = policy.properties.first(where: { $0.name == Self.low }),
      let high = policy.properties.first(where: { $0.name == Self.high }),
      let lowNumber = OvirtReference.number(low.literal),
      let highNumber = OvirtReference.number(high.literal), lowNumber >= highNumber,
      let span = low.valueSpan
    else { return nil }
    return RuleFinding(
      "policy '\(policy.name)' sets LowUtilization \(OvirtReference.format(lowNumber)) and "
        + "HighUtilization \(OvirtReference.format(highNumber)); low must be below high",
      at: span, help: "lower LowUtilization or raise HighUtilization")
  }

  private func check(_ properties: ResolvedProperties, source: PropertySource, name: String)
    -> RuleFinding?
  {
    guard let low = properties[Self.low], let high = properties[Self.high],
      let span = low.source == source
        ? low.valueSpan : high.source == source ? high.valueSpan : nil
    else { return nil }
    for (unit, _) in low.declaringUnits {
      guard high.declaringUnits.contains(where: { $0.unit == unit }),
        let lowValue = low.value(forUnit: unit), let highValue = high.value(forUnit: unit),
        let lowNumber = lowValue.numericValue, let highNumber = highValue.numericValue,
        lowNumber >= highNumber
      else { continue }
      return RuleFinding(
        "\(name) gives unit '\(unit)' LowUtilization \(lowValue) and HighUtilization "
          + "\(highValue); low must be below high",
        at: span, help: "lower LowUtilization or raise HighUtilization")
    }
    return nil
  }
}
