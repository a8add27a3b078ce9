import Inventory
import Plan
public import Policy

/// The power-saving balancer's host power management (Docs/ovirt.md §2.6.3): at most one host
/// action per run, after the run's migrations, when `EnableAutomaticHostPowerManagement` is on.
///
/// - empty: Up hosts that run no VM once the plan's migrations are done;
/// - pmMaint / pmDown: hosts in Maintenance / Down that are controlled by the policy
///   (`powerManagement.controlledByPolicy`) and have power management enabled (the snapshot has
///   no external status, so it is taken as OK);
/// - reserve: `HostsInReserve`.
/// Rules in oVirt's order: (1) reserve > #empty with no pmDown and no pmMaint: nothing;
/// (2) reserve < #empty and more than one pmMaint: power the first pmMaint host off;
/// (3) reserve < #empty: put the first empty PM-enabled non-SPM host into maintenance;
/// (4) reserve = #empty and a pmMaint host: power it off; (5) reserve > #empty and a pmMaint
/// host: activate it; (6) reserve > #empty: power the first pmDown host on. The SPM host is
/// never shut down.
public struct PowerManagement: Sendable {
  /// The balancer that declares the power-management properties.
  public let balancerName: String
  /// The policy's resolved properties.
  public let properties: ResolvedProperties

  /// Creates the model for a balancer and the policy's properties.
  public init(balancerName: String, properties: ResolvedProperties) {
    self.balancerName = balancerName
    self.properties = properties
  }

  /// The model for a pipeline's expression balancer; nil when the policy has none.
  public init?(pipeline: SchedulingPipeline) {
    guard case .expression(let compiled)? = pipeline.balancer else { return nil }
    self.init(balancerName: compiled.unitName, properties: pipeline.properties)
  }

  /// On when the balancer itself declares `EnableAutomaticHostPowerManagement` (as oVirt's
  /// power-saving balancer does) and the policy or snapshot turns it on.
  public var isEnabled: Bool {
    guard let property = properties["EnableAutomaticHostPowerManagement"],
      property.declaringUnits.contains(where: { $0.unit == balancerName })
    else { return false }
    return property.value(forUnit: balancerName) == .bool(true)
  }

  /// `HostsInReserve`: empty hosts kept powered on.
  public var reserve: Int {
    if case .int(let value)? = properties.value(of: "HostsInReserve", forUnit: balancerName) {
      return Int(value)
    }
    return 0
  }

  /// The one action for the cluster once `moves` are done, if any.
  func action(snapshot: ClusterSnapshot, moves: [PlannedMove]) -> PlannedHostAction? {
    guard isEnabled else { return nil }
    var state = ProjectedState(snapshot: snapshot)
    for move in moves { state.move(vm: move.vm, to: move.to) }
    let counts = state.vmCounts
    let hosts = snapshot.hosts.indices
    let empty = hosts.filter { snapshot.hosts[$0].status == .up && counts[$0] == 0 }
    let controlled = { (index: Int) in
      snapshot.hosts[index].isPowerManagementEnabled
        && snapshot.hosts[index].isPowerControlledByPolicy
    }
    let pmMaint = hosts.filter { snapshot.hosts[$0].status == .maintenance && controlled($0) }
    let pmDown = hosts.filter { snapshot.hosts[$0].status == .down && controlled($0) }
    let after = Array(moves.indices)
    func make(_ action: StepAction, _ host: Int, _ why: String) -> PlannedHostAction {
      PlannedHostAction(
        action: action, host: host, after: after,
        reason: StepReason(
          text: "\(balancerName) power management: \(why) (empty hosts \(empty.count), "
            + "HostsInReserve \(reserve))",
          proposedBy: "balancer:\(balancerName):power-management"))
    }
    if reserve > empty.count && pmDown.isEmpty && pmMaint.isEmpty { return nil }
    if reserve < empty.count && pmMaint.count > 1, let host = pmMaint.first {
      return make(
        .hostPowerOff, host, "more empty hosts than the reserve; one host stays in maintenance")
    }
    if reserve < empty.count,
      let host = empty.first(where: {
        snapshot.hosts[$0].isPowerManagementEnabled && !snapshot.isSPM(hostIndex: $0)
      })
    {
      return make(.hostMaintenance, host, "more empty hosts than the reserve")
    }
    if reserve == empty.count, let host = pmMaint.first {
      return make(.hostPowerOff, host, "the reserve is met")
    }
    if reserve > empty.count, let host = pmMaint.first {
      return make(.hostActivate, host, "fewer empty hosts than the reserve")
    }
    if reserve > empty.count, let host = pmDown.first {
      return make(.hostPowerOn, host, "fewer empty hosts than the reserve")
    }
    return nil
  }
}
