import Inventory
import Scheduler

/// Words for a decision that placed nothing: every host and every filter that rejected it.
enum DecisionDetails {
  /// One line per host: why it could not take the VM (all rejecting filters, not only the first).
  static func rejections(_ decision: PlacementDecision, snapshot: ClusterSnapshot) -> [String] {
    decision.rejections.compactMap { host in
      if let exclusion = host.exclusion {
        return "\(host.hostName): not a candidate (\(exclusion.description))"
      }
      guard !host.filters.isEmpty else { return nil }
      return "\(host.hostName): "
        + host.filters.map { "\($0.name): \($0.reason)" }.joined(separator: "; ")
    }
  }

  /// One sentence for an unschedulable decision.
  static func summary(_ decision: PlacementDecision, snapshot: ClusterSnapshot) -> String {
    if case .unschedulable(let reason) = decision.outcome {
      return DecisionReport.message(reason, snapshot)
    }
    return "no host can take it"
  }
}
