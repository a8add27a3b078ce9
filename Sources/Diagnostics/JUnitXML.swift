/// A JUnit XML report (the dialect CI dashboards read), written one way for `lint` and `test`.
package struct JUnitReport: Sendable {
  /// One `<failure>`.
  package struct Failure: Sendable {
    package var type: String
    package var message: String
    package var body: String

    package init(type: String, message: String, body: String) {
      self.type = type
      self.message = message
      self.body = body
    }
  }

  /// One `<testcase>`.
  package struct Case: Sendable {
    package var classname: String
    package var name: String
    package var file: String?
    package var failures: [Failure]

    package init(classname: String, name: String, file: String? = nil, failures: [Failure]) {
      self.classname = classname
      self.name = name
      self.file = file
      self.failures = failures
    }
  }

  /// One `<testsuite>`.
  package struct Suite: Sendable {
    package var name: String
    package var file: String?
    package var cases: [Case]

    package init(name: String, file: String? = nil, cases: [Case]) {
      self.name = name
      self.file = file
      self.cases = cases
    }
  }

  /// What a `failures` attribute counts.
  package enum FailureCount: Sendable {
    /// Failing test cases.
    case cases
    /// `<failure>` elements (a linted file with three findings counts three).
    case elements
  }

  package var name: String
  package var suites: [Suite]
  package var failureCount: FailureCount

  package init(name: String, suites: [Suite], failureCount: FailureCount = .cases) {
    self.name = name
    self.suites = suites
    self.failureCount = failureCount
  }

  /// The XML document.
  package func xml() -> String {
    let cases = suites.flatMap(\.cases)
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<testsuites name=\"\(Self.escape(name))\" tests=\"\(cases.count)\" "
    out += "failures=\"\(failures(cases))\" errors=\"0\">\n"
    for suite in suites {
      out += "  <testsuite name=\"\(Self.escape(suite.name))\" "
      if let file = suite.file { out += "file=\"\(Self.escape(file))\" " }
      out += "tests=\"\(suite.cases.count)\" failures=\"\(failures(suite.cases))\" "
      out += "errors=\"0\" skipped=\"0\">\n"
      for testCase in suite.cases {
        out += "    <testcase classname=\"\(Self.escape(testCase.classname))\" "
        out += "name=\"\(Self.escape(testCase.name))\""
        if let file = testCase.file { out += " file=\"\(Self.escape(file))\"" }
        guard !testCase.failures.isEmpty else {
          out += "/>\n"
          continue
        }
        out += ">\n"
        for failure in testCase.failures {
          out += "      <failure type=\"\(Self.escape(failure.type))\" "
          out += "message=\"\(Self.escape(failure.message))\">"
          out += Self.escape(failure.body) + "</failure>\n"
        }
        out += "    </testcase>\n"
      }
      out += "  </testsuite>\n"
    }
    out += "</testsuites>\n"
    return out
  }

  private func failures(_ cases: [Case]) -> Int {
    switch failureCount {
    case .cases: cases.filter { !$0.failures.isEmpty }.count
    case .elements: cases.reduce(0) { $0 + $1.failures.count }
    }
  }

  /// Escapes text for XML attributes and content; characters XML 1.0 forbids become U+FFFD.
  package static func escape(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n", "\t": out.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}
