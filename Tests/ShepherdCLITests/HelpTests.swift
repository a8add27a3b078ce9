import ShepherdCLI
import ShepherdTestSupport
import Testing

/// Every command's help reads cleanly in an 80-column terminal, and stays as reviewed.
@Suite("help at 80 columns")
struct HelpTests {
  /// The root command and every subcommand.
  static let commands: [String] =
    [""] + ShepherdCommand.subcommandNames

  @Test("help fits 80 columns and matches the golden", arguments: commands)
  func help(_ command: String) throws {
    let arguments = (command.isEmpty ? [] : [command]) + ["--help"]
    let result = try CLIRunner.run(arguments, environment: ["COLUMNS": "80"])
    #expect(result.status == 0)
    let long = result.stdout.split(separator: "\n").filter { $0.count > 80 }
    #expect(long.isEmpty, "lines over 80 columns:\n\(long.joined(separator: "\n"))")
    let name = command.isEmpty ? "shepherd" : command
    let mismatch = Golden.mismatch(result.stdout, goldenAt: "Fixtures/goldens/help/\(name).txt")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }
}
