import Diagnostics
import ShepherdTestSupport
import Testing
import YAMLDocument

/// Value offsets map expression positions back to the file for every scalar style.
@Suite("scalar value offsets")
struct OffsetMapTests {
  /// Each case: a document `when: …` whose value contains `host.memry`; the marker is where
  /// `memry` starts in the file.
  static let cases: [(String, String)] = [
    ("plain", "when: host.1️⃣memry >= 4\n"),
    ("plain, multi-line", "when: vm.x >= 1 &&\n  host.1️⃣memry >= 4\n"),
    ("single-quoted", "when: 'vm.name == ''a'' && host.1️⃣memry > 0'\n"),
    ("double-quoted with escapes", "when: \"vm.name == \\\"\\u00e9\\\" && host.1️⃣memry > 0\"\n"),
    ("double-quoted, folded line", "when: \"vm.x >= 1 &&\n   host.1️⃣memry > 0\"\n"),
    ("literal, indent 2", "when: |\n  vm.x >= 1 &&\n  host.1️⃣memry > 0\n"),
    ("literal, indent 6", "filter:\n  when: |-\n      vm.x >= 1 &&\n      host.1️⃣memry > 0\n"),
    ("folded, indent 2", "when: >\n  vm.x >= 1 &&\n  host.1️⃣memry > 0\n"),
    ("folded, indent 4", "a:\n  when: >-\n    vm.x >= 1 &&\n\n    host.1️⃣memry > 0\n"),
    ("multi-byte text before", "when: vm.name == \"größe\" && host.1️⃣memry > 0\n"),
  ]

  @Test("an offset inside the value lands on the same text in the file", arguments: cases)
  func mapsBack(_ name: String, _ marked: String) throws {
    let text = MarkedText(marked)
    var sources = SourceMap()
    let file = sources.add(path: "p.yaml", text: text.text)
    var bag = DiagnosticBag()
    let document = try #require(YAMLParser().parseSingle(file, diagnostics: &bag))
    #expect(bag.isEmpty, "\(name)")
    var node = document.root
    while let mapping = node.mappingValue, let first = mapping.entries.first {
      node = first.value
    }
    let scalar = try #require(node.scalarValue)
    let offsets = scalar.valueOffsets(in: file)
    #expect(offsets.count == scalar.value.utf8.count + 1)
    let valueBytes = Array(scalar.value.utf8)
    let needle = Array("memry".utf8)
    let index = try #require(
      (0...(valueBytes.count - needle.count)).first {
        Array(valueBytes[$0..<($0 + needle.count)]) == needle
      })
    #expect(Int(offsets[index]) == text.offsets["1️⃣"], "\(name)")
    // Offsets never go backwards.
    #expect(zip(offsets, offsets.dropFirst()).allSatisfy { $0 <= $1 }, "\(name)")
  }
}
