import Diagnostics
import Foundation
import Import
import Inventory
import ProgressReporting
import ShepherdTestSupport

/// Shepherd's built-in unit and policy names, as the CLI passes them (a fixed copy, so the
/// Import tests do not depend on the Policy module).
let testCatalog = OvirtPolicyCatalog(
  filters: [
    "CPU", "CPUOverloaded", "Emulated-Machine", "HA", "Swap", "Memory", "NUMA", "HugePages",
    "Migration", "DiskCache", "VmAffinityGroups", "VmToHostsAffinityGroups", "Network",
    "HostedEngineSpares", "Migration-Tsc-Frequency", "Host-hooks", "ClusterInMaintenance",
    "InClusterUpgrade", "Compatibility-Version", "CPU-Level", "CPUTopology", "CpuPinning",
    "HostDevice", "PinToHost", "VmLeasesReady", "MDevice",
  ],
  mandatoryFilters: [
    "Compatibility-Version", "CPU-Level", "CPUTopology", "CpuPinning", "HostDevice",
    "PinToHost", "VmLeasesReady", "MDevice",
  ],
  weights: [
    "OptimalForCpuEvenDistribution", "OptimalForMemoryEvenDistribution",
    "OptimalForEvenGuestDistribution", "OptimalForCpuPowerSaving", "OptimalForMemoryPowerSaving",
    "InClusterUpgrade", "PreferredHosts", "HA", "OptimalForHaReservation", "VmAffinityGroups",
    "VmToHostsAffinityGroups", "HighPerformanceCpu", "CpuAndNumaPinningCompatibility",
  ],
  balancers: [
    "None", "OptimalForEvenDistribution", "OptimalForEvenGuestDistribution",
    "OptimalForPowerSaving",
  ],
  schedulingPolicies: [
    "none", "evenly_distributed", "power_saving", "vm_evenly_distributed",
    "cluster_maintenance", "in_cluster_upgrade",
  ])

/// An import of a fixture directory, with its diagnostics rendered.
struct Imported {
  var result: OvirtImportResult
  var rendered: String
  var snapshot: ClusterSnapshot? { result.snapshot }
}

/// Imports the engine documents of a directory relative to the repository root.
func importDirectory(
  _ relativeDirectory: String, cluster: String? = nil, progress: ProgressHandler? = nil
) -> Imported {
  let names =
    (try? FileManager.default.contentsOfDirectory(atPath: Golden.path(relativeDirectory))) ?? []
  var sources = SourceMap()
  var documents: [OvirtSourceDocument] = []
  for (name, document) in OvirtDocument.importFiles(among: names) {
    let path = relativeDirectory + "/" + name
    let bytes = Golden.readBytes(Golden.path(path)) ?? []
    documents.append(OvirtSourceDocument(document, sources.add(path: path, bytes: bytes)))
  }
  return importDocuments(documents, sources: sources, cluster: cluster, progress: progress)
}

/// Imports documents given as text, keyed by file name.
func importTexts(_ texts: [(String, String)], cluster: String? = nil) -> Imported {
  var sources = SourceMap()
  var documents: [OvirtSourceDocument] = []
  for (name, text) in texts {
    guard let document = OvirtDocument.forFileName(name) else { continue }
    documents.append(OvirtSourceDocument(document, sources.add(path: name, text: text)))
  }
  return importDocuments(documents, sources: sources, cluster: cluster)
}

private func importDocuments(
  _ documents: [OvirtSourceDocument], sources: SourceMap, cluster: String?,
  progress: ProgressHandler? = nil
) -> Imported {
  var options = OvirtImportOptions(
    clusterName: cluster, fallbackTime: Timestamp(epochSeconds: 1_795_860_000),
    catalog: testCatalog)
  options.progress = progress
  let result = OvirtImporter(options: options).run(documents)
  return Imported(
    result: result,
    rendered: DiagnosticRenderer(sources: sources).render(result.diagnostics))
}
