public import PolicyExpression

/// A compiled expression filter: its condition and reason renderer, with its unit's identity.
public struct CompiledFilter: Sendable {
  /// One compiled `checks:` item.
  public struct Check: Sendable {
    /// The check's name.
    public let name: String
    /// The condition after folding, as text.
    public let printedCondition: String
    /// The reason template after folding, as text.
    public let printedReason: String?
    let condition: CompiledExpression<EvaluationContext>
    let reason: CompiledTemplate<EvaluationContext>?

    /// Whether the host passes this check.
    public func passes(_ context: borrowing EvaluationContext) -> Bool {
      condition.evaluateBool(context)
    }

    /// Why a host fails this check: its reason, or its name.
    public func reason(_ context: borrowing EvaluationContext) -> String {
      reason?.render(context) ?? "fails \(name)"
    }
  }

  /// The unit name.
  public let unitName: String
  /// Where the unit is defined (for `explain`).
  public let origin: DocumentOrigin
  /// The properties the unit sees.
  public let properties: [UnitPropertyValue]
  /// The `when` condition after folding, as text (with checks: the exemption, if any).
  public let printedCondition: String?
  /// The reason template after folding, as text.
  public let printedReason: String?
  /// The named sub-checks (`checks:`): a host passes when `when` holds or every check passes.
  public let checks: [Check]
  @usableFromInline let condition: CompiledExpression<EvaluationContext>
  let reason: CompiledTemplate<EvaluationContext>?
  /// Whether the condition reads a field placement can change
  /// (``PolicyField/isPlacementDependent``). A filter that does not is *static*: its verdict
  /// for a (VM, host) pair holds for a whole plan. Derived from the fields the folded
  /// condition reads, never declared per unit.
  public let readsPlacementDependentFields: Bool
  /// The `vm.*` fields the folded condition reads, in field order: VMs equal in these share a
  /// static verdict.
  public let vmFields: [FieldID]

  init(
    unitName: String, origin: DocumentOrigin, properties: [UnitPropertyValue],
    printedCondition: String?, printedReason: String?,
    condition: CompiledExpression<EvaluationContext>,
    reason: CompiledTemplate<EvaluationContext>?, checks: [Check] = [],
    readsPlacementDependentFields: Bool = true, vmFields: [FieldID] = []
  ) {
    self.unitName = unitName
    self.origin = origin
    self.properties = properties
    self.printedCondition = printedCondition
    self.printedReason = printedReason
    self.condition = condition
    self.reason = reason
    self.checks = checks
    self.readsPlacementDependentFields = readsPlacementDependentFields
    self.vmFields = vmFields
  }

  /// Whether the host at `context.hostIndex` passes for the VM at `context.vmIndex`.
  /// - Complexity: O(expression size); no lookup or allocation for scalar fields.
  @inlinable
  public func evaluate(_ context: borrowing EvaluationContext) -> Bool {
    condition.evaluateBool(context)
  }

  /// Whether a host passes for a VM (convenience; the hot path reuses one context).
  public func evaluate(host: Int, vm: Int, in tables: ClusterTables) -> Bool {
    evaluate(EvaluationContext(tables: tables, hostIndex: host, vmIndex: vm))
  }

  /// The reason a host fails, rendered for the context; the unit name when there is no
  /// `reason:`.
  /// The compiled condition, for callers that keep it apart from the filter's other fields.
  public var conditionExpression: CompiledExpression<EvaluationContext> { condition }

  ///
  /// With checks, each failing check is named with its reason ("over-commit: …; physical:
  /// …"), after the filter's own reason when it has one: the sub-verdicts a user needs to see
  /// which part failed.
  public func reason(_ context: borrowing EvaluationContext) -> String {
    guard !checks.isEmpty else { return reason?.render(context) ?? "excluded by \(unitName)" }
    let failing = checkVerdicts(context).compactMap { check in
      check.failure.map { "\(check.name): \($0)" }
    }
    let own = reason?.render(context)
    guard !failing.isEmpty else { return own ?? "excluded by \(unitName)" }
    return (own.map { $0 + " — " } ?? "") + failing.joined(separator: "; ")
  }

