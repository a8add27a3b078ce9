import Diagnostics

/// The type of one snapshot field, as the loader reads it and the docs describe it.
public enum FieldType: Hashable, Sendable {
  /// A whole number.
  case int
  /// A number; integers are accepted.
  case float
  /// `true` or `false`.
  case bool
  /// Any scalar, taken as written (`4.7` reads as the string "4.7").
  case string
  /// One of a fixed set of strings, case-sensitive.
  case enumeration([String])
  /// A list of strings.
  case stringList
  /// A list of whole numbers.
  case intList
  /// An RFC 3339 date-time with a time zone, e.g. `2026-11-28T10:00:00Z`.
  case timestamp
  /// A mapping from string keys to scalar values, kept in source order.
  case map
  /// A mapping with the fields listed as children.
  case object
  /// A list of mappings, each with the fields listed as children.
  case objectList

  /// The name used in docs and schemas: `int`, `enum(a | b)`, `list of objects`, …
  public var displayName: String {
    switch self {
    case .int: "int"
    case .float: "float"
    case .bool: "bool"
    case .string: "string"
    case .enumeration(let values): "enum(" + values.joined(separator: " | ") + ")"
    case .stringList: "list of strings"
    case .intList: "list of ints"
    case .timestamp: "timestamp"
    case .map: "map"
    case .object: "object"
    case .objectList: "list of objects"
    }
  }

  /// Whether fields of this type have children.
  public var hasChildren: Bool {
    switch self {
    case .object, .objectList: true
    default: false
    }
  }
}

/// What happens when a field is absent.
public enum FieldPresence: Hashable, Sendable {
  /// The field must be present.
  case required
  /// The field may be absent, meaning "unknown" or "not set".
  case optional
  /// The field may be absent and then takes this default.
  case defaulted(FieldDefault)
  /// The field must be present unless the sibling field with this name is (a one-cluster
  /// snapshot's `hosts` unless it lists `clusters`).
  case requiredUnless(String)

  /// Whether the field must be present, whatever its siblings.
  public var isRequired: Bool { self == .required }
}

/// The default of an optional field, as the loader uses it and the docs show it.
public enum FieldDefault: Hashable, Sendable {
  case int(Int)
  case float(Double)
  case bool(Bool)
  case string(String)
  /// An empty list.
  case emptyList
  /// An empty map.
  case emptyMap
  /// An object whose own fields all take their defaults.
  case emptyObject
  /// A default computed from other fields, described in words (e.g. "same as memoryMiB").
  case derived(String)

  /// The default as shown in docs.
  public var displayText: String {
    switch self {
    case .int(let value): "`\(value)`"
    case .float(let value): "`\(value)`"
    case .bool(let value): "`\(value)`"
    case .string(let value): "`\(value)`"
    case .emptyList: "`[]`"
    case .emptyMap: "`{}`"
    case .emptyObject: "each field's default"
    case .derived(let text): text
    }
  }
}

/// One field of the snapshot: its name, path, type, unit, bounds, default and documentation.
///
/// Descriptors form a tree rooted at ``FieldRegistry/root``: objects and lists of objects have
/// children. The snapshot loader reads every mapping through the descriptor of its place, so
/// unknown-key checks, defaults, bounds and the generated `Docs/fields.md` cannot drift apart.
public struct FieldDescriptor: Hashable, Sendable {
  /// The key, e.g. `physicalMiB`; empty for the root.
  public let name: String
  /// The full path, e.g. `hosts[].memory.physicalMiB`; empty for the root.
  public private(set) var path: String
  /// The type.
  public let type: FieldType
  /// The unit of a number, e.g. `MiB`, `percent`, `Mbps`; `nil` when unitless.
  public let unit: String?
  /// One line of documentation.
  public let doc: String
  /// Whether the field is required, optional, or has a default.
  public let presence: FieldPresence
  /// The smallest allowed value of a number (or of each item of an int list).
  public let minimum: Double?
  /// The largest allowed value of a number (or of each item of an int list).
  public let maximum: Double?
  /// The fields of an object, or of each item of a list of objects, in documentation order.
  public private(set) var children: [FieldDescriptor]
  private let childIndexByName: [String: Int]

  /// Creates a descriptor; paths are assigned when it is placed under a parent.
  public init(
    _ name: String, _ type: FieldType, unit: String? = nil, _ presence: FieldPresence,
    minimum: Double? = nil, maximum: Double? = nil, doc: String,
    children: [FieldDescriptor] = []
  ) {
    self.name = name
    self.path = name
    self.type = type
    self.unit = unit
    self.doc = doc
    self.presence = presence
    self.minimum = minimum
    self.maximum = maximum
    var index: [String: Int] = [:]
    for (offset, child) in children.enumerated() { index[child.name] = offset }
    self.childIndexByName = index
    self.children = children
    self.assignChildPaths()
  }

  private mutating func assignChildPaths() {
    let separator = type == .objectList ? "[]." : "."
    for index in children.indices {
      children[index].path =
        path.isEmpty ? children[index].name : path + separator + children[index].name
      children[index].assignChildPaths()
    }
  }

  /// A copy that is required unless its sibling `other` is present (a required field) or
  /// unchanged (any other field).
  func requiredUnless(_ other: String) -> FieldDescriptor {
    guard presence.isRequired else { return self }
    return FieldDescriptor(
      name, type, unit: unit, .requiredUnless(other), minimum: minimum, maximum: maximum,
      doc: doc, children: children)
  }

  /// The position of a child in ``children``.
  /// - Complexity: O(1) on average.
  public func childIndex(named name: String) -> Int? { childIndexByName[name] }

  /// The child with this name.
  public func child(named name: String) -> FieldDescriptor? {
    childIndexByName[name].map { children[$0] }
  }

  /// The descriptor at a path relative to this one, e.g. `["hosts", "memory", "freeMiB"]`.
  public func descendant(_ names: [String]) -> FieldDescriptor? {
    var current = self
    for name in names {
      guard let next = current.child(named: name) else { return nil }
      current = next
    }
    return current
  }

  /// This descriptor and all its descendants, depth first, in documentation order.
  public var allDescriptors: [FieldDescriptor] {
    var out: [FieldDescriptor] = []
    func walk(_ descriptor: FieldDescriptor) {
      out.append(descriptor)
      for child in descriptor.children { walk(child) }
    }
    walk(self)
    return out
  }

  /// The bounds as docs show them, e.g. `0 … 100`, `≥ 1`; empty when unbounded.
  public var boundsText: String {
    func format(_ value: Double) -> String { TextLayout.number(value) }
    switch (minimum, maximum) {
    case (let low?, let high?): return "\(format(low)) … \(format(high))"
    case (let low?, nil): return "≥ \(format(low))"
    case (nil, let high?): return "≤ \(format(high))"
    case (nil, nil): return ""
    }
  }
}
