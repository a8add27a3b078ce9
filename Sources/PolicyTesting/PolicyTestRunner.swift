package import Diagnostics
import Inventory
import Plan
import Planner
import Policy
package import ProgressReporting
import Scheduler
package import Workspace

/// Runs policy test suites: for each selected case, loads its snapshot and policy, runs its
/// trigger through the planners or the scheduler, verifies every plan with ``PlanVerifier``,
/// checks the expectations and records unit coverage (``UnitCoverage``).
///
/// Problems with the suites themselves (unreadable files, invalid snapshots or policies,
/// unknown names) are diagnostics: the caller should treat a run with errors as bad input.
package struct PolicyTestRunner: Sendable {
  /// The loader, shared by every case so libraries and snapshots load once.
  package var workspace: Workspace
  /// Receives one update per case run; nil, the default, reports nothing.
  package var progress: ProgressHandler?

  /// Creates a runner.
  package init(workspace: Workspace = Workspace(), progress: ProgressHandler? = nil) {
    self.workspace = workspace
    self.progress = progress
  }

  /// Runs the cases of `suites` whose `suite/case` name `isSelected` accepts.
  ///
  /// - Complexity: per case, one plan (see the planners) plus one replayed decision per
  ///   moved or blocked VM for coverage.
  package mutating func run(
    _ suites: [TestSuite], isSelected: (String) -> Bool, diagnostics: inout DiagnosticBag
  ) -> TestRunResult {
    var results: [TestCaseResult] = []
    var coverage = UnitCoverage()
    let total =
      progress == nil
      ? 0
      : suites.reduce(0) { count, suite in
        count + suite.cases.filter { isSelected(suite.name + "/" + $0.name) }.count
      }
    var started = 0
    for suite in suites {
      for testCase in suite.cases where isSelected(suite.name + "/" + testCase.name) {
        if let progress {
          progress(
            ProgressUpdate(
              stage: "testing", done: started, total: total,
              detail: suite.name + "/" + testCase.name))
          started += 1
        }
        guard let prepared = prepare(testCase, diagnostics: &diagnostics) else { continue }
        coverage.add(prepared.pipeline)
        let outcome = CaseExecution(prepared: prepared).run()
        coverage.merge(outcome.coverage)
        var failures = outcome.verificationFailures
        for expectation in testCase.expectations {
          failures += ExpectationChecker(prepared: prepared, outcome: outcome.result).check(
            expectation)
        }
        results.append(
          TestCaseResult(
            suite: suite.name, path: suite.path, name: testCase.name, span: testCase.nameSpan,
            summary: outcome.summary, failures: failures))
      }
    }
    return TestRunResult(
      suites: suites.map { ($0.name, $0.path) }, cases: results, coverage: coverage,
      sources: workspace.sources)
  }

  /// Loads a case's inputs and resolves its names; nil when something was reported.
  mutating func prepare(_ testCase: TestCase, diagnostics: inout DiagnosticBag) -> PreparedCase? {
    var bag = DiagnosticBag(limit: diagnostics.limit)
    defer { diagnostics.merge(bag) }
    guard
      let library = workspace.library(
        layers: testCase.policiesDirectory.map { [$0] } ?? [], diagnostics: &bag,
        at: testCase.policiesSpan)
    else { return nil }
    let loaded: LoadedSnapshot?
    switch testCase.snapshot {
    case .file(let path, let span):
      loaded = workspace.oneClusterSnapshot(path: path, diagnostics: &bag, at: span)
    case .inline(let node): loaded = workspace.snapshot(inline: node, diagnostics: &bag)
    }
    guard let loaded else { return nil }
    guard
      let pipeline = workspace.pipeline(
        library: library, snapshot: loaded.snapshot, policy: testCase.policy,
        properties: testCase.properties, diagnostics: &bag),
      let migration = workspace.migrationPolicy(
        library: library, snapshot: loaded.snapshot, diagnostics: &bag, at: testCase.triggerSpan)
    else { return nil }
    let maxMigrations: Int? =
      switch testCase.trigger {
      case .balance(let limit, _), .enforceAffinity(let limit): limit
      default: nil
      }
    let context = PlanningContext(
      snapshot: loaded.snapshot, snapshotDigest: loaded.digest, pipeline: pipeline,
      migrationPolicy: migration, maxMigrations: maxMigrations)
    var resilience: ResiliencePolicyDocument?
    if case .fail = testCase.trigger {
      resilience = workspace.resiliencePolicy(
        library: library, snapshot: loaded.snapshot, diagnostics: &bag, at: testCase.triggerSpan)
    }
    var names = NameResolver(snapshot: loaded.snapshot, pipeline: pipeline)
    names.check(testCase, &bag)
    guard !bag.hasErrors else { return nil }
    let snapshot = loaded.snapshot
    let hosts = { (names: [Named]) in names.compactMap { snapshot.hostIndexByName[$0.name] } }
    let vms = { (names: [Named]) in names.compactMap { snapshot.vmIndexByName[$0.name] } }
    let action: CaseAction
    switch testCase.trigger {
    case .place(let names): action = .place(vms(names))
    case .explain(let name):
      guard let vm = vms([name]).first else { return nil }
      action = .explain(vm)
    case .balance(let maxMigrations, let minImprovement):
      action = .plan(
        .balance(BalanceOptions(maxMigrations: maxMigrations, minImprovement: minImprovement)))
    case .enforceAffinity(let maxMigrations):
      action = .plan(.enforceAffinity(BalanceOptions(maxMigrations: maxMigrations)))
    case .maintenance(let names, let batch):
      action = .plan(.maintenance(hosts: hosts(names), batchSize: batch))
    case .fail(let names):
      guard let resilience else { return nil }
      action = .plan(.fail(hosts: hosts(names), resilience: resilience))
    case .migrate(let names, let to):
      action = .plan(.migrate(vms: vms(names), destination: to.flatMap { hosts([$0]).first }))
    }
    return PreparedCase(testCase: testCase, context: context, action: action)
  }
}

