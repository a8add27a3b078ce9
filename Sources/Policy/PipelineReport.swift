public import Diagnostics

/// Renders a compiled ``SchedulingPipeline`` for `shepherd compile`: units in order with their
/// source, factors, properties with provenance, and every expression after folding.
///
/// Pure functions returning text; the CLI prints them.
public enum PipelineReport {
  /// The text form.
  public static func text(_ pipeline: SchedulingPipeline) -> String {
    var out = "scheduling policy '\(pipeline.policyName)'  \(pipeline.origin.citation)"
    out += "  (\(pipeline.provenance.label))\n"
    if !pipeline.description.isEmpty { out += "  \(pipeline.description)\n" }
    out += "selector: \(pipeline.selector.rawValue)\n"
    let policyFilterCount = pipeline.filters.count - pipeline.mandatoryFilterCount
    out += "\nfilters (\(pipeline.mandatoryFilterCount) mandatory, then \(policyFilterCount) "
    out += "from the policy):\n"
    for (index, filter) in pipeline.filters.enumerated() {
      let mandatory = index < pipeline.mandatoryFilterCount ? "  mandatory" : ""
      out += "  \(index + 1). \(filter.unitName)  \(filter.origin.citation)\(mandatory)"
      out += provenanceSuffix(pipeline, "Filter", filter.unitName) + "\n"
      switch filter {
      case .expression(let compiled):
        if let when = compiled.printedCondition { out += "       when:   \(when)\n" }
        if let reason = compiled.printedReason { out += "       reason: \(reason)\n" }
        for check in compiled.checks {
          out += "       check \(check.name): \(check.printedCondition)\n"
          if let reason = check.printedReason { out += "         reason: \(reason)\n" }
        }
        out += propertyLines(compiled.properties)
      case .native(let step):
        out += native(step)
      }
    }
    out += "\nweights (\(pipeline.selector == .rank ? "rank selector" : "weighted sum")):\n"
    for (index, weight) in pipeline.weights.enumerated() {
      switch weight {
      case .expression(let compiled):
        out += "  \(index + 1). \(compiled.unitName) ×\(compiled.factor)  "
        out += compiled.origin.citation
        out += provenanceSuffix(pipeline, "Weight", compiled.unitName) + "\n"
        if let applies = compiled.printedAppliesWhen { out += "       when:   \(applies)\n" }
        out += "       score:  \(compiled.printedScore)\n"
        if let stretch = compiled.printedStretchWhen { out += "       stretch: \(stretch)\n" }
        out += propertyLines(compiled.properties)
      case .native(let step):
        out += "  \(index + 1). \(step.unitName) ×\(step.factor)  \(step.origin.citation)"
        out += provenanceSuffix(pipeline, "Weight", step.unitName) + "\n"
        out += native(step)
      }
    }
    out += "\nbalancer:"
    switch pipeline.balancer {
    case nil:
      out += " none\n"
    case .native(let step):
      out += " \(step.unitName)  \(step.origin.citation)\n" + native(step)
    case .expression(let balancer):
      out += " \(balancer.unitName)  \(balancer.origin.citation)"
      out += provenanceSuffix(pipeline, "Balancer", balancer.unitName) + "\n"
      out += "       hostLoad:          \(balancer.hostLoad.printed)\n"
      out += "       source.when:       \(balancer.sourceWhen.printed)\n"
      if let order = balancer.sourceOrder {
        out += "       source.order:      \(order.printed)\n"
      }
      out += "       vm.when:           \(balancer.vmWhen.printed)\n"
      if let order = balancer.vmOrder { out += "       vm.order:          \(order.printed)\n" }
      out += "       destination.when:  \(balancer.destinationWhen.printed)\n"
      for (name, value) in balancer.thresholds {
        out += "       threshold \(name) = \(PropertyValue.float(value).displayText)\n"
      }
      out += propertyLines(balancer.properties)
    }
    out += "\nproperties:\n"
    if pipeline.properties.properties.isEmpty { out += "  (none)\n" }
    for property in pipeline.properties.properties {
      let declaration = property.declaration
      var line = "  \(property.name) (\(declaration.type.rawValue)"
      if !declaration.boundsText.isEmpty { line += " \(declaration.boundsText)" }
      line += ") = "
      if let value = property.value {
        line += "\(value.displayText)  from \(property.source.rawValue)"
      } else {
        let defaults = property.declaringUnits.map { "\($0.unit) \($0.defaultValue.displayText)" }
        line += "unit default: " + defaults.joined(separator: ", ")
      }
      out += line + "\n"
    }
    let missing = pipeline.unimplementedNativeUnits
    if !missing.isEmpty {
      out += "\nnative units not yet implemented (\(missing.count)): "
      out += missing.joined(separator: ", ") + "\n"
    }
    return out
  }

  static func provenanceSuffix(_ pipeline: SchedulingPipeline, _ kind: String, _ name: String)
    -> String
  {
    switch pipeline.unitProvenance[kind + " " + name] {
    case nil, .builtin?: ""
    case let provenance?: "  (\(provenance.label))"
    }
  }

  static func native(_ step: NativeUnitStep) -> String {
    var out = "       native \(step.descriptor.name), \(step.availability)\n"
    out += propertyLines(step.properties.values)
    return out
  }

  static func propertyLines(_ values: [UnitPropertyValue]) -> String {
    guard !values.isEmpty else { return "" }
    let parts = values.map { "\($0.name) = \($0.value.displayText) (\($0.source.rawValue))" }
    return "       params: " + parts.joined(separator: ", ") + "\n"
  }

