import Benchmark
import PlanningScenarios

let benchmarks: @Sendable () -> Void = {
  let heavy: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal]

  Benchmark(
    "oVirt import: 5,000 hosts, 100,000 VMs (≈ 500 MB of XML)",
    configuration: .init(metrics: heavy, maxDuration: .seconds(120), maxIterations: 3)
  ) { benchmark, input in
    benchmark.startMeasurement()
    blackHole(input.run())
  } setup: {
    ImportScenario(hostCount: 5_000, vmCount: 100_000)
  }

  Benchmark(
    "oVirt import: 500 hosts, 10,000 VMs",
    configuration: .init(metrics: heavy, maxDuration: .seconds(30), maxIterations: 5)
  ) { benchmark, input in
    benchmark.startMeasurement()
    blackHole(input.run())
  } setup: {
    ImportScenario(hostCount: 500, vmCount: 10_000)
  }
}
