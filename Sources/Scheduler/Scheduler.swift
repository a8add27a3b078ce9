public import Diagnostics
public import Inventory
public import Policy
import PolicyExpression

/// Options of a ``Scheduler``.
public struct SchedulingOptions: Hashable, Sendable {
  /// How VMs placed in one request are grouped by hard affinity.
  public var grouping: GroupingMode
  /// How they are ordered first.
  public var ordering: PlacementOrdering
  /// Whether filters also run on hosts an earlier filter rejected, so an explanation lists
  /// every rejecting filter. Callers that only need the chosen host (the balancer and
  /// affinity-enforcement loops) turn it off; the decision is the same either way.
  public var recordsEveryRejection: Bool
  /// How much of each decision's explanation is kept.
  public var explanation: ExplanationDetail

  /// Creates options; the defaults reproduce oVirt.
  public init(
    grouping: GroupingMode = .whenPolicyEnforcesAffinity,
    ordering: PlacementOrdering = .pinningClassThenSize,
    recordsEveryRejection: Bool = true,
    explanation: ExplanationDetail = .everyHost
  ) {
    self.grouping = grouping
    self.ordering = ordering
    self.recordsEveryRejection = recordsEveryRejection
    self.explanation = explanation
  }
}

/// How much of a decision's explanation the scheduler keeps. The decision is the same either
/// way; a summary only leaves out what a report of placed VMs never prints.
public enum ExplanationDetail: Hashable, Sendable {
  /// Every host's verdicts, weights, total and place (`explain`, JSON output, audits).
  case everyHost
  /// Every host only for a decision that places nothing (its report lists every rejecting
  /// filter of every host); a placed decision keeps the winner's and the runner-up's
  /// evaluations and the first two places of the ranking (``PlacementDecision/isSummary``).
  case summaryWhenPlaced
}

/// The placement solver for one compiled scheduling policy: filter → weight → select, as
/// oVirt's `SchedulingManager` does (Docs/ovirt.md §3).
///
/// ```swift
/// let scheduler = Scheduler(pipeline: pipeline)
/// var state = SchedulerState(snapshot: snapshot)
/// let run = scheduler.place([vmIndex], in: &state)              // records pending resources
/// let why = scheduler.explain(vm: running, in: state)           // stateless, source blacklisted
/// let mine = scheduler.decide(VMGroup(vmIndices: [vm]), in: state,
///                             constraints: HostConstraints(whitelist: balancerCandidates))
/// ```
///
/// Per decision:
/// 1. Candidates: hosts in status Up, in host index order, minus the blacklist, intersected
///    with a non-empty whitelist (``HostConstraints``).
/// 2. Filters in pipeline order (mandatory first), each seeing the survivors of the previous
///    one. For the explanation every filter is also evaluated on hosts an earlier filter
///    already rejected; those verdicts never change the result (a host's survival is decided
///    by its first failure, ``HostEvaluation/decisiveFilter``). A group passes a filter on a
///    host when every member does, the earlier members counting as pending on that host.
/// 3. With two or more survivors, every weight on the survivors, then the selector
///    (``WeightSelector``). One survivor is taken without weighing.
/// 4. Ties break by the lowest host index.
///
/// Native units that are not implemented are never treated as passing: their verdict is
/// ``FilterVerdict/notEvaluated`` and the decision lists them in
/// ``PlacementDecision/unevaluatedUnits`` when they could change it.
public struct Scheduler: Sendable {
  /// The compiled policy.
  public let pipeline: SchedulingPipeline
  /// Grouping and ordering.
  public var options: SchedulingOptions
  /// Each expression filter's condition alone (`nil` for native filters): the hot loop reads
  /// one closure per host × filter instead of copying the whole filter value.
  private let conditions: [CompiledExpression<EvaluationContext>?]
  /// Every filter passing: the verdicts of most hosts, shared by them all (an array is copied
  /// only when a filter fails), so a decision's explanation costs no allocation per passing
  /// host.
  private let allPass: [FilterVerdict]
  /// Every filter index, in pipeline order.
  private let allFilters: [Int]
  /// The filters' unit names, in pipeline order (shared by every decision).
  private let filterNames: [String]
  /// Each native filter's evaluator and properties (`nil` for expression filters).
  private let natives: [NativeFilter?]
  /// The static and dynamic filters: a one-VM decision evaluates the static ones once per
  /// snapshot and VM key (``SchedulerState``'s store) and only the dynamic ones per decision.
  let staticPlan: StaticFilterPlan
  /// Whether one-VM decisions use the static verdict rows; off, every filter runs on every
  /// candidate: the reference the rows are tested against.
  var usesStaticVerdicts = true
  /// Whether one-VM decisions read the dynamic expression filters' verdicts from the state's
  /// rows (``DynamicVerdictStore``) on hosts whose fields did not change; off, they are
  /// evaluated per decision: the reference the rows are tested against.
  var usesDynamicVerdicts = true
  /// Each expression weight with its row signature (`nil` for native weights).
  private let scoredWeights: [ScoredExpressionWeight?]
  /// Whether one-VM decisions read the expression weights' scores from the state's rows
  /// (``WeightScoreStore``) on hosts whose fields did not change; off, every weight is
  /// evaluated on every survivor: the reference the rows are tested against.
  var usesWeightRows = true

