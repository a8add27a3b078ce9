import ArgumentParser
import Diagnostics
import Policy

/// `shepherd fields`: the policy language's fields, like `kubectl explain`.
struct FieldsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fields",
    abstract: "List the fields policy expressions can read (host, vm, cluster, params, balance).",
    discussion: """
      Every field with its type, unit and meaning; snapshot fields name the snapshot key they \
      mirror, derived fields their formula. The full language reference — operators, \
      functions, reason templates, document kinds — is Docs/language.md (`--markdown`).

      Examples:
        shepherd fields host
        shepherd fields vm --format json
        shepherd fields --markdown > Docs/language.md
      """)

  @Argument(
    help: ArgumentHelp("One root: host, vm, cluster, params or balance.", valueName: "root"))
  var root: String?

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Flag(help: "Print the whole language reference as Markdown (the source of Docs/language.md).")
  var markdown = false

  func validate() throws {
    let names = LanguageReference.roots.map(\.name)
    if let root, !names.contains(root) {
      var message = "unknown root '\(root)'"
      if let help = DidYouMean.help(for: root, among: names) { message += "; \(help)" }
      throw ValidationError(message + " (roots: " + names.joined(separator: ", ") + ")")
    }
  }

  func run() throws {
    if markdown {
      Console.out(LanguageReference.markdown())
      return
    }
    switch format {
    case .text: Console.out(LanguageReference.text(root: root))
    case .json: Console.out(LanguageReference.json(root: root).serialized(pretty: true) + "\n")
    }
  }
}
