public import Diagnostics
import Inventory

// Solver (`S`) diagnostics. Every code is listed in ``SchedulerDiagnostics/all`` and documented
// in `Docs/diagnostics.md`. Some codes are reported as diagnostics (bad requests); the others
// identify why a placement failed or is provisional and appear in `place`/`explain` output.

extension DiagnosticDescriptor {
  /// A requested VM name is not in the snapshot.
  public static let schedulerUnknownVM = DiagnosticDescriptor(
    "S001", title: "unknown VM",
    explanation: """
      The VM named on the command line (or in a request) is not in the snapshot. Check the \
      spelling (the help line suggests the closest VM name); new VMs can be added with \
      `--new-vms FILE`.
      """)
  /// A VM asked to be placed is already running.
  public static let schedulerVMRunning = DiagnosticDescriptor(
    "S002", title: "VM is already running",
    explanation: """
      `place` starts VMs that are not running. A running VM already occupies a host; to see \
      where it would go if it had to move, use `shepherd explain SNAPSHOT --vm NAME`, which \
      blacklists its source host as a migration does.
      """)
  /// No host passed the filters.
  public static let schedulerAllHostsFilteredOut = DiagnosticDescriptor(
    "S003", title: "no host passed the filters",
    explanation: """
      Every candidate host was rejected by at least one filter (oVirt's \
      SCHEDULING_ALL_HOSTS_FILTERED_OUT). The output lists, per host, every filter that \
      rejected it and why; the first one is the filter oVirt would report.
      """, severity: .warning)
  /// Hard VM affinity cannot be satisfied by any host.
  public static let schedulerAffinityConflict = DiagnosticDescriptor(
    "S004", title: "conflicting hard VM affinity",
    explanation: """
      The VMs of a positive enforcing affinity group (unified transitively with the groups \
      that share a VM) must run on one host, but a negative enforcing group contains two or \
      more of them, so no host can take the group (Docs/ovirt.md §3.3, §2.3.10). Make one of \
      the groups soft, or remove a VM from one of them.
      """, severity: .warning)
  /// The pipeline has native units that are not implemented and could change a decision.
  public static let schedulerProvisionalDecision = DiagnosticDescriptor(
    "S005", title: "decision depends on units that were not evaluated",
    explanation: """
      The scheduling policy contains native units whose Swift implementation does not exist \
      yet. Shepherd never treats such a unit as passing: a filter's verdict is shown as 'not \
      evaluated' and a weight records nothing. A decision is provisional when one of those \
      units could have changed it: a filter not evaluated on a surviving host, or a weight \
      when two or more hosts were weighed. An unschedulable VM is never provisional, because \
      filters only remove hosts.
      """, severity: .warning)
  /// No host is a candidate at all.
  public static let schedulerNoCandidateHosts = DiagnosticDescriptor(
    "S007", title: "no candidate hosts",
    explanation: """
      No host is Up, or the blacklist and whitelist leave none (oVirt's SCHEDULING_NO_HOSTS). \
      For a running VM, `explain` blacklists its source host, so a cluster with one Up host \
      has nowhere to move it.
      """, severity: .warning)
  /// A VM was requested more than once.
  public static let schedulerRepeatedVM = DiagnosticDescriptor(
    "S008", title: "VM requested twice",
    explanation: """
      The same VM was named more than once; it is placed once, at its first position.
      """, severity: .warning)
}

/// The solver's diagnostic descriptors.
public enum SchedulerDiagnostics {
  /// Every solver descriptor, by code.
  public static let all: [DiagnosticDescriptor] = [
    .schedulerUnknownVM, .schedulerVMRunning, .schedulerAllHostsFilteredOut,
    .schedulerAffinityConflict, .schedulerProvisionalDecision, .schedulerInvalidNewVMs,
    .schedulerNoCandidateHosts, .schedulerRepeatedVM,
  ]
}
