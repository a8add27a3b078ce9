internal import CLibYAML
public import Diagnostics

/// Composes YAML text into ``Document``s of ``Node``s with source spans, through libyaml's
/// event API.
///
/// This file is the only place that touches libyaml: no C type leaves it.
///
/// ```swift
/// var bag = DiagnosticBag()
/// let documents = YAMLParser().parse(file, diagnostics: &bag)
/// ```
public struct YAMLParser: Sendable {
  /// The limits in force.
  public var limits: YAMLLimits

  /// Creates a parser.
  public init(limits: YAMLLimits = .default) { self.limits = limits }

  /// Parses every document of a stream.
  ///
  /// Stops at the first syntax error or broken limit; keeps going after recoverable errors
  /// (duplicate keys, merge keys, complex keys, unsupported tags) so one run reports them all.
  /// When `diagnostics` gained an error, the returned documents must not be used.
  ///
  /// - Complexity: O(n) in the input size plus the nodes materialised through aliases, which
  ///   ``YAMLLimits/maxAliasExpansionNodes`` bounds.
  public func parse(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> [Document] {
    let maxInputBytes = min(limits.maxInputBytes, YAMLLimits.inputBytesCeiling)
    if file.bytes.count > maxInputBytes {
      diagnostics.append(
        Diagnostic(
          .inputTooLarge,
          "input is \(file.bytes.count) bytes, more than the limit of \(maxInputBytes)",
          at: nil
        ).withPath(file.path))
      return []
    }
    if file.bytes.isEmpty { return [] }
    return file.bytes.withUnsafeBufferPointer { buffer -> [Document] in
      var composer = Composer(file: file, buffer: buffer, limits: limits)
      let documents = composer.run()
      diagnostics.merge(composer.diagnostics)
      return documents
    }
  }

  /// Parses a stream that must hold exactly one document; an empty stream gives a null root.
  public func parseSingle(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> Document? {
    let before = diagnostics.hasErrors
    let documents = parse(file, diagnostics: &diagnostics)
    if diagnostics.hasErrors && !before { return nil }
    if documents.isEmpty {
      let span = SourceSpan.point(file.id, 0)
      return Document(root: .scalar(Scalar(value: "", style: .plain, span: span)), span: span)
    }
    if documents.count > 1 {
      diagnostics.append(
        Diagnostic(
          .yamlSyntax, "expected a single document, found \(documents.count)",
          at: SourceSpan.point(file.id, Int(documents[1].span.start)),
          help: "remove the '---' separator or split the file"))
      return nil
    }
    return documents.first
  }
}

extension Diagnostic {
  func withPath(_ path: String) -> Diagnostic {
    var copy = self
    copy.path = path
    return copy
  }
}

/// Converts libyaml's character indices (Unicode scalars) to UTF-8 byte offsets.
///
/// Marks arrive almost in order, so a cursor that walks forwards or backwards from the last
/// answer makes the whole conversion linear in the input size.
private struct CharacterIndexConverter {
  let bytes: UnsafeBufferPointer<UInt8>
  let isASCII: Bool
  var characterIndex = 0
  var byteOffset = 0

  init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    var ascii = true
    for byte in bytes where byte >= 0x80 {
      ascii = false
      break
    }
    isASCII = ascii
  }

  mutating func byteOffset(forCharacterIndex target: Int) -> Int {
    if isASCII { return min(max(0, target), bytes.count) }
    while characterIndex < target, byteOffset < bytes.count {
      byteOffset += 1
      while byteOffset < bytes.count, bytes[byteOffset] & 0xC0 == 0x80 { byteOffset += 1 }
      characterIndex += 1
    }
    while characterIndex > target, byteOffset > 0 {
      byteOffset -= 1
      while byteOffset > 0, bytes[byteOffset] & 0xC0 == 0x80 { byteOffset -= 1 }
      characterIndex -= 1
    }
    return byteOffset
  }
}

/// What libyaml's read handler reads from: the input buffer, how far libyaml has read, and
/// how far it had read when the parser last produced an event.
private struct InputCursor {
  let base: UnsafePointer<UInt8>
  let count: Int
  let budget: Int
  var position = 0
  var positionAtLastEvent = 0
  /// Set when the handler refused to read on: more than `budget` bytes without an event.
  var overran = false

