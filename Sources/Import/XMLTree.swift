import Diagnostics
import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// One XML element of an engine response: its name, `id` attribute, trimmed text and children,
/// with the byte offset of its `<` in the source file (for diagnostics).
struct XMLNode: Sendable {
  var name: String
  var id: String?
  var text: String = ""
  var children: [XMLNode] = []
  var offset: Int

  /// The first child element with this name.
  func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

  /// The element at a dotted path of child names, e.g. `cpu.topology.cores`.
  func node(_ path: String) -> XMLNode? {
    var current = self
    var rest = path[...]
    while !rest.isEmpty {
      let dot = rest.firstIndex(of: ".") ?? rest.endIndex
      let part = rest[..<dot]
      guard let next = current.children.first(where: { $0.name == part }) else { return nil }
      current = next
      rest = dot == rest.endIndex ? rest[dot...] : rest[rest.index(after: dot)...]
    }
    return current
  }

  /// The trimmed text at a path, or `nil` when the element is absent or empty.
  func text(_ path: String) -> String? {
    guard let node = node(path), !node.text.isEmpty else { return nil }
    return node.text
  }

  /// The items of a list element: `items("statistics", "statistic")`; empty when absent.
  func items(_ list: String, _ item: String) -> [XMLNode] {
    node(list)?.children.filter { $0.name == item } ?? []
  }
}

/// The outcome of streaming one document: its root element and whether it parsed completely.
struct XMLDocumentInfo {
  /// The root element's name; `nil` when the document has none (empty or not XML).
  var rootName: String?
  /// The root element's direct text (an `<api>` document's children are read as items too).
  var completed: Bool
}

/// Streams an XML document with Foundation's `XMLParser` (libxml2's SAX parser: linear time,
/// no DTD or external entity loading) and hands each child of the root element, as a small
/// tree, to a callback; the tree is dropped after the callback, so memory stays bounded by
/// the largest entity, not the document.
///
/// Syntax errors (a truncated file, a stray `<`) become one O001 diagnostic at the line and
/// column libxml2 reports; a root element other than the expected one stops the parse.
final class XMLStreamReader: NSObject, XMLParserDelegate {
  private let file: SourceFile
  private var stack: [XMLNode] = []
  private let onItem: (XMLNode) -> Void
  private let onRoot: (String, Int) -> Bool
  private(set) var rootName: String?
  private var stoppedByRoot = false
  private var lastOffset = 0
  /// The depth inside an element that is being skipped (0: not skipping).
  private var skippedDepth = 0

  private init(
    file: SourceFile, onRoot: @escaping (String, Int) -> Bool, onItem: @escaping (XMLNode) -> Void
  ) {
    self.file = file
    self.onRoot = onRoot
    self.onItem = onItem
  }

  /// Parses `file`. `onRoot(name, offset)` is called with the root element and returns whether
  /// to go on; `onItem` is called for every child of the root, in document order, while the
  /// parse goes on (the callbacks do not escape).
  /// - Returns: the root name and whether the document parsed to its end.
  static func read(
    _ file: SourceFile, diagnostics: inout DiagnosticBag,
    onRoot: (String, Int) -> Bool, onItem: (XMLNode) -> Void
  ) -> XMLDocumentInfo {
    withoutActuallyEscaping(onRoot) { onRoot in
      withoutActuallyEscaping(onItem) { onItem in
        let reader = XMLStreamReader(file: file, onRoot: onRoot, onItem: onItem)
        return reader.parse(diagnostics: &diagnostics)
      }
    }
  }

  private func parse(diagnostics: inout DiagnosticBag) -> XMLDocumentInfo {
    // A stream, not `XMLParser(data:)`: with one buffer libxml2 stops at its 10 MB look-up
    // limit ("huge input lookup") on large exports; the stream is fed in chunks.
    let parser = XMLParser(stream: InputStream(data: Data(file.bytes)))
    parser.shouldProcessNamespaces = false
    parser.shouldResolveExternalEntities = false
    parser.delegate = self
    let finished = parser.parse()
    parser.delegate = nil
    if stoppedByRoot {
      return XMLDocumentInfo(rootName: rootName, completed: false)
    }
    if !finished || parser.parserError != nil {
      let offset = offset(line: parser.lineNumber, column: parser.columnNumber)
      let isBlank = file.bytes.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
      let what =
        isBlank
        ? "the document is empty"
        : stack.isEmpty
          ? "malformed XML"
          : "malformed or truncated XML (inside <\(stack.last?.name ?? "")>)"
      diagnostics.report(
        .importMalformedXML, what, at: SourceSpan.point(file.id, offset),
        help: "save the response again; an interrupted download leaves a truncated file")
      return XMLDocumentInfo(rootName: rootName, completed: false)
    }
    return XMLDocumentInfo(rootName: rootName, completed: true)
  }

  /// The byte offset of libxml2's (1-based line, column) position, clamped to the file.
  private func offset(line: Int, column: Int) -> Int {
    guard line >= 1, line <= file.lineStarts.count else { return file.bytes.count }
    let start = file.lineStarts[line - 1]
    return min(file.bytes.count, start + max(0, column - 1))
  }

  /// The offset of the `<` that opens the element the parser has just read.
  private func elementStart(_ parser: XMLParser) -> Int {
    var index = min(
      offset(line: parser.lineNumber, column: parser.columnNumber), file.bytes.count - 1)
    while index > lastOffset, index >= 0, file.bytes[index] != 0x3C { index -= 1 }
    let start = max(0, index)
    lastOffset = start
    return start
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    let start = elementStart(parser)
    if rootName == nil {
      rootName = elementName
      if !onRoot(elementName, start) {
        stoppedByRoot = true
        parser.abortParsing()
      }
    }
    if skippedDepth > 0 || Self.isSkipped(elementName, parent: stack.last?.name) {
      skippedDepth += 1
      return
    }
    stack.append(XMLNode(name: elementName, id: attributes["id"], offset: start))
  }

  /// Elements no mapping reads, dropped while parsing (statistics carry most of a large
  /// export): links, actions, descriptions, and everything of a statistic but its name and
  /// values.
  private static func isSkipped(_ name: String, parent: String?) -> Bool {
    switch name {
    case "link", "actions", "description", "comment": return true
    default: return parent == "statistic" && name != "name" && name != "values"
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    guard stack.count >= 2, skippedDepth == 0 else { return }
    // The indentation between elements is dropped at once (it would be trimmed anyway).
    if stack[stack.count - 1].text.isEmpty, string.utf8.allSatisfy(Self.isWhitespace) { return }
    stack[stack.count - 1].text += string
  }

  static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
  }

  /// The text without leading and trailing XML whitespace (cheaper than Foundation's trim).
  static func trimmed(_ text: String) -> String {
    let bytes = text.utf8
    guard let first = bytes.first, let last = bytes.last,
      isWhitespace(first) || isWhitespace(last)
    else { return text }
    guard let start = bytes.firstIndex(where: { !isWhitespace($0) }),
      let end = bytes.lastIndex(where: { !isWhitespace($0) })
    else { return "" }
    return String(text[start...end])
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName: String?
  ) {
    if skippedDepth > 0 {
      skippedDepth -= 1
      return
    }
    guard var node = stack.popLast() else { return }
    if !node.text.isEmpty { node.text = Self.trimmed(node.text) }
    switch stack.count {
    case 0: break  // the root: its items were handed out already
    case 1: onItem(node)
    default: stack[stack.count - 1].children.append(node)
    }
  }
}
