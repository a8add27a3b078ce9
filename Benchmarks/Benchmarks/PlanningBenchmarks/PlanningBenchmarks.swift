import Benchmark
import Planner
import PlanningScenarios

/// The rows of the planning performance table (Docs/performance.md) as benchmarks, with
/// thresholds checked in under Thresholds/. `scripts/bench` prints the table itself.
let benchmarks: @Sendable () -> Void = {
  let metrics: [BenchmarkMetric] = [
    .wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal, .instructions,
  ]
  func heavy(_ seconds: Int = 60) -> Benchmark.Configuration {
    .init(metrics: metrics, maxDuration: .seconds(seconds), maxIterations: 3)
  }

  Benchmark("Place 200 VMs: 5,000 hosts / 100,000 VMs", configuration: heavy()) {
    benchmark, context in
    benchmark.startMeasurement()
    blackHole(PlanningScenarios.place(context, count: 200))
  } setup: {
    PlanningScenarios.context(hosts: 5_000, policy: "vm_evenly_distributed")!
  }

  for (policy, overloadedEvery) in [
    ("vm_evenly_distributed", 0), ("power_saving", 0), ("evenly_distributed", 4),
  ] {
    let hot = overloadedEvery > 0 ? ", a quarter of hosts hot" : ""
    Benchmark("Balance to stability, \(policy)\(hot): 1,000 hosts", configuration: heavy()) {
      benchmark, context in
      benchmark.startMeasurement()
      blackHole(PlanningScenarios.balance(context))
    } setup: {
      PlanningScenarios.context(
        hosts: 1_000, policy: policy, overloadedEvery: overloadedEvery)!
    }
  }

  Benchmark("Balance to stability, vm_evenly_distributed: 2,000 hosts", configuration: heavy()) {
    benchmark, context in
    benchmark.startMeasurement()
    blackHole(PlanningScenarios.balance(context))
  } setup: {
    PlanningScenarios.context(hosts: 2_000, policy: "vm_evenly_distributed")!
  }

  Benchmark("Maintenance, 50 of 500 hosts at once", configuration: heavy()) {
    benchmark, context in
    benchmark.startMeasurement()
    blackHole(PlanningScenarios.maintenance(context, hosts: 50))
  } setup: {
    PlanningScenarios.context(hosts: 500, policy: "vm_evenly_distributed")!
  }

  for hosts in [100, 500, 1_000, 2_000] {
    Benchmark("Balance, 20 moves: \(hosts) hosts", configuration: heavy()) {
      benchmark, context in
      benchmark.startMeasurement()
      blackHole(PlanningScenarios.balance(context, maxMigrations: 20))
    } setup: {
      PlanningScenarios.context(hosts: hosts, policy: "vm_evenly_distributed")!
    }
  }
}