  init(base: UnsafePointer<UInt8>, count: Int, budget: Int) {
    self.base = base
    self.count = count
    self.budget = budget
  }
}

/// libyaml's read handler over an ``InputCursor``. It fails (which libyaml reports as a reader
/// error) once the parser has read more than the cursor's budget since its last event.
private func readInput(
  _ data: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<UInt8>?, _ size: Int,
  _ sizeRead: UnsafeMutablePointer<Int>?
) -> Int32 {
  guard let data, let buffer, let sizeRead else { return 0 }
  let cursor = data.assumingMemoryBound(to: InputCursor.self)
  if cursor.pointee.position - cursor.pointee.positionAtLastEvent > cursor.pointee.budget {
    cursor.pointee.overran = true
    return 0
  }
  let length = min(size, cursor.pointee.count - cursor.pointee.position)
  buffer.update(from: cursor.pointee.base + cursor.pointee.position, count: length)
  cursor.pointee.position += length
  sizeRead.pointee = length
  return 1
}

/// The event loop and the iterative tree builder (no recursion, so depth is bounded only by
/// ``YAMLLimits/maxDepth``).
private struct Composer {
  struct Anchor {
    var node: Node
    var nodeCount: Int
  }

  /// One open collection. Its items or entries live at the end of the composer's shared
  /// scratch arrays, from `base` on: nested collections close before their parent goes on
  /// (LIFO), so one set of buffers serves the whole document, and each finished collection is
  /// copied out once, at its exact size (no growth reallocations per mapping).
  struct Frame {
    enum Kind { case sequence, mapping }
    var kind: Kind
    /// Where this frame's items (sequence) or entries and keys (mapping) start in the scratch.
    var base: Int
    var pendingKey: Node?
    /// Canonical key → entry position, built only once a mapping outgrows a linear scan.
    var keyIndex: [CanonicalKey: Int]?
    var start: Int
    var tag: String?
    var style: CollectionStyle
    var anchor: String?
    var nodeCountAtStart: Int
  }

  /// A mapping key under the core schema: keys that resolve to the same value are duplicates
  /// (`1` and `0x1`, `null` and `~`). Floats compare by bit pattern, which for the values
  /// resolution produces is the same as comparing their shortest decimal forms.
  enum CanonicalKey: Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(UInt64)
    case string(String)
    case integerOutOfRange(String)

    init(_ scalar: Scalar) {
      switch scalar.resolved {
      case .null: self = .null
      case .bool(let value): self = .bool(value)
      case .int(let value): self = .int(value)
      case .float(let value): self = .float(value.bitPattern)
      case .string(let value): self = .string(value)
      case .integerOutOfRange(let text): self = .integerOutOfRange(text)
      }
    }
  }

  /// Mappings up to this many entries find duplicate keys by a linear scan, without hashing.
  static let linearScanLimit = 16

  let file: SourceFile
  let buffer: UnsafeBufferPointer<UInt8>
  let limits: YAMLLimits
  var converter: CharacterIndexConverter
  var diagnostics = DiagnosticBag()
  var stack: [Frame] = []
  /// Shared scratch for the items of open sequences and the entries (and their canonical keys)
  /// of open mappings; see ``Frame``.
  var itemScratch: [Node] = []
  var entryScratch: [Mapping.Entry] = []
  var keyScratch: [CanonicalKey] = []
  var anchors: [String: Anchor] = [:]
  var nodeCount = 0
  var aliasExpansionCount = 0
  var documents: [Document] = []
  var documentRoot: Node?
  var documentStart = 0

  init(file: SourceFile, buffer: UnsafeBufferPointer<UInt8>, limits: YAMLLimits) {
    self.file = file
    self.buffer = buffer
    self.limits = limits
    self.converter = CharacterIndexConverter(bytes: buffer)
  }

