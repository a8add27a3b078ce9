/// An opaque identifier the caller gives each field, handed back to the compiler's binder.
///
/// The Policy layer typically uses a column index of Inventory's host or VM table.
public struct FieldID: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The caller's number for the field.
  public let rawValue: Int

  /// Creates an identifier.
  public init(_ rawValue: Int) { self.rawValue = rawValue }

  public var description: String { "#\(rawValue)" }

  public static func < (lhs: FieldID, rhs: FieldID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The names an expression may use: roots (`host`, `vm`, `cluster`, `params`), their typed
/// fields, and named constants that are folded at compile time.
///
/// Paths are dotted: declaring `host.memory.freeMiB` makes `host` a root and `memory` a group
/// of fields on it.
///
/// ```swift
/// var environment = ExpressionEnvironment()
/// environment.declareField("host.memory.freeMiB", type: .int, id: FieldID(0),
///                          doc: "memory the scheduler may still hand out, in MiB")
/// environment.declareConstant("params.HighVmCount", value: .int(10))
/// ```
public struct ExpressionEnvironment: Sendable {
  /// What a full path names.
  public enum Entry: Hashable, Sendable {
    /// A field read from the evaluation context.
    case field(FieldID, ExpressionType)
    /// A constant known at compile time.
    case constant(ExpressionValue)

    /// The entry's type.
    public var type: ExpressionType {
      switch self {
      case .field(_, let type): type
      case .constant(let value): value.type
      }
    }
  }

  /// One name in the path tree.
  struct Node: Sendable {
    var entry: Entry?
    var doc = ""
    var children: [String: Node] = [:]
  }

  private(set) var roots: [String: Node] = [:]

  /// Creates an empty environment.
  public init() {}

  /// Declares a root with no fields yet (so `params` is known even when a policy has no
  /// properties).
  public mutating func declareRoot(_ name: String, doc: String = "") {
    if roots[name] == nil { roots[name] = Node(doc: doc) }
  }

  /// Declares a field read from the evaluation context.
  ///
  /// - Returns: `false` (and changes nothing) when the path is empty, already declared, or
  ///   passes through or ends at an existing entry.
  @discardableResult
  public mutating func declareField(
    _ path: String, type: ExpressionType, id: FieldID, doc: String = ""
  ) -> Bool {
    declare(path, entry: .field(id, type), doc: doc)
  }

  /// Declares a named constant; references to it are folded to its value.
  ///
  /// - Returns: `false` (and changes nothing) on a conflicting or empty path.
  @discardableResult
  public mutating func declareConstant(_ path: String, value: ExpressionValue, doc: String = "")
    -> Bool
  {
    declare(path, entry: .constant(value), doc: doc)
  }

  private mutating func declare(_ path: String, entry: Entry, doc: String) -> Bool {
    let names = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard names.count >= 2, names.allSatisfy({ !$0.isEmpty }) else { return false }
    var root = roots[names[0]] ?? Node()
    guard Self.insert(names.dropFirst(), entry: entry, doc: doc, into: &root) else { return false }
    roots[names[0]] = root
    return true
  }

  private static func insert(
    _ names: ArraySlice<String>, entry: Entry, doc: String, into node: inout Node
  ) -> Bool {
    guard let first = names.first, node.entry == nil else { return false }
    var child = node.children[first] ?? Node()
    if names.count == 1 {
      guard child.entry == nil, child.children.isEmpty else { return false }
      child.entry = entry
      child.doc = doc
    } else {
      guard insert(names.dropFirst(), entry: entry, doc: doc, into: &child) else { return false }
    }
    node.children[first] = child
    return true
  }

  /// What a full dotted path names, if anything.
  public func entry(for path: String) -> Entry? {
    let names = path.split(separator: ".").map(String.init)
    guard let first = names.first, var node = roots[first] else { return nil }
    for name in names.dropFirst() {
      guard let child = node.children[name] else { return nil }
      node = child
    }
    return node.entry
  }

  /// The documentation of a path, if declared.
  public func doc(for path: String) -> String? {
    let names = path.split(separator: ".").map(String.init)
    guard let first = names.first, var node = roots[first] else { return nil }
    for name in names.dropFirst() {
      guard let child = node.children[name] else { return nil }
      node = child
    }
    return node.doc
  }

  /// The root names, sorted.
  public var rootNames: [String] { roots.keys.sorted() }

  /// Every declared path with its entry, sorted by path (for `shepherd fields` and docs).
  public var allEntries: [(path: String, entry: Entry, doc: String)] {
    var out: [(String, Entry, String)] = []
    func walk(_ node: Node, _ prefix: String) {
      if let entry = node.entry { out.append((prefix, entry, node.doc)) }
      for name in node.children.keys.sorted() {
        if let child = node.children[name] { walk(child, prefix + "." + name) }
      }
    }
    for name in rootNames {
      if let root = roots[name] { walk(root, name) }
    }
    return out
  }
}
