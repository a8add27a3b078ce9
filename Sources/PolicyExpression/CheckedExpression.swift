public import Diagnostics

/// A built-in function.
enum BuiltinFunction: String, Sendable, CaseIterable {
  case min, max, abs, ceil, floor, clamp, size
}

/// A collection macro with a bound variable: `set.any(x, p)`, `set.all(x, p)`, `set.count(x, p)`.
enum CollectionMacro: String, Sendable, CaseIterable {
  case any, all, count
}

/// A node of a type-checked expression: every name resolved, every type known, every implicit
/// int→float widening explicit as a ``Kind/toFloat(_:)`` node, so the operands of each binary
/// operation have one type (except `in`: string and set).
struct TypedExpression: Sendable {
  indirect enum Kind: Sendable {
    case constant(ExpressionValue)
    /// A constant declared in the environment, before folding.
    case namedConstant(path: String, ExpressionValue)
    case field(FieldID, path: String)
    /// A variable bound by a macro; `slot` is its nesting level (0 outermost).
    case local(slot: Int, name: String)
    case toFloat(TypedExpression)
    case not(TypedExpression)
    case negate(TypedExpression)
    case binary(BinaryOperator, TypedExpression, TypedExpression)
    case conditional(TypedExpression, TypedExpression, TypedExpression)
    case set([TypedExpression])
    case call(BuiltinFunction, [TypedExpression])
    case macro(
      CollectionMacro, TypedExpression, slot: Int, name: String, predicate: TypedExpression)
  }

  var kind: Kind
  var type: ExpressionType
  var span: SourceSpan

  var constantValue: ExpressionValue? {
    if case .constant(let value) = kind { return value }
    return nil
  }
}

/// A type-checked (and, by default, constant-folded) expression, ready for
/// ``ExpressionCompiler`` and ``ExpressionPrinter``.
///
/// Only ``ExpressionChecker`` creates one, and only when there were no errors.
public struct CheckedExpression: Sendable {
  let root: TypedExpression

  /// The type of the whole expression.
  public var resultType: ExpressionType { root.type }

  /// The span of the whole expression in the file.
  public var span: SourceSpan { root.span }

  /// The value, when the expression folded to a constant.
  public var constantValue: ExpressionValue? { root.constantValue }

  /// The context fields the expression reads, sorted, without duplicates.
  public var referencedFields: [FieldID] {
    var ids: Set<FieldID> = []
    func walk(_ node: TypedExpression) {
      switch node.kind {
      case .constant, .namedConstant, .local: break
      case .field(let id, _): ids.insert(id)
      case .toFloat(let x), .not(let x), .negate(let x): walk(x)
      case .binary(_, let a, let b):
        walk(a)
        walk(b)
      case .conditional(let a, let b, let c):
        walk(a)
        walk(b)
        walk(c)
      case .set(let xs), .call(_, let xs): xs.forEach(walk)
      case .macro(_, let collection, _, _, let predicate):
        walk(collection)
        walk(predicate)
      }
    }
    walk(root)
    return ids.sorted()
  }
}
