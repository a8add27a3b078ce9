/// A host OS string parsed into family and version, as oVirt's in-cluster-upgrade units read it
/// (`OS.fromPackageVersionString`, Docs/ovirt.md §2.3.17, §2.4.14).
///
/// The family is the text before the first digit, without surrounding spaces and dashes; the
/// major and minor versions are the first two digit runs after it (minor 0 when absent):
///
/// | OS string | family | major | minor |
/// |---|---|---|---|
/// | `RHEL-8.9` | RHEL | 8 | 9 |
/// | `RHEL - 7 - 2.1511.el7` | RHEL | 7 | 2 |
/// | `CentOS Stream 9` | CentOS Stream | 9 | 0 |
///
/// A string without a family or without a digit does not parse (oVirt's `INVALID_OS`).
public struct HostOperatingSystem: Hashable, Sendable {
  /// The OS family, e.g. `RHEL`.
  public var family: String
  /// The major version.
  public var majorVersion: Int
  /// The minor version (0 when absent).
  public var minorVersion: Int

  /// Parses an OS string; `nil` when it has no family or no version.
  public init?(parsing text: String) {
    switch Self.parsingASCII(text) {
    case .invalid: return nil
    case .parsed(let family, let major, let minor):
      self.family = family
      self.majorVersion = major
      self.minorVersion = minor
      return
    case .notASCII: break
    }
    guard let firstDigit = text.firstIndex(where: \.isASCIIDigit) else { return nil }
    let family = text[..<firstDigit].trimmingCharacters(in: " -\t")
    guard !family.isEmpty else { return nil }
    var runs: [Int] = []
    var current = ""
    for character in text[firstDigit...] {
      if character.isASCIIDigit {
        current.append(character)
      } else if !current.isEmpty {
        runs.append(Int(current.prefix(9)) ?? 0)
        current = ""
        if runs.count == 2 { break }
      }
    }
    if !current.isEmpty, runs.count < 2 { runs.append(Int(current.prefix(9)) ?? 0) }
    guard let major = runs.first else { return nil }
    self.family = family
    self.majorVersion = major
    self.minorVersion = runs.count > 1 ? runs[1] : 0
  }
}

extension HostOperatingSystem {
  private enum ASCIIParse {
    case notASCII
    case invalid
    case parsed(family: String, major: Int, minor: Int)
  }

  /// The same parse on the UTF-8 bytes of an ASCII string (every snapshot's usual case: one
  /// byte per character, no Unicode property lookups).
  private static func parsingASCII(_ text: String) -> ASCIIParse {
    var text = text
    return text.withUTF8 { bytes in
      guard bytes.allSatisfy({ $0 < 0x80 }) else { return .notASCII }
      func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
      func isTrimmed(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x2D || byte == 0x09 }
      guard let firstDigit = bytes.firstIndex(where: isDigit) else { return .invalid }
      var start = 0
      var end = firstDigit
      while start < end, isTrimmed(bytes[start]) { start += 1 }
      while end > start, isTrimmed(bytes[end - 1]) { end -= 1 }
      guard start < end else { return .invalid }
      var runs: [Int] = []
      var index = firstDigit
      while index < bytes.count, runs.count < 2 {
        guard isDigit(bytes[index]) else {
          index += 1
          continue
        }
        var value = 0
        var digits = 0
        while index < bytes.count, isDigit(bytes[index]) {
          // The first nine digits of a run, as the character path reads them.
          if digits < 9 { value = value * 10 + Int(bytes[index] - 0x30) }
          digits += 1
          index += 1
        }
        runs.append(value)
      }
      let family = String(
        decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
      return .parsed(family: family, major: runs[0], minor: runs.count > 1 ? runs[1] : 0)
    }
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var out = self
    while let first = out.first, set.contains(first) { out = out.dropFirst() }
    while let last = out.last, set.contains(last) { out = out.dropLast() }
    return String(out)
  }
}
