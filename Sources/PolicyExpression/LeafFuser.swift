/// An operand of a leaf node handed to a ``LeafFuser``: a field or a constant.
public enum LeafOperand<Value: Sendable>: Sendable {
  /// A field read from the context.
  case field(FieldID)
  /// A constant.
  case constant(Value)
}

/// Builds one closure for a leaf node — a numeric comparison or arithmetic whose operands are
/// fields or constants, or `flag ? k1 : k2` over a `bool` field — written by a caller that knows
/// the concrete context type.
///
/// The closure compiler is generic over its context: a closure it creates calls each field's
/// accessor through another closure. A caller that knows where fields live (e.g. the columns of
/// a table) can read both operands directly in one closure instead, which the compiler then uses
/// as if it were a field read. Each builder returns `nil` for shapes it does not handle, and the
/// compiler falls back to its own closures; a built closure must compute what the node does
/// (``ArithmeticOperation/apply(_:_:)-(Int64,Int64)``, ``Comparison/holds(_:_:)``, in operand
/// order).
public struct LeafFuser<Context> {
  /// A closure reading a value from the context.
  public typealias Read<Value> = @Sendable (borrowing Context) -> Value

  let compareInts: (Comparison, LeafOperand<Int64>, LeafOperand<Int64>) -> Read<Bool>?
  let compareFloats: (Comparison, LeafOperand<Double>, LeafOperand<Double>) -> Read<Bool>?
  let intArithmetic: (ArithmeticOperation, LeafOperand<Int64>, LeafOperand<Int64>) -> Read<Int64>?
  let floatArithmetic:
    (ArithmeticOperation, LeafOperand<Double>, LeafOperand<Double>) -> Read<Double>?
  let intSelect: (FieldID, Int64, Int64) -> Read<Int64>?

  /// Creates a fuser from its builders.
  public init(
    compareInts: @escaping (Comparison, LeafOperand<Int64>, LeafOperand<Int64>) -> Read<Bool>?,
    compareFloats: @escaping (Comparison, LeafOperand<Double>, LeafOperand<Double>) -> Read<Bool>?,
    intArithmetic:
      @escaping (ArithmeticOperation, LeafOperand<Int64>, LeafOperand<Int64>) ->
      Read<Int64>?,
    floatArithmetic:
      @escaping (ArithmeticOperation, LeafOperand<Double>, LeafOperand<Double>) ->
      Read<Double>?,
    intSelect: @escaping (FieldID, Int64, Int64) -> Read<Int64>?
  ) {
    self.compareInts = compareInts
    self.compareFloats = compareFloats
    self.intArithmetic = intArithmetic
    self.floatArithmetic = floatArithmetic
    self.intSelect = intSelect
  }
}

extension CompilerState {
  /// The node as a leaf operand, when it is a constant or a field the binder supplies with
  /// type `type` (an unbound field is left to the ordinary path, which reports it).
  func leaf(_ node: TypedExpression, _ type: ExpressionType) -> LeafOperand<Int64>? {
    switch node.kind {
    case .constant(.int(let k)), .namedConstant(_, .int(let k)): .constant(k)
    case .field(let id, _) where binder(id)?.type == type: .field(id)
    default: nil
    }
  }

  func leaf(_ node: TypedExpression, _ type: ExpressionType) -> LeafOperand<Double>? {
    switch node.kind {
    case .constant(.float(let k)), .namedConstant(_, .float(let k)): .constant(k)
    case .field(let id, _) where binder(id)?.type == type: .field(id)
    default: nil
    }
  }

  /// One closure for an `int` leaf node (arithmetic over fields and constants, or a `bool`
  /// field selecting one of two constants), when the fuser builds one.
  func fusedInt(_ node: TypedExpression) -> LeafFuser<Context>.Read<Int64>? {
    guard let fuser else { return nil }
    switch node.kind {
    case .binary(let op, let a, let b):
      guard let operation = ArithmeticOperation(op), let x = leaf(a, .int) as LeafOperand<Int64>?,
        let y = leaf(b, .int) as LeafOperand<Int64>?
      else { return nil }
      return fuser.intArithmetic(operation, x, y)
    case .conditional(let condition, let a, let b):
      guard case .field(let id, _) = condition.kind, binder(id)?.type == .bool,
        case .constant(let x)? = leaf(a, .int) as LeafOperand<Int64>?,
        case .constant(let y)? = leaf(b, .int) as LeafOperand<Int64>?
      else { return nil }
      return fuser.intSelect(id, x, y)
    default:
      return nil
    }
  }

  /// One closure for a `float` arithmetic node over fields and constants.
  func fusedFloat(_ node: TypedExpression) -> LeafFuser<Context>.Read<Double>? {
    guard let fuser, case .binary(let op, let a, let b) = node.kind,
      let operation = ArithmeticOperation(op), let x = leaf(a, .float) as LeafOperand<Double>?,
      let y = leaf(b, .float) as LeafOperand<Double>?
    else { return nil }
    return fuser.floatArithmetic(operation, x, y)
  }

  /// One closure for a numeric comparison of fields and constants.
  func fusedComparison(_ node: TypedExpression) -> LeafFuser<Context>.Read<Bool>? {
    guard let fuser, case .binary(let op, let a, let b) = node.kind, a.type.isNumeric,
      let comparison = Comparison(op)
    else { return nil }
    if a.type == .int {
      guard let x = leaf(a, .int) as LeafOperand<Int64>?,
        let y = leaf(b, .int) as LeafOperand<Int64>?
      else { return nil }
      return fuser.compareInts(comparison, x, y)
    }
    guard let x = leaf(a, .float) as LeafOperand<Double>?,
      let y = leaf(b, .float) as LeafOperand<Double>?
    else { return nil }
    return fuser.compareFloats(comparison, x, y)
  }
}
