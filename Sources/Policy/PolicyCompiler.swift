public import Diagnostics
public import Inventory
public import PolicyExpression
import YAMLDocument

/// Compiles scheduling policies from a ``PolicyLibrary`` into ``SchedulingPipeline``s.
///
/// Stages, each reporting into the caller's bag and continuing where it can:
/// 1. resolve the policy's units (mandatory filters first; unknown names and wrong kinds are
///    C001/C002 with a did-you-mean);
/// 2. resolve properties: the units' declarations (C007 on conflicts), the policy's values and
///    the snapshot's overrides (C003 unused, C004 type, C005 bounds), each unit getting the set
///    value or its own default;
/// 3. check every expression against the environment of its unit (`params.*` folded to the
///    resolved constants) and compile it to closures over ``ClusterTables`` columns.
///
/// The pipeline is returned only when no error was reported.
public struct PolicyCompiler: Sendable {
  /// The documents.
  public let library: PolicyLibrary
  /// The fields expressions read.
  public let catalog: PolicyFieldCatalog
  /// Expression limits.
  public let limits: ExpressionLimits
  /// Whether built-in expressions run their generated Swift evaluators
  /// (``BuiltinEvaluators``) rather than compiled closures; tests compare the two.
  public var usesGeneratedEvaluators = true

  /// Creates a compiler.
  public init(
    library: PolicyLibrary, catalog: PolicyFieldCatalog = .standard,
    limits: ExpressionLimits = .default
  ) {
    self.library = library
    self.catalog = catalog
    self.limits = limits
  }

  /// Compiles the scheduling policy of a name.
  ///
  /// - Parameters:
  ///   - name: the SchedulingPolicy name.
  ///   - overrides: the snapshot's `cluster.scheduling.properties`, if compiling for a snapshot.
  ///   - diagnostics: receives every problem.
  /// - Returns: the pipeline, or `nil` when any error was reported.
  /// - Complexity: O(total size of the policy's expressions).
  public func compileSchedulingPolicy(
    named name: String, overrides: PropertyMap? = nil, diagnostics: inout DiagnosticBag
  ) -> SchedulingPipeline? {
    guard let entry = library.entry(kind: .schedulingPolicy, named: name),
      case .scheduling(let policy) = entry.document
    else {
      diagnostics.report(
        .compileUnknownPolicy, "no SchedulingPolicy named '\(name)'", at: nil,
        help: DidYouMean.help(for: name, among: library.names(of: .schedulingPolicy))
          ?? "scheduling policies: " + library.names(of: .schedulingPolicy).joined(separator: ", "))
      return nil
    }
    return compile(policy, provenance: entry.provenance, overrides: overrides, &diagnostics)
  }

