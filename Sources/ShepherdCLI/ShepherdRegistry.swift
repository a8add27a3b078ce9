package import Diagnostics
import Import
import Inventory
import Lint
import Plan
import Policy
import PolicyExpression
import PolicyTesting
import Scheduler
import YAMLDocument

/// The registries that span every module: the CLI is the one place that sees them all.
package enum ShepherdRegistry {
  /// Every diagnostic code of every stage.
  package static let diagnostics = DiagnosticRegistry([
    GeneralDiagnostics.all,
    YAMLDiagnostics.all,
    InventoryDiagnostics.all,
    ExpressionDiagnostics.all,
    PolicyDiagnostics.all,
    SchedulerDiagnostics.all,
    CLIDiagnostics.all,
    PlanDiagnostics.all,
    LintDiagnostics.all,
    PolicyTestingDiagnostics.all,
    ImportDiagnostics.all,
  ])
}

extension DiagnosticDescriptor {
  /// A document's `kind` is missing or not one Shepherd reads.
  package static let unknownDocumentKind = DiagnosticDescriptor(
    "G003", title: "unknown document kind",
    explanation: """
      Every Shepherd YAML document names what it is with `kind:`: ClusterSnapshot, or a policy \
      kind (Filter, Weight, Balancer, SchedulingPolicy, MigrationPolicy, ResiliencePolicy).
      """)
}

extension DiagnosticDescriptor {
  /// A request names a host the snapshot does not have.
  package static let unknownHostName = DiagnosticDescriptor(
    "G004", title: "unknown host",
    explanation: """
      A command option (--maintenance, --fail, --to) names a host that is not in the snapshot. \
      Host names are matched exactly; the message suggests the closest name.
      """)
}

extension DiagnosticDescriptor {
  /// A plan the planner made fails the independent verifier: a bug, never printed as a plan.
  package static let unverifiedPlan = DiagnosticDescriptor(
    "G005", title: "internal error: the plan fails verification",
    explanation: """
      `shepherd plan` checks every plan with the independent verifier (`shepherd verify`) \
      before printing it. A plan that fails is never printed: the violations are listed as \
      notes and the exit status is 3. When the scheduling policy lacks the filter that keeps \
      such moves out (Memory, CPU, Network or DiskCache, which every built-in policy has), the \
      help names it; otherwise it is a bug in Shepherd's planner: please report it with the \
      snapshot and the command line.
      """)
}

extension DiagnosticDescriptor {
  /// `--cluster` names a cluster the snapshot does not have.
  package static let unknownClusterName = DiagnosticDescriptor(
    "G006", title: "unknown cluster",
    explanation: """
      `--cluster NAME` picks one cluster of a snapshot: one of a data center's `clusters:`, or \
      the one cluster of a one-cluster snapshot (its `cluster.name`). Names are matched \
      exactly; the message suggests the closest name. Without `--cluster` a command works on \
      every cluster.
      """)
}

extension DiagnosticDescriptor {
  /// `--to` names a host of another cluster than the VMs to migrate.
  package static let hostInOtherCluster = DiagnosticDescriptor(
    "G007", title: "destination host in another cluster",
    explanation: """
      `plan --migrate VM --to HOST` moves VMs within their own cluster, as oVirt does: in a \
      data-center snapshot, `--to` is looked up in the cluster of each VM, and a host of \
      another cluster is refused. Migrate each cluster's VMs separately, each with a host of \
      its cluster, or leave out `--to` to let the scheduler choose.
      """)
}

/// Diagnostics owned by the CLI.
package enum CLIDiagnostics {
  /// Every CLI descriptor.
  package static let all: [DiagnosticDescriptor] = [
    .unknownDocumentKind, .unknownHostName, .unverifiedPlan, .unknownClusterName,
    .hostInOtherCluster,
  ]
}
