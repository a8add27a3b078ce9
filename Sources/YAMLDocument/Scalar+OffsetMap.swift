public import Diagnostics

extension Scalar {
  /// Maps every UTF-8 byte of ``value`` back to the byte offset in the file it came from.
  ///
  /// Policy expressions live inside YAML scalars; the expression parser works on the value
  /// (quotes, escapes, folding and indentation removed) and uses this map to report errors at
  /// the exact column in the file, for plain, single- and double-quoted, literal (`|`) and
  /// folded (`>`) scalars alike.
  ///
  /// The result has `value.utf8.count + 1` entries; the last one is the offset just after the
  /// value. Bytes produced by an escape (`\n`, `\u00e9`) map to the backslash; spaces and line
  /// breaks produced by folding map to the first source byte of the folded run.
  ///
  /// - Complexity: O(n) in the size of the scalar's source text.
  public func valueOffsets(in file: SourceFile) -> [UInt32] {
    let value = Array(value.utf8)
    let lower = min(Int(span.start), file.bytes.count)
    let upper = min(max(Int(span.end), lower), file.bytes.count)
    let raw = file.bytes[lower..<upper]
    var offsets: [UInt32] = []
    offsets.reserveCapacity(value.count + 1)
    var r = raw.startIndex
    // Skip the opening quote, or a block scalar's header line.
    switch style {
    case .singleQuoted, .doubleQuoted:
      if r < raw.endIndex { r += 1 }
    case .literal, .folded:
      while r < raw.endIndex, raw[r] != 0x0A { r += 1 }
      if r < raw.endIndex { r += 1 }
    case .plain:
      break
    }
    func isBlank(_ byte: UInt8) -> Bool {
      byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
    var v = 0
    while v < value.count {
      guard r < raw.endIndex else {
        offsets.append(UInt32(upper))
        v += 1
        continue
      }
      let byte = value[v]
      if raw[r] == byte {
        offsets.append(UInt32(r))
        r += 1
        v += 1
      } else if style == .doubleQuoted, raw[r] == 0x5C {  // backslash escape
        let escapeStart = r
        var length = 2
        if r + 1 < raw.endIndex {
          switch raw[r + 1] {
          case 0x78: length = 4  // \xXX
          case 0x75: length = 6  // \uXXXX
          case 0x55: length = 10  // \UXXXXXXXX
          case 0x0A, 0x0D:  // escaped line break: produces nothing
            r += 2
            while r < raw.endIndex, raw[r] == 0x20 || raw[r] == 0x09 { r += 1 }
            continue
          default: length = 2
          }
        }
        // One escape produces one scalar: a lead byte plus its continuation bytes.
        offsets.append(UInt32(escapeStart))
        v += 1
        while v < value.count, value[v] & 0xC0 == 0x80 {
          offsets.append(UInt32(escapeStart))
          v += 1
        }
        r = min(raw.endIndex, r + length)
      } else if style == .singleQuoted, raw[r] == 0x27, byte == 0x27 {  // '' → '
        offsets.append(UInt32(r))
        r = min(raw.endIndex, r + 2)
        v += 1
      } else if (byte == 0x20 || byte == 0x0A), isBlank(raw[r]) {  // folding product
        offsets.append(UInt32(r))
        v += 1
      } else {
        r += 1  // indentation, folded line breaks, and other source-only bytes
      }
    }
    offsets.append(UInt32(min(r, upper)))
    return offsets
  }
}
