public import Diagnostics
public import Inventory
public import Policy

/// Renders decisions for people (aligned tables) and machines (JSON with sorted keys).
///
/// Output depends only on the decision and the snapshot: no timestamps, no paths, no hash
/// order, so the same inputs give byte-identical output.
public enum DecisionReport {
  // MARK: Text

  /// The full explanation of one decision: the filter matrix, every rejection, the weight
  /// table with scores, points and totals, the winner, the margin and what was not evaluated.
  /// - Complexity: O(hosts × (filters + weights)).
  public static func explainText(_ decision: PlacementDecision, snapshot: ClusterSnapshot)
    -> String
  {
    let names = vmNames(decision, snapshot)
    var out = "explain \(names) with policy '\(decision.policyName)' "
    out += "(\(decision.selector.rawValue) selector)\n"
    for vm in decision.vmIndices where snapshot.vms.indices.contains(vm) {
      let machine = snapshot.vms[vm]
      if machine.isRunning, let host = machine.hostName,
        let index = machine.hostIndex, !decision.constraints.blacklist.contains(index)
      {
        out += "'\(machine.name)' runs on \(host), evaluated like any candidate host\n"
      } else if machine.isRunning, let host = machine.hostName {
        out += "'\(machine.name)' runs on \(host): treated as a migration, so \(host) is "
        out += "blacklisted\n"
      } else {
        out += "'\(machine.name)' is \(machine.status.rawValue): placed as a new start\n"
      }
    }
    out += "\n" + candidateSummary(decision) + "\n"
    let candidates = decision.hosts.filter { $0.exclusion == nil }
    if !candidates.isEmpty, !decision.filterNames.isEmpty {
      out += "\n" + filterMatrix(decision, candidates)
    }
    out += rejections(decision, indent: "  ", heading: "\nrejections:\n")
    if decision.isWeighed { out += "\n" + weightTable(decision) }
    out += "\n" + verdict(decision, snapshot)
    return out
  }

  /// The result of placing several VMs: one line per group with its host, or
  /// "unschedulable" with every filter that rejected each host and why.
  public static func placeText(_ run: PlacementRun, snapshot: ClusterSnapshot) -> String {
    guard let first = run.decisions.first else { return "nothing to place\n" }
    let vmCount = run.decisions.reduce(0) { $0 + $1.vmIndices.count }
    var out = "place \(vmCount) VM\(vmCount == 1 ? "" : "s") with policy '\(first.policyName)' "
    out += "(\(first.selector.rawValue) selector)\n\n"
    let labels = run.decisions.map { decision in
      let names = decision.vmIndices.map { snapshot.vms[$0].name }
      return names.count == 1 ? names[0] : "[" + names.joined(separator: ", ") + "]"
    }
    let width = labels.map(\.count).max() ?? 0
    for (decision, label) in zip(run.decisions, labels) {
      out += "  " + label.padded(to: width) + "  "
      switch decision.outcome {
      case .placed(let host):
        out += "→ \(snapshot.hosts[host].name)"
        if decision.vmIndices.count > 1 { out += "  (together: hard positive affinity)" }
        if decision.isProvisional { out += "  (provisional)" }
        out += "\n"
      case .unschedulable(let reason):
        out +=
          wrap(
            "unschedulable [\(reason.code)]: \(message(reason, snapshot))", width: 100 - 4 - width,
            indent: ""
          )
          .split(separator: "\n").joined(separator: "\n    " + String(repeating: " ", count: width))
          + "\n"
        out += rejections(decision, indent: "      ", heading: "")
      }
    }
    let placed = run.placements.count
    let unschedulable = run.unschedulableVMs.count
    out += "\n\(placed) placed, \(unschedulable) unschedulable"
    let provisional = run.decisions.filter(\.isProvisional)
    if !provisional.isEmpty {
      out += ", \(provisional.count) provisional decision\(provisional.count == 1 ? "" : "s")"
    }
    out += "\n"
    let units = unionInOrder(provisional.map(\.unevaluatedUnits))
    if !units.isEmpty { out += provisionalNote(units) }
    return out
  }

