import Diagnostics
import YAMLDocument

/// State shared by one snapshot load: the diagnostics and, for the registry agreement test,
/// the set of registry paths the loader asked for.
struct LoadContext {
  var diagnostics: DiagnosticBag
  /// When non-nil, every field path an ``ObjectReader`` accessor is asked for is inserted.
  var requestedPaths: Set<String>?
}

/// Reads one YAML mapping through its field descriptor.
///
/// Creating a reader files every key under its registry child and reports unknown keys (I001,
/// with a did-you-mean from the registry's children). The typed accessors then look a field up
/// by name, apply the registry's presence rule (missing required → I003, absent → the
/// registry's default), its type (I002, I004, I006) and its bounds (I005). A field name the
/// registry does not know is a programming error, caught by the tests.
struct ObjectReader {
  /// The descriptor whose children are this mapping's fields.
  let descriptor: FieldDescriptor
  /// The mapping; an empty mapping when an absent object takes its defaults.
  let mapping: Mapping
  /// The entity the fields belong to, for messages: "host 'host-01'"; `nil` before its name
  /// is known.
  var owner: String?
  /// The path from the owner to this mapping, e.g. `memory.` under a host.
  var ownerPrefix: String
  /// For each registry child, the index of its entry in `mapping.entries`, or -1; empty when
  /// the mapping is.
  private var entryIndices: [Int32]
  /// Registry fields that an unknown key was taken for (did-you-mean); their absence is not
  /// reported again as "missing".
  private var misspelledFields: [String] = []

  /// Reads `node` as a mapping of `descriptor`'s fields; `nil` (with I002) if it is not one.
  init?(
    _ node: Node, _ descriptor: FieldDescriptor, owner: String?, ownerPrefix: String,
    _ context: inout LoadContext
  ) {
    // Messages are built only on the error path: this runs once per host and VM.
    guard case .mapping(let mapping) = node else {
      let what = ObjectReader.place(descriptor, owner: owner, ownerPrefix: ownerPrefix)
      _ = node.expectMapping(what, &context.diagnostics, code: .inventoryTypeMismatch)
      return nil
    }
    self.init(mapping: mapping, descriptor, owner: owner, ownerPrefix: ownerPrefix, &context)
  }

  init(
    mapping: Mapping, _ descriptor: FieldDescriptor, owner: String?, ownerPrefix: String,
    _ context: inout LoadContext
  ) {
    self.descriptor = descriptor
    self.mapping = mapping
    self.owner = owner
    self.ownerPrefix = ownerPrefix
    // An empty mapping (an absent object taking its defaults) needs no index: `value(at:)`
    // treats a missing slot as absent, which saves an allocation per defaulted object.
    var entryIndices =
      mapping.entries.isEmpty ? [] : [Int32](repeating: -1, count: descriptor.children.count)
    var misspelledFields: [String] = []
    for (position, entry) in mapping.entries.enumerated() {
      let key = entry.keyString
      if let index = descriptor.childIndex(named: key) {
        entryIndices[index] = Int32(truncatingIfNeeded: position)
        continue
      }
      guard !context.diagnostics.isFull else { continue }
      // The message names the owner when it is known ("in 'memory' of host 'host-01'"); the
      // help names the registry path, as Docs/fields.md does.
      let place = ObjectReader.place(descriptor, owner: owner, ownerPrefix: ownerPrefix)
      let path = ObjectReader.place(descriptor, owner: nil, ownerPrefix: "")
      let suggestion = DidYouMean.suggestion(for: key, among: descriptor.children.map(\.name))
      var help = suggestion.map { "did you mean '\($0)'?" }
      if let suggestion { misspelledFields.append(suggestion) }
      if help == nil {
        let names = descriptor.children.map(\.name)
        help =
          names.count <= 10
          ? "known fields here: " + names.joined(separator: ", ")
          : "see Docs/fields.md for the fields of \(path)"
      }
      context.diagnostics.report(
        .inventoryUnknownField, "unknown field '\(key)' in \(place)", at: entry.key.span,
        help: help)
    }
    self.entryIndices = entryIndices
    self.misspelledFields = misspelledFields
  }

