import Diagnostics
import Lint
import Policy
import ShepherdTestSupport
import Testing

/// Ignore comments, configuration, levels and the built-in policies.
@Suite("lint engine")
struct LintEngineTests {
  @Test("an ignore comment alone on its line silences the next line; a trailing one its own line")
  func ignoreComments() {
    let text = """
      kind: Filter
      name: Always
      # shepherd-lint: ignore constant-filter

      when: vm.vcpus >= 0 || true
      ---
      kind: Filter
      name: Busy
      properties:
        Grace: { type: int, default: 5, min: 0 }  # shepherd-lint: ignore unused-property, constant-filter
        Spare: { type: int, default: 5, min: 0 }
      when: host.cpuLoadPercent < 90
      """
    let (result, _) = LintHarness.lint(
      [("test.yaml", text)], rules: ["constant-filter", "unused-property"])
    #expect(result.exemptions.map(\.rule.name) == ["constant-filter", "unused-property"])
    #expect(result.findings.map(\.rule.name) == ["unused-property"])
    #expect(result.findings.first?.diagnostic.message.contains("'Spare'") == true)
    #expect(result.summaryLine.hasSuffix("2 exempted by ignore comments"))
  }

  @Test("'#' inside a quoted scalar is not a comment")
  func quotedHash() {
    var sources = SourceMap()
    let file = sources.add(
      path: "t.yaml",
      text: "reason: \"# shepherd-lint: ignore x\"\nwhen: a # shepherd-lint: ignore y\n")
    let mask = SuppressionMask(file)
    #expect(mask.directives.map(\.ruleNames) == [["y"]])
    #expect(mask.directives.first?.targetLine == 1)
  }

  @Test("levels from the configuration: ignore drops, warning downgrades, error upgrades")
  func levels() {
    let text = """
      kind: SchedulingPolicy
      name: lean
      filters: [CPU, Memory]
      weights: [PreferredHosts, PreferredHosts]
      """
    var sources = SourceMap()
    let file = sources.add(path: "p.yaml", text: text)
    let configuration = LintConfiguration(levels: [
      "missing-core-filter": .error, "duplicate-unit": .warning,
    ])
    let result = Linter(configuration: configuration).lint([file], sources: &sources)
    #expect(result.findings.map(\.rule.name) == ["missing-core-filter", "duplicate-unit"])
    #expect(result.findings.map(\.severity) == [.error, .warning])
    let ignoring = Linter(configuration: LintConfiguration(levels: ["duplicate-unit": .ignore]))
    var sources2 = SourceMap()
    let file2 = sources2.add(path: "p.yaml", text: text)
    #expect(
      ignoring.lint([file2], sources: &sources2).findings.map(\.rule.name) == [
        "missing-core-filter"
      ])
  }

  @Test("configuration: unknown rules and levels are errors with did-you-mean")
  func configurationErrors() {
    var sources = SourceMap()
    let file = sources.add(
      path: ".shepherd-lint.yaml",
      text: """
        rules:
          constant-filtr: error
          L011: ignore
          unused-property: warnig
          missing-core-filter: ignore
        extra: 1
        """)
    var bag = DiagnosticBag()
    #expect(LintConfiguration.read(file, diagnostics: &bag) == nil)
    let rendered = DiagnosticRenderer(sources: sources).render(bag)
    #expect(rendered.contains("error[L100]: unknown lint rule 'constant-filtr'"))
    #expect(rendered.contains("did you mean 'constant-filter'?"))
    #expect(rendered.contains("rules are configured by name: 'unused-property'"))
    #expect(rendered.contains("unknown level 'warnig' for rule 'unused-property'"))
    #expect(rendered.contains("did you mean 'warning'?"))
    #expect(rendered.contains("unknown key 'extra' in the lint configuration"))

    var good = SourceMap()
    let goodFile = good.add(path: "c.yaml", text: "rules:\n  unused-property: error\n")
    var goodBag = DiagnosticBag()
    let configuration = LintConfiguration.read(goodFile, diagnostics: &goodBag)
    #expect(goodBag.isEmpty)
    #expect(configuration?.levels == ["unused-property": .error])
  }

  @Test("the built-in policies lint clean when linted as user files")
  func builtinsAreClean() {
    var sources = SourceMap()
    let files = BuiltinPolicies.files.sorted { $0.path < $1.path }.map {
      sources.add(path: $0.path, text: $0.text)
    }
    let result = Linter().lint(files, sources: &sources)
    // The only exemptions: the legacy migration policy sends no schedule on purpose.
    #expect(
      result.findings.isEmpty && result.exemptions.count == 2,
      "\(LintTextReporter(sources: sources).render(result))")
    #expect(result.files.count == BuiltinPolicies.files.count)
  }
}
