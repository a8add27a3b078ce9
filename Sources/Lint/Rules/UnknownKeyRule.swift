import Diagnostics
import Inventory
import Policy

/// Reports keys that a policy document or a snapshot does not read, usually misspellings.
///
/// A misspelled key is not a harmless extra: the loader rejects the whole document, so every
/// policy that uses it fails too. The help line suggests the closest known key.
///
/// Avoid:
/// ```yaml
/// kind: Filter
/// name: BigHosts
/// wen: host.memory.physicalMiB >= 65536
/// ```
///
/// Prefer:
/// ```yaml
/// kind: Filter
/// name: BigHosts
/// when: host.memory.physicalMiB >= 65536
/// ```
struct UnknownKeyRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L001", name: "unknown-key", category: .correctness, defaultLevel: .error,
    summary:
      "Reports keys that a policy document or a snapshot does not read, usually misspellings.",
    rationale: """
      A misspelled key is not a harmless extra: the loader rejects the whole document, so every \
      policy that uses it fails too. The help line suggests the closest known key.
      """,
    avoid: """
      kind: Filter
      name: BigHosts
      wen: host.memory.physicalMiB >= 65536
      """,
    prefer: """
      kind: Filter
      name: BigHosts
      when: host.memory.physicalMiB >= 65536
      """,
    reportedCodes: ["P001", "I001"])

  func claims(_ diagnostic: Diagnostic, in context: LintContext) -> Bool {
    diagnostic.code == DiagnosticDescriptor.policyUnknownKey.code
      || diagnostic.code == DiagnosticDescriptor.inventoryUnknownField.code
  }
}
