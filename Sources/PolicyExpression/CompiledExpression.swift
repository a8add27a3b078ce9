public import Diagnostics

/// A compiled expression: a tree of closures specialised by type and operator (or Swift generated
/// from the expression, ``init(span:bool:)``), evaluated
/// against a caller-defined context (a host row, a (host, VM) pair, …).
///
/// Created once by ``ExpressionCompiler`` and evaluated many times; evaluation does no name
/// lookup, no string comparison of names, no boxing, and no allocation for expressions over
/// numbers and bools (macros allocate one small buffer per evaluation).
///
/// Calling a typed entry point that does not match ``resultType`` is a programming error
/// (the checker's requirement decides the type): ``evaluateBool(_:)`` needs `bool`,
/// ``evaluateNumber(_:)`` needs `int` or `float`, and so on.
public struct CompiledExpression<Context>: Sendable {
  @usableFromInline
  enum Root: Sendable {
    case int(Evaluator<Context, Int64>)
    case float(Evaluator<Context, Double>)
    case bool(Evaluator<Context, Bool>)
    case string(Evaluator<Context, String>)
    case stringSet(Evaluator<Context, StringSet>)
    /// Swift written for the expression (``init(span:bool:)``), called directly.
    case nativeBool(@Sendable (borrowing Context) -> Bool)
    case nativeInt(@Sendable (borrowing Context) -> Int64)
    case nativeFloat(@Sendable (borrowing Context) -> Double)
    /// A compiled expression that is one field read or one fused leaf (``LeafFuser``), called
    /// directly.
    case leafBool(@Sendable (borrowing Context) -> Bool)
    case leafInt(@Sendable (borrowing Context) -> Int64)
    case leafFloat(@Sendable (borrowing Context) -> Double)

    /// The value for a context, boxed.
    func value(_ context: borrowing Context) -> ExpressionValue {
      switch self {
      case .int(let evaluate): .int(evaluate(context, Locals.empty))
      case .float(let evaluate): .float(evaluate(context, Locals.empty))
      case .bool(let evaluate): .bool(evaluate(context, Locals.empty))
      case .string(let evaluate): .string(evaluate(context, Locals.empty))
      case .stringSet(let evaluate): .stringSet(evaluate(context, Locals.empty))
      case .nativeBool(let evaluate), .leafBool(let evaluate): .bool(evaluate(context))
      case .nativeInt(let evaluate), .leafInt(let evaluate): .int(evaluate(context))
      case .nativeFloat(let evaluate), .leafFloat(let evaluate): .float(evaluate(context))
      }
    }

    /// The root as a closure of the compiler's form.
    var bool: Evaluator<Context, Bool>? {
      switch self {
      case .bool(let evaluate): evaluate
      case .nativeBool(let evaluate), .leafBool(let evaluate): { c, _ in evaluate(c) }
      default: nil
      }
    }
  }

  @usableFromInline let root: Root

  /// The type of the value the expression produces.
  public var resultType: ExpressionType {
    switch root {
    case .int, .nativeInt, .leafInt: .int
    case .float, .nativeFloat, .leafFloat: .float
    case .bool, .nativeBool, .leafBool: .bool
    case .string: .string
    case .stringSet: .stringSet
    }
  }

  /// Where the expression is in the file (for `explain`).
  public let span: SourceSpan

  init(root: Root, span: SourceSpan) {
    self.root = root
    self.span = span
  }

  /// A `bool` expression evaluated by Swift written for it (generated from the expression),
  /// instead of compiled closures: the caller guarantees it computes what the expression does.
  public init(span: SourceSpan, bool evaluate: @escaping @Sendable (borrowing Context) -> Bool) {
    self.init(root: .nativeBool(evaluate), span: span)
  }

  /// An `int` expression evaluated by Swift written for it (see ``init(span:bool:)``).
  public init(span: SourceSpan, int evaluate: @escaping @Sendable (borrowing Context) -> Int64) {
    self.init(root: .nativeInt(evaluate), span: span)
  }

  /// A `float` expression evaluated by Swift written for it (see ``init(span:bool:)``).
  public init(
    span: SourceSpan, float evaluate: @escaping @Sendable (borrowing Context) -> Double
  ) {
    self.init(root: .nativeFloat(evaluate), span: span)
  }

  /// Whether the expression runs Swift written for it rather than compiled closures.
  public var isNative: Bool {
    switch root {
    case .nativeBool, .nativeInt, .nativeFloat: true
    default: false
    }
  }

