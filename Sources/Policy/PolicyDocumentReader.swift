public import Diagnostics
import PolicyExpression
public import YAMLDocument

/// Reads policy documents from one YAML file (one or more documents separated by `---`).
///
/// Structure is checked here (kinds, keys, shapes, property declarations, native names);
/// expressions are only captured with their source maps, and checked by ``PolicyCompiler``
/// when a policy is compiled (their types depend on the properties in scope).
public struct PolicyDocumentReader: Sendable {
  /// YAML limits.
  public var limits: YAMLLimits
  /// Whether a document with errors is still returned, with what could be read (a weight
  /// with a bad factor or a malformed entry left out). Lint sets it, so one mistake in a
  /// document does not hide the other rules' findings in it; everything that plans or
  /// compiles leaves it off, and never sees a damaged document.
  public var keepsDamagedDocuments: Bool

  /// Creates a reader.
  public init(limits: YAMLLimits = .default, keepsDamagedDocuments: Bool = false) {
    self.limits = limits
    self.keepsDamagedDocuments = keepsDamagedDocuments
  }

  /// Reads every document of a file.
  ///
  /// - Returns: the documents that were read without errors (with
  ///   ``keepsDamagedDocuments``, also those read with errors); problems are appended to
  ///   `diagnostics` at the exact span, and reading continues with the next document.
  /// - Complexity: O(n) in the file size.
  public func read(_ file: SourceFile, isBuiltin: Bool, diagnostics: inout DiagnosticBag)
    -> [PolicyDocument]
  {
    let documents = YAMLParser(limits: limits).parse(file, diagnostics: &diagnostics)
    var out: [PolicyDocument] = []
    for document in documents {
      if document.root.isNull { continue }  // an empty document (e.g. a trailing `---`)
      var reader = DocumentReader(file: file, isBuiltin: isBuiltin)
      if let result = reader.read(document), keepsDamagedDocuments || !reader.bag.hasErrors {
        out.append(result)
      }
      diagnostics.merge(reader.bag)
    }
    return out
  }
}

/// Reads one document.
struct DocumentReader {
  let file: SourceFile
  let isBuiltin: Bool
  var bag = DiagnosticBag()

  // MARK: Keys, bounds and defaults (also the source of ``PolicySchema``)

  /// The keys every kind reads.
  static let commonKeys = ["kind", "name", "description"]
  /// The keys each kind reads, in documentation order (anything else is P001).
  static let keys: [PolicyKind: [String]] = [
    .filter: commonKeys + ["mandatory", "properties", "when", "reason", "checks", "native"],
    .weight: commonKeys + ["properties", "when", "score", "stretch", "native"],
    .balancer: commonKeys + [
      "properties", "hostLoad", "source", "vm", "destination", "thresholds", "native",
    ],
    .schedulingPolicy: commonKeys + ["filters", "weights", "balancer", "selector", "properties"],
    .migrationPolicy: commonKeys + [
      "maxMigrations", "autoConverge", "compression", "guestEvents", "zeroCopy",
      "minCompatibilityVersion", "initialDowntimeMs", "stalling", "finally",
    ],
    .resiliencePolicy: commonKeys + ["migrates"],
  ]
  /// The keys a native unit cannot have (P008): its logic and properties are Swift's.
  static let nativeExcludedKeys = [
    "when", "reason", "checks", "score", "stretch", "hostLoad", "source", "vm", "destination",
    "thresholds", "properties",
  ]
  /// The keys of a filter's check (`checks:` items), in documentation order.
  static let checkKeys = ["name", "when", "reason"]
  /// The keys of a balancer rule that orders its candidates (`source`, `vm`).
  static let orderedRuleKeys = ["when", "order"]
  /// The keys of a balancer rule without an order (`destination`).
  static let unorderedRuleKeys = ["when"]
  /// The balancer rules that take an `order`.
  static let orderedRules: Set<String> = ["source", "vm"]
  /// The keys of a property declaration.
  static let propertyDeclarationKeys = ["type", "default", "min", "max", "enum", "doc"]
  /// The keys of a weight reference written as a mapping.
  static let weightReferenceKeys = ["unit", "factor"]
  /// The factors a weight may have (outside is C006).
  static let weightFactorRange = 1...1_000_000
  /// The keys of a stalling step.
  static let stallingStepKeys = ["limit", "downtimeMs", "action"]
  /// The keys of a convergence action written as a mapping.
  static let downtimeActionKeys = ["downtimeMs"]
  /// The convergence actions written as a word.
  static let convergenceActionWords = ["abort", "postcopy"]
  /// A MigrationPolicy's `maxMigrations` when absent, and its minimum.
  static let defaultMaxMigrations = 2
  static let minimumMaxMigrations = 1
  /// A MigrationPolicy's `initialDowntimeMs` when absent.
  static let defaultInitialDowntimeMs = 100

