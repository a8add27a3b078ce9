/// An operand of a leaf node handed to a ``LeafFuser``: a field, a constant, or a `bool` field
/// choosing between two constants.
public enum LeafOperand<Value: Sendable>: Sendable {
  /// A field read from the context.
  case field(FieldID)
  /// A constant.
  case constant(Value)
  /// `flag ? whenTrue : whenFalse` over a `bool` field.
  case select(FieldID, Value, Value)
}

/// `first op₁ x₁ op₂ x₂ …`, left to right: a left-leaning run of arithmetic, `min`, `max` and
/// `clamp` whose right operands are leaf operands (`host.vmCount + host.pendingVmCount +
/// (host.isSPM ? 5 : 0)`, `max(0, a - b)`). A leaf operand alone is a chain with no steps.
public struct LeafChain<Value: Sendable>: Sendable {
  /// One step: the running value `op` an operand.
  public struct Step: Sendable {
    /// The operation, with the running value on the left.
    public let operation: ArithmeticOperation
    /// The right operand.
    public let operand: LeafOperand<Value>
  }

  /// The leftmost operand.
  public let first: LeafOperand<Value>
  /// The steps, in evaluation order.
  public internal(set) var steps: [Step]
}

/// A `bool` leaf of a fused condition: a `bool` field (possibly negated) or a numeric
/// comparison of leaf operands.
public enum BoolLeaf: Sendable {
  /// A `bool` field, or its negation.
  case field(FieldID, negated: Bool)
  /// `a op b` over ints.
  case ints(Comparison, LeafOperand<Int64>, LeafOperand<Int64>)
  /// `a op b` over floats.
  case floats(Comparison, LeafOperand<Double>, LeafOperand<Double>)
}

/// Builds one closure for a leaf node — a chain of arithmetic over fields and constants
/// (``LeafChain``), `flag ? k1 : k2`, a numeric comparison of such operands, or a run of `&&`
/// (or `||`) over comparisons and `bool` fields — written by a caller that knows the concrete
/// context type.
///
/// The closure compiler is generic over its context: a closure it creates calls each field's
/// accessor through another closure, and each node is one more closure call. A caller that
/// knows where fields live (e.g. the columns of a table) can read the operands directly and
/// evaluate the whole leaf node in one closure instead, which the compiler then uses as if it
/// were a field read. Each builder returns `nil` for shapes it does not handle, and the
/// compiler falls back to its own closures; a built closure must compute what the node does
/// (``ArithmeticOperation/apply(_:_:)-(Int64,Int64)``, ``Comparison/holds(_:_:)``, in operand
/// order; a run short-circuits left to right, though leaves cannot fail or have effects).
public struct LeafFuser<Context> {
  /// A closure reading a value from the context.
  public typealias Read<Value> = @Sendable (borrowing Context) -> Value

  let condition: ([BoolLeaf], Bool) -> FusedBool<Context>?
  let intChain: (LeafChain<Int64>) -> FusedInt<Context>?
  let floatChain: (LeafChain<Double>) -> FusedFloat<Context>?

