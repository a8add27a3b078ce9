package import Diagnostics
package import YAMLDocument

/// A policy test suite: one `*.test.yaml` file of test cases, each a snapshot, a policy, a
/// trigger and the expected outcome (OPA's `opa test` and cel-spec's conformance files, as data).
///
/// ```yaml
/// suite: vm_evenly_distributed          # optional; defaults to the file name without .test.yaml
/// snapshot: clusters/six-hosts.yaml     # defaults for every case: snapshot, policies, policy,
/// policy: vm_evenly_distributed         #   properties (a case's own keys win)
/// tests:
///   - name: moves from the busiest host
///     properties: { HighVmCount: 4 }
///     balance: { maxMigrations: 1 }
///     expect:
///       steps: [{ action: migrate, vm: b-1, from: busy, to: idle }]
///       complete: true
/// ```
package struct TestSuite: Sendable {
  /// The suite's name (`suite:` or the file name without `.test.yaml`).
  package var name: String
  /// The suite file's path.
  package var path: String
  /// The cases, in file order.
  package var cases: [TestCase]
}

/// Where a case's snapshot comes from.
package enum SnapshotSource: Sendable {
  /// A file, its path relative to the suite file resolved; the span of the value.
  case file(path: String, span: SourceSpan)
  /// An inline mapping in snapshot format.
  case inline(Node)
}

/// One test case.
package struct TestCase: Sendable {
  /// The name, unique within its suite.
  package var name: String
  /// The span of the name value (failures and junit cite it).
  package var nameSpan: SourceSpan
  /// The snapshot.
  package var snapshot: SnapshotSource
  /// A directory of policy files loaded over the built-ins (path resolved), if any.
  package var policiesDirectory: String?
  /// The span of `policies:`.
  package var policiesSpan: SourceSpan?
  /// The scheduling policy; `nil` is the snapshot's.
  package var policy: String?
  /// Property overrides applied on top of the snapshot's (`cluster.scheduling.properties`).
  package var properties: [(key: String, value: String, span: SourceSpan)]
  /// What to run.
  package var trigger: TestTrigger
  /// The trigger key's span.
  package var triggerSpan: SourceSpan
  /// What must hold.
  package var expectations: [Expectation]
}

/// What a test case runs.
package enum TestTrigger: Sendable {
  /// The balance loop (affinity enforcement, then the balancer), round after round.
  case balance(maxMigrations: Int, minImprovement: Double)
  /// Affinity enforcement alone.
  case enforceAffinity(maxMigrations: Int)
  /// Hosts entering maintenance, optionally the largest batch of at most `batch`.
  case maintenance(hosts: [Named], batch: Int?)
  /// Hosts failing.
  case fail(hosts: [Named])
  /// A manual migration.
  case migrate(vms: [Named], to: Named?)
  /// Starting VMs that are not running.
  case place(vms: [Named])
  /// The stateless placement decision for one VM.
  case explain(vm: Named)

  /// Whether the trigger produces a migration plan (as opposed to placement decisions).
  package var producesPlan: Bool {
    switch self {
    case .place, .explain: false
    default: true
    }
  }

  /// The keyword, for messages.
  package var keyword: String {
    switch self {
    case .balance: "balance"
    case .enforceAffinity: "enforceAffinity"
    case .maintenance: "maintenance"
    case .fail: "fail"
    case .migrate: "migrate"
    case .place: "place"
    case .explain: "explain"
    }
  }
}

/// A name written in a suite, with its span.
package struct Named: Hashable, Sendable {
  /// The name.
  package var name: String
  /// Where it is written.
  package var span: SourceSpan

  /// Creates a name.
  package init(_ name: String, span: SourceSpan) {
    self.name = name
    self.span = span
  }
}

/// A step pattern: the given fields must match a plan step; absent fields match anything.
package struct StepPattern: Hashable, Sendable {
  /// `migrate`, `restart`, `host-maintenance`, …
  package var action: String?
  /// The VM.
  package var vm: Named?
  /// The source host.
  package var from: Named?
  /// The destination host.
  package var to: Named?
  /// The host of a host action.
  package var host: Named?
  /// The entry's span.
  package var span: SourceSpan
}

/// One expectation of a test case, with the span of its key for failure messages.
package struct Expectation: Sendable {
  /// What is expected.
  package enum Kind: Sendable {
    /// The plan has no steps.
    case isEmpty(Bool)
    /// The plan (or placement) did everything the trigger asked.
    case isComplete(Bool)
    /// Exactly this many VM moves (migrate and restart steps).
    case moveCount(Int)
    /// Exactly these steps, in order.
    case steps([StepPattern])
    /// These steps appear, in this relative order.
    case contains([StepPattern])
    /// No step matches any of these.
    case excludes([StepPattern])
    /// Where VMs end up: the last move of each VM in a plan, or its host in a placement.
    case destinations([(vm: Named, host: Named)])
    /// VMs that could not be handled, each with substrings of the reason (and its details).
    case blockers([(vm: Named, substrings: [String])])
    /// VMs a placement could not place.
    case unschedulable([Named])
    /// The host an explained decision chooses.
    case winner(Named)
    /// Hosts rejected by filters in an explained decision (each listed filter rejects it).
    case rejected([(host: Named, filters: [Named])])
    /// Hosts that pass every filter in an explained decision.
    case passes([Named])
    /// Substrings of the plan's notes.
    case notes([String])
  }

  /// The expectation.
  package var kind: Kind
  /// The key, as written (`steps`, `winner`, …).
  package var key: String
  /// The key's span.
  package var span: SourceSpan
}
