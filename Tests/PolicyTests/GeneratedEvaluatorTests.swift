import Diagnostics
import Inventory
import PolicyExpression
import ShepherdTestSupport
import Testing

@testable import Policy

/// The Swift generated for the built-in policies (`BuiltinEvaluators+Generated.swift`) against
/// the closure compiler, on generated and random clusters: every expression of every built-in
/// scheduling policy gives the same value for every (host, VM) pair.
@Suite("Generated evaluators agree with compiled closures")
struct GeneratedEvaluatorTests {
  static let library: PolicyLibrary = {
    var sources = SourceMap()
    var bag = DiagnosticBag()
    return PolicyLibrary.load(userFiles: [], sources: &sources, diagnostics: &bag)
  }()

  /// Every expression of a pipeline, in a fixed order; with `combined`, also the condition of
  /// each filter with checks (its `when` or every check, built from the parts).
  static func expressions(_ pipeline: SchedulingPipeline, combined: Bool = true)
    -> [CompiledExpression<EvaluationContext>]
  {
    var out: [CompiledExpression<EvaluationContext>] = []
    for case .expression(let filter) in pipeline.filters {
      if combined || filter.checks.isEmpty { out.append(filter.condition) }
      out += filter.checks.map(\.condition)
    }
    for case .expression(let weight) in pipeline.weights {
      out += [weight.score, weight.appliesWhen, weight.stretchWhen].compactMap { $0 }
    }
    if case .expression(let balancer) = pipeline.balancer {
      out += [
        balancer.hostLoad, balancer.sourceWhen, balancer.sourceOrder, balancer.vmWhen,
        balancer.vmOrder, balancer.destinationWhen,
      ].compactMap { $0?.expression }
    }
    return out
  }

  /// Both forms of every built-in scheduling policy: generated, then closures only.
  static func pipelines() -> [(String, SchedulingPipeline, SchedulingPipeline)] {
    var closures = PolicyCompiler(library: library)
    closures.usesGeneratedEvaluators = false
    var out: [(String, SchedulingPipeline, SchedulingPipeline)] = []
    for name in library.names(of: .schedulingPolicy) {
      var bag = DiagnosticBag()
      guard
        let generated = PolicyCompiler(library: library).compileSchedulingPolicy(
          named: name, diagnostics: &bag),
        let compiled = closures.compileSchedulingPolicy(named: name, diagnostics: &bag)
      else {
        Issue.record("\(name) does not compile")
        continue
      }
      out.append((name, generated, compiled))
    }
    return out
  }

  static func clusters(_ seed: UInt64) -> ClusterSnapshot? {
    var rng = SplitMix64(seed: seed)
    if rng.chance(50) { return RandomCluster.make(&rng) }
    var generator = SyntheticSnapshot(
      hostCount: 2 + rng.next(below: 6), vmCount: 4 + rng.next(below: 30), seed: rng.next())
    if rng.chance(50) { generator.overloadedEvery = 2 + rng.next(below: 3) }
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let file = sources.add(path: "generated.yaml", text: generator.yaml())
    return SnapshotLoader().load(file, diagnostics: &bag)
  }

  @Test("every expression of the built-in scheduling policies runs generated Swift")
  func builtinsAreGenerated() {
    for (name, generated, compiled) in Self.pipelines() {
      for (index, expression) in Self.expressions(generated, combined: false).enumerated() {
        #expect(expression.isNative, "\(name): expression \(index) has no generated evaluator")
      }
      #expect(Self.expressions(compiled).allSatisfy { !$0.isNative })
    }
  }

  @Test("generated and closure evaluators agree on generated and random clusters")
  func agree() throws {
    let pipelines = Self.pipelines()
    for seed in PropertySeeds.seeds(count: 24, salt: 41) {
      let snapshot = try #require(Self.clusters(seed))
      var rng = SplitMix64(seed: seed)
      var tables = ClusterTables(snapshot: snapshot)
      for _ in 0..<rng.next(below: 3) {
        tables.addPending(
          vm: rng.next(below: snapshot.vms.count), host: rng.next(below: snapshot.hosts.count))
      }
      for (name, generated, compiled) in pipelines {
        var tables = tables
        if case .expression(let balancer) = compiled.balancer {
          tables.prepareBalance(
            hostLoad: balancer.hostLoad.expression, candidates: Array(snapshot.hosts.indices))
        }
        let pairs = Array(zip(Self.expressions(generated), Self.expressions(compiled)))
        var context = EvaluationContext(tables: tables, hostIndex: 0, vmIndex: 0)
        for host in snapshot.hosts.indices {
          for vm in snapshot.vms.indices {
            context.hostIndex = host
            context.vmIndex = vm
            for (index, (native, closures)) in pairs.enumerated() {
              let want = closures.evaluate(context)
              let got = native.evaluate(context)
              #expect(
                Self.same(got, want),
                "\(name) expression \(index), seed \(seed), host \(host), vm \(vm): \(got) vs \(want)"
              )
            }
          }
        }
      }
    }
  }

  static func same(_ a: ExpressionValue, _ b: ExpressionValue) -> Bool {
    if case .float(let x) = a, case .float(let y) = b {
      return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN)
    }
    return a == b
  }
}
