import Diagnostics
import Foundation
import Inventory
import Policy
import PolicyExpression
import ShepherdTestSupport
import Testing

@testable import Planner
@testable import Scheduler

/// Static filter verdicts (computed once per snapshot and VM key, refreshed for the hosts a
/// move changes), dynamic expression verdicts and expression weight scores (kept per VM key
/// and host stamp) against evaluating every filter and weight on every candidate: on random
/// clusters, after random moves and pending placements, every decision is identical.
@Suite("static verdicts")
struct StaticVerdictTests {
  static let policies = ["vm_evenly_distributed", "evenly_distributed", "power_saving"]

  @Test("decisions with static verdict rows equal full re-evaluation", arguments: policies)
  func sameDecisions(_ policy: String) throws {
    for seed in PropertySeeds.seeds(count: 12, salt: 1_651) {
      var random = SplitMix64(seed: seed)
      let yaml = IncrementalPlanningTests.randomCluster(&random)
      guard let context = try? planningContext(bytes: Array(yaml.utf8), policy: policy) else {
        Issue.record("seed \(seed): snapshot or policy did not load")
        continue
      }
      let fast = context.scheduler
      var full = context.scheduler
      full.usesStaticVerdicts = false
      full.usesDynamicVerdicts = false
      full.usesWeightRows = false
      // The dynamic rows without the static ones, and summaries (which skip rejected hosts).
      var dynamicOnly = context.scheduler
      dynamicOnly.usesStaticVerdicts = false
      var summary = context.scheduler
      summary.options.explanation = .summaryWhenPlaced
      var fullSummary = full
      fullSummary.options.explanation = .summaryWhenPlaced
      var state = SchedulerState(snapshot: context.snapshot)
      let vmCount = context.snapshot.vms.count
      let hostCount = context.snapshot.hosts.count
      // The first VMs decided in `state` with the rows and without.
      func expectSameDecisions(in state: SchedulerState, _ label: String) {
        for other in 0..<min(vmCount, 4) {
          let group = VMGroup(vmIndices: [other])
          #expect(
            fast.decide(group, in: state, constraints: .none)
              == full.decide(group, in: state, constraints: .none),
            "seed \(seed), \(label), vm \(other)")
        }
      }
      for round in 0..<6 {
        // Rows are built before the change, so the change must refresh them.
        for vm in 0..<vmCount {
          let constraints = HostConstraints.migration(of: state.snapshot.vms[vm])
          let group = VMGroup(vmIndices: [vm])
          let reference = full.decide(group, in: state, constraints: constraints)
          #expect(
            fast.decide(group, in: state, constraints: constraints) == reference,
            "seed \(seed), round \(round), vm \(vm)")
          #expect(
            dynamicOnly.decide(group, in: state, constraints: constraints) == reference,
            "seed \(seed), round \(round), vm \(vm)")
          #expect(
            summary.decide(group, in: state, constraints: constraints)
              == fullSummary.decide(group, in: state, constraints: constraints),
            "seed \(seed), round \(round), vm \(vm)")
          let host = random.next(below: hostCount)
          #expect(
            fast.isFeasible(vm: vm, host: host, in: state)
              == (full.decide(group, in: state, constraints: HostConstraints(whitelist: [host]))
                .hosts[host].decisiveFilter == nil
                && !full.decide(group, in: state, constraints: HostConstraints(whitelist: [host]))
                  .hosts[host].filterVerdicts.contains(.notEvaluated)),
            "seed \(seed), round \(round), vm \(vm), host \(host)")
        }
        // Several changes per round: moves, placements and abandoned placements, some on a
        // copy that is then dropped (copies share the rows).
        for _ in 0..<3 {
          let vm = random.next(below: vmCount)
          var copy = state
          copy.recordPlacement(vm: vm, host: random.next(below: hostCount))
          if random.chance(50) {
            _ = state.move(vm: vm, to: random.next(below: hostCount))
          } else if random.chance(70) {
            state.recordPlacement(vm: vm, host: random.next(below: hostCount))
          } else {
            state.clearPending(vm: vm)
          }
          expectSameDecisions(in: copy, "round \(round), copy")
        }
        // A move tried and undone (as the balancer does): rows evaluated in between are stored
        // under the move's stamps; the undo puts the earlier stamps, and their rows, back.
        let tried = state.move(vm: random.next(below: vmCount), to: random.next(below: hostCount))
        expectSameDecisions(in: state, "round \(round), tried move")
        state.undo(tried)
      }
    }
  }

  /// Moves recompute only the placement-dependent columns: the others must come out the same
  /// when the tables are built again from the moved snapshot.
  @Test("no move or pending placement changes a field the catalog calls static")
  func staticFieldsStayPut() throws {
    let catalog = PolicyFieldCatalog.standard
    for seed in PropertySeeds.seeds(count: 10, salt: 1_652) {
      var random = SplitMix64(seed: seed)
      let yaml = IncrementalPlanningTests.randomCluster(&random)
      let context = try planningContext(bytes: Array(yaml.utf8))
      var state = SchedulerState(snapshot: context.snapshot)
      let before = state.tables
      for _ in 0..<8 {
        let vm = random.next(below: context.snapshot.vms.count)
        let host = random.next(below: context.snapshot.hosts.count)
        if random.chance(50) {
          _ = state.move(vm: vm, to: host)
        } else {
          state.recordPlacement(vm: vm, host: host)
        }
      }
      let rebuilt = ClusterTables(snapshot: state.snapshot)
      for (index, field) in catalog.fields.enumerated() where !field.isPlacementDependent {
        let id = FieldID(index)
        if field.path.hasPrefix("host.") {
          for host in context.snapshot.hosts.indices {
            #expect(
              before.fieldValue(id, host: host, vm: 0)
                == state.tables.fieldValue(id, host: host, vm: 0)
                && before.fieldValue(id, host: host, vm: 0)
                  == rebuilt.fieldValue(id, host: host, vm: 0),
              "seed \(seed): \(field.path) of host \(host)")
          }
        } else if field.path.hasPrefix("vm.") || field.path.hasPrefix("cluster.") {
          for vm in context.snapshot.vms.indices {
            #expect(
              before.fieldValue(id, host: 0, vm: vm)
                == state.tables.fieldValue(id, host: 0, vm: vm)
                && before.fieldValue(id, host: 0, vm: vm)
                  == rebuilt.fieldValue(id, host: 0, vm: vm),
              "seed \(seed): \(field.path) of VM \(vm)")
          }
        }
      }
    }
  }
}

