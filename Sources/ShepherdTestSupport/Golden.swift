#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Paths and golden-file helpers shared by the test targets.
///
/// Golden files are compared byte for byte. `SHEPHERD_RECORD=1` rewrites them, and a test that
/// records reports a failure, so a recorded golden never passes silently.
package enum Golden {
  /// The repository root, found from this file's path.
  package static func repositoryRoot(filePath: String = #filePath) -> String {
    // …/Sources/ShepherdTestSupport/Golden.swift → …
    var components = filePath.split(separator: "/", omittingEmptySubsequences: false)
    components.removeLast(3)
    return components.joined(separator: "/")
  }

  /// An absolute path for a path relative to the repository root.
  package static func path(_ relative: String) -> String {
    repositoryRoot() + "/" + relative
  }

  /// Whether golden files are being re-recorded.
  package static var isRecording: Bool {
    ProcessInfo.processInfo.environment["SHEPHERD_RECORD"] == "1"
  }

  /// Files in a directory (relative to the repository root) with one of the given extensions,
  /// sorted, as paths relative to the repository root.
  package static func files(in relativeDirectory: String, withExtensions extensions: Set<String>)
    -> [String]
  {
    let directory = path(relativeDirectory)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { name in
      guard let dot = name.lastIndex(of: ".") else { return false }
      return extensions.contains(String(name[name.index(after: dot)...]))
    }.sorted().map { relativeDirectory + "/" + $0 }
  }

  /// Reads a file as bytes.
  package static func readBytes(_ absolutePath: String) -> [UInt8]? {
    FileManager.default.contents(atPath: absolutePath).map { [UInt8]($0) }
  }

  /// Reads a file as text.
  package static func readText(_ absolutePath: String) -> String? {
    readBytes(absolutePath).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Compares `actual` with the golden file at `relativePath`.
  ///
  /// - Returns: `nil` when they match; otherwise a failure message with a line diff (or a note
  ///   that the golden was recorded, which is also a failure).
  package static func mismatch(_ actual: String, goldenAt relativePath: String) -> String? {
    let absolute = path(relativePath)
    let expected = readText(absolute)
    if isRecording || expected == nil {
      let url = URL(fileURLWithPath: absolute)
      try? FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try? Data(actual.utf8).write(to: url)
      return "recorded golden \(relativePath); re-run the tests without SHEPHERD_RECORD"
    }
    guard let expected, expected != actual else { return nil }
    return "golden \(relativePath) differs (run with SHEPHERD_RECORD=1 to accept):\n"
      + lineDiff(expected: expected, actual: actual)
  }

  /// A minimal line diff: `-` expected lines, `+` actual lines, for the differing region.
  package static func lineDiff(expected: String, actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var prefix = 0
    while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < a.count - prefix, suffix < b.count - prefix,
      a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
    {
      suffix += 1
    }
    var out = "@@ line \(prefix + 1) @@\n"
    for line in a[prefix..<(a.count - suffix)] { out += "-" + line + "\n" }
    for line in b[prefix..<(b.count - suffix)] { out += "+" + line + "\n" }
    return out
  }
}
