import Diagnostics
import Inventory
import Policy
import Scheduler
import ShepherdTestSupport
import Testing

/// Solver invariants on random clusters: a placement never lands on a host its filters reject
/// (checked independently of the scheduler, with pending resources replayed), every
/// unschedulable VM is rejected by every candidate, and the same inputs give the same output.
@Suite("placement properties")
struct PlacementPropertyTests {
  typealias Support = SchedulerTestSupport

  /// The test pipelines, compiled once (they do not depend on the snapshot).
  static let pipelines: [SchedulingPipeline] = {
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let library = Support.library(sources: &sources, bag: &bag)
    let compiler = PolicyCompiler(library: library)
    return ["sched_rank", "sched_sum"].compactMap {
      compiler.compileSchedulingPolicy(named: $0, diagnostics: &bag)
    }
  }()

  /// A random small cluster as YAML, and the names of its Down VMs.
  static func randomCluster(_ random: inout SplitMix64) -> (text: String, down: [String]) {
    let hostCount = 1 + random.next(below: 5)
    var hosts: [String] = []
    var upHosts: [String] = []
    for index in 0..<hostCount {
      let name = "h\(index)"
      let isUp = !random.chance(15)
      if isUp { upHosts.append(name) }
      let memory = [8192, 16384, 32768, 65536][random.next(below: 4)]
      hosts.append(
        Support.host(
          name, memoryMiB: memory, freeMiB: memory / 2,
          committedMiB: memory / 4 * random.next(below: 3),
          status: isUp ? "Up" : "Maintenance",
          networks: random.chance(20) ? "other" : "vm-net",
          extra: random.chance(30) ? "labels: [slow]" : ""))
    }
    var vms: [String] = []
    for index in 0..<random.next(below: 4) where !upHosts.isEmpty {
      let host = upHosts[random.next(below: upHosts.count)]
      vms.append(
        "{ name: r\(index), status: Up, host: \(host), memoryMiB: 2048, vcpus: 2, "
          + "networks: [vm-net] }")
    }
    var down: [String] = []
    for index in 0..<(1 + random.next(below: 6)) {
      let name = "d\(index)"
      down.append(name)
      var extra = random.chance(30) ? "preferredHosts: [h\(random.next(below: hostCount))]" : ""
      if random.chance(10) {
        extra += (extra.isEmpty ? "" : ", ") + "cpuPinning: { policy: dedicated }"
      }
      vms.append(
        Support.vm(
          name, memoryMiB: [1024, 4096, 12288, 30000][random.next(below: 4)],
          vcpus: [1, 2, 8, 24][random.next(below: 4)], extra: extra))
    }
    var groups: [String] = []
    for index in 0..<random.next(below: 3) where down.count >= 2 {
      // Two different VMs (a member listed twice is an error, I008).
      let first = random.next(below: down.count)
      let a = down[first]
      let b = down[(first + 1 + random.next(below: down.count - 1)) % down.count]
      let polarity = random.chance(60) ? "positive" : "negative"
      groups.append(
        "{ name: g\(index), vms: [\(a), \(b)], vmRule: { polarity: \(polarity), enforcing: true } }"
      )
    }
    return (Support.snapshot(hosts: hosts, vms: vms, groups: groups), down)
  }

  /// Whether a filter rejects a host for a VM, evaluated directly (expression or native).
  static func rejects(
    _ filter: PipelineFilter, host: Int, vm: Int, tables: ClusterTables,
    pipeline: SchedulingPipeline
  ) -> Bool {
    switch filter {
    case .expression(let compiled):
      return !compiled.evaluate(host: host, vm: vm, in: tables)
    case .native(let step):
      if case .fail = step.evaluator.filter(
        host: host, vm: vm, tables: tables, properties: step.properties)
      {
        return true
      }
      return false
    }
  }

