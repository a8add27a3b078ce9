package import Policy

/// The policy's thresholds drawn on the host charts, as the balancer sees them.
package struct ReportThresholds: Hashable, Sendable {
  /// HighUtilization: CPU % above which a host is over-utilized.
  package var highUtilizationPercent: Double?
  /// LowUtilization: CPU % below which a host is under-utilized (power saving).
  package var lowUtilizationPercent: Double?
  /// HighVmCount: VM slots a host needs to be a migration source (even guest distribution).
  package var highVmCount: Double?

  /// Creates thresholds.
  package init(
    highUtilizationPercent: Double? = nil, lowUtilizationPercent: Double? = nil,
    highVmCount: Double? = nil
  ) {
    self.highUtilizationPercent = highUtilizationPercent
    self.lowUtilizationPercent = lowUtilizationPercent
    self.highVmCount = highVmCount
  }

  /// The thresholds a compiled policy declares: each property's value as the balancer sees it
  /// (set by the snapshot or the policy, else the balancer's own default); properties the
  /// policy does not have stay `nil`.
  package init(pipeline: SchedulingPipeline) {
    let balancer: String? =
      switch pipeline.balancer {
      case .expression(let unit): unit.unitName
      case .native(let step): step.unitName
      case nil: nil
      }
    func value(_ name: String) -> Double? {
      guard let property = pipeline.properties[name] else { return nil }
      let resolved =
        balancer.flatMap { property.value(forUnit: $0) } ?? property.value
        ?? property.declaringUnits.first?.defaultValue
      return resolved?.numericValue
    }
    self.init(
      highUtilizationPercent: value("HighUtilization"),
      lowUtilizationPercent: value("LowUtilization"), highVmCount: value("HighVmCount"))
  }
}
