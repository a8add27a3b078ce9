/// Every lint rule, in code order: the order loader diagnostics are offered to rules, so the
/// catch-all rules (`invalid-yaml`, `invalid-policy`, `invalid-snapshot`) come last.
package enum LintRegistry {
  /// The rules.
  package static let rules: [any LintRule] = [
    UnknownKeyRule(),
    PropertyOutOfBoundsRule(),
    InvertedUtilizationThresholdsRule(),
    ZeroWeightFactorRule(),
    DuplicateUnitRule(),
    ConstantFilterRule(),
    BalancerWeightConflictRule(),
    MissingMandatoryFilterRule(),
    MissingCoreFilterRule(),
    UndeclaredPropertyRule(),
    UnusedPropertyRule(),
    NonEscalatingDowntimeRule(),
    MigrationNeverAbortsRule(),
    InvalidIgnoreCommentRule(),
    InvalidYAMLRule(),
    InvalidPolicyRule(),
    InvalidSnapshotRule(),
  ]

  /// The rules' metadata, in code order.
  package static let metadata: [RuleMetadata] = rules.map(\.metadata)

  /// The rule of a kebab-case name.
  package static func rule(named name: String) -> RuleMetadata? {
    metadata.first { $0.name == name }
  }
}

extension LintRegistry {
  /// The version reported in SARIF's `tool.driver.semanticVersion`; it changes when rules
  /// are added or change meaning.
  package static let toolVersion = "0.1.0"
}
