import Inventory
import Scheduler

/// Words for a decision that placed nothing: every host and every filter that rejected it.
enum DecisionDetails {
  /// One line per host: why it could not take the VM (all rejecting filters, not only the first).
  static func rejections(_ decision: PlacementDecision, snapshot: ClusterSnapshot) -> [String] {
    var lines: [String] = []
    for host in decision.hosts {
      if let exclusion = host.exclusion {
        lines.append("\(host.hostName): not a candidate (\(exclusion.description))")
        continue
      }
      let reasons = host.rejectingFilters.map { index -> String in
        let name = decision.filterNames[index]
        let reason = host.filterVerdicts[index].reason ?? "rejected"
        return "\(name): \(reason)"
      }
      if !reasons.isEmpty {
        lines.append("\(host.hostName): " + reasons.joined(separator: "; "))
      }
    }
    return lines
  }

  /// One sentence for an unschedulable decision.
  static func summary(_ decision: PlacementDecision, snapshot: ClusterSnapshot) -> String {
    if case .unschedulable(let reason) = decision.outcome {
      return DecisionReport.message(reason, snapshot)
    }
    return "no host can take it"
  }
}
