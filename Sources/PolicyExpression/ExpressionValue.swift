/// The static type of an expression or field.
public enum ExpressionType: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
  /// A signed 64-bit integer with saturating arithmetic.
  case int
  /// A 64-bit IEEE float.
  case float
  /// `true` or `false`.
  case bool
  /// A Unicode string.
  case string
  /// An unordered set of strings.
  case stringSet = "set<string>"

  /// Whether the type is `int` or `float`.
  public var isNumeric: Bool { self == .int || self == .float }

  /// The name used in messages: `int`, `float`, `bool`, `string`, `set<string>`.
  public var description: String { rawValue }
}

/// An unordered set of strings: the runtime form of `set<string>` values.
///
/// Membership is a hash lookup. Anything that reaches output uses ``sortedElements``, so set
/// iteration order never shows.
public struct StringSet: Hashable, Sendable, ExpressibleByArrayLiteral {
  /// The members.
  public var members: Set<String>

  /// Creates an empty set.
  public init() { members = [] }

  /// Creates a set from any sequence of strings (duplicates collapse).
  public init(_ elements: some Sequence<String>) { members = Set(elements) }

  /// Creates a set from a literal.
  public init(arrayLiteral elements: String...) { members = Set(elements) }

  /// Whether `element` is a member.
  @inline(__always)
  public func contains(_ element: String) -> Bool { members.contains(element) }

  /// The number of members.
  public var count: Int { members.count }

  /// The members in ascending Unicode-scalar order (the order used for printing).
  public var sortedElements: [String] {
    members.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
  }
}

/// A value of one of the expression types: a constant, a folded result or an evaluation result.
public enum ExpressionValue: Hashable, Sendable, CustomStringConvertible {
  /// An `int`.
  case int(Int64)
  /// A `float`.
  case float(Double)
  /// A `bool`.
  case bool(Bool)
  /// A `string`.
  case string(String)
  /// A `set<string>`.
  case stringSet(StringSet)

  /// The value's type.
  public var type: ExpressionType {
    switch self {
    case .int: .int
    case .float: .float
    case .bool: .bool
    case .string: .string
    case .stringSet: .stringSet
    }
  }

  /// The value as written in an expression (strings quoted, sets sorted).
  public var description: String { ExpressionPrinter.literal(self) }

  /// The value as shown in a reason template: strings unquoted, sets as `a, b`, floats in
  /// shortest round-trip form.
  public var displayText: String {
    switch self {
    case .int(let value): String(value)
    case .float(let value): ExpressionSemantics.display(value)
    case .bool(let value): value ? "true" : "false"
    case .string(let value): value
    case .stringSet(let value): value.sortedElements.joined(separator: ", ")
    }
  }
}
