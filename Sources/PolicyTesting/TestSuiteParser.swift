package import Diagnostics
package import YAMLDocument

/// Reads `*.test.yaml` files into ``TestSuite`` values, reporting every problem with its
/// position (T001–T005, and YAML's own codes).
///
/// Suite-level `snapshot`, `policies`, `policy` and `properties` are defaults for every case.
/// Paths are relative to the suite file. Names in triggers and expectations are checked later,
/// against the loaded snapshot and policy (``PolicyTestRunner``).
package struct TestSuiteParser: Sendable {
  /// YAML limits.
  package var limits: YAMLLimits

  /// Creates a parser.
  package init(limits: YAMLLimits = .default) { self.limits = limits }

  static let suiteKeys = [
    "suite", "description", "snapshot", "policies", "policy", "properties", "tests",
  ]
  static let triggerKeys = [
    "balance", "maintenance", "fail", "migrate", "enforceAffinity", "place", "explain",
  ]
  static let caseKeys =
    ["name", "description", "snapshot", "policies", "policy", "properties", "batch", "expect"]
    + triggerKeys
  static let expectKeys = [
    "empty", "complete", "moves", "steps", "contains", "excludes", "destinations", "blockers",
    "unschedulable", "winner", "rejected", "passes", "notes",
  ]
  static let stepKeys = ["action", "vm", "from", "to", "host"]
  /// Expectations that need a plan, and those that need a placement decision.
  static let planOnlyKeys: Set = [
    "empty", "moves", "steps", "contains", "excludes", "blockers", "notes",
  ]
  static let placeKeys: Set = ["complete", "destinations", "unschedulable"]
  static let explainKeys: Set = ["complete", "winner", "rejected", "passes"]

  /// Parses one suite file.
  ///
  /// - Returns: the suite, or `nil` when an error was reported for this file.
  package func parse(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> TestSuite? {
    var bag = DiagnosticBag(limit: diagnostics.limit)
    defer { diagnostics.merge(bag) }
    guard let document = YAMLParser(limits: limits).parseSingle(file, diagnostics: &bag),
      !bag.hasErrors
    else { return nil }
    guard let root = document.root.expectMapping("a test suite", &bag, code: .testInvalidValue)
    else { return nil }
    Self.checkKeys(root, Self.suiteKeys, "a test suite", &bag)
    let directory = Self.directory(of: file.path)
    var defaults = CaseDefaults()
    readDefaults(root, directory: directory, into: &defaults, &bag)
    var name = Self.defaultName(file.path)
    if let node = root["suite"],
      let value = node.expectString("'suite'", &bag, code: .testInvalidValue)
    {
      name = value
    }
    guard let testsNode = root["tests"] else {
      bag.report(
        .testInvalidValue, "missing 'tests': a suite lists its test cases under 'tests'",
        at: root.span)
      return nil
    }
    guard let tests = testsNode.expectSequence("'tests'", &bag, code: .testInvalidValue)
    else { return nil }
    var cases: [TestCase] = []
    var seen: [String: SourceSpan] = [:]
    for item in tests.items {
      guard let testCase = parseCase(item, directory: directory, defaults: defaults, &bag)
      else { continue }
      if let first = seen[testCase.name] {
        bag.report(
          .testSuiteStructure, "duplicate test case name '\(testCase.name)'",
          at: testCase.nameSpan, notes: [Diagnostic.Note("first defined here", at: first)])
        continue
      }
      seen[testCase.name] = testCase.nameSpan
      cases.append(testCase)
    }
    guard !bag.hasErrors else { return nil }
    return TestSuite(name: name, path: file.path, cases: cases)
  }

  /// Values a suite sets for all of its cases.
  struct CaseDefaults {
    var snapshot: SnapshotSource?
    var policies: (path: String, span: SourceSpan)?
    var policy: String?
    var properties: [(key: String, value: String, span: SourceSpan)] = []
  }

  func readDefaults(
    _ mapping: Mapping, directory: String, into defaults: inout CaseDefaults,
    _ bag: inout DiagnosticBag
  ) {
    if let node = mapping["snapshot"] {
      if case .mapping = node {
        defaults.snapshot = .inline(node)
      } else if let path = node.expectString(
        "'snapshot' (a path or an inline snapshot)", &bag, code: .testInvalidValue)
      {
        defaults.snapshot = .file(path: Self.resolve(path, in: directory), span: node.span)
      }
    }
    if let node = mapping["policies"],
      let path = node.expectString("'policies' (a directory)", &bag, code: .testInvalidValue)
    {
      defaults.policies = (Self.resolve(path, in: directory), node.span)
    }
    if let node = mapping["policy"],
      let value = node.expectString("'policy'", &bag, code: .testInvalidValue)
    {
      defaults.policy = value
    }
    if let node = mapping["properties"],
      let properties = node.expectMapping("'properties'", &bag, code: .testInvalidValue)
    {
      for entry in properties.entries {
        guard let scalar = entry.value.scalarValue, !entry.value.isNull else {
          bag.report(
            .testInvalidValue,
            "expected a value for property '\(entry.keyString)', found \(entry.value.foundDescription)",
            at: entry.value.span)
          continue
        }
        defaults.properties.removeAll { $0.key == entry.keyString }
        defaults.properties.append((entry.keyString, scalar.value, scalar.span))
      }
    }
  }

  func parseCase(
    _ node: Node, directory: String, defaults suiteDefaults: CaseDefaults,
    _ bag: inout DiagnosticBag
  ) -> TestCase? {
    guard let mapping = node.expectMapping("a test case", &bag, code: .testInvalidValue) else {
      return nil
    }
    Self.checkKeys(mapping, Self.caseKeys, "a test case", &bag)
    guard let nameNode = mapping["name"] else {
      bag.report(.testInvalidValue, "missing 'name' in a test case", at: mapping.span)
      return nil
    }
    guard let name = nameNode.expectString("'name'", &bag, code: .testInvalidValue) else {
      return nil
    }
    var defaults = suiteDefaults
    readDefaults(mapping, directory: directory, into: &defaults, &bag)
    guard let snapshot = defaults.snapshot else {
      bag.report(
        .testInvalidValue,
        "test case '\(name)' has no snapshot: set 'snapshot' in the case or the suite",
        at: nameNode.span)
      return nil
    }
    guard let (trigger, triggerSpan) = parseTrigger(mapping, name: name, &bag) else {
      return nil
    }
    guard let expectNode = mapping["expect"] else {
      bag.report(
        .testInvalidValue, "test case '\(name)' has no 'expect'", at: nameNode.span,
        help: "add e.g. 'expect: { empty: true }'")
      return nil
    }
    let expectations = parseExpectations(expectNode, trigger: trigger, &bag)
    return TestCase(
      name: name, nameSpan: nameNode.span, snapshot: snapshot,
      policiesDirectory: defaults.policies?.path, policiesSpan: defaults.policies?.span,
      policy: defaults.policy, properties: defaults.properties, trigger: trigger,
      triggerSpan: triggerSpan, expectations: expectations)
  }

  func parseTrigger(_ mapping: Mapping, name: String, _ bag: inout DiagnosticBag)
    -> (TestTrigger, SourceSpan)?
  {
    let present = mapping.entries.filter { Self.triggerKeys.contains($0.keyString) }
    guard present.count == 1, let entry = present.first else {
      let help = "one of: " + Self.triggerKeys.joined(separator: ", ")
      if present.count > 1 {
        bag.report(
          .testTrigger,
          "test case '\(name)' has \(present.count) triggers ("
            + present.map { "'\($0.keyString)'" }.joined(separator: ", ") + "); a case runs one",
          at: present[1].key.span, help: help)
      } else {
        bag.report(.testTrigger, "test case '\(name)' has no trigger", at: mapping.span, help: help)
      }
      return nil
    }
    let key = entry.keyString
    let value = entry.value
    if let batch = mapping.entry(forKey: "batch"), key != "maintenance" {
      bag.report(.testTrigger, "'batch' goes with 'maintenance'", at: batch.key.span)
    }
    let trigger: TestTrigger?
    switch key {
    case "balance", "enforceAffinity":
      var maxMigrations = 20
      var minImprovement = 0.0
      if case .mapping(let options) = value {
        Self.checkKeys(options, ["maxMigrations", "minImprovement"], "'\(key)'", &bag)
        if let node = options["maxMigrations"],
          let number = node.expectInt("'maxMigrations'", &bag, code: .testInvalidValue)
        {
          if number < 0 {
            bag.report(
              .testInvalidValue, "'maxMigrations' must be 0 or more, found \(number)",
              at: node.span)
          }
          maxMigrations = max(0, number)
        }
        if key == "balance", let node = options["minImprovement"],
          let number = node.expectDouble("'minImprovement'", &bag, code: .testInvalidValue)
        {
          if number < 0 {
            bag.report(
              .testInvalidValue, "'minImprovement' must be 0 or more, found \(number)",
              at: node.span)
          }
          minImprovement = max(0, number)
        }
      } else if !value.isNull, value.scalarValue?.resolved != .bool(true) {
        bag.report(
          .testInvalidValue,
          "expected true, null or a mapping of options for '\(key)', found \(value.foundDescription)",
          at: value.span, help: "write '\(key): {}' or '\(key): { maxMigrations: 5 }'")
        return nil
      }
      trigger =
        key == "balance"
        ? .balance(maxMigrations: maxMigrations, minImprovement: minImprovement)
        : .enforceAffinity(maxMigrations: maxMigrations)
    case "maintenance":
      guard let hosts = Self.names(value, "'maintenance' (host names)", &bag) else { return nil }
      var batch: Int?
      if let node = mapping["batch"] {
        guard let number = node.expectInt("'batch'", &bag, code: .testInvalidValue), number >= 1
        else {
          if !bag.hasErrors {
            bag.report(.testInvalidValue, "'batch' must be 1 or more", at: node.span)
          }
          return nil
        }
        batch = number
      }
      trigger = .maintenance(hosts: hosts, batch: batch)
    case "fail":
      guard let hosts = Self.names(value, "'fail' (host names)", &bag) else { return nil }
      trigger = .fail(hosts: hosts)
    case "migrate":
      guard
        let options = value.expectMapping("'migrate' ({ vms, to })", &bag, code: .testInvalidValue)
      else { return nil }
      Self.checkKeys(options, ["vms", "to"], "'migrate'", &bag)
      guard let vmsNode = options["vms"] else {
        bag.report(.testInvalidValue, "missing 'vms' in 'migrate'", at: options.span)
        return nil
      }
      guard let vms = Self.names(vmsNode, "'vms' (VM names)", &bag) else { return nil }
      var destination: Named?
      if let node = options["to"] {
        guard let host = node.expectString("'to' (a host name)", &bag, code: .testInvalidValue)
        else { return nil }
        destination = Named(host, span: node.span)
      }
      trigger = .migrate(vms: vms, to: destination)
    case "place":
      guard let vms = Self.names(value, "'place' (VM names)", &bag) else { return nil }
      trigger = .place(vms: vms)
    default:
      guard let vm = value.expectString("'explain' (a VM name)", &bag, code: .testInvalidValue)
      else { return nil }
      trigger = .explain(vm: Named(vm, span: value.span))
    }
    return trigger.map { ($0, entry.key.span) }
  }

  func parseExpectations(_ node: Node, trigger: TestTrigger, _ bag: inout DiagnosticBag)
    -> [Expectation]
  {
    guard let mapping = node.expectMapping("'expect'", &bag, code: .testInvalidValue) else {
      return []
    }
    Self.checkKeys(mapping, Self.expectKeys, "'expect'", &bag)
    if mapping.entries.isEmpty {
      bag.report(
        .testInvalidValue, "'expect' is empty: a test case checks at least one thing",
        at: mapping.span)
    }
    var out: [Expectation] = []
    for entry in mapping.entries where Self.expectKeys.contains(entry.keyString) {
      let key = entry.keyString
      let applies: Bool
      switch trigger {
      case .place: applies = Self.placeKeys.contains(key)
      case .explain: applies = Self.explainKeys.contains(key)
      default:
        applies = Self.planOnlyKeys.contains(key) || key == "complete" || key == "destinations"
      }
      guard applies else {
        bag.report(
          .testTrigger, "'\(key)' does not apply to a '\(trigger.keyword)' case",
          at: entry.key.span, help: Self.applicableHelp(trigger))
        continue
      }
      if let kind = parseExpectation(key, entry.value, &bag) {
        out.append(Expectation(kind: kind, key: key, span: entry.key.span))
      }
    }
    return out
  }

  static func applicableHelp(_ trigger: TestTrigger) -> String {
    switch trigger {
    case .place: "a 'place' case checks: " + placeKeys.sorted().joined(separator: ", ")
    case .explain: "an 'explain' case checks: " + explainKeys.sorted().joined(separator: ", ")
    default:
      "a plan checks: "
        + (planOnlyKeys.union(["complete", "destinations"])).sorted().joined(separator: ", ")
    }
  }

  func parseExpectation(_ key: String, _ value: Node, _ bag: inout DiagnosticBag)
    -> Expectation.Kind?
  {
    let what = "'\(key)'"
    switch key {
    case "empty":
      return value.expectBool(what, &bag, code: .testInvalidValue).map { .isEmpty($0) }
    case "complete":
      return value.expectBool(what, &bag, code: .testInvalidValue).map { .isComplete($0) }
    case "moves":
      guard let count = value.expectInt(what, &bag, code: .testInvalidValue) else { return nil }
      return .moveCount(count)
    case "steps", "contains", "excludes":
      guard
        let list = value.expectSequence("\(what) (a list of steps)", &bag, code: .testInvalidValue)
      else { return nil }
      let patterns = list.items.compactMap { stepPattern($0, &bag) }
      guard patterns.count == list.items.count else { return nil }
      switch key {
      case "steps": return .steps(patterns)
      case "contains": return .contains(patterns)
      default: return .excludes(patterns)
      }
    case "destinations":
      guard let mapping = value.expectMapping("\(what) (VM: host)", &bag, code: .testInvalidValue)
      else { return nil }
      var pairs: [(vm: Named, host: Named)] = []
      for entry in mapping.entries {
        guard
          let host = entry.value.expectString(
            "the destination of '\(entry.keyString)'", &bag, code: .testInvalidValue)
        else { continue }
        pairs.append(
          (Named(entry.keyString, span: entry.key.span), Named(host, span: entry.value.span)))
      }
      return .destinations(pairs)
    case "blockers":
      guard
        let mapping = value.expectMapping(
          "\(what) (VM: reason substring)", &bag, code: .testInvalidValue)
      else { return nil }
      var pairs: [(vm: Named, substrings: [String])] = []
      for entry in mapping.entries {
        let substrings: [String]?
        if entry.value.isNull {
          substrings = []
        } else if case .sequence = entry.value {
          substrings = entry.value.expectStringList(
            "the reasons of '\(entry.keyString)'", &bag, code: .testInvalidValue)
        } else {
          substrings = entry.value.expectString(
            "the reason of '\(entry.keyString)'", &bag, code: .testInvalidValue
          ).map { [$0] }
        }
        guard let substrings else { continue }
        pairs.append((Named(entry.keyString, span: entry.key.span), substrings))
      }
      return .blockers(pairs)
    case "unschedulable":
      return Self.names(value, "\(what) (VM names)", &bag).map { .unschedulable($0) }
    case "winner":
      return value.expectString("\(what) (a host name)", &bag, code: .testInvalidValue).map {
        .winner(Named($0, span: value.span))
      }
    case "rejected":
      guard
        let mapping = value.expectMapping(
          "\(what) (host: filter or [filters])", &bag, code: .testInvalidValue)
      else { return nil }
      var pairs: [(host: Named, filters: [Named])] = []
      for entry in mapping.entries {
        let host = Named(entry.keyString, span: entry.key.span)
        if entry.value.isNull {
          pairs.append((host, []))
        } else if let filters = Self.names(
          entry.value, "the filters rejecting '\(entry.keyString)'", &bag, allowsSingle: true)
        {
          pairs.append((host, filters))
        }
      }
      return .rejected(pairs)
    case "passes":
      return Self.names(value, "\(what) (host names)", &bag).map { .passes($0) }
    default:
      if case .sequence = value {
        return value.expectStringList(what, &bag, code: .testInvalidValue).map { .notes($0) }
      }
      return value.expectString(what, &bag, code: .testInvalidValue).map { .notes([$0]) }
    }
  }

  func stepPattern(_ node: Node, _ bag: inout DiagnosticBag) -> StepPattern? {
    guard
      let mapping = node.expectMapping(
        "a step ({ action, vm, from, to, host })", &bag, code: .testInvalidValue)
    else { return nil }
    Self.checkKeys(mapping, Self.stepKeys, "a step", &bag)
    var pattern = StepPattern(span: mapping.span)
    func named(_ key: String) -> Named? {
      guard let value = mapping[key],
        let text = value.expectString("'\(key)'", &bag, code: .testInvalidValue)
      else { return nil }
      return Named(text, span: value.span)
    }
    if let action = named("action") {
      let actions = [
        "migrate", "restart", "host-maintenance", "host-power-off", "host-power-on",
        "host-activate",
      ]
      if !actions.contains(action.name) {
        bag.report(
          .testInvalidValue, "unknown step action '\(action.name)'", at: action.span,
          help: DidYouMean.help(for: action.name, among: actions)
            ?? "actions: " + actions.joined(separator: ", "))
        return nil
      }
      pattern.action = action.name
    }
    pattern.vm = named("vm")
    pattern.from = named("from")
    pattern.to = named("to")
    pattern.host = named("host")
    if mapping.entries.isEmpty {
      bag.report(.testInvalidValue, "an empty step matches every step", at: mapping.span)
      return nil
    }
    return pattern
  }

  // MARK: Helpers

  /// A list of names (or, with `allowsSingle`, one name).
  static func names(
    _ node: Node, _ what: String, _ bag: inout DiagnosticBag, allowsSingle: Bool = false
  ) -> [Named]? {
    if allowsSingle, case .scalar(let scalar) = node, !node.isNull {
      return [Named(scalar.value, span: scalar.span)]
    }
    guard let sequence = node.expectSequence(what, &bag, code: .testInvalidValue) else {
      return nil
    }
    var out: [Named] = []
    for item in sequence.items {
      guard let value = item.expectString("an item of \(what)", &bag, code: .testInvalidValue)
      else { return nil }
      out.append(Named(value, span: item.span))
    }
    if out.isEmpty {
      bag.report(.testInvalidValue, "\(what) is empty", at: node.span)
      return nil
    }
    return out
  }

  static func checkKeys(
    _ mapping: Mapping, _ known: [String], _ what: String, _ bag: inout DiagnosticBag
  ) {
    for entry in mapping.entries where !known.contains(entry.keyString) {
      bag.report(
        .testUnknownKey, "unknown key '\(entry.keyString)' in \(what)", at: entry.key.span,
        help: DidYouMean.help(for: entry.keyString, among: known)
          ?? "known keys: " + known.joined(separator: ", "))
    }
  }

  /// The directory part of a path ("" for a bare file name).
  static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[...slash])
  }

  /// A path relative to a directory (absolute paths stay), without `./` noise.
  static func resolve(_ path: String, in directory: String) -> String {
    if path.hasPrefix("/") || directory.isEmpty { return path }
    var parts = directory.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    if parts.last == "" { parts.removeLast() }
    for component in path.split(separator: "/") {
      switch component {
      case ".": continue
      case "..":
        if let last = parts.last, last != "..", last != "", last != "." {
          parts.removeLast()
        } else {
          parts.append("..")
        }
      default: parts.append(String(component))
      }
    }
    return parts.isEmpty ? "." : parts.joined(separator: "/")
  }

  /// `Fixtures/suites/none.test.yaml` → `none`.
  static func defaultName(_ path: String) -> String {
    var name = path.split(separator: "/").last.map(String.init) ?? path
    for suffix in [".test.yaml", ".test.yml"] where name.hasSuffix(suffix) {
      name.removeLast(suffix.count)
    }
    return name
  }
}
