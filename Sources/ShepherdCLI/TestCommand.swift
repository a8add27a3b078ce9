import ArgumentParser
import Diagnostics
import PolicyTesting
import Workspace

/// `shepherd test`: runs policy test suites (`*.test.yaml`).
struct TestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test",
    abstract: "Run policy test suites: snapshot + policy + trigger + expected outcome.",
    usage: "shepherd test <paths> ... [--run <regex>] [<options>]",
    discussion: """
      Runs every test case of the `*.test.yaml` files found (recursively, sorted) in the \
      given directories and files. A case loads a snapshot (inline, or a path relative to the \
      suite file) and a scheduling policy (the built-ins, plus `policies:` DIR), runs one \
      trigger (balance, enforceAffinity, maintenance [batch], fail, migrate, place, explain) \
      and checks its expectations: exact steps or a subsequence of them, steps that must not \
      appear, move counts, destinations, blockers with reason substrings, an explained \
      decision's winner, rejecting filters and passing hosts, notes, complete or not, empty \
      plan. Every plan a case produces must also pass the independent plan verifier.

      Unit coverage (--coverage): a filter is covered when it rejected at least one host in \
      some case's decisions, a weight when it scored two hosts differently, a balancer when \
      it proposed a move that made it into a plan. For plans, the decision behind every moved \
      or blocked VM is replayed. --coverage-threshold fails the run below a percentage.

      Output: PASS/FAIL per case; each failure cites the suite file:line:col of the \
      expectation and shows expected (-) against actual (+). --format junit writes JUnit XML \
      for CI (coverage then goes to stderr).

      Exit codes: 0 every case passes (and the coverage threshold is met), 1 a case fails \
      (or coverage is below the threshold), 2 bad input (unreadable or invalid suites, \
      snapshots or policies, unknown names, a bad --run pattern).

      Examples:
        shepherd test Fixtures/suites
        shepherd test Fixtures/suites --run 'vm_evenly_distributed/.*threshold'
        shepherd test Fixtures/suites --coverage --coverage-threshold 60
        shepherd test Fixtures/suites --format junit > test-results.xml
      """)

  /// Output formats of `test`.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case junit
  }

  @Argument(help: "Suite files or directories searched recursively for *.test.yaml.")
  var paths: [String]

  @Option(
    name: .customLong("run"),
    help: ArgumentHelp(
      "Run only the cases whose 'suite/case' name matches this regular expression.",
      valueName: "regex"))
  var runPattern: String?

  @Option(help: "Output format: text, json or junit.")
  var format: Format = .text

  @Flag(help: "Report which filters, weights and balancers the cases exercised.")
  var coverage = false

  @Option(
    help: ArgumentHelp(
      "Fail (exit 1) when unit coverage is below this percentage.", valueName: "percent"))
  var coverageThreshold: Double?

  @OptionGroup var progressOptions: ProgressOptions
  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one suite file or directory") }
    if let threshold = coverageThreshold, !(0...100).contains(threshold) {
      throw ValidationError("--coverage-threshold must be between 0 and 100")
    }
  }

  func run() throws {
    let pattern: Regex<AnyRegexOutput>?
    do {
      pattern = try runPattern.map { try Regex($0) }
    } catch {
      Console.err(
        "error: --run '\(runPattern ?? "")' is not a valid regular expression: \(error)\n")
      throw CommandExit(code: .usage)
    }
    var bag = DiagnosticBag(limit: limits.maxDiagnostics)
    var workspace = Workspace(limits: limits.yamlLimits)
    var suites: [TestSuite] = []
    let parser = TestSuiteParser(limits: limits.yamlLimits)
    for path in Self.suiteFiles(paths, &bag) {
      guard let file = workspace.read(path, diagnostics: &bag) else { continue }
      if let suite = parser.parse(file, diagnostics: &bag) { suites.append(suite) }
    }
    guard !bag.hasErrors else { return try fail(bag, workspace.sources) }
    let progressLine = progressOptions.progressLine()
    var runner = PolicyTestRunner(workspace: workspace, progress: progressLine?.handler)
    let result = runner.run(
      suites,
      isSelected: { name in pattern.map { (try? $0.firstMatch(in: name)) != nil } ?? true },
      diagnostics: &bag)
    progressLine?.finish()
    guard !bag.hasErrors else { return try fail(bag, runner.workspace.sources) }
    if !bag.isEmpty { Console.err(renderer(runner.workspace.sources).render(bag)) }
    let coverageText = TestReportRenderer.coverage(result.coverage)
    switch format {
    case .text:
      Console.text(TestReportRenderer.text(result))
      if coverage || coverageThreshold != nil { Console.text(coverageText) }
    case .junit:
      Console.out(TestReportRenderer.junit(result))
      if coverage { Console.err(coverageText) }
    case .json:
      Console.out(TestReportRenderer.json(result).serialized(pretty: true) + "\n")
    }
    var failed = result.failCount > 0
    if let threshold = coverageThreshold, result.coverage.percent < threshold {
      Console.err(
        "error: unit coverage \(Self.format(result.coverage.percent))% is below the threshold "
          + "\(Self.format(threshold))%\n")
      failed = true
    }
    if failed { throw CommandExit(code: .findings) }
  }

  /// The suite files of the arguments: files as given, directories searched recursively for
  /// `*.test.yaml`/`*.test.yml`; sorted, without repeats.
  static func suiteFiles(_ paths: [String], _ bag: inout DiagnosticBag) -> [String] {
    var files: [String] = []
    for path in paths {
      if InputFiles.isDirectory(path) {
        let found = InputFiles.files(under: path, suffixes: InputFiles.suiteSuffixes) ?? []
        if found.isEmpty {
          bag.append(
            Diagnostic(
              code: DiagnosticDescriptor.testSuiteStructure.code,
              message: "no *.test.yaml suite under '\(path)'", span: nil, path: path))
        }
        files += found
      } else {
        files.append(path)
      }
    }
    var seen = Set<String>()
    return files.sorted().filter { seen.insert($0).inserted }
  }

  static func format(_ value: Double) -> String {
    TextLayout.number(value, maxFractionDigits: 1)
  }

  func renderer(_ sources: SourceMap) -> DiagnosticRenderer {
    DiagnosticRenderer(sources: sources, usesColor: diagnosticOptions.usesColor)
  }

  func fail(_ bag: DiagnosticBag, _ sources: SourceMap) throws {
    Console.err(renderer(sources).render(bag))
    throw CommandExit(code: .usage)
  }
}
