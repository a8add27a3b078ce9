import Diagnostics
import Foundation

/// Reads input files into a ``SourceMap``, turning I/O problems into diagnostics.
struct InputReader {
  var sources = SourceMap()
  var maxInputBytes: Int

  /// Reads a file; on failure reports G001/G002 and returns nil.
  mutating func read(_ path: String, into bag: inout DiagnosticBag) -> SourceFile? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      bag.append(
        Diagnostic(
          code: DiagnosticDescriptor.unreadableInput.code, message: "no such file '\(path)'",
          span: nil, path: path))
      return nil
    }
    if isDirectory.boolValue {
      bag.append(
        Diagnostic(
          code: DiagnosticDescriptor.unreadableInput.code,
          message: "'\(path)' is a directory, expected a file", span: nil, path: path))
      return nil
    }
    if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let size = attributes[.size] as? Int, size > maxInputBytes
    {
      bag.append(
        Diagnostic(
          code: DiagnosticDescriptor.inputTooLarge.code,
          message: "'\(path)' is \(size) bytes, more than the limit of \(maxInputBytes)",
          span: nil, help: "raise the limit with --max-input-bytes if the file is trusted",
          path: path))
      return nil
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      bag.append(
        Diagnostic(
          code: DiagnosticDescriptor.unreadableInput.code, message: "cannot read '\(path)'",
          span: nil, path: path))
      return nil
    }
    return sources.add(path: path, bytes: [UInt8](data))
  }
}
