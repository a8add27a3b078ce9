public import Diagnostics
public import Inventory
public import Policy
import Scheduler

/// Which running VMs sit on a host that fails the policy today: every hard filter of the
/// pipeline, affinity filters included, evaluated for each running VM on its current host as
/// if that host were a candidate (as the balancer's whitelist includes the source,
/// Docs/ovirt.md §2.6.1). The check to run after a policy change.
///
/// ```swift
/// let audit = PolicyAudit.run(snapshot: snapshot, pipeline: pipeline)
/// print(audit.text())   // exit 1 when `audit.findings` is not empty
/// ```
///
/// - Complexity: O(running VMs × filters × expression size) plus O(hosts) per VM.
public struct PolicyAudit: Sendable {
  /// One filter that rejects a VM's current host.
  public struct Failure: Hashable, Sendable {
    /// The filter unit.
    public var unit: String
    /// Its reason (for a filter with checks, each failing check with its reason).
    public var reason: String
  }

  /// A running VM whose current host fails the policy.
  public struct Finding: Hashable, Sendable {
    /// The VM's index.
    public var vmIndex: Int
    /// The VM's name.
    public var vmName: String
    /// The current host's name.
    public var hostName: String
    /// Every filter that rejects the host, in pipeline order (the first is the one oVirt
    /// would report).
    public var failures: [Failure]
  }

  /// A running VM that was not checked, and why.
  public struct Skip: Hashable, Sendable {
    /// The VM's name.
    public var vmName: String
    /// Why (its host is not Up).
    public var reason: String
  }

  /// The cluster's name.
  public var clusterName: String
  /// The scheduling policy.
  public var policyName: String
  /// How many running VMs were checked.
  public var checkedCount: Int
  /// The VMs whose current host fails the policy, in VM order.
  public var findings: [Finding]
  /// Running VMs not checked, in VM order.
  public var skipped: [Skip]
  /// Units that could not be evaluated (a finding may be missing because of them).
  public var unevaluatedUnits: [String]

  /// Audits every running VM of a snapshot against a pipeline.
  public static func run(snapshot: ClusterSnapshot, pipeline: SchedulingPipeline) -> PolicyAudit {
    let state = SchedulerState(snapshot: snapshot)
    let scheduler = Scheduler(pipeline: pipeline)
    var audit = PolicyAudit(
      clusterName: snapshot.cluster.name, policyName: pipeline.policyName, checkedCount: 0,
      findings: [], skipped: [], unevaluatedUnits: [])
    for (index, vm) in snapshot.vms.enumerated() where vm.isRunning {
      guard let host = vm.hostIndex else { continue }
      let status = snapshot.hosts[host].status
      guard status.isSchedulable else {
        audit.skipped.append(
          Skip(vmName: vm.name, reason: "its host '\(vm.hostName ?? "")' is \(status.rawValue)"))
        continue
      }
      audit.checkedCount += 1
      let decision = scheduler.decide(
        VMGroup(vmIndices: [index]), in: state, constraints: HostConstraints(whitelist: [host]))
      for unit in decision.unevaluatedUnits where !audit.unevaluatedUnits.contains(unit) {
        audit.unevaluatedUnits.append(unit)
      }
      var failures: [Failure] = []
      if case .unschedulable(.affinityConflict) = decision.outcome,
        case .unschedulable(let reason) = decision.outcome
      {
        failures.append(Failure(unit: "affinity", reason: DecisionReport.message(reason, snapshot)))
      }
      if let evaluation = decision.evaluation(ofHost: host) {
        for filter in evaluation.rejectingFilters {
          failures.append(
            Failure(
              unit: decision.filterNames[filter],
              reason: evaluation.filterVerdicts[filter].reason ?? ""))
        }
      }
      guard !failures.isEmpty else { continue }
      audit.findings.append(
        Finding(
          vmIndex: index, vmName: vm.name, hostName: vm.hostName ?? "", failures: failures))
    }
    return audit
  }

  /// The report as text: a summary line, then each finding with its reason chain.
  public func text() -> String {
    var out = "audit of cluster '\(clusterName)' with policy '\(policyName)': "
    out += "\(checkedCount) running VM\(checkedCount == 1 ? "" : "s") checked, "
    out +=
      findings.isEmpty
      ? "every one passes the policy on its current host\n"
      : "\(findings.count) fail\(findings.count == 1 ? "s" : "") it on the current host\n"
    for finding in findings {
      out += "\n  \(finding.vmName) on \(finding.hostName)\n"
      for failure in finding.failures {
        out += "    \(failure.unit): \(failure.reason)\n"
      }
    }
    if !skipped.isEmpty { out += "\n" }
    for skip in skipped {
      out += "not checked: '\(skip.vmName)': \(skip.reason)\n"
    }
    if !unevaluatedUnits.isEmpty {
      out += "not evaluated (native units not implemented): "
      out += unevaluatedUnits.joined(separator: ", ") + "\n"
    }
    return out
  }

  /// The report as JSON.
  public func json() -> JSONValue {
    .object([
      ("cluster", .string(clusterName)),
      ("policy", .string(policyName)),
      ("checked", .int(checkedCount)),
      (
        "findings",
        .array(
          findings.map { finding in
            .object([
              ("vm", .string(finding.vmName)),
              ("host", .string(finding.hostName)),
              (
                "failures",
                .array(
                  finding.failures.map {
                    .object([("unit", .string($0.unit)), ("reason", .string($0.reason))])
                  })
              ),
            ])
          })
      ),
      (
        "notChecked",
        .array(
          skipped.map { .object([("vm", .string($0.vmName)), ("reason", .string($0.reason))]) })
      ),
      ("notEvaluated", .array(unevaluatedUnits.map { .string($0) })),
    ])
  }
}
