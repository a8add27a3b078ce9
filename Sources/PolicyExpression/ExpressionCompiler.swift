public import Diagnostics

/// Turns checked expressions into trees of closures specialised by type and operator.
///
/// `Context` is whatever the caller evaluates against (a host row, a (host, VM) pair, a
/// cluster). The binder maps each ``FieldID`` the expression reads to a typed
/// ``FieldAccessor``; it is called once per field reference at compile time, never during
/// evaluation.
///
/// Specialisations: each operator and operand type gets its own closure (`int + int`,
/// `float < float`, …), comparisons and arithmetic against a constant capture the constant
/// directly, `x in [constant set]` is a hash lookup in a set built once, and `&&`, `||`, `?:`
/// short-circuit.
///
/// Not `Sendable`: the binder is an arbitrary closure used only while compiling. The
/// resulting ``CompiledExpression`` is `Sendable`.
public struct ExpressionCompiler<Context> {
  /// Returns the accessor for a field, or `nil` when the context cannot supply it.
  public typealias Binder = (FieldID) -> FieldAccessor<Context>?

  private let binder: Binder
  private let fuser: LeafFuser<Context>?

  /// Creates a compiler; `fuser`, when given, builds single closures for leaf nodes over fields
  /// and constants (see ``LeafFuser``).
  public init(binder: @escaping Binder, fuser: LeafFuser<Context>? = nil) {
    self.binder = binder
    self.fuser = fuser
  }

  /// Compiles a checked expression.
  ///
  /// - Returns: the compiled expression, or `nil` with ``DiagnosticDescriptor/exprUnboundField``
  ///   errors when the binder cannot supply a field the expression reads (or supplies it with
  ///   another type).
  /// - Complexity: O(n) in the number of nodes of the checked expression.
  public func compile(_ checked: CheckedExpression) -> (CompiledExpression<Context>?, [Diagnostic])
  {
    var state = CompilerState<Context>(binder: binder, fuser: fuser)
    let root = state.compile(checked.root)
    guard !state.bag.hasErrors else { return (nil, state.bag.sorted) }
    return (CompiledExpression(root: root, span: checked.span), state.bag.sorted)
  }

  /// Compiles a checked reason template into a renderer.
  ///
  /// - Complexity: O(n) in the total number of nodes of the holes.
  public func compile(_ template: CheckedTemplate) -> (CompiledTemplate<Context>?, [Diagnostic]) {
    var state = CompilerState<Context>(binder: binder, fuser: fuser)
    var parts: [CompiledTemplate<Context>.Part] = []
    for part in template.parts {
      switch part {
      case .text(let text): parts.append(.text(text))
      case .hole(let hole): parts.append(.hole(state.compile(hole.root)))
      }
    }
    guard !state.bag.hasErrors else { return (nil, state.bag.sorted) }
    return (CompiledTemplate(parts: parts), state.bag.sorted)
  }
}

/// The compiler's working state: the binder and the diagnostics so far.
struct CompilerState<Context> {
  typealias Root = CompiledExpression<Context>.Root

  let binder: (FieldID) -> FieldAccessor<Context>?
  let fuser: LeafFuser<Context>?
  var bag = DiagnosticBag()

  init(binder: @escaping (FieldID) -> FieldAccessor<Context>?, fuser: LeafFuser<Context>?) {
    self.binder = binder
    self.fuser = fuser
  }

  mutating func compile(_ node: TypedExpression) -> Root {
    // A root that is one field read or one fused leaf is called directly.
    switch node.type {
    case .int:
      switch intOperand(node) {
      case .field(let read): .leafInt(read)
      case .constant(let k): .int { _, _ in k }
      case .computed(let evaluate): .int(evaluate)
      }
    case .float:
      switch floatOperand(node) {
      case .field(let read): .leafFloat(read)
      case .constant(let k): .float { _, _ in k }
      case .computed(let evaluate): .float(evaluate)
      }
    case .bool:
      switch boolOperand(node) {
      case .field(let read): .leafBool(read)
      case .computed(let evaluate): .bool(evaluate)
      }
    case .string: .string(string(node))
    case .stringSet: .stringSet(stringSet(node))
    }
  }

  mutating func accessor(_ id: FieldID, _ path: String, _ type: ExpressionType, _ span: SourceSpan)
    -> FieldAccessor<Context>?
  {
    guard let accessor = binder(id) else {
      bag.report(
        .exprUnboundField, "field '\(path)' is not available in this context", at: span)
      return nil
    }
    guard accessor.type == type else {
      bag.report(
        .exprUnboundField,
        "field '\(path)' is declared as \(type) but the context supplies \(accessor.type)",
        at: span)
      return nil
    }
    return accessor
  }

  func internalError(_ node: TypedExpression, _ wanted: String) -> Never {
    preconditionFailure("checked \(node.type) node \(node.kind) compiled as \(wanted)")
  }

