import Diagnostics
import ShepherdTestSupport
import Testing
import YAMLDocument

func parse(_ text: String, limits: YAMLLimits = .default) -> (SourceMap, [Document], DiagnosticBag)
{
  var sources = SourceMap()
  let file = sources.add(path: "test.yaml", text: text)
  var bag = DiagnosticBag()
  let documents = YAMLParser(limits: limits).parse(file, diagnostics: &bag)
  return (sources, documents, bag)
}

func render(_ text: String, limits: YAMLLimits = .default) -> String {
  let (sources, _, bag) = parse(text, limits: limits)
  return DiagnosticRenderer(sources: sources).render(bag)
}

@Suite("composer")
struct ComposerTests {
  @Test("mapping, sequence and scalar spans point at the source text")
  func spans() throws {
    let marked = MarkedText("1️⃣name: 2️⃣web-01\nnets: 3️⃣[a, 4️⃣\"b c\"]\n")
    let (sources, documents, bag) = parse(marked.text)
    #expect(bag.isEmpty)
    let root = try #require(documents.first?.root.mappingValue)
    let file = try #require(sources.allFiles.first)
    #expect(root.keys == ["name", "nets"])
    #expect(Int(root.entries[0].key.span.start) == marked.offsets["1️⃣"])
    let name = try #require(root["name"]?.scalarValue)
    #expect(name.value == "web-01")
    #expect(Int(name.span.start) == marked.offsets["2️⃣"])
    #expect(file.text(in: name.span.range) == "web-01")
    let nets = try #require(root["nets"]?.sequenceValue)
    #expect(nets.style == .flow)
    #expect(Int(nets.span.start) == marked.offsets["3️⃣"])
    let quoted = try #require(nets.items.last?.scalarValue)
    #expect(quoted.style == .doubleQuoted)
    #expect(quoted.value == "b c")
    #expect(file.text(in: quoted.span.range) == "\"b c\"")
    #expect(Int(quoted.span.start) == marked.offsets["4️⃣"])
  }

  @Test("spans are byte offsets even after multi-byte characters")
  func multibyteSpans() throws {
    let marked = MarkedText("größe: 1️⃣\"ß\"\nnächste: 2️⃣wert\n")
    let (sources, documents, _) = parse(marked.text)
    let root = try #require(documents.first?.root.mappingValue)
    let file = try #require(sources.allFiles.first)
    let first = try #require(root["größe"]?.scalarValue)
    #expect(Int(first.span.start) == marked.offsets["1️⃣"])
    #expect(file.text(in: first.span.range) == "\"ß\"")
    let second = try #require(root["nächste"]?.scalarValue)
    #expect(Int(second.span.start) == marked.offsets["2️⃣"])
    #expect(file.location(of: Int(second.span.start)) == SourceLocation(line: 2, column: 10))
  }

  @Test("scalar styles are kept")
  func styles() throws {
    let (_, documents, bag) = parse(
      "a: plain\nb: 'single'\nc: \"double\"\nd: |\n  lit\ne: >\n  fold\n")
    #expect(bag.isEmpty)
    let root = try #require(documents.first?.root.mappingValue)
    let styles = root.entries.compactMap { $0.value.scalarValue?.style }
    #expect(styles == [.plain, .singleQuoted, .doubleQuoted, .literal, .folded])
    #expect(root["d"]?.scalarValue?.value == "lit\n")
  }

  @Test("multi-document streams")
  func multiDocument() throws {
    let (_, documents, bag) = parse("kind: A\n---\nkind: B\n---\n")
    #expect(bag.isEmpty)
    #expect(documents.count == 3)
    #expect(documents[1].root.mappingValue?["kind"]?.scalarValue?.value == "B")
    #expect(documents[2].root.isNull)
  }

  @Test("empty input is an empty stream") func emptyInput() {
    let (_, documents, bag) = parse("")
    #expect(documents.isEmpty)
    #expect(bag.isEmpty)
  }

  @Test("aliases expand to the anchored node")
  func aliases() throws {
    let (_, documents, bag) = parse("base: &b {memoryMiB: 4}\ncopy: *b\n")
    #expect(bag.isEmpty)
    let root = try #require(documents.first?.root.mappingValue)
    #expect(root["copy"]?.mappingValue?["memoryMiB"]?.scalarValue?.resolved == .int(4))
  }

