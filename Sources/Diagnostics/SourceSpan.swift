/// A range of UTF-8 bytes in one source file.
///
/// Twelve bytes, so every YAML node and expression node can afford one.
public struct SourceSpan: Hashable, Sendable {
  /// The file the span points into.
  public var file: SourceFileID
  /// Byte offset of the first byte.
  public var start: UInt32
  /// Byte offset one past the last byte; equal to `start` for an empty span (a point).
  public var end: UInt32

  /// Creates a span; `end` is raised to `start` if it is smaller.
  public init(file: SourceFileID, start: Int, end: Int) {
    self.file = file
    let lower = UInt32(clamping: max(0, start))
    self.start = lower
    self.end = max(lower, UInt32(clamping: max(0, end)))
  }

  /// A zero-length span at an offset.
  public static func point(_ file: SourceFileID, _ offset: Int) -> SourceSpan {
    SourceSpan(file: file, start: offset, end: offset)
  }

  /// The byte range as `Int`s.
  public var range: Range<Int> { Int(start)..<Int(end) }

  /// The smallest span covering both spans (same file assumed).
  public func union(_ other: SourceSpan) -> SourceSpan {
    SourceSpan(
      file: file, start: Int(min(start, other.start)), end: Int(max(end, other.end)))
  }
}
