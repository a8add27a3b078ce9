// libFuzzer harness for the oVirt import: the saved engine responses of Fixtures/ovirt/example
// with one of them replaced by the input (its first byte chooses which), imported for cluster
// prod-a. Any bytes must import or be rejected with diagnostics, without a trap, in bounded
// time and memory. Built by `Fuzz/run import`.
import Diagnostics
import Import
import Inventory

/// The example export's files, read once.
let exampleFiles: [(name: String, bytes: [UInt8])] = [
  "api.xml", "clusters.xml", "hosts.xml", "vms.xml", "networks.xml", "vnicprofiles.xml",
  "storagedomains.xml", "affinitylabels.xml", "affinitygroups-prod-a.xml",
  "schedulingpolicies.xml", "schedulingpolicyunits.xml",
].map { ($0, repositoryFile("Fixtures/ovirt/example/" + $0)) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size > 0 else { return 0 }
  let replaced = Int(data[0]) % exampleFiles.count
  var sources = SourceMap()
  var documents: [OvirtSourceDocument] = []
  for (index, file) in exampleFiles.enumerated() {
    let bytes =
      index == replaced ? Array(UnsafeBufferPointer(start: data + 1, count: size - 1)) : file.bytes
    guard let document = OvirtDocument.forFileName(file.name) else { continue }
    documents.append(OvirtSourceDocument(document, sources.add(path: file.name, bytes: bytes)))
  }
  let catalog = OvirtPolicyCatalog(
    filters: [], mandatoryFilters: [], weights: [], balancers: [],
    schedulingPolicies: ["evenly_distributed"])
  let options = OvirtImportOptions(
    clusterName: "prod-a", fallbackTime: Timestamp(epochSeconds: 0), catalog: catalog)
  let result = OvirtImporter(options: options).run(documents)
  _ = DiagnosticRenderer(sources: sources).render(result.diagnostics)
  if let snapshot = result.snapshot { _ = SnapshotWriter.yaml(snapshot) }
  return 0
}
