import Diagnostics
import Foundation
import Inventory
import ShepherdTestSupport
import Testing

@testable import Import

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The import's own XML reader against libxml2 (through Foundation's `XMLParser`, which the
/// import used before): on random engine-shaped documents both must hand out the same items,
/// and on damaged ones both must refuse.
@Suite("XML reader against libxml2")
struct XMLReaderDifferentialTests {
  @Test("random engine-shaped documents give the same items as libxml2")
  func sameItems() {
    for seed in PropertySeeds.seeds(count: 300, salt: 0x0C5) {
      var generator = SplitMix64(seed: seed)
      let text = RandomEngineDocument.make(&generator)
      let ours = Self.ours(text)
      let reference = LibXML2Reference.items(text)
      #expect(ours.completed, "SHEPHERD_SEED=\(PropertySeeds.base), seed \(seed):\n\(text)")
      #expect(
        ours.items == reference.items,
        "SHEPHERD_SEED=\(PropertySeeds.base), seed \(seed):\n\(text)")
      #expect(reference.completed)
    }
  }

  @Test("a document cut short or with a stray byte is refused, as libxml2 refuses it")
  func damaged() {
    for seed in PropertySeeds.seeds(count: 300, salt: 0x0C6) {
      var generator = SplitMix64(seed: seed)
      var bytes = Array(RandomEngineDocument.make(&generator).utf8)
      let rootEnd = bytes.lastIndex(of: UInt8(ascii: "<")) ?? 0
      let cut = Int.random(in: 1..<max(2, rootEnd), using: &generator)
      if generator.next() % 2 == 0 {
        bytes.removeSubrange(cut...)
      } else {
        // A `<` inside a processing instruction is XML that the reader refuses on purpose
        // (see `refusals`): not a difference to look for here.
        let instruction = Array("<?processing instruction?>".utf8)
        if let start = bytes.firstRange(of: instruction)?.lowerBound,
          (start..<(start + instruction.count)).contains(cut)
        {
          continue
        }
        bytes.insert(UInt8(ascii: "<"), at: cut)
      }
      let text = String(decoding: bytes, as: UTF8.self)
      let reference = LibXML2Reference.items(text)
      let ours = Self.ours(text)
      #expect(
        ours.completed == reference.completed,
        "SHEPHERD_SEED=\(PropertySeeds.base), seed \(seed):\n\(text)")
    }
  }

  @Test(
    "what libxml2 accepts beyond the engine's documents is refused with a reason",
    arguments: [
      ("<!DOCTYPE x [<!ENTITY a \"b\">]><x/>", "a document type declaration is not accepted"),
      ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><x/>", "encoding 'ISO-8859-1'"),
      ("<x><a>&nbsp;</a></x>", "undefined entity '&nbsp;'"),
      ("<x><a>&#0;</a></x>", "is not a character"),
      ("<x><a></b></x>", "</b> closes <a>"),
      ("<x/><y/>", "content after the root element"),
      ("<x><?pi a<b?></x>", "malformed or truncated XML (inside <x>)"),
      (String(repeating: "<a>", count: 100_000), "elements nested deeper than 256"),
    ])
  func refusals(text: String, message: String) {
    var sources = SourceMap()
    let file = sources.add(path: "x.xml", text: text)
    var bag = DiagnosticBag()
    let info = XMLStreamReader.read(file, diagnostics: &bag, onRoot: { _, _ in true }) { _ in }
    #expect(!info.completed)
    let rendered = DiagnosticRenderer(sources: sources).render(bag)
    #expect(rendered.contains("O001"), "\(rendered)")
    #expect(rendered.contains(message), "\(rendered)")
  }

  @Test("CDATA sections, character references and a BOM are read")
  func extras() throws {
    let text =
      "\u{FEFF}<vms><vm id=\"a&amp;b\"><name><![CDATA[<x> & y]]> &#x263A;&#65;</name></vm></vms>"
    let result = Self.ours(text)
    #expect(result.completed)
    #expect(result.items == ["vm#a&b{name{=<x> & y ☺A}}"])
  }

  private static func ours(_ text: String) -> (items: [String], completed: Bool) {
    var sources = SourceMap()
    let file = sources.add(path: "random.xml", text: text)
    var bag = DiagnosticBag()
    var items: [String] = []
    let info = XMLStreamReader.read(file, diagnostics: &bag, onRoot: { _, _ in true }) {
      items.append(describe($0))
    }
    return (items, info.completed)
  }
}

