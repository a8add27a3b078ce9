public import Diagnostics

/// A unary operator.
public enum UnaryOperator: String, Hashable, Sendable {
  /// Logical not, `!b`.
  case not = "!"
  /// Arithmetic negation, `-x`.
  case negate = "-"
}

/// A binary operator, including the short-circuit `&&` and `||` and set membership `in`.
public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
  /// Short-circuit logical or.
  case or = "||"
  /// Short-circuit logical and.
  case and = "&&"
  /// Equality (ints and floats compare after widening).
  case equal = "=="
  /// Inequality.
  case notEqual = "!="
  /// Less than (numbers only).
  case less = "<"
  /// Less than or equal (numbers only).
  case lessOrEqual = "<="
  /// Greater than (numbers only).
  case greater = ">"
  /// Greater than or equal (numbers only).
  case greaterOrEqual = ">="
  /// Membership of a string in a `set<string>`.
  case `in` = "in"
  /// Addition (saturating for ints).
  case add = "+"
  /// Subtraction (saturating for ints).
  case subtract = "-"
  /// Multiplication (saturating for ints).
  case multiply = "*"
  /// Division (truncating for ints; by zero yields 0).
  case divide = "/"
  /// Remainder (by zero yields 0).
  case remainder = "%"

  /// Binding strength: higher binds tighter. `?:` is 1.
  public var precedence: Int {
    switch self {
    case .or: 2
    case .and: 3
    case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in: 4
    case .add, .subtract: 5
    case .multiply, .divide, .remainder: 6
    }
  }

  /// Whether the operator compares numbers by order.
  var isOrdering: Bool {
    switch self {
    case .less, .lessOrEqual, .greater, .greaterOrEqual: true
    default: false
    }
  }

  /// Whether the operator is `+ - * / %`.
  var isArithmetic: Bool { precedence >= 5 }
}

/// One node of a parsed, unchecked expression, with its span in the file.
///
/// Produced by ``ExpressionParser``; the tree is never deeper than
/// ``ExpressionLimits/maxDepth``.
public struct ExpressionSyntax: Sendable {
  /// What the node is.
  public indirect enum Kind: Sendable {
    /// An integer literal (a `-` directly before the digits is folded into it).
    case int(Int64)
    /// A float literal.
    case float(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// A string literal, escapes resolved.
    case string(String)
    /// A set literal, `["a", "b"]`.
    case set([ExpressionSyntax])
    /// A bare name: a root of the environment or a bound variable.
    case identifier(String)
    /// `base.name`; `nameSpan` covers the name.
    case member(ExpressionSyntax, name: String, nameSpan: SourceSpan)
    /// A global function call `name(arguments)`.
    case call(name: String, nameSpan: SourceSpan, arguments: [ExpressionSyntax])
    /// A method-style macro `receiver.name(arguments)`.
    case method(
      ExpressionSyntax, name: String, nameSpan: SourceSpan, arguments: [ExpressionSyntax])
    /// A unary operation.
    case unary(UnaryOperator, ExpressionSyntax)
    /// A binary operation; `operatorSpan` covers the operator token.
    case binary(BinaryOperator, ExpressionSyntax, ExpressionSyntax, operatorSpan: SourceSpan)
    /// `condition ? then : else`.
    case conditional(ExpressionSyntax, ExpressionSyntax, ExpressionSyntax)
  }

  /// What the node is.
  public var kind: Kind
  /// The node's source in the file.
  public var span: SourceSpan
  /// The height of the subtree (a leaf is 1).
  public var height: Int

  /// Creates a node.
  public init(_ kind: Kind, span: SourceSpan, height: Int) {
    self.kind = kind
    self.span = span
    self.height = height
  }

  /// The dotted path if the node is `a.b.c` made only of names, else `nil`.
  public var dottedPath: [(name: String, span: SourceSpan)]? {
    switch kind {
    case .identifier(let name): return [(name, span)]
    case .member(let base, let name, let nameSpan):
      guard var path = base.dottedPath else { return nil }
      path.append((name, nameSpan))
      return path
    default: return nil
    }
  }
}
