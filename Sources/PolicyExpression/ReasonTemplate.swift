public import Diagnostics

/// A checked reason template: literal text with typed expression holes.
///
/// ```yaml
/// reason: "needs {vm.memoryMiB} MiB, host has {host.schedulableMemoryMiB} MiB schedulable"
/// ```
///
/// `{{` and `}}` stand for literal braces. Each hole is an expression of any type, checked and
/// folded like any other; positions inside holes map back to the file through the template's
/// ``ExpressionSource``. Holes render as: ints in decimal, floats in shortest round-trip form
/// (`2.5`, `3.0`), bools as `true`/`false`, strings as is, sets as sorted `a, b`.
public struct CheckedTemplate: Sendable {
  enum Part: Sendable {
    case text(String)
    case hole(CheckedExpression)
  }

  let parts: [Part]

  /// The holes in order.
  public var holes: [CheckedExpression] {
    parts.compactMap { part in
      if case .hole(let hole) = part { return hole }
      return nil
    }
  }

  /// The template with every hole printed in folded form, e.g. `needs {vm.memoryMiB} MiB`.
  public var printed: String {
    var out = ""
    for part in parts {
      switch part {
      case .text(let text):
        out += text.replacingBraces()
      case .hole(let hole):
        if let value = hole.constantValue, case .string(let text) = value {
          out += text.replacingBraces()
        } else {
          out += "{" + ExpressionPrinter.print(hole) + "}"
        }
      }
    }
    return out
  }
}

extension String {
  fileprivate func replacingBraces() -> String {
    var out = ""
    for character in self {
      switch character {
      case "{": out += "{{"
      case "}": out += "}}"
      default: out.append(character)
      }
    }
    return out
  }
}

/// A compiled reason template: renders the reason for one context.
public struct CompiledTemplate<Context>: Sendable {
  enum Part: Sendable {
    case text(String)
    case hole(CompiledExpression<Context>.Root)
  }

  let parts: [Part]

  /// Renders the template for one context.
  /// - Complexity: O(n) in the size of the template and the rendered values.
  public func render(_ context: borrowing Context) -> String {
    var out = ""
    for part in parts {
      switch part {
      case .text(let text): out += text
      case .hole(.int(let evaluate)): out += String(evaluate(context, Locals.empty))
      case .hole(.float(let evaluate)):
        out += ExpressionSemantics.display(evaluate(context, Locals.empty))
      case .hole(.bool(let evaluate)): out += evaluate(context, Locals.empty) ? "true" : "false"
      case .hole(.string(let evaluate)): out += evaluate(context, Locals.empty)
      case .hole(.stringSet(let evaluate)):
        out += evaluate(context, Locals.empty).sortedElements.joined(separator: ", ")
      case .hole(let root):
        out += root.value(context).displayText
      }
    }
    return out
  }
}

extension ExpressionChecker {
  /// Parses and checks a reason template.
  ///
  /// - Returns: the checked template (`nil` when any error was reported) and every diagnostic,
  ///   sorted. All holes are checked even after an error in one of them.
  /// - Complexity: O(n) in the length of the template.
  public func checkTemplate(_ source: ExpressionSource) -> (CheckedTemplate?, [Diagnostic]) {
    let parser = ExpressionParser(limits: limits)
    if let diagnostic = parser.checkLength(source) { return (nil, [diagnostic]) }
    let bytes = Array(source.text.utf8)
    var parts: [CheckedTemplate.Part] = []
    var diagnostics: [Diagnostic] = []
    var text: [UInt8] = []
    var index = 0
    func flushText() {
      if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
      text.removeAll()
    }
    let open = UInt8(ascii: "{")
    let close = UInt8(ascii: "}")
    while index < bytes.count {
      let byte = bytes[index]
      if byte == open, index + 1 < bytes.count, bytes[index + 1] == open {
        text.append(open)
        index += 2
        continue
      }
      if byte == close {
        if index + 1 < bytes.count, bytes[index + 1] == close {
          text.append(close)
          index += 2
          continue
        }
        diagnostics.append(
          Diagnostic(
            .exprTemplateSyntax, "unexpected '}' in reason template",
            at: source.span(ofValueRange: index..<index + 1), help: "write '}}' for a literal '}'"))
        index += 1
        continue
      }
      guard byte == open else {
        text.append(byte)
        index += 1
        continue
      }
      // A hole: find the matching `}`, skipping string literals.
      let holeStart = index + 1
      var end = holeStart
      var quote: UInt8?
      while end < bytes.count {
        let current = bytes[end]
        if let activeQuote = quote {
          if current == UInt8(ascii: "\\") {
            end += 1
          } else if current == activeQuote {
            quote = nil
          }
        } else if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
          quote = current
        } else if current == close || current == open {
          break
        }
        end += 1
      }
      guard end < bytes.count, bytes[end] == close else {
        diagnostics.append(
          Diagnostic(
            .exprTemplateSyntax,
            "expected '}' to close the hole in reason template, found "
              + (end < bytes.count ? "'{'" : "end of text"),
            at: source.span(ofValueRange: min(end, bytes.count)..<min(end + 1, bytes.count)),
            notes: [
              Diagnostic.Note("'{' opened here", at: source.span(ofValueRange: index..<index + 1))
            ],
            help: "write '{{' for a literal '{'"))
        index = end
        continue
      }
      flushText()
      let holeSource = source.slice(holeStart..<end)
      if holeSource.text.allSatisfy(\.isWhitespace) {
        diagnostics.append(
          Diagnostic(
            .exprTemplateSyntax, "expected an expression inside '{…}', found nothing",
            at: source.span(ofValueRange: index..<end + 1), help: "write '{{}}' for literal braces")
        )
      } else {
        let (hole, holeDiagnostics) = check(holeSource, expecting: .any)
        diagnostics.append(contentsOf: holeDiagnostics)
        if let hole { parts.append(.hole(hole)) }
      }
      index = end + 1
    }
    flushText()
    let sorted = Diagnostic.sorted(diagnostics)
    guard !sorted.contains(where: { $0.severity == .error }) else { return (nil, sorted) }
    return (CheckedTemplate(parts: parts), sorted)
  }
}