  mutating func read(_ document: Document) -> PolicyDocument? {
    guard
      let mapping = document.root.expectMapping(
        "a policy document", &bag, code: .policyInvalidValue)
    else { return nil }
    guard let kindEntry = mapping.entry(forKey: "kind") else {
      bag.report(
        .policyUnknownKind, "policy document has no 'kind'", at: mapping.span,
        help: "add 'kind:' with one of "
          + PolicyKind.allCases.map(\.rawValue).joined(separator: ", "))
      return nil
    }
    guard let kindName = kindEntry.value.expectString("'kind'", &bag, code: .policyInvalidValue)
    else { return nil }
    guard let kind = PolicyKind(rawValue: kindName) else {
      bag.report(
        .policyUnknownKind, "unknown policy kind '\(kindName)'", at: kindEntry.value.span,
        help: DidYouMean.help(for: kindName, among: PolicyKind.allCases.map(\.rawValue))
          ?? "expected one of " + PolicyKind.allCases.map(\.rawValue).joined(separator: ", "))
      return nil
    }
    let allowed = Self.keys[kind] ?? Self.commonKeys
    for entry in mapping.entries where !allowed.contains(entry.keyString) {
      bag.report(
        .policyUnknownKey, "unknown key '\(entry.keyString)' in a \(kind.rawValue)",
        at: entry.key.span, help: DidYouMean.help(for: entry.keyString, among: allowed))
    }
    guard let nameNode = required("name", in: mapping, kind: kind),
      let name = nameNode.expectString("'name'", &bag, code: .policyInvalidValue)
    else { return nil }
    let nameLine = file.location(of: Int(nameNode.span.start)).line
    let origin = DocumentOrigin(
      path: file.path, span: document.span, nameSpan: nameNode.span, line: nameLine,
      isBuiltin: isBuiltin)
    let description = mapping["description"].flatMap {
      $0.expectString("'description'", &bag, code: .policyInvalidValue)
    }
    let result: PolicyDocument?
    switch kind {
    case .filter, .weight, .balancer:
      result = readUnit(kind, name, description ?? "", mapping, origin).map(PolicyDocument.unit)
    case .schedulingPolicy:
      result = readScheduling(name, description ?? "", mapping, origin).map(
        PolicyDocument.scheduling)
    case .migrationPolicy:
      result = readMigration(name, description ?? "", mapping, origin).map(
        PolicyDocument.migration)
    case .resiliencePolicy:
      result = readResilience(name, description ?? "", mapping, origin).map(
        PolicyDocument.resilience)
    }
    return result
  }

  mutating func required(_ key: String, in mapping: Mapping, kind: PolicyKind) -> Node? {
    if let node = mapping[key] { return node }
    bag.report(
      .policyMissingKey, "\(kind.rawValue) is missing required key '\(key)'",
      at: mapping.entry(forKey: "kind")?.key.span ?? mapping.span)
    return nil
  }

  mutating func expression(_ node: Node, _ what: String) -> ExpressionText? {
    guard case .scalar(let scalar) = node, !node.isNull else {
      bag.report(
        .policyInvalidValue, "expected an expression for \(what), found \(node.foundDescription)",
        at: node.span)
      return nil
    }
    let offsets = scalar.valueOffsets(in: file).map { Int($0) }
    return ExpressionText(
      source: ExpressionSource(text: scalar.value, file: file.id, fileOffsets: offsets),
      span: scalar.span)
  }

  // MARK: Units

