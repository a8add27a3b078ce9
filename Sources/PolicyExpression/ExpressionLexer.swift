internal import Diagnostics

/// One token: its kind and its UTF-8 byte range in the expression text.
struct ExpressionToken: Sendable {
  enum Kind: Sendable, Equatable {
    /// Integer digits; `nil` when the magnitude does not fit in a `UInt64`.
    case int(UInt64?)
    case float(Double)
    case string(String)
    case identifier(String)
    case keywordTrue, keywordFalse, keywordIn
    case leftParen, rightParen, leftBracket, rightBracket, comma, dot, question, colon
    case bang, minus, plus, star, slash, percent
    case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual, ampAmp, pipePipe
    case end
  }

  var kind: Kind
  var range: Range<Int>

  /// How the token is described in "found …" messages.
  func describe(in bytes: [UInt8]) -> String {
    switch kind {
    case .end: return "end of expression"
    case .string: return "string literal"
    case .int, .float: return "number '\(String(decoding: bytes[range], as: UTF8.self))'"
    default: return "'\(String(decoding: bytes[range], as: UTF8.self))'"
    }
  }
}

/// Splits expression text into tokens.
///
/// Stops at the first lexical error and reports it; the parser never sees a broken stream.
struct ExpressionLexer {
  private let bytes: [UInt8]
  private let source: ExpressionSource
  private var index = 0

  init(source: ExpressionSource) {
    self.source = source
    self.bytes = Array(source.text.utf8)
  }

  /// Every token followed by `.end`, or the first lexical error.
  /// - Complexity: O(n) in the length of the text.
  mutating func tokenize() -> Result<[ExpressionToken], LexError> {
    var tokens: [ExpressionToken] = []
    while true {
      switch next() {
      case .success(let token):
        tokens.append(token)
        if token.kind == .end { return .success(tokens) }
      case .failure(let error):
        return .failure(error)
      }
    }
  }

  struct LexError: Error {
    var diagnostic: Diagnostic
  }

  private func failure(
    _ descriptor: DiagnosticDescriptor, _ message: String, _ range: Range<Int>,
    help: String? = nil
  ) -> Result<ExpressionToken, LexError> {
    .failure(
      LexError(
        diagnostic: Diagnostic(
          descriptor, message, at: source.span(ofValueRange: range), help: help)))
  }

  private mutating func next() -> Result<ExpressionToken, LexError> {
    while index < bytes.count, isSpace(bytes[index]) { index += 1 }
    let start = index
    guard index < bytes.count else {
      return .success(ExpressionToken(kind: .end, range: start..<start))
    }
    let byte = bytes[index]
    if isIdentifierStart(byte) {
      while index < bytes.count, isIdentifierContinue(bytes[index]) { index += 1 }
      let name = String(decoding: bytes[start..<index], as: UTF8.self)
      let kind: ExpressionToken.Kind =
        switch name {
        case "true": .keywordTrue
        case "false": .keywordFalse
        case "in": .keywordIn
        default: .identifier(name)
        }
      return .success(ExpressionToken(kind: kind, range: start..<index))
    }
    if isDigit(byte) { return number() }
    if byte == 0x22 || byte == 0x27 { return string(quote: byte) }
    index += 1
    func token(_ kind: ExpressionToken.Kind) -> Result<ExpressionToken, LexError> {
      .success(ExpressionToken(kind: kind, range: start..<index))
    }
    func followedBy(_ second: UInt8) -> Bool {
      if index < bytes.count, bytes[index] == second {
        index += 1
        return true
      }
      return false
    }
    switch byte {
    case UInt8(ascii: "("): return token(.leftParen)
    case UInt8(ascii: ")"): return token(.rightParen)
    case UInt8(ascii: "["): return token(.leftBracket)
    case UInt8(ascii: "]"): return token(.rightBracket)
    case UInt8(ascii: ","): return token(.comma)
    case UInt8(ascii: "."): return token(.dot)
    case UInt8(ascii: "?"): return token(.question)
    case UInt8(ascii: ":"): return token(.colon)
    case UInt8(ascii: "+"): return token(.plus)
    case UInt8(ascii: "-"): return token(.minus)
    case UInt8(ascii: "*"): return token(.star)
    case UInt8(ascii: "/"): return token(.slash)
    case UInt8(ascii: "%"): return token(.percent)
    case UInt8(ascii: "!"): return token(followedBy(UInt8(ascii: "=")) ? .bangEqual : .bang)
    case UInt8(ascii: "<"): return token(followedBy(UInt8(ascii: "=")) ? .lessEqual : .less)
    case UInt8(ascii: ">"): return token(followedBy(UInt8(ascii: "=")) ? .greaterEqual : .greater)
    case UInt8(ascii: "="):
      if followedBy(UInt8(ascii: "=")) { return token(.equalEqual) }
      return failure(
        .exprUnexpectedCharacter, "unexpected character '=' in expression", start..<index,
        help: "use '==' to compare values")
    case UInt8(ascii: "&"):
      if followedBy(UInt8(ascii: "&")) { return token(.ampAmp) }
      return failure(
        .exprUnexpectedCharacter, "unexpected character '&' in expression", start..<index,
        help: "use '&&' for logical and")
    case UInt8(ascii: "|"):
      if followedBy(UInt8(ascii: "|")) { return token(.pipePipe) }
      return failure(
        .exprUnexpectedCharacter, "unexpected character '|' in expression", start..<index,
        help: "use '||' for logical or")
    default:
      // Cover the whole scalar, however many bytes it has.
      while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
      let text = String(decoding: bytes[start..<index], as: UTF8.self)
      let shown =
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
        ? text : "U+" + String(text.unicodeScalars.first?.value ?? 0, radix: 16, uppercase: true)
      let code = text.unicodeScalars.first.map { String($0.value, radix: 16, uppercase: true) }
      let help =
        byte >= 0x80
        ? "this is U+\(code ?? "?"); outside string literals only ASCII is allowed" : nil
      return failure(
        .exprUnexpectedCharacter, "unexpected character '\(shown)' in expression",
        start..<index, help: help)
    }
  }

