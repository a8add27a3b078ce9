import Foundation
import Optimizer
import Planner
import PlanningScenarios
import Scheduler

// Prints one row of the performance table per invocation (`bench-table ROW`), so each row's
// peak memory is its own process's: `scripts/bench` runs every row and prints the table.

func cpuSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
    + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func peakMiB() -> Int {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Int(usage.ru_maxrss) / 1024
}

/// Wall and CPU seconds of `body`.
func measure<T>(_ body: () -> T) -> (value: T, wall: Double, cpu: Double) {
  let clock = ContinuousClock()
  let cpu = cpuSeconds()
  let start = clock.now
  let value = body()
  let elapsed = clock.now - start
  let seconds =
    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  return (value, seconds, cpuSeconds() - cpu)
}

func fmt(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data((message + "\n").utf8))
  exit(1)
}

func balanceRow(hosts: Int, policy: String, overloadedEvery: Int = 0, limit: Int = 100_000) {
  guard
    let context = PlanningScenarios.context(
      hosts: hosts, policy: policy, overloadedEvery: overloadedEvery)
  else { fail("the scenario did not load") }
  let run = measure { PlanningScenarios.balance(context, maxMigrations: limit) }
  let perMove = run.value > 0 ? run.wall / Double(run.value) * 1000 : 0
  print(
    "\(run.value) moves: \(fmt(run.wall)) s wall, \(fmt(run.cpu)) s CPU, "
      + "\(fmt(perMove, 1)) ms/move, \(peakMiB()) MiB peak")
}