  /// Creates a scheduler.
  public init(pipeline: SchedulingPipeline, options: SchedulingOptions = SchedulingOptions()) {
    self.pipeline = pipeline
    self.options = options
    allPass = Array(repeating: .pass, count: pipeline.filters.count)
    allFilters = Array(pipeline.filters.indices)
    filterNames = pipeline.filters.map(\.unitName)
    natives = pipeline.filters.map { filter -> NativeFilter? in
      if case .native(let step) = filter {
        return NativeFilter(evaluator: step.evaluator, properties: step.properties)
      }
      return nil
    }
    staticPlan = StaticFilterPlan(pipeline: pipeline)
    scoredWeights = pipeline.weights.map { weight -> ScoredExpressionWeight? in
      if case .expression(let compiled) = weight { return ScoredExpressionWeight(compiled) }
      return nil
    }
    conditions = pipeline.filters.map { filter -> CompiledExpression<EvaluationContext>? in
      if case .expression(let compiled) = filter { return compiled.conditionExpression }
      return nil
    }
  }

  /// Whether requests are grouped by hard positive VM affinity: per ``SchedulingOptions/grouping``,
  /// by default only when the policy has the `VmAffinityGroups` filter (Docs/ovirt.md §3.3).
  public var isGrouping: Bool {
    switch options.grouping {
    case .always: true
    case .never: false
    case .whenPolicyEnforcesAffinity:
      pipeline.filters.contains { $0.unitName == "VmAffinityGroups" }
    }
  }

  /// The groups a request is placed in, in order.
  /// - Complexity: see ``VMGrouper/groups(of:in:isGrouping:ordering:)``.
  public func groups(of vms: [Int], in snapshot: ClusterSnapshot) -> [VMGroup] {
    VMGrouper.groups(
      of: Self.withoutRepeats(vms), in: snapshot, isGrouping: isGrouping,
      ordering: options.ordering)
  }

  /// Places VMs: groups them, decides each group in order and records every placement as
  /// pending before the next decision (oVirt's `schedule(vms)`).
  ///
  /// VMs of a group already running on the chosen host get no pending entry.
  /// - Complexity: O(groups × hosts × (filters + weights) × group size × expression size).
  public func place(
    _ vms: [Int], in state: inout SchedulerState, constraints: HostConstraints = .none
  ) -> PlacementRun {
    var decisions: [PlacementDecision] = []
    let groups = place(vms, in: &state, constraints: constraints) { decisions.append($0) }
    return PlacementRun(groups: groups, decisions: decisions)
  }

