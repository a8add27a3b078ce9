public import Diagnostics

/// Typed accessors that report what they expected and what they found, at the node's span.
///
/// Each takes a `what` (e.g. "'memoryMiB'") used in the message, and the descriptor to report
/// with, so the snapshot and policy loaders can use their own codes.
extension Node {
  /// The mapping, or a diagnostic "expected a mapping for 'hosts', found a sequence".
  public func expectMapping(
    _ what: String, _ diagnostics: inout DiagnosticBag,
    code: DiagnosticDescriptor = .yamlTypeMismatch
  ) -> Mapping? {
    if case .mapping(let mapping) = self { return mapping }
    report(expected: "a mapping", what, &diagnostics, code: code)
    return nil
  }

  /// The sequence, or a diagnostic.
  public func expectSequence(
    _ what: String, _ diagnostics: inout DiagnosticBag,
    code: DiagnosticDescriptor = .yamlTypeMismatch
  ) -> Sequence? {
    if case .sequence(let sequence) = self { return sequence }
    var help: String?
    // `key: value` followed by an indented `- item` line is one plain scalar to YAML
    // ("value - item"), a common slip when a value is turned into a list.
    if case .scalar(let scalar) = self, scalar.style == .plain, scalar.value.contains(" - ") {
      help =
        "the '- ' lines indented under a value continue that value; to write a list, put "
        + "every item on its own '- ' line under the key (or write [a, b])"
    }
    report(expected: "a sequence", what, &diagnostics, code: code, help: help)
    return nil
  }

  /// A string: any non-null scalar, taken as written (so `version: 4.7` reads as "4.7").
  public func expectString(
    _ what: String, _ diagnostics: inout DiagnosticBag,
    code: DiagnosticDescriptor = .yamlTypeMismatch
  ) -> String? {
    if case .scalar(let scalar) = self, !isNull { return scalar.value }
    report(expected: "a string", what, &diagnostics, code: code)
    return nil
  }

  /// An integer (plain `42`, `0x2A`, `0o52`, or `!!int`).
  public func expectInt(
    _ what: String, _ diagnostics: inout DiagnosticBag,
    code: DiagnosticDescriptor = .yamlTypeMismatch
  ) -> Int? {
    if case .scalar(let scalar) = self {
      switch scalar.resolved {
      case .int(let value): return value
      case .float(let value) where value == value.rounded() && abs(value) < 9e15:
        report(
          expected: "an integer", what, &diagnostics, code: code,
          help: "write it without a decimal point: \(Int(value))")
        return nil
      case .integerOutOfRange:
        diagnostics.report(
          code, "integer for \(what) is out of range: '\(scalar.value)'", at: span)
        return nil
      default: break
      }
    }
    report(expected: "an integer", what, &diagnostics, code: code)
    return nil
  }

  /// A number: an integer or a float (not NaN).
  public func expectDouble(
    _ what: String, _ diagnostics: inout DiagnosticBag,
    code: DiagnosticDescriptor = .yamlTypeMismatch
  ) -> Double? {
    if case .scalar(let scalar) = self {
      switch scalar.resolved {
      case .int(let value): return Double(value)
      case .float(let value) where value.isFinite: return value
      default: break
      }
    }
    report(expected: "a finite number", what, &diagnostics, code: code)
    return nil
  }

  /// A boolean: `true` or `false` (YAML 1.2: `yes`, `no`, `on`, `off` are strings).
  public func expectBool(
    _ what: String, _ diagnostics: inout DiagnosticBag,
    code: DiagnosticDescriptor = .yamlTypeMismatch
  ) -> Bool? {
    if case .scalar(let scalar) = self {
      if case .bool(let value) = scalar.resolved { return value }
      let lowered = scalar.value.lowercased()
      if scalar.style == .plain, ["yes", "no", "on", "off", "y", "n"].contains(lowered) {
        let suggestion = ["yes", "on", "y"].contains(lowered) ? "true" : "false"
        report(
          expected: "a boolean", what, &diagnostics, code: code,
          help: "YAML 1.2 reads '\(scalar.value)' as a string; write \(suggestion)")
        return nil
      }
    }
    report(expected: "a boolean (true or false)", what, &diagnostics, code: code)
    return nil
  }

  /// A sequence of strings (each item any non-null scalar).
  public func expectStringList(
    _ what: String, _ diagnostics: inout DiagnosticBag,
    code: DiagnosticDescriptor = .yamlTypeMismatch
  ) -> [String]? {
    guard let sequence = expectSequence(what, &diagnostics, code: code) else { return nil }
    var values: [String] = []
    values.reserveCapacity(sequence.items.count)
    var ok = true
    for item in sequence.items {
      if let value = item.expectString("an item of \(what)", &diagnostics, code: code) {
        values.append(value)
      } else {
        ok = false
      }
    }
    return ok ? values : nil
  }

  /// A description of what was found, for messages: "a sequence", "the string 'yes'", "null".
  public var foundDescription: String {
    switch self {
    case .mapping: return "a mapping"
    case .sequence: return "a sequence"
    case .scalar(let scalar):
      switch scalar.resolved {
      case .null: return "null"
      case .bool(let value): return "the boolean \(value)"
      case .int, .float, .integerOutOfRange: return "the number \(scalar.value)"
      case .string(let value):
        let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
        return "the string '\(shown)'"
      }
    }
  }

  private func report(
    expected: String, _ what: String, _ diagnostics: inout DiagnosticBag,
    code: DiagnosticDescriptor, help: String? = nil
  ) {
    diagnostics.report(
      code, "expected \(expected) for \(what), found \(foundDescription)", at: span, help: help)
  }
}
