/// Every lint rule, in code order: the order loader diagnostics are offered to rules, so the
/// catch-all rules (`invalid-yaml`, `invalid-policy`, `invalid-snapshot`) come last.
public enum LintRegistry {
  /// The rules.
  public static let rules: [any LintRule] = [
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
  public static let metadata: [RuleMetadata] = rules.map(\.metadata)

  /// The rule of a kebab-case name.
  public static func rule(named name: String) -> RuleMetadata? {
    metadata.first { $0.name == name }
  }
}

extension LintRegistry {
  /// The version reported in SARIF's `tool.driver.semanticVersion`; it changes when rules
  /// are added or change meaning.
  public static let toolVersion = "0.1.0"
}
