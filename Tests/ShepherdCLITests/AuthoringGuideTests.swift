import Foundation
import ShepherdTestSupport
import Testing

/// Docs/authoring.md works as written: its files, written out, compile, explain and pass their
/// own policy test with the commands the page shows.
@Suite("authoring guide")
struct AuthoringGuideTests {
  /// The ```yaml file=PATH blocks of the page, in order.
  static func files() throws -> [(path: String, text: String)] {
    let page = try #require(Golden.readText(Golden.path("Docs/authoring.md")))
    var files: [(path: String, text: String)] = []
    var current: (path: String, lines: [String])?
    for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
      if let open = current {
        if line == "```" {
          files.append((open.path, open.lines.joined(separator: "\n") + "\n"))
          current = nil
        } else {
          current?.lines.append(String(line))
        }
      } else if line.hasPrefix("```yaml file=") {
        current = (String(line.dropFirst("```yaml file=".count)), [])
      }
    }
    return files
  }

  @Test("the page's files compile, explain and pass their test with the page's commands")
  func walkThrough() throws {
    let files = try Self.files()
    #expect(
      files.map(\.path) == [
        "policies/units.yaml", "cluster.yaml", "policies/label_aware.test.yaml",
      ])
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("shepherd-authoring-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for file in files {
      let path = directory + "/" + file.path
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try Data(file.text.utf8).write(to: URL(fileURLWithPath: path))
    }
    let page = try #require(Golden.readText(Golden.path("Docs/authoring.md")))
    let commands = [
      ["compile", "label_aware", "--policies", "policies"],
      ["explain", "cluster.yaml", "--vm", "web", "--policies", "policies"],
      ["test", "policies"],
    ]
    for command in commands {
      #expect(page.contains("shepherd " + command.joined(separator: " ")), "\(command)")
      let result = try CLIRunner.run(command, in: directory)
      #expect(result.status == 0, "\(command): \(result.stderr)\(result.stdout)")
    }
    let compiled = try CLIRunner.run(commands[0], in: directory).stdout
    #expect(compiled.contains(#"!("retiring" in host.labels)"#))
    #expect(compiled.contains("Label = retiring (policy)"))
    let explained = try CLIRunner.run(commands[1], in: directory).stdout
    #expect(explained.contains("old  AvoidLabel: the host is labelled retiring"))
    #expect(explained.contains("winner: fast"))
    let tested = try CLIRunner.run(commands[2], in: directory).stdout
    #expect(tested.contains("PASS: 2/2"))
  }
}
