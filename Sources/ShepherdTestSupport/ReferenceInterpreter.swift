package import PolicyExpression

/// A deliberately naive tree-walking interpreter over the *unchecked* syntax tree, with
/// dynamically typed values, written independently of the compiler (saturation through
/// `Int128`, widening decided per operation at run time).
///
/// It assumes the expression type-checks; property tests only feed it well-typed input.
///
/// Shared by the expression tests and the policy compiler tests (compiled vs reference).
package struct ReferenceInterpreter: Sendable {
  /// Field values by dotted path.
  package var values: [String: ExpressionValue]

  /// Creates an interpreter over field values.
  package init(values: [String: ExpressionValue]) { self.values = values }

  /// The value of an expression.
  package func evaluate(_ syntax: ExpressionSyntax) -> ExpressionValue {
    evaluate(syntax, locals: [:])
  }

  private func evaluate(_ syntax: ExpressionSyntax, locals: [String: String]) -> ExpressionValue {
    switch syntax.kind {
    case .int(let x): return .int(x)
    case .float(let x): return .float(x)
    case .bool(let x): return .bool(x)
    case .string(let x): return .string(x)
    case .set(let elements):
      return .stringSet(StringSet(elements.map { string(evaluate($0, locals: locals)) }))
    case .identifier(let name):
      return .string(locals[name] ?? "")
    case .member:
      let path = (syntax.dottedPath ?? []).map(\.name).joined(separator: ".")
      return values[path] ?? .int(0)
    case .unary(.not, let x):
      return .bool(!bool(evaluate(x, locals: locals)))
    case .unary(.negate, let x):
      switch evaluate(x, locals: locals) {
      case .int(let v): return .int(Int64(clamping: -Int128(v)))
      case .float(let v): return .float(-v)
      default: return .int(0)
      }
    case .binary(let op, let a, let b, _):
      return binary(op, a, b, locals: locals)
    case .conditional(let condition, let a, let b):
      let chosen = bool(evaluate(condition, locals: locals)) ? a : b
      let value = evaluate(chosen, locals: locals)
      // Branches of mixed number types widen to float.
      let other = evaluate(bool(evaluate(condition, locals: locals)) ? b : a, locals: locals)
      if case .int(let v) = value, case .float = other { return .float(Double(v)) }
      return value
    case .call(let name, _, let arguments):
      return call(name, arguments.map { evaluate($0, locals: locals) })
    case .method(let receiver, let name, _, let arguments):
      let members = set(evaluate(receiver, locals: locals)).sortedElements
      guard case .identifier(let variable) = arguments[0].kind else { return .int(0) }
      var count: Int64 = 0
      for member in members {
        var inner = locals
        inner[variable] = member
        if bool(evaluate(arguments[1], locals: inner)) { count += 1 }
      }
      switch name {
      case "any": return .bool(count > 0)
      case "all": return .bool(count == Int64(members.count))
      default: return .int(count)
      }
    }
  }

  private func binary(
    _ op: BinaryOperator, _ a: ExpressionSyntax, _ b: ExpressionSyntax, locals: [String: String]
  ) -> ExpressionValue {
    if op == .and {
      return .bool(bool(evaluate(a, locals: locals)) && bool(evaluate(b, locals: locals)))
    }
    if op == .or {
      return .bool(bool(evaluate(a, locals: locals)) || bool(evaluate(b, locals: locals)))
    }
    let lhs = evaluate(a, locals: locals)
    let rhs = evaluate(b, locals: locals)
    if op == .in { return .bool(set(rhs).contains(string(lhs))) }
    if case .int(let x) = lhs, case .int(let y) = rhs {
      let wide = (Int128(x), Int128(y))
      switch op {
      case .add: return .int(Int64(clamping: wide.0 + wide.1))
      case .subtract: return .int(Int64(clamping: wide.0 - wide.1))
      case .multiply: return .int(Int64(clamping: wide.0 * wide.1))
      case .divide: return .int(y == 0 ? 0 : Int64(clamping: wide.0 / wide.1))
      case .remainder: return .int(y == 0 ? 0 : Int64(clamping: wide.0 % wide.1))
      case .equal: return .bool(x == y)
      case .notEqual: return .bool(x != y)
      case .less: return .bool(x < y)
      case .lessOrEqual: return .bool(x <= y)
      case .greater: return .bool(x > y)
      case .greaterOrEqual: return .bool(x >= y)
      default: return .int(0)
      }
    }
    if let x = number(lhs), let y = number(rhs) {
      switch op {
      case .add: return .float(x + y)
      case .subtract: return .float(x - y)
      case .multiply: return .float(x * y)
      case .divide: return .float(y == 0 ? 0 : x / y)
      case .remainder: return .float(y == 0 ? 0 : x.truncatingRemainder(dividingBy: y))
      case .equal: return .bool(x == y)
      case .notEqual: return .bool(x != y)
      case .less: return .bool(x < y)
      case .lessOrEqual: return .bool(x <= y)
      case .greater: return .bool(x > y)
      case .greaterOrEqual: return .bool(x >= y)
      default: return .int(0)
      }
    }
    switch op {
    case .equal: return .bool(lhs == rhs)
    case .notEqual: return .bool(lhs != rhs)
    default: return .int(0)
    }
  }

  private func call(_ name: String, _ arguments: [ExpressionValue]) -> ExpressionValue {
    let allInts = arguments.allSatisfy { if case .int = $0 { true } else { false } }
    switch name {
    case "float":
      return .float(number(arguments[0]) ?? 0)
    case "size":
      switch arguments[0] {
      case .string(let s): return .int(Int64(s.unicodeScalars.count))
      case .stringSet(let s): return .int(Int64(s.count))
      default: return .int(0)
      }
    case "abs":
      if case .int(let v) = arguments[0] { return .int(Int64(clamping: Swift.abs(Int128(v)))) }
      return .float(Swift.abs(number(arguments[0]) ?? 0))
    case "ceil", "floor":
      if case .int(let v) = arguments[0] { return .int(v) }
      let v = number(arguments[0]) ?? 0
      let rounded = name == "ceil" ? v.rounded(.up) : v.rounded(.down)
      if rounded.isNaN { return .int(0) }
      if rounded >= 0x1p63 { return .int(.max) }
      if rounded < -0x1p63 { return .int(.min) }
      return .int(Int64(rounded))
    case "min", "max", "clamp":
      let pick: (ExpressionValue, ExpressionValue, Bool) -> ExpressionValue = { a, b, isMin in
        if allInts, case .int(let x) = a, case .int(let y) = b {
          return .int(isMin ? (y < x ? y : x) : (y > x ? y : x))
        }
        let x = number(a) ?? 0
        let y = number(b) ?? 0
        return .float(isMin ? (y < x ? y : x) : (y > x ? y : x))
      }
      if name == "clamp" {
        return pick(pick(arguments[0], arguments[1], false), arguments[2], true)
      }
      var result = arguments[0]
      if !allInts { result = .float(number(result) ?? 0) }
      for argument in arguments.dropFirst() { result = pick(result, argument, name == "min") }
      return result
    default:
      return .int(0)
    }
  }

  private func number(_ value: ExpressionValue) -> Double? {
    switch value {
    case .int(let v): Double(v)
    case .float(let v): v
    default: nil
    }
  }

  private func bool(_ value: ExpressionValue) -> Bool {
    if case .bool(let v) = value { return v }
    return false
  }

  private func string(_ value: ExpressionValue) -> String {
    if case .string(let v) = value { return v }
    return ""
  }

  private func set(_ value: ExpressionValue) -> StringSet {
    if case .stringSet(let v) = value { return v }
    return []
  }
}