  /// Each check's verdict for the context: its name and, when it fails, its reason.
  public func checkVerdicts(_ context: borrowing EvaluationContext) -> [FilterCheckVerdict] {
    checks.map { check in
      FilterCheckVerdict(
        name: check.name, failure: check.passes(context) ? nil : check.reason(context))
    }
  }
}

/// One `checks:` item's verdict on one host (`explain` lists them; a filter's reason names
/// the failing ones).
public struct FilterCheckVerdict: Hashable, Sendable {
  /// The check's name (e.g. `physical`, `over-commit`, `pending`).
  public var name: String
  /// Why the host fails the check; nil when it passes.
  public var failure: String?

  /// Creates a check verdict.
  public init(name: String, failure: String?) {
    self.name = name
    self.failure = failure
  }
}

/// A compiled expression weight.
public struct CompiledWeight: Sendable {
  /// The unit name.
  public let unitName: String
  /// Where the unit is defined.
  public let origin: DocumentOrigin
  /// The factor from the policy.
  public let factor: Int
  /// The properties the unit sees.
  public let properties: [UnitPropertyValue]
  /// The score after folding, as text.
  public let printedScore: String
  /// The applicability condition after folding, as text.
  public let printedAppliesWhen: String?
  /// The stretch condition after folding, as text (nil: the scores are not stretched).
  public let printedStretchWhen: String?
  @usableFromInline let score: CompiledExpression<EvaluationContext>
  @usableFromInline let appliesWhen: CompiledExpression<EvaluationContext>?
  let stretchWhen: CompiledExpression<EvaluationContext>?
  /// The `vm.*` fields the score and the applicability condition read, in field order: VMs
  /// equal in these get the same score on a host whose fields did not change (the scheduler's
  /// per-host score rows). Derived from the folded expressions, never declared per unit.
  public let vmFields: [FieldID]

  /// Whether the unit stretches its scores over the candidates.
  public var stretches: Bool { stretchWhen != nil }

  /// Whether the host's score takes part in the stretch (`stretch:` holds for it).
  public func isStretched(_ context: borrowing EvaluationContext) -> Bool {
    stretchWhen?.evaluateBool(context) ?? false
  }

  /// oVirt's `stretchScores` (Docs/ovirt.md §2.4) over the scores at `positions`: mapped
  /// linearly onto [1, W] with `round(1 + (s − min)/(max − min) × (W − 1))`, every one 1 when
  /// they are all equal; the other scores are left as they are.
  public static func stretch(_ scores: [Double?], at positions: [Int]) -> [Double?] {
    let values = positions.compactMap { scores[$0] }
    let stretched = NativeUnitSupport.stretch(values)
    var out = scores
    var next = 0
    for position in positions where scores[position] != nil {
      out[position] = stretched[next]
      next += 1
    }
    return out
  }

  /// The score of the host for the VM (lower is better), or `nil` when the unit does not apply
  /// to the VM and so records nothing.
  /// - Complexity: O(expression size).
  @inlinable
  public func evaluate(_ context: borrowing EvaluationContext) -> Double? {
    if let appliesWhen, !appliesWhen.evaluateBool(context) { return nil }
    return score.evaluateNumber(context)
  }

  /// The score of a host for a VM (convenience).
  public func evaluate(host: Int, vm: Int, in tables: ClusterTables) -> Double? {
    evaluate(EvaluationContext(tables: tables, hostIndex: host, vmIndex: vm))
  }
}

/// A compiled expression balancer.
public struct CompiledBalancer: Sendable {
  /// A compiled rule and its folded text.
  public struct Rule: Sendable {
    /// The rule after folding, as text.
    public let printed: String
    /// The compiled rule.
    public let expression: CompiledExpression<EvaluationContext>
  }

  /// The unit name.
  public let unitName: String
  /// Where the unit is defined.
  public let origin: DocumentOrigin
  /// The properties the unit sees.
  public let properties: [UnitPropertyValue]
  /// The per-host load (host only); see ``ClusterTables/prepareBalance(hostLoad:candidates:)``.
  public let hostLoad: Rule
  /// Which hosts are sources (host only).
  public let sourceWhen: Rule
  /// Source order, ascending (host only).
  public let sourceOrder: Rule?
  /// Which VMs of a source may move (host = source, vm = candidate).
  public let vmWhen: Rule
  /// VM order, ascending.
  public let vmOrder: Rule?
  /// Which hosts may receive the VM (host = destination).
  public let destinationWhen: Rule
  /// Named thresholds, folded to numbers, in source order.
  public let thresholds: [(name: String, value: Double)]
  /// Whether `hostLoad` reads only the evaluated host's own row, cluster values and constants
  /// (``PolicyFieldCatalog/readsOnlyOwnHost(_:)``): a host's load then changes only when that
  /// host does, so a planner may measure a source's relief without its destination and keep it
  /// while the source is unchanged.
  public let loadReadsOnlyItsHost: Bool
}

