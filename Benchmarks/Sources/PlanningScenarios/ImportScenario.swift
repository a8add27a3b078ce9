import Diagnostics
import Import
import Inventory

/// The documents of a generated engine export, read into a source map as `import ovirt --from`
/// reads them. Shared by the import benchmarks and `scripts/bench import`.
public struct ImportScenario: Sendable {
  public var sources: SourceMap
  public var documents: [OvirtSourceDocument]

  /// An export of `clusterCount` clusters (imported without `--cluster`: one data center when
  /// there are several).
  public init(hostCount: Int, vmCount: Int, clusterCount: Int = 1) {
    var sources = SourceMap()
    documents = OvirtSyntheticExport(
      hostCount: hostCount, vmCount: vmCount, clusterCount: clusterCount
    ).documents()
      .compactMap { document in
        OvirtDocument.forFileName(document.fileName).map {
          OvirtSourceDocument($0, sources.add(path: document.fileName, text: document.text))
        }
      }
    self.sources = sources
  }

  /// The export's size in bytes.
  public var bytes: Int { documents.reduce(0) { $0 + $1.file.bytes.count } }

  /// Imports the documents; returns the VMs imported plus the diagnostics, so the work cannot
  /// be optimised away.
  public func run() -> Int {
    let catalog = OvirtPolicyCatalog(
      filters: [], mandatoryFilters: [], weights: [], balancers: [],
      schedulingPolicies: ["evenly_distributed"])
    let options = OvirtImportOptions(fallbackTime: Timestamp(epochSeconds: 0), catalog: catalog)
    let result = OvirtImporter(options: options).run(documents)
    let vms = result.dataCenter?.clusters.reduce(0) { $0 + $1.vms.count } ?? 0
    return vms + result.diagnostics.diagnostics.count
  }
}