  mutating func readUnit(
    _ kind: PolicyKind, _ name: String, _ description: String, _ mapping: Mapping,
    _ origin: DocumentOrigin
  ) -> PolicyUnit? {
    var isMandatory = false
    if let node = mapping["mandatory"] {
      isMandatory = node.expectBool("'mandatory'", &bag, code: .policyInvalidValue) ?? false
    }
    if let nativeNode = mapping["native"] {
      guard let nativeName = nativeNode.expectString("'native'", &bag, code: .policyInvalidValue)
      else { return nil }
      for entry in mapping.entries where Self.nativeExcludedKeys.contains(entry.keyString) {
        bag.report(
          .policyNativeWithExpressions,
          "native unit '\(name)' cannot have '\(entry.keyString)'", at: entry.key.span,
          help: "a native unit's logic and properties are defined in Swift")
      }
      guard let descriptor = NativeUnitRegistry.descriptor(named: nativeName, kind: kind) else {
        let candidates = NativeUnitRegistry.all.filter { $0.kind == kind }.map(\.name)
        bag.report(
          .policyUnknownNative, "no native \(kind.rawValue) named '\(nativeName)'",
          at: nativeNode.span,
          help: DidYouMean.help(for: nativeName, among: candidates)
            ?? "native \(kind.rawValue) units: " + candidates.joined(separator: ", "))
        return nil
      }
      return PolicyUnit(
        kind: kind, name: name, description: description, isMandatory: isMandatory,
        properties: descriptor.properties, implementation: .native(descriptor), origin: origin)
    }
    var properties: [PropertyDeclaration] = []
    if let node = mapping["properties"] { properties = readPropertyDeclarations(node) }
    let implementation: UnitImplementation?
    switch kind {
    case .filter:
      let checks = mapping["checks"].map { readChecks($0) }
      let whenNode = checks == nil ? required("when", in: mapping, kind: kind) : mapping["when"]
      let when = whenNode.flatMap { expression($0, "'when'") }
      let reason = mapping["reason"].flatMap { expression($0, "'reason'") }
      if let checks {
        implementation = checks.map { .filter(when: when, reason: reason, checks: $0) }
      } else {
        implementation = when.map { .filter(when: $0, reason: reason, checks: []) }
      }
    case .weight:
      let score = required("score", in: mapping, kind: kind).flatMap { expression($0, "'score'") }
      implementation = score.map { .weight(score: $0) }
    default:
      implementation = readBalancer(mapping).map { .balancer($0) }
    }
    guard let implementation else { return nil }
    var unit = PolicyUnit(
      kind: kind, name: name, description: description, isMandatory: isMandatory,
      properties: properties, implementation: implementation, origin: origin)
    if kind == .weight, let node = mapping["when"] {
      unit.appliesWhen = expression(node, "'when'")
    }
    if kind == .weight, let node = mapping["stretch"] {
      unit.stretchWhen = expression(node, "'stretch'")
    }
    return unit
  }

  mutating func readBalancer(_ mapping: Mapping) -> BalancerRules? {
    let kind = PolicyKind.balancer
    let hostLoad = required("hostLoad", in: mapping, kind: kind).flatMap {
      expression($0, "'hostLoad'")
    }
    let source = required("source", in: mapping, kind: kind).flatMap {
      rule($0, "source", needsOrder: Self.orderedRules.contains("source"))
    }
    let vm = required("vm", in: mapping, kind: kind).flatMap {
      rule($0, "vm", needsOrder: Self.orderedRules.contains("vm"))
    }
    let destination = required("destination", in: mapping, kind: kind).flatMap {
      rule($0, "destination", needsOrder: Self.orderedRules.contains("destination"))
    }
    var thresholds: [(name: String, expression: ExpressionText)] = []
    if let node = mapping["thresholds"],
      let map = node.expectMapping("'thresholds'", &bag, code: .policyInvalidValue)
    {
      for entry in map.entries {
        if let text = expression(entry.value, "threshold '\(entry.keyString)'") {
          thresholds.append((entry.keyString, text))
        }
      }
    }
    guard let hostLoad, let source, let vm, let destination else { return nil }
    return BalancerRules(
      hostLoad: hostLoad, sourceWhen: source.when, sourceOrder: source.order, vmWhen: vm.when,
      vmOrder: vm.order, destinationWhen: destination.when, thresholds: thresholds)
  }