  @Test("duplicate keys name both places")
  func duplicateKeys() {
    let text = render("a: 1\nb: 2\na: 3\n")
    #expect(
      text == """
        test.yaml:3:1: error[Y003]: duplicate key 'a' in mapping
          3 | a: 3
            | ^
        test.yaml:1:1: note: 'a' first appears here
          1 | a: 1
            | ^
          = help: remove or rename one of the two entries

        """)
  }

  @Test("keys that resolve to the same value are duplicates; '1' and 1 are not")
  func duplicateResolution() {
    #expect(parse("0x10: a\n16: b\n").2.hasErrors)
    #expect(!parse("'1': a\n1: b\n").2.hasErrors)
    #expect(parse("~: a\nnull: b\n").2.hasErrors)
    #expect(parse("1.0: a\n1.00: b\n").2.hasErrors)
    #expect(parse("true: a\nTrue: b\n").2.hasErrors)
    #expect(!parse("0.0: a\n-0.0: b\n").2.hasErrors)
    #expect(!parse("'true': a\ntrue: b\n").2.hasErrors)
  }

  @Test(
    "duplicates are found in small and large mappings, and only within one mapping",
    arguments: [3, 15, 16, 17, 40, 500])
  func duplicateKeysBySize(_ size: Int) throws {
    let keys = (0..<size).map { "key\($0)" }
    let lines = keys.map { "\($0): { inner: 1, \($0): 2, other: [x, y] }\n" }
    var text = lines.joined()
    let (_, documents, clean) = parse(text)
    #expect(clean.isEmpty, "\(clean.diagnostics)")
    let root = try #require(documents.first?.root.mappingValue)
    #expect(root.keys == keys)
    #expect(root.entries.allSatisfy { $0.value.mappingValue?.entries.count == 3 })
    text += "\(keys[size / 2]): again\n0x1: a\n1: b\n"
    let (_, _, bag) = parse(text)
    #expect(bag.diagnostics.map(\.code.rawValue) == ["Y003", "Y003"])
    #expect(bag.diagnostics.first?.message == "duplicate key '\(keys[size / 2])' in mapping")
    let note = try #require(bag.diagnostics.first?.notes.first?.span)
    #expect(Int(note.start) == lines[..<(size / 2)].joined().utf8.count)
  }

  @Test("nested collections keep their own items and entries")
  func nestedScratch() throws {
    let text = """
      a: [1, [2, 3], {b: [4], c: {d: 5}}, 6]
      e: {f: [], g: {}}
      h: 7
      """
    let (_, documents, bag) = parse(text)
    #expect(bag.isEmpty)
    let root = try #require(documents.first?.root.mappingValue)
    #expect(root.keys == ["a", "e", "h"])
    let a = try #require(root["a"]?.sequenceValue)
    #expect(a.items.count == 4)
    #expect(a.items[1].sequenceValue?.items.compactMap(\.scalarValue?.value) == ["2", "3"])
    #expect(a.items[2].mappingValue?.keys == ["b", "c"])
    #expect(a.items[3].scalarValue?.value == "6")
    let e = try #require(root["e"]?.mappingValue)
    #expect(e["f"]?.sequenceValue?.items.isEmpty == true)
    #expect(e["g"]?.mappingValue?.entries.isEmpty == true)
  }

  @Test("depth limit stops a deep document fast")
  func depthLimit() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    let (_, _, bag) = parse(deep)
    #expect(bag.diagnostics.map(\.code) == ["Y006"])
  }

  @Test("node limit") func nodeLimit() {
    let (_, _, bag) = parse("[1, 2, 3, 4, 5]", limits: YAMLLimits(maxNodes: 3))
    #expect(bag.diagnostics.map(\.code) == ["Y007"])
  }

  @Test("scalar length limit: a 2 MiB scalar is rejected by default, accepted when raised")
  func scalarLimit() {
    let long = "name: " + String(repeating: "x", count: 2 << 20) + "\n"
    let (_, _, bag) = parse(long)
    #expect(bag.diagnostics.map(\.code) == ["Y013"])
    let (_, documents, raised) = parse(long, limits: YAMLLimits(maxScalarBytes: 4 << 20))
    #expect(raised.isEmpty)
    #expect(documents.count == 1)
  }

  @Test("keys-per-mapping limit: 20,000 keys are rejected by default, accepted when raised")
  func mappingKeyLimit() {
    let many = (0..<20_000).map { "k\($0): 1\n" }.joined()
    let (_, _, bag) = parse(many)
    #expect(bag.diagnostics.map(\.code) == ["Y014"])
    #expect(bag.diagnostics.first?.message == "mapping has more than 10000 keys")
    let (_, _, raised) = parse(many, limits: YAMLLimits(maxMappingKeys: 20_000))
    #expect(raised.isEmpty)
  }

  @Test("the node limit counts every node of the stream, across lists")
  func nodeLimitAcrossLists() {
    let list = "[" + String(repeating: "1,", count: 999) + "1]"
    let text = (0..<6).map { "k\($0): \(list)\n" }.joined()
    let (_, _, bag) = parse(text, limits: YAMLLimits(maxNodes: 5_000))
    #expect(bag.diagnostics.map(\.code) == ["Y007"])
    let (_, _, raised) = parse(text, limits: YAMLLimits(maxNodes: 7_000))
    #expect(raised.isEmpty)
  }

  @Test("the default item limit rejects a ten-million-item list after 250,000 items")
  func defaultItemLimit() {
    let items = String(repeating: "- 1\n", count: 10_000_000)
    let (_, _, bag) = parse(items)
    #expect(bag.diagnostics.map(\.code) == ["Y015"])
    #expect(bag.diagnostics.first?.message == "sequence has more than 250000 items")
    let (_, _, raised) = parse(
      String(repeating: "- 1\n", count: 300), limits: YAMLLimits(maxSequenceItems: 300))
    #expect(raised.isEmpty)
  }

  @Test("a scalar far over the limit is refused before libyaml reads it whole")
  func overlongScalarStopsEarly() {
    let huge = "a: \"" + String(repeating: "x", count: 3_000_000) + "\"\nb: 1\n"
    let (_, _, bag) = parse(huge, limits: YAMLLimits(maxScalarBytes: 100_000))
    #expect(bag.diagnostics.map(\.code) == ["Y013"])
    #expect(bag.diagnostics.first?.message.hasPrefix("more than 1848576 bytes without") == true)
    // Under the read budget, the composer's own check gives the exact length.
    let long = "a: \"" + String(repeating: "x", count: 200_000) + "\"\n"
    let (_, _, exact) = parse(long, limits: YAMLLimits(maxScalarBytes: 100_000))
    #expect(
      exact.diagnostics.first?.message == "scalar is 200000 bytes, more than the limit of 100000")
    // A long comment is input without a node, too.
    let comment = "# " + String(repeating: "c", count: 3_000_000) + "\na: 1\n"
    let (_, _, commented) = parse(comment, limits: YAMLLimits(maxScalarBytes: 100_000))
    #expect(commented.diagnostics.map(\.code) == ["Y013"])
  }

  @Test("no setting allows nesting deeper than the ceiling; the ceiling itself is safe")
  func depthCeiling() {
    let ceiling = YAMLLimits.depthCeiling
    let allowed =
      String(repeating: "[", count: ceiling - 1) + String(repeating: "]", count: ceiling - 1)
    let (_, documents, bag) = parse(allowed, limits: YAMLLimits(maxDepth: 1_000_000))
    #expect(bag.isEmpty)
    #expect(documents.count == 1)
    let deeper = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
    let (_, _, deep) = parse(deeper, limits: YAMLLimits(maxDepth: 1_000_000))
    #expect(deep.diagnostics.map(\.code) == ["Y006"])
    #expect(deep.diagnostics.first?.message == "nesting is deeper than \(ceiling) levels")
  }

  @Test("input size limit") func sizeLimit() {
    let (_, _, bag) = parse("a: 1\n", limits: YAMLLimits(maxInputBytes: 2))
    #expect(bag.diagnostics.map(\.code) == ["G002"])
  }
}

