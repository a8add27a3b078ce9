import Diagnostics

/// Escapes untrusted text (host, VM and group names, reasons) for HTML and inline SVG.
///
/// Names come from snapshots and plans, which come from outside. Besides the five characters
/// that HTML gives meaning to, characters that could hide or reorder what a reader sees are
/// written as visible `[U+XXXX]` marks: C0 and C1 controls, DEL, bidirectional formatting
/// (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), line and paragraph separators,
/// zero-width characters and the byte-order mark. The result is safe in element content and in
/// double- or single-quoted attribute values.
package enum HTMLText {
  /// The escaped text.
  package static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default:
        if isHidden(scalar) {
          out += mark(scalar)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// The text as it will read once escaped: hidden characters replaced by their marks, markup
  /// characters as they are (for measuring and truncating labels before escaping).
  static func visible(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      if isHidden(scalar) { out += mark(scalar) } else { out.unicodeScalars.append(scalar) }
    }
    return out
  }

  static func mark(_ scalar: Unicode.Scalar) -> String { "[U+" + hex(scalar.value) + "]" }

  /// A name in running text: escaped and isolated from the surrounding text's direction.
  package static func name(_ text: String) -> String { "<bdi>" + escape(text) + "</bdi>" }

  /// Whether a scalar is invisible or changes how the text around it is displayed: the set the
  /// terminal renderers escape too (``TerminalText/needsEscape(_:keepingTabs:)``).
  static func isHidden(_ scalar: Unicode.Scalar) -> Bool { TerminalText.needsEscape(scalar) }

  static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }
}
