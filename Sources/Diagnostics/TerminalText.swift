/// Makes untrusted text (a host, VM or group name, a message quoting one, a source line) safe
/// to print on a terminal or in a plain-text log: control characters and bidirectional
/// formatting characters are shown as visible escapes instead of acting on the terminal.
///
/// Escaped: C0 controls (newline as `\n`, carriage return as `\r`, tab as `\t`, others as
/// `\x1B`), DEL and the C1 controls (`\x7F`, `\x9B`), and the characters that reorder or hide
/// text: the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
/// directional marks (U+200E, U+200F, U+061C), the line and paragraph separators
/// (U+2028, U+2029), the zero-width characters (U+200B–U+200D, U+2060–U+2065) and the
/// byte-order mark (U+FEFF), as `\u{202E}`. Everything else, including non-Latin letters and emoji,
/// is kept. Every text output (diagnostics, tables, reports) passes names through this one
/// function; JSON, SARIF and JUnit output escape by their own rules instead.
public enum TerminalText {
  /// `text` with every control and bidi character escaped visibly; `keepingTabs` leaves tabs
  /// as they are (a quoted source line keeps its tabs so the caret line stays aligned).
  public static func escaped(_ text: String, keepingTabs: Bool = false) -> String {
    // Fast path: most text needs nothing.
    guard text.unicodeScalars.contains(where: { needsEscape($0, keepingTabs: keepingTabs) })
    else { return text }
    var out = ""
    out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
    for scalar in text.unicodeScalars {
      if needsEscape(scalar, keepingTabs: keepingTabs) {
        out += escape(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A whole rendered text (a report, a table, rendered diagnostics) made safe for a terminal:
  /// like ``escaped(_:keepingTabs:)`` but keeping newlines, tabs and the SGR colour sequences
  /// (`ESC [ digits ; … m`) the renderers add themselves. The CLI passes every text output
  /// through this, so no name reaches the terminal with a control or bidi character even where a
  /// renderer forgot to escape it (names inside lines are escaped where they are interpolated,
  /// so a newline in a name cannot start a forged line).
  public static func sanitizedOutput(_ text: String) -> String {
    guard
      text.unicodeScalars.contains(where: {
        $0 != "\n" && needsEscape($0, keepingTabs: true)
      })
    else { return text }
    var out = ""
    let scalars = Array(text.unicodeScalars)
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "\u{1B}", let end = sgrEnd(scalars, from: index) {
        out.unicodeScalars.append(contentsOf: scalars[index..<end])
        index = end
        continue
      }
      if scalar != "\n", needsEscape(scalar, keepingTabs: true) {
        out += escape(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
      index += 1
    }
    return out
  }

  /// The end of an SGR sequence `ESC [ (digits | ;)* m` starting at `start`, if one does.
  private static func sgrEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
    var index = start + 1
    guard index < scalars.count, scalars[index] == "[" else { return nil }
    index += 1
    while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == ";" {
      index += 1
    }
    guard index < scalars.count, scalars[index] == "m" else { return nil }
    return index + 1
  }

  /// Whether a scalar is escaped: controls, and characters that hide or reorder text.
  public static func needsEscape(_ scalar: Unicode.Scalar, keepingTabs: Bool = false) -> Bool {
    switch scalar.value {
    case 0x09: !keepingTabs
    case 0x00...0x1F, 0x7F...0x9F: true
    // Bidirectional formatting, line and paragraph separators, zero-width characters and the
    // byte-order mark: they hide or reorder what a reader sees. The HTML report uses the same set.
    case 0x061C, 0x200B...0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF: true
    default: false
    }
  }

  /// The visible form of one escaped scalar.
  public static func escape(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\n": return "\\n"
    case "\r": return "\\r"
    case "\t": return "\\t"
    default:
      let hex = String(scalar.value, radix: 16, uppercase: true)
      if scalar.value < 0x100 { return "\\x" + (hex.count < 2 ? "0" : "") + hex }
      return "\\u{" + hex + "}"
    }
  }
}
