import Diagnostics
import Inventory
import Plan
import Scheduler

/// Checks one expectation against a case's outcome; returns the failures (empty: it holds).
struct ExpectationChecker {
  let prepared: PreparedCase
  let outcome: CaseOutcome

  var snapshot: ClusterSnapshot { prepared.snapshot }

  func check(_ expectation: Expectation) -> [TestFailure] {
    let span = expectation.span
    switch (expectation.kind, outcome) {
    case (.isEmpty(let expected), .plan(let plan)):
      guard plan.steps.isEmpty != expected else { return [] }
      return [
        TestFailure(
          expected
            ? "expected an empty plan, found \(plan.steps.count) step\(plan.steps.count == 1 ? "" : "s")"
            : "expected a plan with steps, found an empty plan",
          at: span, diff: plan.steps.map { "+ " + Self.describe($0) } + notes(plan))
      ]
    case (.isComplete(let expected), _):
      let actual: Bool
      var details: [String] = []
      switch outcome {
      case .plan(let plan):
        actual = plan.isComplete
        details =
          plan.unhandled.map { "  unhandled \($0.kind) \($0.name): \($0.reason)" } + notes(plan)
      case .placement(let run):
        actual = run.isComplete
        details = run.unschedulableVMs.map { "  unschedulable: \(snapshot.vms[$0].name)" }
      case .explanation(let decision):
        actual = decision.outcome.hostIndex != nil && !decision.isProvisional
        if case .unschedulable(let reason) = decision.outcome {
          details = ["  " + DecisionReport.message(reason, snapshot)]
        }
      }
      guard actual != expected else { return [] }
      return [
        TestFailure(
          expected
            ? "expected the trigger to complete, it did not"
            : "expected an incomplete result, it completed",
          at: span, diff: details)
      ]
    case (.moveCount(let expected), .plan(let plan)):
      let moves = plan.steps.filter(\.action.movesVM)
      guard moves.count != expected else { return [] }
      return [
        TestFailure(
          "expected \(expected) move\(expected == 1 ? "" : "s"), found \(moves.count)", at: span,
          diff: moves.map { "+ " + Self.describe($0) })
      ]
    case (.steps(let patterns), .plan(let plan)):
      let steps = plan.steps
      let isMatching =
        patterns.count == steps.count
        && zip(patterns, steps).allSatisfy { matches($0, $1) }
      guard !isMatching else { return [] }
      let diff = alignedDiff(patterns, steps)
      var message = "steps differ: expected \(patterns.count), found \(steps.count)"
      if let index = zip(patterns, steps).enumerated().first(where: {
        !matches($0.element.0, $0.element.1)
      })?.offset,
        let field = mismatch(patterns[index], steps[index])
      {
        message =
          (patterns.count == steps.count
            ? "step \(index + 1) differs: " : "\(message); first difference at step \(index + 1): ")
          + field
      }
      return [TestFailure(message, at: span, diff: diff)]
    case (.contains(let patterns), .plan(let plan)):
      var next = 0
      for pattern in patterns {
        guard let found = plan.steps[next...].firstIndex(where: { matches(pattern, $0) }) else {
          let before = plan.steps[..<next].contains { matches(pattern, $0) }
          return [
            TestFailure(
              "no step matches '\(Self.describe(pattern))'"
                + (before ? " after the steps matched before it (wrong order)" : ""),
              at: pattern.span,
              diff: ["- " + Self.describe(pattern)] + plan.steps.map { "+ " + Self.describe($0) })
          ]
        }
        next = found + 1
      }
      return []
    case (.excludes(let patterns), .plan(let plan)):
      var failures: [TestFailure] = []
      for pattern in patterns {
        let found = plan.steps.filter { matches(pattern, $0) }
        if !found.isEmpty {
          failures.append(
            TestFailure(
              "expected no step matching '\(Self.describe(pattern))', found \(found.count)",
              at: pattern.span, diff: found.map { "+ " + Self.describe($0) }))
        }
      }
      return failures
    case (.destinations(let pairs), _):
      var failures: [TestFailure] = []
      for pair in pairs {
        let actual = destination(of: pair.vm.name)
        if actual != pair.host.name {
          failures.append(
            TestFailure(
              "'\(pair.vm.name)': expected destination '\(pair.host.name)', found \(actual.map { "'\($0)'" } ?? describeStay(pair.vm.name))",
              at: pair.vm.span,
              diff: [
                "- \(pair.vm.name) → \(pair.host.name)",
                "+ \(pair.vm.name) → \(actual ?? "(none)")",
              ]))
        }
      }
      return failures
    case (.blockers(let pairs), .plan(let plan)):
      var failures: [TestFailure] = []
      let blockers = plan.unhandled.filter { $0.kind == "vm" }
      for pair in pairs {
        guard let item = blockers.first(where: { $0.name == pair.vm.name }) else {
          failures.append(
            TestFailure(
              "expected '\(pair.vm.name)' to be blocked, it is not", at: pair.vm.span,
              diff: [
                "- \(pair.vm.name): " + pair.substrings.map { "…\($0)…" }.joined(separator: " ")
              ]
                + blockers.map { "+ \($0.name): \($0.reason)" }
                + plan.steps.filter { $0.vm == pair.vm.name }.map { "+ " + Self.describe($0) }))
          continue
        }
        let text = ([item.reason] + item.details).joined(separator: "\n")
        for substring in pair.substrings where !text.contains(substring) {
          failures.append(
            TestFailure(
              "the reason '\(pair.vm.name)' is blocked does not contain '\(substring)'",
              at: pair.vm.span,
              diff: ["- …\(substring)…", "+ \(item.reason)"] + item.details.map { "+   \($0)" }))
        }
      }
      return failures
    case (.unschedulable(let vms), .placement(let run)):
      let actual = Set(run.unschedulableVMs.map { snapshot.vms[$0].name })
      return vms.filter { !actual.contains($0.name) }.map { name in
        TestFailure(
          "expected '\(name.name)' to be unschedulable, it was placed on '\(destination(of: name.name) ?? "?")'",
          at: name.span)
      }
    case (.winner(let host), .explanation(let decision)):
      let actual = decision.outcome.hostIndex.map { snapshot.hosts[$0].name }
      guard actual != host.name else { return [] }
      var diff = ["- winner \(host.name)", "+ winner \(actual ?? "(none)")"]
      if let evaluation = decision.hosts.first(where: { $0.hostName == host.name }) {
        diff += rejection(evaluation, decision).map { "  " + $0 }
      }
      return [
        TestFailure(
          "expected '\(host.name)' to win, found \(actual.map { "'\($0)'" } ?? "no host")",
          at: host.span, diff: diff)
      ]
    case (.rejected(let pairs), .explanation(let decision)):
      var failures: [TestFailure] = []
      for pair in pairs {
        guard let evaluation = decision.hosts.first(where: { $0.hostName == pair.host.name }) else {
          continue
        }
        if let exclusion = evaluation.exclusion {
          failures.append(
            TestFailure(
              "'\(pair.host.name)' is not a candidate (\(exclusion.description)), so no filter rejects it",
              at: pair.host.span))
          continue
        }
        let rejecting = evaluation.rejectingFilters.map { decision.filterNames[$0] }
        if pair.filters.isEmpty, rejecting.isEmpty {
          failures.append(
            TestFailure(
              "expected '\(pair.host.name)' to be rejected, it passes every filter",
              at: pair.host.span))
        }
        for filter in pair.filters where !rejecting.contains(filter.name) {
          failures.append(
            TestFailure(
              "expected filter '\(filter.name)' to reject '\(pair.host.name)', it passes",
              at: filter.span,
              diff: ["- \(pair.host.name): \(filter.name)"]
                + (rejecting.isEmpty
                  ? ["+ \(pair.host.name): passes every filter"]
                  : rejection(evaluation, decision).map { "+ " + $0 })))
        }
      }
      return failures
    case (.passes(let hosts), .explanation(let decision)):
      return hosts.compactMap { host in
        guard let evaluation = decision.hosts.first(where: { $0.hostName == host.name }) else {
          return nil
        }
        if evaluation.isSurvivor { return nil }
        if let exclusion = evaluation.exclusion {
          return TestFailure(
            "expected '\(host.name)' to pass the filters, it is not a candidate (\(exclusion.description))",
            at: host.span)
        }
        return TestFailure(
          "expected '\(host.name)' to pass the filters, it is rejected", at: host.span,
          diff: rejection(evaluation, decision).map { "+ " + $0 })
      }
    case (.notes(let substrings), .plan(let plan)):
      return substrings.filter { substring in !plan.notes.contains { $0.contains(substring) } }.map
      {
        TestFailure(
          "no note of the plan contains '\($0)'", at: span, diff: ["- …\($0)…"] + notes(plan))
      }
    default:
      // The parser only accepts expectations that apply to the trigger.
      return [TestFailure("'\(expectation.key)' does not apply to this case", at: span)]
    }
  }

