import Diagnostics
import Inventory
import Plan
import ProgressReporting
import ShepherdTestSupport
import Synchronization
import Testing
import Workspace

@testable import PolicyTesting

/// A small inline cluster: h1 runs three VMs, h2 one; `big` fits nowhere.
let inlineSuite = """
  snapshot:
    apiVersion: shepherd/v1
    kind: ClusterSnapshot
    takenAt: 2026-11-28T10:00:00Z
    cluster:
      name: t
      compatibilityVersion: "4.7"
      scheduling: { policy: vm_evenly_distributed }
      migration: { policy: minimal_downtime, maxConcurrentMigrations: 2 }
    hosts:
      - { name: h1, status: Up, cpu: { sockets: 1, cores: 16, threads: 32, usagePercent: 20 }, memory: { physicalMiB: 65536, freeMiB: 50000, committedMiB: 12600 }, networks: [ovirtmgmt] }
      - { name: h2, status: Up, cpu: { sockets: 1, cores: 16, threads: 32, usagePercent: 5 }, memory: { physicalMiB: 65536, freeMiB: 60000, committedMiB: 4200 }, networks: [ovirtmgmt] }
    vms:
      - { name: a, host: h1, status: Up, memoryMiB: 4096, vcpus: 2, cpuUsagePercent: 5 }
      - { name: b, host: h1, status: Up, memoryMiB: 4096, vcpus: 2, cpuUsagePercent: 10 }
      - { name: c, host: h1, status: Up, memoryMiB: 4096, vcpus: 2, cpuUsagePercent: 15 }
      - { name: d, host: h2, status: Up, memoryMiB: 4096, vcpus: 2, cpuUsagePercent: 10 }
      - { name: big, status: Down, memoryMiB: 500000, vcpus: 2 }
  properties: { HighVmCount: 3, MigrationThreshold: 2, SpmVmGrace: 0 }
  tests:

  """

/// Parses and runs an inline suite (the cases are appended to ``inlineSuite``).
func runInline(_ cases: String, run pattern: String? = nil, progress: ProgressHandler? = nil)
  -> (TestRunResult?, DiagnosticBag)
{
  var workspace = Workspace()
  var bag = DiagnosticBag()
  let file = workspace.add(path: "inline.test.yaml", text: inlineSuite + cases)
  guard let suite = TestSuiteParser().parse(file, diagnostics: &bag) else { return (nil, bag) }
  var runner = PolicyTestRunner(workspace: workspace, progress: progress)
  let result = runner.run(
    [suite], isSelected: { pattern == nil || $0.contains(pattern ?? "") }, diagnostics: &bag)
  return (bag.hasErrors ? nil : result, bag)
}

@Suite("policy test runner")
struct PolicyTestRunnerTests {
  @Test("progress: one update per selected case, before it runs, counted against the selection")
  func progress() throws {
    let updates = Mutex<[ProgressUpdate]>([])
    let (result, bag) = runInline(
      """
        - name: one
          balance: {}
          expect: { complete: true }
        - name: two
          balance: {}
          expect: { complete: true }
        - name: skipped
          balance: {}
          expect: { complete: true }
      """, run: "o", progress: { update in updates.withLock { $0.append(update) } })
    #expect(try #require(result, "\(bag.diagnostics)").cases.count == 2)
    #expect(
      updates.withLock { $0 } == [
        ProgressUpdate(stage: "testing", done: 0, total: 2, detail: "inline/one"),
        ProgressUpdate(stage: "testing", done: 1, total: 2, detail: "inline/two"),
      ])
  }

  @Test("a passing balance case, with its coverage")
  func passingBalance() throws {
    let (result, bag) = runInline(
      """
        - name: moves the lightest VM
          balance: {}
          expect:
            steps: [{ action: migrate, vm: a, from: h1, to: h2 }]
            destinations: { a: h2 }
            complete: true
      """)
    let run = try #require(result, "\(bag.diagnostics)")
    #expect(run.cases.map(\.fullName) == ["inline/moves the lightest VM"])
    #expect(run.failCount == 0, "\(run.cases.flatMap(\.failures))")
    let covered = run.coverage.exercisedUnits.map { "\($0.kind.rawValue) \($0.name)" }
    #expect(covered.contains("balancer OptimalForEvenGuestDistribution"))
    // The replay blacklists the VM's own host: one candidate is left, so nothing is weighed
    // and no filter rejects anything.
    #expect(covered == ["balancer OptimalForEvenGuestDistribution"])
  }

  @Test("failures cite the expectation's line and diff expected against actual")
  func failures() throws {
    let (result, bag) = runInline(
      """
        - name: wrong
          balance: {}
          expect:
            steps: [{ vm: b }]
            moves: 3
      """)
    let run = try #require(result, "\(bag.diagnostics)")
    let failures = try #require(run.cases.first?.failures)
    #expect(failures.count == 2)
    #expect(run.location(failures[0].span, fallback: "") == "inline.test.yaml:24:7")
    #expect(failures[0].diff == ["- * b", "+ migrate a h1 → h2"])
    #expect(failures[1].message == "expected 3 moves, found 1")
  }

  @Test("explain cases check rejecting filters, survivors and the winner; Memory is covered")
  func explain() throws {
    let (result, bag) = runInline(
      """
        - name: too big
          explain: big
          expect: { rejected: { h1: Memory, h2: Memory }, complete: false }
        - name: too big but claims a winner
          explain: big
          expect: { winner: h2, passes: [h1] }
      """)
    let run = try #require(result, "\(bag.diagnostics)")
    #expect(run.cases.map(\.isPassing) == [true, false])
    #expect(
      run.cases[1].failures.map(\.message) == [
        "expected 'h2' to win, found no host", "expected 'h1' to pass the filters, it is rejected",
      ])
    #expect(run.coverage.exercisedUnits.contains { $0.kind == .filter && $0.name == "Memory" })
  }

  @Test("--run selects by suite/case name")
  func selection() throws {
    let (result, _) = runInline(
      """
        - name: first
          balance: {}
          expect: { moves: 1 }
        - name: second
          balance: {}
          expect: { moves: 1 }
      """, run: "inline/second")
    #expect(result?.cases.map(\.name) == ["second"])
  }

  @Test("unknown names are diagnostics with a did-you-mean")
  func unknownNames() {
    let (result, bag) = runInline(
      """
        - name: typo
          maintenance: [h3]
          expect: { blockers: { aa: pinned } }
      """)
    #expect(result == nil)
    #expect(bag.diagnostics.map(\.code.rawValue) == ["T004", "T004"])
    #expect(bag.diagnostics.map(\.help) == ["did you mean 'h1'?", "did you mean 'a'?"])
  }
}