/// What a prepared case runs: a planner trigger, or the scheduler directly.
enum CaseAction {
  /// A migration plan.
  case plan(Trigger)
  /// Placement of stopped VMs (indices).
  case place([Int])
  /// One stateless decision for a VM (index).
  case explain(Int)
}

/// A case with everything loaded and every name resolved.
struct PreparedCase {
  var testCase: TestCase
  var context: PlanningContext
  var action: CaseAction
  var snapshot: ClusterSnapshot { context.snapshot }
  var pipeline: SchedulingPipeline { context.policyPipeline }

  func host(_ name: Named) -> Int? { snapshot.hostIndexByName[name.name] }
  func vm(_ name: Named) -> Int? { snapshot.vmIndexByName[name.name] }
}

/// Checks that every host, VM and filter a case names exists (T004, with a did-you-mean).
struct NameResolver {
  let snapshot: ClusterSnapshot
  let pipeline: SchedulingPipeline

  func host(_ name: Named, _ bag: inout DiagnosticBag) {
    if snapshot.hostIndexByName[name.name] == nil {
      bag.report(
        .testUnknownName, "no host named '\(name.name)' in the snapshot", at: name.span,
        help: DidYouMean.help(for: name.name, among: snapshot.hosts.map(\.name)))
    }
  }

  func vm(_ name: Named, _ bag: inout DiagnosticBag) {
    if snapshot.vmIndexByName[name.name] == nil {
      bag.report(
        .testUnknownName, "no VM named '\(name.name)' in the snapshot", at: name.span,
        help: DidYouMean.help(for: name.name, among: snapshot.vms.map(\.name)))
    }
  }

  func filter(_ name: Named, _ bag: inout DiagnosticBag) {
    let names = pipeline.filters.map(\.unitName)
    if !names.contains(name.name) {
      bag.report(
        .testUnknownName,
        "policy '\(pipeline.policyName)' has no filter named '\(name.name)'", at: name.span,
        help: DidYouMean.help(for: name.name, among: names))
    }
  }

  func step(_ pattern: StepPattern, _ bag: inout DiagnosticBag) {
    if let vm = pattern.vm { self.vm(vm, &bag) }
    for host in [pattern.from, pattern.to, pattern.host].compactMap({ $0 }) {
      self.host(host, &bag)
    }
  }

  mutating func check(_ testCase: TestCase, _ bag: inout DiagnosticBag) {
    switch testCase.trigger {
    case .balance, .enforceAffinity: break
    case .maintenance(let hosts, _), .fail(let hosts): for name in hosts { host(name, &bag) }
    case .migrate(let vms, let to):
      for name in vms { vm(name, &bag) }
      if let to { host(to, &bag) }
    case .place(let vms):
      for name in vms { vm(name, &bag) }
      for name in vms {
        if let index = snapshot.vmIndexByName[name.name], snapshot.vms[index].isRunning {
          bag.report(
            .testInvalidValue,
            "VM '\(name.name)' is already running: 'place' starts VMs that are not running",
            at: name.span, help: "use 'explain: \(name.name)' to see where it would go if it moved")
        }
      }
    case .explain(let name): vm(name, &bag)
    }
    for expectation in testCase.expectations {
      switch expectation.kind {
      case .isEmpty, .isComplete, .moveCount, .notes: break
      case .steps(let patterns), .contains(let patterns), .excludes(let patterns):
        for pattern in patterns { step(pattern, &bag) }
      case .destinations(let pairs):
        for pair in pairs {
          vm(pair.vm, &bag)
          host(pair.host, &bag)
        }
      case .blockers(let pairs): for pair in pairs { vm(pair.vm, &bag) }
      case .unschedulable(let vms): for name in vms { vm(name, &bag) }
      case .winner(let name): host(name, &bag)
      case .rejected(let pairs):
        for pair in pairs {
          host(pair.host, &bag)
          for name in pair.filters { filter(name, &bag) }
        }
      case .passes(let hosts): for name in hosts { host(name, &bag) }
      }
    }
  }
}
