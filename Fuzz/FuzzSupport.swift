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

/// Fixtures/plans/cluster.yaml, read once from the repository root (where Fuzz/run starts the
/// harness): the snapshot the policy and plan harnesses run on.
let fixtureSnapshot: ClusterSnapshot = {
  var bytes: [UInt8] = []
  if let handle = fopen("Fixtures/plans/cluster.yaml", "rb") {
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = Int(fread(&buffer, 1, buffer.count, handle))
      if count <= 0 { break }
      bytes += buffer[0..<count]
    }
    fclose(handle)
  }
  var sources = SourceMap()
  let file = sources.add(path: "cluster.yaml", bytes: bytes)
  var bag = DiagnosticBag()
  guard let snapshot = SnapshotLoader().load(file, diagnostics: &bag) else {
    fatalError("run from the repository root")
  }
  return snapshot
}()
