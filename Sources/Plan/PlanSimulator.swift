public import Inventory

/// A plan replayed on its snapshot in time: when each wave and step starts and ends, and what
/// each host carries during each wave. With a failed step, the state the cluster is left in and
/// which of the steps not carried out would no longer be valid.
public struct PlanSimulation: Hashable, Sendable {
  /// How a step ended in the simulation.
  public enum Outcome: String, Hashable, Sendable {
    /// It took effect.
    case done
    /// It was the failed step: nothing changed.
    case failed
  }

  /// One step in time.
  public struct StepRun: Hashable, Sendable {
    /// The step.
    public var step: PlanStep
    /// Seconds from the start of the plan.
    public var startSeconds: Double
    /// Seconds from the start of the plan.
    public var endSeconds: Double
    /// Done or failed.
    public var outcome: Outcome
  }

  /// What a host carries during a wave, and how it ends the wave.
  public struct HostLoad: Hashable, Sendable {
    /// The host's name.
    public var host: String
    /// Its status at the end of the wave.
    public var status: HostStatus
    /// The most memory committed at any point of the wave (a migrating VM counts on both
    /// hosts until it finishes), MiB.
    public var peakMemoryMiB: Int
    /// Memory the host may commit: physical × overcommit% / 100 − reserved, MiB.
    public var capacityMiB: Int
    /// ``peakMemoryMiB`` as a percentage of physical memory.
    public var peakMemoryPercent: Double
    /// The highest CPU load at any point of the wave, percent (nil without statistics).
    public var peakCPUPercent: Double?
    /// CPU %, memory % and VMs at the end of the wave.
    public var end: HostSummary.Figures
  }

  /// One wave in time.
  public struct Wave: Hashable, Sendable {
    /// The wave's number.
    public var number: Int
    /// Seconds from the start of the plan.
    public var startSeconds: Double
    /// Seconds from the start of the plan: the end of its longest step.
    public var endSeconds: Double
    /// Its steps.
    public var steps: [StepRun]
    /// Every host of the snapshot, in snapshot order.
    public var hosts: [HostLoad]
  }

  /// A step that could not run after the failure, and why.
  public struct InvalidStep: Hashable, Sendable {
    /// The step's id.
    public var step: String
    /// Every reason, in words.
    public var reasons: [String]
  }

  /// A VM that is not where the plan would have left it.
  public struct Misplaced: Hashable, Sendable {
    /// The VM.
    public var vm: String
    /// Where it runs (nil: not running).
    public var host: String?
    /// Where the plan would have put it.
    public var plannedHost: String
  }

  /// What a failed step leaves behind.
  public struct Failure: Hashable, Sendable {
    /// The failed step.
    public var step: String
    /// Its wave: the run stops at the end of it.
    public var wave: Int
    /// The steps of later waves, which are not started.
    public var notStarted: [String]
    /// Steps not carried out (the later waves') whose dependency or precondition no longer
    /// holds, replaying the valid ones in order.
    public var invalidated: [InvalidStep]
    /// Steps not carried out that could still run as planned.
    public var stillValid: [String]
    /// Every host when the run stops.
    public var hosts: [HostLoad]
    /// VMs not where the plan would have left them.
    public var misplaced: [Misplaced]
    /// Enforcing affinity rules broken in the state left that were intact before the plan.
    public var brokenAffinity: [String]
  }

  /// The waves replayed (up to the failed one).
  public var waves: [Wave]
  /// When the last wave replayed ends, seconds.
  public var durationSeconds: Double
  /// The failure, when one was simulated.
  public var failure: Failure?
}

/// Replays a plan on its snapshot with the plan's own duration model: waves run one after
/// another, a wave's steps start together and each takes its estimated duration (a step with
/// no estimate takes none), so a wave lasts as long as its longest step.
///
/// During a wave, a migrating VM's memory counts on its destination from the wave's start and
/// leaves its source when the step ends; its CPU load moves when the step ends. Peaks are the
/// highest values at any of these instants. A host action takes effect when its step ends.
///
/// The hosts a `fail` plan names are down from the start, with their VMs; a restart brings its
/// VM up on the destination when its step ends. The simulator assumes a plan `verify` accepts;
/// steps naming unknown VMs or hosts are skipped.
public struct PlanSimulator: Sendable {
  /// Creates a simulator.
  public init() {}