  /// Places VMs as ``place(_:in:constraints:)`` does, handing each decision to `body` as it is
  /// made instead of keeping them all: a caller that reduces every decision to a few facts
  /// holds one explanation at a time. Returns the groups, in order.
  public func place(
    _ vms: [Int], in state: inout SchedulerState, constraints: HostConstraints = .none,
    each body: (PlacementDecision) -> Void
  ) -> [VMGroup] {
    let groups = groups(of: vms, in: state.snapshot)
    for group in groups {
      let decision = decide(group, in: state, constraints: constraints)
      if let host = decision.outcome.hostIndex {
        for vm in group.vmIndices {
          let current = state.snapshot.vms[vm]
          if current.isRunning, current.hostIndex == host { continue }
          state.recordPlacement(vm: vm, host: host)
        }
      }
      body(decision)
    }
    return groups
  }

  /// Explains where a VM would go, without changing the state (oVirt's `scheduleStateless`).
  ///
  /// A running VM is treated as a migration: its source host is added to the blacklist, as
  /// MigrateVm does, so the answer is "where would it go if it had to move".
  public func explain(
    vm: Int, in state: SchedulerState, constraints: HostConstraints = .none
  ) -> PlacementDecision {
    var constraints = constraints
    if state.snapshot.vms.indices.contains(vm) {
      let migration = HostConstraints.migration(of: state.snapshot.vms[vm])
      for host in migration.blacklist where !constraints.blacklist.contains(host) {
        constraints.blacklist.append(host)
      }
    }
    return decide(VMGroup(vmIndices: [vm]), in: state, constraints: constraints)
  }

