import Diagnostics
import ShepherdTestSupport
import Testing

private let code = DiagnosticCode("T001")

private func renderOne(
  _ marked: String, start: String, end: String? = nil, notes: [(String, String?)] = [],
  help: String? = nil
) throws -> String {
  let text = MarkedText(marked)
  var sources = SourceMap()
  let file = sources.add(path: "x.yaml", text: text.text)
  let lower = try #require(text.offsets[start])
  let upper = try end.map { try #require(text.offsets[$0]) } ?? lower
  let diagnostic = Diagnostic(
    code: code, message: "something is wrong",
    span: SourceSpan(file: file.id, start: lower, end: upper),
    notes: try notes.map { message, marker in
      .init(message, at: try marker.map { .point(file.id, try #require(text.offsets[$0])) })
    },
    help: help)
  return DiagnosticRenderer(sources: sources).render(diagnostic)
}

@Suite("text renderer")
struct RendererTests {
  @Test("header, source line and underline across the span")
  func basic() throws {
    let out = try renderOne("a: 1\nname: 1️⃣web2️⃣\n", start: "1️⃣", end: "2️⃣", help: "rename it")
    #expect(
      out == """
        x.yaml:2:7: error[T001]: something is wrong
          2 | name: web
            |       ^~~
          = help: rename it

        """)
  }

  @Test("columns count Unicode scalars, not bytes")
  func multibyte() throws {
    let out = try renderOne("größe: 1️⃣ü\n", start: "1️⃣")
    #expect(out.hasPrefix("x.yaml:1:8: error[T001]"))
    #expect(out.contains("  1 | größe: ü\n    |        ^\n"))
  }

  @Test("the caret line copies tabs")
  func tabs() throws {
    let out = try renderOne("\tkey:\t1️⃣v\n", start: "1️⃣")
    #expect(out.contains("  1 | \tkey:\tv\n    | \t    \t^\n"))
  }

  @Test("last line without a newline, and a point at end of file")
  func endOfFile() throws {
    let out = try renderOne("a: 1\nb: 21️⃣", start: "1️⃣")
    #expect(out.contains("x.yaml:2:5: error[T001]"))
    #expect(out.contains("  2 | b: 2\n    |     ^\n"))
  }

  @Test("notes with and without locations")
  func notes() throws {
    let out = try renderOne(
      "1️⃣a: 1\n2️⃣a: 2\n", start: "2️⃣", notes: [("first here", "1️⃣"), ("no location", nil)])
    #expect(
      out == """
        x.yaml:2:1: error[T001]: something is wrong
          2 | a: 2
            | ^
        x.yaml:1:1: note: first here
          1 | a: 1
            | ^
          = note: no location

        """)
  }

  @Test("long lines are cut to a window around the span")
  func longLine() throws {
    let line = String(repeating: "x", count: 500) + "1️⃣y" + String(repeating: "z", count: 500)
    let out = try renderOne(line, start: "1️⃣")
    let lines = out.split(separator: "\n")
    #expect(lines[1].count < DiagnosticRenderer.maxSnippetScalars + 20)
    let sourceLine = Array(lines[1])
    let caretLine = Array(lines[2])
    let caret = try #require(caretLine.firstIndex(of: "^"))
    #expect(sourceLine[caret] == "y")
  }

  @Test("control characters cannot reach the terminal")
  func controlCharacters() throws {
    let out = try renderOne("a: \u{1B}[31m1️⃣x\n", start: "1️⃣")
    #expect(!out.contains("\u{1B}"))
  }

  @Test("diagnostics are sorted by file, offset and code; the cap is reported")
  func sortingAndCap() {
    var sources = SourceMap()
    let file = sources.add(path: "x.yaml", text: "a\nb\nc\n")
    var bag = DiagnosticBag(limit: 2)
    bag.append(Diagnostic(code: "T002", message: "late", span: .point(file.id, 4)))
    bag.append(Diagnostic(code: "T001", message: "early", span: .point(file.id, 0)))
    bag.append(Diagnostic(code: "T003", message: "dropped", span: .point(file.id, 2)))
    #expect(bag.droppedCount == 1)
    #expect(bag.sorted.map(\.message) == ["early", "late"])
    let out = DiagnosticRenderer(sources: sources).render(bag)
    #expect(out.hasSuffix("note: 1 more diagnostic not shown\n"))
  }
}

@Suite("JSON form")
struct JSONFormTests {
  @Test("same fields as the text form, keys sorted")
  func json() {
    var sources = SourceMap()
    let file = sources.add(path: "x.yaml", text: "a: 1\nb: 2\n")
    let diagnostic = Diagnostic(
      code: "T001", message: "bad 'b'", span: SourceSpan(file: file.id, start: 5, end: 6),
      notes: [.init("see 'a'", at: .point(file.id, 0))], help: "fix it")
    let json = DiagnosticJSONRenderer(sources: sources).document([diagnostic]).serialized()
    #expect(
      json
        == #"{"diagnostics":[{"code":"T001","help":"fix it","location":{"column":1,"endColumn":2,"endLine":2,"endOffset":6,"file":"x.yaml","line":2,"offset":5},"message":"bad 'b'","notes":[{"location":{"column":1,"endColumn":1,"endLine":1,"endOffset":0,"file":"x.yaml","line":1,"offset":0},"message":"see 'a'"}],"severity":"error"}],"dropped":0}"#
    )
  }

  @Test("strings are escaped and doubles formatted deterministically")
  func escaping() {
    #expect(JSONValue.string("a\"b\\\n\u{01}").serialized() == #""a\"b\\\n\u0001""#)
    #expect(JSONValue.double(3).serialized() == "3.0")
    #expect(JSONValue.double(0.1).serialized() == "0.1")
    #expect(JSONValue.double(.nan).serialized() == "null")
    #expect(JSONValue.object([("b", .int(1)), ("a", .null)]).serialized() == #"{"a":null,"b":1}"#)
  }
}

@Suite("did you mean")
struct DidYouMeanTests {
  @Test("close names are suggested, far ones are not")
  func suggestions() {
    #expect(DidYouMean.suggestion(for: "memry", among: ["memory", "cpu"]) == "memory")
    #expect(DidYouMean.suggestion(for: "Status", among: ["status"]) == "status")
    #expect(DidYouMean.suggestion(for: "hostz", among: ["hosts", "vms"]) == "hosts")
    #expect(DidYouMean.suggestion(for: "xyz", among: ["memory", "cpu"]) == nil)
    #expect(DidYouMean.editDistance(Array("ab"), Array("ba")) == 1)
  }
}
