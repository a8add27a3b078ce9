package import Diagnostics

/// The `# shepherd-lint: ignore rule-name` comments of one file, found by scanning its raw
/// lines (libyaml drops comments), like swift-format's `RuleMask`.
///
/// A comment that trails YAML on its line silences those rules on that line; a comment alone on
/// its line silences them on the next line that is neither blank nor a comment. A finding is
/// matched by the line its span starts on. Several rules are separated by commas or spaces.
///
/// ```yaml
/// # shepherd-lint: ignore constant-filter
/// when: "true"
/// factor: 0  # shepherd-lint: ignore zero-weight-factor
/// ```
package struct SuppressionMask: Sendable {
  /// One ignore comment.
  package struct Directive: Hashable, Sendable {
    /// The rule names as written.
    package let ruleNames: [String]
    /// The 0-based line the comment silences.
    package let targetLine: Int
    /// Where each name is written, for reporting unknown names.
    package let nameSpans: [SourceSpan]
  }

  /// The marker that starts a directive inside a comment.
  package static let marker = "shepherd-lint:"

  /// Every directive of the file, in line order.
  package let directives: [Directive]
  /// Directive text that is not `ignore NAME…`, with its span (reported as unknown).
  package let malformed: [SourceSpan]

  /// Scans a file.
  /// - Complexity: O(n) in the file size.
  package init(_ file: SourceFile) {
    var directives: [Directive] = []
    var malformed: [SourceSpan] = []
    var pendingNames: [(String, SourceSpan)] = []
    for line in 0..<file.lineStarts.count {
      let range = file.lineRange(line)
      let bytes = Array(file.bytes[range])
      let comment = Self.commentStart(bytes)
      let codeIsBlank = bytes[0..<(comment ?? bytes.count)].allSatisfy { $0 == 0x20 || $0 == 0x09 }
      if !pendingNames.isEmpty, !codeIsBlank {
        directives.append(
          Directive(
            ruleNames: pendingNames.map(\.0), targetLine: line, nameSpans: pendingNames.map(\.1)))
        pendingNames = []
      }
      guard let comment else { continue }
      let text = bytes[(comment + 1)...]
      guard let found = Self.find(Array(Self.marker.utf8), in: text) else { continue }
      var index = found + Self.marker.utf8.count
      var words: [(String, SourceSpan)] = []
      while index < bytes.count {
        while index < bytes.count,
          bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x2C
        {
          index += 1
        }
        let start = index
        while index < bytes.count, bytes[index] != 0x20, bytes[index] != 0x09, bytes[index] != 0x2C
        {
          index += 1
        }
        if index > start {
          words.append(
            (
              String(decoding: bytes[start..<index], as: UTF8.self),
              SourceSpan(
                file: file.id, start: range.lowerBound + start, end: range.lowerBound + index)
            ))
        }
      }
      guard let first = words.first, first.0 == "ignore", words.count > 1 else {
        malformed.append(
          SourceSpan(
            file: file.id, start: range.lowerBound + found, end: range.lowerBound + bytes.count))
        continue
      }
      let names = Array(words.dropFirst())
      if codeIsBlank {
        pendingNames += names
      } else {
        directives.append(
          Directive(ruleNames: names.map(\.0), targetLine: line, nameSpans: names.map(\.1)))
      }
    }
    self.directives = directives
    self.malformed = malformed
  }

  /// Whether a rule is silenced on a 0-based line.
  package func isSuppressed(_ ruleName: String, onLine line: Int) -> Bool {
    directives.contains { $0.targetLine == line && $0.ruleNames.contains(ruleName) }
  }

  /// The offset of a line's comment `#`: the first `#` outside quotes that starts the line or
  /// follows a space or tab.
  static func commentStart(_ bytes: [UInt8]) -> Int? {
    var quote: UInt8?
    for (index, byte) in bytes.enumerated() {
      if let open = quote {
        if byte == open { quote = nil }
        continue
      }
      switch byte {
      case 0x22, 0x27:  // " '
        if index == 0 || [0x20, 0x09, 0x3A, 0x2C, 0x5B, 0x7B, 0x2D].contains(bytes[index - 1]) {
          quote = byte
        }
      case 0x23:  // #
        if index == 0 || bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 { return index }
      default: break
      }
    }
    return nil
  }

  static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    var index = haystack.startIndex
    while index + needle.count <= haystack.endIndex {
      if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
      index += 1
    }
    return nil
  }
}
