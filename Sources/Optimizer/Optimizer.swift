public import Diagnostics
import Inventory
public import Plan
public import Planner
import Policy
import Scheduler

/// `shepherd plan --optimize`: a target placement for an objective under every filter of the
/// policy and every hard affinity rule, reached by migrations in safe waves, with a lower bound
/// that states how good it is.
///
/// The search runs on a ``PackingModel`` (memory and CPU room, where each unit may go by the
/// policy's load-independent filters, hard VM-to-VM rules): ``Consolidator`` or ``Spreader``.
/// ``MoveSequencer`` then checks every migration with the scheduler in the state the earlier
/// ones leave, the plan builder groups them in waves, and the report compares the result with
/// the bound. Same snapshot, policy and options (without a time limit that cuts) → the same
/// plan, byte for byte.
public struct Optimizer: Sendable {
  /// The snapshot, policy and limits.
  public let context: PlanningContext
  /// The objective and limits.
  public let options: OptimizeOptions

  /// Creates an optimizer.
  public init(context: PlanningContext, options: OptimizeOptions) {
    self.context = context
    self.options = options
  }

  /// Plans the migrations to the optimized placement.
  /// - Complexity: the model costs one scheduler decision per VM shape plus O(hosts + VMs);
  ///   the search is bounded by the iteration budget, each iteration O(1) model checks; the
  ///   sequencer one filter pass per migration.
  public func plan() -> MigrationPlan {
    let start = ContinuousClock.now
    let model = PackingModel(snapshot: context.snapshot, pipeline: context.pipeline)
    var budget = SearchBudget(options: options, start: start, progress: context.progress)
    let objective = options.objective
    var searched: PackingModel
    var spreadMeasure: Spreader.Measure = .vmCount
    var spreadBefore = 0.0
    var spreadBound = 0.0
    switch objective {
    case .consolidate:
      var search = Consolidator(model: model, budget: budget)
      search.run()
      searched = search.model
      budget = search.budget
    case .spread:
      let guests = context.pipeline.properties["HighVmCount"] != nil
      spreadMeasure = guests ? .vmCount : .cpuPercent
      var search = Spreader(model: model, budget: budget, measure: spreadMeasure)
      spreadBefore = search.highest
      spreadBound = search.lowerBound()
      search.run()
      searched = search.model
      budget = search.budget
    }
    let snapshot = context.snapshot
    let sequenced = MoveSequencer(context: context).sequence(searched) { _, from, _ in
      StepReason(
        text: objective == .consolidate
          ? "optimize consolidate: empties \(snapshot.hosts[from].name)"
          : "optimize spread: off the busiest hosts",
        proposedBy: "optimizer:\(objective.rawValue)")
    }
    for (unit, host) in sequenced.changed { searched.move(unit, to: host) }
    var notes: [String] = []
    if !sequenced.changed.isEmpty {
      notes.append(
        "\(sequenced.changed.count) unit\(sequenced.changed.count == 1 ? "" : "s") of VMs could not "
          + "reach the searched target (a filter the model does not track rejected it) and went "
          + "where the scheduler chose or stayed")
    }
    let hostActions =
      objective == .consolidate ? powerActions(searched, moves: sequenced.moves) : []
    var limits = context.limits
    limits.maxMigrations = options.maxMigrations
    let base = context.builder
    let builder = PlanBuilder(
      snapshot: base.snapshot, snapshotDigest: base.snapshotDigest, policyName: base.policyName,
      policyDigest: base.policyDigest, limits: limits)
    let stop = budget.stop ?? .noGain
    var plan = builder.build(
      trigger: PlanTrigger(kind: .optimize, objective: objective.rawValue),
      moves: sequenced.moves, hostActions: hostActions, unhandled: [], isComplete: true,
      isCapped: stop == .maxMigrations, notes: notes)
    let report: OptimizationReport
    switch objective {
    case .consolidate:
      let bound = Self.consolidationBound(model)
      report = OptimizationReport(
        objective: objective.rawValue, measure: "hosts in use", before: Double(model.hostsInUse),
        after: Double(searched.hostsInUse), lowerBound: Double(bound.hosts),
        boundDetail: bound.detail, migrations: sequenced.moves.count,
        vmsNotInPlace: searched.vmsNotInPlace, stoppedBy: stop.rawValue,
        iterations: budget.iterations)
    case .spread:
      let after = Spreader(model: searched, budget: budget, measure: spreadMeasure).highest
      let percent = spreadMeasure == .cpuPercent
      func rounded(_ value: Double) -> Double { percent ? (value * 10).rounded() / 10 : value }
      report = OptimizationReport(
        objective: objective.rawValue,
        measure: percent ? "highest host CPU load (%)" : "highest VM count on a host",
        before: rounded(spreadBefore), after: rounded(after), lowerBound: rounded(spreadBound),
        boundDetail: percent
          ? "the cluster's average CPU load over Up hosts (or a host's fixed load when higher)"
          : "the running VMs spread evenly over Up hosts, each holding at most what its room "
            + "allows (or a host's fixed VMs when more)",
        migrations: sequenced.moves.count, vmsNotInPlace: searched.vmsNotInPlace,
        stoppedBy: stop.rawValue, iterations: budget.iterations)
    }
    plan.optimization = report
    return plan
  }

