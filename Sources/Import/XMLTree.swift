import Diagnostics

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
    var rest = path.utf8[...]
    while !rest.isEmpty {
      let dot = rest.firstIndex(of: 0x2E) ?? rest.endIndex
      let part = rest[..<dot]
      guard let next = current.children.first(where: { $0.name.utf8.elementsEqual(part) })
      else { return nil }
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
  /// Whether the document was read to its end without an error.
  var completed: Bool
}

/// Streams an XML document straight from the file's bytes and hands each child of the root
/// element, as a small tree, to a callback; the tree is dropped after the callback, so memory
/// stays bounded by the largest entity, not the document. One pass, linear time, no copy of
/// the document.
///
/// It reads what the engine writes: UTF-8, elements with attributes, character data with the
/// five predefined entities and character references, CDATA sections, comments and
/// processing instructions. A document type declaration is refused (the engine never sends
/// one, and its entities are how hostile documents blow up), as is any other encoding, and so
/// is nesting deeper than `maxDepth`. Every well-formedness error (a truncated file, a stray
/// `<`, mismatched tags) becomes one O001 diagnostic at the byte where the problem is; a root
/// element other than the expected one stops the parse.
struct XMLStreamReader {
  private let file: SourceFile
  /// The open elements' names, root first (skipped elements included).
  private var open: [String] = []
  /// The open elements that are kept, root first.
  private var stack: [XMLNode] = []
  private(set) var rootName: String?
  /// The depth inside an element that is being skipped (0: not skipping).
  private var skippedDepth = 0

  /// The deepest nesting accepted (libxml2's default too); engine documents nest about 8 deep.
  static let maxDepth = 256

  private init(file: SourceFile) { self.file = file }

  /// Parses `file`. `onRoot(name, offset)` is called with the root element and returns whether
  /// to go on; `onItem` is called for every child of the root, in document order, while the
  /// parse goes on (the callbacks do not escape).
  /// - Returns: the root name and whether the document parsed to its end.
  static func read(
    _ file: SourceFile, diagnostics: inout DiagnosticBag,
    onRoot: (String, Int) -> Bool, onItem: (XMLNode) -> Void
  ) -> XMLDocumentInfo {
    var reader = XMLStreamReader(file: file)
    let outcome = file.bytes.withUnsafeBufferPointer { bytes in
      reader.parse(bytes, onRoot: onRoot, onItem: onItem)
    }
    switch outcome {
    case .completed:
      return XMLDocumentInfo(rootName: reader.rootName, completed: true)
    case .stoppedByRoot:
      return XMLDocumentInfo(rootName: reader.rootName, completed: false)
    case .malformed(let offset, let problem):
      let isBlank = file.bytes.allSatisfy(isWhitespace)
      let what: String
      if isBlank {
        what = "the document is empty"
      } else if let problem {
        what = "malformed XML: \(problem)"
      } else if let inside = reader.open.last {
        what = "malformed or truncated XML (inside <\(inside)>)"
      } else {
        what = "malformed XML"
      }
      diagnostics.report(
        .importMalformedXML, what, at: SourceSpan.point(file.id, min(offset, file.bytes.count)),
        help: "save the response again; an interrupted download leaves a truncated file")
      return XMLDocumentInfo(rootName: reader.rootName, completed: false)
    }
  }

  private enum Outcome {
    case completed
    case stoppedByRoot
    /// Where, and what is wrong when more can be said than "malformed or truncated".
    case malformed(Int, String?)
  }

  private struct Malformed: Error {
    var offset: Int
    var problem: String?
    init(_ offset: Int, _ problem: String? = nil) {
      self.offset = offset
      self.problem = problem
    }
  }

  private struct StoppedByRoot: Error {}

