/// Fused nodes: an operator whose operands are constants or field reads evaluates them inside
/// its own closure (a constant is captured, a field's accessor is called directly), so
/// `host.vcpus <= 16` or `a.x + b.y` costs one closure call plus the accessor calls instead of
/// one closure per operand. The operator is a captured value switched on at run time: one
/// closure per operand shape, not one per operator and shape.
///
/// Numbers are written out for `int` and `float` rather than generically: a closure created in
/// a generic function stays generic (its values are passed indirectly through reabstraction
/// thunks), which costs more than the operator itself.

/// An `int` operand of a fused node (`field`: any closure of the context alone, e.g. a
/// ``LeafFuser`` leaf).
enum IntOperand<Context> {
  case constant(Int64)
  case field(@Sendable (borrowing Context) -> Int64)
  case computed(Evaluator<Context, Int64>)

  var isConstant: Bool {
    if case .constant = self { return true }
    return false
  }
}

/// A `float` operand of a fused node.
enum FloatOperand<Context> {
  case constant(Double)
  case field(@Sendable (borrowing Context) -> Double)
  case computed(Evaluator<Context, Double>)

  var isConstant: Bool {
    if case .constant = self { return true }
    return false
  }
}

/// A `bool` operand of a fused node (a constant one is folded or compiled as computed).
enum BoolOperand<Context> {
  case field(@Sendable (borrowing Context) -> Bool)
  case computed(Evaluator<Context, Bool>)
}

/// A binary numeric operation with the language's semantics (``ExpressionSemantics``).
public enum ArithmeticOperation: Sendable {
  case add, subtract, multiply, divide, remainder, minimum, maximum

  init?(_ op: BinaryOperator) {
    switch op {
    case .add: self = .add
    case .subtract: self = .subtract
    case .multiply: self = .multiply
    case .divide: self = .divide
    case .remainder: self = .remainder
    default: return nil
    }
  }

  /// Whether `k op x` may be evaluated as `x op k` for ints (the result is the same).
  var isCommutativeForInts: Bool {
    switch self {
    case .add, .multiply, .minimum, .maximum: true
    case .subtract, .divide, .remainder: false
    }
  }

  /// Whether `k op x` may be evaluated as `x op k` for floats: not `min`/`max`, whose NaN
  /// handling depends on the order.
  var isCommutativeForFloats: Bool { self == .add || self == .multiply }

  /// `a op b` over ints.
  @inlinable @inline(__always)
  public func apply(_ a: Int64, _ b: Int64) -> Int64 {
    switch self {
    case .add: ExpressionSemantics.add(a, b)
    case .subtract: ExpressionSemantics.subtract(a, b)
    case .multiply: ExpressionSemantics.multiply(a, b)
    case .divide: ExpressionSemantics.divide(a, b)
    case .remainder: ExpressionSemantics.remainder(a, b)
    case .minimum: ExpressionSemantics.minimum(a, b)
    case .maximum: ExpressionSemantics.maximum(a, b)
    }
  }

  /// `a op b` over floats.
  @inlinable @inline(__always)
  public func apply(_ a: Double, _ b: Double) -> Double {
    switch self {
    case .add: a + b
    case .subtract: a - b
    case .multiply: a * b
    case .divide: ExpressionSemantics.divide(a, b)
    case .remainder: ExpressionSemantics.remainder(a, b)
    case .minimum: ExpressionSemantics.minimum(a, b)
    case .maximum: ExpressionSemantics.maximum(a, b)
    }
  }
}

/// A comparison operator.
public enum Comparison: Sendable {
  case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual

  init?(_ op: BinaryOperator) {
    switch op {
    case .equal: self = .equal
    case .notEqual: self = .notEqual
    case .less: self = .less
    case .lessOrEqual: self = .lessOrEqual
    case .greater: self = .greater
    case .greaterOrEqual: self = .greaterOrEqual
    default: return nil
    }
  }

  /// The comparison with its operands swapped: `a < b` is `b > a` (NaN included).
  public var swapped: Comparison {
    switch self {
    case .equal, .notEqual: self
    case .less: .greater
    case .lessOrEqual: .greaterOrEqual
    case .greater: .less
    case .greaterOrEqual: .lessOrEqual
    }
  }

  /// Whether `a op b` holds.
  @inlinable @inline(__always)
  public func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
    switch self {
    case .equal: a == b
    case .notEqual: a != b
    case .less: a < b
    case .lessOrEqual: a <= b
    case .greater: a > b
    case .greaterOrEqual: a >= b
    }
  }
}

