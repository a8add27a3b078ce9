import Diagnostics
import Inventory
import ShepherdTestSupport

/// A loaded text: the snapshot (nil on errors), the diagnostics and their rendering.
struct Loaded {
  /// The snapshot: a one-cluster file's cluster, or a data center's first.
  var snapshot: ClusterSnapshot?
  /// Every cluster (a one-cluster file: a data center of one); nil on errors.
  var dataCenter: DataCenterSnapshot?
  var diagnostics: [Diagnostic]
  var rendered: String
  var sources: SourceMap

  /// The codes of every diagnostic, sorted by position.
  var codes: [String] { Diagnostic.sorted(diagnostics).map(\.code.rawValue) }
}

/// Loads snapshot text as if from `path`.
func loadSnapshot(_ text: String, path: String = "test.yaml") -> Loaded {
  var sources = SourceMap()
  let file = sources.add(path: path, text: text)
  var bag = DiagnosticBag()
  let dataCenter = SnapshotLoader().loadDataCenter(file, diagnostics: &bag)
  let rendered = DiagnosticRenderer(sources: sources).render(bag)
  return Loaded(
    snapshot: dataCenter?.clusters.first, dataCenter: dataCenter, diagnostics: bag.diagnostics,
    rendered: rendered, sources: sources)
}

/// Loads a fixture by its path relative to the repository root.
func loadFixture(_ relativePath: String) -> Loaded? {
  guard let bytes = Golden.readBytes(Golden.path(relativePath)) else { return nil }
  return loadSnapshot(String(decoding: bytes, as: UTF8.self), path: relativePath)
}

/// A minimal valid snapshot with `extra` YAML appended to the document (hosts and VMs can be
/// replaced through the parameters).
func snapshotText(
  hosts: String = """
    - name: h1
      status: Up
      memory: { physicalMiB: 65536, freeMiB: 32768 }
    - name: h2
      status: Up
      memory: { physicalMiB: 65536, freeMiB: 32768 }
  """,
  vms: String = """
    - { name: v1, host: h1, status: Up, memoryMiB: 4096, vcpus: 2 }
  """,
  extra: String = ""
) -> String {
  """
  apiVersion: shepherd/v1
  kind: ClusterSnapshot
  takenAt: 2026-11-28T10:00:00Z
  cluster: { name: c, compatibilityVersion: "4.7" }
  hosts:
  \(hosts)
  vms:
  \(vms)
  \(extra)
  """
}
