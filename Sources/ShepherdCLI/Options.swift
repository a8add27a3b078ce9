import ArgumentParser
import Diagnostics
import Foundation
import YAMLDocument

/// Output format for commands that print results or diagnostics.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
  case text
  case json
}

/// Output format for commands whose result can also be a self-contained HTML page
/// (`plan`, `explain`).
enum ResultFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
  case text
  case json
  /// A self-contained HTML page (inline CSS and SVG).
  case html
}

/// When to colour diagnostics.
enum ColorMode: String, ExpressibleByArgument, CaseIterable, Sendable {
  case auto
  case always
  case never
}

/// Limits on untrusted input, shared by every command that reads files.
struct LimitOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Largest input file accepted, in bytes (at most 2 GiB).", visibility: .hidden))
  var maxInputBytes: Int = YAMLLimits.default.maxInputBytes

  @Option(
    help: ArgumentHelp(
      "Deepest YAML nesting accepted (at most \(YAMLLimits.depthCeiling)).", visibility: .hidden))
  var maxYamlDepth: Int = YAMLLimits.default.maxDepth

  @Option(
    help: ArgumentHelp(
      "Most YAML nodes in one file, alias expansions included.", visibility: .hidden))
  var maxYamlNodes: Int = YAMLLimits.default.maxNodes

  @Option(help: ArgumentHelp("Longest YAML scalar accepted, in bytes.", visibility: .hidden))
  var maxYamlScalarBytes: Int = YAMLLimits.default.maxScalarBytes

  @Option(help: ArgumentHelp("Most keys in one YAML mapping.", visibility: .hidden))
  var maxYamlKeys: Int = YAMLLimits.default.maxMappingKeys

  @Option(help: ArgumentHelp("Most items in one YAML sequence.", visibility: .hidden))
  var maxYamlItems: Int = YAMLLimits.default.maxSequenceItems

  @Option(help: ArgumentHelp("Most YAML nodes materialised through aliases.", visibility: .hidden))
  var maxAliasNodes: Int = YAMLLimits.default.maxAliasExpansionNodes

  @Option(
    help: ArgumentHelp(
      "Most diagnostics reported per run; the rest are counted.", visibility: .hidden))
  var maxDiagnostics: Int = 100

  var yamlLimits: YAMLLimits {
    var limits = YAMLLimits.default
    limits.maxInputBytes = maxInputBytes
    limits.maxDepth = maxYamlDepth
    limits.maxAliasExpansionNodes = maxAliasNodes
    limits.maxNodes = maxYamlNodes
    limits.maxScalarBytes = maxYamlScalarBytes
    limits.maxMappingKeys = maxYamlKeys
    limits.maxSequenceItems = maxYamlItems
    return limits
  }

  func validate() throws {
    guard maxInputBytes > 0, maxYamlDepth > 0, maxAliasNodes >= 0, maxDiagnostics > 0,
      maxYamlNodes > 0, maxYamlScalarBytes > 0, maxYamlKeys > 0, maxYamlItems > 0
    else {
      throw ValidationError("limits must be positive")
    }
    guard maxInputBytes <= YAMLLimits.inputBytesCeiling else {
      throw ValidationError(
        "--max-input-bytes must be at most \(YAMLLimits.inputBytesCeiling) (2 GiB)")
    }
    guard maxYamlDepth <= YAMLLimits.depthCeiling else {
      throw ValidationError(
        "--max-yaml-depth must be at most \(YAMLLimits.depthCeiling) (deeper trees could exhaust the stack)"
      )
    }
  }
}

/// `--cluster`, shared by every command that reads a snapshot: which cluster of a data-center
/// snapshot (`clusters:`) to work on.
struct ClusterOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Work on this cluster of the snapshot only (default: every cluster; with --vm: the VM's).",
      valueName: "name"))
  var cluster: String?
}

/// Diagnostic presentation options.
struct DiagnosticOptions: ParsableArguments {
  @Option(
    help: "Colour diagnostics: auto (only on a terminal, never with NO_COLOR), always, never.")
  var color: ColorMode = .auto

  /// Prints diagnostics: the JSON document on stdout, or rendered text on stderr.
  func emit(_ bag: DiagnosticBag, sources: SourceMap, format: OutputFormat) {
    switch format {
    case .json:
      Console.out(
        DiagnosticJSONRenderer(sources: sources)
          .document(bag.diagnostics, droppedCount: bag.droppedCount).serialized(pretty: true)
          + "\n")
    case .text:
      Console.err(DiagnosticRenderer(sources: sources, usesColor: usesColor).render(bag))
    }
  }

  var usesColor: Bool {
    switch color {
    case .always: true
    case .never: false
    case .auto: Console.stderrWantsColor
    }
  }
}

/// `-o json` is a kubectl habit; here `-o` names a file. A value that is a format name and no
/// existing file is refused with a hint instead of writing a file called `json`.
func validateOutputPath(_ output: String?) throws {
  guard let output, !output.contains("/"), !output.contains("."),
    ["json", "yaml", "text", "html", "markdown", "junit", "sarif", "github"].contains(output),
    !FileManager.default.fileExists(atPath: output)
  else { return }
  throw ValidationError(
    "-o/--output names the file to write; did you mean --format \(output)? "
      + "(to write a file called '\(output)', give it as ./\(output))")
}
