/// An operand of a leaf node handed to a ``LeafFuser``: a field or a constant.
public enum LeafOperand<Value: Sendable>: Sendable {
  /// A field read from the context.
  case field(FieldID)
  /// A constant.
  case constant(Value)
}

/// A `bool` leaf of a fused condition: a `bool` field (possibly negated) or a numeric
/// comparison of fields and constants.
public enum BoolLeaf: Sendable {
  /// A `bool` field, or its negation.
  case field(FieldID, negated: Bool)
  /// `a op b` over ints.
  case ints(Comparison, LeafOperand<Int64>, LeafOperand<Int64>)
  /// `a op b` over floats.
  case floats(Comparison, LeafOperand<Double>, LeafOperand<Double>)
}

/// Builds one closure for a leaf node — a numeric comparison or arithmetic whose operands are
/// fields or constants, `flag ? k1 : k2` over a `bool` field, or a run of `&&` (or `||`) over
/// such comparisons and `bool` fields — written by a caller that knows the concrete context type.
///
/// The closure compiler is generic over its context: a closure it creates calls each field's
/// accessor through another closure. A caller that knows where fields live (e.g. the columns of
/// a table) can read the operands directly in one closure instead, which the compiler then uses
/// as if it were a field read. Each builder returns `nil` for shapes it does not handle, and the
/// compiler falls back to its own closures; a built closure must compute what the node does
/// (``ArithmeticOperation/apply(_:_:)-(Int64,Int64)``, ``Comparison/holds(_:_:)``, in operand
/// order; a run short-circuits left to right, though leaves cannot fail or have effects).
public struct LeafFuser<Context> {
  /// A closure reading a value from the context.
  public typealias Read<Value> = @Sendable (borrowing Context) -> Value

  let condition: ([BoolLeaf], Bool) -> FusedBool<Context>?
  let intArithmetic:
    (ArithmeticOperation, LeafOperand<Int64>, LeafOperand<Int64>) -> FusedInt<Context>?
  let floatArithmetic:
    (ArithmeticOperation, LeafOperand<Double>, LeafOperand<Double>) -> FusedFloat<Context>?
  let intSelect: (FieldID, Int64, Int64) -> FusedInt<Context>?

  /// Creates a fuser from its builders: `condition(leaves, all)` is every leaf holding (`all`)
  /// or any of them.
  public init(
    condition: @escaping ([BoolLeaf], Bool) -> FusedBool<Context>?,
    intArithmetic:
      @escaping (ArithmeticOperation, LeafOperand<Int64>, LeafOperand<Int64>) ->
      FusedInt<Context>?,
    floatArithmetic:
      @escaping (ArithmeticOperation, LeafOperand<Double>, LeafOperand<Double>) ->
      FusedFloat<Context>?,
    intSelect: @escaping (FieldID, Int64, Int64) -> FusedInt<Context>?
  ) {
    self.condition = condition
    self.intArithmetic = intArithmetic
    self.floatArithmetic = floatArithmetic
    self.intSelect = intSelect
  }
}

// One wrapper per value type: a closure inside an Optional (or any generic container) is stored
// maximally abstracted, so each call would go through extra reabstraction thunks; inside a
// struct it keeps the closure's own calling convention.

/// A fused `bool` leaf.
public struct FusedBool<Context> {
  let read: @Sendable (borrowing Context) -> Bool
  /// Wraps a closure.
  public init(_ read: @escaping @Sendable (borrowing Context) -> Bool) { self.read = read }
}

/// A fused `int` leaf.
public struct FusedInt<Context> {
  let read: @Sendable (borrowing Context) -> Int64
  /// Wraps a closure.
  public init(_ read: @escaping @Sendable (borrowing Context) -> Int64) { self.read = read }
}