  /// Compiles a scheduling policy document.
  public func compile(
    _ policy: SchedulingPolicyDocument, provenance: DocumentProvenance,
    overrides: PropertyMap? = nil, _ diagnostics: inout DiagnosticBag
  ) -> SchedulingPipeline? {
    var bag = DiagnosticBag()
    // 1. Units.
    let mandatory = library.mandatoryFilters
    var filterUnits: [(PolicyUnit, UnitReference?)] = mandatory.map { ($0, nil) }
    var seen = Set(mandatory.map(\.name))
    for reference in policy.filters {
      guard let unit = resolve(reference, as: .filter, &bag) else { continue }
      guard seen.insert(unit.name).inserted else {
        bag.report(
          .compileRepeatedUnit,
          unit.isMandatory
            ? "filter '\(unit.name)' is mandatory and already runs first"
            : "filter '\(unit.name)' is listed twice", at: reference.span,
          help: "list each unit once")
        continue
      }
      filterUnits.append((unit, reference))
    }
    var weightUnits: [(PolicyUnit, UnitReference)] = []
    var seenWeights: Set<String> = []
    for reference in policy.weights {
      guard let unit = resolve(reference, as: .weight, &bag) else { continue }
      guard seenWeights.insert(unit.name).inserted else {
        bag.report(
          .compileRepeatedUnit, "weight '\(unit.name)' is listed twice", at: reference.span,
          help: "list each unit once")
        continue
      }
      weightUnits.append((unit, reference))
    }
    let balancerUnit = policy.balancer.flatMap { resolve($0, as: .balancer, &bag) }
    let allUnits = filterUnits.map(\.0) + weightUnits.map(\.0) + (balancerUnit.map { [$0] } ?? [])

    // 2. Properties.
    let properties = resolveProperties(policy, units: allUnits, overrides: overrides, &bag)

    // 3. Expressions.
    var filters: [PipelineFilter] = []
    for (unit, _) in filterUnits {
      if let filter = compileFilter(unit, properties, &bag) { filters.append(filter) }
    }
    var weights: [PipelineWeight] = []
    for (unit, reference) in weightUnits {
      if let weight = compileWeight(unit, factor: reference.factor, properties, &bag) {
        weights.append(weight)
      }
    }
    let balancer = balancerUnit.flatMap { compileBalancer($0, properties, &bag) }
    var provenanceByUnit: [String: DocumentProvenance] = [:]
    for unit in allUnits {
      provenanceByUnit[unit.kind.rawValue + " " + unit.name] =
        library.entry(kind: unit.kind, named: unit.name)?.provenance ?? .builtin
    }
    diagnostics.merge(bag)
    guard !bag.hasErrors else { return nil }
    return SchedulingPipeline(
      policyName: policy.name, description: policy.description, origin: policy.origin,
      provenance: provenance, selector: policy.selector, filters: filters,
      mandatoryFilterCount: mandatory.count, weights: weights, balancer: balancer,
      properties: properties, unitProvenance: provenanceByUnit)
  }

  /// Checks and compiles a unit on its own, with its declared defaults: used to lint every
  /// unit of the library, including those no policy uses.
  ///
  /// - Returns: whether the unit compiled without errors.
  @discardableResult
  public func checkUnit(_ unit: PolicyUnit, diagnostics: inout DiagnosticBag) -> Bool {
    var bag = DiagnosticBag()
    var resolved: [ResolvedProperty] = []
    for declaration in unit.properties {
      resolved.append(
        ResolvedProperty(
          name: declaration.name, declaration: declaration, value: nil, source: .unitDefault,
          valueSpan: nil, declaringUnits: [(unit.name, declaration.defaultValue)]))
    }
    let properties = ResolvedProperties(properties: resolved)
    switch unit.kind {
    case .filter: _ = compileFilter(unit, properties, &bag)
    case .weight: _ = compileWeight(unit, factor: 1, properties, &bag)
    default: _ = compileBalancer(unit, properties, &bag)
    }
    diagnostics.merge(bag)
    return !bag.hasErrors
  }

  /// Checks every unit and compiles every scheduling policy of the library; with
  /// `userDocumentsOnly`, only those of `--policies` files (the built-ins are checked by tests).
  public func checkLibrary(diagnostics: inout DiagnosticBag, userDocumentsOnly: Bool = false) {
    // A unit's own error would repeat at every policy that compiles it: report it once.
    var bag = DiagnosticBag(limit: Int(Int32.max))
    for entry in library.entries where !userDocumentsOnly || entry.provenance != .builtin {
      switch entry.document {
      case .unit(let unit): checkUnit(unit, diagnostics: &bag)
      case .scheduling(let policy):
        _ = compile(policy, provenance: entry.provenance, overrides: nil, &bag)
      default: break
      }
    }
    var seen: Set<Diagnostic> = []
    for diagnostic in bag.diagnostics where seen.insert(diagnostic).inserted {
      diagnostics.append(diagnostic)
    }
  }

  // MARK: Units

