import Diagnostics

/// Deterministic number formatting for reports (no locale, no Foundation formatters).
package enum ReportNumber {
  /// A value with at most one decimal: `38`, `37.5`, `-2.1`.
  package static func short(_ value: Double) -> String {
    TextLayout.number(value, maxFractionDigits: 1)
  }

  /// An SVG coordinate: one decimal at most.
  static func coordinate(_ value: Double) -> String { short(value) }

  /// A signed change: `+2`, `-1.5`, `0`.
  static func delta(_ value: Double) -> String {
    let text = short(value)
    return value > 0.05 ? "+" + text : text
  }

  /// "1 host", "2 hosts".
  package static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
    "\(value) " + (value == 1 ? noun : plural ?? noun + "s")
  }
}