  /// Names the entity this mapping describes, once its name is known: later messages say
  /// "'memoryMiB' of VM 'web-01'" instead of "'vms[].memoryMiB'".
  mutating func setOwner(_ owner: String) {
    self.owner = owner
    self.ownerPrefix = ""
  }

  /// How messages name the mapping of `descriptor`: "'memory' of host 'host-01'",
  /// "host 'host-01'", "'hosts[]'" or "the snapshot".
  static func place(_ descriptor: FieldDescriptor, owner: String?, ownerPrefix: String) -> String {
    if let owner {
      return ownerPrefix.isEmpty ? owner : "'\(ownerPrefix.dropLast())' of \(owner)"
    }
    if descriptor.path.isEmpty { return "the snapshot" }
    return "'\(descriptor.path)\(descriptor.type == .objectList ? "[]" : "")'"
  }

  /// How messages name a child field: "'memory.freeMiB' of host 'host-01'" or
  /// "'hosts[].memory.freeMiB'".
  func describe(_ field: FieldDescriptor) -> String {
    if let owner { return "'\(ownerPrefix)\(field.name)' of \(owner)" }
    return "'\(field.path)'"
  }

  /// The descriptor and the present, non-null value of a child; reports a missing required one.
  private func lookup(_ name: String, _ context: inout LoadContext) -> (FieldDescriptor, Node?) {
    guard let index = descriptor.childIndex(named: name) else {
      preconditionFailure("field '\(name)' is not registered under '\(descriptor.path)'")
    }
    let field = descriptor.children[index]
    context.requestedPaths?.insert(field.path)
    var node = value(at: index)
    var isRequired = field.presence.isRequired
    if case .requiredUnless(let other) = field.presence, self.node(other) == nil {
      isRequired = true
    }
    if let present = node, ObjectReader.isNull(present), !isRequired { node = nil }
    if node == nil, isRequired, !misspelledFields.contains(field.name) {
      let place = ObjectReader.place(descriptor, owner: owner, ownerPrefix: ownerPrefix)
      context.diagnostics.report(
        .inventoryMissingField, "missing required field '\(field.name)' in \(place)",
        at: mapping.span)
    }
    return (field, node)
  }

  private func value(at childIndex: Int) -> Node? {
    guard childIndex < entryIndices.count else { return nil }
    let position = Int(entryIndices[childIndex])
    return position >= 0 ? mapping.entries[position].value : nil
  }

  /// `node.isNull` without resolving the scalar's type (which allocates) in the common case.
  static func isNull(_ node: Node) -> Bool {
    guard case .scalar(let scalar) = node else { return false }
    if scalar.tag != nil { return node.isNull }
    guard scalar.style == .plain else { return false }
    switch scalar.value {
    case "", "~", "null", "Null", "NULL": return true
    default: return false
    }
  }

  /// The value node of a child, if present (no type check, nothing recorded).
  func node(_ name: String) -> Node? {
    descriptor.childIndex(named: name).flatMap { value(at: $0) }
  }

  /// The span of a child's value, if present.
  func span(_ name: String) -> SourceSpan? { node(name)?.span }

  private func checkBounds(
    _ value: Double, _ field: FieldDescriptor, _ node: Node, _ context: inout LoadContext
  ) -> Bool {
    let low = field.minimum ?? -.infinity
    let high = field.maximum ?? .infinity
    if value.isFinite, value >= low, value <= high { return true }
    let shown = node.scalarValue?.value ?? "\(value)"
    let unit = field.unit.map { " " + $0 } ?? ""
    let expected: String
    switch (field.minimum, field.maximum) {
    case (.some, .some): expected = "between \(field.boundsText.replacingEllipsis())\(unit)"
    case (.some, nil): expected = "at least \(field.boundsText.dropFirst(2))\(unit)"
    case (nil, .some): expected = "at most \(field.boundsText.dropFirst(2))\(unit)"
    case (nil, nil): expected = "a finite number"
    }
    context.diagnostics.report(
      .inventoryOutOfRange, "\(describe(field)) must be \(expected), found \(shown)",
      at: node.span)
    return false
  }