extension ClusterTables {
  /// A field's value for (host, VM), through the compiled accessor.
  fileprivate func fieldValue(_ id: FieldID, host: Int, vm: Int) -> ExpressionValue? {
    let context = EvaluationContext(tables: self, hostIndex: host, vmIndex: vm)
    switch catalog.accessor(for: id) {
    case .int(let read): return .int(read(context))
    case .float(let read): return .float(read(context))
    case .bool(let read): return .bool(read(context))
    case .string(let read): return .string(read(context))
    case .stringSet(let read): return .stringSet(read(context))
    case nil: return nil
    }
  }
}

/// A native filter that says it passes a VM on every host (the scheduler then skips its calls)
/// must pass it on every host, pending placements included: checked on every scenario and
/// cluster fixture.
@Suite("native filters: passes on every host")
struct NativePassesEveryHostTests {
  @Test("a VM a native filter passes everywhere passes on each host")
  func agreesWithEveryHost() throws {
    var paths: [String] = []
    for folder in ["Fixtures/clusters", "Fixtures/scenarios"] {
      let root = Golden.path(folder)
      let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
      paths += files.filter { $0.hasSuffix(".yaml") }.sorted().map { folder + "/" + $0 }
    }
    #expect(paths.count > 5)
    var checked = 0
    for path in paths {
      // Scenario folders also hold files that are not snapshots: only snapshots are checked.
      guard let bytes = Golden.readBytes(Golden.path(path)) else { continue }
      var sources = SourceMap()
      var bag = DiagnosticBag()
      // Only snapshots whose policy is built in: a scenario may bring its own policy files.
      guard
        let snapshot = SnapshotLoader().load(
          sources.add(path: path, bytes: bytes), diagnostics: &bag),
        PolicyLibrary.load(userFiles: [], sources: &sources, diagnostics: &bag)
          .schedulingPolicy(named: snapshot.cluster.schedulingPolicy) != nil,
        let context = try? planningContext(bytes: bytes, path: path)
      else { continue }
      var state = SchedulerState(snapshot: context.snapshot)
      // A pending placement per host, so the pending-dependent paths run too.
      for (vm, host) in zip(context.snapshot.vms.indices, context.snapshot.hosts.indices) {
        state.recordPlacement(vm: vm, host: host)
      }
      for filter in context.pipeline.filters {
        guard case .native(let step) = filter else { continue }
        for vm in context.snapshot.vms.indices
        where step.evaluator.passesEveryHost(
          vm: vm, tables: state.tables, properties: step.properties)
        {
          checked += 1
          for host in context.snapshot.hosts.indices {
            #expect(
              step.evaluator.filter(
                host: host, vm: vm, tables: state.tables, properties: step.properties) == .pass,
              "\(path): \(filter.unitName), VM \(vm), host \(host)")
          }
        }
      }
    }
    #expect(checked > 0)
  }
}