/// A node as a string: `name#id{child,child}` with each element's trimmed text.
private func describe(_ node: Import.XMLNode) -> String {
  var out = node.name
  if let id = node.id { out += "#" + id }
  if !node.text.isEmpty || !node.children.isEmpty {
    out += "{"
    if !node.text.isEmpty { out += "=" + node.text }
    out += node.children.map(describe).joined(separator: ",")
    out += "}"
  }
  return out
}

/// Random documents shaped like engine responses: a root, items with `id` and `href`
/// attributes, nested elements (some of the kinds the reader drops), text with entity and
/// character references, indentation, comments and processing instructions.
private enum RandomEngineDocument {
  static let names = [
    "name", "memory", "cpu", "topology", "cores", "status", "host", "link", "actions",
    "statistics", "statistic", "values", "value", "datum", "description", "unit", "comment",
  ]
  static let texts = [
    "42", " 1.5 ", "up", "a &amp; b", "&lt;tag&gt;", "x&#65;y", "caf&#xE9;", "it&apos;s",
    "\n   spaced   out \n", "\"quoted\"", "ünïcödé", "",
  ]

  static func make(_ generator: inout SplitMix64) -> String {
    var out = generator.next() % 2 == 0 ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
    out += "<items>\n"
    for index in 0..<Int(generator.next() % 6) {
      out += "  <item id=\"i\(index)&amp;\(generator.next() % 9)\" href='/api/items/\(index)'>"
      element(&out, depth: 0, &generator)
      out += "</item>\n"
      if generator.next() % 5 == 0 { out += "  <!-- a comment with <tags> & such -->\n" }
    }
    if generator.next() % 4 == 0 { out += "<?processing instruction?>" }
    out += "</items>\n"
    return out
  }

  private static func element(_ out: inout String, depth: Int, _ generator: inout SplitMix64) {
    for _ in 0..<Int(generator.next() % 4) {
      let name = names[Int(generator.next() % UInt64(names.count))]
      out += generator.next() % 3 == 0 ? "\n    " : ""
      if generator.next() % 6 == 0 {
        out += "<\(name) id=\"x\(generator.next() % 5)\"/>"
        continue
      }
      out += "<\(name)>"
      out += texts[Int(generator.next() % UInt64(texts.count))]
      if depth < 3, generator.next() % 2 == 0 { element(&out, depth: depth + 1, &generator) }
      out += texts[Int(generator.next() % UInt64(texts.count))]
      out += "</\(name) >"
    }
  }
}

/// The reader the import used before, on libxml2 through Foundation's `XMLParser`, with the
/// same dropped elements and text trimming: the oracle.
private final class LibXML2Reference: NSObject, XMLParserDelegate {
  private var stack: [Import.XMLNode] = []
  private var items: [String] = []
  private var skippedDepth = 0
  private var depth = 0
  private var rootClosed = false

  /// The items, and whether the document parsed and its root element was closed (libxml2
  /// through `XMLParser` does not complain about a document cut inside its first tag).
  static func items(_ text: String) -> (items: [String], completed: Bool) {
    let reference = LibXML2Reference()
    let parser = XMLParser(data: Data(text.utf8))
    parser.shouldProcessNamespaces = false
    parser.shouldResolveExternalEntities = false
    parser.delegate = reference
    let finished = parser.parse() && parser.parserError == nil
    return (reference.items, finished && reference.rootClosed)
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    depth += 1
    let skipped: Bool
    switch elementName {
    case "link", "actions", "description", "comment": skipped = true
    default:
      skipped =
        stack.last?.name == "statistic" && elementName != "name" && elementName != "values"
    }
    if skippedDepth > 0 || skipped {
      skippedDepth += 1
      return
    }
    stack.append(Import.XMLNode(name: elementName, id: attributes["id"], offset: 0))
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    guard stack.count >= 2, skippedDepth == 0 else { return }
    stack[stack.count - 1].text += string
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName: String?
  ) {
    depth -= 1
    if depth == 0 { rootClosed = true }
    if skippedDepth > 0 {
      skippedDepth -= 1
      return
    }
    guard var node = stack.popLast() else { return }
    node.text = XMLStreamReader.trimmed(node.text)
    switch stack.count {
    case 0: break
    case 1: items.append(describe(node))
    default: stack[stack.count - 1].children.append(node)
    }
  }
}