  private func requireType(_ field: FieldDescriptor, _ expected: FieldType) {
    if field.type != expected {
      preconditionFailure(
        "field '\(field.path)' is \(field.type.displayName), read as \(expected.displayName)")
    }
  }

  /// An integer field: its value, its default, or `nil` (absent without default, or invalid).
  func int(_ name: String, _ context: inout LoadContext) -> Int? {
    let (field, node) = lookup(name, &context)
    requireType(field, .int)
    guard let node else {
      if case .defaulted(.int(let value)) = field.presence { return value }
      return nil
    }
    let parsed: Int?
    if case .scalar(let scalar) = node, case .int(let value) = scalar.resolved {
      parsed = value
    } else if let hint = UnitHint(node, field: field) {
      hint.report(describe(field), "an integer", &context.diagnostics)
      return nil
    } else {
      parsed = node.expectInt(describe(field), &context.diagnostics, code: .inventoryTypeMismatch)
    }
    guard let value = parsed else { return nil }
    return checkBounds(Double(value), field, node, &context) ? value : nil
  }

  /// A number field.
  func double(_ name: String, _ context: inout LoadContext) -> Double? {
    let (field, node) = lookup(name, &context)
    requireType(field, .float)
    guard let node else {
      switch field.presence {
      case .defaulted(.float(let value)): return value
      case .defaulted(.int(let value)): return Double(value)
      default: return nil
      }
    }
    let parsed: Double?
    switch node.scalarValue?.resolved {
    case .int(let value)?: parsed = Double(value)
    case .float(let value)? where !value.isNaN: parsed = value
    default:
      if let hint = UnitHint(node, field: field) {
        hint.report(describe(field), "a number", &context.diagnostics)
        return nil
      }
      parsed = node.expectDouble(
        describe(field), &context.diagnostics, code: .inventoryTypeMismatch)
    }
    guard let value = parsed else { return nil }
    return checkBounds(value, field, node, &context) ? value : nil
  }

  /// A boolean field.
  func bool(_ name: String, _ context: inout LoadContext) -> Bool? {
    let (field, node) = lookup(name, &context)
    requireType(field, .bool)
    guard let node else {
      if case .defaulted(.bool(let value)) = field.presence { return value }
      return nil
    }
    if case .scalar(let scalar) = node, case .bool(let value) = scalar.resolved { return value }
    return node.expectBool(describe(field), &context.diagnostics, code: .inventoryTypeMismatch)
  }

  /// A string field (any scalar, as written).
  func string(_ name: String, _ context: inout LoadContext) -> String? {
    let (field, node) = lookup(name, &context)
    requireType(field, .string)
    guard let node else {
      if case .defaulted(.string(let value)) = field.presence { return value }
      return nil
    }
    return stringValue(node, field, &context)
  }

  private func stringValue(
    _ node: Node, _ field: FieldDescriptor, _ context: inout LoadContext
  ) -> String? {
    if case .scalar(let scalar) = node, !ObjectReader.isNull(node) { return scalar.value }
    return node.expectString(describe(field), &context.diagnostics, code: .inventoryTypeMismatch)
  }

  /// An enumeration field, as a Swift enum whose raw values are the registry's values.
  func enumeration<Value: RawRepresentable<String>>(
    _ name: String, as type: Value.Type, _ context: inout LoadContext
  ) -> Value? {
    let (field, node) = lookup(name, &context)
    guard case .enumeration(let allowed) = field.type else {
      preconditionFailure("field '\(field.path)' is not an enumeration")
    }
    guard let node else {
      if case .defaulted(.string(let value)) = field.presence { return Value(rawValue: value) }
      return nil
    }
    guard let text = stringValue(node, field, &context) else { return nil }
    if allowed.contains(text), let value = Value(rawValue: text) { return value }
    let help =
      DidYouMean.help(for: text, among: allowed)
      ?? "expected one of: " + allowed.joined(separator: ", ")
    context.diagnostics.report(
      .inventoryInvalidEnumValue, "invalid value '\(text)' for \(describe(field))", at: node.span,
      help: help)
    return nil
  }

