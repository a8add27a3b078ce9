public import Diagnostics

extension DiagnosticDescriptor {
  /// The plan file does not have the plan's shape.
  public static let planMalformed = DiagnosticDescriptor(
    "V001", title: "malformed plan",
    explanation: """
      The file is not a MigrationPlan of apiVersion shepherd/v1: a required key is missing, a \
      value has the wrong type, or a step's action is unknown. `shepherd schema plan` prints \
      the JSON Schema.
      """)
  /// The plan was computed from a different snapshot.
  public static let planSnapshotMismatch = DiagnosticDescriptor(
    "V002", title: "plan does not match the snapshot",
    explanation: """
      The plan's snapshot digest differs from the digest of the snapshot file given to \
      `verify`: the cluster state has changed (or the wrong file was given). Re-plan.
      """)
  /// A step names something the snapshot does not have.
  public static let planUnknownReference = DiagnosticDescriptor(
    "V003", title: "unknown VM, host or step",
    explanation: "A step names a VM, a host, or a dependency that does not exist.")
  /// A step's precondition does not hold when it runs.
  public static let planPreconditionFails = DiagnosticDescriptor(
    "V004", title: "step precondition does not hold",
    explanation: """
      When the steps before it have run, the step's VM is not running on its source host, or \
      a host the step needs is not in the state it requires.
      """)
  /// A host the step uses is not Up.
  public static let planHostNotUp = DiagnosticDescriptor(
    "V005", title: "host not Up",
    explanation: """
      Live migration needs both hosts Up (the source may be preparing for maintenance); a \
      restart needs its destination Up.
      """)
  /// Memory over capacity.
  public static let planMemoryOverCapacity = DiagnosticDescriptor(
    "V006", title: "host memory over capacity",
    explanation: """
      During or after a wave, a destination's committed memory (guest memory plus oVirt's \
      overhead) exceeds what the cluster's over-commit allows: physical × overcommit% / 100 − \
      reserved. During a wave the source still holds the VM's memory, so a move that needs \
      room must wait for the move that makes it.
      """)
  /// Not enough CPUs.
  public static let planNotEnoughCPUs = DiagnosticDescriptor(
    "V007", title: "destination has too few CPUs",
    explanation:
      "The VM has more vCPUs than the destination has CPUs (cores, or threads when the cluster counts threads as cores)."
  )
  /// Hard affinity broken.
  public static let planAffinityBroken = DiagnosticDescriptor(
    "V008", title: "hard affinity broken",
    explanation: """
      After a wave, an enforcing affinity group is violated that was not violated before the \
      plan (VM-to-VM positive or negative, VM-to-host positive or negative).
      """)
  /// Migration mode forbids the move.
  public static let planMigrationModeForbids = DiagnosticDescriptor(
    "V009", title: "VM may not migrate",
    explanation: """
      Pinned VMs never migrate. Manual-only VMs migrate only for a user's maintenance request \
      or a manual migration, never for the balancer or affinity enforcement (Docs/ovirt.md §4.5).
      """)
  /// Disk cache forbids live migration.
  public static let planDiskCacheForbids = DiagnosticDescriptor(
    "V010", title: "disk cache forbids live migration",
    explanation: """
      RHV supports live migration only for VMs whose disks use cache mode 'none'; the VM's \
      custom property 'cache' (or 'viodiskcache') says otherwise.
      """)
  /// Too many migrations at once.
  public static let planConcurrencyExceeded = DiagnosticDescriptor(
    "V011", title: "too many concurrent migrations",
    explanation: """
      A wave runs more migrations than the cluster's max concurrent migrations, or more \
      incoming or outgoing migrations on one host than the migration policy allows.
      """)
  /// Wave order broken.
  public static let planOrderBroken = DiagnosticDescriptor(
    "V012", title: "step order broken",
    explanation: """
      Steps must be listed in wave order, with unique ids, and may depend only on steps of \
      earlier waves.
      """)
  /// Network or storage missing at the destination.
  public static let planDestinationLacksResources = DiagnosticDescriptor(
    "V013", title: "destination lacks a network or storage domain",
    explanation: """
      RHV live migration needs the same networks and storage domains on the destination: \
      every network and storage domain the VM uses must be attached to it.
      """)
  /// The same host on both ends.
  public static let planSameHost = DiagnosticDescriptor(
    "V014", title: "migration to the same host",
    explanation: "A migrate step's source and destination are the same host.")
  /// A host power action in the wrong state.
  public static let planHostActionInvalid = DiagnosticDescriptor(
    "V015", title: "invalid host action",
    explanation: """
      Maintenance needs an empty host; power-off needs a host in maintenance that is not the \
      SPM; activate and power-on need a host in maintenance or down.
      """)
  /// A restart of a VM that may not be restarted.
  public static let planRestartInvalid = DiagnosticDescriptor(
    "V016", title: "invalid restart",
    explanation: """
      Only a VM that ran on a failed host (a host named by the 'fail' trigger) is restarted \
      elsewhere.
      """)
  /// A step's precondition or reason contradicts its own hosts.
  public static let planStepInconsistent = DiagnosticDescriptor(
    "V017", title: "step contradicts itself",
    explanation: """
      A step's precondition or reason names other hosts than the step itself: `vmRunningOn` \
      is not the step's `from`, `hostsUp` leaves out its source or destination (or the host a \
      host action acts on) or names hosts the step does not use, `hostEmpty` is another host, \
      or the reason's runner-up is the destination or its candidates leave the destination \
      out. An executor checks the precondition, so a step edited by hand (a new `to` with the \
      old precondition) would be carried out on an unchecked host. Plan again instead of \
      editing a plan.
      """)
}

/// Every diagnostic of plan reading and verification.
public enum PlanDiagnostics {
  /// Every V-code.
  public static let all: [DiagnosticDescriptor] = [
    .planMalformed, .planSnapshotMismatch, .planUnknownReference, .planPreconditionFails,
    .planHostNotUp, .planMemoryOverCapacity, .planNotEnoughCPUs, .planAffinityBroken,
    .planMigrationModeForbids, .planDiskCacheForbids, .planConcurrencyExceeded,
    .planOrderBroken, .planDestinationLacksResources, .planSameHost, .planHostActionInvalid,
    .planRestartInvalid, .planStepInconsistent,
  ]
}