  func resolve(_ reference: UnitReference, as kind: PolicyKind, _ bag: inout DiagnosticBag)
    -> PolicyUnit?
  {
    if let unit = library.unit(kind, named: reference.name) { return unit }
    let others = library.kinds(defining: reference.name).filter(\.isUnit)
    if let other = others.first {
      bag.report(
        .compileWrongUnitKind,
        "'\(reference.name)' is a \(other.rawValue), not a \(kind.rawValue)", at: reference.span,
        help: listHelp(for: kind))
      return nil
    }
    let names = library.names(of: kind)
    bag.report(
      .compileUnknownUnit, "unknown \(kind.rawValue) '\(reference.name)'", at: reference.span,
      help: DidYouMean.help(for: reference.name, among: names))
    return nil
  }

  func listHelp(for kind: PolicyKind) -> String {
    switch kind {
    case .filter: "'filters' lists Filter units"
    case .weight: "'weights' lists Weight units"
    default: "'balancer' names a Balancer unit"
    }
  }

  // MARK: Properties

  func resolveProperties(
    _ policy: SchedulingPolicyDocument, units: [PolicyUnit], overrides: PropertyMap?,
    _ bag: inout DiagnosticBag
  ) -> ResolvedProperties {
    var order: [String] = []
    var declarations: [String: PropertyDeclaration] = [:]
    var declaring: [String: [(unit: String, defaultValue: PropertyValue)]] = [:]
    for unit in units {
      for declaration in unit.properties {
        if let first = declarations[declaration.name] {
          if !first.isCompatible(with: declaration) {
            bag.report(
              .compileConflictingProperty,
              "unit '\(unit.name)' declares property '\(declaration.name)' as "
                + "\(describe(declaration)), another unit as \(describe(first))",
              at: declaration.span ?? unit.origin.nameSpan,
              notes: first.span.map { [Diagnostic.Note("first declared here", at: $0)] } ?? [])
          }
        } else {
          declarations[declaration.name] = declaration
          order.append(declaration.name)
        }
        declaring[declaration.name, default: []].append((unit.name, declaration.defaultValue))
      }
    }
    var values: [String: (PropertyValue, PropertySource, SourceSpan?)] = [:]
    for setting in policy.properties {
      if let value = check(setting, declarations, bag: &bag, origin: "policy") {
        values[setting.name] = (value, .policy, setting.valueSpan)
      }
    }
    for entry in overrides?.entries ?? [] {
      let literal = Self.literal(fromText: entry.value)
      let setting = PropertySetting(
        name: entry.key, literal: literal, keySpan: nil, valueSpan: entry.valueSpan)
      if let value = check(setting, declarations, bag: &bag, origin: "snapshot") {
        values[setting.name] = (value, .snapshot, setting.valueSpan)
      }
    }
    var resolved: [ResolvedProperty] = []
    for name in order {
      guard let declaration = declarations[name] else { continue }
      let set = values[name]
      resolved.append(
        ResolvedProperty(
          name: name, declaration: declaration, value: set?.0, source: set?.1 ?? .unitDefault,
          valueSpan: set?.2, declaringUnits: declaring[name] ?? []))
    }
    return ResolvedProperties(properties: resolved)
  }

  func describe(_ declaration: PropertyDeclaration) -> String {
    let bounds = declaration.boundsText
    return bounds.isEmpty ? declaration.type.rawValue : "\(declaration.type.rawValue) \(bounds)"
  }

  func check(
    _ setting: PropertySetting, _ declarations: [String: PropertyDeclaration],
    bag: inout DiagnosticBag, origin: String
  ) -> PropertyValue? {
    let span = setting.keySpan ?? setting.valueSpan
    guard let declaration = declarations[setting.name] else {
      let known = declarations.keys.sorted()
      var diagnostic = Diagnostic(
        .compileUnusedProperty,
        "\(origin) sets property '\(setting.name)', which no unit of the policy declares",
        at: span,
        help: DidYouMean.help(for: setting.name, among: known)
          ?? (known.isEmpty
            ? "the policy's units declare no properties"
            : "declared properties: " + known.joined(separator: ", ")))
      // oVirt's policy builder accepts a policy-level key no unit declares (the engine drops
      // it per cluster, Docs/ovirt.md §2.1), so policies exported from an engine load: a
      // warning there. A snapshot override stays an error; lint's L010 reports both.
      if origin == "policy" { diagnostic.severity = .warning }
      bag.append(diagnostic)
      return nil
    }
    guard let value = setting.literal.value(as: declaration.type) else {
      bag.report(
        .compilePropertyType,
        "property '\(setting.name)' must be \(declaration.type.rawValue), found \(setting.literal)",
        at: setting.valueSpan ?? span)
      return nil
    }
    guard declaration.allows(value) else {
      bag.report(
        .compilePropertyBounds,
        "property '\(setting.name)' must be \(declaration.boundsText), found \(value.displayText)",
        at: setting.valueSpan ?? span, help: declaration.doc.isEmpty ? nil : declaration.doc)
      return nil
    }
    return value
  }

