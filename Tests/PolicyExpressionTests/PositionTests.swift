import Diagnostics
import PolicyExpression
import ShepherdTestSupport
import Testing

/// Hand-built value→file offset tables for the YAML scalar styles, standing in for the YAML
/// layer: each returns the scalar's value and one file offset per value byte plus the end.
enum ScalarMapping {
  /// A plain scalar: the rest of the line from `start`.
  static func plain(_ bytes: [UInt8], start: Int) -> (String, [Int]) {
    var end = start
    while end < bytes.count, bytes[end] != 0x0A { end += 1 }
    return (String(decoding: bytes[start..<end], as: UTF8.self), Array(start...end))
  }

  /// A double-quoted scalar whose opening quote is at `quote`; handles `\"`, `\\` and `\n`.
  static func doubleQuoted(_ bytes: [UInt8], quote: Int) -> (String, [Int]) {
    var value: [UInt8] = []
    var offsets: [Int] = []
    var index = quote + 1
    while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
      if bytes[index] == UInt8(ascii: "\\") {
        let escaped = bytes[index + 1]
        value.append(escaped == UInt8(ascii: "n") ? 0x0A : escaped)
        offsets.append(index)
        index += 2
      } else {
        value.append(bytes[index])
        offsets.append(index)
        index += 1
      }
    }
    offsets.append(index)
    return (String(decoding: value, as: UTF8.self), offsets)
  }

  /// A single-quoted scalar whose opening quote is at `quote`; `''` is one quote.
  static func singleQuoted(_ bytes: [UInt8], quote: Int) -> (String, [Int]) {
    var value: [UInt8] = []
    var offsets: [Int] = []
    var index = quote + 1
    let q = UInt8(ascii: "'")
    while index < bytes.count {
      if bytes[index] == q {
        if index + 1 < bytes.count, bytes[index + 1] == q {
          value.append(q)
          offsets.append(index)
          index += 2
          continue
        }
        break
      }
      value.append(bytes[index])
      offsets.append(index)
      index += 1
    }
    offsets.append(index)
    return (String(decoding: value, as: UTF8.self), offsets)
  }

  /// A `|` (literal) or `>` (folded) block scalar whose header line ends at `headerEnd` (the
  /// offset of its line break); strip chomping, no more-indented lines in folded mode.
  static func block(_ bytes: [UInt8], headerEnd: Int, isFolded: Bool) -> (String, [Int]) {
    var lines: [Range<Int>] = []
    var lineStart = headerEnd + 1
    var indent: Int?
    while lineStart < bytes.count {
      var lineEnd = lineStart
      while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
      var spaces = 0
      while lineStart + spaces < lineEnd, bytes[lineStart + spaces] == 0x20 { spaces += 1 }
      if indent == nil { indent = spaces }
      guard let indent, spaces >= indent, lineEnd > lineStart else { break }
      lines.append((lineStart + indent)..<lineEnd)
      lineStart = lineEnd + 1
    }
    var value: [UInt8] = []
    var offsets: [Int] = []
    for (number, line) in lines.enumerated() {
      if number > 0 {
        value.append(isFolded ? 0x20 : 0x0A)
        offsets.append(lines[number - 1].upperBound)
      }
      for index in line {
        value.append(bytes[index])
        offsets.append(index)
      }
    }
    offsets.append(lines.last?.upperBound ?? headerEnd)
    return (String(decoding: value, as: UTF8.self), offsets)
  }
}

@Suite("Diagnostics point at the exact file position")
struct PositionTests {
  enum Style: String, CaseIterable, Sendable {
    case plain, doubleQuoted, singleQuoted, literal, literalDeep, folded, foldedDeep
  }

  /// A YAML snippet per style; 1️⃣ marks where the unknown field must be reported, 2️⃣ where the
  /// type error must be reported.
  static func yaml(_ style: Style) -> String {
    switch style {
    case .plain:
      return "kind: Filter\nwhen: vm.name == 'x🐑' && host.1️⃣memry.freeMiB > 2️⃣'a'\n"
    case .doubleQuoted:
      return "kind: Filter\nwhen: \"vm.name == \\\"x🐑\\\" && host.1️⃣memry.freeMiB > 2️⃣'a'\"\n"
    case .singleQuoted:
      return "kind: Filter\nwhen: 'vm.name == ''x🐑'' && host.1️⃣memry.freeMiB > 2️⃣''a'''\n"
    case .literal:
      return "kind: Filter\nwhen: |\n  vm.name == 'x🐑' &&\n  host.1️⃣memry.freeMiB > 2️⃣'a'\nnext: 1\n"
    case .literalDeep:
      return
        "spec:\n  filter:\n    when: |\n        vm.name == 'x🐑'\n        && host.1️⃣memry.freeMiB\n        > 2️⃣'a'\n"
    case .folded:
      return "kind: Filter\nwhen: >\n  vm.name == 'x🐑' &&\n  host.1️⃣memry.freeMiB > 2️⃣'a'\n"
    case .foldedDeep:
      return
        "spec:\n  filter:\n    when: >\n        vm.name == 'x🐑'\n        && host.1️⃣memry.freeMiB\n        > 2️⃣'a'\n"
    }
  }