  mutating func run() -> [Document] {
    guard let base = buffer.baseAddress else { return [] }
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    defer { parser.deallocate() }
    guard yaml_parser_initialize(parser) == 1 else {
      diagnostics.report(.yamlSyntax, "libyaml could not allocate a parser", at: nil)
      return []
    }
    defer { yaml_parser_delete(parser) }
    yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    let cursor = UnsafeMutablePointer<InputCursor>.allocate(capacity: 1)
    cursor.initialize(
      to: InputCursor(base: base, count: buffer.count, budget: limits.inputBytesPerNode))
    defer { cursor.deallocate() }
    yaml_parser_set_input(parser, readInput, cursor)

    let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
    defer { event.deallocate() }
    var lastEventEnd = 0
    while true {
      guard yaml_parser_parse(parser, event) == 1 else {
        if cursor.pointee.overran {
          reportOverlongToken(after: lastEventEnd)
        } else {
          reportParserError(parser.pointee)
        }
        return documents
      }
      cursor.pointee.positionAtLastEvent = cursor.pointee.position
      lastEventEnd = byteOffset(event.pointee.end_mark)
      let keepGoing = handle(event.pointee)
      let isStreamEnd = event.pointee.type == YAML_STREAM_END_EVENT
      yaml_event_delete(event)
      if !keepGoing || isStreamEnd { break }
    }
    return documents
  }

  /// More than ``YAMLLimits/inputBytesPerNode`` bytes passed without a node: libyaml was
  /// reading one very long scalar (or comment), which is refused before it is read whole.
  mutating func reportOverlongToken(after offset: Int) {
    diagnostics.report(
      .yamlScalarLimit,
      "more than \(limits.inputBytesPerNode) bytes without a complete node from here: a "
        + "scalar or comment longer than the limit of \(limits.maxScalarBytes) bytes",
      at: .point(file.id, offset),
      help: "raise the limit with --max-yaml-scalar-bytes if the value is meant to be this long")
  }

  mutating func byteOffset(_ mark: yaml_mark_t) -> Int {
    converter.byteOffset(forCharacterIndex: Int(mark.index))
  }

  mutating func span(_ start: yaml_mark_t, _ end: yaml_mark_t) -> SourceSpan {
    let lower = byteOffset(start)
    let upper = byteOffset(end)
    return SourceSpan(file: file.id, start: lower, end: upper)
  }

