public import Diagnostics

/// Parses expression text into an ``ExpressionSyntax`` tree with file spans.
///
/// Grammar, loosest to tightest (all binary levels associate left):
///
/// ```
/// expression  := or ('?' expression ':' expression)?
/// or          := and ('||' and)*
/// and         := relation ('&&' relation)*
/// relation    := sum (('==' | '!=' | '<' | '<=' | '>' | '>=' | 'in') sum)*
/// sum         := product (('+' | '-') product)*
/// product     := unary (('*' | '/' | '%') unary)*
/// unary       := ('!' | '-') unary | postfix
/// postfix     := primary ('.' name ('(' arguments ')')?)*
/// primary     := int | float | string | 'true' | 'false' | name ('(' arguments ')')?
///              | '(' expression ')' | '[' (expression (',' expression)* ','?)? ']'
/// ```
///
/// The parser stops at the first error: it reports one diagnostic and returns no tree. The
/// length limit is checked before lexing; the depth and node limits are checked as the tree
/// grows, so recursion never goes deeper than ``ExpressionLimits/maxDepth`` levels.
public struct ExpressionParser: Sendable {
  /// The limits to enforce.
  public var limits: ExpressionLimits

  /// Creates a parser.
  public init(limits: ExpressionLimits = .default) { self.limits = limits }

  /// Parses one expression.
  ///
  /// - Returns: the tree, or `nil` and the diagnostic that stopped parsing.
  /// - Complexity: O(n) in the length of the text; fails in O(limit) for over-long input.
  public func parse(_ source: ExpressionSource) -> (ExpressionSyntax?, [Diagnostic]) {
    if let diagnostic = checkLength(source) { return (nil, [diagnostic]) }
    var lexer = ExpressionLexer(source: source)
    let tokens: [ExpressionToken]
    switch lexer.tokenize() {
    case .success(let result): tokens = result
    case .failure(let error): return (nil, [error.diagnostic])
    }
    var state = ParserState(source: source, tokens: tokens, limits: limits)
    do {
      let syntax = try state.parseTopLevel()
      return (syntax, [])
    } catch {
      return (nil, [error.diagnostic])
    }
  }

  /// Reports an over-long text without looking past the limit.
  func checkLength(_ source: ExpressionSource) -> Diagnostic? {
    var count = 0
    for _ in source.text.unicodeScalars {
      count += 1
      if count > limits.maxLengthScalars {
        let length = source.text.utf8.count
        return Diagnostic(
          .exprTooLong,
          "expression is longer than the limit of \(limits.maxLengthScalars) characters",
          at: source.span(ofValueRange: 0..<min(length, 1)),
          help: "split it into several rules or move parts into policy properties")
      }
    }
    return nil
  }
}

struct ParseFailure: Error {
  var diagnostic: Diagnostic
}

private struct ParserState {
  let source: ExpressionSource
  let tokens: [ExpressionToken]
  let bytes: [UInt8]
  let limits: ExpressionLimits
  var position = 0
  var nesting = 0
  var nodeCount = 0

  init(source: ExpressionSource, tokens: [ExpressionToken], limits: ExpressionLimits) {
    self.source = source
    self.tokens = tokens
    self.bytes = Array(source.text.utf8)
    self.limits = limits
  }

  var current: ExpressionToken { tokens[min(position, tokens.count - 1)] }

  func peek(_ ahead: Int) -> ExpressionToken { tokens[min(position + ahead, tokens.count - 1)] }

  mutating func advance() -> ExpressionToken {
    let token = current
    if position < tokens.count - 1 { position += 1 }
    return token
  }

  func span(_ token: ExpressionToken) -> SourceSpan { source.span(ofValueRange: token.range) }

  func failure(
    _ descriptor: DiagnosticDescriptor, _ message: String, at span: SourceSpan,
    notes: [Diagnostic.Note] = [], help: String? = nil
  ) -> ParseFailure {
    ParseFailure(diagnostic: Diagnostic(descriptor, message, at: span, notes: notes, help: help))
  }

  func expected(_ what: String, help: String? = nil) -> ParseFailure {
    failure(
      .exprSyntax, "expected \(what), found \(current.describe(in: bytes))", at: span(current),
      help: help)
  }

