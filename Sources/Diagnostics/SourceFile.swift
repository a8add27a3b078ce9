/// Identifies one source file inside a ``SourceMap``.
public struct SourceFileID: Hashable, Comparable, Sendable {
  /// Index of the file in its ``SourceMap``.
  public let rawValue: UInt32

  /// Creates an identifier from its raw index.
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  public static func < (lhs: SourceFileID, rhs: SourceFileID) -> Bool {
    lhs.rawValue < rhs.rawValue
  }
}

/// A 1-based line and column.
///
/// Columns count Unicode scalars (code points), which is libyaml's own unit and SARIF's
/// `unicodeCodePoints` column kind.
public struct SourceLocation: Hashable, Comparable, Sendable {
  /// 1-based line number.
  public var line: Int
  /// 1-based column, counted in Unicode scalars.
  public var column: Int

  /// Creates a location.
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.line, lhs.column) < (rhs.line, rhs.column)
  }
}

/// The bytes of one input file plus a line-start table.
///
/// Offsets are UTF-8 byte offsets; line and column are computed on demand (swift-syntax style),
/// so nothing pays for positions that are never rendered.
public struct SourceFile: Sendable {
  /// The file's identity in its ``SourceMap``.
  public let id: SourceFileID
  /// The path as the user gave it (never made absolute, so output stays reproducible).
  public let path: String
  /// The raw UTF-8 bytes.
  public let bytes: [UInt8]
  /// Byte offset of the first byte of each line; `lineStarts[0] == 0`. Stored as 32-bit
  /// offsets: inputs are limited far below 4 GiB (`--max-input-bytes` is at most 2 GiB), and
  /// a ten-million-line file needs 40 MB, not 80.
  let lineStartOffsets: [UInt32]

  /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
  public var lineStarts: LineStarts { LineStarts(offsets: lineStartOffsets) }

  /// The line-start table as a collection of `Int` offsets.
  public struct LineStarts: RandomAccessCollection, Sendable {
    let offsets: [UInt32]
    public var startIndex: Int { 0 }
    public var endIndex: Int { offsets.count }
    public subscript(index: Int) -> Int { Int(offsets[index]) }
  }

  /// Creates a source file and computes its line table.
  ///
  /// Line breaks are `\n`, `\r\n` and a lone `\r`.
  /// - Complexity: O(n) in the number of bytes.
  public init(id: SourceFileID, path: String, bytes: [UInt8]) {
    self.id = id
    self.path = path
    self.bytes = bytes
    // Two passes over the line breaks: count, then fill a table allocated at its exact size.
    func forEachLineStart(_ body: (Int) -> Void) {
      bytes.withUnsafeBufferPointer { buffer in
        var index = 0
        while index < buffer.count {
          if buffer[index] == 0x0A {
            body(index + 1)
          } else if buffer[index] == 0x0D {
            if index + 1 < buffer.count, buffer[index + 1] == 0x0A { index += 1 }
            body(index + 1)
          }
          index += 1
        }
      }
    }
    var lineCount = 1
    forEachLineStart { _ in lineCount += 1 }
    var starts = [UInt32]()
    starts.reserveCapacity(lineCount)
    starts.append(0)
    forEachLineStart { starts.append(UInt32(clamping: $0)) }
    self.lineStartOffsets = starts
  }

  /// Creates a source file from text.
  public init(id: SourceFileID, path: String, text: String) {
    self.init(id: id, path: path, bytes: Array(text.utf8))
  }

  /// The 0-based index of the line that contains `offset`.
  /// - Complexity: O(log lines).
  public func lineIndex(containing offset: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low
  }

  /// The line and column of a byte offset; offsets past the end clamp to the end.
  public func location(of offset: Int) -> SourceLocation {
    let clamped = max(0, min(offset, bytes.count))
    let line = lineIndex(containing: clamped)
    let start = lineStarts[line]
    var column = 1
    var index = start
    while index < clamped {
      // Count scalar starts: every byte that is not a UTF-8 continuation byte.
      if bytes[index] & 0xC0 != 0x80 { column += 1 }
      index += 1
    }
    return SourceLocation(line: line + 1, column: column)
  }

  /// The byte range of a 0-based line, without its line break.
  public func lineRange(_ lineIndex: Int) -> Range<Int> {
    let start = lineStarts[lineIndex]
    var end = lineIndex + 1 < lineStarts.count ? lineStarts[lineIndex + 1] : bytes.count
    while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
    return start..<end
  }

  /// The text of a 0-based line, without its line break; invalid UTF-8 is repaired.
  public func lineText(_ lineIndex: Int) -> String {
    String(decoding: bytes[lineRange(lineIndex)], as: UTF8.self)
  }

  /// The text of a byte range; invalid UTF-8 is repaired.
  public func text(in range: Range<Int>) -> String {
    let lower = max(0, min(range.lowerBound, bytes.count))
    let upper = max(lower, min(range.upperBound, bytes.count))
    return String(decoding: bytes[lower..<upper], as: UTF8.self)
  }
}

/// The set of files one run reads, indexed by ``SourceFileID``.
///
/// Only the renderer needs it: stages get the one ``SourceFile`` they work on.
public struct SourceMap: Sendable {
  private var files: [SourceFile] = []

  /// Creates an empty map.
  public init() {}

  /// Adds a file and returns it with its new identifier.
  public mutating func add(path: String, bytes: [UInt8]) -> SourceFile {
    let file = SourceFile(id: SourceFileID(rawValue: UInt32(files.count)), path: path, bytes: bytes)
    files.append(file)
    return file
  }

  /// Adds a file from text.
  public mutating func add(path: String, text: String) -> SourceFile {
    add(path: path, bytes: Array(text.utf8))
  }

  /// The file with this identifier, if it belongs to this map.
  public subscript(id: SourceFileID) -> SourceFile? {
    let index = Int(id.rawValue)
    return index < files.count ? files[index] : nil
  }

  /// Every file, in the order they were added.
  public var allFiles: [SourceFile] { files }
}
