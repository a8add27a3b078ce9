import Diagnostics
import Policy
import YAMLDocument

/// Reports a weight listed with factor 0.
///
/// A factor of 0 looks like a way to switch a weight off, but the loader rejects it and with it
/// the whole policy, so the cluster falls back to no policy at all. Remove the weight instead.
///
/// Avoid:
/// ```yaml
/// kind: SchedulingPolicy
/// name: quiet
/// weights:
///   - { unit: PreferredHosts, factor: 0 }
/// ```
///
/// Prefer:
/// ```yaml
/// kind: SchedulingPolicy
/// name: quiet
/// weights: []
/// ```
struct ZeroWeightFactorRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L004", name: "zero-weight-factor", category: .correctness, defaultLevel: .error,
    summary: "Reports a weight listed with factor 0.",
    rationale: """
      A factor of 0 looks like a way to switch a weight off, but the loader rejects it and with \
      it the whole policy, so the cluster falls back to no policy at all. Remove the weight \
      instead.
      """,
    avoid: """
      kind: SchedulingPolicy
      name: quiet
      weights:
        - { unit: PreferredHosts, factor: 0 }
      """,
    prefer: """
      kind: SchedulingPolicy
      name: quiet
      weights: []
      """,
    reportedCodes: ["C006 (factor 0 only)"])

  func claims(_ diagnostic: Diagnostic, in context: LintContext) -> Bool {
    guard diagnostic.code == DiagnosticDescriptor.compileBadFactor.code,
      let span = diagnostic.span, let file = context.file(containing: span)
    else { return false }
    return CoreSchema.resolvePlain(file.text(in: span.range)) == .int(0)
  }
}
