import Benchmark
import Diagnostics
import Inventory
import Policy
import Scheduler

/// Compiled policy units against the same logic hand-written in Swift, over one VM and every
/// host of a 2,000-host cluster, in one run: the ratio of the two is the README's claim (the
/// compiled form runs within a small factor of hand-written Swift), and the malloc counts show
/// no allocation per host.

struct Fixture: Sendable {
  let snapshot: ClusterSnapshot
  let tables: ClusterTables
  let pipeline: SchedulingPipeline
  let memoryFilter: CompiledFilter
  let cpuFilter: CompiledFilter
  let guestWeight: CompiledWeight
  let vm: Int

  static func make() -> Fixture? {
    var sources = SourceMap()
    let file = sources.add(
      path: "bench.yaml", text: SyntheticSnapshot(hostCount: 2_000, vmCount: 20_000, seed: 3).yaml())
    var bag = DiagnosticBag()
    let library = PolicyLibrary.load(userFiles: [], sources: &sources, diagnostics: &bag)
    guard let snapshot = SnapshotLoader().load(file, diagnostics: &bag),
      let pipeline = PolicyCompiler(library: library).compileSchedulingPolicy(
        named: "vm_evenly_distributed", overrides: nil, diagnostics: &bag)
    else { return nil }
    func filter(_ name: String) -> CompiledFilter? {
      for case .expression(let compiled) in pipeline.filters where compiled.unitName == name {
        return compiled
      }
      return nil
    }
    var weight: CompiledWeight?
    for case .expression(let compiled) in pipeline.weights
    where compiled.unitName == "OptimalForEvenGuestDistribution" {
      weight = compiled
    }
    guard let memory = filter("Memory"), let cpu = filter("CPU"), let weight,
      let vm = snapshot.vms.indices.first(where: { !snapshot.vms[$0].isRunning })
    else { return nil }
    return Fixture(
      snapshot: snapshot, tables: ClusterTables(snapshot: snapshot), pipeline: pipeline,
      memoryFilter: memory, cpuFilter: cpu, guestWeight: weight, vm: vm)
  }
}

let fixture = Fixture.make()

/// The CPU filter by hand: `host.hasCpuTopology && vm.vcpus <= host.effectiveCores`.
@inline(never)
func handWrittenCPU(_ snapshot: ClusterSnapshot, host: Int, vm: Int) -> Bool {
  let value = snapshot.hosts[host]
  guard value.cpuSockets != nil, let cores = value.cpuCores, let threads = value.cpuThreads else {
    return false
  }
  let effective = snapshot.cluster.countsThreadsAsCores ? threads : cores
  return snapshot.vms[vm].vcpus <= effective
}

/// The even-guest weight by hand: running VMs + pending + SPM grace.
@inline(never)
func handWrittenGuestWeight(_ snapshot: ClusterSnapshot, host: Int, grace: Int) -> Double {
  Double(
    max(0, snapshot.runningVMIndicesByHost[host].count + (snapshot.isSPM(hostIndex: host) ? grace : 0)))
}

let benchmarks: @Sendable () -> Void = {
  let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .instructions]
  let configuration = Benchmark.Configuration(
    metrics: metrics, maxDuration: .seconds(5), maxIterations: 1_000)

  Benchmark("CPU filter, compiled: 2,000 hosts", configuration: configuration) { benchmark in
    guard let fixture else { return }
    var context = EvaluationContext(tables: fixture.tables, hostIndex: 0, vmIndex: fixture.vm)
    var passed = 0
    for _ in benchmark.scaledIterations {
      for host in 0..<fixture.snapshot.hosts.count {
        context.hostIndex = host
        if fixture.cpuFilter.evaluate(context) { passed += 1 }
      }
    }
    blackHole(passed)
  }

  Benchmark("CPU filter, hand-written: 2,000 hosts", configuration: configuration) { benchmark in
    guard let fixture else { return }
    var passed = 0
    for _ in benchmark.scaledIterations {
      for host in 0..<fixture.snapshot.hosts.count
      where handWrittenCPU(fixture.snapshot, host: host, vm: fixture.vm) {
        passed += 1
      }
    }
    blackHole(passed)
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
    var context = EvaluationContext(tables: fixture.tables, hostIndex: 0, vmIndex: fixture.vm)
    var total = 0.0
    for _ in benchmark.scaledIterations {
      for host in 0..<fixture.snapshot.hosts.count {
        context.hostIndex = host
        total += fixture.guestWeight.evaluate(context) ?? 0
      }
    }
    blackHole(total)
  }

  Benchmark("Even-guest weight, hand-written: 2,000 hosts", configuration: configuration) {
    benchmark in
    guard let fixture else { return }
    var total = 0.0
    for _ in benchmark.scaledIterations {
      for host in 0..<fixture.snapshot.hosts.count {
        total += handWrittenGuestWeight(fixture.snapshot, host: host, grace: 5)
      }
    }
    blackHole(total)
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