  /// Decides one group without changing the state.
  ///
  /// - Parameters:
  ///   - group: the VMs to place together (see ``groups(of:in:)``).
  ///   - state: the snapshot and pending resources.
  ///   - constraints: blacklist and whitelist.
  /// - Returns: the decision with its explanation (per ``SchedulingOptions/explanation``).
  /// - Complexity: O(hosts × (filters + weights) × group size × expression size + weights ×
  ///   survivors log survivors); the margin adds O(weights² × survivors log survivors).
  public func decide(
    _ group: VMGroup, in state: SchedulerState, constraints: HostConstraints
  ) -> PlacementDecision {
    let snapshot = state.snapshot
    let hostCount = snapshot.hosts.count
    let vms = group.vmIndices.filter { snapshot.vms.indices.contains($0) }
    var tables = state.tables
    tables.schedulingGroup = vms
    var context = EvaluationContext(tables: tables, hostIndex: 0, vmIndex: -1)
    let exclusions = constraints.exclusions(in: snapshot)
    let candidates = exclusions.indices.filter { exclusions[$0] == nil }
    // A host every static filter passes needs only the dynamic ones: the static verdicts are
    // passes. Elsewhere every filter runs, for the first failure and its reason.
    let staticPasses = staticPasses(vms, in: state)
    // Where the dynamic expression filters pass too (their rows kept per host stamp): such a
    // host needs only the native filters. Elsewhere the dynamic filters run, for the reasons.
    var dynamicPasses: HostBitset?
    if var passes = staticPasses, usesDynamicVerdicts, !staticPlan.dynamicExpressions.isEmpty {
      passes.formIntersection(HostBitset(count: hostCount, members: candidates))
      state.dynamicVerdicts.intersect(
        &passes, filters: staticPlan.dynamicExpressions, vm: vms[0], stamps: state.stamps,
        &context)
      dynamicPasses = passes
    }
    // The native filters that must run per host there: a unit that passes this VM on every
    // host (it lacks what the unit checks) keeps its `.pass` verdict without a call.
    let hostNatives =
      dynamicPasses == nil
      ? []
      : staticPlan.natives.filter { index in
        guard let native = natives[index] else { return true }
        return !native.evaluator.passesEveryHost(
          vm: vms[0], tables: tables, properties: native.properties)
      }
    // A summary stops at each host's first failure: should nothing be placed, the decision is
    // made again keeping every host's every verdict (see the end).
    let summarizes = options.explanation == .summaryWhenPlaced
    let recordsEveryRejection = options.recordsEveryRejection && !summarizes

    // Filters: each one sees the survivors of the previous one, so a host's fate is its first
    // failure; the later filters are still evaluated on it, for the explanation only.
    // Per host, where its verdicts are when one is not a pass (-1: every filter passed a
    // survivor, or none was evaluated on the others) and the decisive filter; the evaluations
    // are built at the end for the hosts the decision keeps.
    var verdictRows: [[FilterVerdict]] = []
    var verdictRow = [Int](repeating: -1, count: hostCount)
    var decisive = [Int?](repeating: nil, count: hostCount)
    var survivors: [Int] = []
    // The survivors with a verdict `.notEvaluated` (few: most pass every filter).
    var unevaluatedSurvivors: [Int] = []
    for host in candidates {
      let passesStatic = staticPasses?.contains(host)
      if summarizes, passesStatic == false, let firstStatic = staticPlan.staticFilters.first {
        // A summary keeps the survivors' evaluations only (and decides again with every
        // verdict when nothing is placed): a host a static filter rejects is not evaluated.
        decisive[host] = firstStatic
        continue
      }
      // Which filters run here; the arrays are not copied per host.
      var filters = passesStatic == true ? FilterSet.dynamic : .all
      if passesStatic == true, let dynamicPasses {
        if dynamicPasses.contains(host) {
          if hostNatives.isEmpty {
            survivors.append(host)
            continue
          }
          filters = .hostNatives
        } else if summarizes, let firstDynamic = staticPlan.dynamicExpressions.first {
          decisive[host] = firstDynamic.index
          continue
        }
      }
      var hasUnevaluated = false
      var failure: Int?
      let row = filterVerdicts(
        host: host, vms: vms, tables: tables, &context,
        filters: filters == .all
          ? allFilters : filters == .dynamic ? staticPlan.dynamicFilters : hostNatives,
        recordsEveryRejection: recordsEveryRejection, hasUnevaluated: &hasUnevaluated,
        firstFailure: &failure)
      if failure != nil || hasUnevaluated {
        verdictRow[host] = verdictRows.count
        verdictRows.append(row)
      }
      decisive[host] = failure
      if failure == nil {
        survivors.append(host)
        if hasUnevaluated { unevaluatedSurvivors.append(host) }
      }
    }

    var columns = pipeline.weights.map {
      WeightColumn(unitName: $0.unitName, factor: $0.factor, status: .notRun)
    }
    var ranking = survivors
    var margin: DecisionMargin?
    var scores: [[Double?]] = []
    var selection: WeightSelector.Result?
    let isWeighed = survivors.count >= 2 && group.conflict == nil
    if isWeighed {
      let readsRows = usesWeightRows && vms.count == 1
      scores = pipeline.weights.indices.map { index in
        score(
          pipeline.weights[index], hosts: survivors, vms: vms, &context, &columns[index],
          rows: readsRows ? scoredWeights[index] : nil, state: state, tables: tables)
      }
      let selector = WeightSelector(kind: pipeline.selector)
      let result = selector.select(
        zip(columns, scores).map { WeightSelector.Column(factor: $0.factor, scores: $1) },
        candidateKeys: survivors, rankingLimit: summarizes ? 2 : nil)
      selection = result
      ranking = result.ranking.map { survivors[$0] }
      if let first = result.ranking.first, result.ranking.count > 1 {
        let second = result.ranking[1]
        let units = columns.indices.map {
          MarginCalculator.Unit(
            name: columns[$0].unitName, factor: columns[$0].factor,
            meritPerFactor: result.meritPerFactor[$0])
        }
        let merit = WeightSelector.merit(
          factors: columns.map(\.factor), meritPerFactor: result.meritPerFactor,
          count: survivors.count)
        margin = DecisionMargin(
          winner: survivors[first], runnerUp: survivors[second],
          difference: merit[first] - merit[second],
          flip: MarginCalculator.smallestFlip(units: units, keys: survivors, runnerUp: second))
      }
    }
    // Each host's survivor position when its weights are kept (a summary keeps the winner's
    // and the runner-up's only), and its 1-based place in the ranking.
    var weighedPosition = [Int?](repeating: nil, count: hostCount)
    if let selection {
      for position in summarizes ? Array(selection.ranking.prefix(2)) : Array(survivors.indices) {
        weighedPosition[survivors[position]] = position
      }
    }
    var place = [Int?](repeating: nil, count: hostCount)
    if group.conflict == nil {
      for (index, host) in ranking.prefix(summarizes ? 2 : ranking.count).enumerated() {
        place[host] = index + 1
      }
    }

    let outcome: PlacementOutcome
    if let conflict = group.conflict {
      outcome = .unschedulable(.affinityConflict(conflict))
      ranking = []
    } else if candidates.isEmpty {
      outcome = .unschedulable(.noCandidateHosts)
    } else if let winner = ranking.first {
      outcome = .placed(hostIndex: winner)
    } else {
      outcome = .unschedulable(.allHostsFilteredOut)
    }
    if summarizes, outcome.hostIndex == nil {
      var everyHost = self
      everyHost.options.explanation = .everyHost
      return everyHost.decide(group, in: state, constraints: constraints)
    }

    var unevaluated: [String] = []
    if outcome.hostIndex != nil {
      for (filterIndex, filter) in pipeline.filters.enumerated()
      where unevaluatedSurvivors.contains(where: {
        verdictRows[verdictRow[$0]][filterIndex] == .notEvaluated
      }) {
        unevaluated.append("Filter " + filter.unitName)
      }
      for column in columns where column.status == .notImplemented {
        unevaluated.append("Weight " + column.unitName)
      }
    }
    let isSummary = summarizes && outcome.hostIndex != nil
    if isSummary { ranking = Array(ranking.prefix(2)) }
    let hosts = (isSummary ? ranking.sorted() : Array(snapshot.hosts.indices)).map { host in
      var weights: [WeightScore] = []
      var total: Double?
      if let selection, let position = weighedPosition[host] {
        weights = columns.indices.map { unit in
          let raw = scores[unit][position]
          let points = selection.points[unit]?[position]
          let contribution =
            pipeline.selector == .rank
            ? Double(columns[unit].factor * (points ?? 0))
            : Double(columns[unit].factor) * (raw ?? 0)
          return WeightScore(rawScore: raw, points: points, contribution: contribution)
        }
        total = selection.totals[position]
      }
      let isSurvivor = exclusions[host] == nil && decisive[host] == nil
      return HostEvaluation(
        hostIndex: host, hostName: snapshot.hosts[host].name, exclusion: exclusions[host],
        filterVerdicts: verdictRow[host] >= 0
          ? verdictRows[verdictRow[host]] : isSurvivor ? allPass : [],
        decisiveFilter: decisive[host], weights: weights, total: total, place: place[host])
    }
    let decision = PlacementDecision(
      vmIndices: vms, policyName: pipeline.policyName, selector: pipeline.selector,
      filterNames: filterNames,
      mandatoryFilterCount: pipeline.mandatoryFilterCount, weightColumns: columns,
      constraints: constraints, hosts: hosts, ranking: ranking, isWeighed: isWeighed,
      outcome: outcome, unevaluatedUnits: unevaluated, margin: margin, isSummary: isSummary)
    #if SHEPHERD_INVARIANTS
      if let violation = decision.invariantViolations().first {
        preconditionFailure("placement decision invariant: \(violation)")
      }
    #endif
    return decision
  }