  // MARK: Helpers

  /// A line diff of expected patterns against actual steps, aligned on the longest common
  /// subsequence of matching pairs: `  ` matched, `-` expected only, `+` actual only.
  /// - Complexity: O(patterns × steps).
  func alignedDiff(_ patterns: [StepPattern], _ steps: [PlanStep]) -> [String] {
    let rows = patterns.count
    let columns = steps.count
    var table = Array(repeating: Array(repeating: 0, count: columns + 1), count: rows + 1)
    for i in stride(from: rows - 1, through: 0, by: -1) {
      for j in stride(from: columns - 1, through: 0, by: -1) {
        table[i][j] =
          matches(patterns[i], steps[j])
          ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
      }
    }
    var diff: [String] = []
    var i = 0
    var j = 0
    while i < rows || j < columns {
      if i < rows, j < columns, matches(patterns[i], steps[j]),
        table[i][j] == table[i + 1][j + 1] + 1
      {
        diff.append("  " + Self.describe(steps[j]))
        i += 1
        j += 1
      } else if i < rows, j == columns || table[i + 1][j] >= table[i][j + 1] {
        diff.append("- " + Self.describe(patterns[i]))
        i += 1
      } else {
        diff.append("+ " + Self.describe(steps[j]))
        j += 1
      }
    }
    return diff
  }