let arguments = CommandLine.arguments.dropFirst()
guard let row = arguments.first else {
  fail(
    "usage: bench-table place|balance-vm-even|balance-power|balance-even-hot|balance-2000|"
      + "maintenance|per-move HOSTS|evaluator|optimize HOSTS [plain|constrained] [consolidate|spread]|"
      + "export HOSTS [plain|constrained]|import HOSTS [VMS [CLUSTERS]]")
}
let limit = arguments.dropFirst().first.flatMap { Int($0) } ?? 100_000
switch row {
case "place":
  guard let context = PlanningScenarios.context(hosts: 5_000, policy: "vm_evenly_distributed")
  else { fail("the scenario did not load") }
  // The solver's tables are built once per snapshot (like loading it): timed apart, so the
  // rate is the decisions' own.
  let tables = measure { SchedulerState(snapshot: context.snapshot) }
  var state = tables.value
  let run = measure { PlanningScenarios.place(context, count: 200, in: &state) }
  print(
    "\(run.value) placed: \(fmt(run.wall)) s wall, \(fmt(run.cpu)) s CPU, "
      + "\(fmt(Double(run.value) / run.wall, 0)) placements/s after the solver's tables "
      + "(\(fmt(tables.wall)) s wall, \(fmt(tables.cpu)) s CPU to build), \(peakMiB()) MiB peak")
// An optional second argument caps the moves (to measure a row that takes too long).
case "balance-vm-even": balanceRow(hosts: 1_000, policy: "vm_evenly_distributed", limit: limit)
case "balance-power": balanceRow(hosts: 1_000, policy: "power_saving", limit: limit)
case "balance-even-hot":
  balanceRow(hosts: 1_000, policy: "evenly_distributed", overloadedEvery: 4, limit: limit)
case "balance-2000": balanceRow(hosts: 2_000, policy: "vm_evenly_distributed", limit: limit)
case "maintenance":
  guard let context = PlanningScenarios.context(hosts: 500, policy: "vm_evenly_distributed")
  else { fail("the scenario did not load") }
  let run = measure { PlanningScenarios.maintenance(context, hosts: 50) }
  print(
    "\(run.value) steps: \(fmt(run.wall)) s wall, \(fmt(run.cpu)) s CPU, \(peakMiB()) MiB peak")
// The --optimize table: one generated cluster, one objective (power_saving packs, the snapshot's
// vm_evenly_distributed spreads); columns time | hosts in use (or highest measure) | lower bound
// | gap | migrations.
case "optimize":
  let rest = Array(arguments.dropFirst())
  let hosts = rest.first.flatMap { Int($0) } ?? 500
  let constrained = rest.dropFirst().first == "constrained"
  let objective = rest.dropFirst(2).first.flatMap(OptimizeObjective.init(rawValue:)) ?? .consolidate
  let policy = objective == .consolidate ? "power_saving" : "vm_evenly_distributed"
  guard
    let context = OptimizeScenarios.context(hosts: hosts, constrained: constrained, policy: policy)
  else { fail("the scenario did not load") }
  let run = measure {
    Optimizer(context: context, options: OptimizeOptions(objective: objective)).plan()
  }
  guard let report = run.value.optimization else { fail("no optimization report") }
  func value(_ number: Double) -> String {
    number == number.rounded() ? String(Int(number)) : fmt(number, 1)
  }
  print(
    "\(fmt(run.wall)) s (\(fmt(run.cpu)) s CPU) | \(value(report.before)) → \(value(report.after)) | "
      + "\(value(report.lowerBound)) | \(fmt(report.gapPercent, 1)) % | \(report.migrations) "
      + "(\(report.stoppedBy), \(peakMiB()) MiB peak)")
case "optimize-model":
  // The packing model of a cluster as JSON (scripts/optimum-cpsat).
  let rest = Array(arguments.dropFirst())
  let hosts = rest.first.flatMap { Int($0) } ?? 500
  guard
    let context = OptimizeScenarios.context(
      hosts: hosts, constrained: rest.dropFirst().first == "constrained", policy: "power_saving")
  else { fail("the scenario did not load") }
  print(
    Optimizer(context: context, options: OptimizeOptions(objective: .consolidate)).modelJSON()
      .serialized())
case "export":
  let rest = Array(arguments.dropFirst())
  let hosts = rest.first.flatMap { Int($0) } ?? 500
  print(
    OptimizeScenarios.yaml(hosts: hosts, constrained: rest.dropFirst().first == "constrained"),
    terminator: "")
// Importing a generated engine export (XML in memory, as `import ovirt --from` reads it).
case "import":
  let rest = Array(arguments.dropFirst())
  let hosts = rest.first.flatMap { Int($0) } ?? 5_000
  let vms = rest.dropFirst().first.flatMap { Int($0) } ?? hosts * 20
  let clusters = rest.dropFirst(2).first.flatMap { Int($0) } ?? 1
  let scenario = ImportScenario(hostCount: hosts, vmCount: vms, clusterCount: clusters)
  let run = measure { scenario.run() }
  print(
    "\(fmt(Double(scenario.bytes) / 1_048_576, 0)) MiB of XML"
      + (clusters > 1 ? " in \(clusters) clusters" : "") + ": \(fmt(run.wall)) s wall, "
      + "\(fmt(run.cpu)) s CPU, \(peakMiB()) MiB peak")
case "per-move":
  // The marginal cost of a move: 210 moves minus 10 moves, so loading, the first solver state
  // and the plan's assembly cancel out (with 30 − 10 moves, the 20 moves' few milliseconds were
  // within the noise of those fixed costs, and runs even came out negative).
  let hosts = arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000
  guard let context = PlanningScenarios.context(hosts: hosts, policy: "vm_evenly_distributed")
  else { fail("the scenario did not load") }
  let short = measure { PlanningScenarios.balance(context, maxMigrations: 10) }
  let long = measure { PlanningScenarios.balance(context, maxMigrations: 210) }
  let moves = long.value - short.value
  guard moves > 0 else { fail("fewer than 11 moves at \(hosts) hosts") }
  print(
    "\(fmt((long.cpu - short.cpu) / Double(moves) * 1000, 2)) ms CPU/move "
      + "(\(fmt((long.wall - short.wall) / Double(moves) * 1000, 2)) ms wall, \(moves) moves)")
case "evaluator":
  guard let comparison = EvaluatorComparison() else { fail("the scenario did not load") }
  // One timing is a few tens of milliseconds, which a busy shared machine swings by ×2: each
  // body is timed 7 times, the six bodies alternating, and the least CPU time is the figure.
  let rounds = 2_000
  let bodies: [() -> Double] = [
    { Double(comparison.compiledCPU()) }, { Double(comparison.handWrittenCPU()) },
    { comparison.compiledGuestWeight() }, { comparison.handWrittenGuestWeight() },
    { Double(comparison.compiledCPU(closures: true)) },
    { comparison.compiledGuestWeight(closures: true) },
  ]
  var best = Array(repeating: Double.infinity, count: bodies.count)
  for _ in 0..<7 {
    for (index, body) in bodies.enumerated() {
      var sink = 0.0
      let run = measure {
        for _ in 0..<rounds { sink += body() }
        return sink
      }
      precondition(run.value.isFinite)
      best[index] = min(best[index], run.cpu)
    }
  }
  let (cpuCompiled, cpuHand, weightCompiled, weightHand, cpuClosures, weightClosures) = (
    best[0], best[1], best[2], best[3], best[4], best[5]
  )
  let evaluations = Double(rounds * comparison.snapshot.hosts.count)
  func ratio(_ compiled: Double, _ hand: Double) -> String {
    "×\(fmt(compiled / hand, 1)) (\(fmt(compiled / evaluations * 1e9, 1)) ns vs "
      + "\(fmt(hand / evaluations * 1e9, 1)) ns)"
  }
  print(
    "CPU filter \(ratio(cpuCompiled, cpuHand)), even-guest weight "
      + "\(ratio(weightCompiled, weightHand)); as a user policy (closures): CPU filter "
      + "\(ratio(cpuClosures, cpuHand)), even-guest weight \(ratio(weightClosures, weightHand))")
default: fail("unknown row '\(row)'")
}