  /// Every filter's verdict on one host for the VMs of a group; for each filter the first
  /// failing VM wins.
  ///
  /// In a group, the members before a VM count as pending on the host being evaluated, so a
  /// group never fits a host only because each member fits alone (oVirt's group-aware memory
  /// and CPU checks). `context.tables` is restored to `tables`' pending state afterwards.
  /// Native filters of a one-VM decision read `tables` (equal to the context's), so the
  /// context's tables are not copied out per host × filter. `hasUnevaluated` is set when a
  /// verdict is `.notEvaluated`; `firstFailure` gets the first failing filter's index (the
  /// decisive one), so callers need not scan the verdicts.
  private func filterVerdicts(
    host: Int, vms: [Int], tables: ClusterTables, _ context: inout EvaluationContext,
    filters: [Int], recordsEveryRejection: Bool, hasUnevaluated: inout Bool,
    firstFailure: inout Int?
  ) -> [FilterVerdict] {
    var verdicts = allPass
    context.hostIndex = host
    var rejected = false
    for (position, vm) in vms.enumerated() {
      context.vmIndex = vm
      for index in filters where !verdicts[index].isFailure {
        if rejected && !recordsEveryRejection { break }
        if let condition = conditions[index], condition.evaluateBool(context) { continue }
        let verdict: NativeFilterVerdict
        if let native = natives[index] {
          // Native filters through one reference: no copy of the pipeline's filter value.
          // Two calls, not a conditional argument: the tables are borrowed, never copied.
          if vms.count > 1 {
            verdict = native.evaluator.filter(
              host: host, vm: vm, tables: context.tables, properties: native.properties)
          } else {
            verdict = native.evaluator.filter(
              host: host, vm: vm, tables: tables, properties: native.properties)
          }
        } else {
          verdict =
            vms.count > 1
            ? evaluate(pipeline.filters[index], host: host, vm: vm, context, tables: context.tables)
            : evaluate(pipeline.filters[index], host: host, vm: vm, context, tables: tables)
        }
        switch verdict {
        case .pass: break
        case .notEvaluated:
          verdicts[index] = .notEvaluated
          hasUnevaluated = true
        case .fail(let reason):
          let prefix = vms.count > 1 ? context.tables.snapshot.vms[vm].name + ": " : ""
          verdicts[index] = .fail(reason: prefix + reason, vmIndex: vm)
          firstFailure = min(firstFailure ?? index, index)
          rejected = true
        }
      }
      if position < vms.count - 1 { context.tables.addPending(vm: vm, host: host) }
    }
    for vm in vms.dropLast() {
      context.tables.removePending(vm: vm)
      if let earlier = tables.pending.entries[vm] {
        context.tables.addPending(vm: vm, host: earlier.hostIndex)
      }
    }
    return verdicts
  }