  /// Emptied hosts go to maintenance and are powered off when the policy's power management is
  /// on (keeping `HostsInReserve` empty hosts up); never the SPM.
  private func powerActions(_ model: PackingModel, moves: [PlannedMove]) -> [PlannedHostAction] {
    guard let power = PowerManagement(pipeline: context.pipeline), power.isEnabled else {
      return []
    }
    let snapshot = context.snapshot
    let empty = snapshot.hosts.indices.filter { model.usable[$0] && model.vmCount[$0] == 0 }
    let emptied = empty.filter {
      snapshot.runningVMCount(onHost: $0) > 0 && snapshot.hosts[$0].isPowerManagementEnabled
        && !snapshot.isSPM(hostIndex: $0)
    }
    var actions: [PlannedHostAction] = []
    for host in emptied.prefix(max(0, empty.count - power.reserve)) {
      let after = moves.indices.filter { moves[$0].from == host }
      let why = "optimize consolidate: the host is empty (HostsInReserve \(power.reserve))"
      actions.append(
        PlannedHostAction(
          action: .hostMaintenance, host: host, after: after,
          reason: StepReason(text: why, proposedBy: "optimizer:consolidate:power-management")))
      actions.append(
        PlannedHostAction(
          action: .hostPowerOff, host: host, after: [],
          reason: StepReason(text: why, proposedBy: "optimizer:consolidate:power-management"),
          afterHostActions: [actions.count - 1]))
    }
    return actions
  }