extension CompilerState {
  // MARK: operands

  mutating func intOperand(_ node: TypedExpression) -> IntOperand<Context> {
    switch node.kind {
    case .constant(.int(let k)), .namedConstant(_, .int(let k)): return .constant(k)
    case .field(let id, let path):
      guard case .int(let read) = accessor(id, path, .int, node.span) else { return .constant(0) }
      return .field(read)
    case .constant, .namedConstant: internalError(node, "int")
    default:
      if let leaf = fusedInt(node) { return .field(leaf.read) }
      return .computed(int(node))
    }
  }

  mutating func floatOperand(_ node: TypedExpression) -> FloatOperand<Context> {
    switch node.kind {
    case .constant(.float(let k)), .namedConstant(_, .float(let k)): return .constant(k)
    case .field(let id, let path):
      guard case .float(let read) = accessor(id, path, .float, node.span) else {
        return .constant(0)
      }
      return .field(read)
    case .constant, .namedConstant: internalError(node, "float")
    default:
      if let leaf = fusedFloat(node) { return .field(leaf.read) }
      return .computed(float(node))
    }
  }

  mutating func boolOperand(_ node: TypedExpression) -> BoolOperand<Context> {
    if case .field(let id, let path) = node.kind {
      guard case .bool(let read) = accessor(id, path, .bool, node.span) else {
        return .computed { _, _ in false }
      }
      return .field(read)
    }
    if let leaf = fusedComparison(node) { return .field(leaf.read) }
    if case .binary(let op, _, _) = node.kind, op == .and || op == .or,
      let chain = fusedChain(node, isAnd: op == .and)
    {
      return chain
    }
    return .computed(bool(node))
  }

  static func evaluator(_ operand: IntOperand<Context>) -> Evaluator<Context, Int64> {
    switch operand {
    case .constant(let k): { _, _ in k }
    case .field(let read): { c, _ in read(c) }
    case .computed(let evaluate): evaluate
    }
  }

  static func evaluator(_ operand: FloatOperand<Context>) -> Evaluator<Context, Double> {
    switch operand {
    case .constant(let k): { _, _ in k }
    case .field(let read): { c, _ in read(c) }
    case .computed(let evaluate): evaluate
    }
  }

  static func evaluator(_ operand: BoolOperand<Context>) -> Evaluator<Context, Bool> {
    switch operand {
    case .field(let read): { c, _ in read(c) }
    case .computed(let evaluate): evaluate
    }
  }

  // MARK: fused int nodes

  /// `a op b` over ints.
  static func fused(
    _ op: ArithmeticOperation, _ a: IntOperand<Context>, _ b: IntOperand<Context>
  ) -> Evaluator<Context, Int64> {
    let (a, b) = a.isConstant && op.isCommutativeForInts ? (b, a) : (a, b)
    switch (a, b) {
    case (.field(let x), .constant(let k)): return { c, _ in op.apply(x(c), k) }
    case (.field(let x), .field(let y)): return { c, _ in op.apply(x(c), y(c)) }
    case (.field(let x), .computed(let y)): return { c, l in op.apply(x(c), y(c, l)) }
    case (.computed(let x), .constant(let k)): return { c, l in op.apply(x(c, l), k) }
    case (.computed(let x), .field(let y)): return { c, l in op.apply(x(c, l), y(c)) }
    default:
      let x = evaluator(a)
      let y = evaluator(b)
      return { c, l in op.apply(x(c, l), y(c, l)) }
    }
  }

  /// `a op b` over ints, as a `bool`.
  static func fused(
    _ op: Comparison, _ a: IntOperand<Context>, _ b: IntOperand<Context>
  ) -> Evaluator<Context, Bool> {
    let (op, a, b) = a.isConstant ? (op.swapped, b, a) : (op, a, b)
    switch (a, b) {
    case (.field(let x), .constant(let k)): return { c, _ in op.holds(x(c), k) }
    case (.field(let x), .field(let y)): return { c, _ in op.holds(x(c), y(c)) }
    case (.field(let x), .computed(let y)): return { c, l in op.holds(x(c), y(c, l)) }
    case (.computed(let x), .constant(let k)): return { c, l in op.holds(x(c, l), k) }
    case (.computed(let x), .field(let y)): return { c, l in op.holds(x(c, l), y(c)) }
    default:
      let x = evaluator(a)
      let y = evaluator(b)
      return { c, l in op.holds(x(c, l), y(c, l)) }
    }
  }

