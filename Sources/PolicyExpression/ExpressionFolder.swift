internal import Diagnostics

/// Folds constant subexpressions of a checked tree.
///
/// Environment constants (policy properties) become literals; any operation whose operands are
/// all constant is evaluated once, with the same closures the compiler produces, so folding can
/// never change a result. `&&`, `||` and `?:` with a constant side are simplified (the language
/// is pure and total, so dropping an operand is safe). A result that is not a finite number is
/// left unfolded, so the printed form always parses back.
enum ExpressionFolder {
  /// Folds bottom-up.
  /// - Complexity: O(n) in the number of nodes (each constant subtree is evaluated once).
  static func fold(_ node: TypedExpression) -> TypedExpression {
    var node = node
    switch node.kind {
    case .constant, .field, .local:
      return node
    case .namedConstant(_, let value):
      node.kind = .constant(value)
      return node
    case .toFloat(let x):
      node.kind = .toFloat(fold(x))
    case .not(let x):
      node.kind = .not(fold(x))
    case .negate(let x):
      node.kind = .negate(fold(x))
    case .binary(let op, let a, let b):
      let a = fold(a)
      let b = fold(b)
      if op == .and || op == .or, let simplified = simplifyLogic(op, a, b) { return simplified }
      node.kind = .binary(op, a, b)
    case .conditional(let condition, let a, let b):
      let condition = fold(condition)
      let a = fold(a)
      let b = fold(b)
      if case .constant(.bool(let value)) = condition.kind { return value ? a : b }
      node.kind = .conditional(condition, a, b)
    case .set(let elements):
      node.kind = .set(elements.map(fold))
    case .call(let function, let arguments):
      node.kind = .call(function, arguments.map(fold))
    case .macro(let macro, let collection, let slot, let name, let predicate):
      node.kind = .macro(
        macro, fold(collection), slot: slot, name: name, predicate: fold(predicate))
    }
    guard isFoldable(node) else { return node }
    return evaluated(node) ?? node
  }

  /// `x && true` → `x`, `x && false` → `false`, and the `||` duals.
  private static func simplifyLogic(
    _ op: BinaryOperator, _ a: TypedExpression, _ b: TypedExpression
  ) -> TypedExpression? {
    let absorbing = op == .or
    for (constant, other) in [(a, b), (b, a)] {
      guard case .constant(.bool(let value)) = constant.kind else { continue }
      if value == absorbing {
        return TypedExpression(
          kind: .constant(.bool(absorbing)), type: .bool, span: a.span.union(b.span))
      }
      return other
    }
    return nil
  }

  /// Whether every direct operand is constant (for a macro: the collection is constant and
  /// the predicate reads nothing but its own variable).
  private static func isFoldable(_ node: TypedExpression) -> Bool {
    switch node.kind {
    case .toFloat(let x), .not(let x), .negate(let x): return x.constantValue != nil
    case .binary(_, let a, let b): return a.constantValue != nil && b.constantValue != nil
    case .set(let xs), .call(_, let xs): return xs.allSatisfy { $0.constantValue != nil }
    case .macro(_, let collection, let slot, _, let predicate):
      return collection.constantValue != nil && isClosed(predicate, outerSlots: slot)
    default: return false
    }
  }

  /// Whether a subtree reads no field and no variable bound outside it.
  private static func isClosed(_ node: TypedExpression, outerSlots: Int) -> Bool {
    switch node.kind {
    case .constant, .namedConstant: return true
    case .field: return false
    case .local(let slot, _): return slot >= outerSlots
    case .toFloat(let x), .not(let x), .negate(let x): return isClosed(x, outerSlots: outerSlots)
    case .binary(_, let a, let b):
      return isClosed(a, outerSlots: outerSlots) && isClosed(b, outerSlots: outerSlots)
    case .conditional(let a, let b, let c):
      return isClosed(a, outerSlots: outerSlots) && isClosed(b, outerSlots: outerSlots)
        && isClosed(c, outerSlots: outerSlots)
    case .set(let xs), .call(_, let xs):
      return xs.allSatisfy { isClosed($0, outerSlots: outerSlots) }
    case .macro(_, let collection, _, _, let predicate):
      return isClosed(collection, outerSlots: outerSlots)
        && isClosed(predicate, outerSlots: outerSlots)
    }
  }

  /// Evaluates a closed node with the compiler's own closures.
  private static func evaluated(_ node: TypedExpression) -> TypedExpression? {
    var state = CompilerState<Void>(binder: { _ in nil }, fuser: nil)
    let value: ExpressionValue
    switch state.compile(node) {
    case .int(let evaluate): value = .int(evaluate((), Locals.empty))
    case .leafInt(let evaluate): value = .int(evaluate(()))
    case .float(let evaluate):
      let result = evaluate((), Locals.empty)
      guard result.isFinite else { return nil }
      value = .float(result)
    case .leafFloat(let evaluate):
      let result = evaluate(())
      guard result.isFinite else { return nil }
      value = .float(result)
    case .bool(let evaluate): value = .bool(evaluate((), Locals.empty))
    case .leafBool(let evaluate): value = .bool(evaluate(()))
    case .string(let evaluate): value = .string(evaluate((), Locals.empty))
    case .stringSet(let evaluate): value = .stringSet(evaluate((), Locals.empty))
    case .nativeBool, .nativeInt, .nativeFloat: return nil
    }
    guard !state.bag.hasErrors else { return nil }
    return TypedExpression(kind: .constant(value), type: node.type, span: node.span)
  }
}