  /// A timestamp field.
  func timestamp(_ name: String, _ context: inout LoadContext) -> Timestamp? {
    let (field, node) = lookup(name, &context)
    requireType(field, .timestamp)
    guard let node, let text = stringValue(node, field, &context) else { return nil }
    switch Timestamp.parse(text) {
    case .success(let value): return value
    case .failure(let error):
      context.diagnostics.report(
        .inventoryInvalidTimestamp,
        "invalid timestamp '\(text)' for \(describe(field)): \(error.reason)", at: node.span,
        help: "write an RFC 3339 date-time with a time zone, e.g. 2026-11-28T10:00:00Z")
      return nil
    }
  }

  /// A string-list field.
  func stringList(_ name: String, _ context: inout LoadContext) -> [String]? {
    let (field, node) = lookup(name, &context)
    requireType(field, .stringList)
    guard let node else { return field.presence.isRequired ? nil : [] }
    if case .sequence(let sequence) = node {
      var values: [String] = []
      values.reserveCapacity(sequence.items.count)
      for item in sequence.items {
        guard case .scalar(let scalar) = item, !ObjectReader.isNull(item) else { break }
        values.append(scalar.value)
      }
      if values.count == sequence.items.count { return values }
    }
    return node.expectStringList(
      describe(field), &context.diagnostics, code: .inventoryTypeMismatch)
  }

  /// An int-list field; each item is checked against the field's bounds.
  func intList(_ name: String, _ context: inout LoadContext) -> [Int]? {
    let (field, node) = lookup(name, &context)
    requireType(field, .intList)
    guard let node else { return field.presence.isRequired ? nil : [] }
    guard
      let sequence = node.expectSequence(
        describe(field), &context.diagnostics, code: .inventoryTypeMismatch)
    else { return nil }
    var values: [Int] = []
    var isValid = true
    for item in sequence.items {
      if let value = item.expectInt(
        "an item of \(describe(field))", &context.diagnostics, code: .inventoryTypeMismatch),
        checkBounds(Double(value), field, item, &context)
      {
        values.append(value)
      } else {
        isValid = false
      }
    }
    return isValid ? values : nil
  }

  /// A map field: string keys to scalar values, in source order.
  func map(_ name: String, _ context: inout LoadContext) -> PropertyMap? {
    let (field, node) = lookup(name, &context)
    requireType(field, .map)
    guard let node else { return field.presence.isRequired ? nil : PropertyMap() }
    guard
      let mapping = node.expectMapping(
        describe(field), &context.diagnostics, code: .inventoryTypeMismatch)
    else { return nil }
    var entries: [PropertyMap.Entry] = []
    var isValid = true
    for entry in mapping.entries {
      if let value = entry.value.expectString(
        "'\(entry.keyString)' in \(describe(field))", &context.diagnostics,
        code: .inventoryTypeMismatch)
      {
        entries.append(.init(key: entry.keyString, value: value, valueSpan: entry.value.span))
      } else {
        isValid = false
      }
    }
    return isValid ? PropertyMap(entries) : nil
  }

  /// An object field: a reader over it, over an empty mapping when it is absent and takes its
  /// defaults, or `nil` when it is absent without default or not a mapping.
  func object(_ name: String, _ context: inout LoadContext) -> ObjectReader? {
    let (field, node) = lookup(name, &context)
    requireType(field, .object)
    let prefix = ownerPrefix + field.name + "."
    guard let node else {
      guard case .defaulted = field.presence else { return nil }
      let empty = Mapping(
        entries: [], style: .flow,
        span: SourceSpan.point(mapping.span.file, Int(mapping.span.start)))
      return ObjectReader(mapping: empty, field, owner: owner, ownerPrefix: prefix, &context)
    }
    return ObjectReader(node, field, owner: owner, ownerPrefix: prefix, &context)
  }

