public import Diagnostics
public import PolicyExpression

/// The type of a policy property: what `params.<name>` is in expressions.
public enum PropertyType: String, Hashable, Sendable, CaseIterable {
  /// A whole number.
  case int
  /// A number.
  case float
  /// `true` or `false`.
  case bool
  /// Text, e.g. a label name (`enum:` may list the allowed values).
  case string
  /// A list of texts; `params.<name>` is a `set<string>` in expressions.
  case stringList = "list<string>"

  /// The matching expression type.
  public var expressionType: ExpressionType {
    switch self {
    case .int: .int
    case .float: .float
    case .bool: .bool
    case .string: .string
    case .stringList: .stringSet
    }
  }

  /// Whether `min` / `max` apply.
  public var isNumeric: Bool { self == .int || self == .float }

  /// Whether `enum` applies.
  public var isText: Bool { self == .string || self == .stringList }
}

/// A property value as written, before it is checked against a declaration.
///
/// Values come from YAML (`properties:` of a SchedulingPolicy, `default:` of a declaration)
/// and from a snapshot's `cluster.scheduling.properties`, whose values are kept as text and
/// resolved with the YAML 1.2 core schema.
public enum PropertyLiteral: Hashable, Sendable, CustomStringConvertible {
  /// An integer.
  case int(Int64)
  /// A float.
  case float(Double)
  /// A boolean.
  case bool(Bool)
  /// A string.
  case string(String)
  /// A list of strings.
  case stringList([String])
  /// Anything else (null, a mapping, a list with non-strings), described for messages.
  case other(String)

  /// How the value is described in messages: "the integer 12", "the string 'x'".
  public var description: String {
    switch self {
    case .int(let value): "the integer \(value)"
    case .float(let value): "the number \(PropertyValue.float(value).displayText)"
    case .bool(let value): "the boolean \(value)"
    case .string(let value): "the string '\(value)'"
    case .stringList(let values): "the list [\(values.joined(separator: ", "))]"
    case .other(let text): text
    }
  }

  /// The value converted to a property type, or `nil` when it does not have that type (an int
  /// is accepted where a float is declared).
  public func value(as type: PropertyType) -> PropertyValue? {
    switch (type, self) {
    case (.int, .int(let value)): .int(value)
    case (.float, .int(let value)): .float(Double(value))
    case (.float, .float(let value)): .float(value)
    case (.bool, .bool(let value)): .bool(value)
    case (.string, .string(let value)): .string(value)
    case (.stringList, .stringList(let values)): .stringList(values)
    default: nil
    }
  }
}

/// A checked property value.
public enum PropertyValue: Hashable, Sendable, CustomStringConvertible {
  /// An int.
  case int(Int64)
  /// A float.
  case float(Double)
  /// A bool.
  case bool(Bool)
  /// A string.
  case string(String)
  /// A list of strings (a `set<string>` in expressions; order kept for output).
  case stringList([String])

  /// The value's type.
  public var type: PropertyType {
    switch self {
    case .int: .int
    case .float: .float
    case .bool: .bool
    case .string: .string
    case .stringList: .stringList
    }
  }

  /// The value as an expression constant.
  public var expressionValue: ExpressionValue {
    switch self {
    case .int(let value): .int(value)
    case .float(let value): .float(value)
    case .bool(let value): .bool(value)
    case .string(let value): .string(value)
    case .stringList(let values): .stringSet(StringSet(values))
    }
  }

  /// The value as a number, for bounds checks (`nil` for bools and text).
  public var numericValue: Double? {
    switch self {
    case .int(let value): Double(value)
    case .float(let value): value
    case .bool, .string, .stringList: nil
    }
  }

  /// The texts of a string or list value, for `enum` checks.
  public var texts: [String] {
    switch self {
    case .string(let value): [value]
    case .stringList(let values): values
    default: []
    }
  }

  /// The value as written in output: `80`, `0.5`, `true`.
  public var displayText: String { expressionValue.displayText }

  public var description: String { displayText }
}

/// A property a unit declares: the key it reads as `params.<name>`, with type, default
/// (the unit's own fallback, as oVirt's per-unit defaults differ), bounds and documentation.
///
/// ```yaml
/// properties:
///   HighUtilization: { type: int, default: 90, min: 50, max: 99, doc: CPU % counted as over-utilized }
/// ```
public struct PropertyDeclaration: Hashable, Sendable {
  /// The key, e.g. `HighUtilization`.
  public var name: String
  /// The type.
  public var type: PropertyType
  /// The value the unit uses when neither the policy nor the snapshot sets one.
  public var defaultValue: PropertyValue
  /// The smallest allowed value, if bounded below.
  public var minimum: Double?
  /// The largest allowed value, if bounded above.
  public var maximum: Double?
  /// One line of documentation.
  public var doc: String
  /// Where it is declared; `nil` for native units' declarations (declared in Swift).
  public var span: SourceSpan?
  /// For `string` and `list<string>`: the allowed values (`enum:`), if restricted.
  public var allowedValues: [String]?

  /// Creates a declaration.
  public init(
    name: String, type: PropertyType, defaultValue: PropertyValue, minimum: Double? = nil,
    maximum: Double? = nil, doc: String, span: SourceSpan? = nil, allowedValues: [String]? = nil
  ) {
    self.name = name
    self.type = type
    self.defaultValue = defaultValue
    self.minimum = minimum
    self.maximum = maximum
    self.doc = doc
    self.span = span
    self.allowedValues = allowedValues
  }

  /// Whether a value is within the bounds (numbers) or among the allowed values (text).
  public func allows(_ value: PropertyValue) -> Bool {
    if let allowedValues {
      return value.texts.allSatisfy(allowedValues.contains)
    }
    guard let number = value.numericValue else { return true }
    guard number.isFinite else { return false }
    if let minimum, number < minimum { return false }
    if let maximum, number > maximum { return false }
    return true
  }

  /// The bounds as text: `50 … 99`, `≥ 2`, or empty.
  public var boundsText: String {
    if let allowedValues { return "one of " + allowedValues.joined(separator: ", ") }
    func format(_ value: Double) -> String { PropertyValue.float(value).displayText }
    func formatBound(_ value: Double) -> String {
      value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : format(value)
    }
    switch (minimum, maximum) {
    case (let low?, let high?): return "\(formatBound(low)) … \(formatBound(high))"
    case (let low?, nil): return "≥ \(formatBound(low))"
    case (nil, let high?): return "≤ \(formatBound(high))"
    case (nil, nil): return ""
    }
  }

  /// Whether two declarations agree on everything but the default and doc.
  public func isCompatible(with other: PropertyDeclaration) -> Bool {
    type == other.type && minimum == other.minimum && maximum == other.maximum
      && allowedValues == other.allowedValues
  }
}
