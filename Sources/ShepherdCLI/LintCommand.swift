import ArgumentParser
import Diagnostics
import Foundation
import Lint
import Workspace

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `shepherd lint`: checks policy files and snapshots with the lint rules.
struct LintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: "Check policy files and snapshots with the lint rules (Docs/rules.md).",
    usage: "shepherd lint <paths> ... [<options>]\n  shepherd lint --list-rules [--format json]",
    discussion: """
      Every *.yaml, *.yml and *.json file under the given paths (recursively, hidden files and \
      folders skipped, in path order) is linted: policy documents (Filter, Weight, Balancer, \
      SchedulingPolicy, MigrationPolicy, ResiliencePolicy) in the context of the built-in \
      library plus the given files, as --policies would load them, and ClusterSnapshot \
      documents with their scheduling policy. Loader and compiler diagnostics are reported \
      under the rule that covers them.

      Levels per rule come from .shepherd-lint.yaml in the current directory, or --config \
      (`rules: { rule-name: error|warning|ignore }`). A comment `# shepherd-lint: ignore \
      rule-name` silences a rule on its own line (after YAML) or on the next line (alone on \
      its line); silenced findings are counted in the summary.

      Findings go to stdout in the chosen format. Exit codes: 0 no finding at or above \
      --fail-level, 1 findings at or above it, 2 usage error, bad configuration or unreadable \
      input.

      Examples:
        shepherd lint Policies/
        shepherd lint policies/ clusters/prod.yaml --format sarif > lint.sarif
        shepherd lint policies/ --format github --fail-level warning
        shepherd lint --list-rules
      """)

  @Argument(help: "Policy or snapshot files, or directories to search.")
  var paths: [String] = []

  @Option(help: "Output format: text, json, sarif (2.1.0), junit or github.")
  var format: LintOutputFormat = .text

  @Option(help: "Exit 1 when a finding is at or above this level: error or warning.")
  var failLevel: FailLevel = .error

  @Option(help: "The lint configuration file (default: ./.shepherd-lint.yaml when present).")
  var config: String?

  @Flag(help: "List the rules with code, category and default level, and exit.")
  var listRules = false

  @Flag(help: "Print the rule reference as Markdown (the source of Docs/rules.md), and exit.")
  var rulesMarkdown = false

  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func validate() throws {
    if paths.isEmpty, !listRules, !rulesMarkdown {
      throw ValidationError("give at least one file or directory to lint")
    }
  }

  func run() throws {
    if rulesMarkdown {
      Console.out(RuleDocumentation.markdown())
      return
    }
    if listRules, format == .json {
      let rules = LintRegistry.metadata.map { rule in
        JSONValue.object([
          ("code", .string(rule.code.rawValue)), ("name", .string(rule.name)),
          ("category", .string(rule.category.rawValue)),
          ("defaultLevel", .string(rule.defaultLevel.rawValue)),
          ("summary", .string(rule.summary)),
        ])
      }
      Console.out(
        JSONValue.object([
          ("apiVersion", .string("shepherd/v1")), ("kind", .string("LintRules")),
          ("rules", .array(rules)),
        ]).serialized(pretty: true) + "\n")
      return
    }
    if listRules {
      for rule in LintRegistry.metadata {
        Console.out(
          "\(rule.code)  \(rule.name.padded(to: 32))  \(rule.category.rawValue.padded(to: 13))  "
            + "\(rule.defaultLevel.rawValue.padded(to: 7))  \(rule.summary)\n")
      }
      return
    }
    var session = CommandSession(limits: limits, diagnosticOptions: diagnosticOptions)
    let configuration = try loadConfiguration(&session)
    var files: [SourceFile] = []
    for path in Self.lintablePaths(paths, &session.bag) {
      if let file = session.read(path) { files.append(file) }
    }
    if files.isEmpty, !session.bag.hasErrors {
      session.bag.append(
        Diagnostic(
          code: DiagnosticDescriptor.unreadableInput.code,
          message: "no *.yaml, *.yml or *.json files under "
            + paths.map { "'\($0)'" }.joined(separator: ", "), span: nil))
    }
    guard !session.bag.hasErrors else { return try session.failInput() }
    let linter = Linter(configuration: configuration, yamlLimits: limits.yamlLimits)
    let result = linter.lint(files, workspace: &session.workspace)
    let rendered = format.lintFormat.render(
      result, sources: session.sources, usesColor: stdoutUsesColor)
    if format == .text { Console.text(rendered) } else { Console.out(rendered) }
    if result.hasFindings(atOrAbove: failLevel.severity) { throw CommandExit(code: .findings) }
  }

  private var stdoutUsesColor: Bool {
    switch diagnosticOptions.color {
    case .always: true
    case .never: false
    case .auto: getenv("NO_COLOR") == nil && isatty(STDOUT_FILENO) != 0
    }
  }

  private func loadConfiguration(_ session: inout CommandSession) throws -> LintConfiguration {
    let path: String
    if let config {
      path = config
    } else if FileManager.default.fileExists(atPath: LintConfiguration.fileName) {
      path = LintConfiguration.fileName
    } else {
      return LintConfiguration()
    }
    guard let file = session.read(path),
      let configuration = LintConfiguration.read(
        file, limits: limits.yamlLimits, diagnostics: &session.bag)
    else {
      try session.failInput()
      return LintConfiguration()
    }
    return configuration
  }

  /// The files to lint: given files as they are, and every *.yaml, *.yml and *.json file
  /// under given directories (hidden entries skipped); sorted, without duplicates.
  static func lintablePaths(_ paths: [String], _ bag: inout DiagnosticBag) -> [String] {
    var found: Set<String> = []
    for path in paths {
      guard InputFiles.exists(path) else {
        bag.append(
          Diagnostic(
            code: DiagnosticDescriptor.unreadableInput.code, message: "no such file '\(path)'",
            span: nil, path: path))
        continue
      }
      found.formUnion(
        InputFiles.files(under: path, suffixes: InputFiles.lintSuffixes) ?? [path])
    }
    return found.sorted()
  }
}

/// `--format` of `shepherd lint`.
enum LintOutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
  case text, json, sarif, junit, github

  var lintFormat: LintFormat {
    switch self {
    case .text: .text
    case .json: .json
    case .sarif: .sarif
    case .junit: .junit
    case .github: .github
    }
  }
}

/// `--fail-level` of `shepherd lint`.
enum FailLevel: String, ExpressibleByArgument, CaseIterable, Sendable {
  case error, warning

  var severity: Severity { self == .error ? .error : .warning }
}