  /// A list-of-objects field: calls `body` with a reader for each item that is a mapping
  /// (other items report I002), in order. Returns the number of items, or `nil` when the
  /// field is absent without default or not a sequence.
  ///
  /// `itemOwner`, given an item and its position, names the entity the item describes before
  /// its reader is made, so even its unknown keys are reported under that name.
  ///
  /// Items are read one at a time so a 100,000-VM list never holds 100,000 readers.
  @discardableResult
  func forEachObject(
    _ name: String, itemOwner: ((Node, Int) -> String)? = nil, _ context: inout LoadContext,
    _ body: (inout ObjectReader, inout LoadContext) -> Void
  ) -> Int? {
    let (field, node) = lookup(name, &context)
    requireType(field, .objectList)
    guard let node else { return field.presence.isRequired ? nil : 0 }
    guard
      let sequence = node.expectSequence(
        describe(field), &context.diagnostics, code: .inventoryTypeMismatch)
    else { return nil }
    let prefix = ownerPrefix + field.name + "[]."
    for (position, item) in sequence.items.enumerated() {
      let named = itemOwner.map { $0(item, position) }
      if var reader = ObjectReader(
        item, field, owner: named ?? owner, ownerPrefix: named == nil ? prefix : "", &context)
      {
        body(&reader, &context)
      }
    }
    return sequence.items.count
  }
}

extension String {
  fileprivate func replacingEllipsis() -> String {
    var out = ""
    for character in self {
      if character == "…" { out += "and" } else { out.append(character) }
    }
    return out
  }
}

/// A number written with a unit (`4GiB`, `80%`, `100 Mbps`) where the field takes a plain
/// number in its own unit: the message says so and, where the units convert, gives the number
/// to write.
struct UnitHint {
  let node: Node
  let text: String
  let help: String

  /// Units a user may append, as multiples of one MiB.
  static let mebibytes: [String: Double] = [
    "k": 1.0 / 1024, "kb": 1.0 / 1024, "kib": 1.0 / 1024, "m": 1, "mb": 1, "mib": 1,
    "g": 1024, "gb": 1024, "gib": 1024, "t": 1_048_576, "tb": 1_048_576, "tib": 1_048_576,
  ]

  init?(_ node: Node, field: FieldDescriptor) {
    guard case .scalar(let scalar) = node, case .string = scalar.resolved else { return nil }
    let text = scalar.value.trimmingTrailingSpaces()
    let digits = text.prefix { $0.isNumber || $0 == "." }
    let suffix = String(text.dropFirst(digits.count).drop { $0 == " " })
    guard !digits.isEmpty, let number = Double(digits), !suffix.isEmpty,
      suffix.allSatisfy({ $0.isLetter || $0 == "%" || $0 == "/" })
    else { return nil }
    self.node = node
    self.text = text
    let unit = field.unit ?? ""
    var help = "write a plain number"
    help += unit.isEmpty ? "; this field takes no unit" : "; this field is in \(unit)"
    let lowered = suffix.lowercased()
    if let factor = Self.mebibytes[lowered], let target = Self.mebibytes[unit.lowercased()] {
      let converted = number * factor / target
      if converted == converted.rounded(), converted < 1e15 {
        help = "write \(Int64(converted)); this field is in \(unit)"
      }
    } else if lowered == "%" && unit == "percent" {
      help = "write \(TextLayout.number(number)); this field is a percentage already"
    } else if lowered == unit.lowercased() {
      help = "write \(TextLayout.number(number)) without the unit; this field is in \(unit)"
    }
    self.help = help
  }

  func report(_ what: String, _ expected: String, _ diagnostics: inout DiagnosticBag) {
    diagnostics.report(
      .inventoryTypeMismatch, "expected \(expected) for \(what), found '\(text)'", at: node.span,
      help: help)
  }
}