@Suite("test suite parser")
struct TestSuiteParserTests {
  func diagnostics(_ text: String) -> [String] {
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let file = sources.add(path: "s.test.yaml", text: text)
    _ = TestSuiteParser().parse(file, diagnostics: &bag)
    let renderer = DiagnosticRenderer(sources: sources)
    return bag.sorted.map {
      renderer.render($0).split(separator: "\n").first.map(String.init) ?? ""
    }
  }

  @Test("unknown keys, missing triggers and misplaced expectations have positions")
  func errors() {
    let found = diagnostics(
      """
      snapshot: x.yaml
      tests:
        - name: a
          expect: { empty: true }
        - name: b
          place: [x]
          expect: { steps: [], complete: maybe }
        - name: c
          explain: x
          batch: 2
          expect: { winer: h1 }
      """)
    #expect(
      found == [
        "s.test.yaml:3:5: error[T003]: test case 'a' has no trigger",
        "s.test.yaml:7:15: error[T003]: 'steps' does not apply to a 'place' case",
        "s.test.yaml:7:36: error[T002]: expected a boolean (true or false) for 'complete', found the string 'maybe'",
        "s.test.yaml:10:5: error[T003]: 'batch' goes with 'maintenance'",
        "s.test.yaml:11:15: error[T001]: unknown key 'winer' in 'expect'",
      ])
  }

  @Test("paths resolve against the suite's directory")
  func paths() {
    #expect(
      TestSuiteParser.resolve("../clusters/a.yaml", in: "Fixtures/suites/")
        == "Fixtures/clusters/a.yaml")
    #expect(TestSuiteParser.resolve("./a.yaml", in: "x/") == "x/a.yaml")
    #expect(TestSuiteParser.resolve("/abs.yaml", in: "x/") == "/abs.yaml")
    #expect(TestSuiteParser.resolve("a.yaml", in: "") == "a.yaml")
    #expect(TestSuiteParser.defaultName("Fixtures/suites/none.test.yaml") == "none")
  }
}

@Suite("policy impact metrics")
struct PolicyImpactTests {
  @Test("standard deviation is the population one")
  func standardDeviation() {
    #expect(PolicyImpact.standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) == 2)
    #expect(PolicyImpact.standardDeviation([]) == nil)
  }

  @Test("added and removed moves are multiset differences, sorted")
  func moveDifference() {
    let a = PolicyImpact.Move(vm: "a", from: "h1", to: "h2")
    let b = PolicyImpact.Move(vm: "b", from: "h1", to: "h3")
    #expect(PolicyImpact.difference([b, a, a], [a]) == [a, b])
    #expect(PolicyImpact.difference([a], [a, b]).isEmpty)
  }
}
