import Diagnostics
import Policy

/// Reports a weight that pulls VMs the opposite way from the policy's balancer.
///
/// The balancer picks which VM leaves, but the weights pick where it lands. Power-saving
/// weights under an even-distribution balancer (or even-distribution weights under a
/// power-saving balancer) score the balancer's own destinations badly, so VMs are moved and
/// then placed back. Units are classified by name (their own or their `native:` name):
/// `PowerSaving` packs, `EvenDistribution` and `EvenGuestDistribution` spread.
///
/// Avoid:
/// ```yaml
/// kind: Weight
/// name: OptimalForCpuPowerSaving
/// score: 100 - host.cpuLoadPercent
/// ---
/// kind: SchedulingPolicy
/// name: confused
/// weights: [{ unit: OptimalForCpuPowerSaving, factor: 2 }]
/// balancer: OptimalForEvenGuestDistribution
/// ```
///
/// Prefer:
/// ```yaml
/// kind: SchedulingPolicy
/// name: confused
/// weights: [{ unit: OptimalForEvenGuestDistribution, factor: 2 }]
/// balancer: OptimalForEvenGuestDistribution
/// ```
struct BalancerWeightConflictRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L007", name: "balancer-weight-conflict", category: .correctness,
    defaultLevel: .warning,
    summary: "Reports a weight that pulls VMs the opposite way from the policy's balancer.",
    rationale: """
      The balancer picks which VM leaves, but the weights pick where it lands. Power-saving \
      weights under an even-distribution balancer (or even-distribution weights under a \
      power-saving balancer) score the balancer's own destinations badly, so VMs are moved and \
      then placed back. Units are classified by name (their own or their `native:` name): \
      `PowerSaving` packs, `EvenDistribution` and `EvenGuestDistribution` spread.
      """,
    avoid: """
      kind: Weight
      name: OptimalForCpuPowerSaving
      score: 100 - host.cpuLoadPercent
      ---
      kind: SchedulingPolicy
      name: confused
      weights: [{ unit: OptimalForCpuPowerSaving, factor: 2 }]
      balancer: OptimalForEvenGuestDistribution
      """,
    prefer: """
      kind: SchedulingPolicy
      name: confused
      weights: [{ unit: OptimalForEvenGuestDistribution, factor: 2 }]
      balancer: OptimalForEvenGuestDistribution
      """)

  /// Which way a unit moves VMs (Policy's one heuristic), for messages.
  typealias Direction = LoadDirection

  /// The heuristic: by unit name and native name.
  static func direction(of unit: PolicyUnit) -> Direction? {
    var nativeName: String?
    if case .native(let descriptor) = unit.implementation { nativeName = descriptor.name }
    return LoadDirection.of(unitName: unit.name, nativeName: nativeName)
  }

  static func phrase(_ direction: Direction) -> String {
    direction == .pack ? "packs VMs onto few hosts" : "spreads VMs out"
  }

  func check(_ context: LintContext, into findings: inout [RuleFinding]) {
    for policy in context.lintedSchedulingPolicies {
      guard let reference = policy.balancer,
        let balancer = context.library.unit(.balancer, named: reference.name),
        let balancerDirection = Self.direction(of: balancer)
      else { continue }
      for weightReference in policy.weights {
        guard let weight = context.library.unit(.weight, named: weightReference.name),
          let direction = Self.direction(of: weight), direction != balancerDirection
        else { continue }
        findings.append(
          RuleFinding(
            "weight '\(weight.name)' \(Self.phrase(direction)), but balancer '\(balancer.name)' "
              + "\(Self.phrase(balancerDirection))",
            at: weightReference.span,
            notes: [.init("the balancer is chosen here", at: reference.span)],
            help: "use weights that agree with the balancer, as oVirt's built-in policies do"))
      }
    }
  }
}
