import Diagnostics
import Inventory
import Policy
import Scheduler
import ShepherdTestSupport
import Testing

/// Shared helpers: snapshots from inline YAML, pipelines from the built-ins plus
/// `Fixtures/policies/scheduler` (expression-only test policies).
enum SchedulerTestSupport {
  enum SupportError: Error, CustomStringConvertible {
    case failed(String)
    var description: String {
      switch self {
      case .failed(let text): text
      }
    }
  }

  /// The built-in library plus the scheduler test policies (and any extra inline documents).
  static func library(extra: [String] = [], sources: inout SourceMap, bag: inout DiagnosticBag)
    -> PolicyLibrary
  {
    var files: [SourceFile] = []
    for path in Golden.files(in: "Fixtures/policies/scheduler", withExtensions: ["yaml"]) {
      if let bytes = Golden.readBytes(Golden.path(path)) {
        files.append(sources.add(path: path, bytes: bytes))
      }
    }
    for (index, text) in extra.enumerated() {
      files.append(sources.add(path: "extra-\(index).yaml", text: text))
    }
    return PolicyLibrary.load(userFiles: files, sources: &sources, diagnostics: &bag)
  }

  /// Loads a snapshot and compiles a policy; throws with rendered diagnostics on failure.
  static func load(
    snapshot text: String, policy: String, extraPolicies: [String] = []
  ) throws -> (ClusterSnapshot, SchedulingPipeline) {
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let library = library(extra: extraPolicies, sources: &sources, bag: &bag)
    let file = sources.add(path: "snapshot.yaml", text: text)
    let snapshot = SnapshotLoader().load(file, diagnostics: &bag)
    let pipeline = PolicyCompiler(library: library).compileSchedulingPolicy(
      named: policy, diagnostics: &bag)
    guard let snapshot, let pipeline, !bag.hasErrors else {
      throw SupportError.failed(DiagnosticRenderer(sources: sources).render(bag))
    }
    return (snapshot, pipeline)
  }

  /// A snapshot header with the given hosts, VMs and groups (YAML list items, indented 2).
  static func snapshot(hosts: [String], vms: [String], groups: [String] = []) -> String {
    var text = """
      apiVersion: shepherd/v1
      kind: ClusterSnapshot
      takenAt: 2026-11-28T10:00:00Z
      cluster: { name: test, compatibilityVersion: "4.7", memoryOvercommitPercent: 100 }
      hosts:

      """
    for host in hosts { text += "  - " + host + "\n" }
    text += vms.isEmpty ? "vms: []\n" : "vms:\n"
    for vm in vms { text += "  - " + vm + "\n" }
    if !groups.isEmpty {
      text += "affinityGroups:\n"
      for group in groups { text += "  - " + group + "\n" }
    }
    return text
  }

  /// A host entry: Up, 16 cores, the given memory, `vm-net`.
  static func host(
    _ name: String, memoryMiB: Int = 65536, freeMiB: Int? = nil, committedMiB: Int = 0,
    status: String = "Up", networks: String = "vm-net", extra: String = ""
  ) -> String {
    "{ name: \(name), status: \(status), cpu: { sockets: 1, cores: 16, threads: 32, "
      + "usagePercent: 10 }, memory: { physicalMiB: \(memoryMiB), freeMiB: \(freeMiB ?? memoryMiB), "
      + "committedMiB: \(committedMiB) }, networks: [\(networks)]\(extra.isEmpty ? "" : ", " + extra) }"
  }

  /// A Down VM entry.
  static func vm(_ name: String, memoryMiB: Int = 4096, vcpus: Int = 2, extra: String = "")
    -> String
  {
    "{ name: \(name), status: Down, memoryMiB: \(memoryMiB), vcpus: \(vcpus), networks: [vm-net]"
      + (extra.isEmpty ? "" : ", " + extra) + " }"
  }

  /// The index of a VM by name.
  static func index(_ name: String, _ snapshot: ClusterSnapshot) throws -> Int {
    try #require(snapshot.vmIndexByName[name], "no VM \(name)")
  }
}