  /// "3 candidates (…), 2 survive the filters".
  static func candidateSummary(_ decision: PlacementDecision) -> String {
    let excluded = decision.hosts.compactMap { host in
      host.exclusion.map { "\(host.hostName) \($0.description)" }
    }
    let candidates = decision.hosts.count - excluded.count
    var out = "hosts: \(candidates) candidate\(candidates == 1 ? "" : "s")"
    if !excluded.isEmpty { out += " (not candidates: " + excluded.joined(separator: ", ") + ")" }
    let survivors = decision.hosts.filter(\.isSurvivor).count
    if candidates > 0 { out += ", \(survivors) pass\(survivors == 1 ? "es" : "") the filters" }
    return out
  }

  static func filterMatrix(_ decision: PlacementDecision, _ candidates: [HostEvaluation])
    -> String
  {
    var table = TextTable(header: ["filters"] + candidates.map(\.hostName))
    let numberWidth = String(decision.filterNames.count).count
    for (index, name) in decision.filterNames.enumerated() {
      let number = String(index + 1).padded(toLeading: numberWidth)
      let mandatory = index < decision.mandatoryFilterCount ? "  (mandatory)" : ""
      let cells = candidates.map { host -> String in
        guard host.filterVerdicts.indices.contains(index) else { return "" }
        switch host.filterVerdicts[index] {
        case .pass: return "pass"
        case .notEvaluated: return "n/e"
        case .fail: return host.decisiveFilter == index ? "FAIL" : "fail"
        }
      }
      table.rows.append(["\(number). \(name)\(mandatory)"] + cells)
    }
    return table.render()
      + "  pass; FAIL: rejected here (the filter oVirt reports); fail: also rejects, evaluated "
      + "for\n  the explanation only; n/e: not evaluated (native unit not implemented)\n"
  }

  /// Every rejected host with every filter that rejected it and why.
  static func rejections(_ decision: PlacementDecision, indent: String, heading: String)
    -> String
  {
    let rejected = decision.rejections
    guard !rejected.isEmpty else { return "" }
    let width = rejected.map(\.hostName.count).max() ?? 0
    var out = heading
    for host in rejected {
      let name = host.hostName.padded(to: width)
      if let exclusion = host.exclusion {
        out += indent + name + "  not a candidate: \(exclusion.description)\n"
        continue
      }
      for (line, filter) in host.filters.enumerated() {
        let label = line == 0 ? name : String(repeating: " ", count: width)
        out += indent + label + "  \(filter.name): \(filter.reason)\n"
      }
    }
    return out
  }

  static func weightTable(_ decision: PlacementDecision) -> String {
    let weighed = decision.hosts.filter { $0.total != nil }
    var table = TextTable(header: ["weights"] + weighed.map(\.hostName))
    for (index, column) in decision.weightColumns.enumerated() {
      let label = "\(index + 1). \(column.unitName) ×\(column.factor)"
      switch column.status {
      case .notImplemented:
        table.rows.append([label + "  not evaluated (native unit not implemented)"])
      case .recordedNothing:
        table.rows.append([label + "  records nothing for this VM"])
      case .notRun:
        table.rows.append([label + "  not run"])
      case .evaluated:
        table.rows.append(
          [label]
            + weighed.map { host in
              let score = host.weights[index]
              let raw = score.rawScore.map(number) ?? "–"
              if let points = score.points { return "\(raw) → \(points)" }
              return "\(raw) → \(number(score.contribution))"
            })
      }
    }
    table.rows.append(["total"] + weighed.map { number($0.total ?? 0) })
    table.rows.append(["place"] + weighed.map { $0.place.map(String.init) ?? "" })
    let legend =
      decision.selector == .rank
      ? "  cells: score → points, points = (N − 1) − rank with N = \(weighed.count) and an "
        + "unreported score (–) counting\n  as 0, the best; total = Σ factor × points, the "
        + "highest wins; ties go to the earliest host\n"
      : "  cells: score → factor × score, an unreported score (–) counting 0; total = "
        + "Σ factor × score,\n  the lowest wins; ties go to the earliest host\n"
    return table.render() + legend + unreportedNote(decision, weighed)
  }