  /// The hosts where every static filter passes for a one-VM decision (computed once per
  /// snapshot and VM key); `nil` for a group or a pipeline without static filters.
  private func staticPasses(_ vms: [Int], in state: SchedulerState) -> HostBitset? {
    guard usesStaticVerdicts, vms.count == 1, !staticPlan.staticFilters.isEmpty else { return nil }
    return state.staticVerdicts.passes(staticPlan, vm: vms[0], tables: state.tables)
  }

  /// The hosts every static filter passes for `vm` (filters that read nothing placement
  /// changes, ``CompiledFilter/readsPlacementDependentFields``): a superset of the hosts
  /// ``isFeasible(vm:host:in:)`` accepts. Computed once per snapshot for VMs with equal static
  /// inputs, then shared.
  /// - Complexity: O(hosts × static filters) the first time, O(VM key) after.
  public func staticallyFeasibleHosts(vm: Int, in state: SchedulerState) -> HostBitset {
    guard state.snapshot.vms.indices.contains(vm) else {
      return HostBitset(count: state.snapshot.hosts.count)
    }
    return staticPasses([vm], in: state)
      ?? HostBitset(count: state.snapshot.hosts.count, filled: true)
  }

  /// Whether every filter of the pipeline passes `vm` on `host` in `state` (pending resources
  /// included), as a one-VM decision would find; a native unit that is not evaluated does not
  /// pass. Candidate rules (host status, blacklist) are the caller's.
  ///
  /// The yes/no of ``decide(_:in:constraints:)`` for one host, without the explanation or the
  /// other hosts: for searches that test many single (VM, host) pairs (the balancer, the
  /// optimizer's move sequencing); ``decide(_:in:constraints:)`` stays the one that explains.
  /// - Complexity: O(dynamic filters × expression size) after the static row exists.
  public func isFeasible(vm: Int, host: Int, in state: SchedulerState) -> Bool {
    guard state.snapshot.vms.indices.contains(vm), state.snapshot.hosts.indices.contains(host)
    else { return false }
    let passes = staticPasses([vm], in: state)
    if let passes, !passes.contains(host) { return false }
    var tables = state.tables
    tables.schedulingGroup = [vm]
    var context = EvaluationContext(tables: tables, hostIndex: host, vmIndex: vm)
    var hasUnevaluated = false
    var firstFailure: Int?
    let verdicts = filterVerdicts(
      host: host, vms: [vm], tables: tables, &context,
      filters: passes == nil ? allFilters : staticPlan.dynamicFilters,
      recordsEveryRejection: false, hasUnevaluated: &hasUnevaluated, firstFailure: &firstFailure)
    return verdicts.allSatisfy { $0 == .pass }
  }