  static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
  }

  static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
  }

  /// Handles one event; returns false to stop (fatal error).
  mutating func handle(_ event: yaml_event_t) -> Bool {
    switch event.type {
    case YAML_STREAM_START_EVENT, YAML_STREAM_END_EVENT, YAML_NO_EVENT:
      return true
    case YAML_DOCUMENT_START_EVENT:
      documentStart = byteOffset(event.start_mark)
      documentRoot = nil
      anchors = [:]
      if documents.count >= limits.maxDocuments {
        diagnostics.report(
          .yamlDocumentLimit, "more than \(limits.maxDocuments) documents in one stream",
          at: .point(file.id, documentStart))
        return false
      }
      return true
    case YAML_DOCUMENT_END_EVENT:
      let end = byteOffset(event.end_mark)
      let span = SourceSpan(file: file.id, start: documentStart, end: end)
      let root =
        documentRoot
        ?? .scalar(Scalar(value: "", style: .plain, span: .point(file.id, documentStart)))
      documents.append(Document(root: root, span: span))
      return true
    case YAML_ALIAS_EVENT:
      let name = Composer.string(event.data.alias.anchor) ?? ""
      let aliasSpan = span(event.start_mark, event.end_mark)
      guard let anchor = anchors[name] else {
        diagnostics.report(
          .yamlUndefinedAlias, "alias '*\(name)' refers to an undefined anchor", at: aliasSpan,
          help: DidYouMean.help(for: name, among: anchors.keys.sorted()))
        return false
      }
      aliasExpansionCount += anchor.nodeCount
      nodeCount += anchor.nodeCount
      if aliasExpansionCount > limits.maxAliasExpansionNodes {
        diagnostics.report(
          .yamlAliasBudget,
          "aliases expand to more than \(limits.maxAliasExpansionNodes) nodes",
          at: aliasSpan,
          help:
            "this looks like a \"billion laughs\" document; expand the aliases by hand if it is not"
        )
        return false
      }
      if nodeCount > limits.maxNodes { return reportNodeLimit(aliasSpan) }
      return complete(anchor.node, anchor: nil, nodeCountAtStart: nodeCount)
    case YAML_SCALAR_EVENT:
      let scalarData = event.data.scalar
      let value: String
      if let pointer = scalarData.value {
        value = String(
          decoding: UnsafeBufferPointer(start: pointer, count: scalarData.length), as: UTF8.self)
      } else {
        value = ""
      }
      let style: ScalarStyle =
        switch scalarData.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
      let scalarSpan = span(event.start_mark, event.end_mark)
      if scalarData.length > limits.maxScalarBytes {
        diagnostics.report(
          .yamlScalarLimit,
          "scalar is \(scalarData.length) bytes, more than the limit of \(limits.maxScalarBytes)",
          at: .point(file.id, Int(scalarSpan.start)),
          help: "raise the limit with --max-yaml-scalar-bytes if the value is meant to be this long"
        )
        return false
      }
      let tag = checkedTag(Composer.string(scalarData.tag), at: scalarSpan, scalar: true)
      nodeCount += 1
      if nodeCount > limits.maxNodes { return reportNodeLimit(scalarSpan) }
      let node = Node.scalar(Scalar(value: value, style: style, tag: tag, span: scalarSpan))
      return complete(
        node, anchor: Composer.string(scalarData.anchor), nodeCountAtStart: nodeCount - 1)
    case YAML_SEQUENCE_START_EVENT:
      let data = event.data.sequence_start
      let start = byteOffset(event.start_mark)
      let startSpan = SourceSpan(file: file.id, start: start, end: byteOffset(event.end_mark))
      guard pushAllowed(startSpan) else { return false }
      nodeCount += 1
      if nodeCount > limits.maxNodes { return reportNodeLimit(startSpan) }
      let tag = checkedTag(Composer.string(data.tag), at: startSpan, scalar: false)
      stack.append(
        Frame(
          kind: .sequence, base: itemScratch.count, start: start, tag: tag,
          style: data.style == YAML_FLOW_SEQUENCE_STYLE ? .flow : .block,
          anchor: Composer.string(data.anchor), nodeCountAtStart: nodeCount - 1))
      return true
    case YAML_MAPPING_START_EVENT:
      let data = event.data.mapping_start
      let start = byteOffset(event.start_mark)
      let startSpan = SourceSpan(file: file.id, start: start, end: byteOffset(event.end_mark))
      guard pushAllowed(startSpan) else { return false }
      nodeCount += 1
      if nodeCount > limits.maxNodes { return reportNodeLimit(startSpan) }
      let tag = checkedTag(Composer.string(data.tag), at: startSpan, scalar: false)
      stack.append(
        Frame(
          kind: .mapping, base: entryScratch.count, start: start, tag: tag,
          style: data.style == YAML_FLOW_MAPPING_STYLE ? .flow : .block,
          anchor: Composer.string(data.anchor), nodeCountAtStart: nodeCount - 1))
      return true
    case YAML_SEQUENCE_END_EVENT:
      guard let frame = stack.popLast(), frame.kind == .sequence else {
        diagnostics.report(
          .yamlSyntax, "unbalanced sequence end", at: .point(file.id, byteOffset(event.start_mark)))
        return false
      }
      let spanValue = SourceSpan(file: file.id, start: frame.start, end: byteOffset(event.end_mark))
      let items = Composer.take(&itemScratch, from: frame.base)
      let node = Node.sequence(
        Sequence(items: items, style: frame.style, tag: frame.tag, span: spanValue))
      return complete(node, anchor: frame.anchor, nodeCountAtStart: frame.nodeCountAtStart)
    case YAML_MAPPING_END_EVENT:
      guard let frame = stack.popLast(), frame.kind == .mapping else {
        diagnostics.report(
          .yamlSyntax, "unbalanced mapping end", at: .point(file.id, byteOffset(event.start_mark)))
        return false
      }
      let spanValue = SourceSpan(file: file.id, start: frame.start, end: byteOffset(event.end_mark))
      let entries = Composer.take(&entryScratch, from: frame.base)
      keyScratch.removeLast(keyScratch.count - frame.base)
      let node = Node.mapping(
        Mapping(entries: entries, style: frame.style, tag: frame.tag, span: spanValue))
      return complete(node, anchor: frame.anchor, nodeCountAtStart: frame.nodeCountAtStart)
    default:
      return true
    }
  }

  mutating func pushAllowed(_ span: SourceSpan) -> Bool {
    if stack.count >= min(limits.maxDepth, YAMLLimits.depthCeiling) {
      diagnostics.report(
        .yamlDepthLimit,
        "nesting is deeper than \(min(limits.maxDepth, YAMLLimits.depthCeiling)) levels", at: span)
      return false
    }
    return true
  }

  mutating func reportNodeLimit(_ span: SourceSpan) -> Bool {
    diagnostics.report(.yamlNodeLimit, "more than \(limits.maxNodes) nodes in one stream", at: span)
    return false
  }

  /// Validates a tag; unsupported tags are reported and dropped.
  mutating func checkedTag(_ tag: String?, at span: SourceSpan, scalar: Bool) -> String? {
    guard let tag else { return nil }
    if tag == "!" { return scalar ? CoreSchema.tagPrefix + "str" : nil }
    let scalarTags = ["str", "int", "float", "bool", "null"].map { CoreSchema.tagPrefix + $0 }
    let collectionTags = ["seq", "map"].map { CoreSchema.tagPrefix + $0 }
    if scalar ? scalarTags.contains(tag) : collectionTags.contains(tag) { return tag }
    let short =
      tag.hasPrefix(CoreSchema.tagPrefix) ? "!!" + tag.dropFirst(CoreSchema.tagPrefix.count) : tag
    diagnostics.report(
      .yamlUnsupportedTag, "unsupported tag '\(short)'", at: span,
      help: scalar
        ? "use one of !!str, !!int, !!float, !!bool, !!null, or no tag" : "remove the tag")
    return nil
  }

  /// Attaches a finished node to its parent (or makes it the document root).
  mutating func complete(_ node: Node, anchor: String?, nodeCountAtStart: Int) -> Bool {
    if let anchor {
      anchors[anchor] = Anchor(node: node, nodeCount: max(1, nodeCount - nodeCountAtStart))
    }
    guard !stack.isEmpty else {
      documentRoot = node
      return true
    }
    let top = stack.count - 1
    switch stack[top].kind {
    case .sequence:
      if itemScratch.count - stack[top].base >= limits.maxSequenceItems {
        diagnostics.report(
          .yamlSequenceItemLimit, "sequence has more than \(limits.maxSequenceItems) items",
          at: .point(file.id, Int(node.span.start)),
          help: "raise the limit with --max-yaml-items if the list is meant to be this long")
        return false
      }
      itemScratch.append(node)
    case .mapping:
      if stack[top].pendingKey == nil, entryScratch.count - stack[top].base >= limits.maxMappingKeys
      {
        diagnostics.report(
          .yamlMappingKeyLimit, "mapping has more than \(limits.maxMappingKeys) keys",
          at: .point(file.id, Int(node.span.start)),
          help: "raise the limit with --max-yaml-keys if the mapping is meant to be this large")
        return false
      }
      if let key = stack[top].pendingKey {
        stack[top].pendingKey = nil
        if let keyScalar = key.scalarValue {
          let canonical = CanonicalKey(keyScalar)
          if let first = position(of: canonical, in: top) {
            let firstKey = entryScratch[first].key
            diagnostics.report(
              .yamlDuplicateKey, "duplicate key '\(keyScalar.value)' in mapping", at: key.span,
              notes: [.init("'\(keyScalar.value)' first appears here", at: firstKey.span)],
              help: "remove or rename one of the two entries")
          } else {
            stack[top].keyIndex?[canonical] = entryScratch.count
            entryScratch.append(Mapping.Entry(key: key, value: node))
            keyScratch.append(canonical)
          }
        }
      } else {
        switch node {
        case .scalar(let scalar):
          if scalar.style == .plain, scalar.tag == nil, scalar.value == "<<" {
            diagnostics.report(
              .yamlMergeKey, "merge keys ('<<') are not supported", at: scalar.span,
              help: "write the merged keys out explicitly")
          }
        case .sequence, .mapping:
          diagnostics.report(
            .yamlComplexKey, "mapping keys must be scalars, found a \(node.kindName)",
            at: node.span)
        }
        stack[top].pendingKey = node
      }
    }
    return true
  }

  /// The scratch position of the entry of the open mapping `frameIndex` whose key is `key`.
  ///
  /// Small mappings scan their keys; a mapping that reaches ``linearScanLimit`` entries gets a
  /// hash index once, so large mappings stay linear overall.
  mutating func position(of key: CanonicalKey, in frameIndex: Int) -> Int? {
    let base = stack[frameIndex].base
    if let index = stack[frameIndex].keyIndex { return index[key] }
    if keyScratch.count - base < Composer.linearScanLimit {
      for position in base..<keyScratch.count where keyScratch[position] == key {
        return position
      }
      return nil
    }
    var index: [CanonicalKey: Int] = [:]
    index.reserveCapacity((keyScratch.count - base) * 2)
    for position in base..<keyScratch.count { index[keyScratch[position]] = position }
    stack[frameIndex].keyIndex = index
    return index[key]
  }

  /// Moves the elements of `scratch` from `base` on into a new array of exactly their count,
  /// keeping the scratch's capacity for the next collection.
  static func take<Element>(_ scratch: inout [Element], from base: Int) -> [Element] {
    let count = scratch.count - base
    guard count > 0 else { return [] }
    let taken = scratch.withUnsafeBufferPointer { source in
      [Element](unsafeUninitializedCapacity: count) { target, initialized in
        _ = target.initialize(fromContentsOf: source[base...])
        initialized = count
      }
    }
    scratch.removeLast(count)
    return taken
  }

  mutating func reportParserError(_ parser: yaml_parser_t) {
    let problem = Composer.string(parser.problem) ?? "unknown error"
    switch parser.error {
    case YAML_READER_ERROR:
      // Reader errors carry a byte offset rather than a mark.
      let offset = min(max(0, parser.problem_offset), buffer.count)
      var message = problem
      if parser.problem_value != -1 {
        let hex = String(UInt32(bitPattern: parser.problem_value), radix: 16, uppercase: true)
        message += " (byte 0x\(hex.count < 2 ? "0" + hex : hex))"
      }
      diagnostics.report(
        .yamlEncoding, message, at: SourceSpan(file: file.id, start: offset, end: offset + 1),
        help: "save the file as UTF-8 text without control characters")
    case YAML_MEMORY_ERROR:
      diagnostics.report(.yamlSyntax, "libyaml ran out of memory", at: nil)
    default:
      let problemOffset = byteOffset(parser.problem_mark)
      var notes: [Diagnostic.Note] = []
      if let context = Composer.string(parser.context) {
        let contextOffset = byteOffset(parser.context_mark)
        // A context at the problem itself adds nothing but a second copy of the same line.
        notes.append(
          .init(context, at: contextOffset == problemOffset ? nil : .point(file.id, contextOffset)))
      }
      var help: String?
      if problemOffset < buffer.count, buffer[problemOffset] == 0x09 {
        help = "YAML does not allow tabs for indentation; indent with spaces"
      } else if problem.contains("mapping values are not allowed") {
        help = "quote the value if it contains ': ', or check the indentation of the line"
      } else if problem.contains("did not find expected key") {
        help =
          "this line is indented differently from the keys of the mapping the note points "
          + "at: align it with them, or, if it continues the previous value, quote that value"
      } else if problem.contains("did not find expected '-' indicator") {
        help =
          "this line is indented differently from the list items above it: start it with '- ' "
          + "at their indentation"
      }
      let end = problemOffset < buffer.count ? problemOffset + 1 : problemOffset
      diagnostics.report(
        .yamlSyntax, problem, at: SourceSpan(file: file.id, start: problemOffset, end: end),
        notes: notes, help: help)
    }
  }
}

extension Node {
  /// "a mapping", "a sequence", "a string", "an integer", … for messages.
  public var kindName: String {
    switch self {
    case .mapping: "mapping"
    case .sequence: "sequence"
    case .scalar(let scalar): scalar.resolved.kindName
    }
  }
}
