/// Writes a checked expression as one Swift expression that computes exactly what the compiled
/// closures compute (the same ``ExpressionSemantics``), for Swift generated from the built-in
/// policies and compiled into the binary.
///
/// The caller says how a field is read from the evaluation context, which the generated code
/// names `c`; variables bound by macros are `v0`, `v1`, … by nesting level.
///
/// ```swift
/// ExpressionSwiftEmitter.swift(checked) { id in "c.read(\(id.rawValue))" }
/// // (c.read(3) <= (16 as Int64))
/// ```
public enum ExpressionSwiftEmitter {
  /// The Swift expression for `checked`, of type `Bool`, `Int64`, `Double`, `String` or
  /// ``StringSet`` (its ``CheckedExpression/resultType``).
  /// - Parameter field: the Swift expression reading a field from `c`, of the field's type.
  /// - Complexity: O(n) in the size of the expression.
  public static func swift(_ checked: CheckedExpression, field: (FieldID) -> String) -> String {
    emit(checked.root, field)
  }

  static func emit(_ node: TypedExpression, _ field: (FieldID) -> String) -> String {
    func e(_ node: TypedExpression) -> String { emit(node, field) }
    switch node.kind {
    case .constant(let value), .namedConstant(_, let value): return literal(value)
    case .field(let id, _): return field(id)
    case .local(let slot, _): return "v\(slot)"
    case .toFloat(let x): return "Double(\(e(x)))"
    case .not(let x): return "!\(e(x))"
    case .negate(let x):
      return x.type == .int ? "ExpressionSemantics.negate(\(e(x)))" : "(-\(e(x)))"
    case .binary(let op, let a, let b): return binary(op, a, b, field)
    case .conditional(let p, let a, let b): return "(\(e(p)) ? \(e(a)) : \(e(b)))"
    case .set(let elements): return "StringSet([\(elements.map(e).joined(separator: ", "))])"
    case .call(let function, let arguments): return call(function, arguments, field)
    case .macro(let macro, let collection, let slot, _, let predicate):
      let members = "\(e(collection)).members"
      switch macro {
      case .any: return "\(members).contains { v\(slot) in \(e(predicate)) }"
      case .all: return "\(members).allSatisfy { v\(slot) in \(e(predicate)) }"
      case .count:
        return "Int64(\(members).reduce(0) { n, v\(slot) in \(e(predicate)) ? n + 1 : n })"
      }
    }
  }

  static func binary(
    _ op: BinaryOperator, _ a: TypedExpression, _ b: TypedExpression,
    _ field: (FieldID) -> String
  ) -> String {
    let lhs = emit(a, field)
    switch op {
    case .in:
      if case .stringSet(let set) = b.constantValue {
        return "[\(set.sortedElements.map(string).joined(separator: ", "))].contains(\(lhs))"
      }
      return "\(emit(b, field)).contains(\(lhs))"
    case .and, .or, .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
      return "(\(lhs) \(op.rawValue) \(emit(b, field)))"
    case .add, .subtract, .multiply:
      if a.type == .int { return "ExpressionSemantics.\(name(op))(\(lhs), \(emit(b, field)))" }
      return "(\(lhs) \(op.rawValue) \(emit(b, field)))"
    case .divide, .remainder:
      return "ExpressionSemantics.\(name(op))(\(lhs), \(emit(b, field)))"
    }
  }

  /// The ``ExpressionSemantics`` function of an arithmetic operator.
  static func name(_ op: BinaryOperator) -> String {
    switch op {
    case .add: "add"
    case .subtract: "subtract"
    case .multiply: "multiply"
    case .divide: "divide"
    default: "remainder"
    }
  }

  static func call(
    _ function: BuiltinFunction, _ arguments: [TypedExpression], _ field: (FieldID) -> String
  ) -> String {
    let values = arguments.map { emit($0, field) }
    switch function {
    case .min, .max:
      let name = function == .min ? "minimum" : "maximum"
      return values.dropFirst().reduce(values[0]) { "ExpressionSemantics.\(name)(\($0), \($1))" }
    case .abs:
      return arguments[0].type == .int
        ? "ExpressionSemantics.absolute(\(values[0]))" : "Swift.abs(\(values[0]))"
    case .ceil, .floor:
      if arguments[0].type == .int { return values[0] }
      return "ExpressionSemantics.\(function == .ceil ? "ceiling" : "flooring")(\(values[0]))"
    case .clamp:
      return
        "ExpressionSemantics.minimum(ExpressionSemantics.maximum(\(values[0]), \(values[1])), \(values[2]))"
    case .size:
      return arguments[0].type == .string
        ? "ExpressionSemantics.size(\(values[0]))" : "Int64(\(values[0]).count)"
    }
  }

  /// A constant as a Swift expression of its type.
  static func literal(_ value: ExpressionValue) -> String {
    switch value {
    case .int(let k): return "(\(k) as Int64)"
    case .float(let k):
      if k.isNaN { return "Double.nan" }
      if k.isInfinite { return k < 0 ? "(-Double.infinity)" : "Double.infinity" }
      return "(\(k) as Double)"
    case .bool(let k): return k ? "true" : "false"
    case .string(let k): return string(k)
    case .stringSet(let k):
      return "StringSet([\(k.sortedElements.map(string).joined(separator: ", "))] as [String])"
    }
  }

  /// A Swift string literal: printable ASCII as is, everything else as `\u{…}`.
  public static func string(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case " "..."~": out.unicodeScalars.append(scalar)
      default: out += "\\u{\(String(scalar.value, radix: 16))}"
      }
    }
    return out + "\""
  }
}