  /// Creates a node, enforcing the node and depth limits.
  mutating func node(_ kind: ExpressionSyntax.Kind, span: SourceSpan, children: Int...)
    throws(ParseFailure) -> ExpressionSyntax
  {
    nodeCount += 1
    if nodeCount > limits.maxNodes {
      throw failure(
        .exprTooManyNodes, "expression has more than \(limits.maxNodes) nodes", at: span,
        help: "simplify the expression")
    }
    let height = (children.max() ?? 0) + 1
    if height > limits.maxDepth {
      // A chain `a && b && …` nests one level per operator: point at the operator.
      if case .binary(let op, _, _, let operatorSpan) = kind {
        throw failure(
          .exprTooDeep, "expression nests deeper than the limit of \(limits.maxDepth)",
          at: operatorSpan,
          help: "each '\(op.rawValue)' in a chain adds a level; split the expression into "
            + "several rules or parenthesise balanced groups")
      }
      throw tooDeep(at: span)
    }
    return ExpressionSyntax(kind, span: span, height: height)
  }

  func tooDeep(at span: SourceSpan) -> ParseFailure {
    failure(
      .exprTooDeep, "expression nests deeper than the limit of \(limits.maxDepth)", at: span,
      help: "simplify the expression")
  }

  /// Enters a nested construct (parentheses, operand, argument), bounding recursion.
  mutating func enter() throws(ParseFailure) {
    nesting += 1
    if nesting > limits.maxDepth { throw tooDeep(at: span(current)) }
  }

  mutating func leave() { nesting -= 1 }

  mutating func parseTopLevel() throws(ParseFailure) -> ExpressionSyntax {
    if current.kind == .end { throw expected("an expression") }
    let result = try parseExpression()
    if current.kind != .end { throw expected("an operator or end of expression") }
    return result
  }

  mutating func parseExpression() throws(ParseFailure) -> ExpressionSyntax {
    try enter()
    defer { leave() }
    let condition = try parseBinary(level: BinaryOperator.or.precedence)
    guard current.kind == .question else { return condition }
    let question = advance()
    let whenTrue = try parseExpression()
    guard current.kind == .colon else {
      throw failure(
        .exprSyntax, "expected ':' in conditional expression, found \(current.describe(in: bytes))",
        at: span(current), notes: [Diagnostic.Note("'?' is here", at: span(question))])
    }
    _ = advance()
    let whenFalse = try parseExpression()
    return try node(
      .conditional(condition, whenTrue, whenFalse), span: condition.span.union(whenFalse.span),
      children: condition.height, whenTrue.height, whenFalse.height)
  }

  func binaryOperator(_ kind: ExpressionToken.Kind) -> BinaryOperator? {
    switch kind {
    case .pipePipe: .or
    case .ampAmp: .and
    case .equalEqual: .equal
    case .bangEqual: .notEqual
    case .less: .less
    case .lessEqual: .lessOrEqual
    case .greater: .greater
    case .greaterEqual: .greaterOrEqual
    case .keywordIn: .in
    case .plus: .add
    case .minus: .subtract
    case .star: .multiply
    case .slash: .divide
    case .percent: .remainder
    default: nil
    }
  }

  /// Parses a left-associative chain at one precedence level, iteratively.
  mutating func parseBinary(level: Int) throws(ParseFailure) -> ExpressionSyntax {
    if level > BinaryOperator.multiply.precedence { return try parseUnary() }
    var lhs = try parseBinary(level: level + 1)
    while let op = binaryOperator(current.kind), op.precedence == level {
      let operatorToken = advance()
      let rhs = try parseBinary(level: level + 1)
      lhs = try node(
        .binary(op, lhs, rhs, operatorSpan: span(operatorToken)), span: lhs.span.union(rhs.span),
        children: lhs.height, rhs.height)
    }
    return lhs
  }

  mutating func parseUnary() throws(ParseFailure) -> ExpressionSyntax {
    let start = current
    switch start.kind {
    case .bang, .minus:
      _ = advance()
      // `-` directly followed by a number literal is a negative literal, so that
      // -9223372036854775808 is expressible.
      if start.kind == .minus, peek(1).kind != .dot {
        if case .int(let magnitude) = current.kind {
          let literal = advance()
          let range = start.range.lowerBound..<literal.range.upperBound
          guard let magnitude, magnitude <= UInt64(Int64.max) + 1 else {
            throw outOfRange(range)
          }
          let value = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
          return try node(.int(value), span: source.span(ofValueRange: range))
        }
        if case .float(let value) = current.kind {
          let literal = advance()
          let range = start.range.lowerBound..<literal.range.upperBound
          return try node(.float(-value), span: source.span(ofValueRange: range))
        }
      }
      try enter()
      defer { leave() }
      let operand = try parseUnary()
      let op: UnaryOperator = start.kind == .bang ? .not : .negate
      return try node(
        .unary(op, operand), span: span(start).union(operand.span), children: operand.height)
    default:
      return try parsePostfix()
    }
  }