  /// Reads a filter's `checks:`: a non-empty list of `{ name, when, reason }` with unique
  /// names; `nil` after an error.
  mutating func readChecks(_ node: Node) -> [FilterCheck]? {
    guard let list = node.expectSequence("'checks'", &bag, code: .policyInvalidValue) else {
      return nil
    }
    guard !list.items.isEmpty else {
      bag.report(
        .policyInvalidValue, "'checks' is empty", at: node.span,
        help: "list at least one check, or write the condition as 'when'")
      return nil
    }
    var checks: [FilterCheck] = []
    var seen: [String: SourceSpan] = [:]
    var failed = false
    for item in list.items {
      guard let map = item.expectMapping("a check", &bag, code: .policyInvalidValue) else {
        failed = true
        continue
      }
      for entry in map.entries where !Self.checkKeys.contains(entry.keyString) {
        bag.report(
          .policyUnknownKey, "unknown key '\(entry.keyString)' in a check", at: entry.key.span,
          help: DidYouMean.help(for: entry.keyString, among: Self.checkKeys))
      }
      guard let nameNode = map["name"],
        let name = nameNode.expectString("a check's 'name'", &bag, code: .policyInvalidValue)
      else {
        if map["name"] == nil {
          bag.report(.policyMissingKey, "a check is missing required key 'name'", at: map.span)
        }
        failed = true
        continue
      }
      if let first = seen[name] {
        bag.report(
          .policyInvalidValue, "two checks are named '\(name)'", at: nameNode.span,
          notes: [Diagnostic.Note("the first is here", at: first)],
          help: "give every check of a filter its own name")
      } else {
        seen[name] = nameNode.span
      }
      guard let whenNode = map["when"] else {
        bag.report(
          .policyMissingKey, "check '\(name)' is missing required key 'when'", at: map.span)
        failed = true
        continue
      }
      guard let when = expression(whenNode, "'checks.when'") else {
        failed = true
        continue
      }
      let reason = map["reason"].flatMap { expression($0, "'checks.reason'") }
      checks.append(FilterCheck(name: name, when: when, reason: reason))
    }
    return failed ? nil : checks
  }

  mutating func rule(_ node: Node, _ what: String, needsOrder: Bool)
    -> (when: ExpressionText, order: ExpressionText?)?
  {
    guard let map = node.expectMapping("'\(what)'", &bag, code: .policyInvalidValue) else {
      return nil
    }
    let allowed = needsOrder ? Self.orderedRuleKeys : Self.unorderedRuleKeys
    for entry in map.entries where !allowed.contains(entry.keyString) {
      bag.report(
        .policyUnknownKey, "unknown key '\(entry.keyString)' in '\(what)'", at: entry.key.span,
        help: DidYouMean.help(for: entry.keyString, among: allowed))
    }
    guard let whenNode = map["when"] else {
      bag.report(.policyMissingKey, "'\(what)' is missing required key 'when'", at: map.span)
      return nil
    }
    guard let when = expression(whenNode, "'\(what).when'") else { return nil }
    let order = map["order"].flatMap { expression($0, "'\(what).order'") }
    return (when, order)
  }

