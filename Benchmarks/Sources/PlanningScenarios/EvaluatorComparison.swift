import Diagnostics
import Inventory
import Policy
import Scheduler

/// A compiled policy expression against the same logic written in Swift, over every host of a
/// generated cluster: the evaluator's overhead as a ratio measured in one process.
///
/// Built-in policies run Swift generated from their expressions; ``closureCPUFilter`` and
/// ``closureGuestWeight`` are the same units compiled to closures, as a user policy loaded at
/// run time is.
public struct EvaluatorComparison: Sendable {
  public let snapshot: ClusterSnapshot
  public let tables: ClusterTables
  public let pipeline: SchedulingPipeline
  public let cpuFilter: CompiledFilter
  public let memoryFilter: CompiledFilter
  public let guestWeight: CompiledWeight
  public let closureCPUFilter: CompiledFilter
  public let closureGuestWeight: CompiledWeight
  public let vm: Int

  public init?(hosts: Int = 2_000) {
    var sources = SourceMap()
    let file = sources.add(
      path: "bench.yaml",
      text: SyntheticSnapshot(hostCount: hosts, vmCount: hosts * 10, seed: 3).yaml())
    var bag = DiagnosticBag()
    let library = PolicyLibrary.load(userFiles: [], sources: &sources, diagnostics: &bag)
    var closures = PolicyCompiler(library: library)
    closures.usesGeneratedEvaluators = false
    guard let snapshot = SnapshotLoader().load(file, diagnostics: &bag),
      let pipeline = PolicyCompiler(library: library).compileSchedulingPolicy(
        named: "vm_evenly_distributed", overrides: nil, diagnostics: &bag),
      let closurePipeline = closures.compileSchedulingPolicy(
        named: "vm_evenly_distributed", overrides: nil, diagnostics: &bag)
    else { return nil }
    func filter(_ name: String, _ pipeline: SchedulingPipeline) -> CompiledFilter? {
      for case .expression(let compiled) in pipeline.filters where compiled.unitName == name {
        return compiled
      }
      return nil
    }
    func weight(_ pipeline: SchedulingPipeline) -> CompiledWeight? {
      for case .expression(let compiled) in pipeline.weights
      where compiled.unitName == "OptimalForEvenGuestDistribution" {
        return compiled
      }
      return nil
    }
    guard let memory = filter("Memory", pipeline), let cpu = filter("CPU", pipeline),
      let guestWeight = weight(pipeline), let closureCPU = filter("CPU", closurePipeline),
      let closureWeight = weight(closurePipeline),
      let vm = snapshot.vms.indices.first(where: { !snapshot.vms[$0].isRunning })
    else { return nil }
    self.snapshot = snapshot
    self.tables = ClusterTables(snapshot: snapshot)
    self.pipeline = pipeline
    self.cpuFilter = cpu
    self.memoryFilter = memory
    self.guestWeight = guestWeight
    self.closureCPUFilter = closureCPU
    self.closureGuestWeight = closureWeight
    self.vm = vm
  }

  /// The compiled CPU filter over every host; the number of hosts that pass. With `closures`,
  /// the filter compiled to closures (as a user policy is).
  @inline(never)
  public func compiledCPU(closures: Bool = false) -> Int {
    let filter = closures ? closureCPUFilter : cpuFilter
    var context = EvaluationContext(tables: tables, hostIndex: 0, vmIndex: vm)
    var passed = 0
    for host in 0..<snapshot.hosts.count {
      context.hostIndex = host
      if filter.evaluate(context) { passed += 1 }
    }
    return passed
  }

  /// The CPU filter by hand, one call per host as the compiled filter gets:
  /// `host.hasCpuTopology && vm.vcpus <= host.effectiveCores`.
  @inline(never)
  public func handWrittenCPU(host: Int) -> Bool {
    let value = snapshot.hosts[host]
    guard value.cpuSockets != nil, let cores = value.cpuCores, let threads = value.cpuThreads
    else { return false }
    return snapshot.vms[vm].vcpus <= (snapshot.cluster.countsThreadsAsCores ? threads : cores)
  }

  /// ``handWrittenCPU(host:)`` over every host.
  @inline(never)
  public func handWrittenCPU() -> Int {
    var passed = 0
    for host in 0..<snapshot.hosts.count where handWrittenCPU(host: host) { passed += 1 }
    return passed
  }

  /// The compiled even-guest weight over every host (with `closures`, compiled to closures).
  @inline(never)
  public func compiledGuestWeight(closures: Bool = false) -> Double {
    let weight = closures ? closureGuestWeight : guestWeight
    var context = EvaluationContext(tables: tables, hostIndex: 0, vmIndex: vm)
    var total = 0.0
    for host in 0..<snapshot.hosts.count {
      context.hostIndex = host
      total += weight.evaluate(context) ?? 0
    }
    return total
  }

  /// The even-guest weight by hand, one call per host: running VMs + SPM grace.
  @inline(never)
  public func handWrittenGuestWeight(host: Int, grace: Int = 5) -> Double {
    Double(
      max(
        0,
        snapshot.runningVMIndicesByHost[host].count
          + (snapshot.isSPM(hostIndex: host) ? grace : 0)))
  }

  /// ``handWrittenGuestWeight(host:grace:)`` over every host.
  @inline(never)
  public func handWrittenGuestWeight() -> Double {
    var total = 0.0
    for host in 0..<snapshot.hosts.count { total += handWrittenGuestWeight(host: host) }
    return total
  }
}
