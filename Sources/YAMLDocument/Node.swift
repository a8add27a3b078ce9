public import Diagnostics

/// A node of a YAML document: a scalar, a sequence or a mapping, each with its source span.
///
/// Aliases are resolved while composing (within the expansion budget of ``YAMLLimits``), so
/// consumers never see them; an aliased node keeps the spans of its anchor definition.
public enum Node: Hashable, Sendable {
  case scalar(Scalar)
  case sequence(Sequence)
  case mapping(Mapping)

  /// The node's source span.
  public var span: SourceSpan {
    switch self {
    case .scalar(let scalar): scalar.span
    case .sequence(let sequence): sequence.span
    case .mapping(let mapping): mapping.span
    }
  }

  /// The explicit tag, if one was written (`!!str`, `!!int`, …), in its long form.
  public var tag: String? {
    switch self {
    case .scalar(let scalar): scalar.tag
    case .sequence(let sequence): sequence.tag
    case .mapping(let mapping): mapping.tag
    }
  }

  /// The scalar, if this is one.
  public var scalarValue: Scalar? {
    if case .scalar(let scalar) = self { return scalar }
    return nil
  }

  /// The sequence, if this is one.
  public var sequenceValue: Sequence? {
    if case .sequence(let sequence) = self { return sequence }
    return nil
  }

  /// The mapping, if this is one.
  public var mappingValue: Mapping? {
    if case .mapping(let mapping) = self { return mapping }
    return nil
  }

  /// Whether this is a scalar that resolves to null (`~`, `null`, or empty).
  public var isNull: Bool {
    if case .scalar(let scalar) = self, case .null = scalar.resolved { return true }
    return false
  }
}

/// How a scalar was written.
public enum ScalarStyle: String, Hashable, Sendable {
  case plain
  case singleQuoted
  case doubleQuoted
  /// `|` block scalar.
  case literal
  /// `>` block scalar.
  case folded
}

/// Whether a collection was written in block or flow (`[…]`, `{…}`) style.
public enum CollectionStyle: String, Hashable, Sendable {
  case block
  case flow
}

/// A scalar node: its value, style, tag and span.
public struct Scalar: Hashable, Sendable {
  /// The scalar's value after YAML processing (quotes, escapes, folding removed).
  public var value: String
  /// How it was written; only plain scalars are resolved to non-strings.
  public var style: ScalarStyle
  /// The explicit tag in long form (`tag:yaml.org,2002:str`), if any.
  public var tag: String?
  /// The span of the scalar as written, quotes and block indicators included.
  public var span: SourceSpan

  /// Creates a scalar.
  public init(value: String, style: ScalarStyle, tag: String? = nil, span: SourceSpan) {
    self.value = value
    self.style = style
    self.tag = tag
    self.span = span
  }

  /// The value under the YAML 1.2 core schema (`yes`, `on`, `no` stay strings).
  public var resolved: ResolvedScalar { CoreSchema.resolve(self) }
}

/// A sequence node.
public struct Sequence: Hashable, Sendable {
  /// The items, in order.
  public var items: [Node]
  /// Block or flow.
  public var style: CollectionStyle
  /// The explicit tag, if any.
  public var tag: String?
  /// From the first item (or `[`) to the end of the last item (or `]`).
  public var span: SourceSpan

  /// Creates a sequence.
  public init(items: [Node], style: CollectionStyle, tag: String? = nil, span: SourceSpan) {
    self.items = items
    self.style = style
    self.tag = tag
    self.span = span
  }
}

/// A mapping node; entries keep their source order and keys are unique (the composer rejects
/// duplicates).
public struct Mapping: Hashable, Sendable {
  /// One key/value pair.
  public struct Entry: Hashable, Sendable {
    /// The key; always a scalar in documents this module composes.
    public var key: Node
    /// The value.
    public var value: Node

    /// Creates an entry.
    public init(key: Node, value: Node) {
      self.key = key
      self.value = value
    }

    /// The key's scalar value (empty for non-scalar keys, which the composer rejects).
    public var keyString: String { key.scalarValue?.value ?? "" }
  }

  /// The entries, in source order.
  public var entries: [Entry]
  /// Block or flow.
  public var style: CollectionStyle
  /// The explicit tag, if any.
  public var tag: String?
  /// The whole mapping.
  public var span: SourceSpan

  /// Creates a mapping.
  public init(entries: [Entry], style: CollectionStyle, tag: String? = nil, span: SourceSpan) {
    self.entries = entries
    self.style = style
    self.tag = tag
    self.span = span
  }

  /// The entry for a key, comparing scalar values.
  /// - Complexity: O(n) in the number of entries.
  public func entry(forKey key: String) -> Entry? {
    entries.first { $0.keyString == key }
  }

  /// The value for a key.
  /// - Complexity: O(n) in the number of entries.
  public subscript(key: String) -> Node? { entry(forKey: key)?.value }

  /// The keys, in source order.
  public var keys: [String] { entries.map(\.keyString) }
}

/// One document of a YAML stream.
public struct Document: Hashable, Sendable {
  /// The root node; an empty document has a null scalar root.
  public var root: Node
  /// The document's span.
  public var span: SourceSpan

  /// Creates a document.
  public init(root: Node, span: SourceSpan) {
    self.root = root
    self.span = span
  }
}