  mutating func readPropertyDeclarations(_ node: Node) -> [PropertyDeclaration] {
    guard let map = node.expectMapping("'properties'", &bag, code: .policyInvalidValue) else {
      return []
    }
    var out: [PropertyDeclaration] = []
    let allowed = Self.propertyDeclarationKeys
    for entry in map.entries {
      let name = entry.keyString
      guard
        let decl = entry.value.expectMapping(
          "the declaration of property '\(name)'", &bag, code: .policyInvalidProperty)
      else { continue }
      for key in decl.entries where !allowed.contains(key.keyString) {
        bag.report(
          .policyUnknownKey, "unknown key '\(key.keyString)' in property '\(name)'",
          at: key.key.span, help: DidYouMean.help(for: key.keyString, among: allowed))
      }
      guard let typeNode = decl["type"] else {
        bag.report(
          .policyInvalidProperty, "property '\(name)' has no 'type'", at: decl.span,
          help: "add 'type:' int, float, bool, string or list<string>")
        continue
      }
      guard let typeName = typeNode.expectString("'type'", &bag, code: .policyInvalidProperty)
      else { continue }
      guard let type = PropertyType(rawValue: typeName) else {
        bag.report(
          .policyInvalidProperty, "unknown property type '\(typeName)'", at: typeNode.span,
          help: DidYouMean.help(for: typeName, among: PropertyType.allCases.map(\.rawValue))
            ?? "expected int, float, bool, string or list<string>")
        continue
      }
      guard let defaultNode = decl["default"] else {
        bag.report(.policyInvalidProperty, "property '\(name)' has no 'default'", at: decl.span)
        continue
      }
      let literal = Self.literal(defaultNode)
      guard let value = literal.value(as: type) else {
        bag.report(
          .policyInvalidProperty,
          "default of property '\(name)' must be \(type.rawValue), found \(literal)",
          at: defaultNode.span)
        continue
      }
      let minimum = decl["min"].flatMap {
        $0.expectDouble("'min'", &bag, code: .policyInvalidProperty)
      }
      let maximum = decl["max"].flatMap {
        $0.expectDouble("'max'", &bag, code: .policyInvalidProperty)
      }
      let doc = decl["doc"].flatMap { $0.expectString("'doc'", &bag, code: .policyInvalidProperty) }
      var allowedValues: [String]?
      if let enumNode = decl["enum"] {
        guard type.isText else {
          bag.report(
            .policyInvalidProperty,
            "'enum' applies to string and list<string> properties, not \(type.rawValue)",
            at: enumNode.span)
          continue
        }
        guard case .stringList(let values) = Self.literal(enumNode), !values.isEmpty else {
          bag.report(
            .policyInvalidProperty, "'enum' of property '\(name)' must be a list of strings",
            at: enumNode.span, help: "write e.g. 'enum: [ssd, nvme]'")
          continue
        }
        allowedValues = values
      }
      let declaration = PropertyDeclaration(
        name: name, type: type, defaultValue: value, minimum: minimum, maximum: maximum,
        doc: doc ?? "", span: entry.key.span, allowedValues: allowedValues)
      if !type.isNumeric, minimum != nil || maximum != nil {
        bag.report(
          .policyInvalidProperty, "\(type.rawValue) property '\(name)' cannot have bounds",
          at: decl.span)
        continue
      }
      if let minimum, let maximum, minimum > maximum {
        bag.report(
          .policyInvalidProperty, "property '\(name)' has min greater than max", at: decl.span)
        continue
      }
      if !declaration.allows(value) {
        bag.report(
          .policyInvalidProperty,
          "default \(value.displayText) of property '\(name)' is "
            + (declaration.allowedValues == nil ? "outside " : "not ") + declaration.boundsText,
          at: defaultNode.span)
        continue
      }
      out.append(declaration)
    }
    return out
  }

  static func literal(_ node: Node) -> PropertyLiteral {
    if case .sequence(let sequence) = node {
      var values: [String] = []
      for item in sequence.items {
        guard case .scalar(let scalar) = item, case .string(let text) = scalar.resolved else {
          return .other(node.foundDescription)
        }
        values.append(text)
      }
      return .stringList(values)
    }
    guard case .scalar(let scalar) = node else { return .other(node.foundDescription) }
    switch scalar.resolved {
    case .int(let value): return .int(Int64(value))
    case .float(let value): return value.isFinite ? .float(value) : .other(node.foundDescription)
    case .bool(let value): return .bool(value)
    case .string(let text): return .string(text)
    default: return .other(node.foundDescription)
    }
  }

  // MARK: Scheduling policies

