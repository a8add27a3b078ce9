import Benchmark
import Diagnostics
import Import
import Inventory

/// The documents of a generated engine export, read into a source map (as `--from` does).
struct ImportInput: Sendable {
  var sources: SourceMap
  var documents: [OvirtSourceDocument]

  init(hostCount: Int, vmCount: Int) {
    var sources = SourceMap()
    documents = OvirtSyntheticExport(hostCount: hostCount, vmCount: vmCount).documents()
      .compactMap { document in
        OvirtDocument.forFileName(document.fileName).map {
          OvirtSourceDocument($0, sources.add(path: document.fileName, text: document.text))
        }
      }
    self.sources = sources
  }
}

/// Imports the documents; returns a count so the work cannot be optimised away.
func importExport(_ input: ImportInput) -> Int {
  let catalog = OvirtPolicyCatalog(
    filters: [], mandatoryFilters: [], weights: [], balancers: [],
    schedulingPolicies: ["evenly_distributed"])
  let options = OvirtImportOptions(fallbackTime: Timestamp(epochSeconds: 0), catalog: catalog)
  let result = OvirtImporter(options: options).run(input.documents)
  return (result.snapshot?.vms.count ?? 0) + result.diagnostics.diagnostics.count
}

let benchmarks: @Sendable () -> Void = {
  let heavy: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal]

  Benchmark(
    "oVirt import: 5,000 hosts, 100,000 VMs (≈ 500 MB of XML)",
    configuration: .init(metrics: heavy, maxDuration: .seconds(120), maxIterations: 3)
  ) { benchmark, input in
    benchmark.startMeasurement()
    blackHole(importExport(input))
  } setup: {
    ImportInput(hostCount: 5_000, vmCount: 100_000)
  }

  Benchmark(
    "oVirt import: 500 hosts, 10,000 VMs",
    configuration: .init(metrics: heavy, maxDuration: .seconds(30), maxIterations: 5)
  ) { benchmark, input in
    benchmark.startMeasurement()
    blackHole(importExport(input))
  } setup: {
    ImportInput(hostCount: 500, vmCount: 10_000)
  }
}
