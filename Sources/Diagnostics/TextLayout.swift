/// Plain-text layout shared by every text renderer: numbers, padding and aligned tables.
package enum TextLayout {
  /// A number for text output: integral values without a fraction (`3`), others rounded to at
  /// most `maxFractionDigits` decimals (nil: Swift's shortest round-trip form) without
  /// trailing zeros; `nan`, `inf` and `-inf` spelled out.
  package static func number(_ value: Double, maxFractionDigits: Int? = nil) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : value < 0 ? "-inf" : "inf" }
    var rounded = value
    if let digits = maxFractionDigits {
      var scale = 1.0
      for _ in 0..<max(0, digits) { scale *= 10 }
      let scaled = (value * scale).rounded()
      if scaled.isFinite { rounded = scaled / scale }
    }
    if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
    return String(rounded)
  }

  /// Rows as aligned columns, two spaces apart; the first row is the header. Cells of the
  /// `rightAligned` columns (below the header) are right-aligned; trailing spaces are trimmed.
  /// `trailer` adds text after a row (by row index, the header being 0).
  package static func table(
    _ rows: [[String]], rightAligned: Set<Int> = [], trailer: (Int) -> String = { _ in "" }
  ) -> String {
    // Cells hold names: escape them so a name cannot move the cursor or start a line.
    let rows = rows.map { $0.map { TerminalText.escaped($0) } }
    let columnCount = rows.map(\.count).max() ?? 0
    let widths = (0..<columnCount).map { column in
      rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
    }
    var out = ""
    for (rowIndex, row) in rows.enumerated() {
      var line = ""
      for (column, cell) in row.enumerated() {
        let isLast = column == row.count - 1
        if rightAligned.contains(column) && rowIndex > 0 {
          line += cell.padded(toLeading: widths[column])
        } else {
          line += isLast ? cell : cell.padded(to: widths[column])
        }
        if !isLast { line += "  " }
      }
      out += line.trimmingTrailingSpaces() + "\n" + trailer(rowIndex)
    }
    return out
  }
}

extension String {
  /// Pads with spaces on the right to `width` characters.
  package func padded(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }

  /// Pads with spaces on the left to `width` characters (right-aligns).
  package func padded(toLeading width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }

  /// The string without trailing spaces.
  package func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