  /// Simulates the plan; with `failStep`, that step fails (changes nothing), the other steps
  /// of its wave finish, and no later wave starts.
  public func simulate(
    _ plan: MigrationPlan, snapshot: ClusterSnapshot, failStep: String? = nil
  ) -> PlanSimulation {
    var state = SimulatedCluster(snapshot: snapshot)
    if plan.trigger.kind == .fail { state.fail(hosts: plan.trigger.hosts) }
    var waves: [PlanSimulation.Wave] = []
    var clock = 0.0
    var failedWave: Int?
    for (number, steps) in Self.waves(of: plan) {
      let wave = state.run(wave: number, steps: steps, startingAt: clock, failing: failStep)
      waves.append(wave)
      clock = wave.endSeconds
      if wave.steps.contains(where: { $0.outcome == .failed }) {
        failedWave = number
        break
      }
    }
    var failure: PlanSimulation.Failure?
    if let failStep, let failedWave {
      failure = state.failure(
        plan: plan, failedStep: failStep, wave: failedWave, loads: state.loads())
    }
    return PlanSimulation(waves: waves, durationSeconds: clock, failure: failure)
  }

  /// Steps grouped by wave, in wave order.
  static func waves(of plan: MigrationPlan) -> [(Int, [PlanStep])] {
    var grouped: [Int: [PlanStep]] = [:]
    for step in plan.steps { grouped[step.wave, default: []].append(step) }
    return grouped.keys.sorted().map { ($0, grouped[$0] ?? []) }
  }
}

/// The cluster during the replay: the projected state plus memory reserved by migrations in
/// flight.
private struct SimulatedCluster {
  var state: ProjectedState
  var inFlightMiB: [Int]
  /// Affinity rules already broken before the plan.
  let initialAffinityViolations: Set<String>
  var snapshot: ClusterSnapshot { state.snapshot }

  init(snapshot: ClusterSnapshot) {
    state = ProjectedState(snapshot: snapshot)
    inFlightMiB = [Int](repeating: 0, count: snapshot.hosts.count)
    initialAffinityViolations = HardAffinity.violations(snapshot: snapshot, vmHost: state.vmHost)
  }

  /// The hosts of a `fail` plan are down from the start, and their VMs with them.
  mutating func fail(hosts names: [String]) {
    for host in names.compactMap({ snapshot.hostIndexByName[$0] }) {
      state.hostStatus[host] = .nonResponsive
      for vm in state.vmHost.indices where state.vmHost[vm] == host { state.stop(vm: vm) }
    }
  }

  /// A step's VM, source and destination indices, when it moves a VM the snapshot knows.
  func move(of step: PlanStep) -> (vm: Int, to: Int)? {
    guard step.action.movesVM, let name = step.vm, let vm = snapshot.vmIndexByName[name],
      let toName = step.toHost, let to = snapshot.hostIndexByName[toName]
    else { return nil }
    return (vm, to)
  }

  mutating func run(wave number: Int, steps: [PlanStep], startingAt start: Double, failing: String?)
    -> PlanSimulation.Wave
  {
    var peakMiB = state.committedMiB
    var peakCPU = state.cpuLoadPoints
    func observe(_ cluster: SimulatedCluster) {
      for host in peakMiB.indices {
        peakMiB[host] = max(
          peakMiB[host], cluster.state.committedMiB[host] + cluster.inFlightMiB[host])
        peakCPU[host] = max(peakCPU[host], cluster.state.cpuLoadPoints[host])
      }
    }
    // Every step starts with the wave: incoming memory is reserved on the destinations.
    for step in steps {
      if let move = move(of: step) { inFlightMiB[move.to] += state.requiredMemoryMiB(vm: move.vm) }
    }
    observe(self)
    var runs: [PlanSimulation.StepRun] = []
    let ordered = steps.enumerated().sorted {
      ($0.element.estimatedDurationSeconds ?? 0, $0.offset)
        < ($1.element.estimatedDurationSeconds ?? 0, $1.offset)
    }
    for (_, step) in ordered {
      let outcome: PlanSimulation.Outcome = step.id == failing ? .failed : .done
      if let move = move(of: step) {
        inFlightMiB[move.to] -= state.requiredMemoryMiB(vm: move.vm)
        if outcome == .done { state.move(vm: move.vm, to: move.to) }
      } else if outcome == .done {
        apply(hostAction: step)
      }
      observe(self)
      runs.append(
        PlanSimulation.StepRun(
          step: step, startSeconds: start,
          endSeconds: Self.milliseconds(start + (step.estimatedDurationSeconds ?? 0)),
          outcome: outcome))
    }
    let order = Dictionary(uniqueKeysWithValues: steps.enumerated().map { ($1.id, $0) })
    runs.sort { (order[$0.step.id] ?? 0) < (order[$1.step.id] ?? 0) }
    let end = runs.map(\.endSeconds).max() ?? start
    return PlanSimulation.Wave(
      number: number, startSeconds: start, endSeconds: end, steps: runs,
      hosts: loads(peakMiB: peakMiB, peakCPU: peakCPU))
  }

  /// Rounded to the millisecond, so sums of one-decimal estimates print as written.
  static func milliseconds(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }

  mutating func apply(hostAction step: PlanStep) {
    guard let name = step.host, let host = snapshot.hostIndexByName[name] else { return }
    switch step.action {
    case .hostMaintenance: state.hostStatus[host] = .maintenance
    case .hostPowerOff: state.hostStatus[host] = .down
    case .hostActivate, .hostPowerOn: state.hostStatus[host] = .up
    case .migrate, .restart: break
    }
  }

  /// Every host's load; peaks default to the current values.
  func loads(peakMiB: [Int]? = nil, peakCPU: [Double]? = nil) -> [PlanSimulation.HostLoad] {
    let counts = state.vmCounts
    return snapshot.hosts.indices.map { index in
      let host = snapshot.hosts[index]
      // A failed host's figures can go below zero: its reported committed memory is not
      // exactly the sum of the formula's VM memory.
      let memory = max(0, peakMiB?[index] ?? state.committedMiB[index])
      let cores = Double(snapshot.effectiveCores(ofHost: index) ?? 0)
      let cpu = peakCPU?[index] ?? state.cpuLoadPoints[index]
      return PlanSimulation.HostLoad(
        host: host.name, status: state.hostStatus[index], peakMemoryMiB: memory,
        capacityMiB: state.capacityMiB(host: index),
        peakMemoryPercent: host.physicalMemoryMiB > 0
          ? ProjectedState.rounded(Double(memory) * 100 / Double(host.physicalMemoryMiB)) : 0,
        peakCPUPercent: host.cpuUsagePercent == nil || cores == 0
          ? nil : ProjectedState.rounded(min(100, cpu / cores)),
        end: state.figures(host: index, vmCount: counts[index]))
    }
  }

  /// Replays the steps not carried out on the state the failure left, applying the ones that
  /// are still valid, and reports the others with their reasons.
  func failure(plan: MigrationPlan, failedStep: String, wave: Int, loads: [PlanSimulation.HostLoad])
    -> PlanSimulation.Failure
  {
    var replay = self
    var unrunnable: Set<String> = [failedStep]
    var invalidated: [PlanSimulation.InvalidStep] = []
    var stillValid: [String] = []
    let later = plan.steps.filter { $0.wave > wave }
    for step in later {
      var reasons = step.dependsOn.filter { unrunnable.contains($0) }.map {
        $0 == failedStep ? "depends on \($0), which failed" : "depends on \($0), which cannot run"
      }
      reasons += replay.preconditionProblems(step)
      if reasons.isEmpty {
        stillValid.append(step.id)
        if let move = replay.move(of: step) {
          replay.state.move(vm: move.vm, to: move.to)
        } else {
          replay.apply(hostAction: step)
        }
      } else {
        unrunnable.insert(step.id)
        invalidated.append(PlanSimulation.InvalidStep(step: step.id, reasons: reasons))
      }
    }
    var planned: [String: String] = [:]
    var order: [String] = []
    for step in plan.steps where step.action.movesVM {
      if let vm = step.vm, let to = step.toHost {
        if planned[vm] == nil { order.append(vm) }
        planned[vm] = to
      }
    }
    let misplaced = order.compactMap { vm -> PlanSimulation.Misplaced? in
      guard let index = snapshot.vmIndexByName[vm], let plannedHost = planned[vm] else {
        return nil
      }
      let host = state.vmHost[index].map { snapshot.hosts[$0].name }
      return host == plannedHost
        ? nil : PlanSimulation.Misplaced(vm: vm, host: host, plannedHost: plannedHost)
    }
    let broken = HardAffinity.violations(snapshot: snapshot, vmHost: state.vmHost)
      .subtracting(initialAffinityViolations)
    return PlanSimulation.Failure(
      step: failedStep, wave: wave, notStarted: later.map(\.id), invalidated: invalidated,
      stillValid: stillValid, hosts: loads, misplaced: misplaced, brokenAffinity: broken.sorted())
  }

  /// What of the step's precondition does not hold now, in words.
  func preconditionProblems(_ step: PlanStep) -> [String] {
    var problems: [String] = []
    for name in step.precondition.hostsUp {
      guard let host = snapshot.hostIndexByName[name] else { continue }
      if state.hostStatus[host] != .up {
        problems.append("host \(name) is \(state.hostStatus[host].rawValue), not Up")
      }
    }
    if let expected = step.precondition.vmRunningOn, let name = step.vm,
      let vm = snapshot.vmIndexByName[name]
    {
      let actual = state.vmHost[vm].map { snapshot.hosts[$0].name }
      if actual != expected {
        problems.append("VM \(name) runs on \(actual ?? "no host"), not on \(expected)")
      }
    }
    if let name = step.precondition.hostEmpty, let host = snapshot.hostIndexByName[name] {
      let residents = state.vmHost.indices.filter { state.vmHost[$0] == host }.map {
        snapshot.vms[$0].name
      }
      if !residents.isEmpty {
        problems.append("host \(name) still runs \(residents.joined(separator: ", "))")
      }
    }
    return problems
  }
}
