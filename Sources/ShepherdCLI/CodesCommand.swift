import ArgumentParser
import Diagnostics
import Lint

/// `shepherd codes`: documents every diagnostic code.
struct CodesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "codes",
    abstract: "List diagnostic codes, or explain one.",
    discussion: """
      Every message Shepherd prints carries a stable code such as Y003. `shepherd codes Y003` \
      explains it; a lint rule can be named by code or name (`shepherd codes unknown-key`). \
      `shepherd codes --markdown` prints Docs/diagnostics.md.

      Examples:
        shepherd codes
        shepherd codes I004
        shepherd codes unknown-key
        shepherd codes --format json
      """)

  @Argument(
    help: ArgumentHelp(
      "A code (Y003) or a lint rule name (unknown-key) to explain.", valueName: "code-or-rule"))
  var code: String?

  @Flag(help: "Print the full reference as Markdown (the source of Docs/diagnostics.md).")
  var markdown = false

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  func run() throws {
    let registry = ShepherdRegistry.diagnostics
    if markdown {
      Console.out(registry.markdown())
      return
    }
    guard let code else {
      switch format {
      case .text:
        for descriptor in registry.descriptors {
          Console.out(
            "\(descriptor.code)  \(descriptor.defaultSeverity.rawValue.padded(to: 7))  "
              + "\(descriptor.title)\n")
        }
      case .json:
        Console.out(
          Self.document(registry.descriptors.map(Self.json)).serialized(pretty: true) + "\n")
      }
      return
    }
    if let rule = LintRegistry.metadata.first(where: {
      $0.name == code || $0.code.rawValue == code.uppercased()
    }) {
      return emit(rule)
    }
    guard let descriptor = registry.descriptor(for: DiagnosticCode(code.uppercased())) else {
      var message = "unknown diagnostic code or lint rule '\(code)'"
      let candidates =
        registry.descriptors.map(\.code.rawValue) + LintRegistry.metadata.map(\.name)
      if let help = DidYouMean.help(
        for: code.contains("-") ? code : code.uppercased(), among: candidates)
      {
        message += "; \(help)"
      }
      Console.err("error: \(message)\n")
      throw CommandExit(code: .usage)
    }
    switch format {
    case .text:
      Console.out(
        "\(descriptor.code): \(descriptor.title) (\(descriptor.defaultSeverity.rawValue))\n\n")
      Console.out(descriptor.explanation + "\n")
    case .json:
      Console.out(Self.document([Self.json(descriptor)]).serialized(pretty: true) + "\n")
    }
  }

  /// A lint rule: its code, level, rationale and the avoid / prefer examples.
  private func emit(_ rule: RuleMetadata) {
    switch format {
    case .text:
      var out = "\(rule.code) \(rule.name): \(rule.summary) "
      out += "(\(rule.category.rawValue), \(rule.defaultLevel.rawValue) by default)\n\n"
      out += rule.rationale + "\n\nAvoid:\n" + Self.indented(rule.avoid)
      out += "\nPrefer:\n" + Self.indented(rule.prefer)
      Console.out(out)
    case .json:
      let value = JSONValue.object([
        ("code", .string(rule.code.rawValue)), ("name", .string(rule.name)),
        ("category", .string(rule.category.rawValue)),
        ("defaultLevel", .string(rule.defaultLevel.rawValue)),
        ("summary", .string(rule.summary)), ("rationale", .string(rule.rationale)),
        ("avoid", .string(rule.avoid)), ("prefer", .string(rule.prefer)),
      ])
      Console.out(
        JSONValue.object([
          ("apiVersion", .string("shepherd/v1")), ("kind", .string("LintRule")), ("rule", value),
        ]).serialized(pretty: true) + "\n")
    }
  }

  static func indented(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n") + "\n"
  }

  static func json(_ descriptor: DiagnosticDescriptor) -> JSONValue {
    .object([
      ("code", .string(descriptor.code.rawValue)), ("title", .string(descriptor.title)),
      ("severity", .string(descriptor.defaultSeverity.rawValue)),
      ("explanation", .string(descriptor.explanation)),
    ])
  }

  static func document(_ codes: [JSONValue]) -> JSONValue {
    .object([
      ("apiVersion", .string("shepherd/v1")), ("kind", .string("DiagnosticCodes")),
      ("codes", .array(codes)),
    ])
  }
}