  /// `condition ? a : b` over ints.
  static func fused(
    _ condition: BoolOperand<Context>, _ a: IntOperand<Context>, _ b: IntOperand<Context>
  ) -> Evaluator<Context, Int64> {
    switch (condition, a, b) {
    case (.field(let p), .constant(let x), .constant(let y)): return { c, _ in p(c) ? x : y }
    case (.computed(let p), .constant(let x), .constant(let y)):
      return { c, l in p(c, l) ? x : y }
    default:
      let p = evaluator(condition)
      let x = evaluator(a)
      let y = evaluator(b)
      return { c, l in p(c, l) ? x(c, l) : y(c, l) }
    }
  }

  // MARK: fused float nodes

  /// `a op b` over floats.
  static func fused(
    _ op: ArithmeticOperation, _ a: FloatOperand<Context>, _ b: FloatOperand<Context>
  ) -> Evaluator<Context, Double> {
    let (a, b) = a.isConstant && op.isCommutativeForFloats ? (b, a) : (a, b)
    switch (a, b) {
    case (.field(let x), .constant(let k)): return { c, _ in op.apply(x(c), k) }
    case (.field(let x), .field(let y)): return { c, _ in op.apply(x(c), y(c)) }
    case (.field(let x), .computed(let y)): return { c, l in op.apply(x(c), y(c, l)) }
    case (.computed(let x), .constant(let k)): return { c, l in op.apply(x(c, l), k) }
    case (.computed(let x), .field(let y)): return { c, l in op.apply(x(c, l), y(c)) }
    default:
      let x = evaluator(a)
      let y = evaluator(b)
      return { c, l in op.apply(x(c, l), y(c, l)) }
    }
  }

  /// `a op b` over floats, as a `bool`.
  static func fused(
    _ op: Comparison, _ a: FloatOperand<Context>, _ b: FloatOperand<Context>
  ) -> Evaluator<Context, Bool> {
    let (op, a, b) = a.isConstant ? (op.swapped, b, a) : (op, a, b)
    switch (a, b) {
    case (.field(let x), .constant(let k)): return { c, _ in op.holds(x(c), k) }
    case (.field(let x), .field(let y)): return { c, _ in op.holds(x(c), y(c)) }
    case (.field(let x), .computed(let y)): return { c, l in op.holds(x(c), y(c, l)) }
    case (.computed(let x), .constant(let k)): return { c, l in op.holds(x(c, l), k) }
    case (.computed(let x), .field(let y)): return { c, l in op.holds(x(c, l), y(c)) }
    default:
      let x = evaluator(a)
      let y = evaluator(b)
      return { c, l in op.holds(x(c, l), y(c, l)) }
    }
  }

  /// `condition ? a : b` over floats.
  static func fused(
    _ condition: BoolOperand<Context>, _ a: FloatOperand<Context>, _ b: FloatOperand<Context>
  ) -> Evaluator<Context, Double> {
    switch (condition, a, b) {
    case (.field(let p), .constant(let x), .constant(let y)): return { c, _ in p(c) ? x : y }
    case (.computed(let p), .constant(let x), .constant(let y)):
      return { c, l in p(c, l) ? x : y }
    default:
      let p = evaluator(condition)
      let x = evaluator(a)
      let y = evaluator(b)
      return { c, l in p(c, l) ? x(c, l) : y(c, l) }
    }
  }

  // MARK: fused bool nodes

  /// `a && b` (`isAnd`) or `a || b`, short-circuiting.
  static func fused(
    and isAnd: Bool, _ a: BoolOperand<Context>, _ b: BoolOperand<Context>
  ) -> Evaluator<Context, Bool> {
    if isAnd {
      switch (a, b) {
      case (.field(let x), .field(let y)): return { c, _ in x(c) && y(c) }
      case (.field(let x), .computed(let y)): return { c, l in x(c) && y(c, l) }
      case (.computed(let x), .field(let y)): return { c, l in x(c, l) && y(c) }
      case (.computed(let x), .computed(let y)): return { c, l in x(c, l) && y(c, l) }
      }
    }
    switch (a, b) {
    case (.field(let x), .field(let y)): return { c, _ in x(c) || y(c) }
    case (.field(let x), .computed(let y)): return { c, l in x(c) || y(c, l) }
    case (.computed(let x), .field(let y)): return { c, l in x(c, l) || y(c) }
    case (.computed(let x), .computed(let y)): return { c, l in x(c, l) || y(c, l) }
    }
  }
}