/// A fused `float` leaf.
public struct FusedFloat<Context> {
  let read: @Sendable (borrowing Context) -> Double
  /// Wraps a closure.
  public init(_ read: @escaping @Sendable (borrowing Context) -> Double) { self.read = read }
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
  func fusedInt(_ node: TypedExpression) -> FusedInt<Context>? {
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
  func fusedFloat(_ node: TypedExpression) -> FusedFloat<Context>? {
    guard let fuser, case .binary(let op, let a, let b) = node.kind,
      let operation = ArithmeticOperation(op), let x = leaf(a, .float) as LeafOperand<Double>?,
      let y = leaf(b, .float) as LeafOperand<Double>?
    else { return nil }
    return fuser.floatArithmetic(operation, x, y)
  }

  /// The node as a `bool` leaf: a bound `bool` field, its negation, or a numeric comparison
  /// of fields and constants.
  func boolLeaf(_ node: TypedExpression) -> BoolLeaf? {
    switch node.kind {
    case .field(let id, _) where binder(id)?.type == .bool: return .field(id, negated: false)
    case .not(let x):
      guard case .field(let id, _) = x.kind, binder(id)?.type == .bool else { return nil }
      return .field(id, negated: true)
    case .binary(let op, let a, let b):
      guard a.type.isNumeric, let comparison = Comparison(op) else { return nil }
      if a.type == .int {
        guard let x = leaf(a, .int) as LeafOperand<Int64>?,
          let y = leaf(b, .int) as LeafOperand<Int64>?
        else { return nil }
        return .ints(comparison, x, y)
      }
      guard let x = leaf(a, .float) as LeafOperand<Double>?,
        let y = leaf(b, .float) as LeafOperand<Double>?
      else { return nil }
      return .floats(comparison, x, y)
    default:
      return nil
    }
  }

  /// One closure for a numeric comparison of fields and constants.
  func fusedComparison(_ node: TypedExpression) -> FusedBool<Context>? {
    guard let fuser, case .binary(let op, _, _) = node.kind, Comparison(op) != nil,
      let leaf = boolLeaf(node)
    else { return nil }
    return fuser.condition([leaf], true)
  }

  /// `a && b && …` (`isAnd`) or `a || b || …` with runs of consecutive leaves fused into one
  /// closure each; `nil` when no run of two leaves or more is fused (nothing to gain).
  mutating func fusedChain(_ node: TypedExpression, isAnd: Bool) -> BoolOperand<Context>? {
    guard let fuser else { return nil }
    var operands: [TypedExpression] = []
    func flatten(_ node: TypedExpression) {
      if case .binary(let op, let a, let b) = node.kind, op == (isAnd ? .and : .or) {
        flatten(a)
        flatten(b)
      } else {
        operands.append(node)
      }
    }
    flatten(node)
    // Each part is a fused run of leaves or an operand compiled on its own.
    var parts: [Either] = []
    var run: [(BoolLeaf, TypedExpression)] = []
    func closeRun() {
      if run.count > 1, let read = fuser.condition(run.map(\.0), isAnd) {
        parts.append(.fused(read.read))
      } else {
        parts += run.map { .operand($0.1) }
      }
      run = []
    }
    for operand in operands {
      if let leaf = boolLeaf(operand) {
        run.append((leaf, operand))
      } else {
        closeRun()
        parts.append(.operand(operand))
      }
    }
    closeRun()
    guard parts.contains(where: \.isFused) else { return nil }
    var result: BoolOperand<Context>?
    for part in parts {
      let next: BoolOperand<Context>
      switch part {
      case .fused(let read): next = .field(read)
      case .operand(let operand): next = boolOperand(operand)
      }
      result = result.map { .computed(Self.fused(and: isAnd, $0, next)) } ?? next
    }
    return result
  }

  /// A part of a fused chain.
  enum Either {
    case fused(LeafFuser<Context>.Read<Bool>)
    case operand(TypedExpression)

    var isFused: Bool {
      if case .fused = self { return true }
      return false
    }
  }
}