  private mutating func number() -> Result<ExpressionToken, LexError> {
    let start = index
    var magnitude: UInt64? = 0
    while index < bytes.count, isDigit(bytes[index]) {
      if let value = magnitude {
        let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
        let (plus, overflow2) = times.addingReportingOverflow(UInt64(bytes[index] - 0x30))
        magnitude = overflow1 || overflow2 ? nil : plus
      }
      index += 1
    }
    var isFloat = false
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      isFloat = true
      index += 1
      let digitsStart = index
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
      if index == digitsStart {
        return failure(
          .exprInvalidNumber, "expected digits after '.' in number literal", start..<index)
      }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      isFloat = true
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
      {
        index += 1
      }
      let digitsStart = index
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
      if index == digitsStart {
        return failure(
          .exprInvalidNumber, "expected digits in the exponent of number literal", start..<index)
      }
    }
    if index < bytes.count, isIdentifierContinue(bytes[index]) {
      while index < bytes.count, isIdentifierContinue(bytes[index]) { index += 1 }
      let text = String(decoding: bytes[start..<index], as: UTF8.self)
      return failure(
        .exprInvalidNumber, "invalid number literal '\(text)'", start..<index,
        help: "names cannot start with a digit")
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    if isFloat {
      guard let value = Double(text), value.isFinite else {
        return failure(
          .exprInvalidNumber, "float literal '\(text)' is out of range", start..<index)
      }
      return .success(ExpressionToken(kind: .float(value), range: start..<index))
    }
    return .success(ExpressionToken(kind: .int(magnitude), range: start..<index))
  }

  private mutating func string(quote: UInt8) -> Result<ExpressionToken, LexError> {
    let start = index
    index += 1
    var value: [UInt8] = []
    while index < bytes.count {
      let byte = bytes[index]
      if byte == quote {
        index += 1
        return .success(
          ExpressionToken(
            kind: .string(String(decoding: value, as: UTF8.self)), range: start..<index))
      }
      if byte == 0x0A || byte == 0x0D { break }
      if byte == UInt8(ascii: "\\") {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { break }
        let escaped = bytes[index]
        switch escaped {
        case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): value.append(escaped)
        case UInt8(ascii: "n"): value.append(0x0A)
        case UInt8(ascii: "t"): value.append(0x09)
        case UInt8(ascii: "r"): value.append(0x0D)
        default:
          var end = index + 1
          while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
          let text = String(decoding: bytes[escapeStart..<end], as: UTF8.self)
          return failure(
            .exprInvalidEscape, "invalid escape sequence '\(text)' in string literal",
            escapeStart..<end, help: "write '\\\\' for a backslash")
        }
        index += 1
        continue
      }
      value.append(byte)
      index += 1
    }
    let quoteText = quote == 0x22 ? "'\"'" : "\"'\""
    return failure(
      .exprUnterminatedString,
      "unterminated string literal: expected a closing \(quoteText), found "
        + (index < bytes.count ? "a line break" : "end of expression"),
      start..<index)
  }

  private func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  private func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
  }

  private func isIdentifierContinue(_ byte: UInt8) -> Bool {
    isIdentifierStart(byte) || isDigit(byte)
  }
}