@Suite("YAML 1.2 core schema")
struct CoreSchemaTests {
  static let table: [(String, ResolvedScalar)] = [
    ("", .null), ("~", .null), ("null", .null), ("NULL", .null),
    ("true", .bool(true)), ("False", .bool(false)),
    ("yes", .string("yes")), ("no", .string("no")), ("on", .string("on")), ("off", .string("off")),
    ("y", .string("y")), ("Norway", .string("Norway")),
    ("0", .int(0)), ("-17", .int(-17)), ("+5", .int(5)), ("0x1F", .int(31)), ("0o17", .int(15)),
    ("012", .int(12)), ("1.5", .float(1.5)), ("-.5", .float(-0.5)), ("1e3", .float(1000)),
    ("3.", .float(3)), (".inf", .float(.infinity)), ("-.Inf", .float(-.infinity)),
    ("4.7", .float(4.7)), ("1_000", .string("1_000")), ("0b101", .string("0b101")),
    ("2026-11-28T10:00:00Z", .string("2026-11-28T10:00:00Z")),
    ("99999999999999999999", .integerOutOfRange("99999999999999999999")),
    ("e3", .string("e3")), (".", .string(".")), ("+", .string("+")),
    // Integer edges of the byte-level parser.
    ("9223372036854775807", .int(Int.max)), ("-9223372036854775808", .int(Int.min)),
    ("9223372036854775808", .integerOutOfRange("9223372036854775808")),
    ("-9223372036854775809", .integerOutOfRange("-9223372036854775809")),
    ("0x7FFFFFFFFFFFFFFF", .int(Int.max)),
    ("0x8000000000000000", .integerOutOfRange("0x8000000000000000")),
    ("0xff", .int(255)), ("0o777", .int(511)), ("0o8", .string("0o8")), ("0xg", .string("0xg")),
    ("0x", .string("0x")), ("0o", .string("0o")), ("-0", .int(0)), ("+-1", .string("+-1")),
    ("-0x1", .string("-0x1")), ("1e", .string("1e")), ("-", .string("-")), ("１", .string("１")),
    ("0123456789012345678901", .integerOutOfRange("0123456789012345678901")),
    (
      "this is a long plain scalar, beyond the small-string size",
      .string(
        "this is a long plain scalar, beyond the small-string size")
    ),
  ]

