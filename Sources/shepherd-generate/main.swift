// Writes every generated file of the repository (Docs/ references and schemas, the embedded
// built-in policies) from the code; `--check` only reports stale files (exit 1).
// Run through scripts/generate.
import Foundation
import ShepherdCLI

let arguments = CommandLine.arguments.dropFirst()
let checkOnly = arguments.contains("--check")
let root = arguments.first { !$0.hasPrefix("--") } ?? FileManager.default.currentDirectoryPath
var stale: [String] = []
for file in GeneratedFiles.all {
  let text = file.render(root)
  let path = root + "/" + file.path
  let current = FileManager.default.contents(atPath: path).map {
    String(decoding: $0, as: UTF8.self)
  }
  guard current != text else { continue }
  stale.append(file.path)
  if !checkOnly {
    do {
      let url = URL(fileURLWithPath: path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    } catch {
      FileHandle.standardError.write(Data("error: cannot write \(path): \(error)\n".utf8))
      exit(2)
    }
  }
}
for path in stale { print(checkOnly ? "stale: \(path)" : "wrote \(path)") }
if stale.isEmpty { print("every generated file is up to date (\(GeneratedFiles.all.count) files)") }
exit(checkOnly && !stale.isEmpty ? 1 : 0)
