/// Renders diagnostics as text: `file:line:col: error[CODE]: message`, the source line and a
/// caret or `~~~` underline, then notes and help.
///
/// ```
/// demo.yaml:4:3: error[Y004]: duplicate key 'name' in mapping
///   4 |   name: b
///     |   ^~~~
/// demo.yaml:3:3: note: 'name' first appears here
///   3 |   name: a
///     |   ^~~~
///   = help: remove or rename one of the two entries
/// ```
///
/// The caret line copies the source line's tabs so it stays aligned in any terminal.
public struct DiagnosticRenderer: Sendable {
  /// The files spans point into.
  public var sources: SourceMap
  /// Whether to add ANSI colours (the CLI decides: only on a TTY and without `NO_COLOR`).
  public var usesColor: Bool

  /// Creates a renderer.
  public init(sources: SourceMap, usesColor: Bool = false) {
    self.sources = sources
    self.usesColor = usesColor
  }

  /// Renders one diagnostic, ending with a newline.
  public func render(_ diagnostic: Diagnostic) -> String {
    var out = ""
    let header =
      "\(colored(diagnostic.severity.rawValue, severityColor(diagnostic.severity)))"
      + "[\(diagnostic.code)]"
    out += prefix(span: diagnostic.span, path: diagnostic.path)
    out += colored(header, bold) + bolded(": " + TerminalText.escaped(diagnostic.message)) + "\n"
    if let span = diagnostic.span { out += snippet(span) }
    for note in diagnostic.notes {
      if let span = note.span {
        out +=
          prefix(span: span, path: nil) + colored("note", cyan) + ": "
          + TerminalText.escaped(note.message) + "\n"
        out += snippet(span)
      } else {
        out += "  = " + colored("note", cyan) + ": " + TerminalText.escaped(note.message) + "\n"
      }
    }
    if let help = diagnostic.help {
      out += "  = " + colored("help", cyan) + ": " + TerminalText.escaped(help) + "\n"
    }
    return out
  }

  /// Renders diagnostics in sorted order, plus a line for any that were dropped by the cap.
  public func render(_ diagnostics: [Diagnostic], droppedCount: Int = 0) -> String {
    var out = Diagnostic.sorted(diagnostics).map(render).joined()
    if droppedCount > 0 {
      out += "note: \(droppedCount) more diagnostic\(droppedCount == 1 ? "" : "s") not shown\n"
    }
    return out
  }

  /// Renders a bag's contents.
  public func render(_ bag: DiagnosticBag) -> String {
    render(bag.diagnostics, droppedCount: bag.droppedCount)
  }

  private func prefix(span: SourceSpan?, path: String?) -> String {
    guard let span, let file = sources[span.file] else {
      if let path { return TerminalText.escaped(path) + ": " }
      return ""
    }
    let location = file.location(of: Int(span.start))
    return "\(TerminalText.escaped(file.path)):\(location.line):\(location.column): "
  }

  /// Longest source line shown whole; longer lines are cut to a window around the span.
  public static let maxSnippetScalars = 140

  private func snippet(_ span: SourceSpan) -> String {
    guard let file = sources[span.file], !file.bytes.isEmpty || span.start == 0 else { return "" }
    let start = Int(span.start)
    let lineIndex = file.lineIndex(containing: start)
    let lineRange = file.lineRange(lineIndex)
    let lineNumber = String(lineIndex + 1)
    let gutter = String(repeating: " ", count: lineNumber.count)
    // Columns (0-based, in scalars) of the span's start and of its end on this line. A very
    // long line (a 100 MB scalar) is decoded only around the caret: time and memory stay
    // bounded by the snippet, not by the line.
    let prefixEnd = min(max(start, lineRange.lowerBound), lineRange.upperBound)
    var lower = lineRange.lowerBound
    var upper = lineRange.upperBound
    let byteBudget = Self.maxSnippetScalars * 4
    if upper - lower > 2 * byteBudget {
      lower = max(lower, prefixEnd - byteBudget)
      upper = min(upper, prefixEnd + byteBudget)
      // Whole scalars only: step back (and forward) over UTF-8 continuation bytes.
      while lower > lineRange.lowerBound, file.bytes[lower] & 0xC0 == 0x80 { lower -= 1 }
      while upper < lineRange.upperBound, file.bytes[upper] & 0xC0 == 0x80 { upper += 1 }
    }
    let scalars = Array(String(decoding: file.bytes[lower..<upper], as: UTF8.self).unicodeScalars)
    let caretColumn = String(decoding: file.bytes[lower..<prefixEnd], as: UTF8.self)
      .unicodeScalars.count
    let underlineEnd = min(Int(span.end), upper)
    var width = 1
    if underlineEnd > prefixEnd {
      width =
        String(decoding: file.bytes[prefixEnd..<underlineEnd], as: UTF8.self)
        .unicodeScalars.count
    }
    // Window long lines around the caret so a 20,000-character line stays readable.
    var windowStart = 0
    var windowEnd = scalars.count
    if scalars.count > Self.maxSnippetScalars {
      windowStart = max(
        0, min(caretColumn - Self.maxSnippetScalars / 2, scalars.count - Self.maxSnippetScalars))
      windowEnd = min(scalars.count, windowStart + Self.maxSnippetScalars)
    }
    let elidedBefore = windowStart > 0 || lower > lineRange.lowerBound
    var shown = String(String.UnicodeScalarView(scalars[windowStart..<windowEnd]))
    var caretPrefix = elidedBefore ? " " : ""
    if elidedBefore { shown = "…" + shown }
    if windowEnd < scalars.count || upper < lineRange.upperBound { shown += "…" }
    for scalar in scalars[windowStart..<min(max(windowStart, caretColumn), windowEnd)] {
      caretPrefix +=
        scalar == "\t"
        ? "\t"
        : String(
          repeating: " ",
          count: TerminalText.needsEscape(scalar) ? TerminalText.escape(scalar).count : 1)
    }
    width = max(1, min(width, windowEnd - max(caretColumn, windowStart) + 1))
    let displayed = TerminalText.escaped(shown, keepingTabs: true)
    var out = "  \(colored(lineNumber, blue)) \(colored("|", blue)) \(displayed)\n"
    let marker = "^" + String(repeating: "~", count: max(0, width - 1))
    out += "  \(gutter) \(colored("|", blue)) \(caretPrefix)\(colored(marker, red))\n"
    return out
  }

  private var red: String { "\u{1B}[31m" }
  private var yellow: String { "\u{1B}[33m" }
  private var blue: String { "\u{1B}[34m" }
  private var cyan: String { "\u{1B}[36m" }
  private var bold: String { "\u{1B}[1m" }

  private func severityColor(_ severity: Severity) -> String {
    switch severity {
    case .error: red
    case .warning: yellow
    case .note: cyan
    }
  }

  private func colored(_ text: String, _ color: String) -> String {
    usesColor ? color + text + "\u{1B}[0m" : text
  }

  private func bolded(_ text: String) -> String {
    usesColor ? bold + text + "\u{1B}[0m" : text
  }
}
