import Diagnostics
import Foundation
import Lint
import ShepherdTestSupport
import Testing

/// The registry, the generated docs and the rules' doc comments agree.
@Suite("rule documentation")
struct RuleDocumentationTests {
  @Test("codes are L001… in order, names are kebab-case and unique")
  func identities() {
    let rules = LintRegistry.metadata
    for (index, rule) in rules.enumerated() {
      #expect(rule.code.rawValue == String(format: "L%03d", index + 1))
      #expect(rule.name.allSatisfy { $0.isLowercase || $0 == "-" }, "\(rule.name)")
      #expect(!rule.summary.isEmpty && !rule.rationale.isEmpty)
    }
    #expect(Set(rules.map(\.name)).count == rules.count)
  }

  static func normalized(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  @Test(
    "each rule has its own file whose doc comment mirrors its metadata",
    arguments: LintRegistry.metadata)
  func docCommentMirrorsMetadata(_ rule: RuleMetadata) throws {
    let directory = Golden.path("Sources/Lint/Rules")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    let matches = names.filter { name in
      Golden.readText(directory + "/" + name)?.contains("name: \"\(rule.name)\"") == true
    }
    try #require(matches.count == 1, "one file defines rule '\(rule.name)': \(matches)")
    let source = try #require(Golden.readText(directory + "/" + matches[0]))
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    let structLine = try #require(lines.firstIndex { $0.hasPrefix("struct ") })
    var start = structLine
    while start > 0, lines[start - 1].hasPrefix("///") { start -= 1 }
    let comment = lines[start..<structLine].map { line in
      line.dropFirst(3).hasPrefix(" ") ? String(line.dropFirst(4)) : String(line.dropFirst(3))
    }.joined(separator: "\n")
    let flat = Self.normalized(comment)
    #expect(flat.hasPrefix(Self.normalized(rule.summary)), "summary of \(rule.name)")
    #expect(flat.contains(Self.normalized(rule.rationale)), "rationale of \(rule.name)")
    #expect(comment.contains("Avoid:\n```yaml\n\(rule.avoid)\n```"), "avoid of \(rule.name)")
    #expect(comment.contains("Prefer:\n```yaml\n\(rule.prefer)\n```"), "prefer of \(rule.name)")
  }

  @Test(
    "each rule's Avoid example triggers it and its Prefer example does not",
    arguments: LintRegistry.metadata)
  func examples(_ rule: RuleMetadata) {
    let (avoid, avoidSources) = LintHarness.lint(
      [("avoid.yaml", rule.avoid)], rules: [rule.name], alwaysOn: LintHarness.loadErrors)
    #expect(
      avoid.findings.contains { $0.rule.name == rule.name },
      "\(LintTextReporter(sources: avoidSources).render(avoid))")
    let (prefer, preferSources) = LintHarness.lint(
      [("prefer.yaml", rule.prefer)], rules: [rule.name], alwaysOn: LintHarness.loadErrors)
    #expect(prefer.findings.isEmpty, "\(LintTextReporter(sources: preferSources).render(prefer))")
  }
}
