public import Diagnostics
public import Policy

/// One filter's verdict on one host (for a group: on the group's VMs, the first failure wins).
public enum FilterVerdict: Hashable, Sendable {
  /// The host passes.
  case pass
  /// The host is rejected; `vmIndex` is the group VM it failed for.
  case fail(reason: String, vmIndex: Int)
  /// A native unit that is not implemented: neither a pass nor a failure.
  case notEvaluated

  /// Whether the verdict rejects the host.
  public var isFailure: Bool {
    if case .fail = self { return true }
    return false
  }

  /// The rejection reason, if any.
  public var reason: String? {
    if case .fail(let reason, _) = self { return reason }
    return nil
  }
}

/// Whether a weight unit produced scores for a decision.
public enum WeightUnitStatus: String, Hashable, Sendable {
  /// It scored at least one host.
  case evaluated
  /// It applies to nothing here (e.g. PreferredHosts for a running VM): it contributes nothing.
  case recordedNothing
  /// A native unit that is not implemented: it contributes nothing and makes the decision
  /// provisional.
  case notImplemented
  /// Weights were not run (fewer than two surviving hosts).
  case notRun
}

/// A weight unit of the pipeline as a decision used it.
public struct WeightColumn: Hashable, Sendable {
  /// The unit name.
  public var unitName: String
  /// The factor.
  public var factor: Int
  /// Whether it produced scores.
  public var status: WeightUnitStatus
}

/// One weight unit's result for one host.
public struct WeightScore: Hashable, Sendable {
  /// The score summed over the group's VMs, lower is better; `nil` when the unit did not
  /// report the host (the rank selector then counts 0, the best score).
  public var rawScore: Double?
  /// Rank points, (N − 1) − rank (rank selector; `nil` under the weighted sum or when the unit
  /// recorded nothing).
  public var points: Int?
  /// What the unit adds to the host's total: factor × points, or factor × score.
  public var contribution: Double
}

/// Everything the scheduler found out about one host for one decision.
public struct HostEvaluation: Hashable, Sendable {
  /// The host index.
  public var hostIndex: Int
  /// The host name.
  public var hostName: String
  /// Why the host was not a candidate; `nil` when it was one.
  public var exclusion: HostExclusion?
  /// One verdict per pipeline filter, in pipeline order; empty for non-candidates. Filters
  /// after ``decisiveFilter`` were evaluated for the explanation only: oVirt's chain never ran
  /// them on this host.
  public var filterVerdicts: [FilterVerdict]
  /// The first filter that rejected the host: the one that removed it in oVirt's chain.
  public var decisiveFilter: Int?
  /// One score per pipeline weight, for hosts that were weighed; empty otherwise.
  public var weights: [WeightScore]
  /// The selector's total, for hosts that were weighed.
  public var total: Double?
  /// 1-based place in the ranking, for surviving hosts.
  public var place: Int?

  /// Whether the host passed every filter that was evaluated.
  public var isSurvivor: Bool { exclusion == nil && decisiveFilter == nil }

  /// The indices of every filter that rejected the host.
  public var rejectingFilters: [Int] {
    filterVerdicts.indices.filter { filterVerdicts[$0].isFailure }
  }
}

/// Why a group could not be placed.
public enum UnschedulableReason: Hashable, Sendable {
  /// No host is a candidate (status, blacklist, whitelist).
  case noCandidateHosts
  /// Every candidate was rejected by a filter.
  case allHostsFilteredOut
  /// Hard VM affinity puts VMs together that a negative enforcing group keeps apart.
  case affinityConflict(AffinityConflict)

  /// The stable code.
  public var code: DiagnosticCode {
    switch self {
    case .noCandidateHosts: DiagnosticDescriptor.schedulerNoCandidateHosts.code
    case .allHostsFilteredOut: DiagnosticDescriptor.schedulerAllHostsFilteredOut.code
    case .affinityConflict: DiagnosticDescriptor.schedulerAffinityConflict.code
    }
  }
}

/// The result of one decision.
public enum PlacementOutcome: Hashable, Sendable {
  /// The group goes to this host.
  case placed(hostIndex: Int)
  /// No host can take the group.
  case unschedulable(UnschedulableReason)

  /// The chosen host, if any.
  public var hostIndex: Int? {
    if case .placed(let host) = self { return host }
    return nil
  }
}

