import Diagnostics
import ShepherdTestSupport
import Testing

/// Names are untrusted: no text output may carry a control or bidi character that acts on the
/// terminal, and no GitHub annotation may end early and start a workflow command.
@Suite("terminal and CI-log safety")
struct TerminalSafetyTests {
  static let snapshot = "Fixtures/sweep/hostile-names.yaml"

  /// Scalars that act on a terminal or reorder text; newlines are the renderers' own.
  static func unsafeScalars(_ text: String) -> [Unicode.Scalar] {
    text.unicodeScalars.filter { $0 != "\n" && TerminalText.needsEscape($0, keepingTabs: true) }
  }

  @Test(
    "hostile names print escaped in every text output",
    arguments: [
      ["inspect", snapshot, "--vms"], ["plan", snapshot],
      ["explain", snapshot, "--vm", "new\u{9B}31m"],
      ["place", snapshot, "--vm", "new\u{9B}31m"],
      ["plan", snapshot, "--maintenance", "h1\u{1B}[2J\u{1B}[H"],
      ["plan", snapshot, "--fail", "h1\u{1B}[2J\u{1B}[H"],
      ["plan", snapshot, "--enforce-affinity"],
      ["plan", snapshot, "--migrate", "nope\u{1B}]0;x\u{7}"], ["validate", snapshot],
      ["diff", "--policies", "Policies", "Policies", snapshot], ["lint", snapshot],
    ])
  func textOutputs(_ arguments: [String]) throws {
    let result = try CLIRunner.run(arguments)
    #expect(result.status < 3, "\(result.stderr)")
    #expect(Self.unsafeScalars(result.stdout).isEmpty, "stdout: \(result.stdout.debugDescription)")
    #expect(Self.unsafeScalars(result.stderr).isEmpty, "stderr: \(result.stderr.debugDescription)")
    // A name's newline never starts a line of its own.
    for line in (result.stdout + result.stderr).split(separator: "\n") {
      #expect(!line.hasPrefix("error[I999]"), "forged line: \(line)")
    }
  }

  @Test("the escaping helper: controls, C1 and bidi characters visible, the rest kept")
  func helper() {
    #expect(TerminalText.escaped("a\u{1B}[2Jb\u{7}\r\n\t") == "a\\x1B[2Jb\\x07\\r\\n\\t")
    #expect(TerminalText.escaped("\u{202E}abc\u{2066}\u{9B}") == "\\u{202E}abc\\u{2066}\\x9B")
    #expect(TerminalText.escaped("héllo wörld 名前 🚀") == "héllo wörld 名前 🚀")
    #expect(TerminalText.escaped("a\tb", keepingTabs: true) == "a\tb")
    #expect(
      TerminalText.sanitizedOutput("\u{1B}[31mred\u{1B}[0m\n\u{1B}]0;t\u{7}")
        == "\u{1B}[31mred\u{1B}[0m\n\\x1B]0;t\\x07")
  }

  @Test("GitHub annotations: CR LF in a name cannot start a workflow command")
  func githubEscaping() throws {
    let result = try CLIRunner.run([
      "lint", "Fixtures/sweep/hostile-lint.yaml", "--format", "github",
    ])
    #expect(result.status == 1)
    #expect(!result.stdout.contains("\r"))
    let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    let commands = lines.filter { $0.hasPrefix("::") }
    // One command per finding (two unknown keys), each a single line, nothing else starting "::".
    #expect(commands.count == 2, "\(result.stdout)")
    for command in commands {
      #expect(command.hasPrefix("::error file=Fixtures/sweep/hostile-lint.yaml,line="))
      #expect(!command.contains("\n"))
    }
    #expect(result.stdout.contains("x%0D%0A::warning file=a,line=1::pwned %250A"))
    #expect(result.stdout.contains("y%0D::error::z%0A::add-mask::q"))
  }
}