  /// The first field of a step that a pattern does not match, in words:
  /// "expected to 'host-05', found 'host-04'".
  func mismatch(_ pattern: StepPattern, _ step: PlanStep) -> String? {
    func quoted(_ value: String?) -> String { value.map { "'\($0)'" } ?? "none" }
    if let action = pattern.action, action != step.action.rawValue {
      return "expected action '\(action)', found '\(step.action.rawValue)'"
    }
    if let vm = pattern.vm, vm.name != step.vm {
      return "expected vm '\(vm.name)', found \(quoted(step.vm))"
    }
    if let from = pattern.from, from.name != step.fromHost {
      return "expected from '\(from.name)', found \(quoted(step.fromHost))"
    }
    if let to = pattern.to, to.name != step.toHost {
      return "expected to '\(to.name)', found \(quoted(step.toHost))"
    }
    if let host = pattern.host, host.name != step.host {
      return "expected host '\(host.name)', found \(quoted(step.host))"
    }
    return nil
  }

  func matches(_ pattern: StepPattern, _ step: PlanStep) -> Bool {
    if let action = pattern.action, action != step.action.rawValue { return false }
    if let vm = pattern.vm, vm.name != step.vm { return false }
    if let from = pattern.from, from.name != step.fromHost { return false }
    if let to = pattern.to, to.name != step.toHost { return false }
    if let host = pattern.host, host.name != step.host { return false }
    return true
  }

  /// Where a VM ends up: its last move in a plan, or its host in a placement.
  func destination(of vm: String) -> String? {
    switch outcome {
    case .plan(let plan):
      return plan.steps.last(where: { $0.action.movesVM && $0.vm == vm })?.toHost
    case .placement(let run):
      guard let index = snapshot.vmIndexByName[vm] else { return nil }
      return run.placements.first { $0.vmIndex == index }.map { snapshot.hosts[$0.hostIndex].name }
    case .explanation(let decision):
      return decision.outcome.hostIndex.map { snapshot.hosts[$0].name }
    }
  }

  func describeStay(_ vm: String) -> String {
    guard case .plan = outcome else { return "none (unschedulable)" }
    if let host = snapshot.vm(named: vm)?.hostName { return "none (it stays on '\(host)')" }
    return "none (it does not move)"
  }

  func notes(_ plan: MigrationPlan) -> [String] { plan.notes.map { "  note: " + $0 } }

  func rejection(_ evaluation: HostEvaluation, _ decision: PlacementDecision) -> [String] {
    evaluation.rejectingFilters.map { index in
      "\(evaluation.hostName): \(decision.filterNames[index]): "
        + (evaluation.filterVerdicts[index].reason ?? "rejected")
    }
  }

  /// `migrate web-01 host-01 → host-03`, `restart db-1 → h2`, `host-maintenance host-03`.
  static func describe(_ step: PlanStep) -> String {
    describe(
      action: step.action.rawValue, vm: step.vm, from: step.fromHost, to: step.toHost,
      host: step.host)
  }

  /// The same shape with only the fields the pattern gives (`*` for an open action, or an
  /// open destination after a given source).
  static func describe(_ pattern: StepPattern) -> String {
    describe(
      action: pattern.action ?? "*", vm: pattern.vm?.name, from: pattern.from?.name,
      to: pattern.to?.name ?? (pattern.from == nil ? nil : "*"), host: pattern.host?.name)
  }

  static func describe(action: String, vm: String?, from: String?, to: String?, host: String?)
    -> String
  {
    var parts = [action]
    if let vm { parts.append(vm) }
    if let host { parts.append(host) }
    if from != nil || to != nil {
      parts.append([from, to].compactMap { $0 }.joined(separator: " → "))
      if from == nil, let to { parts[parts.count - 1] = "→ " + to }
    }
    return parts.joined(separator: " ")
  }
}
