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

  /// Creates a compiler.
  public init(binder: @escaping Binder) { self.binder = binder }

  /// Compiles a checked expression.
  ///
  /// - Returns: the compiled expression, or `nil` with ``DiagnosticDescriptor/exprUnboundField``
  ///   errors when the binder cannot supply a field the expression reads (or supplies it with
  ///   another type).
  /// - Complexity: O(n) in the number of nodes of the checked expression.
  public func compile(_ checked: CheckedExpression) -> (CompiledExpression<Context>?, [Diagnostic])
  {
    var state = CompilerState<Context>(binder: binder)
    let root = state.compile(checked.root)
    guard !state.bag.hasErrors else { return (nil, state.bag.sorted) }
    return (CompiledExpression(root: root, span: checked.span), state.bag.sorted)
  }

  /// Compiles a checked reason template into a renderer.
  ///
  /// - Complexity: O(n) in the total number of nodes of the holes.
  public func compile(_ template: CheckedTemplate) -> (CompiledTemplate<Context>?, [Diagnostic]) {
    var state = CompilerState<Context>(binder: binder)
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
  var bag = DiagnosticBag()

  init(binder: @escaping (FieldID) -> FieldAccessor<Context>?) { self.binder = binder }

  mutating func compile(_ node: TypedExpression) -> Root {
    switch node.type {
    case .int: .int(int(node))
    case .float: .float(float(node))
    case .bool: .bool(bool(node))
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
    switch node.kind {
    case .constant(.int(let k)), .namedConstant(_, .int(let k)):
      return { _, _ in k }
    case .field(let id, let path):
      guard case .int(let read) = accessor(id, path, .int, node.span) else { return { _, _ in 0 } }
      return { c, _ in read(c) }
    case .negate(let x):
      let x = int(x)
      return { c, l in ExpressionSemantics.negate(x(c, l)) }
    case .binary(let op, let a, let b):
      return intArithmetic(op, a, b, node)
    case .conditional(let condition, let a, let b):
      let condition = bool(condition)
      let a = int(a)
      let b = int(b)
      return { c, l in condition(c, l) ? a(c, l) : b(c, l) }
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

  mutating func intArithmetic(
    _ op: BinaryOperator, _ a: TypedExpression, _ b: TypedExpression, _ node: TypedExpression
  ) -> Evaluator<Context, Int64> {
    let lhs = int(a)
    if let constant = b.constantValue, case .int(let k) = constant {
      switch op {
      case .add: return { c, l in ExpressionSemantics.add(lhs(c, l), k) }
      case .subtract: return { c, l in ExpressionSemantics.subtract(lhs(c, l), k) }
      case .multiply: return { c, l in ExpressionSemantics.multiply(lhs(c, l), k) }
      case .divide where k != 0 && k != -1: return { c, l in lhs(c, l) / k }
      case .remainder where k != 0 && k != -1: return { c, l in lhs(c, l) % k }
      default: break
      }
    }
    let rhs = int(b)
    switch op {
    case .add: return { c, l in ExpressionSemantics.add(lhs(c, l), rhs(c, l)) }
    case .subtract: return { c, l in ExpressionSemantics.subtract(lhs(c, l), rhs(c, l)) }
    case .multiply: return { c, l in ExpressionSemantics.multiply(lhs(c, l), rhs(c, l)) }
    case .divide: return { c, l in ExpressionSemantics.divide(lhs(c, l), rhs(c, l)) }
    case .remainder: return { c, l in ExpressionSemantics.remainder(lhs(c, l), rhs(c, l)) }
    default: internalError(node, "int arithmetic")
    }
  }

  mutating func intCall(
    _ function: BuiltinFunction, _ arguments: [TypedExpression], _ node: TypedExpression
  ) -> Evaluator<Context, Int64> {
    switch function {
    case .min, .max:
      var result = int(arguments[0])
      for argument in arguments.dropFirst() {
        let lhs = result
        let rhs = int(argument)
        if function == .min {
          result = { c, l in ExpressionSemantics.minimum(lhs(c, l), rhs(c, l)) }
        } else {
          result = { c, l in ExpressionSemantics.maximum(lhs(c, l), rhs(c, l)) }
        }
      }
      return result
    case .abs:
      let x = int(arguments[0])
      return { c, l in ExpressionSemantics.absolute(x(c, l)) }
    case .ceil, .floor:
      if arguments[0].type == .int { return int(arguments[0]) }
      let x = float(arguments[0])
      if function == .ceil { return { c, l in ExpressionSemantics.ceiling(x(c, l)) } }
      return { c, l in ExpressionSemantics.flooring(x(c, l)) }
    case .clamp:
      let x = int(arguments[0])
      let lower = int(arguments[1])
      let upper = int(arguments[2])
      return { c, l in
        ExpressionSemantics.minimum(ExpressionSemantics.maximum(x(c, l), lower(c, l)), upper(c, l))
      }
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
    switch node.kind {
    case .constant(.float(let k)), .namedConstant(_, .float(let k)):
      return { _, _ in k }
    case .field(let id, let path):
      guard case .float(let read) = accessor(id, path, .float, node.span) else {
        return { _, _ in 0 }
      }
      return { c, _ in read(c) }
    case .toFloat(let x):
      if let constant = x.constantValue, case .int(let k) = constant {
        let widened = Double(k)
        return { _, _ in widened }
      }
      let x = int(x)
      return { c, l in Double(x(c, l)) }
    case .negate(let x):
      let x = float(x)
      return { c, l in -x(c, l) }
    case .binary(let op, let a, let b):
      let lhs = float(a)
      let rhs = float(b)
      switch op {
      case .add: return { c, l in lhs(c, l) + rhs(c, l) }
      case .subtract: return { c, l in lhs(c, l) - rhs(c, l) }
      case .multiply: return { c, l in lhs(c, l) * rhs(c, l) }
      case .divide: return { c, l in ExpressionSemantics.divide(lhs(c, l), rhs(c, l)) }
      case .remainder: return { c, l in ExpressionSemantics.remainder(lhs(c, l), rhs(c, l)) }
      default: internalError(node, "float arithmetic")
      }
    case .conditional(let condition, let a, let b):
      let condition = bool(condition)
      let a = float(a)
      let b = float(b)
      return { c, l in condition(c, l) ? a(c, l) : b(c, l) }
    case .call(let function, let arguments):
      switch function {
      case .min, .max:
        var result = float(arguments[0])
        for argument in arguments.dropFirst() {
          let lhs = result
          let rhs = float(argument)
          if function == .min {
            result = { c, l in ExpressionSemantics.minimum(lhs(c, l), rhs(c, l)) }
          } else {
            result = { c, l in ExpressionSemantics.maximum(lhs(c, l), rhs(c, l)) }
          }
        }
        return result
      case .abs:
        let x = float(arguments[0])
        return { c, l in Swift.abs(x(c, l)) }
      case .clamp:
        let x = float(arguments[0])
        let lower = float(arguments[1])
        let upper = float(arguments[2])
        return { c, l in
          ExpressionSemantics.minimum(
            ExpressionSemantics.maximum(x(c, l), lower(c, l)), upper(c, l))
        }
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
      let x = bool(x)
      return { c, l in !x(c, l) }
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
    case .and:
      let lhs = bool(a)
      let rhs = bool(b)
      return { c, l in lhs(c, l) && rhs(c, l) }
    case .or:
      let lhs = bool(a)
      let rhs = bool(b)
      return { c, l in lhs(c, l) || rhs(c, l) }
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
    switch a.type {
    case .int:
      if let constant = b.constantValue, case .int(let k) = constant {
        return compare(op, int(a), k, node)
      }
      return compare(op, int(a), int(b), node)
    case .float:
      if let constant = b.constantValue, case .float(let k) = constant {
        return compare(op, float(a), k, node)
      }
      return compare(op, float(a), float(b), node)
    case .bool:
      return equate(op, bool(a), bool(b), node)
    case .string:
      if let constant = b.constantValue, case .string(let k) = constant {
        let lhs = string(a)
        if op == .equal { return { c, l in lhs(c, l) == k } }
        return { c, l in lhs(c, l) != k }
      }
      return equate(op, string(a), string(b), node)
    case .stringSet:
      return equate(op, stringSet(a), stringSet(b), node)
    }
  }

  func compare<T: Comparable & Sendable & SendableMetatype>(
    _ op: BinaryOperator, _ lhs: @escaping Evaluator<Context, T>, _ k: T,
    _ node: TypedExpression
  ) -> Evaluator<Context, Bool> {
    switch op {
    case .equal: { c, l in lhs(c, l) == k }
    case .notEqual: { c, l in lhs(c, l) != k }
    case .less: { c, l in lhs(c, l) < k }
    case .lessOrEqual: { c, l in lhs(c, l) <= k }
    case .greater: { c, l in lhs(c, l) > k }
    case .greaterOrEqual: { c, l in lhs(c, l) >= k }
    default: internalError(node, "comparison")
    }
  }

  func compare<T: Comparable & SendableMetatype>(
    _ op: BinaryOperator, _ lhs: @escaping Evaluator<Context, T>,
    _ rhs: @escaping Evaluator<Context, T>, _ node: TypedExpression
  ) -> Evaluator<Context, Bool> {
    switch op {
    case .equal: { c, l in lhs(c, l) == rhs(c, l) }
    case .notEqual: { c, l in lhs(c, l) != rhs(c, l) }
    case .less: { c, l in lhs(c, l) < rhs(c, l) }
    case .lessOrEqual: { c, l in lhs(c, l) <= rhs(c, l) }
    case .greater: { c, l in lhs(c, l) > rhs(c, l) }
    case .greaterOrEqual: { c, l in lhs(c, l) >= rhs(c, l) }
    default: internalError(node, "comparison")
    }
  }

  func equate<T: Equatable & SendableMetatype>(
    _ op: BinaryOperator, _ lhs: @escaping Evaluator<Context, T>,
    _ rhs: @escaping Evaluator<Context, T>, _ node: TypedExpression
  ) -> Evaluator<Context, Bool> {
    switch op {
    case .equal: { c, l in lhs(c, l) == rhs(c, l) }
    case .notEqual: { c, l in lhs(c, l) != rhs(c, l) }
    default: internalError(node, "equality")
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
