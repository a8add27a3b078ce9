// libFuzzer harness for YAMLDocument: any byte string must parse or be rejected with
// diagnostics, never crash, hang or grow without bound. Built by Fuzz/run (not part of
// `swift test`).
import Diagnostics
import YAMLDocument

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  var sources = SourceMap()
  let file = sources.add(path: "fuzz.yaml", bytes: bytes)
  var bag = DiagnosticBag()
  let limits = YAMLLimits(maxInputBytes: 1 << 20, maxDepth: 64, maxAliasExpansionNodes: 10_000)
  let documents = YAMLParser(limits: limits).parse(file, diagnostics: &bag)
  // Exercise the consumers too: rendering, resolution and offset maps must not trap.
  _ = DiagnosticRenderer(sources: sources).render(bag)
  var stack = documents.map(\.root)
  var visited = 0
  while let node = stack.popLast(), visited < 100_000 {
    visited += 1
    switch node {
    case .scalar(let scalar):
      _ = scalar.resolved
      let offsets = scalar.valueOffsets(in: file)
      precondition(offsets.count == scalar.value.utf8.count + 1)
    case .sequence(let sequence): stack.append(contentsOf: sequence.items)
    case .mapping(let mapping):
      for entry in mapping.entries { stack.append(entry.key); stack.append(entry.value) }
    }
  }
  return 0
}