  func outOfRange(_ range: Range<Int>) -> ParseFailure {
    let text = String(decoding: bytes[range], as: UTF8.self)
    return failure(
      .exprInvalidNumber,
      "integer literal '\(text)' does not fit in a 64-bit int",
      at: source.span(ofValueRange: range),
      help: "ints range from -9223372036854775808 to 9223372036854775807; write a float like "
        + "'\(text).0' for larger values")
  }

  mutating func parsePostfix() throws(ParseFailure) -> ExpressionSyntax {
    var base = try parsePrimary()
    while current.kind == .dot {
      _ = advance()
      guard case .identifier(let name) = current.kind else {
        throw expected("a field name after '.'")
      }
      let nameToken = advance()
      let nameSpan = span(nameToken)
      if current.kind == .leftParen {
        let (arguments, close) = try parseArguments()
        var heights = arguments.map(\.height)
        heights.append(base.height)
        base = try node(
          .method(base, name: name, nameSpan: nameSpan, arguments: arguments),
          span: base.span.union(span(close)), children: heights.max() ?? 0)
      } else {
        base = try node(
          .member(base, name: name, nameSpan: nameSpan), span: base.span.union(nameSpan),
          children: base.height)
      }
    }
    return base
  }

  /// Parses `( a, b, … )` starting at `(`; returns the arguments and the `)` token.
  mutating func parseArguments() throws(ParseFailure) -> ([ExpressionSyntax], ExpressionToken) {
    let open = advance()
    var arguments: [ExpressionSyntax] = []
    if current.kind != .rightParen {
      while true {
        arguments.append(try parseExpression())
        if current.kind == .comma {
          _ = advance()
          continue
        }
        break
      }
    }
    guard current.kind == .rightParen else {
      throw failure(
        .exprSyntax, "expected ',' or ')' in argument list, found \(current.describe(in: bytes))",
        at: span(current), notes: [Diagnostic.Note("'(' opened here", at: span(open))])
    }
    return (arguments, advance())
  }

  mutating func parsePrimary() throws(ParseFailure) -> ExpressionSyntax {
    let token = current
    switch token.kind {
    case .int(let magnitude):
      _ = advance()
      guard let magnitude, magnitude <= UInt64(Int64.max) else { throw outOfRange(token.range) }
      return try node(.int(Int64(magnitude)), span: span(token))
    case .float(let value):
      _ = advance()
      return try node(.float(value), span: span(token))
    case .string(let value):
      _ = advance()
      return try node(.string(value), span: span(token))
    case .keywordTrue, .keywordFalse:
      _ = advance()
      return try node(.bool(token.kind == .keywordTrue), span: span(token))
    case .identifier(let name):
      _ = advance()
      if current.kind == .leftParen {
        let (arguments, close) = try parseArguments()
        return try node(
          .call(name: name, nameSpan: span(token), arguments: arguments),
          span: span(token).union(span(close)), children: arguments.map(\.height).max() ?? 0)
      }
      return try node(.identifier(name), span: span(token))
    case .leftParen:
      _ = advance()
      var inner = try parseExpression()
      guard current.kind == .rightParen else {
        throw failure(
          .exprSyntax, "expected ')', found \(current.describe(in: bytes))", at: span(current),
          notes: [Diagnostic.Note("'(' opened here", at: span(token))])
      }
      let close = advance()
      inner.span = span(token).union(span(close))
      return inner
    case .leftBracket:
      _ = advance()
      var elements: [ExpressionSyntax] = []
      while current.kind != .rightBracket {
        elements.append(try parseExpression())
        if current.kind == .comma {
          _ = advance()
          continue
        }
        guard current.kind == .rightBracket else {
          throw failure(
            .exprSyntax,
            "expected ',' or ']' in set literal, found \(current.describe(in: bytes))",
            at: span(current), notes: [Diagnostic.Note("'[' opened here", at: span(token))])
        }
      }
      let close = advance()
      return try node(
        .set(elements), span: span(token).union(span(close)),
        children: elements.map(\.height).max() ?? 0)
    case .keywordIn:
      throw expected("an operand", help: "'in' tests membership: 'name in set'")
    default:
      throw expected("an operand")
    }
  }
}