  /// A note when a unit left hosts unreported and scored others below 0: the unreported ones
  /// count 0, which is then not the best (oVirt's units never score below 0, §3.6, §7.8).
  static func unreportedNote(
    _ decision: PlacementDecision, _ weighed: [HostEvaluation]
  ) -> String {
    let names = decision.weightColumns.indices.filter { index in
      guard decision.weightColumns[index].status == .evaluated else { return false }
      let scores = weighed.compactMap {
        $0.weights.indices.contains(index) ? $0.weights[index] : nil
      }
      return scores.contains { $0.rawScore == nil } && scores.contains { ($0.rawScore ?? 0) < 0 }
    }.map { decision.weightColumns[$0].unitName }
    guard !names.isEmpty else { return "" }
    return "  note: \(names.joined(separator: ", ")) left hosts unreported (its 'when' is false "
      + "there) and scored others\n  below 0: an unreported host counts 0, as oVirt's selector "
      + "does, which ranks it below them\n"
  }

  /// The winner, the margin and the provisional note.
  static func verdict(_ decision: PlacementDecision, _ snapshot: ClusterSnapshot) -> String {
    var out = ""
    switch decision.outcome {
    case .placed(let host):
      let name = snapshot.hosts[host].name
      if let total = decision.evaluation(ofHost: host)?.total {
        out += "winner: \(name) (total \(number(total)))\n"
      } else {
        out += "winner: \(name) (the only host that passes the filters; weights not run)\n"
      }
      if let margin = decision.margin { out += marginText(margin, decision, snapshot) }
    case .unschedulable(let reason):
      out += "unschedulable [\(reason.code)]: \(message(reason, snapshot))\n"
    }
    if decision.isProvisional { out += provisionalNote(decision.unevaluatedUnits) }
    return out
  }

  static func marginText(
    _ margin: DecisionMargin, _ decision: PlacementDecision, _ snapshot: ClusterSnapshot
  ) -> String {
    let runner = snapshot.hosts[margin.runnerUp].name
    var out = "margin: runner-up \(runner) "
    if margin.difference == 0 {
      out += "ties with the winner, which wins the tie-break (earlier host)\n"
    } else if decision.selector == .rank {
      out += "is \(number(margin.difference)) point\(margin.difference == 1 ? "" : "s") behind\n"
    } else {
      out += "has a weighted sum \(number(margin.difference)) higher\n"
    }
    if let flip = margin.flip {
      out += "  the smallest single factor change that makes \(runner) win: "
      out += flip.change > 0 ? "raise " : "lower "
      out += "\(flip.unitName) from ×\(flip.currentFactor) to ×\(flip.newFactor)\n"
    } else {
      out += "  no single factor change (×\(FactorFlip.factorRange.lowerBound) … "
      out += "×\(FactorFlip.factorRange.upperBound)) makes \(runner) win\n"
    }
    return out
  }

  static func provisionalNote(_ units: [String]) -> String {
    wrap(
      "provisional [\(DiagnosticDescriptor.schedulerProvisionalDecision.code)]: these native "
        + "units are not implemented yet and were not evaluated, so the choice may change once "
        + "they are: " + units.joined(separator: ", "), indent: "  ")
  }

