extension SchedulingPipeline {
  /// The same pipeline with the named native units made unavailable.
  ///
  /// For "what if this unit were unavailable" checks and for tests of the scheduler's honesty
  /// about units it cannot evaluate: a placeholder never passes a host or records a weight.
  public func withUnavailableNativeUnits(_ names: Set<String>) -> SchedulingPipeline {
    func placeholder(_ step: NativeUnitStep) -> NativeUnitStep {
      guard names.contains(step.unitName) else { return step }
      return NativeUnitStep(
        unitName: step.unitName, origin: step.origin, descriptor: step.descriptor,
        factor: step.factor, properties: step.properties, evaluator: UnavailableNativeUnit(),
        isAvailable: false)
    }
    return SchedulingPipeline(
      policyName: policyName, description: description, origin: origin, provenance: provenance,
      selector: selector,
      filters: filters.map { filter in
        if case .native(let step) = filter { return .native(placeholder(step)) }
        return filter
      },
      mandatoryFilterCount: mandatoryFilterCount,
      weights: weights.map { weight in
        if case .native(let step) = weight { return .native(placeholder(step)) }
        return weight
      },
      balancer: balancer, properties: properties, unitProvenance: unitProvenance)
  }
}