  /// One filter's verdict on one (host, VM) pair.
  private func evaluate(
    _ filter: PipelineFilter, host: Int, vm: Int, _ context: EvaluationContext,
    tables: ClusterTables
  ) -> NativeFilterVerdict {
    switch filter {
    case .expression(let compiled):
      return compiled.evaluate(context) ? .pass : .fail(reason: compiled.reason(context))
    case .native(let step):
      return step.evaluator.filter(
        host: host, vm: vm, tables: tables, properties: step.properties)
    }
  }

  /// One weight's score per surviving host, summed over the group's VMs (`nil` where no VM
  /// recorded a score); updates the column's status. With `rows` (a one-VM decision), an
  /// expression weight's scores come from `state`'s rows where the host did not change.
  /// `tables` are the decision's (a one-VM decision's native weights read them, not a copy of
  /// the context's).
  private func score(
    _ weight: PipelineWeight, hosts: [Int], vms: [Int], _ context: inout EvaluationContext,
    _ column: inout WeightColumn, rows: ScoredExpressionWeight?, state: SchedulerState,
    tables: ClusterTables
  ) -> [Double?] {
    var scores = [Double?](repeating: nil, count: hosts.count)
    func add(_ value: Double?, at position: Int) {
      guard let value else { return }
      scores[position] = (scores[position] ?? 0) + value
    }
    switch weight {
    case .expression(let compiled):
      if let scored = rows, let vm = vms.first {
        scores = state.weightScores.scores(
          scored, hosts: hosts, vm: vm, stamps: state.stamps, &context)
      } else {
        for (position, host) in hosts.enumerated() {
          context.hostIndex = host
          for vm in vms {
            context.vmIndex = vm
            add(compiled.evaluate(context), at: position)
          }
        }
      }
      if compiled.stretches, let first = vms.first {
        // oVirt stretches per decision, over the candidates (Docs/ovirt.md §2.4).
        context.vmIndex = first
        let stretched = hosts.indices.filter {
          context.hostIndex = hosts[$0]
          return compiled.isStretched(context)
        }
        scores = CompiledWeight.stretch(scores, at: stretched)
      }
    case .native(let step):
      guard step.isAvailable else {
        column.status = .notImplemented
        return scores
      }
      for vm in vms {
        // A group's members are evaluated on the context's tables (where the filters left
        // them); one VM's on `tables`, equal to them, borrowed instead of copied.
        let batch =
          vms.count > 1
          ? step.evaluator.weights(
            hosts: hosts, vm: vm, tables: context.tables, properties: step.properties)
          : step.evaluator.weights(
            hosts: hosts, vm: vm, tables: tables, properties: step.properties)
        if vms.count == 1, batch.count == hosts.count {
          // One VM: the batch is the column (each score added to 0, as below).
          scores = batch.map { $0.map { 0 + $0 } }
          continue
        }
        for position in hosts.indices where batch.indices.contains(position) {
          add(batch[position], at: position)
        }
      }
    }
    column.status = scores.contains { $0 != nil } ? .evaluated : .recordedNothing
    return scores
  }

