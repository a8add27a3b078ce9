public import Diagnostics
import Inventory

extension PlanSimulation {
  /// The simulation as JSON (kind `PlanSimulation`): keys sorted, fixed number formatting, so
  /// identical inputs give byte-identical output. Times are seconds from the plan's start.
  public func json(plan: MigrationPlan) -> JSONValue {
    var fields: [(String, JSONValue)] = [
      ("apiVersion", .string(MigrationPlan.apiVersion)),
      ("kind", .string("PlanSimulation")),
      (
        "plan",
        .object([
          ("cluster", .string(plan.cluster)), ("snapshotDigest", .string(plan.snapshotDigest)),
          ("trigger", .string(plan.trigger.kind.rawValue)), ("steps", .int(plan.steps.count)),
          ("waves", .int(plan.waveCount)),
          ("estimatedDurationSeconds", .double(plan.estimatedDurationSeconds)),
        ])
      ),
      ("durationSeconds", .double(durationSeconds)),
      ("waves", .array(waves.map { $0.json() })),
    ]
    fields.append(("failure", failure.map { $0.json() } ?? .null))
    return .object(fields)
  }
}

extension PlanSimulation.Wave {
  func json() -> JSONValue {
    .object([
      ("wave", .int(number)), ("startSeconds", .double(startSeconds)),
      ("endSeconds", .double(endSeconds)),
      ("steps", .array(steps.map { $0.json() })),
      ("hosts", .array(hosts.map { $0.json() })),
    ])
  }
}

extension PlanSimulation.StepRun {
  func json() -> JSONValue {
    var fields: [(String, JSONValue)] = [
      ("id", .string(step.id)), ("action", .string(step.action.rawValue)),
      ("startSeconds", .double(startSeconds)), ("endSeconds", .double(endSeconds)),
      ("outcome", .string(outcome.rawValue)),
    ]
    if let vm = step.vm { fields.append(("vm", .string(vm))) }
    if let from = step.fromHost { fields.append(("from", .string(from))) }
    if let to = step.toHost { fields.append(("to", .string(to))) }
    if let host = step.host { fields.append(("host", .string(host))) }
    return .object(fields)
  }
}

extension PlanSimulation.HostLoad {
  func json() -> JSONValue {
    .object([
      ("host", .string(host)), ("status", .string(status.rawValue)),
      ("peakMemoryMiB", .int(peakMemoryMiB)), ("capacityMiB", .int(capacityMiB)),
      ("peakMemoryPercent", .double(peakMemoryPercent)),
      ("peakCpuPercent", peakCPUPercent.map { .double($0) } ?? .null),
      ("end", end.json()),
    ])
  }
}

extension PlanSimulation.Failure {
  func json() -> JSONValue {
    .object([
      ("step", .string(step)), ("wave", .int(wave)),
      ("notStarted", .array(notStarted.map { .string($0) })),
      (
        "invalidated",
        .array(
          invalidated.map {
            .object([
              ("step", .string($0.step)), ("reasons", .array($0.reasons.map { .string($0) })),
            ])
          })
      ),
      ("stillValid", .array(stillValid.map { .string($0) })),
      ("brokenAffinity", .array(brokenAffinity.map { .string($0) })),
      ("hosts", .array(hosts.map { $0.json() })),
      (
        "misplaced",
        .array(
          misplaced.map {
            .object([
              ("vm", .string($0.vm)), ("host", $0.host.map { .string($0) } ?? .null),
              ("plannedHost", .string($0.plannedHost)),
            ])
          })
      ),
    ])
  }
}

/// Renders a simulation as text: per wave its time span, its steps and every host's peaks.
public enum PlanSimulationTextRenderer {
  /// The text report.
  public static func text(_ simulation: PlanSimulation, plan: MigrationPlan) -> String {
    var out = "simulation of the \(plan.trigger.kind.rawValue) plan for cluster \(plan.cluster): "
    out += "\(plan.steps.count) step\(plan.steps.count == 1 ? "" : "s") in \(plan.waveCount) "
    out += "wave\(plan.waveCount == 1 ? "" : "s")"
    if simulation.failure == nil {
      out += ", \(seconds(simulation.durationSeconds))\n"
    } else {
      out += "; stopped after \(seconds(simulation.durationSeconds))\n"
    }
    for wave in simulation.waves {
      out += "\nwave \(wave.number): \(seconds(wave.startSeconds)) → \(seconds(wave.endSeconds))\n"
      var steps = [["STEP", "ACTION", "VM / HOST", "FROM", "TO", "START", "END", "OUTCOME"]]
      for run in wave.steps {
        steps.append([
          run.step.id, run.step.action.rawValue, run.step.vm ?? run.step.host ?? "",
          run.step.fromHost ?? "", run.step.toHost ?? "", seconds(run.startSeconds),
          seconds(run.endSeconds), run.outcome == .failed ? "FAILED" : "done",
        ])
      }
      out += indent(TextLayout.table(steps, rightAligned: [5, 6]))
      out += indent(hostTable(wave.hosts))
    }
    guard let failure = simulation.failure else { return out }
    out += "\n\(failure.step) failed: the run stops after wave \(failure.wave)\n"
    if failure.notStarted.isEmpty {
      out += "no later step\n"
    } else {
      out += "not started: \(failure.notStarted.joined(separator: ", "))\n"
    }
    for step in failure.invalidated {
      out += "  \(step.step) is no longer valid: \(step.reasons.joined(separator: "; "))\n"
    }
    if !failure.stillValid.isEmpty {
      out += "  still valid: \(failure.stillValid.joined(separator: ", "))\n"
    }
    for vm in failure.misplaced {
      out += "  VM \(vm.vm) is on \(vm.host ?? "no host"), the plan would have put it on "
      out += "\(vm.plannedHost)\n"
    }
    for rule in failure.brokenAffinity { out += "  hard affinity broken: \(rule)\n" }
    out += "cluster left as:\n"
    var rows = [["HOST", "STATUS", "CPU%", "COMMITTED%", "VMS"]]
    for host in failure.hosts {
      rows.append([
        host.host, host.status.rawValue, host.end.cpuPercent.map { number($0) } ?? "-",
        number(host.end.memoryPercent), String(host.end.vmCount),
      ])
    }
    out += indent(TextLayout.table(rows, rightAligned: [2, 3, 4]))
    return out
  }

  static func hostTable(_ hosts: [PlanSimulation.HostLoad]) -> String {
    var rows = [
      ["HOST", "STATUS", "PEAK CPU%", "PEAK COMMITTED%", "PEAK MIB", "CAPACITY MIB", "VMS AT END"]
    ]
    for host in hosts {
      rows.append([
        host.host, host.status.rawValue, host.peakCPUPercent.map { number($0) } ?? "-",
        number(host.peakMemoryPercent), String(host.peakMemoryMiB), String(host.capacityMiB),
        String(host.end.vmCount),
      ])
    }
    return TextLayout.table(rows, rightAligned: [2, 3, 4, 5, 6])
  }

  static func seconds(_ value: Double) -> String {
    TextLayout.number(value, maxFractionDigits: 1) + " s"
  }

  static func number(_ value: Double) -> String { TextLayout.number(value) }

  static func indent(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.isEmpty ? "" : "  " + $0
    }.joined(separator: "\n")
  }
}
