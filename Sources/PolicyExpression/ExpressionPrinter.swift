/// Prints checked expressions in canonical form, after folding, for `shepherd compile`.
///
/// The output parses back to an equivalent expression: parentheses appear exactly where
/// precedence needs them, binary operators have one space on each side, strings use double
/// quotes, constant sets are sorted, and implicit int→float widening is shown as `float(…)` only
/// where no float operand beside it implies it (a folded widened constant prints as a float,
/// e.g. `1024.0`).
///
/// ```
/// when: host.memory.freeMiB >= params.MinFreeMiB * 2     (MinFreeMiB = 512)
/// prints: host.memory.freeMiB >= 1024
/// ```
public enum ExpressionPrinter {
  /// The canonical text of a checked expression.
  /// - Complexity: O(n) in the number of nodes.
  public static func print(_ expression: CheckedExpression) -> String {
    var out = ""
    write(expression.root, to: &out)
    return out
  }

  /// The literal form of a value: `42`, `1.5`, `true`, `"text"`, `["a", "b"]`.
  public static func literal(_ value: ExpressionValue) -> String {
    switch value {
    case .int(let x): return String(x)
    case .float(let x): return ExpressionSemantics.display(x)
    case .bool(let x): return x ? "true" : "false"
    case .string(let x): return quoted(x)
    case .stringSet(let x): return "[" + x.sortedElements.map(quoted).joined(separator: ", ") + "]"
    }
  }

  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// Binding strength of a node as printed: 1 `?:`, 2–6 binary levels, 7 unary, 8 atoms.
  private static func precedence(_ node: TypedExpression) -> Int {
    switch node.kind {
    case .conditional: return 1
    case .binary(let op, _, _): return op.precedence
    case .not, .negate: return 7
    case .constant(.int(let x)) where x < 0: return 7
    case .constant(.float(let x)) where x.sign == .minus: return 7
    case .toFloat(let x): return precedence(x)
    default: return 8
    }
  }

  /// Whether some operand is a float in its own right, so widening the others is implied.
  private static func impliesWidening(_ operands: [TypedExpression]) -> Bool {
    operands.contains { operand in
      if case .toFloat = operand.kind { return false }
      return operand.type == .float
    }
  }

  /// Writes a node; `isWideningImplied` tells whether an int→float widening at this node is
  /// implied by a float sibling (and can be left out) or must be written as `float(…)`.
  private static func write(
    _ node: TypedExpression, isWideningImplied: Bool = false, to out: inout String
  ) {
    switch node.kind {
    case .constant(let value): out += literal(value)
    case .namedConstant(let path, _), .field(_, let path): out += path
    case .local(_, let name): out += name
    case .toFloat(let x):
      if isWideningImplied {
        write(x, to: &out)
      } else {
        out += "float("
        write(x, to: &out)
        out += ")"
      }
    case .not(let x):
      out += "!"
      write(x, parenthesizedBelow: 7, to: &out)
    case .negate(let x):
      out += "-"
      // Parenthesise a negative operand so `-(-5)` never prints as `--5`.
      write(x, parenthesizedBelow: 8, to: &out)
    case .binary(let op, let a, let b):
      let implied = impliesWidening([a, b])
      write(a, parenthesizedBelow: op.precedence, isWideningImplied: implied, to: &out)
      out += " \(op.rawValue) "
      write(b, parenthesizedBelow: op.precedence + 1, isWideningImplied: implied, to: &out)
    case .conditional(let condition, let a, let b):
      let implied = impliesWidening([a, b])
      write(condition, parenthesizedBelow: 2, to: &out)
      out += " ? "
      write(a, isWideningImplied: implied, to: &out)
      out += " : "
      write(b, isWideningImplied: implied, to: &out)
    case .set(let elements):
      out += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { out += ", " }
        write(element, to: &out)
      }
      out += "]"
    case .call(let function, let arguments):
      let implied = impliesWidening(arguments)
      out += function.rawValue + "("
      for (index, argument) in arguments.enumerated() {
        if index > 0 { out += ", " }
        write(argument, isWideningImplied: implied, to: &out)
      }
      out += ")"
    case .macro(let macro, let collection, _, let name, let predicate):
      write(collection, parenthesizedBelow: 8, to: &out)
      out += ".\(macro.rawValue)(\(name), "
      write(predicate, to: &out)
      out += ")"
    }
  }

  private static func write(
    _ node: TypedExpression, parenthesizedBelow level: Int, isWideningImplied: Bool = false,
    to out: inout String
  ) {
    let isExplicitConversion: Bool
    if case .toFloat = node.kind {
      isExplicitConversion = !isWideningImplied
    } else {
      isExplicitConversion = false
    }
    if !isExplicitConversion, precedence(node) < level {
      out += "("
      write(node, isWideningImplied: isWideningImplied, to: &out)
      out += ")"
    } else {
      write(node, isWideningImplied: isWideningImplied, to: &out)
    }
  }
}