  private mutating func parse(
    _ bytes: UnsafeBufferPointer<UInt8>, onRoot: (String, Int) -> Bool,
    onItem: (XMLNode) -> Void
  ) -> Outcome {
    var index = 0
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    do {
      var rootClosed = false
      while index < bytes.count {
        let byte = bytes[index]
        if byte != 0x3C {  // character data
          let end = Self.find(0x3C, in: bytes, from: index) ?? bytes.count
          if open.isEmpty {
            // Outside the root only whitespace may appear.
            if let stray = (index..<end).first(where: { !Self.isWhitespace(bytes[$0]) }) {
              throw Malformed(stray, rootClosed ? "content after the root element" : nil)
            }
          } else if stack.count >= 2, skippedDepth == 0 {
            try appendText(bytes, index..<end, decode: true)
          }
          index = end
          continue
        }
        guard index + 1 < bytes.count else { throw Malformed(bytes.count) }
        switch bytes[index + 1] {
        case 0x3F:  // <? … ?>
          index = try skipProcessingInstruction(bytes, from: index)
        case 0x21:  // <!-- … -->, <![CDATA[ … ]]>, <!DOCTYPE
          if Self.matches(bytes, index, "<!--") {
            guard let end = Self.find("-->", in: bytes, from: index + 4) else {
              throw Malformed(bytes.count)
            }
            index = end + 3
          } else if Self.matches(bytes, index, "<![CDATA[") {
            guard !open.isEmpty else { throw Malformed(index, "CDATA outside the root element") }
            guard let end = Self.find("]]>", in: bytes, from: index + 9) else {
              throw Malformed(bytes.count)
            }
            if stack.count >= 2, skippedDepth == 0 {
              try appendText(bytes, (index + 9)..<end, decode: false)
            }
            index = end + 3
          } else if Self.matches(bytes, index, "<!DOCTYPE") {
            throw Malformed(index, "a document type declaration is not accepted")
          } else {
            throw Malformed(index)
          }
        case 0x2F:  // </name>
          index = try endElement(bytes, from: index, onItem: onItem)
          rootClosed = open.isEmpty
        default:
          if rootClosed { throw Malformed(index, "content after the root element") }
          index = try startElement(bytes, from: index, onRoot: onRoot, onItem: onItem)
          rootClosed = rootName != nil && open.isEmpty
        }
      }
      if !open.isEmpty || rootName == nil { throw Malformed(bytes.count) }
      return .completed
    } catch let error as Malformed {
      return .malformed(error.offset, error.problem)
    } catch {
      return .stoppedByRoot
    }
  }

  // MARK: - Markup

  private func skipProcessingInstruction(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int)
    throws -> Int
  {
    guard let end = Self.find("?>", in: bytes, from: start + 2) else {
      throw Malformed(bytes.count)
    }
    // XML allows a `<` inside an instruction; the engine never writes one, and a stray `<`
    // there is far more likely damage.
    if let less = bytes[(start + 1)..<end].firstIndex(of: 0x3C) { throw Malformed(less) }
    if Self.matches(bytes, start, "<?xml"), start + 5 < bytes.count,
      Self.isWhitespace(bytes[start + 5])
    {
      if let encoding = Self.encoding(bytes, start..<end),
        !["utf-8", "utf8", "us-ascii"].contains(encoding.lowercased())
      {
        throw Malformed(start, "encoding '\(encoding)' (the engine writes UTF-8)")
      }
    }
    return end + 2
  }

  private mutating func startElement(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, onRoot: (String, Int) -> Bool,
    onItem: (XMLNode) -> Void
  ) throws -> Int {
    var index = start + 1
    let nameEnd = Self.nameEnd(bytes, from: index)
    guard nameEnd > index, Self.isNameStart(bytes[index]) else { throw Malformed(index) }
    let name = String(decoding: bytes[index..<nameEnd], as: UTF8.self)
    index = nameEnd
    var id: String?
    var selfClosing = false
    while true {
      while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
      guard index < bytes.count else { throw Malformed(bytes.count) }
      if bytes[index] == 0x3E {  // >
        index += 1
        break
      }
      if bytes[index] == 0x2F {  // />
        guard index + 1 < bytes.count else { throw Malformed(bytes.count) }
        guard bytes[index + 1] == 0x3E else { throw Malformed(index + 1) }
        index += 2
        selfClosing = true
        break
      }
      // An attribute: name = "value" (or 'value'), after whitespace.
      guard Self.isWhitespace(bytes[index - 1]), Self.isNameStart(bytes[index]) else {
        throw Malformed(index)
      }
      let attributeEnd = Self.nameEnd(bytes, from: index)
      let isID = attributeEnd - index == 2 && bytes[index] == 0x69 && bytes[index + 1] == 0x64
      index = attributeEnd
      while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
      guard index < bytes.count else { throw Malformed(bytes.count) }
      guard bytes[index] == 0x3D else { throw Malformed(index) }  // =
      index += 1
      while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
      guard index < bytes.count else { throw Malformed(bytes.count) }
      let quote = bytes[index]
      guard quote == 0x22 || quote == 0x27 else { throw Malformed(index) }
      guard let close = Self.find(quote, in: bytes, from: index + 1) else {
        throw Malformed(bytes.count)
      }
      if let less = bytes[(index + 1)..<close].firstIndex(of: 0x3C) { throw Malformed(less) }
      if isID { id = try Self.decode(bytes, (index + 1)..<close) }
      index = close + 1
    }
    if rootName == nil {
      rootName = name
      if !onRoot(name, start) { throw StoppedByRoot() }
    }
    guard open.count < Self.maxDepth else {
      throw Malformed(start, "elements nested deeper than \(Self.maxDepth)")
    }
    open.append(name)
    if skippedDepth > 0 || Self.isSkipped(name, parent: stack.last?.name) {
      skippedDepth += 1
    } else {
      stack.append(XMLNode(name: name, id: id, offset: start))
    }
    if selfClosing { close(onItem: onItem) }
    return index
  }