  mutating func readScheduling(
    _ name: String, _ description: String, _ mapping: Mapping, _ origin: DocumentOrigin
  ) -> SchedulingPolicyDocument? {
    var filters: [UnitReference] = []
    if let node = mapping["filters"],
      let list = node.expectSequence("'filters'", &bag, code: .policyInvalidValue)
    {
      for item in list.items {
        if let unit = item.expectString("an item of 'filters'", &bag, code: .policyInvalidValue) {
          filters.append(UnitReference(name: unit, span: item.span))
        }
      }
    }
    var weights: [UnitReference] = []
    if let node = mapping["weights"],
      let list = node.expectSequence("'weights'", &bag, code: .policyInvalidValue)
    {
      for item in list.items {
        if let reference = weightReference(item) { weights.append(reference) }
      }
    }
    var balancer: UnitReference?
    if let node = mapping["balancer"],
      let unit = node.expectString("'balancer'", &bag, code: .policyInvalidValue)
    {
      balancer = UnitReference(name: unit, span: node.span)
    }
    var selector = SelectorKind.rank
    if let node = mapping["selector"],
      let text = node.expectString("'selector'", &bag, code: .policyInvalidValue)
    {
      if let kind = SelectorKind(rawValue: text) {
        selector = kind
      } else {
        bag.report(
          .policyInvalidValue, "unknown selector '\(text)'", at: node.span,
          help: DidYouMean.help(for: text, among: SelectorKind.allCases.map(\.rawValue))
            ?? "expected rank or weighted_sum")
      }
    }
    var properties: [PropertySetting] = []
    if let node = mapping["properties"],
      let map = node.expectMapping("'properties'", &bag, code: .policyInvalidValue)
    {
      for entry in map.entries {
        properties.append(
          PropertySetting(
            name: entry.keyString, literal: Self.literal(entry.value), keySpan: entry.key.span,
            valueSpan: entry.value.span))
      }
    }
    return SchedulingPolicyDocument(
      name: name, description: description, filters: filters, weights: weights,
      balancer: balancer, selector: selector, properties: properties, origin: origin)
  }

  mutating func weightReference(_ item: Node) -> UnitReference? {
    if case .scalar = item {
      return item.expectString("a weight", &bag, code: .policyInvalidValue).map {
        UnitReference(name: $0, span: item.span)
      }
    }
    guard
      let map = item.expectMapping(
        "a weight ({ unit: NAME, factor: N })", &bag, code: .policyInvalidValue)
    else { return nil }
    for entry in map.entries where !Self.weightReferenceKeys.contains(entry.keyString) {
      bag.report(
        .policyUnknownKey, "unknown key '\(entry.keyString)' in a weight", at: entry.key.span,
        help: DidYouMean.help(for: entry.keyString, among: Self.weightReferenceKeys))
    }
    guard let unitNode = map["unit"] else {
      bag.report(.policyMissingKey, "weight is missing required key 'unit'", at: map.span)
      return nil
    }
    guard let unit = unitNode.expectString("'unit'", &bag, code: .policyInvalidValue) else {
      return nil
    }
    var factor = 1
    var factorSpan: SourceSpan?
    if let factorNode = map["factor"] {
      factorSpan = factorNode.span
      switch Self.literal(factorNode) {
      case .int(let value) where Self.weightFactorRange.contains(Int(clamping: value)):
        factor = Int(value)
      default:
        bag.report(
          .compileBadFactor,
          "factor of '\(unit)' must be an integer from \(Self.weightFactorRange.lowerBound) to "
            + "\(Self.weightFactorRange.upperBound), found \(Self.literal(factorNode))",
          at: factorNode.span,
          help: "to disable a weight, remove it from the list")
        return nil
      }
    }
    return UnitReference(name: unit, span: unitNode.span, factor: factor, factorSpan: factorSpan)
  }

  // MARK: Migration and resilience policies

  mutating func int(_ mapping: Mapping, _ key: String, default value: Int, minimum: Int = 0)
    -> Int
  {
    guard let node = mapping[key] else { return value }
    guard let number = node.expectInt("'\(key)'", &bag, code: .policyInvalidValue) else {
      return value
    }
    if number < minimum {
      bag.report(
        .policyInvalidValue, "'\(key)' must be at least \(minimum), found \(number)",
        at: node.span)
    }
    return number
  }

  mutating func bool(_ mapping: Mapping, _ key: String, default value: Bool) -> Bool {
    mapping[key].flatMap { $0.expectBool("'\(key)'", &bag, code: .policyInvalidValue) } ?? value
  }