  // MARK: int

  mutating func int(_ node: TypedExpression) -> Evaluator<Context, Int64> {
    if let leaf = fusedInt(node) {
      let read = leaf.read
      return { c, _ in read(c) }
    }
    switch node.kind {
    case .constant, .namedConstant, .field:
      return Self.evaluator(intOperand(node))
    case .negate(let x):
      let x = int(x)
      return { c, l in ExpressionSemantics.negate(x(c, l)) }
    case .binary(let op, let a, let b):
      guard let operation = ArithmeticOperation(op) else { internalError(node, "int arithmetic") }
      return Self.fused(operation, intOperand(a), intOperand(b))
    case .conditional(let condition, let a, let b):
      return Self.fused(boolOperand(condition), intOperand(a), intOperand(b))
    case .call(let function, let arguments):
      return intCall(function, arguments, node)
    case .macro(.count, let collection, let slot, _, let predicate):
      let collection = stringSet(collection)
      let predicate = bool(predicate)
      return { c, l in
        var inner = l.opening(slot)
        var count: Int64 = 0
        for element in collection(c, l).members {
          inner.values[slot] = element
          if predicate(c, inner) { count += 1 }
        }
        return count
      }
    default:
      internalError(node, "int")
    }
  }

  mutating func intCall(
    _ function: BuiltinFunction, _ arguments: [TypedExpression], _ node: TypedExpression
  ) -> Evaluator<Context, Int64> {
    switch function {
    case .min, .max:
      var result = intOperand(arguments[0])
      for argument in arguments.dropFirst() {
        result = .computed(
          Self.fused(function == .min ? .minimum : .maximum, result, intOperand(argument)))
      }
      return Self.evaluator(result)
    case .abs:
      let x = int(arguments[0])
      return { c, l in ExpressionSemantics.absolute(x(c, l)) }
    case .ceil, .floor:
      if arguments[0].type == .int { return int(arguments[0]) }
      let x = float(arguments[0])
      if function == .ceil { return { c, l in ExpressionSemantics.ceiling(x(c, l)) } }
      return { c, l in ExpressionSemantics.flooring(x(c, l)) }
    case .clamp:
      let lower = Self.fused(.maximum, intOperand(arguments[0]), intOperand(arguments[1]))
      return Self.fused(.minimum, .computed(lower), intOperand(arguments[2]))
    case .size:
      if arguments[0].type == .string {
        let x = string(arguments[0])
        return { c, l in ExpressionSemantics.size(x(c, l)) }
      }
      let x = stringSet(arguments[0])
      return { c, l in Int64(x(c, l).count) }
    }
  }

  // MARK: float

  mutating func float(_ node: TypedExpression) -> Evaluator<Context, Double> {
    if let leaf = fusedFloat(node) {
      let read = leaf.read
      return { c, _ in read(c) }
    }
    switch node.kind {
    case .constant, .namedConstant, .field:
      return Self.evaluator(floatOperand(node))
    case .toFloat(let x):
      switch intOperand(x) {
      case .constant(let k):
        let widened = Double(k)
        return { _, _ in widened }
      case .field(let read): return { c, _ in Double(read(c)) }
      case .computed(let x): return { c, l in Double(x(c, l)) }
      }
    case .negate(let x):
      let x = float(x)
      return { c, l in -x(c, l) }
    case .binary(let op, let a, let b):
      guard let operation = ArithmeticOperation(op) else {
        internalError(node, "float arithmetic")
      }
      return Self.fused(operation, floatOperand(a), floatOperand(b))
    case .conditional(let condition, let a, let b):
      return Self.fused(boolOperand(condition), floatOperand(a), floatOperand(b))
    case .call(let function, let arguments):
      switch function {
      case .min, .max:
        var result = floatOperand(arguments[0])
        for argument in arguments.dropFirst() {
          result = .computed(
            Self.fused(function == .min ? .minimum : .maximum, result, floatOperand(argument)))
        }
        return Self.evaluator(result)
      case .abs:
        let x = float(arguments[0])
        return { c, l in Swift.abs(x(c, l)) }
      case .clamp:
        let lower = Self.fused(.maximum, floatOperand(arguments[0]), floatOperand(arguments[1]))
        return Self.fused(.minimum, .computed(lower), floatOperand(arguments[2]))
      default: internalError(node, "float call")
      }
    default:
      internalError(node, "float")
    }
  }

  // MARK: bool