  @Test("placements pass every filter; unschedulable VMs are rejected everywhere; deterministic")
  func invariants() async {
    let pipelines = Self.pipelines
    #expect(pipelines.count == 2)
    for seed in PropertySeeds.seeds(count: 150, salt: 2) {
      var random = SplitMix64(seed: seed)
      let (text, down) = Self.randomCluster(&random)
      var sources = SourceMap()
      var bag = DiagnosticBag()
      let file = sources.add(path: "random.yaml", text: text)
      guard let snapshot = SnapshotLoader().load(file, diagnostics: &bag) else {
        Issue.record(
          "random snapshot did not load:\n\(DiagnosticRenderer(sources: sources).render(bag))")
        continue
      }
      let pipeline = pipelines[random.next(below: pipelines.count)]
      let options = SchedulingOptions(
        grouping: random.chance(50) ? .always : .never,
        ordering: random.chance(50) ? .pinningClassThenSize : .asGiven)
      let scheduler = Scheduler(pipeline: pipeline, options: options)
      let vms = down.compactMap { snapshot.vmIndexByName[$0] }
      var state = SchedulerState(snapshot: snapshot)
      let run = scheduler.place(vms, in: &state)

      // Replay independently: the tables before each decision, with the pending resources
      // of the decisions before it.
      var tables = ClusterTables(snapshot: snapshot)
      for decision in run.decisions {
        let violations = decision.invariantViolations()
        #expect(violations.isEmpty, "\(violations)")
        switch decision.outcome {
        case .placed(let host):
          #expect(snapshot.hosts[host].status == .up)
          // Members are checked in order, each earlier member already pending on the host.
          for vm in decision.vmIndices {
            defer { tables.addPending(vm: vm, host: host) }
            for filter in pipeline.filters {
              #expect(
                !Self.rejects(filter, host: host, vm: vm, tables: tables, pipeline: pipeline),
                "\(filter.unitName) rejects \(snapshot.hosts[host].name) for \(snapshot.vms[vm].name)"
              )
            }
          }
        case .unschedulable(.allHostsFilteredOut):
          for host in snapshot.hosts.indices where snapshot.hosts[host].status == .up {
            // As the scheduler does for a group: each member is checked with the earlier
            // members already pending on the host.
            var groupTables = tables
            var rejected = false
            for vm in decision.vmIndices where !rejected {
              rejected = pipeline.filters.contains { filter in
                Self.rejects(filter, host: host, vm: vm, tables: groupTables, pipeline: pipeline)
              }
              groupTables.addPending(vm: vm, host: host)
            }
            #expect(rejected, "seed \(seed): \(snapshot.hosts[host].name) was a possible host")
          }
        case .unschedulable(.noCandidateHosts):
          #expect(!snapshot.hosts.contains { $0.status == .up })
        case .unschedulable(.affinityConflict):
          #expect(options.grouping == .always)
        }
      }
      let stateViolations = state.invariantViolations()
      #expect(stateViolations.isEmpty, "\(stateViolations)")

      // Same inputs, same output.
      var again = SchedulerState(snapshot: snapshot)
      let second = scheduler.place(vms, in: &again)
      let sameJSON =
        DecisionReport.json(second, snapshot: snapshot).serialized()
        == DecisionReport.json(run, snapshot: snapshot).serialized()
      let sameText =
        DecisionReport.placeText(second, snapshot: snapshot)
        == DecisionReport.placeText(run, snapshot: snapshot)
      #expect(sameJSON && sameText, "seed \(seed): output differs between runs")

      // A summary makes the same decisions and prints the same text; it keeps the winner's
      // and the runner-up's evaluations of a placed decision, everything otherwise.
      var summaryOptions = options
      summaryOptions.explanation = .summaryWhenPlaced
      var summaryState = SchedulerState(snapshot: snapshot)
      let summary = Scheduler(pipeline: pipeline, options: summaryOptions)
        .place(vms, in: &summaryState)
      #expect(
        DecisionReport.placeText(summary, snapshot: snapshot)
          == DecisionReport.placeText(run, snapshot: snapshot), "seed \(seed)")
      #expect(summary.decisions.count == run.decisions.count)
      for (short, full) in zip(summary.decisions, run.decisions) {
        #expect(short.invariantViolations().isEmpty, "seed \(seed)")
        guard let winner = full.outcome.hostIndex else {
          #expect(short == full, "seed \(seed): an unschedulable decision keeps every host")
          continue
        }
        let kept = Array(full.ranking.prefix(2))
        #expect(short.isSummary && short.outcome == full.outcome, "seed \(seed)")
        #expect(short.margin == full.margin && short.unevaluatedUnits == full.unevaluatedUnits)
        #expect(short.ranking == kept && short.hosts == kept.sorted().map { full.hosts[$0] })
        #expect(short.evaluation(ofHost: winner) == full.evaluation(ofHost: winner))
      }
    }
  }

  @Test("a reported factor flip really makes the runner-up win")
  func flipsAreReal() async {
    let pipelines = Self.pipelines
    for seed in PropertySeeds.seeds(count: 100, salt: 3) {
      var random = SplitMix64(seed: seed)
      let (text, down) = Self.randomCluster(&random)
      var sources = SourceMap()
      var bag = DiagnosticBag()
      guard
        let snapshot = SnapshotLoader().load(
          sources.add(path: "random.yaml", text: text), diagnostics: &bag),
        let vm = down.first.flatMap({ snapshot.vmIndexByName[$0] })
      else { continue }
      let pipeline = pipelines[random.next(below: pipelines.count)]
      let decision = Scheduler(pipeline: pipeline).decide(
        VMGroup(vmIndices: [vm]), in: SchedulerState(snapshot: snapshot), constraints: .none)
      guard let margin = decision.margin, let flip = margin.flip else { continue }
      let survivors = decision.hosts.filter { $0.total != nil }
      var factors = decision.weightColumns.map(\.factor)
      factors[flip.weightIndex] = flip.newFactor
      let columns = decision.weightColumns.indices.map { unit in
        WeightSelector.Column(
          factor: factors[unit], scores: survivors.map { $0.weights[unit].rawScore })
      }
      let result = WeightSelector(kind: decision.selector).select(
        columns, candidateKeys: survivors.map(\.hostIndex))
      #expect(result.ranking.first.map { survivors[$0].hostIndex } == margin.runnerUp)
    }
  }
}
