public import Diagnostics

/// The text of one expression plus the way back from offsets in that text to offsets in the
/// file it came from.
///
/// Expressions live inside YAML scalars. The lexer works on the scalar's *value* (after
/// unquoting, escape processing and line folding), while diagnostics must point into the file.
/// The YAML layer therefore builds an `ExpressionSource` with either:
///
/// - a base offset, when the value is a contiguous copy of the file bytes (a single-line plain
///   scalar, or a quoted scalar without escapes): value byte `i` sits at file byte `base + i`;
/// - a table of file offsets, one per value byte plus one for the end, for everything else
///   (escapes in quoted scalars, `|` and `>` block scalars, multi-line plain scalars).
///
/// ```swift
/// // when: host.memory.freeMiB >= 1024     (value starts at byte 40 of the file)
/// let source = ExpressionSource(text: "host.memory.freeMiB >= 1024", file: id, baseOffset: 40)
/// ```
public struct ExpressionSource: Sendable {
  /// The expression text: the scalar's value.
  public let text: String
  /// The file the text came from.
  public let file: SourceFileID
  private let mapping: Mapping

  private enum Mapping: Sendable {
    case contiguous(base: Int)
    case table([Int])
  }

  /// Creates a source whose bytes are a contiguous copy of the file starting at `baseOffset`.
  public init(text: String, file: SourceFileID, baseOffset: Int) {
    self.text = text
    self.file = file
    self.mapping = .contiguous(base: max(0, baseOffset))
  }

  /// Creates a source with an explicit offset table.
  ///
  /// - Parameter fileOffsets: the file byte offset of each UTF-8 byte of `text`, plus one
  ///   final entry for the end of the value (`text.utf8.count + 1` entries). For a byte produced
  ///   by an escape or a folded line break, give the offset of the first byte of its source. A
  ///   table of the wrong length is tolerated: missing entries repeat the last known offset.
  public init(text: String, file: SourceFileID, fileOffsets: [Int]) {
    self.text = text
    self.file = file
    self.mapping = .table(fileOffsets)
  }

  /// The file byte offset of a byte offset in ``text`` (clamped to the value).
  public func fileOffset(ofValueOffset offset: Int) -> Int {
    switch mapping {
    case .contiguous(let base):
      return base + max(0, min(offset, text.utf8.count))
    case .table(let table):
      guard let last = table.last else { return 0 }
      let index = max(0, offset)
      return index < table.count ? table[index] : last
    }
  }

  /// The file span of a byte range in ``text``.
  ///
  /// The span starts at the first byte's source and ends where the byte after the range comes
  /// from, so an escape like `\"` is covered whole.
  public func span(ofValueRange range: Range<Int>) -> SourceSpan {
    let start = fileOffset(ofValueOffset: range.lowerBound)
    let end = range.isEmpty ? start : fileOffset(ofValueOffset: range.upperBound)
    return SourceSpan(file: file, start: start, end: max(start, end))
  }

  /// A source for a sub-range of this one (a hole in a reason template), mapping to the same
  /// file positions.
  func slice(_ range: Range<Int>) -> ExpressionSource {
    let bytes = Array(text.utf8)
    let lower = max(0, min(range.lowerBound, bytes.count))
    let upper = max(lower, min(range.upperBound, bytes.count))
    let sliceText = String(decoding: bytes[lower..<upper], as: UTF8.self)
    switch mapping {
    case .contiguous(let base):
      return ExpressionSource(text: sliceText, file: file, baseOffset: base + lower)
    case .table:
      let offsets = (lower...upper).map { fileOffset(ofValueOffset: $0) }
      return ExpressionSource(text: sliceText, file: file, fileOffsets: offsets)
    }
  }
}