  @Test("plain scalars resolve by the core schema", arguments: table)
  func resolves(_ text: String, _ expected: ResolvedScalar) {
    #expect(CoreSchema.resolvePlain(text) == expected)
  }

  @Test("NaN resolves to a float") func nan() {
    if case .float(let value) = CoreSchema.resolvePlain(".nan") {
      #expect(value.isNaN)
    } else {
      Issue.record("'.nan' must be a float")
    }
  }

  @Test("quoted scalars and !!str stay strings")
  func quoted() throws {
    let (_, documents, _) = parse("a: '42'\nb: !!str true\nc: !!int \"7\"\n")
    let root = try #require(documents.first?.root.mappingValue)
    #expect(root["a"]?.scalarValue?.resolved == .string("42"))
    #expect(root["b"]?.scalarValue?.resolved == .string("true"))
    #expect(root["c"]?.scalarValue?.resolved == .int(7))
  }
}

@Suite("typed accessors")
struct AccessorTests {
  @Test("wrong kinds name what was expected and found")
  func mismatch() throws {
    let (sources, documents, _) = parse("hosts:\n  - a\nenabled: yes\nmemoryMiB: 4.0\n")
    let root = try #require(documents.first?.root.mappingValue)
    var bag = DiagnosticBag()
    #expect(root["hosts"]?.expectMapping("'hosts'", &bag) == nil)
    #expect(root["enabled"]?.expectBool("'enabled'", &bag) == nil)
    #expect(root["memoryMiB"]?.expectInt("'memoryMiB'", &bag) == nil)
    let text = DiagnosticRenderer(sources: sources).render(bag)
    #expect(
      text == """
        test.yaml:2:3: error[Y011]: expected a mapping for 'hosts', found a sequence
          2 |   - a
            |   ^~~
        test.yaml:3:10: error[Y011]: expected a boolean for 'enabled', found the string 'yes'
          3 | enabled: yes
            |          ^~~
          = help: YAML 1.2 reads 'yes' as a string; write true
        test.yaml:4:12: error[Y011]: expected an integer for 'memoryMiB', found the number 4.0
          4 | memoryMiB: 4.0
            |            ^~~
          = help: write it without a decimal point: 4

        """)
  }

  @Test("strings accept any non-null scalar as written")
  func strings() throws {
    let (_, documents, _) = parse("version: 4.7\nname: 01\n")
    let root = try #require(documents.first?.root.mappingValue)
    var bag = DiagnosticBag()
    #expect(root["version"]?.expectString("'version'", &bag) == "4.7")
    #expect(root["name"]?.expectString("'name'", &bag) == "01")
    #expect(bag.isEmpty)
  }
}
