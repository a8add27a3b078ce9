import Diagnostics

/// Reports YAML that does not parse, or a file that cannot be read.
///
/// Nothing else in a file that does not parse can be checked, and Shepherd reads YAML 1.2
/// strictly: duplicate keys, tabs for indentation, merge keys and unknown tags are errors
/// rather than silent surprises.
///
/// Avoid:
/// ```yaml
/// kind: Filter
/// name: Twice
/// when: vm.vcpus <= 8
/// when: vm.vcpus <= 16
/// ```
///
/// Prefer:
/// ```yaml
/// kind: Filter
/// name: Twice
/// when: vm.vcpus <= 16
/// ```
struct InvalidYAMLRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L015", name: "invalid-yaml", category: .correctness, defaultLevel: .error,
    summary: "Reports YAML that does not parse, or a file that cannot be read.",
    rationale: """
      Nothing else in a file that does not parse can be checked, and Shepherd reads YAML 1.2 \
      strictly: duplicate keys, tabs for indentation, merge keys and unknown tags are errors \
      rather than silent surprises.
      """,
    avoid: """
      kind: Filter
      name: Twice
      when: vm.vcpus <= 8
      when: vm.vcpus <= 16
      """,
    prefer: """
      kind: Filter
      name: Twice
      when: vm.vcpus <= 16
      """,
    reportedCodes: ["Y…", "G…"])

  func claims(_ diagnostic: Diagnostic, in context: LintContext) -> Bool {
    diagnostic.code.rawValue.hasPrefix("Y") || diagnostic.code.rawValue.hasPrefix("G")
  }
}