  /// The JSON form (keys sorted, stable order).
  public static func json(_ pipeline: SchedulingPipeline) -> JSONValue {
    func origin(_ origin: DocumentOrigin) -> JSONValue {
      .object([("file", .string(origin.path)), ("line", .int(origin.line))])
    }
    func params(_ values: [UnitPropertyValue]) -> JSONValue {
      .array(
        values.map {
          .object([
            ("name", .string($0.name)), ("value", value($0.value)),
            ("source", .string($0.source.rawValue)),
          ])
        })
    }
    func nativeObject(_ step: NativeUnitStep) -> [(String, JSONValue)] {
      [
        ("native", .string(step.descriptor.name)),
        ("status", .string(step.availability)),
        ("params", params(step.properties.values)),
      ]
    }
    var filters: [JSONValue] = []
    for (index, filter) in pipeline.filters.enumerated() {
      var fields: [(String, JSONValue)] = [
        ("unit", .string(filter.unitName)), ("source", origin(filter.origin)),
        ("mandatory", .bool(index < pipeline.mandatoryFilterCount)),
      ]
      switch filter {
      case .expression(let compiled):
        if let when = compiled.printedCondition { fields.append(("when", .string(when))) }
        if let reason = compiled.printedReason { fields.append(("reason", .string(reason))) }
        if !compiled.checks.isEmpty {
          fields.append(
            (
              "checks",
              .array(
                compiled.checks.map { check in
                  var item: [(String, JSONValue)] = [
                    ("name", .string(check.name)), ("when", .string(check.printedCondition)),
                  ]
                  if let reason = check.printedReason { item.append(("reason", .string(reason))) }
                  return .object(item)
                })
            ))
        }
        fields.append(("params", params(compiled.properties)))
      case .native(let step):
        fields += nativeObject(step)
      }
      filters.append(.object(fields))
    }
    var weights: [JSONValue] = []
    for weight in pipeline.weights {
      var fields: [(String, JSONValue)] = [
        ("unit", .string(weight.unitName)), ("factor", .int(weight.factor)),
      ]
      switch weight {
      case .expression(let compiled):
        fields.append(("source", origin(compiled.origin)))
        fields.append(("score", .string(compiled.printedScore)))
        if let applies = compiled.printedAppliesWhen { fields.append(("when", .string(applies))) }
        if let stretch = compiled.printedStretchWhen {
          fields.append(("stretch", .string(stretch)))
        }
        fields.append(("params", params(compiled.properties)))
      case .native(let step):
        fields.append(("source", origin(step.origin)))
        fields += nativeObject(step)
      }
      weights.append(.object(fields))
    }
    var balancer = JSONValue.null
    switch pipeline.balancer {
    case nil: break
    case .native(let step):
      balancer = .object(
        [("unit", .string(step.unitName)), ("source", origin(step.origin))] + nativeObject(step))
    case .expression(let compiled):
      var fields: [(String, JSONValue)] = [
        ("unit", .string(compiled.unitName)), ("source", origin(compiled.origin)),
        ("hostLoad", .string(compiled.hostLoad.printed)),
        ("sourceWhen", .string(compiled.sourceWhen.printed)),
        ("vmWhen", .string(compiled.vmWhen.printed)),
        ("destinationWhen", .string(compiled.destinationWhen.printed)),
        (
          "thresholds",
          .object(compiled.thresholds.map { ($0.name, .double($0.value)) })
        ),
        ("params", params(compiled.properties)),
      ]
      if let order = compiled.sourceOrder { fields.append(("sourceOrder", .string(order.printed))) }
      if let order = compiled.vmOrder { fields.append(("vmOrder", .string(order.printed))) }
      balancer = .object(fields)
    }
    let properties: [JSONValue] = pipeline.properties.properties.map { property in
      var fields: [(String, JSONValue)] = [
        ("name", .string(property.name)), ("type", .string(property.declaration.type.rawValue)),
        ("source", .string(property.source.rawValue)),
        (
          "unitDefaults",
          .object(property.declaringUnits.map { ($0.unit, value($0.defaultValue)) })
        ),
      ]
      if let minimum = property.declaration.minimum { fields.append(("min", .double(minimum))) }
      if let maximum = property.declaration.maximum { fields.append(("max", .double(maximum))) }
      if let set = property.value { fields.append(("value", value(set))) }
      return .object(fields)
    }
    return .object([
      ("policy", .string(pipeline.policyName)), ("source", origin(pipeline.origin)),
      ("provenance", .string(pipeline.provenance.label)),
      ("selector", .string(pipeline.selector.rawValue)), ("filters", .array(filters)),
      ("weights", .array(weights)), ("balancer", balancer), ("properties", .array(properties)),
      (
        "nativeUnitsNotImplemented",
        .array(pipeline.unimplementedNativeUnits.map { .string($0) })
      ),
    ])
  }

  static func value(_ value: PropertyValue) -> JSONValue {
    switch value {
    case .int(let number): .int(Int(number))
    case .float(let number): .double(number)
    case .bool(let flag): .bool(flag)
    case .string(let text): .string(text)
    case .stringList(let texts): .array(texts.map { .string($0) })
    }
  }
}

extension NativeUnitStep {
  /// `implemented`, or `not yet implemented` for a unit made unavailable: the words (and the
  /// JSON `status` value) the policy digest of every plan has been computed over.
  var availability: String { isAvailable ? "implemented" : "not yet implemented" }
}
