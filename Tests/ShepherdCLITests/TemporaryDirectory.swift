import Foundation

/// A new, empty temporary directory for one test; the caller removes it.
func temporaryDirectory(_ prefix: String = "shepherd-test") throws -> String {
  let path = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}