  /// Evaluates a `bool` expression.
  /// - Complexity: O(n) in the size of the expression, times the set sizes for macros.
  @inlinable
  public func evaluateBool(_ context: borrowing Context) -> Bool {
    // A switch, not `guard case`, and one pattern per case: it borrows the closure instead of
    // copying (retaining) it.
    switch root {
    case .bool(let evaluate): return evaluate(context, Locals.empty)
    case .nativeBool(let evaluate): return evaluate(context)
    case .leafBool(let evaluate): return evaluate(context)
    default: preconditionFailure("evaluateBool called on a \(resultType) expression")
    }
  }

  /// Evaluates an `int` expression.
  /// - Complexity: O(n) in the size of the expression, times the set sizes for macros.
  @inlinable
  public func evaluateInt(_ context: borrowing Context) -> Int64 {
    switch root {
    case .int(let evaluate): return evaluate(context, Locals.empty)
    case .nativeInt(let evaluate): return evaluate(context)
    case .leafInt(let evaluate): return evaluate(context)
    default: preconditionFailure("evaluateInt called on a \(resultType) expression")
    }
  }

  /// Evaluates an `int` or `float` expression as a float (ints widen), for a score, a load or
  /// an order that leaves the language: NaN becomes 0 and the result is clamped to
  /// ±``finiteLimit``, so sums and products of results stay comparable numbers.
  /// - Complexity: O(n) in the size of the expression, times the set sizes for macros.
  @inlinable
  public func evaluateNumber(_ context: borrowing Context) -> Double {
    switch root {
    case .float(let evaluate): return Self.finite(evaluate(context, Locals.empty))
    case .nativeFloat(let evaluate): return Self.finite(evaluate(context))
    case .leafFloat(let evaluate): return Self.finite(evaluate(context))
    case .int(let evaluate): return Double(evaluate(context, Locals.empty))
    case .nativeInt(let evaluate): return Double(evaluate(context))
    case .leafInt(let evaluate): return Double(evaluate(context))
    default: preconditionFailure("evaluateNumber called on a \(resultType) expression")
    }
  }

  /// The largest magnitude ``evaluateNumber(_:)`` returns: 10^290, so a score times the largest
  /// factor (10^6), summed over any number of units, is still finite.
  @inlinable public static var finiteLimit: Double { 1e290 }

  @inlinable @inline(__always)
  static func finite(_ value: Double) -> Double {
    if value.isNaN { return 0 }
    return min(max(value, -finiteLimit), finiteLimit)
  }

  /// Evaluates a `string` expression.
  /// - Complexity: O(n) in the size of the expression, times the set sizes for macros.
  public func evaluateString(_ context: borrowing Context) -> String {
    switch root {
    case .string(let evaluate): return evaluate(context, Locals.empty)
    default: preconditionFailure("evaluateString called on a \(resultType) expression")
    }
  }

  /// Evaluates a `set<string>` expression.
  /// - Complexity: O(n) in the size of the expression, times the set sizes for macros.
  public func evaluateStringSet(_ context: borrowing Context) -> StringSet {
    switch root {
    case .stringSet(let evaluate): return evaluate(context, Locals.empty)
    default: preconditionFailure("evaluateStringSet called on a \(resultType) expression")
    }
  }

  /// Evaluates the expression whatever its type (slower: the result is boxed in an enum).
  /// - Complexity: O(n) in the size of the expression, times the set sizes for macros.
  public func evaluate(_ context: borrowing Context) -> ExpressionValue { root.value(context) }

}

extension CompiledExpression {
  /// `exemption || (checks[0] && checks[1] && …)` over `bool` expressions, short-circuiting
  /// left to right: a filter whose host passes when its `when` holds or every check passes.
  ///
  /// - Returns: `nil` when an operand is not a `bool` expression or there is nothing to combine.
  public static func passes(
    unless exemption: CompiledExpression?, allOf checks: [CompiledExpression], span: SourceSpan
  ) -> CompiledExpression? {
    var parts: [Evaluator<Context, Bool>] = []
    for check in checks {
      guard let evaluate = check.root.bool else { return nil }
      parts.append(evaluate)
    }
    var exempt: Evaluator<Context, Bool>?
    if let exemption {
      guard let evaluate = exemption.root.bool else { return nil }
      exempt = evaluate
    }
    guard exempt != nil || !parts.isEmpty else { return nil }
    let all = parts
    let first = exempt
    return CompiledExpression(
      root: .bool { context, locals in
        if let first, first(context, locals) { return true }
        for part in all where !part(context, locals) { return false }
        return true
      }, span: span)
  }
}
