/// The expression language's operators, functions and macros as data: what `Docs/language.md`
/// and `shepherd fields` print, next to the enums the parser and checker use, so the reference
/// cannot drift from what is accepted.
public enum LanguageSyntax {
  /// One row of the operator table.
  public struct Operator: Sendable {
    /// The spelling, e.g. `&&`.
    public var symbol: String
    /// Binding strength: higher binds tighter.
    public var precedence: Int
    /// Operand and result types, and behaviour.
    public var summary: String
  }

  /// One callable: a function `f(x)` or a collection macro `set.any(x, p)`.
  public struct Function: Sendable {
    /// The call as written, e.g. `min(a, b, …)`.
    public var signature: String
    /// The result type.
    public var result: String
    /// What it does.
    public var summary: String
  }

  /// Every operator, tightest binding first (declaration order within a level); `?:` binds
  /// loosest (precedence 1), unary `!` and `-` tighter than any binary operator.
  public static var operators: [Operator] {
    let binary = BinaryOperator.allCases.map { op in
      Operator(symbol: op.rawValue, precedence: op.precedence, summary: op.summary)
    }
    let unary = [
      Operator(symbol: "!", precedence: 7, summary: "not (bool)"),
      Operator(symbol: "-", precedence: 7, summary: "negation (int or float; saturating for int)"),
      Operator(
        symbol: "c ? a : b", precedence: 1,
        summary: "conditional: `a` when `c` (bool) holds, else `b` (both of one type)"),
    ]
    // Stable: within a level, the order the operators are declared in.
    return (unary + binary).enumerated().sorted { lhs, rhs in
      lhs.element.precedence != rhs.element.precedence
        ? lhs.element.precedence > rhs.element.precedence : lhs.offset < rhs.offset
    }.map(\.element)
  }

  /// Every function and macro.
  public static var functions: [Function] {
    BuiltinFunction.allCases.map(\.reference)
      + [
        Function(
          signature: "float(x)", result: "float",
          summary: "the int `x` as a float (ints widen implicitly where a float is expected)")
      ] + CollectionMacro.allCases.map(\.reference)
  }
}

extension BinaryOperator {
  /// Operand types and behaviour, for the reference.
  var summary: String {
    switch self {
    case .or: "logical or (bool), short-circuit"
    case .and: "logical and (bool), short-circuit"
    case .equal: "equality (numbers after widening, strings, bools)"
    case .notEqual: "inequality"
    case .less, .lessOrEqual, .greater, .greaterOrEqual: "ordering (numbers only)"
    case .in: "membership of a string in a set<string>"
    case .add: "addition (saturating for int)"
    case .subtract: "subtraction (saturating for int)"
    case .multiply: "multiplication (saturating for int)"
    case .divide: "division (truncating for int; by zero yields 0)"
    case .remainder: "remainder (by zero yields 0)"
    }
  }
}

extension BuiltinFunction {
  var reference: LanguageSyntax.Function {
    switch self {
    case .min:
      .init(
        signature: "min(a, b, …)", result: "int or float",
        summary: "the smallest argument (int when every argument is an int)")
    case .max:
      .init(
        signature: "max(a, b, …)", result: "int or float",
        summary: "the largest argument (int when every argument is an int)")
    case .abs: .init(signature: "abs(x)", result: "type of x", summary: "absolute value")
    case .ceil: .init(signature: "ceil(x)", result: "int", summary: "rounds up to an int")
    case .floor: .init(signature: "floor(x)", result: "int", summary: "rounds down to an int")
    case .clamp:
      .init(
        signature: "clamp(x, lower, upper)", result: "int or float",
        summary: "`x` limited to [lower, upper]")
    case .size:
      .init(
        signature: "size(x)", result: "int",
        summary: "characters of a string, or elements of a set<string>")
    }
  }
}

extension CollectionMacro {
  var reference: LanguageSyntax.Function {
    switch self {
    case .any:
      .init(
        signature: "set.any(x, p)", result: "bool",
        summary: "some element `x` of the set makes `p` true (false for an empty set)")
    case .all:
      .init(
        signature: "set.all(x, p)", result: "bool",
        summary: "every element `x` makes `p` true (true for an empty set)")
    case .count:
      .init(
        signature: "set.count(x, p)", result: "int", summary: "how many elements `x` make `p` true")
    }
  }
}
