// Shared by the snapshot, policy and plan harnesses (compiled into each by Fuzz/run).
import Diagnostics
import Inventory
import YAMLDocument

#if canImport(Glibc)
  import Glibc
#endif

/// Small limits so one input stays fast.
let fuzzLimits = YAMLLimits(maxInputBytes: 1 << 20, maxDepth: 64, maxAliasExpansionNodes: 10_000)

/// The fuzzer's input as a source file of a new map (or of a copy of `base`).
func fuzzInput(
  _ data: UnsafePointer<UInt8>, _ size: Int, path: String, base: SourceMap = SourceMap()
) -> (sources: SourceMap, file: SourceFile) {
  var sources = base
  let file = sources.add(path: path, bytes: Array(UnsafeBufferPointer(start: data, count: size)))
  return (sources, file)
}

/// A file of the repository (Fuzz/run starts the harness at its root); empty when unreadable.
func repositoryFile(_ path: String) -> [UInt8] {
  var bytes: [UInt8] = []
  guard let handle = fopen(path, "rb") else { return bytes }
  var buffer = [UInt8](repeating: 0, count: 65_536)
  while true {
    let count = Int(fread(&buffer, 1, buffer.count, handle))
    if count <= 0 { break }
    bytes += buffer[0..<count]
  }
  fclose(handle)
  return bytes
}

/// Fixtures/plans/cluster.yaml, read once from the repository root (where Fuzz/run starts the
/// harness): the snapshot the policy and plan harnesses run on.
let fixtureSnapshot: ClusterSnapshot = {
  let bytes = repositoryFile("Fixtures/plans/cluster.yaml")
  var sources = SourceMap()
  let file = sources.add(path: "cluster.yaml", bytes: bytes)
  var bag = DiagnosticBag()
  guard let snapshot = SnapshotLoader().load(file, diagnostics: &bag) else {
    fatalError("run from the repository root")
  }
  return snapshot
}()