  /// Wraps words at `width` columns; continuation lines start with `indent`.
  static func wrap(_ text: String, width: Int = 100, indent: String) -> String {
    var out = ""
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty, line.count + 1 + word.count > width {
        out += line + "\n"
        line = indent
      }
      line += (line.isEmpty || line == indent ? "" : " ") + word
    }
    return out + line + "\n"
  }

  /// A sentence for an unschedulable reason.
  public static func message(_ reason: UnschedulableReason, _ snapshot: ClusterSnapshot)
    -> String
  {
    switch reason {
    case .noCandidateHosts: return "no host is a candidate (Up, not blacklisted, whitelisted)"
    case .allHostsFilteredOut: return "every candidate host was rejected by a filter"
    case .affinityConflict(let conflict):
      let names = conflict.vmIndices.map { "'\(snapshot.vms[$0].name)'" }
      return "hard affinity keeps \(names.joined(separator: ", ")) together, but the "
        + "negative enforcing group '\(conflict.groupName)' keeps them apart"
    }
  }

  // MARK: JSON

  /// One decision as JSON (keys sorted when serialised).
  /// - Parameter checks: per host and filter index, the `checks:` verdicts of filters that
  ///   have them (``Scheduler/checkVerdicts(vm:hosts:in:)``); each such filter entry gains a
  ///   `checks` list. Empty: no `checks` lists.
  public static func json(
    _ decision: PlacementDecision, snapshot: ClusterSnapshot,
    checks: [Int: [Int: [FilterCheckVerdict]]] = [:]
  ) -> JSONValue {
    func hostName(_ index: Int) -> JSONValue {
      snapshot.hosts.indices.contains(index) ? .string(snapshot.hosts[index].name) : .null
    }
    let filters: [JSONValue] = decision.filterNames.enumerated().map {
      .object([
        ("unit", .string($0.element)),
        ("mandatory", .bool($0.offset < decision.mandatoryFilterCount)),
      ])
    }
    let weights: [JSONValue] = decision.weightColumns.map {
      .object([
        ("unit", .string($0.unitName)), ("factor", .int($0.factor)),
        ("status", .string($0.status.rawValue)),
      ])
    }
    let hosts: [JSONValue] = decision.hosts.map { host in
      var fields: [(String, JSONValue)] = [
        ("host", .string(host.hostName)), ("candidate", .bool(host.exclusion == nil)),
        ("survives", .bool(host.isSurvivor)),
      ]
      if let exclusion = host.exclusion {
        fields.append(("exclusion", .string(exclusion.key)))
        fields.append(("exclusionText", .string(exclusion.description)))
      }
      if host.exclusion == nil {
        fields.append(
          (
            "filters",
            .array(
              host.filterVerdicts.enumerated().map { index, verdict in
                var entry: [(String, JSONValue)] = [("unit", .string(decision.filterNames[index]))]
                switch verdict {
                case .pass: entry.append(("verdict", .string("pass")))
                case .notEvaluated: entry.append(("verdict", .string("notEvaluated")))
                case .fail(let reason, let vm):
                  entry.append(("verdict", .string("fail")))
                  entry.append(("reason", .string(reason)))
                  entry.append(("vm", .string(snapshot.vms[vm].name)))
                  entry.append(("decisive", .bool(host.decisiveFilter == index)))
                }
                if let verdicts = checks[host.hostIndex]?[index] {
                  entry.append(
                    (
                      "checks",
                      .array(
                        verdicts.map { check in
                          var item: [(String, JSONValue)] = [
                            ("name", .string(check.name)),
                            ("verdict", .string(check.failure == nil ? "pass" : "fail")),
                          ]
                          if let failure = check.failure {
                            item.append(("reason", .string(failure)))
                          }
                          return .object(item)
                        })
                    ))
                }
                return .object(entry)
              })
          ))
      }
      if !host.weights.isEmpty {
        fields.append(
          (
            "weights",
            .array(
              host.weights.enumerated().map { index, score in
                .object([
                  ("unit", .string(decision.weightColumns[index].unitName)),
                  ("factor", .int(decision.weightColumns[index].factor)),
                  ("score", score.rawScore.map(JSONValue.double) ?? .null),
                  ("points", score.points.map(JSONValue.int) ?? .null),
                  ("contribution", .double(score.contribution)),
                ])
              })
          ))
      }
      if let total = host.total { fields.append(("total", .double(total))) }
      if let place = host.place { fields.append(("place", .int(place))) }
      return .object(fields)
    }
    var outcome: [(String, JSONValue)]
    switch decision.outcome {
    case .placed(let host):
      outcome = [("status", .string("placed")), ("host", hostName(host))]
    case .unschedulable(let reason):
      outcome = [
        ("status", .string("unschedulable")), ("code", .string(reason.code.rawValue)),
        ("message", .string(message(reason, snapshot))),
      ]
    }
    var margin = JSONValue.null
    if let value = decision.margin {
      let flip: JSONValue =
        value.flip.map {
          .object([
            ("unit", .string($0.unitName)), ("from", .int($0.currentFactor)),
            ("to", .int($0.newFactor)), ("change", .int($0.change)),
          ])
        } ?? .null
      margin = .object([
        ("winner", hostName(value.winner)), ("runnerUp", hostName(value.runnerUp)),
        ("difference", .double(value.difference)), ("flip", flip),
      ])
    }
    return .object([
      ("vms", .array(decision.vmIndices.map { .string(snapshot.vms[$0].name) })),
      ("policy", .string(decision.policyName)),
      ("selector", .string(decision.selector.rawValue)),
      (
        "constraints",
        .object([
          ("blacklist", .array(decision.constraints.blacklist.sorted().map(hostName))),
          ("whitelist", .array(decision.constraints.whitelist.sorted().map(hostName))),
        ])
      ),
      ("filters", .array(filters)), ("weights", .array(weights)), ("hosts", .array(hosts)),
      ("weighed", .bool(decision.isWeighed)),
      ("ranking", .array(decision.ranking.map(hostName))), ("outcome", .object(outcome)),
      ("margin", margin), ("provisional", .bool(decision.isProvisional)),
      ("notEvaluated", .array(decision.unevaluatedUnits.map { .string($0) })),
    ])
  }

  /// A placement run as JSON: the placements, the unschedulable VMs and every decision.
  public static func json(_ run: PlacementRun, snapshot: ClusterSnapshot) -> JSONValue {
    .object([
      (
        "placements",
        .array(
          run.placements.map {
            .object([
              ("vm", .string(snapshot.vms[$0.vmIndex].name)),
              ("host", .string(snapshot.hosts[$0.hostIndex].name)),
            ])
          })
      ),
      ("unschedulable", .array(run.unschedulableVMs.map { .string(snapshot.vms[$0].name) })),
      ("complete", .bool(run.isComplete)),
      ("provisional", .bool(run.hasProvisionalDecisions)),
      ("decisions", .array(run.decisions.map { json($0, snapshot: snapshot) })),
    ])
  }

  // MARK: Helpers

  static func vmNames(_ decision: PlacementDecision, _ snapshot: ClusterSnapshot) -> String {
    let names = decision.vmIndices.map { snapshot.vms[$0].name }
    return names.count == 1 ? "'\(names[0])'" : "[" + names.joined(separator: ", ") + "]"
  }

  /// Integral values without a fraction, others with up to three decimals.
  static func number(_ value: Double) -> String {
    TextLayout.number(value, maxFractionDigits: 3)
  }

  static func unionInOrder(_ lists: [[String]]) -> [String] {
    var seen: Set<String> = []
    return lists.flatMap { $0 }.filter { seen.insert($0).inserted }
  }
}