  mutating func bool(_ node: TypedExpression) -> Evaluator<Context, Bool> {
    switch node.kind {
    case .constant(.bool(let k)), .namedConstant(_, .bool(let k)):
      return { _, _ in k }
    case .field(let id, let path):
      guard case .bool(let read) = accessor(id, path, .bool, node.span) else {
        return { _, _ in false }
      }
      return { c, _ in read(c) }
    case .not(let x):
      switch boolOperand(x) {
      case .field(let read): return { c, _ in !read(c) }
      case .computed(let x): return { c, l in !x(c, l) }
      }
    case .conditional(let condition, let a, let b):
      let condition = bool(condition)
      let a = bool(a)
      let b = bool(b)
      return { c, l in condition(c, l) ? a(c, l) : b(c, l) }
    case .binary(let op, let a, let b):
      return boolBinary(op, a, b, node)
    case .macro(let macro, let collection, let slot, _, let predicate):
      let collection = stringSet(collection)
      let predicate = bool(predicate)
      if macro == .any {
        return { c, l in
          var inner = l.opening(slot)
          for element in collection(c, l).members {
            inner.values[slot] = element
            if predicate(c, inner) { return true }
          }
          return false
        }
      }
      return { c, l in
        var inner = l.opening(slot)
        for element in collection(c, l).members {
          inner.values[slot] = element
          if !predicate(c, inner) { return false }
        }
        return true
      }
    default:
      internalError(node, "bool")
    }
  }

  mutating func boolBinary(
    _ op: BinaryOperator, _ a: TypedExpression, _ b: TypedExpression, _ node: TypedExpression
  ) -> Evaluator<Context, Bool> {
    switch op {
    case .and, .or:
      if let chain = fusedChain(node, isAnd: op == .and) { return Self.evaluator(chain) }
      return Self.fused(and: op == .and, boolOperand(a), boolOperand(b))
    case .in:
      let element = string(a)
      if let constant = b.constantValue, case .stringSet(let set) = constant {
        let members = set.members
        return { c, l in members.contains(element(c, l)) }
      }
      let set = stringSet(b)
      return { c, l in set(c, l).contains(element(c, l)) }
    default:
      break
    }
    if a.type.isNumeric {
      guard let comparison = Comparison(op) else { internalError(node, "comparison") }
      if let leaf = fusedComparison(node) {
        let read = leaf.read
        return { c, _ in read(c) }
      }
      if a.type == .int { return Self.fused(comparison, intOperand(a), intOperand(b)) }
      return Self.fused(comparison, floatOperand(a), floatOperand(b))
    }
    guard op == .equal || op == .notEqual else { internalError(node, "equality") }
    let equal = op == .equal
    switch a.type {
    case .bool:
      let lhs = bool(a)
      let rhs = bool(b)
      return { c, l in (lhs(c, l) == rhs(c, l)) == equal }
    case .string:
      let lhs = string(a)
      if let constant = b.constantValue, case .string(let k) = constant {
        return { c, l in (lhs(c, l) == k) == equal }
      }
      let rhs = string(b)
      return { c, l in (lhs(c, l) == rhs(c, l)) == equal }
    default:
      let lhs = stringSet(a)
      let rhs = stringSet(b)
      return { c, l in (lhs(c, l) == rhs(c, l)) == equal }
    }
  }

  // MARK: string and set

  mutating func string(_ node: TypedExpression) -> Evaluator<Context, String> {
    switch node.kind {
    case .constant(.string(let k)), .namedConstant(_, .string(let k)):
      return { _, _ in k }
    case .field(let id, let path):
      guard case .string(let read) = accessor(id, path, .string, node.span) else {
        return { _, _ in "" }
      }
      return { c, _ in read(c) }
    case .local(let slot, _):
      return { _, l in l.values[slot] }
    case .conditional(let condition, let a, let b):
      let condition = bool(condition)
      let a = string(a)
      let b = string(b)
      return { c, l in condition(c, l) ? a(c, l) : b(c, l) }
    default:
      internalError(node, "string")
    }
  }

  mutating func stringSet(_ node: TypedExpression) -> Evaluator<Context, StringSet> {
    switch node.kind {
    case .constant(.stringSet(let k)), .namedConstant(_, .stringSet(let k)):
      return { _, _ in k }
    case .field(let id, let path):
      guard case .stringSet(let read) = accessor(id, path, .stringSet, node.span) else {
        return { _, _ in StringSet() }
      }
      return { c, _ in read(c) }
    case .set(let elements):
      var strings: [Evaluator<Context, String>] = []
      for element in elements { strings.append(string(element)) }
      let evaluators = strings
      return { c, l in
        var members = Set<String>(minimumCapacity: evaluators.count)
        for evaluate in evaluators { members.insert(evaluate(c, l)) }
        return StringSet(members)
      }
    case .conditional(let condition, let a, let b):
      let condition = bool(condition)
      let a = stringSet(a)
      let b = stringSet(b)
      return { c, l in condition(c, l) ? a(c, l) : b(c, l) }
    default:
      internalError(node, "set<string>")
    }
  }
}
