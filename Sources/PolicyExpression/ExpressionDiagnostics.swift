public import Diagnostics

extension DiagnosticDescriptor {
  /// The expression is longer than ``ExpressionLimits/maxLengthScalars``.
  public static let exprTooLong = DiagnosticDescriptor(
    "E001", title: "expression exceeds the length limit",
    explanation: """
      The expression (or reason template) has more Unicode scalars than the configured limit \
      (default 4096). It is rejected before it is parsed. Split the logic into several filters \
      or weights, or move repeated parts into policy properties.
      """)
  /// The expression nests deeper than ``ExpressionLimits/maxDepth``.
  public static let exprTooDeep = DiagnosticDescriptor(
    "E002", title: "expression nests too deeply",
    explanation: """
      The expression tree is deeper than the configured limit (default 64): too many nested \
      parentheses, operators or calls. Parsing stops at the first place the limit is crossed, so \
      hostile input cannot exhaust the stack. Simplify the expression.
      """)
  /// The expression has more nodes than ``ExpressionLimits/maxNodes``.
  public static let exprTooManyNodes = DiagnosticDescriptor(
    "E003", title: "expression has too many nodes",
    explanation: """
      The expression has more syntax nodes (literals, names, operators, calls) than the \
      configured limit (default 1024). Simplify the expression.
      """)
  /// A character that cannot start any token.
  public static let exprUnexpectedCharacter = DiagnosticDescriptor(
    "E004", title: "unexpected character in expression",
    explanation: """
      The expression contains a character that is not part of the expression language, such \
      as `@` or `$`. Names use letters, digits and `_`; strings are quoted with `"` or `'`.
      """)
  /// A string literal without its closing quote.
  public static let exprUnterminatedString = DiagnosticDescriptor(
    "E005", title: "unterminated string literal",
    explanation: """
      A string literal is missing its closing quote. Strings are written `"…"` or `'…'` and \
      cannot span lines.
      """)
  /// An unknown escape sequence in a string literal.
  public static let exprInvalidEscape = DiagnosticDescriptor(
    "E006", title: "invalid escape sequence in string literal",
    explanation: """
      Inside string literals only `\\\\`, `\\"`, `\\'`, `\\n`, `\\t` and `\\r` are escapes.
      """)
  /// A number literal that is malformed or out of range.
  public static let exprInvalidNumber = DiagnosticDescriptor(
    "E007", title: "invalid number literal",
    explanation: """
      An integer literal must fit in a signed 64-bit integer (-9223372036854775808 … \
      9223372036854775807); a float literal needs digits after `.` and after an exponent `e`, \
      and must be finite.
      """)
  /// The parser found a token it did not expect.
  public static let exprSyntax = DiagnosticDescriptor(
    "E008", title: "syntax error in expression",
    explanation: """
      The expression does not follow the grammar: an operand, operator, parenthesis or comma \
      is missing or misplaced. The message says what was expected and what was found.
      """)
  /// A name that is neither a root of the environment nor a bound variable.
  public static let exprUnknownName = DiagnosticDescriptor(
    "E009", title: "unknown name",
    explanation: """
      Expressions start from the roots the context declares (for example `host`, `vm`, \
      `cluster` and `params`) or from a variable bound by `any`, `all` or `count`.
      """)
  /// A field that the environment does not declare at that level.
  public static let exprUnknownField = DiagnosticDescriptor(
    "E010", title: "unknown field",
    explanation: """
      The field does not exist on that object. Field names are case-sensitive; the help line \
      suggests the closest known field.
      """)
  /// A root or group of fields used where a value is needed.
  public static let exprIncompletePath = DiagnosticDescriptor(
    "E011", title: "object used as a value",
    explanation: """
      A root such as `host` or a group such as `host.memory` is not a value by itself; \
      name one of its fields, for example `host.memory.freeMiB`.
      """)
  /// An operator or function applied to values of the wrong type.
  public static let exprTypeMismatch = DiagnosticDescriptor(
    "E012", title: "type mismatch",
    explanation: """
      An operator, function or macro received a value of a type it does not accept. Ints \
      widen to floats in arithmetic and comparisons; nothing else converts implicitly.
      """)
  /// The whole expression has the wrong type for where it is used.
  public static let exprWrongResultType = DiagnosticDescriptor(
    "E013", title: "expression has the wrong result type",
    explanation: """
      Filters and conditions must produce a bool; weights must produce a number (int or \
      float). The message names the type that was expected and the type that was found.
      """)
  /// A call to a function or method that does not exist.
  public static let exprUnknownFunction = DiagnosticDescriptor(
    "E014", title: "unknown function",
    explanation: """
      The functions are `min`, `max`, `abs`, `ceil`, `floor`, `clamp`, `size` and `float` \
      (int to float); the collection macros are `.any(x, p)`, `.all(x, p)` and `.count(x, p)`.
      """)
  /// A function or macro called with the wrong number of arguments.
  public static let exprArgumentCount = DiagnosticDescriptor(
    "E015", title: "wrong number of arguments",
    explanation: """
      `abs`, `ceil`, `floor`, `size` and `float` take one argument; `min` and `max` take two \
      or more; `clamp` takes three; the macros take a variable name and a predicate.
      """)
  /// A macro's first argument is not a usable variable name.
  public static let exprInvalidVariable = DiagnosticDescriptor(
    "E016", title: "invalid bound variable",
    explanation: """
      The first argument of `any`, `all` and `count` must be a simple name that is not a root \
      of the environment and not already bound by an enclosing macro, as in \
      `vm.networks.all(n, n in host.networks)`.
      """)
  /// Dividing by a constant zero.
  public static let exprDivisionByZero = DiagnosticDescriptor(
    "E017", title: "division by constant zero",
    explanation: """
      The divisor is a constant zero. Division and remainder by zero are defined to yield zero \
      (of the result type) so evaluation never fails, but a constant zero divisor is almost \
      certainly a mistake.
      """, severity: .warning)
  /// The compiler's binder has no accessor for a declared field.
  public static let exprUnboundField = DiagnosticDescriptor(
    "E018", title: "field has no value in this context",
    explanation: """
      The field is declared, but the context the expression is compiled for cannot supply it \
      with the declared type (for example a VM-only field in a cluster-level rule).
      """)
  /// A malformed reason template.
  public static let exprTemplateSyntax = DiagnosticDescriptor(
    "E019", title: "malformed reason template",
    explanation: """
      Reason templates are text with `{expression}` holes. Write `{{` and `}}` for literal \
      braces; every `{` needs a matching `}` and a non-empty expression inside.
      """)
}

/// The diagnostics the expression stages report (`E` codes).
public enum ExpressionDiagnostics {
  /// Every expression descriptor, in code order.
  public static let all: [DiagnosticDescriptor] = [
    .exprTooLong, .exprTooDeep, .exprTooManyNodes, .exprUnexpectedCharacter,
    .exprUnterminatedString, .exprInvalidEscape, .exprInvalidNumber, .exprSyntax,
    .exprUnknownName, .exprUnknownField, .exprIncompletePath, .exprTypeMismatch,
    .exprWrongResultType, .exprUnknownFunction, .exprArgumentCount, .exprInvalidVariable,
    .exprDivisionByZero, .exprUnboundField, .exprTemplateSyntax,
  ]
}