/// One scheduling decision for a group of VMs, with its full explanation: per host every
/// filter's verdict and reason, every weight's raw score, points and contribution, the totals,
/// the ranking, the winner, the margin, and which units were not evaluated.
public struct PlacementDecision: Hashable, Sendable {
  /// The VMs placed together, in scheduling order.
  public var vmIndices: [Int]
  /// The policy name.
  public var policyName: String
  /// The selector.
  public var selector: SelectorKind
  /// The pipeline's filter names, in order.
  public var filterNames: [String]
  /// How many of the filters are mandatory.
  public var mandatoryFilterCount: Int
  /// The pipeline's weights, in order.
  public var weightColumns: [WeightColumn]
  /// The constraints the decision honoured.
  public var constraints: HostConstraints
  /// Every host of the snapshot, in host index order; for a summary (``isSummary``) only the
  /// winner and the runner-up, in host index order.
  public var hosts: [HostEvaluation]
  /// The surviving host indices, best first (host order when they were not weighed); for a
  /// summary only the first two.
  public var ranking: [Int]
  /// Whether weights ran (two or more survivors, oVirt §3.4 / §7.8).
  public var isWeighed: Bool
  /// The result.
  public var outcome: PlacementOutcome
  /// The units not evaluated that could change this decision (`Filter NUMA`,
  /// `Weight VmAffinityGroups`), in pipeline order; empty when the decision is definite.
  public var unevaluatedUnits: [String]
  /// The runner-up and the smallest factor change that flips the decision, when weighed.
  public var margin: DecisionMargin?
  /// Whether only the winner's and the runner-up's evaluations were kept
  /// (``ExplanationDetail/summaryWhenPlaced``): enough to report where the group goes, not to
  /// explain it (``DecisionReport/explainText(_:snapshot:)`` and the JSON need every host).
  public var isSummary: Bool

  /// Whether the decision could change once the ``unevaluatedUnits`` are implemented.
  public var isProvisional: Bool { !unevaluatedUnits.isEmpty }

  /// The evaluation of a host.
  public func evaluation(ofHost hostIndex: Int) -> HostEvaluation? {
    if isSummary { return hosts.first { $0.hostIndex == hostIndex } }
    return hosts.indices.contains(hostIndex) ? hosts[hostIndex] : nil
  }

  /// Consistency checks of the explanation: the winner survived, survivors failed nothing,
  /// every rejected host names a failing filter. Empty when consistent.
  /// - Complexity: O(hosts × filters).
  public func invariantViolations() -> [String] {
    var out: [String] = []
    for host in hosts {
      if host.exclusion == nil, host.filterVerdicts.count != filterNames.count {
        out.append("host \(host.hostName) has \(host.filterVerdicts.count) verdicts")
      }
      if host.isSurvivor, !host.rejectingFilters.isEmpty {
        out.append("survivor \(host.hostName) failed a filter")
      }
      if let decisive = host.decisiveFilter, host.rejectingFilters.first != decisive {
        out.append("host \(host.hostName)'s decisive filter is not its first failure")
      }
    }
    if let winner = outcome.hostIndex {
      if !(evaluation(ofHost: winner)?.isSurvivor ?? false) {
        out.append("the winner did not survive the filters")
      }
      if ranking.first != winner { out.append("the winner is not first in the ranking") }
    }
    return out
  }
}

extension PlacementDecision {
  /// Why one host could not take the group.
  public struct HostRejection: Hashable, Sendable {
    /// The host's name.
    public var hostName: String
    /// Why it was not a candidate at all, if it was not.
    public var exclusion: HostExclusion?
    /// Every filter that rejected it, in pipeline order, with its reason.
    public var filters: [(name: String, reason: String)]

    public static func == (lhs: HostRejection, rhs: HostRejection) -> Bool {
      lhs.hostName == rhs.hostName && lhs.exclusion == rhs.exclusion
        && lhs.filters.map(\.name) == rhs.filters.map(\.name)
        && lhs.filters.map(\.reason) == rhs.filters.map(\.reason)
    }

    public func hash(into hasher: inout Hasher) {
      hasher.combine(hostName)
      hasher.combine(filters.map(\.name))
    }
  }

  /// Every host that did not survive, in host order, with every filter that rejected it — the
  /// explanation `place`, `explain` and plan blockers print.
  public var rejections: [HostRejection] {
    hosts.filter { !$0.isSurvivor }.map { host in
      HostRejection(
        hostName: host.hostName, exclusion: host.exclusion,
        filters: host.rejectingFilters.map {
          (filterNames[$0], host.filterVerdicts[$0].reason ?? "")
        })
    }
  }
}