  mutating func action(_ node: Node) -> ConvergenceAction? {
    if case .scalar = node,
      let word = node.expectString("an action", &bag, code: .policyInvalidValue)
    {
      switch word {
      case "abort": return .abort
      case "postcopy": return .postcopy
      default:
        bag.report(
          .policyInvalidValue, "unknown convergence action '\(word)'", at: node.span,
          help: DidYouMean.help(for: word, among: Self.convergenceActionWords)
            ?? "expected abort, postcopy or { downtimeMs: N }")
        return nil
      }
    }
    guard let map = node.expectMapping("an action", &bag, code: .policyInvalidValue) else {
      return nil
    }
    for entry in map.entries where !Self.downtimeActionKeys.contains(entry.keyString) {
      bag.report(
        .policyUnknownKey, "unknown key '\(entry.keyString)' in an action", at: entry.key.span,
        help: DidYouMean.help(for: entry.keyString, among: Self.downtimeActionKeys))
    }
    guard let downtime = map["downtimeMs"] else {
      bag.report(.policyMissingKey, "action is missing 'downtimeMs'", at: map.span)
      return nil
    }
    return downtime.expectInt("'downtimeMs'", &bag, code: .policyInvalidValue).map {
      .setDowntime(milliseconds: $0)
    }
  }

  mutating func readMigration(
    _ name: String, _ description: String, _ mapping: Mapping, _ origin: DocumentOrigin
  ) -> MigrationPolicyDocument? {
    var stalling: [MigrationPolicyDocument.StallingStep] = []
    if let node = mapping["stalling"],
      let list = node.expectSequence("'stalling'", &bag, code: .policyInvalidValue)
    {
      for item in list.items {
        guard let map = item.expectMapping("a stalling step", &bag, code: .policyInvalidValue)
        else { continue }
        for entry in map.entries where !Self.stallingStepKeys.contains(entry.keyString) {
          bag.report(
            .policyUnknownKey, "unknown key '\(entry.keyString)' in a stalling step",
            at: entry.key.span,
            help: DidYouMean.help(for: entry.keyString, among: Self.stallingStepKeys))
        }
        let limit = int(map, "limit", default: 0, minimum: 0)
        if let downtime = map["downtimeMs"],
          let value = downtime.expectInt("'downtimeMs'", &bag, code: .policyInvalidValue)
        {
          stalling.append(.init(limit: limit, action: .setDowntime(milliseconds: value)))
        } else if let actionNode = map["action"], let action = action(actionNode) {
          stalling.append(.init(limit: limit, action: action))
        } else if map["downtimeMs"] == nil, map["action"] == nil {
          bag.report(
            .policyMissingKey, "stalling step needs 'downtimeMs' or 'action'", at: map.span)
        }
      }
    }
    var finalActions: [ConvergenceAction] = []
    if let node = mapping["finally"],
      let list = node.expectSequence("'finally'", &bag, code: .policyInvalidValue)
    {
      finalActions = list.items.compactMap { action($0) }
    }
    return MigrationPolicyDocument(
      name: name, description: description,
      maxMigrations: int(
        mapping, "maxMigrations", default: Self.defaultMaxMigrations,
        minimum: Self.minimumMaxMigrations),
      isAutoConverge: bool(mapping, "autoConverge", default: false),
      isCompressed: bool(mapping, "compression", default: false),
      sendsGuestEvents: bool(mapping, "guestEvents", default: false),
      isZeroCopy: bool(mapping, "zeroCopy", default: false),
      minimumCompatibilityVersion: mapping["minCompatibilityVersion"].flatMap {
        $0.expectString("'minCompatibilityVersion'", &bag, code: .policyInvalidValue)
      },
      initialDowntimeMs: int(
        mapping, "initialDowntimeMs", default: Self.defaultInitialDowntimeMs, minimum: 0),
      stalling: stalling, finalActions: finalActions, origin: origin)
  }

  mutating func readResilience(
    _ name: String, _ description: String, _ mapping: Mapping, _ origin: DocumentOrigin
  ) -> ResiliencePolicyDocument? {
    guard let node = required("migrates", in: mapping, kind: .resiliencePolicy),
      let text = node.expectString("'migrates'", &bag, code: .policyInvalidValue)
    else { return nil }
    guard let scope = ResilienceScope(rawValue: text) else {
      bag.report(
        .policyInvalidValue, "unknown value '\(text)' for 'migrates'", at: node.span,
        help: DidYouMean.help(for: text, among: ResilienceScope.allCases.map(\.rawValue))
          ?? "expected all, highly_available or none")
      return nil
    }
    return ResiliencePolicyDocument(
      name: name, description: description, migrates: scope, origin: origin)
  }
}
