extension SchedulingPipeline {
  /// The hard-affinity filters every plan respects.
  public static let hardAffinityFilters = ["VmAffinityGroups", "VmToHostsAffinityGroups"]

  /// The same pipeline with the hard-affinity filters (`VmAffinityGroups`,
  /// `VmToHostsAffinityGroups`) appended when the policy does not run them.
  ///
  /// Plans use this pipeline: a policy without the affinity filters (`in_cluster_upgrade`, or a
  /// user's) still never moves a VM so that an enforcing affinity rule breaks, because oVirt's
  /// affinity enforcement would undo such a move within minutes, and `verify` rejects it.
  /// Single placements (`place`, `explain`) keep the policy exactly as written.
  public func withHardAffinity() -> SchedulingPipeline {
    let present = Set(filters.map(\.unitName))
    let missing = Self.hardAffinityFilters.filter { !present.contains($0) }
    guard !missing.isEmpty else { return self }
    let added: [PipelineFilter] = missing.compactMap { name in
      guard let descriptor = NativeUnitRegistry.descriptor(named: name, kind: .filter) else {
        return nil
      }
      return PipelineFilter.native(
        NativeUnitStep(
          unitName: name, origin: origin, descriptor: descriptor, factor: 0,
          properties: UnitProperties(defaultsOf: descriptor.properties),
          evaluator: descriptor.evaluator, isAvailable: true))
    }
    return SchedulingPipeline(
      policyName: policyName, description: description, origin: origin, provenance: provenance,
      selector: selector, filters: filters + added, mandatoryFilterCount: mandatoryFilterCount,
      weights: weights, balancer: balancer, properties: properties,
      unitProvenance: unitProvenance)
  }
}
