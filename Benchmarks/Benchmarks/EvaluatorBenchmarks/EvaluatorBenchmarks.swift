import Benchmark
import Diagnostics
import Inventory
import PlanningScenarios
import Policy
import Scheduler

/// Compiled policy units against the same logic hand-written in Swift, over one VM and every
/// host of a 2,000-host cluster, in one run: the ratio of the two is the README's claim (the
/// compiled form runs within a small factor of hand-written Swift), and the malloc counts show
/// no allocation per host.

let fixture = EvaluatorComparison(hosts: 2_000)

let benchmarks: @Sendable () -> Void = {
  let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .instructions]
  let configuration = Benchmark.Configuration(
    metrics: metrics, maxDuration: .seconds(5), maxIterations: 1_000)

  Benchmark("CPU filter, compiled: 2,000 hosts", configuration: configuration) { benchmark in
    guard let fixture else { return }
    for _ in benchmark.scaledIterations { blackHole(fixture.compiledCPU()) }
  }

  Benchmark("CPU filter, hand-written: 2,000 hosts", configuration: configuration) { benchmark in
    guard let fixture else { return }
    for _ in benchmark.scaledIterations { blackHole(fixture.handWrittenCPU()) }
  }

  Benchmark("Memory filter, compiled: 2,000 hosts", configuration: configuration) { benchmark in
    guard let fixture else { return }
    var context = EvaluationContext(tables: fixture.tables, hostIndex: 0, vmIndex: fixture.vm)
    var passed = 0
    for _ in benchmark.scaledIterations {
      for host in 0..<fixture.snapshot.hosts.count {
        context.hostIndex = host
        if fixture.memoryFilter.evaluate(context) { passed += 1 }
      }
    }
    blackHole(passed)
  }

  Benchmark("Even-guest weight, compiled: 2,000 hosts", configuration: configuration) { benchmark in
    guard let fixture else { return }
    for _ in benchmark.scaledIterations { blackHole(fixture.compiledGuestWeight()) }
  }

  Benchmark("Even-guest weight, hand-written: 2,000 hosts", configuration: configuration) {
    benchmark in
    guard let fixture else { return }
    for _ in benchmark.scaledIterations { blackHole(fixture.handWrittenGuestWeight()) }
  }

  Benchmark(
    "Full placement decision (24 filters, 9 weights): 2,000 hosts",
    configuration: .init(metrics: metrics, maxDuration: .seconds(10), maxIterations: 50)
  ) { benchmark in
    guard let fixture else { return }
    let scheduler = Scheduler(pipeline: fixture.pipeline)
    let state = SchedulerState(tables: fixture.tables)
    for _ in benchmark.scaledIterations {
      blackHole(
        scheduler.decide(VMGroup(vmIndices: [fixture.vm]), in: state, constraints: .none).outcome)
    }
  }
}