  /// Creates a fuser from its builders: `condition(leaves, all)` is every leaf holding (`all`)
  /// or any of them; `intChain` and `floatChain` evaluate a chain.
  public init(
    condition: @escaping ([BoolLeaf], Bool) -> FusedBool<Context>?,
    intChain: @escaping (LeafChain<Int64>) -> FusedInt<Context>?,
    floatChain: @escaping (LeafChain<Double>) -> FusedFloat<Context>?
  ) {
    self.condition = condition
    self.intChain = intChain
    self.floatChain = floatChain
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
  /// The node as a leaf operand, when it is a constant, a field the binder supplies with type
  /// `type` (an unbound field is left to the ordinary path, which reports it), or a bound `bool`
  /// field choosing between two constants.
  func leaf(_ node: TypedExpression, _ type: ExpressionType) -> LeafOperand<Int64>? {
    switch node.kind {
    case .constant(.int(let k)), .namedConstant(_, .int(let k)): return .constant(k)
    case .field(let id, _) where binder(id)?.type == type: return .field(id)
    case .conditional(let flag, let a, let b):
      guard let id = boolField(flag), case .constant(let x)? = leaf(a, type) as LeafOperand<Int64>?,
        case .constant(let y)? = leaf(b, type) as LeafOperand<Int64>?
      else { return nil }
      return .select(id, x, y)
    default: return nil
    }
  }

  func leaf(_ node: TypedExpression, _ type: ExpressionType) -> LeafOperand<Double>? {
    switch node.kind {
    case .constant(.float(let k)), .namedConstant(_, .float(let k)): return .constant(k)
    case .field(let id, _) where binder(id)?.type == type: return .field(id)
    case .conditional(let flag, let a, let b):
      guard let id = boolField(flag),
        case .constant(let x)? = leaf(a, type) as LeafOperand<Double>?,
        case .constant(let y)? = leaf(b, type) as LeafOperand<Double>?
      else { return nil }
      return .select(id, x, y)
    default: return nil
    }
  }

  /// The field, when the node reads a bound `bool` field.
  func boolField(_ node: TypedExpression) -> FieldID? {
    guard case .field(let id, _) = node.kind, binder(id)?.type == .bool else { return nil }
    return id
  }

  /// The node as a chain: a leaf operand, or arithmetic, `min`, `max` or `clamp` whose first
  /// operand is a chain and whose others are leaf operands (`k op chain` is taken as
  /// `chain op k` when `commutes(op)`: the result is the same).
  func chain<Value>(
    _ node: TypedExpression, _ leaf: (TypedExpression) -> LeafOperand<Value>?,
    commutes: (ArithmeticOperation) -> Bool
  ) -> LeafChain<Value>? {
    if let operand = leaf(node) { return LeafChain(first: operand, steps: []) }
    // The operations applied in turn to the first operand's value and each other operand.
    let operations: [ArithmeticOperation]
    let operands: [TypedExpression]
    switch node.kind {
    case .binary(let op, let a, let b):
      guard let operation = ArithmeticOperation(op) else { return nil }
      (operations, operands) = ([operation], [a, b])
    case .call(let function, let arguments) where function == .min || function == .max:
      let operation: ArithmeticOperation = function == .min ? .minimum : .maximum
      (operations, operands) = (
        Array(repeating: operation, count: max(arguments.count - 1, 0)), arguments
      )
    case .call(.clamp, let arguments):
      (operations, operands) = ([.maximum, .minimum], arguments)
    default:
      return nil
    }
    guard operands.count == operations.count + 1 else { return nil }
    let rest = operands.dropFirst().compactMap(leaf)
    if rest.count == operations.count, var result = chain(operands[0], leaf, commutes: commutes) {
      for (operation, operand) in zip(operations, rest) {
        result.steps.append(LeafChain.Step(operation: operation, operand: operand))
      }
      return result
    }
    guard operations.count == 1, commutes(operations[0]), let x = leaf(operands[0]),
      var result = chain(operands[1], leaf, commutes: commutes)
    else { return nil }
    result.steps.append(LeafChain.Step(operation: operations[0], operand: x))
    return result
  }

  /// One closure for an `int` chain node (arithmetic over fields and constants, or a `bool`
  /// field selecting one of two constants), when the fuser builds one; `nil` for a field or a
  /// constant alone (nothing to gain).
  func fusedInt(_ node: TypedExpression) -> FusedInt<Context>? {
    guard let fuser, !node.isFieldOrConstant,
      let chain = chain(
        node, { leaf($0, .int) as LeafOperand<Int64>? }, commutes: \.isCommutativeForInts)
    else { return nil }
    return fuser.intChain(chain)
  }

  /// One closure for a `float` chain node (see ``fusedInt(_:)``).
  func fusedFloat(_ node: TypedExpression) -> FusedFloat<Context>? {
    guard let fuser, !node.isFieldOrConstant,
      let chain = chain(
        node, { leaf($0, .float) as LeafOperand<Double>? }, commutes: \.isCommutativeForFloats)
    else { return nil }
    return fuser.floatChain(chain)
  }

  /// The node as a `bool` leaf: a bound `bool` field, its negation, or a numeric comparison
  /// of leaf operands.
  func boolLeaf(_ node: TypedExpression) -> BoolLeaf? {
    switch node.kind {
    case .field(let id, _) where binder(id)?.type == .bool: return .field(id, negated: false)
    case .not(let x):
      guard let id = boolField(x) else { return nil }
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

  /// One closure for a numeric comparison of leaf operands.
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

extension TypedExpression {
  /// Whether the node is a field read or a constant.
  var isFieldOrConstant: Bool {
    switch kind {
    case .field, .constant, .namedConstant: true
    default: false
    }
  }
}