  private mutating func endElement(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, onItem: (XMLNode) -> Void
  ) throws -> Int {
    let nameStart = start + 2
    let nameEnd = Self.nameEnd(bytes, from: nameStart)
    var index = nameEnd
    while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
    guard index < bytes.count else { throw Malformed(bytes.count) }
    guard bytes[index] == 0x3E else { throw Malformed(index) }
    guard let expected = open.last else {
      throw Malformed(start, "a closing tag without an open element")
    }
    guard expected.utf8.elementsEqual(bytes[nameStart..<nameEnd]) else {
      let found = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
      throw Malformed(start, "</\(found)> closes <\(expected)>")
    }
    close(onItem: onItem)
    return index + 1
  }

  /// Ends the innermost open element.
  private mutating func close(onItem: (XMLNode) -> Void) {
    open.removeLast()
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

  /// Appends character data to the innermost kept element; indentation before its first
  /// text is dropped at once (it would be trimmed anyway).
  private mutating func appendText(
    _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, decode: Bool
  ) throws {
    let last = stack.count - 1
    if stack[last].text.isEmpty, range.allSatisfy({ Self.isWhitespace(bytes[$0]) }) { return }
    if decode {
      stack[last].text += try Self.decode(bytes, range)
    } else {
      stack[last].text += String(decoding: bytes[range], as: UTF8.self)
    }
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

  // MARK: - Bytes

  static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
  }

  /// Whether a name may start with this byte (letters, `_`, `:` and any non-ASCII byte).
  private static func isNameStart(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
      || byte == 0x3A || byte >= 0x80
  }

  /// The end of the name that starts at `start`: the first whitespace, `/`, `>`, `=` or `<`.
  private static func nameEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var index = start
    while index < bytes.count {
      let byte = bytes[index]
      if isWhitespace(byte) || byte == 0x2F || byte == 0x3E || byte == 0x3D || byte == 0x3C {
        break
      }
      index += 1
    }
    return index
  }

  private static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int)
    -> Int?
  {
    start < bytes.count ? bytes[start...].firstIndex(of: byte) : nil
  }

  private static func find(
    _ needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>, from start: Int
  ) -> Int? {
    let first = needle.utf8Start.pointee
    var index = start
    while let candidate = find(first, in: bytes, from: index) {
      if matches(bytes, candidate, needle) { return candidate }
      index = candidate + 1
    }
    return nil
  }

  private static func matches(
    _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ literal: StaticString
  ) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard start + count <= bytes.count else { return false }
    for offset in 0..<count where bytes[start + offset] != literal.utf8Start[offset] {
      return false
    }
    return true
  }

  /// Character data with its entity and character references replaced.
  private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws
    -> String
  {
    guard let firstAmpersand = range.first(where: { bytes[$0] == 0x26 }) else {
      return String(decoding: bytes[range], as: UTF8.self)
    }
    var out: [UInt8] = Array(bytes[range.lowerBound..<firstAmpersand])
    var index = firstAmpersand
    while index < range.upperBound {
      let byte = bytes[index]
      guard byte == 0x26 else {
        out.append(byte)
        index += 1
        continue
      }
      guard let semicolon = find(0x3B, in: bytes, from: index + 1), semicolon < range.upperBound,
        semicolon - index <= 12
      else { throw Malformed(index, "an '&' that starts no entity reference") }
      let name = bytes[(index + 1)..<semicolon]
      switch String(decoding: name, as: UTF8.self) {
      case "lt": out.append(0x3C)
      case "gt": out.append(0x3E)
      case "amp": out.append(0x26)
      case "quot": out.append(0x22)
      case "apos": out.append(0x27)
      case let reference where reference.hasPrefix("#"):
        let digits = reference.dropFirst()
        let value =
          digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
        guard let value, value != 0, let scalar = Unicode.Scalar(value) else {
          throw Malformed(index, "character reference '&\(reference);' is not a character")
        }
        out.append(contentsOf: String(Character(scalar)).utf8)
      case let other:
        throw Malformed(index, "undefined entity '&\(other);'")
      }
      index = semicolon + 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The text without leading and trailing XML whitespace.
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

  /// The value of `encoding="…"` (or `'…'`) in an XML declaration.
  private static func encoding(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>)
    -> String?
  {
    guard let found = find("encoding", in: bytes, from: range.lowerBound), found < range.upperBound
    else { return nil }
    var index = found + 8
    while index < range.upperBound, isWhitespace(bytes[index]) || bytes[index] == 0x3D {
      index += 1
    }
    guard index < range.upperBound, bytes[index] == 0x22 || bytes[index] == 0x27,
      let close = find(bytes[index], in: bytes, from: index + 1), close < range.upperBound
    else { return nil }
    return String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
  }
}