  static func source(_ style: Style, marked: MarkedText, file: SourceFileID) -> ExpressionSource {
    let bytes = Array(marked.text.utf8)
    let key = Array("when: ".utf8)
    var keyStart = 0
    while !bytes[keyStart..<min(keyStart + key.count, bytes.count)].elementsEqual(key) {
      keyStart += 1
    }
    let valueStart = keyStart + key.count
    let (text, offsets): (String, [Int])
    switch style {
    case .plain: (text, offsets) = ScalarMapping.plain(bytes, start: valueStart)
    case .doubleQuoted: (text, offsets) = ScalarMapping.doubleQuoted(bytes, quote: valueStart)
    case .singleQuoted: (text, offsets) = ScalarMapping.singleQuoted(bytes, quote: valueStart)
    case .literal, .literalDeep, .folded, .foldedDeep:
      (text, offsets) = ScalarMapping.block(
        bytes, headerEnd: valueStart + 1,
        isFolded: style == .folded || style == .foldedDeep)
    }
    return ExpressionSource(text: text, file: file, fileOffsets: offsets)
  }

  @Test("unknown field and type error land on the markers", arguments: Style.allCases)
  func markers(_ style: Style) throws {
    let marked = MarkedText(Self.yaml(style))
    var sources = SourceMap()
    let file = sources.add(path: "policy.yaml", text: marked.text)
    let source = Self.source(style, marked: marked, file: file.id)
    let checker = ExpressionChecker(environment: TestEnvironment.environment)

    let (_, diagnostics) = checker.check(source, expecting: .bool)
    #expect(diagnostics.map(\.code.rawValue) == ["E010"], "\(source.text)")
    let unknown = try #require(diagnostics.first)
    #expect(unknown.span?.start == UInt32(try #require(marked.offsets["1️⃣"])))
    #expect(unknown.span?.range.count == "memry".utf8.count)
    #expect(unknown.help == "did you mean 'memory'?")

  }

  @Test("type error after the field lands on its marker", arguments: Style.allCases)
  func typeErrorPosition(_ style: Style) throws {
    let marked = MarkedText(Self.yaml(style).replacing("memry", with: "memory"))
    var sources = SourceMap()
    let file = sources.add(path: "policy.yaml", text: marked.text)
    let source = Self.source(style, marked: marked, file: file.id)
    let (_, diagnostics) = ExpressionChecker(environment: TestEnvironment.environment)
      .check(source, expecting: .bool)
    #expect(diagnostics.map(\.code.rawValue) == ["E012"])
    let mismatch = try #require(diagnostics.first)
    let expected = try #require(marked.offsets["2️⃣"])
    #expect(mismatch.span?.start == UInt32(expected))
    // The rendered location matches the marker's line and column.
    let location = file.location(of: expected)
    let rendered = DiagnosticRenderer(sources: sources).render(mismatch)
    #expect(rendered.hasPrefix("policy.yaml:\(location.line):\(location.column): error[E012]"))
  }

  @Test("positions inside reason-template holes map to the file")
  func templatePositions() throws {
    let marked = MarkedText(
      "reason: \"needs {vm.memoryMiB} MiB, \\\"host\\\" has {host.1️⃣memry.freeMiB}\"\n")
    var sources = SourceMap()
    let file = sources.add(path: "policy.yaml", text: marked.text)
    let bytes = Array(marked.text.utf8)
    let quote = try #require(bytes.firstIndex(of: UInt8(ascii: "\"")))
    let (text, offsets) = ScalarMapping.doubleQuoted(bytes, quote: quote)
    let source = ExpressionSource(text: text, file: file.id, fileOffsets: offsets)
    let (template, diagnostics) = ExpressionChecker(environment: TestEnvironment.environment)
      .checkTemplate(source)
    #expect(template == nil)
    #expect(diagnostics.map(\.code.rawValue) == ["E010"])
    #expect(diagnostics.first?.span?.start == UInt32(try #require(marked.offsets["1️⃣"])))
  }

  @Test(
    "marked expressions report exactly the expected diagnostics",
    arguments: [
      ("1️⃣hots.name == 'a'", ["1️⃣": "E009"]),
      ("host.cpu.cores + 1️⃣host.name > 0 && 2️⃣vm.memoryMiB", ["1️⃣": "E012", "2️⃣": "E012"]),
      ("vm.networks.1️⃣alll(n, true)", ["1️⃣": "E014"]),
      ("'🐑🐑' 1️⃣@", ["1️⃣": "E004"]),
      ("1️⃣🐑 == vm.name", ["1️⃣": "E004"]),
      ("host.isUp 1️⃣== 1", ["1️⃣": "E012"]),
      ("size(1️⃣host.isUp) > 0", ["1️⃣": "E012"]),
      ("'é' == vm.name && vm.1️⃣nme == 'x'", ["1️⃣": "E010"]),
      ("host.vmCount / 1️⃣params.Zero > 0", ["1️⃣": "E017"]),
    ])
  func markedExpressions(_ marked: String, _ expected: [String: String]) {
    let text = MarkedText(marked)
    let pipeline = Pipeline(text.text, expecting: .bool)
    var actual: [String: String] = [:]
    for diagnostic in pipeline.diagnostics {
      let marker = text.offsets.first { UInt32($0.value) == diagnostic.span?.start }?.key ?? "?"
      actual[marker] = diagnostic.code.rawValue
    }
    #expect(actual == expected, "\(pipeline.rendered)")
  }

  @Test("an offset table of the wrong length does not crash")
  func shortTable() {
    let source = ExpressionSource(
      text: "host.memry > 0", file: SourceFileID(rawValue: 0), fileOffsets: [5, 6])
    let (_, diagnostics) = ExpressionChecker(environment: TestEnvironment.environment)
      .check(source, expecting: .bool)
    #expect(diagnostics.first?.span?.start == 6)
    let empty = ExpressionSource(text: "@", file: SourceFileID(rawValue: 0), fileOffsets: [])
    #expect(ExpressionParser().parse(empty).1.first?.span?.start == 0)
  }
}