/// A left-aligned text table whose columns are split into blocks that fit the width.
struct TextTable {
  var header: [String]
  var rows: [[String]] = []

  init(header: [String]) { self.header = header }

  /// Rows with only a label span the table. Columns after the label are wrapped into blocks.
  func render(maxWidth: Int = 100) -> String {
    // Cells hold names: escape them so a name cannot move the cursor or start a line.
    let header = self.header.map { TerminalText.escaped($0) }
    let rows = self.rows.map { row in
      ["  " + TerminalText.escaped(row[0])] + row.dropFirst().map { TerminalText.escaped($0) }
    }
    let labelWidth =
      ([header[0]] + rows.filter { $0.count > 1 }.map { $0[0] }).map(\.count).max() ?? 0
    let columnCount = header.count - 1
    let widths = (0..<columnCount).map { column in
      ([header[column + 1]] + rows.compactMap { $0.count > column + 1 ? $0[column + 1] : nil })
        .map(\.count).max() ?? 0
    }
    var blocks: [[Int]] = []
    var current: [Int] = []
    var used = 2 + labelWidth
    for column in 0..<columnCount {
      if !current.isEmpty, used + 2 + widths[column] > maxWidth {
        blocks.append(current)
        current = []
        used = 2 + labelWidth
      }
      current.append(column)
      used += 2 + widths[column]
    }
    if !current.isEmpty || blocks.isEmpty { blocks.append(current) }
    var out = ""
    for (number, block) in blocks.enumerated() {
      if number > 0 { out += "\n" }
      func line(_ cells: [String]) -> String {
        var text = cells[0].padded(to: labelWidth)
        for column in block {
          text +=
            "  " + (cells.count > column + 1 ? cells[column + 1] : "").padded(to: widths[column])
        }
        return text.trimmingTrailingSpaces() + "\n"
      }
      out += line(header)
      for row in rows { out += row.count == 1 ? row[0] + "\n" : line(row) }
    }
    return out
  }
}