  /// The bin-packing bound: hosts that must stay (fixed VMs, hosts that are not Up), then the
  /// fewest further Up hosts, largest first, whose room holds the rest of the memory — and
  /// likewise for CPU; the larger of the two.
  static func consolidationBound(_ model: PackingModel) -> (hosts: Int, detail: String) {
    let hosts = model.snapshot.hosts.indices
    // Hosts that must stay in use: fixed VMs, not Up, or the only host some unit may run on.
    var mustStay = hosts.map {
      model.vmCount[$0] > 0 && (!model.usable[$0] || model.fixedCount[$0] > 0)
    }
    for unit in model.units {
      let set = model.allowedSets[unit.allowedSet]
      let others = set.indices.reduce(0) { $0 + set[$1].nonzeroBitCount }
      let originBit = set[unit.origin >> 6] & (1 << UInt64(unit.origin & 63)) != 0
      if others == 0 || (others == 1 && originBit) { mustStay[unit.origin] = true }
    }
    let pinned = hosts.filter { mustStay[$0] }
    let up = hosts.filter { model.usable[$0] }
    func needed(_ demand: Double, _ room: (Int) -> Double) -> Int {
      var have = pinned.filter { model.usable[$0] }.reduce(0.0) { $0 + room($1) }
      var count = pinned.count
      let pinnedSet = Set(pinned)
      for host in up.filter({ !pinnedSet.contains($0) }).sorted(by: {
        (room($1), $0) < (room($0), $1)
      }) {
        if have >= demand - 1e-6 { break }
        have += room(host)
        count += 1
      }
      return count
    }
    let memory = up.reduce(0.0) { $0 + Double(model.memoryUsedMiB[$1]) }
    let cpu = up.reduce(0.0) { $0 + model.cpuUsedPoints[$1] }
    // A host holds at most its room, or what it already runs when that is more (it receives
    // nothing then, but keeps its VMs).
    let byMemory = needed(memory) {
      Double(max(model.memoryRoomMiB[$0], model.memoryUsedMiB[$0]))
    }
    let byCPU = needed(cpu) { max(0, model.cpuRoomPoints[$0], model.cpuUsedPoints[$0]) }
    let limit = TextLayout.number(model.cpuLimitPercent)
    return (
      max(byMemory, byCPU),
      "memory needs \(byMemory) host\(byMemory == 1 ? "" : "s"), CPU (at most \(limit)% of the "
        + "cores) \(byCPU); \(pinned.count) host\(pinned.count == 1 ? "" : "s") must stay in use "
        + "(fixed VMs, not Up, or the only host a VM may run on)"
    )
  }
}

extension Optimizer {
  /// The model the search runs on, as JSON, for an external solver to work on the very same
  /// problem (`scripts/optimum-cpsat`): per host its room and fixed load, per unit its VMs, size,
  /// snapshot host and allowed hosts, and the enforcing anti-affinity groups by unit.
  public func modelJSON() -> JSONValue {
    let model = PackingModel(snapshot: context.snapshot, pipeline: context.pipeline)
    var unitMemory = [Int](repeating: 0, count: model.snapshot.hosts.count)
    var unitCPU = [Double](repeating: 0, count: model.snapshot.hosts.count)
    for unit in model.units {
      unitMemory[unit.origin] += unit.memoryMiB
      unitCPU[unit.origin] += unit.cpuPoints
    }
    let hosts: [JSONValue] = model.snapshot.hosts.indices.map { host in
      .object([
        ("name", .string(model.snapshot.hosts[host].name)), ("up", .bool(model.usable[host])),
        ("memoryRoomMiB", .int(model.memoryRoomMiB[host])),
        (
          "cpuRoomPoints",
          model.cpuRoomPoints[host].isFinite ? .double(model.cpuRoomPoints[host]) : .null
        ),
        ("fixedMemoryMiB", .int(model.memoryUsedMiB[host] - unitMemory[host])),
        ("fixedCpuPoints", .double(model.cpuUsedPoints[host] - unitCPU[host])),
        ("fixedVMs", .int(model.fixedCount[host])),
      ])
    }
    let units: [JSONValue] = model.units.map { unit in
      let set = model.allowedSets[unit.allowedSet]
      let allowed = model.snapshot.hosts.indices.filter {
        $0 == unit.origin || set[$0 >> 6] & (1 << UInt64($0 & 63)) != 0
      }
      return .object([
        ("vms", .int(unit.vms.count)),
        ("vmNames", .array(unit.vms.map { .string(model.snapshot.vms[$0].name) })),
        ("memoryMiB", .int(unit.memoryMiB)),
        ("cpuPoints", .double(unit.cpuPoints)), ("origin", .int(unit.origin)),
        ("allowed", .array(allowed.map { .int($0) })),
      ])
    }
    var groups: [Int: [Int]] = [:]
    for (index, unit) in model.units.enumerated() {
      for group in unit.negativeGroups { groups[group, default: []].append(index) }
    }
    return .object([
      ("hosts", .array(hosts)), ("units", .array(units)),
      (
        "negativeGroups",
        .array(groups.keys.sorted().compactMap { groups[$0] }.map { .array($0.map { .int($0) }) })
      ),
    ])
  }
}
