package import Diagnostics
package import YAMLDocument

/// Per-rule levels, read from a checked-in `.shepherd-lint.yaml`.
///
/// ```yaml
/// rules:
///   unused-property: error      # error | warning | ignore
///   constant-filter: ignore
/// ```
///
/// Rules not listed keep their default level. Unknown rule names and levels are errors
/// (L100) with a did-you-mean.
package struct LintConfiguration: Sendable {
  /// The file name looked for in the current directory.
  package static let fileName = ".shepherd-lint.yaml"

  /// Levels set by the configuration, by rule name.
  package private(set) var levels: [String: LintLevel] = [:]

  /// The default configuration: every rule at its default level.
  package init() {}

  /// A configuration with explicit levels (rule names are not checked).
  package init(levels: [String: LintLevel]) { self.levels = levels }

  /// The level of a rule.
  package func level(of rule: RuleMetadata) -> LintLevel {
    levels[rule.name] ?? rule.defaultLevel
  }

  /// Reads a configuration file.
  ///
  /// - Returns: the configuration, or `nil` when any error was reported.
  package static func read(
    _ file: SourceFile, rules: [RuleMetadata] = LintRegistry.metadata,
    limits: YAMLLimits = .default, diagnostics: inout DiagnosticBag
  ) -> LintConfiguration? {
    var bag = DiagnosticBag()
    defer { diagnostics.merge(bag) }
    let documents = YAMLParser(limits: limits).parse(file, diagnostics: &bag)
    guard !bag.hasErrors else { return nil }
    var configuration = LintConfiguration()
    guard let document = documents.first, !document.root.isNull else { return configuration }
    guard
      let mapping = document.root.expectMapping(
        "a lint configuration", &bag, code: .lintInvalidConfiguration)
    else { return nil }
    for entry in mapping.entries where entry.keyString != "rules" {
      bag.report(
        .lintInvalidConfiguration, "unknown key '\(entry.keyString)' in the lint configuration",
        at: entry.key.span, help: DidYouMean.help(for: entry.keyString, among: ["rules"]))
    }
    if let node = mapping["rules"], !node.isNull,
      let map = node.expectMapping("'rules'", &bag, code: .lintInvalidConfiguration)
    {
      let names = rules.map(\.name)
      for entry in map.entries {
        let name = entry.keyString
        guard names.contains(name) else {
          let byCode = rules.first { $0.code.rawValue == name.uppercased() }
          bag.report(
            .lintInvalidConfiguration, "unknown lint rule '\(name)'", at: entry.key.span,
            help: byCode.map { "rules are configured by name: '\($0.name)'" }
              ?? DidYouMean.help(for: name, among: names)
              ?? "`shepherd lint --list-rules` lists the rules")
          continue
        }
        guard let text = entry.value.expectString("a level", &bag, code: .lintInvalidConfiguration)
        else { continue }
        guard let level = LintLevel(rawValue: text) else {
          let levels = LintLevel.allCases.map(\.rawValue)
          bag.report(
            .lintInvalidConfiguration, "unknown level '\(text)' for rule '\(name)'",
            at: entry.value.span,
            help: DidYouMean.help(for: text, among: levels)
              ?? "expected " + levels.joined(separator: ", "))
          continue
        }
        configuration.levels[name] = level
      }
    }
    return bag.hasErrors ? nil : configuration
  }
}