/// A native unit in a pipeline.
public struct NativeUnitStep: Sendable {
  /// The unit name in the library.
  public let unitName: String
  /// Where the binding document is.
  public let origin: DocumentOrigin
  /// The native implementation's descriptor.
  public let descriptor: NativeUnitDescriptor
  /// Weights: the factor.
  public let factor: Int
  /// The properties the unit sees, resolved (the value set by the policy or snapshot, else
  /// the unit's default).
  public let properties: UnitProperties
  /// The evaluator: the descriptor's, or a stand-in when the unit is unavailable.
  public let evaluator: any NativeUnitEvaluator
  /// False when the unit was made unavailable
  /// (``SchedulingPipeline/withUnavailableNativeUnits(_:)``): its verdicts are not evaluated.
  public let isAvailable: Bool
}

/// One filter of a pipeline.
public enum PipelineFilter: Sendable {
  /// An expression filter.
  case expression(CompiledFilter)
  /// A native filter.
  case native(NativeUnitStep)

  /// The unit name.
  public var unitName: String {
    switch self {
    case .expression(let filter): filter.unitName
    case .native(let step): step.unitName
    }
  }

  /// Where the unit is defined.
  public var origin: DocumentOrigin {
    switch self {
    case .expression(let filter): filter.origin
    case .native(let step): step.origin
    }
  }
}

/// One weight of a pipeline.
public enum PipelineWeight: Sendable {
  /// An expression weight.
  case expression(CompiledWeight)
  /// A native weight.
  case native(NativeUnitStep)

  /// The unit name.
  public var unitName: String {
    switch self {
    case .expression(let weight): weight.unitName
    case .native(let step): step.unitName
    }
  }

  /// The factor.
  public var factor: Int {
    switch self {
    case .expression(let weight): weight.factor
    case .native(let step): step.factor
    }
  }
}

/// The balancer of a pipeline.
public enum PipelineBalancer: Sendable {
  /// An expression balancer.
  case expression(CompiledBalancer)
  /// A native balancer.
  case native(NativeUnitStep)
}

/// A SchedulingPolicy resolved and compiled for one snapshot (or for none): everything the
/// scheduler runs, in order, with provenance.
public struct SchedulingPipeline: Sendable {
  /// The policy name.
  public let policyName: String
  /// For people.
  public let description: String
  /// Where the policy is defined.
  public let origin: DocumentOrigin
  /// Built-in, added or overriding.
  public let provenance: DocumentProvenance
  /// How weights combine.
  public let selector: SelectorKind
  /// The mandatory filters, then the policy's filters, in order.
  public let filters: [PipelineFilter]
  /// How many of ``filters`` are mandatory (they come first).
  public let mandatoryFilterCount: Int
  /// The weights, in order.
  public let weights: [PipelineWeight]
  /// The balancer, if any.
  public let balancer: PipelineBalancer?
  /// Every property, with values and provenance.
  public let properties: ResolvedProperties
  /// Provenance of every unit by name and kind, for output.
  public let unitProvenance: [String: DocumentProvenance]

  /// The native units in the pipeline that are not implemented yet, in pipeline order; a
  /// scheduler must refuse to treat the pipeline as complete while this is not empty.
  public var unimplementedNativeUnits: [String] {
    var out: [String] = []
    for filter in filters {
      if case .native(let step) = filter, !step.isAvailable {
        out.append("Filter " + step.unitName)
      }
    }
    for weight in weights {
      if case .native(let step) = weight, !step.isAvailable {
        out.append("Weight " + step.unitName)
      }
    }
    if case .native(let step) = balancer, !step.isAvailable {
      out.append("Balancer " + step.unitName)
    }
    return out
  }
}
