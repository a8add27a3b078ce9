import ArgumentParser
import Diagnostics

/// `shepherd codes`: documents every diagnostic code.
struct CodesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "codes",
    abstract: "List diagnostic codes, or explain one.",
    discussion: """
      Every message Shepherd prints carries a stable code such as Y003. `shepherd codes Y003` \
      explains it; `shepherd codes --markdown` prints Docs/diagnostics.md.

      Examples:
        shepherd codes
        shepherd codes I004
      """)

  @Argument(help: "A code to explain, e.g. Y003.")
  var code: String?

  @Flag(help: "Print the full reference as Markdown (the source of Docs/diagnostics.md).")
  var markdown = false

  func run() throws {
    let registry = ShepherdRegistry.diagnostics
    if markdown {
      Console.out(registry.markdown())
      return
    }
    guard let code else {
      for descriptor in registry.descriptors {
        Console.out(
          "\(descriptor.code)  \(descriptor.defaultSeverity.rawValue.padded(to: 7))  \(descriptor.title)\n"
        )
      }
      return
    }
    guard let descriptor = registry.descriptor(for: DiagnosticCode(code.uppercased())) else {
      var message = "unknown diagnostic code '\(code)'"
      if let help = DidYouMean.help(
        for: code.uppercased(), among: registry.descriptors.map(\.code.rawValue))
      {
        message += "; \(help)"
      }
      Console.err("error: \(message)\n")
      throw CommandExit(code: .usage)
    }
    Console.out(
      "\(descriptor.code): \(descriptor.title) (\(descriptor.defaultSeverity.rawValue))\n\n")
    Console.out(descriptor.explanation + "\n")
  }
}
