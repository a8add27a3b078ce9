package import Plan
package import Policy
package import Scheduler

/// Which filters, weights and balancers of the tested policies the test cases exercised.
///
/// The units are those of every pipeline a selected case ran, identified by kind, name and
/// the place they are defined (a user unit overriding a built-in is a different unit). A unit
/// counts as **exercised** when, in some case's decisions:
/// - a **filter** rejected at least one host (a filter that passes everything is never shown
///   to matter);
/// - a **weight** scored at least two hosts differently (its raw score; a weight that ties
///   every host cannot change a ranking);
/// - a **balancer** proposed a move that made it into a plan (a step proposed by it).
///
/// A case's decisions are its placement or explanation decisions; for a plan, the decision of
/// every VM-moving step and of every blocked VM is replayed: on the snapshot with the earlier
/// steps' destinations recorded as pending, with the trigger's hosts and the VM's own host
/// blacklisted.
package struct UnitCoverage: Sendable {
  /// A unit's kind.
  package enum Kind: String, Hashable, Sendable, Comparable {
    case filter
    case weight
    case balancer

    var rank: Int {
      switch self {
      case .filter: 0
      case .weight: 1
      case .balancer: 2
      }
    }

    package static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rank < rhs.rank }
  }

  /// One unit.
  package struct Unit: Hashable, Sendable, Comparable {
    /// Filter, weight or balancer.
    package var kind: Kind
    /// The unit's name.
    package var name: String
    /// Where it is defined (`path:line`).
    package var origin: String

    package static func < (lhs: Unit, rhs: Unit) -> Bool {
      (lhs.kind, lhs.name, lhs.origin) < (rhs.kind, rhs.name, rhs.origin)
    }
  }

  /// Every unit of the tested pipelines, sorted by kind, name and origin.
  package var units: [Unit] { known.sorted() }
  /// The exercised units, sorted.
  package var exercisedUnits: [Unit] { exercised.sorted() }
  /// The units never exercised, sorted.
  package var missedUnits: [Unit] { known.subtracting(exercised).sorted() }

  /// Exercised units as a percentage of all units (100 when there are none).
  package var percent: Double {
    known.isEmpty ? 100 : Double(exercised.count) * 100 / Double(known.count)
  }

  private var known: Set<Unit> = []
  private var exercised: Set<Unit> = []

  /// Creates an empty coverage.
  package init() {}

  /// Adds the units of a pipeline.
  package mutating func add(_ pipeline: SchedulingPipeline) {
    for filter in pipeline.filters { known.insert(Self.unit(filter)) }
    for weight in pipeline.weights { known.insert(Self.unit(weight)) }
    if let balancer = pipeline.balancer { known.insert(Self.unit(balancer)) }
  }

  /// Records what a decision exercised.
  package mutating func record(_ decision: PlacementDecision, pipeline: SchedulingPipeline) {
    for host in decision.hosts {
      for index in host.rejectingFilters where pipeline.filters.indices.contains(index) {
        exercised.insert(Self.unit(pipeline.filters[index]))
      }
    }
    for (index, _) in decision.weightColumns.enumerated()
    where pipeline.weights.indices.contains(index) {
      var scores: Set<Double> = []
      for host in decision.hosts where host.weights.indices.contains(index) {
        if let raw = host.weights[index].rawScore { scores.insert(raw) }
      }
      if scores.count >= 2 { exercised.insert(Self.unit(pipeline.weights[index])) }
    }
  }

  /// Records the balancer when a step of the plan was proposed by it.
  package mutating func record(_ plan: MigrationPlan, pipeline: SchedulingPipeline) {
    guard let balancer = pipeline.balancer else { return }
    let unit = Self.unit(balancer)
    if plan.steps.contains(where: { $0.reason.proposedBy == "balancer:" + unit.name }) {
      exercised.insert(unit)
    }
  }

  /// Merges another coverage.
  package mutating func merge(_ other: UnitCoverage) {
    known.formUnion(other.known)
    exercised.formUnion(other.exercised)
  }

  static func unit(_ filter: PipelineFilter) -> Unit {
    Unit(kind: .filter, name: filter.unitName, origin: filter.origin.citation)
  }

  static func unit(_ weight: PipelineWeight) -> Unit {
    switch weight {
    case .expression(let compiled):
      Unit(kind: .weight, name: compiled.unitName, origin: compiled.origin.citation)
    case .native(let step):
      Unit(kind: .weight, name: step.unitName, origin: step.origin.citation)
    }
  }

  static func unit(_ balancer: PipelineBalancer) -> Unit {
    switch balancer {
    case .expression(let compiled):
      Unit(kind: .balancer, name: compiled.unitName, origin: compiled.origin.citation)
    case .native(let step):
      Unit(kind: .balancer, name: step.unitName, origin: step.origin.citation)
    }
  }
}
