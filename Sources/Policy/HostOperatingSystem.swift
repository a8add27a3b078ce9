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
