import Foundation

/// The one rule for finding input files under a directory, used by `--policies`, `lint` and
/// `test`: recursive, hidden files and folders (a path component starting with `.`) skipped,
/// only the given suffixes, sorted by path. Policy test suites (`*.test.yaml`) may live beside
/// the policies they test: they are not policy files.
public enum InputFiles {
  /// Policy files: `*.yaml`, `*.yml`.
  public static let policySuffixes = [".yaml", ".yml"]
  /// Files `lint` reads: policies and snapshots, YAML or JSON.
  public static let lintSuffixes = [".yaml", ".yml", ".json"]
  /// Policy test suites.
  public static let suiteSuffixes = [".test.yaml", ".test.yml"]

  /// Whether a path is an existing directory.
  public static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }

  /// Whether a path exists (file or directory).
  public static func exists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path)
  }

  /// The files under `directory` with one of `suffixes`, recursively, hidden entries skipped,
  /// sorted; nil when `directory` is not a directory.
  ///
  /// - Complexity: O(entries under the directory × log).
  public static func files(
    under directory: String, suffixes: [String], excluding excluded: [String] = []
  ) -> [String]? {
    guard isDirectory(directory),
      let relatives = try? FileManager.default.subpathsOfDirectory(atPath: directory)
    else { return nil }
    let base = directory.hasSuffix("/") ? directory : directory + "/"
    return relatives.filter { relative in
      !relative.split(separator: "/").contains { $0.hasPrefix(".") }
        && suffixes.contains { relative.hasSuffix($0) }
        && !excluded.contains { relative.hasSuffix($0) }
    }
    .map { base + $0 }.sorted()
  }
}