  /// Reads a snapshot override's text with the YAML 1.2 core schema.
  static func literal(fromText text: String) -> PropertyLiteral {
    switch CoreSchema.resolvePlain(text) {
    case .int(let value): .int(Int64(value))
    case .float(let value) where !value.isNaN: .float(value)
    case .bool(let value): .bool(value)
    default: .string(text)
    }
  }

  // MARK: Expressions

  func unitProperties(_ unit: PolicyUnit, _ properties: ResolvedProperties) -> [UnitPropertyValue] {
    unit.properties.map { declaration in
      let resolved = properties[declaration.name]
      if let value = resolved?.value, let source = resolved?.source {
        return UnitPropertyValue(name: declaration.name, value: value, source: source)
      }
      return UnitPropertyValue(
        name: declaration.name, value: declaration.defaultValue, source: .unitDefault)
    }
  }

  func checker(
    _ unit: PolicyUnit, _ values: [UnitPropertyValue], scope: ExpressionScope, balance: Bool
  ) -> ExpressionChecker {
    ExpressionChecker(
      environment: catalog.environment(
        scope: scope, includesBalance: balance, properties: values.map { ($0.name, $0.value) }),
      limits: limits)
  }

  func compileExpression(
    _ text: ExpressionText, _ checker: ExpressionChecker, _ requirement: ExpressionRequirement,
    _ bag: inout DiagnosticBag
  ) -> (CompiledExpression<EvaluationContext>, String)? {
    var fields: [FieldID] = []
    return compileExpression(text, checker, requirement, &bag, fields: &fields)
  }

  /// Compiles an expression and appends the fields it reads (after folding) to `fields`, so
  /// one list can gather a unit's `when` and every check.
  func compileExpression(
    _ text: ExpressionText, _ checker: ExpressionChecker, _ requirement: ExpressionRequirement,
    _ bag: inout DiagnosticBag, fields: inout [FieldID]
  ) -> (CompiledExpression<EvaluationContext>, String)? {
    let (checked, diagnostics) = checker.check(text.source, expecting: requirement)
    bag.append(contentsOf: diagnostics)
    guard let checked else { return nil }
    fields += checked.referencedFields
    let (compiled, compileDiagnostics) = ExpressionCompiler<EvaluationContext>(
      binder: catalog.accessor(for:), fuser: catalog.fuser
    ).compile(checked)
    bag.append(contentsOf: compileDiagnostics)
    guard let compiled else { return nil }
    let printed = ExpressionPrinter.print(checked)
    if usesGeneratedEvaluators,
      let generated = BuiltinEvaluators.compiled(
        printed, type: checked.resultType, span: checked.span)
    {
      return (generated, printed)
    }
    return (compiled, printed)
  }

  func compileTemplate(
    _ text: ExpressionText, _ checker: ExpressionChecker, _ bag: inout DiagnosticBag
  ) -> (CompiledTemplate<EvaluationContext>, String)? {
    let (checked, diagnostics) = checker.checkTemplate(text.source)
    bag.append(contentsOf: diagnostics)
    guard let checked else { return nil }
    let (compiled, compileDiagnostics) = ExpressionCompiler<EvaluationContext>(
      binder: catalog.accessor(for:), fuser: catalog.fuser
    ).compile(checked)
    bag.append(contentsOf: compileDiagnostics)
    return compiled.map { ($0, checked.printed) }
  }

