/// A typed function that reads one field from an evaluation context, supplied by the caller's
/// binder when an expression is compiled.
///
/// The accessor's case must match the field's declared type; the Policy layer typically returns
/// a closure that indexes a column of a host or VM table:
///
/// ```swift
/// let binder: (FieldID) -> FieldAccessor<HostRow>? = { id in
///   switch id {
///   case freeMemoryID: .int { row in row.table.freeMemoryMiB[row.index] }
///   default: nil
///   }
/// }
/// ```
public enum FieldAccessor<Context>: Sendable {
  /// Reads an `int` field.
  case int(@Sendable (borrowing Context) -> Int64)
  /// Reads a `float` field.
  case float(@Sendable (borrowing Context) -> Double)
  /// Reads a `bool` field.
  case bool(@Sendable (borrowing Context) -> Bool)
  /// Reads a `string` field.
  case string(@Sendable (borrowing Context) -> String)
  /// Reads a `set<string>` field.
  case stringSet(@Sendable (borrowing Context) -> StringSet)

  /// The type the accessor produces.
  public var type: ExpressionType {
    switch self {
    case .int: .int
    case .float: .float
    case .bool: .bool
    case .string: .string
    case .stringSet: .stringSet
    }
  }
}

/// The values of variables bound by `any`, `all` and `count`, indexed by nesting level.
///
/// Expressions without macros always see the shared empty value, so they never allocate.
@usableFromInline
struct Locals: Sendable {
  @usableFromInline var values: [String]

  @usableFromInline
  init(values: [String]) { self.values = values }

  /// No variables. Computed rather than stored: a stored static is read through a lazy
  /// initialisation check at every evaluation.
  @inlinable static var empty: Locals { Locals(values: []) }

  /// A copy with room for the variable at `slot` (exactly `slot + 1` values).
  ///
  /// At run time a macro at nesting level `slot` always sees `slot` outer values; the constant
  /// folder, however, evaluates closed inner macros on their own, with no outer values, so
  /// missing lower slots are padded (a closed subtree never reads them).
  func opening(_ slot: Int) -> Locals {
    var copy = Array(values.prefix(slot))
    while copy.count < slot { copy.append("") }
    copy.append("")
    return Locals(values: copy)
  }
}

/// A compiled node: a closure from the context (and bound variables) to a typed value.
@usableFromInline
typealias Evaluator<Context, Value> = @Sendable (borrowing Context, borrowing Locals) -> Value
