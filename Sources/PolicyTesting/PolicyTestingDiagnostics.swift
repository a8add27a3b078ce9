package import Diagnostics

// Policy-test (`T`) diagnostics: problems with test suites themselves (bad input, exit 2).
// A failing expectation is not a diagnostic: it is a test failure, reported by the runner.

extension DiagnosticDescriptor {
  /// A suite or test case has a key Shepherd does not know.
  package static let testUnknownKey = DiagnosticDescriptor(
    "T001", title: "unknown key in a test suite",
    explanation: """
      Suite files (`*.test.yaml`) accept a fixed set of keys at the top level (suite, \
      description, snapshot, policies, policy, properties, tests), in a test case (name, \
      description, snapshot, policies, policy, properties, the trigger keys, batch, expect), \
      in `expect` and in step entries. The help line suggests the closest known key.
      """)
  /// A suite value has the wrong shape, or a required key is missing.
  package static let testInvalidValue = DiagnosticDescriptor(
    "T002", title: "invalid value in a test suite",
    explanation: """
      A value has the wrong type (a host list where a VM name is expected, a string where a \
      number is expected), or a required key (`tests`, a case's `name`, `snapshot` or \
      `expect`) is missing. The message says what was expected and what was found.
      """)
  /// A test case names no trigger or several.
  package static let testTrigger = DiagnosticDescriptor(
    "T003", title: "a test case needs exactly one trigger",
    explanation: """
      Each test case says what to run with exactly one of: balance, maintenance (with an \
      optional batch), fail, migrate, enforceAffinity, place, explain. An expectation that \
      does not apply to the trigger (a `winner` for a balance plan, `steps` for a placement) \
      is reported here too.
      """)
  /// A test case names a host, VM or filter the snapshot or policy does not have.
  package static let testUnknownName = DiagnosticDescriptor(
    "T004", title: "unknown host, VM or unit in a test case",
    explanation: """
      Triggers and expectations name hosts and VMs of the case's snapshot, and filters of its \
      policy. A misspelt name would make an expectation pass or fail for the wrong reason, so \
      it is bad input; the help line suggests the closest name.
      """)
  /// Two test cases of a suite have the same name, or no suite was found.
  package static let testSuiteStructure = DiagnosticDescriptor(
    "T005", title: "duplicate test case or no suite found",
    explanation: """
      Test case names are unique within a suite (they are selected with `--run` as \
      `suite/case`); the note points at the first one. A path given to `shepherd test` that \
      holds no `*.test.yaml` file is reported here too.
      """)
}

/// The policy-testing descriptors.
package enum PolicyTestingDiagnostics {
  /// Every `T` descriptor.
  package static let all: [DiagnosticDescriptor] = [
    .testUnknownKey, .testInvalidValue, .testTrigger, .testUnknownName, .testSuiteStructure,
  ]
}