  func nativeStep(
    _ unit: PolicyUnit, _ descriptor: NativeUnitDescriptor, factor: Int,
    _ properties: ResolvedProperties
  ) -> NativeUnitStep {
    NativeUnitStep(
      unitName: unit.name, origin: unit.origin, descriptor: descriptor, factor: factor,
      properties: UnitProperties(unitProperties(unit, properties)),
      evaluator: descriptor.evaluator, isAvailable: true)
  }

  func compileFilter(
    _ unit: PolicyUnit, _ properties: ResolvedProperties, _ bag: inout DiagnosticBag
  ) -> PipelineFilter? {
    switch unit.implementation {
    case .native(let descriptor):
      return .native(nativeStep(unit, descriptor, factor: 1, properties))
    case .filter(let when, let reason, let checks):
      let values = unitProperties(unit, properties)
      let checker = checker(unit, values, scope: .hostAndVM, balance: false)
      var failed = false
      // The fields the filter's verdict depends on: its `when` and its checks.
      var fields: [FieldID] = []
      var condition: (CompiledExpression<EvaluationContext>, String)?
      if let when {
        condition = compileExpression(when, checker, .bool, &bag, fields: &fields)
        failed = failed || condition == nil
      }
      var template: (CompiledTemplate<EvaluationContext>, String)?
      if let reason {
        template = compileTemplate(reason, checker, &bag)
        failed = failed || template == nil
      }
      var compiledChecks: [CompiledFilter.Check] = []
      for check in checks {
        var why: (CompiledTemplate<EvaluationContext>, String)?
        if let reason = check.reason {
          why = compileTemplate(reason, checker, &bag)
          failed = failed || why == nil
        }
        guard let test = compileExpression(check.when, checker, .bool, &bag, fields: &fields)
        else {
          failed = true
          continue
        }
        compiledChecks.append(
          CompiledFilter.Check(
            name: check.name, printedCondition: test.1, printedReason: why?.1,
            condition: test.0, reason: why?.0))
      }
      guard !failed else { return nil }
      let span = when?.span ?? checks.first?.when.span ?? unit.origin.span
      guard
        let combined = compiledChecks.isEmpty
          ? condition?.0
          : CompiledExpression.passes(
            unless: condition?.0, allOf: compiledChecks.map(\.condition), span: span)
      else { return nil }
      return .expression(
        CompiledFilter(
          unitName: unit.name, origin: unit.origin, properties: values,
          printedCondition: condition?.1, printedReason: template?.1, condition: combined,
          reason: template?.0, checks: compiledChecks,
          readsPlacementDependentFields: fields.contains {
            catalog.fields.indices.contains($0.rawValue)
              && catalog.fields[$0.rawValue].isPlacementDependent
          },
          vmFields: Set(fields).sorted { $0.rawValue < $1.rawValue }.filter {
            catalog.fields.indices.contains($0.rawValue)
              && catalog.fields[$0.rawValue].path.hasPrefix("vm.")
          }))
    default:
      preconditionFailure("filter unit '\(unit.name)' with a non-filter implementation")
    }
  }

  func compileWeight(
    _ unit: PolicyUnit, factor: Int, _ properties: ResolvedProperties,
    _ bag: inout DiagnosticBag
  ) -> PipelineWeight? {
    switch unit.implementation {
    case .native(let descriptor):
      return .native(nativeStep(unit, descriptor, factor: factor, properties))
    case .weight(let scoreText):
      let values = unitProperties(unit, properties)
      let checker = checker(unit, values, scope: .hostAndVM, balance: false)
      var scoreFields: [FieldID] = []
      var appliesFields: [FieldID] = []
      let score = compileExpression(scoreText, checker, .number, &bag, fields: &scoreFields)
      let applies = unit.appliesWhen.map {
        compileExpression($0, checker, .bool, &bag, fields: &appliesFields)
      }
      let stretch = unit.stretchWhen.map { compileExpression($0, checker, .bool, &bag) }
      guard let score else { return nil }
      if let applies, applies == nil { return nil }
      if let stretch, stretch == nil { return nil }
      let appliesCompiled = applies.flatMap { $0 }
      let stretchCompiled = stretch.flatMap { $0 }
      return .expression(
        CompiledWeight(
          unitName: unit.name, origin: unit.origin, factor: factor, properties: values,
          printedScore: score.1, printedAppliesWhen: appliesCompiled?.1,
          printedStretchWhen: stretchCompiled?.1, score: score.0,
          appliesWhen: appliesCompiled?.0, stretchWhen: stretchCompiled?.0,
          vmFields: Set(scoreFields + appliesFields).sorted { $0.rawValue < $1.rawValue }.filter {
            catalog.fields.indices.contains($0.rawValue)
              && catalog.fields[$0.rawValue].path.hasPrefix("vm.")
          }))
    default:
      preconditionFailure("weight unit '\(unit.name)' with a non-weight implementation")
    }
  }

