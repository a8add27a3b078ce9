import Benchmark
import Diagnostics
import Inventory
import YAMLDocument

/// YAML text shaped like a snapshot's VM list: `count` mappings of ~12 keys each.
func syntheticVMList(count: Int) -> String {
  var text = "vms:\n"
  text.reserveCapacity(count * 260)
  for index in 0..<count {
    text += """
        - name: vm-\(index)
          host: host-\(index % 2000)
          status: Up
          memoryMiB: \(1024 * (1 + index % 16))
          vcpus: \(1 + index % 8)
          cpuUsagePercent: \(index % 100)
          highlyAvailable: \(index % 5 == 0)
          priority: \(["low", "medium", "high"][index % 3])
          migrationMode: migratable
          networks: [ovirtmgmt, vm-net]
          storageDomains: [data1]
          customProperties: { cache: none }

      """
  }
  return text
}

let hostileBillionLaughs = """
  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
  """

let hostileDeepNesting =
  "deep: " + String(repeating: "[", count: 10_000)
  + String(repeating: "]", count: 10_000)

func parse(_ text: String, path: String) -> Int {
  var sources = SourceMap()
  let file = sources.add(path: path, text: text)
  var bag = DiagnosticBag()
  let documents = YAMLParser().parse(file, diagnostics: &bag)
  return documents.count + bag.diagnostics.count
}

/// Parses and loads a snapshot; returns a count so the work cannot be optimised away.
func loadSnapshot(_ text: String, path: String) -> Int {
  var sources = SourceMap()
  let file = sources.add(path: path, text: text)
  let result = SnapshotLoader().load(file)
  return (result.snapshot?.vms.count ?? 0) + result.diagnostics.diagnostics.count
}

let benchmarks: @Sendable () -> Void = {
  let heavy: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal]

  Benchmark(
    "YAML parse: 100,000-VM list",
    configuration: .init(metrics: heavy, maxDuration: .seconds(60), maxIterations: 5)
  ) { benchmark, text in
    benchmark.startMeasurement()
    blackHole(parse(text, path: "vms.yaml"))
  } setup: {
    syntheticVMList(count: 100_000)
  }

  Benchmark(
    "Snapshot load: 100,000 VMs",
    configuration: .init(metrics: heavy, maxDuration: .seconds(60), maxIterations: 5)
  ) { benchmark, text in
    benchmark.startMeasurement()
    blackHole(loadSnapshot(text, path: "synthetic.yaml"))
  } setup: {
    SyntheticSnapshot(hostCount: 2_000, vmCount: 100_000, seed: 7).yaml()
  }

  Benchmark(
    "YAML reject: billion laughs",
    configuration: .init(metrics: heavy, maxDuration: .seconds(10), maxIterations: 20)
  ) { benchmark in
    blackHole(parse(hostileBillionLaughs, path: "laughs.yaml"))
  }

  Benchmark(
    "YAML reject: 10,000-deep nesting",
    configuration: .init(metrics: heavy, maxDuration: .seconds(10), maxIterations: 20)
  ) { benchmark in
    blackHole(parse(hostileDeepNesting, path: "deep.yaml"))
  }
}
