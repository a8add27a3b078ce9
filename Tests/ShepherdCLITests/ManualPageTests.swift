import ShepherdCLI
import ShepherdTestSupport
import Testing

/// The manual page covers every command and is valid roff where it matters.
@Suite("manual page")
struct ManualPageTests {
  @Test("every command and subcommand has its own section with its help")
  func everyCommand() {
    let page = ManualPage.render()
    for name in ShepherdCommand.subcommandNames {
      #expect(page.contains(".SS \"shepherd \(name)\"\n"), "no section for \(name)")
    }
    #expect(page.contains(".SS \"shepherd import ovirt\"\n"))
    #expect(page.contains("\\-\\-max\\-migrations"))
  }

  @Test("no line of help text starts a roff request by accident")
  func noStrayRequests() {
    let page = ManualPage.render()
    var inText = false
    for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
      if line == ".nf" {
        inText = true
      } else if line == ".fi" {
        inText = false
      } else if inText {
        #expect(!line.hasPrefix(".") && !line.hasPrefix("'"), "\(line)")
      }
    }
  }

  @Test("--version names the release and the commit")
  func version() throws {
    let result = try CLIRunner.run(["--version"])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("0.1.0 (commit "))
    #expect(result.stdout.hasSuffix(")\n"))
  }
}
