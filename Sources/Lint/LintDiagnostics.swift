package import Diagnostics

extension DiagnosticDescriptor {
  /// The lint configuration file is malformed or names an unknown rule or level.
  package static let lintInvalidConfiguration = DiagnosticDescriptor(
    "L100", title: "invalid lint configuration",
    explanation: """
      `.shepherd-lint.yaml` (or the `--config` file) is a mapping with one key, `rules`, that \
      maps rule names (see Docs/rules.md) to `error`, `warning` or `ignore`. An unknown rule \
      name or level is an error with a did-you-mean; `shepherd lint` exits 2.
      """)
}

/// The lint (`L`) codes: one per rule (from the rules' metadata) plus configuration errors.
package enum LintDiagnostics {
  /// Every lint descriptor, in code order.
  package static let all: [DiagnosticDescriptor] =
    LintRegistry.metadata.map(\.descriptor) + [.lintInvalidConfiguration]
}