  func compileBalancer(
    _ unit: PolicyUnit, _ properties: ResolvedProperties, _ bag: inout DiagnosticBag
  ) -> PipelineBalancer? {
    switch unit.implementation {
    case .native(let descriptor):
      return .native(nativeStep(unit, descriptor, factor: 1, properties))
    case .balancer(let rules):
      let values = unitProperties(unit, properties)
      let hostOnly = checker(unit, values, scope: .hostOnly, balance: true)
      let withVM = checker(unit, values, scope: .hostAndVM, balance: true)
      var ruleFields: [FieldID] = []
      func rule(
        _ text: ExpressionText?, _ checker: ExpressionChecker,
        _ requirement: ExpressionRequirement, _ bag: inout DiagnosticBag,
        fields: inout [FieldID]
      ) -> CompiledBalancer.Rule? {
        guard let text,
          let (compiled, printed) = compileExpression(
            text, checker, requirement, &bag, fields: &fields)
        else { return nil }
        return CompiledBalancer.Rule(printed: printed, expression: compiled)
      }
      var loadFields: [FieldID] = []
      let hostLoad = rule(rules.hostLoad, hostOnly, .number, &bag, fields: &loadFields)
      let sourceWhen = rule(rules.sourceWhen, hostOnly, .bool, &bag, fields: &ruleFields)
      let sourceOrder = rule(rules.sourceOrder, hostOnly, .number, &bag, fields: &ruleFields)
      let vmWhen = rule(rules.vmWhen, withVM, .bool, &bag, fields: &ruleFields)
      let vmOrder = rule(rules.vmOrder, withVM, .number, &bag, fields: &ruleFields)
      let destinationWhen = rule(rules.destinationWhen, withVM, .bool, &bag, fields: &ruleFields)
      var thresholds: [(name: String, value: Double)] = []
      let constants = checker(unit, values, scope: .hostOnly, balance: false)
      for (name, text) in rules.thresholds {
        let (checked, diagnostics) = constants.check(text.source, expecting: .number)
        bag.append(contentsOf: diagnostics)
        guard let checked else { continue }
        switch checked.constantValue {
        case .int(let value): thresholds.append((name, Double(value)))
        case .float(let value): thresholds.append((name, value))
        default:
          bag.report(
            .policyInvalidValue,
            "threshold '\(name)' must be a constant (properties and literals only)",
            at: text.span)
        }
      }
      guard let hostLoad, let sourceWhen, let vmWhen, let destinationWhen,
        rules.sourceOrder == nil || sourceOrder != nil, rules.vmOrder == nil || vmOrder != nil
      else { return nil }
      return .expression(
        CompiledBalancer(
          unitName: unit.name, origin: unit.origin, properties: values, hostLoad: hostLoad,
          sourceWhen: sourceWhen, sourceOrder: sourceOrder, vmWhen: vmWhen, vmOrder: vmOrder,
          destinationWhen: destinationWhen, thresholds: thresholds,
          loadReadsOnlyItsHost: catalog.readsOnlyOwnHost(loadFields)))
    default:
      preconditionFailure("balancer unit '\(unit.name)' with a non-balancer implementation")
    }
  }
}