  static func withoutRepeats(_ vms: [Int]) -> [Int] {
    var seen: Set<Int> = []
    return vms.filter { seen.insert($0).inserted }
  }
}

/// Which of a scheduler's filter lists runs on a host.
private enum FilterSet {
  /// Every filter: the host failed a static filter (or there are no static rows).
  case all
  /// The dynamic ones: every static filter passes.
  case dynamic
  /// The native ones that do not pass the VM everywhere: the dynamic expressions pass too.
  case hostNatives
}

/// A native filter's evaluator and properties behind one reference, for the hot loop.
private final class NativeFilter: Sendable {
  let evaluator: any NativeUnitEvaluator
  let properties: UnitProperties

  init(evaluator: any NativeUnitEvaluator, properties: UnitProperties) {
    self.evaluator = evaluator
    self.properties = properties
  }
}

/// The result of placing several VMs: one decision per group, in order.
public struct PlacementRun: Hashable, Sendable {
  /// The groups, in scheduling order.
  public var groups: [VMGroup]
  /// One decision per group.
  public var decisions: [PlacementDecision]

  /// Every VM that got a host, with the host, in scheduling order.
  public var placements: [SchedulerState.Placement] {
    decisions.flatMap { decision in
      decision.outcome.hostIndex.map { host in
        decision.vmIndices.map { SchedulerState.Placement(vmIndex: $0, hostIndex: host) }
      } ?? []
    }
  }

  /// The VMs no host could take, in scheduling order.
  public var unschedulableVMs: [Int] {
    decisions.filter { $0.outcome.hostIndex == nil }.flatMap(\.vmIndices)
  }

  /// Whether some decision depends on units that were not evaluated.
  public var hasProvisionalDecisions: Bool { decisions.contains(where: \.isProvisional) }

  /// Whether every VM was placed by a definite decision.
  public var isComplete: Bool { unschedulableVMs.isEmpty && !hasProvisionalDecisions }
}

/// Resolves the VM names of a request to indices, reporting problems.
public enum PlacementRequest {
  /// The VM indices of `names`, in order, without repeats.
  ///
  /// Reports S001 for unknown names (with a did-you-mean), S008 for repeats and, when
  /// `requiresStopped`, S002 for running VMs (which are then left out).
  /// - Complexity: O(names × VMs) only when suggesting; otherwise O(names).
  public static func resolve(
    _ names: [String], in snapshot: ClusterSnapshot, requiresStopped: Bool,
    diagnostics: inout DiagnosticBag
  ) -> [Int] {
    var out: [Int] = []
    for name in names {
      guard let index = snapshot.vmIndexByName[name] else {
        diagnostics.report(
          .schedulerUnknownVM, "no VM named '\(name)' in the snapshot", at: nil,
          help: DidYouMean.help(for: name, among: snapshot.vms.map(\.name)))
        continue
      }
      if out.contains(index) {
        diagnostics.report(.schedulerRepeatedVM, "VM '\(name)' is named twice", at: nil)
        continue
      }
      let vm = snapshot.vms[index]
      if requiresStopped, vm.isRunning {
        diagnostics.report(
          .schedulerVMRunning,
          "VM '\(name)' is already running (\(vm.status.rawValue) on '\(vm.hostName ?? "?")')",
          at: vm.nameSpan,
          help: "to see where it would go if it had to move, run 'shepherd explain' on it")
        continue
      }
      out.append(index)
    }
    return out
  }
}
