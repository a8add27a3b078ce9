public import Diagnostics
import Inventory
import Lint
import Plan
import Policy
import PolicyExpression
import YAMLDocument

/// The registries that span every module: the CLI is the one place that sees them all.
public enum ShepherdRegistry {
  /// Every diagnostic code of every stage.
  public static let diagnostics = DiagnosticRegistry([
    GeneralDiagnostics.all,
    YAMLDiagnostics.all,
    InventoryDiagnostics.all,
    ExpressionDiagnostics.all,
    PolicyDiagnostics.all,
    CLIDiagnostics.all,
    PlanDiagnostics.all,
    LintDiagnostics.all,
  ])
}

extension DiagnosticDescriptor {
  /// A document's `kind` is missing or not one Shepherd reads.
  public static let unknownDocumentKind = DiagnosticDescriptor(
    "G003", title: "unknown document kind",
    explanation: """
      Every Shepherd YAML document names what it is with `kind:`. `validate` reads \
      ClusterSnapshot documents; policy kinds (Filter, Weight, Balancer, SchedulingPolicy, \
      MigrationPolicy, ResiliencePolicy) are read by the policy commands.
      """)
}

/// Diagnostics owned by the CLI.
public enum CLIDiagnostics {
  /// Every CLI descriptor.
  public static let all: [DiagnosticDescriptor] = [.unknownDocumentKind]
}
