package import Diagnostics

/// Renders a ``TestRunResult`` as text (like `opa test`), JUnit XML, or a coverage table.
///
/// Output depends only on the result: no timings, no absolute paths added, no hash order.
package enum TestReportRenderer {
  /// One line per case (PASS/FAIL), each failure with its suite file:line:col and the diff of
  /// expected (`-`) against actual (`+`), then the totals.
  package static func text(_ result: TestRunResult) -> String {
    var out = ""
    let width = min(60, result.cases.map(\.fullName.count).max() ?? 0)
    for suite in result.suites {
      let cases = result.cases.filter { $0.path == suite.path }
      guard !cases.isEmpty else { continue }
      out += suite.path + ":\n"
      for testCase in cases {
        out += testCase.isPassing ? "  PASS  " : "  FAIL  "
        out += testCase.fullName.padded(to: width)
        out += "  (\(testCase.summary))\n"
        for failure in testCase.failures {
          out += "        " + result.location(failure.span, fallback: testCase.path) + ": "
          out += failure.message + "\n"
          for line in failure.diff { out += "          " + line + "\n" }
        }
      }
    }
    out += String(repeating: "-", count: 80) + "\n"
    if result.cases.isEmpty {
      out += "no test case selected\n"
      return out
    }
    if result.passCount > 0 { out += "PASS: \(result.passCount)/\(result.cases.count)\n" }
    if result.failCount > 0 { out += "FAIL: \(result.failCount)/\(result.cases.count)\n" }
    return out
  }

  /// The coverage table: every unit with whether a case exercised it, and the percentage.
  package static func coverage(_ coverage: UnitCoverage) -> String {
    let units = coverage.units
    let exercised = Set(coverage.exercisedUnits)
    var out = "unit coverage: \(exercised.count)/\(units.count) units exercised ("
    out += format(coverage.percent) + "%)\n"
    let nameWidth = units.map(\.name.count).max() ?? 0
    for unit in units {
      out += "  " + (exercised.contains(unit) ? "covered  " : "MISSED   ")
      out += unit.kind.rawValue.padded(to: 9)
      out += unit.name.padded(to: nameWidth + 2)
      out += unit.origin + "\n"
    }
    out += "(a filter is covered when it rejected a host, a weight when it scored two hosts "
    out += "differently, a balancer when it proposed a planned move)\n"
    return out
  }

  /// JUnit XML: one `<testsuite>` per suite file, one `<testcase>` per case, a `<failure>` per
  /// failing case with every failure and its diff.
  package static func junit(_ result: TestRunResult) -> String {
    let suites = result.suites.compactMap { suite -> JUnitReport.Suite? in
      let cases = result.cases.filter { $0.path == suite.path }
      guard !cases.isEmpty else { return nil }
      return JUnitReport.Suite(
        name: suite.name, file: suite.path,
        cases: cases.map { testCase in
          var failures: [JUnitReport.Failure] = []
          if let first = testCase.failures.first {
            var body = ""
            for failure in testCase.failures {
              body +=
                result.location(failure.span, fallback: testCase.path) + ": " + failure.message
                + "\n"
              for line in failure.diff { body += "  " + line + "\n" }
            }
            failures.append(
              JUnitReport.Failure(
                type: "expectation",
                message: result.location(first.span, fallback: testCase.path) + ": "
                  + first.message,
                body: body))
          }
          return JUnitReport.Case(
            classname: suite.name, name: testCase.name,
            file: result.location(testCase.span, fallback: testCase.path), failures: failures)
        })
    }
    return JUnitReport(name: "shepherd-test", suites: suites).xml()
  }

  /// The run as JSON (`shepherd test --format json`): every case with its result and
  /// failures, and the unit coverage.
  package static func json(_ result: TestRunResult) -> JSONValue {
    .object([
      ("apiVersion", .string("shepherd/v1")), ("kind", .string("TestReport")),
      ("passed", .int(result.passCount)), ("failed", .int(result.failCount)),
      (
        "cases",
        .array(
          result.cases.map { testCase in
            .object([
              ("suite", .string(testCase.suite)), ("name", .string(testCase.name)),
              ("file", .string(result.location(testCase.span, fallback: testCase.path))),
              ("passed", .bool(testCase.isPassing)), ("summary", .string(testCase.summary)),
              (
                "failures",
                .array(
                  testCase.failures.map { failure in
                    .object([
                      ("message", .string(failure.message)),
                      ("location", .string(result.location(failure.span, fallback: testCase.path))),
                      ("diff", .array(failure.diff.map { .string($0) })),
                    ])
                  })
              ),
            ])
          })
      ),
      (
        "coverage",
        .object([
          ("percent", .double(result.coverage.percent)),
          (
            "missed",
            .array(
              result.coverage.missedUnits.map { .string($0.kind.rawValue + " " + $0.name) })
          ),
        ])
      ),
    ])
  }

  /// A number with at most one decimal.
  static func format(_ value: Double) -> String {
    TextLayout.number(value, maxFractionDigits: 1)
  }
}
