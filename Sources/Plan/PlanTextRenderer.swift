import Diagnostics

/// Renders a plan as a readable report: the moves as a table, what could not be handled, the
/// before/after host summary, headroom and notes.
public enum PlanTextRenderer {
  /// The text report.
  public static func text(_ plan: MigrationPlan) -> String {
    var out = ""
    let migrations = plan.steps.filter { $0.action == .migrate }.count
    let restarts = plan.steps.filter { $0.action == .restart }.count
    let hostActions = plan.steps.count - migrations - restarts
    var trigger = plan.trigger.kind.rawValue
    if !plan.trigger.hosts.isEmpty { trigger += " " + plan.trigger.hosts.joined(separator: ", ") }
    if !plan.trigger.vms.isEmpty { trigger += " " + plan.trigger.vms.joined(separator: ", ") }
    if let destination = plan.trigger.destination { trigger += " → " + destination }
    out += TerminalText.escaped(
      "plan for cluster \(plan.cluster): \(trigger) (scheduling policy \(plan.policyName))")
    out += "\n"
    var counts: [String] = []
    counts.append("\(migrations) migration\(migrations == 1 ? "" : "s")")
    if restarts > 0 { counts.append("\(restarts) restart\(restarts == 1 ? "" : "s")") }
    if hostActions > 0 { counts.append("\(hostActions) host action\(hostActions == 1 ? "" : "s")") }
    out += counts.joined(separator: ", ")
    out += " in \(plan.waveCount) wave\(plan.waveCount == 1 ? "" : "s")"
    out += ", estimated \(duration(plan.estimatedDurationSeconds))"
    out += plan.isComplete ? "; complete" : "; NOT complete"
    out += plan.isCapped ? " (capped at --max-migrations)\n" : "\n"
    out += "snapshot \(plan.snapshotDigest.prefix(19))… taken \(plan.snapshotTakenAt)\n\n"
    if plan.steps.isEmpty {
      out += "no steps: nothing to do\n"
    } else {
      var rows = [["WAVE", "STEP", "ACTION", "VM / HOST", "FROM", "TO", "EST", "REASON"]]
      for step in plan.steps {
        rows.append([
          String(step.wave), step.id, step.action.rawValue, step.vm ?? step.host ?? "",
          step.fromHost ?? "", step.toHost ?? "",
          step.estimatedDurationSeconds.map { duration($0) } ?? "", step.reason.text,
        ])
      }
      out += table(rows)
    }
    if !plan.unhandled.isEmpty {
      out += "\ncould not be handled:\n"
      for item in plan.unhandled {
        out += "  " + TerminalText.escaped("\(item.kind) \(item.name): \(item.reason)") + "\n"
        for detail in item.details { out += "      " + TerminalText.escaped(detail) + "\n" }
        if let conflict = item.conflict {
          var parts = ["groups " + conflict.groups.joined(separator: ", ")]
          if !conflict.vms.isEmpty { parts.append("VMs " + conflict.vms.joined(separator: ", ")) }
          if !conflict.hosts.isEmpty {
            parts.append("hosts " + conflict.hosts.joined(separator: ", "))
          }
          out +=
            "      "
            + TerminalText.escaped("conflict \(conflict.type): " + parts.joined(separator: "; "))
            + "\n"
        }
      }
    }
    out += "\n"
    var rows = [
      ["HOST", "CPU% BEFORE", "AFTER", "COMMITTED% BEFORE", "AFTER", "VMS BEFORE", "AFTER"]
    ]
    for row in plan.hostSummary {
      rows.append([
        row.host, row.before.cpuPercent.map(number) ?? "-", row.after.cpuPercent.map(number) ?? "-",
        number(row.before.memoryPercent), number(row.after.memoryPercent),
        String(row.before.vmCount), String(row.after.vmCount),
      ])
    }
    out += table(rows, rightAligned: [1, 2, 3, 4, 5, 6])
    if let report = plan.optimization {
      out += "\noptimize \(report.objective): \(report.measure) \(number(report.before)) → "
      out += "\(number(report.after)), lower bound \(number(report.lowerBound)) "
      out += "(gap \(number(report.gap)), \(number(report.gapPercent))%)\n"
      out += "  bound: " + TerminalText.escaped(report.boundDetail) + "\n"
      out += "  \(report.migrations) migration\(report.migrations == 1 ? "" : "s") for "
      out += "\(report.vmsNotInPlace) VM\(report.vmsNotInPlace == 1 ? "" : "s") not in place; "
      out += "stopped by \(report.stoppedBy) after \(report.iterations) iteration"
      out += report.iterations == 1 ? "\n" : "s\n"
    }
    if let headroom = plan.headroom {
      out += "\nheadroom after the plan (N+1): "
      if headroom.isSufficient {
        out += "every HA VM could restart if any one host failed\n"
      } else {
        out += "NOT sufficient\n"
        for scenario in headroom.scenarios where !scenario.stranded.isEmpty {
          let stranded = scenario.stranded.map { "\($0.vm) (\($0.reason))" }
          out +=
            "  "
            + TerminalText.escaped(
              "if \(scenario.host) failed: " + stranded.joined(separator: "; ")) + "\n"
        }
      }
    }
    if let reservation = plan.haReservation {
      out += "HA reservation (cluster setting), now: "
      if reservation.isSufficient {
        out += "every host's HA VMs could restart on the other hosts\n"
      } else {
        out += "NOT met — "
        out += TerminalText.escaped(
          reservation.problemHosts.map { "'\($0)'" }.joined(separator: ", "))
        out += " would strand HA VMs (oVirt raises CLUSTER_ALERT_HA_RESERVATION)\n"
      }
    }
    for note in plan.notes { out += "note: " + TerminalText.escaped(note) + "\n" }
    return out
  }

  /// A duration for people: `9s`, `1m05s`, `1h02m`.
  package static func duration(_ seconds: Double) -> String {
    let whole = Int(saturating: seconds.rounded())
    if whole < 60 { return "\(whole)s" }
    if whole < 3600 { return "\(whole / 60)m\(String(format2(whole % 60)))s" }
    return "\(whole / 3600)h\(format2(whole % 3600 / 60))m"
  }

  static func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

  static func number(_ value: Double) -> String { TextLayout.number(value) }

  static func table(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
    TextLayout.table(rows, rightAligned: rightAligned)
  }
}
