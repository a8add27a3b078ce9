public import Diagnostics

/// The JSON Schema (draft 2020-12) of one policy document, generated from the constants
/// ``PolicyDocumentReader`` reads documents with.
///
/// Every YAML document of a policy file is one instance: the top level requires `kind`, and an
/// `if`/`then` per ``PolicyKind`` applies that kind's definition under `$defs` (named after
/// the kind). Key lists, enums (kinds, selectors, property types, resilience scopes,
/// convergence actions), native unit names, weight factor bounds and migration defaults come
/// from the reader and ``NativeUnitRegistry``, so the schema cannot drift from what is read; a
/// test reads documents with every key the schema lists, and checks that every key it does not
/// list is P001. The copy at `Docs/schemas/policy.schema.json` is checked by a freshness test
/// (regenerate with `SHEPHERD_RECORD=1 swift test --filter PolicySchemaTests`, or
/// `shepherd schema policy --output Docs/schemas/policy.schema.json`).
///
/// The mapping, chosen so that the schema never rejects a document that reads and compiles:
/// - every object has `additionalProperties: false` (P001) and lists its required keys (P003);
///   a Filter, Weight or Balancer with `native:` instead needs none of its expression keys and
///   may have none of them (P008);
/// - a string key accepts any scalar, as the reader takes scalars as written; expressions are
///   scalars too (`score: 1`), checked only by `shepherd compile`;
/// - a property declaration's `default` has its `type`, and a bool has no bounds (P006);
/// - a SchedulingPolicy's property values are numbers or booleans: anything else is C004.
///
/// What relates several keys or documents is left to the reader and the compiler: unit
/// references, duplicate names, `min` ≤ `default` ≤ `max`, property values against the units'
/// declarations, expression types.
///
/// Editors pick it up with a modeline:
///
/// ```yaml
/// # yaml-language-server: $schema=../../Docs/schemas/policy.schema.json
/// kind: Filter
/// name: BigHosts
/// when: host.memory.physicalMiB >= 65536
/// ```
public enum PolicySchema {
  /// The schema's `$id`.
  public static let id = "urn:shepherd:schema:policy:v1"

  /// The JSON Schema dialect the schema is written in.
  public static let dialect = "https://json-schema.org/draft/2020-12/schema"

  /// The keys each kind requires besides `kind` and `name`; for units, only without `native:`.
  static let requiredKeys: [PolicyKind: [String]] = [
    .filter: ["when"],
    .weight: ["score"],
    .balancer: ["hostLoad", "source", "vm", "destination"],
    .schedulingPolicy: [],
    .migrationPolicy: [],
    .resiliencePolicy: ["migrates"],
  ]

  /// The schema as a JSON value; write it with `serialized(pretty: true)`.
  /// - Complexity: O(keys + native units).
  public static func json() -> JSONValue {
    let kinds = PolicyKind.allCases
    let dispatch = kinds.map { kind -> JSONValue in
      .object([
        (
          "if",
          .object([
            ("properties", .object([("kind", .object([("const", .string(kind.rawValue))]))])),
            ("required", strings(["kind"])),
          ])
        ),
        ("then", reference(kind.rawValue)),
      ])
    }
    var definitions = kinds.map { ($0.rawValue, definition(of: $0)) }
    definitions += [
      ("Expression", expressionSchema),
      ("PropertyDeclaration", propertyDeclarationSchema),
      ("BalancerRule", ruleSchema(keys: DocumentReader.orderedRuleKeys)),
      ("DestinationRule", ruleSchema(keys: DocumentReader.unorderedRuleKeys)),
      ("WeightReference", weightReferenceSchema),
      ("StallingStep", stallingStepSchema),
      ("ConvergenceAction", convergenceActionSchema),
    ]
    return .object([
      ("$schema", .string(dialect)),
      ("$id", .string(id)),
      ("title", .string("Shepherd policy document")),
      (
        "description",
        .string(
          "One YAML document of a Shepherd policy file (files may hold several, separated by "
            + "---). Generated from Shepherd's PolicyDocumentReader; see Docs/language.md."
        )
      ),
      ("type", .string("object")),
      ("required", strings(["kind"])),
      ("properties", .object([("kind", kindSchema(nil))])),
      ("allOf", .array(dispatch)),
      ("$defs", .object(definitions)),
    ])
  }

  // MARK: Kinds

  /// The definition of one kind: its keys, closed, with required keys and the native rule.
  static func definition(of kind: PolicyKind) -> JSONValue {
    let keys = DocumentReader.keys[kind] ?? DocumentReader.commonKeys
    let properties = keys.map { ($0, schema(forKey: $0, in: kind)) }
    let required = ["kind", "name"] + (requiredKeys[kind] ?? [])
    var fields: [(String, JSONValue)] = [
      ("type", .string("object")),
      ("description", .string(kindDoc(kind))),
      ("properties", .object(properties)),
      ("additionalProperties", .bool(false)),
    ]
    guard kind.isUnit else {
      fields.append(("required", strings(required)))
      return .object(fields)
    }
    // A native unit: no expression keys (P008); otherwise the expression keys are required.
    fields.append(("required", strings(["kind", "name"])))
    let excluded = keys.filter(DocumentReader.nativeExcludedKeys.contains)
    fields.append(("if", .object([("required", strings(["native"]))])))
    fields.append(
      (
        "then",
        .object([
          (
            "not",
            .object([("anyOf", .array(excluded.map { .object([("required", strings([$0]))]) }))])
          )
        ])
      ))
    if kind == .filter {
      // An expression filter needs `when`, `checks`, or both.
      fields.append(
        (
          "else",
          .object([
            (
              "anyOf",
              .array([
                .object([("required", strings(["when"]))]),
                .object([("required", strings(["checks"]))]),
              ])
            )
          ])
        ))
    } else {
      fields.append(("else", .object([("required", strings(requiredKeys[kind] ?? []))])))
    }
    return .object(fields)
  }

  /// The schema of one top-level key of a kind.
  static func schema(forKey key: String, in kind: PolicyKind) -> JSONValue {
    let doc = keyDoc(key, in: kind)
    switch key {
    case "kind":
      return kindSchema(kind)
    case "when", "reason", "score", "stretch", "hostLoad":
      return described(reference("Expression"), doc)
    case "checks":
      return .object([
        ("type", .string("array")), ("minItems", .int(1)), description(doc),
        (
          "items",
          .object([
            ("type", .string("object")),
            (
              "properties",
              .object(
                DocumentReader.checkKeys.map { key in
                  (
                    key,
                    key == "name"
                      ? .object([("type", .string("string")), description(nestedDoc("Check", key))])
                      : described(reference("Expression"), nestedDoc("Check", key))
                  )
                })
            ),
            ("additionalProperties", .bool(false)),
            ("required", strings(["name", "when"])),
          ])
        ),
      ])
    case "source", "vm":
      return described(reference("BalancerRule"), doc)
    case "destination":
      return described(reference("DestinationRule"), doc)
    case "thresholds":
      return object(additional: reference("Expression"), doc)
    case "properties" where kind.isUnit:
      return object(additional: reference("PropertyDeclaration"), doc)
    case "properties":
      return object(additional: .object([("type", strings(["number", "boolean"]))]), doc)
    case "native":
      let names = NativeUnitRegistry.all.filter { $0.kind == kind }.map(\.name)
      let note = names.isEmpty ? " No native \(kind.rawValue) is registered yet." : ""
      return .object([
        ("type", .string("string")), ("enum", strings(names)), description(doc + note),
      ])
    case "mandatory", "autoConverge", "compression", "guestEvents", "zeroCopy":
      return .object([("type", .string("boolean")), ("default", .bool(false)), description(doc)])
    case "filters":
      return .object([
        ("type", .string("array")), ("items", scalar("A Filter unit's name.")), description(doc),
      ])
    case "weights":
      return .object([
        ("type", .string("array")),
        (
          "items",
          .object([
            (
              "anyOf",
              .array([scalar("A Weight unit's name (factor 1)."), reference("WeightReference")])
            )
          ])
        ),
        description(doc),
      ])
    case "selector":
      return .object([
        ("type", .string("string")), ("enum", strings(SelectorKind.allCases.map(\.rawValue))),
        ("default", .string(SelectorKind.rank.rawValue)), description(doc),
      ])
    case "maxMigrations":
      return integer(
        minimum: DocumentReader.minimumMaxMigrations, default: DocumentReader.defaultMaxMigrations,
        doc)
    case "initialDowntimeMs":
      return integer(minimum: 0, default: DocumentReader.defaultInitialDowntimeMs, doc)
    case "stalling":
      return .object([
        ("type", .string("array")), ("items", reference("StallingStep")), description(doc),
      ])
    case "finally":
      return .object([
        ("type", .string("array")), ("items", reference("ConvergenceAction")), description(doc),
      ])
    case "migrates":
      return .object([
        ("type", .string("string")), ("enum", strings(ResilienceScope.allCases.map(\.rawValue))),
        description(doc),
      ])
    default:  // name, description, balancer, minCompatibilityVersion: strings as written
      return scalar(doc)
    }
  }

  static func kindSchema(_ kind: PolicyKind?) -> JSONValue {
    let doc = "The document's kind: " + PolicyKind.allCases.map(\.rawValue).joined(separator: ", ")
    guard let kind else {
      return .object([
        ("type", .string("string")),
        ("enum", strings(PolicyKind.allCases.map(\.rawValue))),
        description(doc + "."),
      ])
    }
    return .object([("const", .string(kind.rawValue)), description(doc + ".")])
  }

  // MARK: Shared definitions

  static var expressionSchema: JSONValue {
    .object([
      ("type", scalarTypes),
      description(
        "An expression over host, vm, cluster, params (and balance in balancers), checked by "
          + "`shepherd compile`; any scalar, e.g. `host.memory.freeMiB >= vm.memoryMiB`."),
    ])
  }

  static var propertyDeclarationSchema: JSONValue {
    let keys = DocumentReader.propertyDeclarationKeys
    let properties = keys.map { key -> (String, JSONValue) in
      let doc = nestedDoc("PropertyDeclaration", key)
      switch key {
      case "type":
        return (
          key,
          .object([
            ("type", .string("string")), ("enum", strings(PropertyType.allCases.map(\.rawValue))),
            description(doc),
          ])
        )
      case "default":
        return (
          key,
          .object([("type", strings(["number", "boolean", "string", "array"])), description(doc)])
        )
      case "enum":
        return (
          key,
          .object([
            ("type", .string("array")), ("items", .object([("type", .string("string"))])),
            description(doc),
          ])
        )
      case "min", "max": return (key, .object([("type", .string("number")), description(doc)]))
      default: return (key, scalar(doc))
      }
    }
    // The default has the declared type (an int is a float too); a bool has no bounds.
    let byType = PropertyType.allCases.map { type -> JSONValue in
      var then: [(String, JSONValue)] = [
        ("properties", .object([("default", .object([("type", .string(jsonType(of: type)))]))]))
      ]
      if type == .bool {
        then.append(
          (
            "not",
            .object([
              (
                "anyOf",
                .array([
                  .object([("required", strings(["min"]))]),
                  .object([("required", strings(["max"]))]),
                ])
              )
            ])
          ))
      }
      return .object([
        (
          "if",
          .object([
            ("properties", .object([("type", .object([("const", .string(type.rawValue))]))])),
            ("required", strings(["type"])),
          ])
        ),
        ("then", .object(then)),
      ])
    }
    return .object([
      ("type", .string("object")),
      (
        "description",
        .string(
          "A property the unit reads as params.<name>: its type, default, bounds and doc, e.g. "
            + "{ type: int, default: 90, min: 50, max: 99, doc: CPU load percent }.")
      ),
      ("properties", .object(properties)),
      ("additionalProperties", .bool(false)),
      ("required", strings(["type", "default"])),
      ("allOf", .array(byType)),
    ])
  }

  static func ruleSchema(keys: [String]) -> JSONValue {
    let name = keys.contains("order") ? "BalancerRule" : "DestinationRule"
    return .object([
      ("type", .string("object")),
      (
        "description",
        .string(
          keys.contains("order")
            ? "Which candidates qualify (when) and the order they are tried in (order)."
            : "Which hosts may receive the VM (when).")
      ),
      (
        "properties",
        .object(keys.map { ($0, described(reference("Expression"), nestedDoc(name, $0))) })
      ),
      ("additionalProperties", .bool(false)),
      ("required", strings(["when"])),
    ])
  }

  static var weightReferenceSchema: JSONValue {
    let range = DocumentReader.weightFactorRange
    let properties = DocumentReader.weightReferenceKeys.map { key -> (String, JSONValue) in
      let doc = nestedDoc("WeightReference", key)
      if key == "factor" {
        return (
          key,
          .object([
            ("type", .string("integer")), ("minimum", .int(range.lowerBound)),
            ("maximum", .int(range.upperBound)), ("default", .int(1)), description(doc),
          ])
        )
      }
      return (key, scalar(doc))
    }
    return .object([
      ("type", .string("object")),
      (
        "description",
        .string("A Weight unit with its factor, e.g. { unit: PreferredHosts, factor: 99 }.")
      ),
      ("properties", .object(properties)),
      ("additionalProperties", .bool(false)),
      ("required", strings(["unit"])),
    ])
  }

  static var stallingStepSchema: JSONValue {
    let properties = DocumentReader.stallingStepKeys.map { key -> (String, JSONValue) in
      let doc = nestedDoc("StallingStep", key)
      switch key {
      case "limit": return (key, integer(minimum: 0, default: 0, doc))
      case "downtimeMs": return (key, .object([("type", .string("integer")), description(doc)]))
      default: return (key, described(reference("ConvergenceAction"), doc))
      }
    }
    return .object([
      ("type", .string("object")),
      (
        "description",
        .string(
          "When the stalling counter reaches limit, raise the downtime (downtimeMs) or take an "
            + "action, e.g. { limit: 1, downtimeMs: 150 }.")
      ),
      ("properties", .object(properties)),
      ("additionalProperties", .bool(false)),
      (
        "anyOf",
        .array([
          .object([("required", strings(["downtimeMs"]))]),
          .object([("required", strings(["action"]))]),
        ])
      ),
    ])
  }

  static var convergenceActionSchema: JSONValue {
    let downtime = DocumentReader.downtimeActionKeys.map { key -> (String, JSONValue) in
      (
        key,
        .object([("type", .string("integer")), description(nestedDoc("ConvergenceAction", key))])
      )
    }
    return .object([
      (
        "description",
        .string(
          "A convergence action: "
            + DocumentReader.convergenceActionWords.joined(separator: ", ")
            + ", or { downtimeMs: N } to raise the allowed downtime.")
      ),
      (
        "anyOf",
        .array([
          .object([
            ("type", .string("string")), ("enum", strings(DocumentReader.convergenceActionWords)),
          ]),
          .object([
            ("type", .string("object")),
            ("properties", .object(downtime)),
            ("additionalProperties", .bool(false)),
            ("required", strings(DocumentReader.downtimeActionKeys)),
          ]),
        ])
      ),
    ])
  }

  // MARK: Documentation

  /// What a document of a kind is.
  static func kindDoc(_ kind: PolicyKind) -> String {
    switch kind {
    case .filter:
      "A predicate over (host, vm): hosts failing it are excluded, with a reason. Written as an "
        + "expression (when) or a native unit (native)."
    case .weight:
      "A score over (host, vm); lower is better. Written as an expression (score) or a native "
        + "unit (native)."
    case .balancer:
      "Decides what to move: source hosts, the VMs that leave them and the hosts that may "
        + "receive them. Written as expressions or a native unit (native)."
    case .schedulingPolicy:
      "Filters, weights with factors, one balancer, a selector and property values."
    case .migrationPolicy:
      "A migration convergence schedule (downtime steps, stalling actions, final actions) and "
        + "migration flags."
    case .resiliencePolicy: "What happens to a failed (NonOperational) host's VMs."
    }
  }

  /// The documentation of a top-level key of a kind.
  static func keyDoc(_ key: String, in kind: PolicyKind) -> String {
    switch (kind, key) {
    case (_, "name"):
      kind.isUnit
        ? "The unit's name, unique per kind; a --policies unit with a built-in's name replaces it."
        : "The policy's name, unique per kind; snapshots and the CLI select policies by it."
    case (_, "description"): "One or more sentences for people."
    case (_, "mandatory"):
      "Whether the filter runs first in every scheduling policy (oVirt's mandatory filters)."
    case (_, "properties") where kind.isUnit:
      "The properties the unit reads as params.<name>, each with type, default, bounds and doc."
    case (.filter, "when"):
      """
      The condition a host must meet (bool); hosts where it is false are excluded. With \
      `checks`, a host where it is true passes without them.
      """
    case (.filter, "checks"):
      """
      Named sub-checks, each with its own `when` and `reason`: a host passes when every check \
      passes (or `when` holds), and a verdict names each failing check with its reason.
      """
    case (.filter, "reason"):
      "Why a host is excluded: text with {expression} holes, e.g. \"needs {vm.memoryMiB} MiB\"."
    case (.weight, "when"):
      """
      When false for a (host, VM) pair, the weight records nothing for that host (bool); \
      the rank selector scores an unreported host 0, the best score oVirt's units give \
      (Docs/ovirt.md §3.6). By default it always applies.
      """
    case (.weight, "score"): "The host's score (a number); lower is better."
    case (.weight, "stretch"):
      "Which hosts' scores are stretched linearly to [1, 1000] over the decision's candidates "
        + "(bool; oVirt's stretchScores); the others keep their score. Absent: no stretching."
    case (.balancer, "hostLoad"):
      "The per-host load (a number), balance.hostLoad; its extremes over the candidates are "
        + "balance.maxHostLoad and balance.minHostLoad."
    case (.balancer, "source"): "Which hosts are sources, and the order they are tried in."
    case (.balancer, "vm"):
      "Which VMs on a source may move (with the source as host), and the order they are tried in."
    case (.balancer, "destination"): "Which hosts may receive the VM."
    case (.balancer, "thresholds"):
      "Named numeric thresholds handed to the scheduler (e.g. cpuPercent), each an expression."
    case (_, "native"):
      "The name of a \(kind.rawValue) written in Swift; a native unit has no expressions or properties."
    case (_, "filters"): "The Filter units to run, in order, after the mandatory filters."
    case (_, "weights"): "The Weight units, each a name (factor 1) or { unit, factor }."
    case (_, "balancer"): "The Balancer unit, if the policy balances."
    case (_, "selector"):
      "How weights are combined: rank (oVirt's rank selector) or weighted_sum (smallest sum of "
        + "factor × score)."
    case (_, "properties"):
      "Values for the properties the policy's units declare, by name (numbers or booleans)."
    case (_, "maxMigrations"): "Migrations in and out of one host at once."
    case (_, "autoConverge"): "Whether auto-converge is on."
    case (_, "compression"): "Whether migration compression is on."
    case (_, "guestEvents"): "Whether guest events are sent."
    case (_, "zeroCopy"): "Whether zero-copy migration is used where possible."
    case (_, "minCompatibilityVersion"):
      "The lowest cluster compatibility version the policy applies to, e.g. \"4.7\"."
    case (_, "initialDowntimeMs"): "The initial allowed downtime in milliseconds."
    case (_, "stalling"): "Steps taken as the migration stalls, in order."
    case (_, "finally"): "Actions once every stalling step has been used, in order."
    case (_, "migrates"):
      "Which VMs leave: "
        + ResilienceScope.allCases.map(\.rawValue).joined(separator: ", ") + "."
    default: ""
    }
  }

  /// The documentation of a key of a shared definition.
  static func nestedDoc(_ definition: String, _ key: String) -> String {
    switch (definition, key) {
    case ("PropertyDeclaration", "type"):
      "The property's type: " + PropertyType.allCases.map(\.rawValue).joined(separator: ", ") + "."
    case ("PropertyDeclaration", "default"):
      "The unit's value when neither the policy nor the snapshot sets one; of the declared type."
    case ("PropertyDeclaration", "min"): "The smallest allowed value (int and float)."
    case ("PropertyDeclaration", "max"): "The largest allowed value (int and float)."
    case ("PropertyDeclaration", "enum"):
      "The allowed values of a string or list<string> property."
    case ("PropertyDeclaration", "doc"): "One line of documentation."
    case ("BalancerRule", "when"), ("DestinationRule", "when"): "The condition (bool)."
    case ("Check", "name"): "The check's name, unique in the filter, e.g. `over-commit`."
    case ("Check", "when"): "The condition a host must meet (bool)."
    case ("Check", "reason"): "Why a host fails the check: a template with {expression} holes."
    case ("BalancerRule", "order"): "The order candidates are tried in: ascending by this number."
    case ("WeightReference", "unit"): "The Weight unit's name."
    case ("WeightReference", "factor"): "The weight's factor (a whole number)."
    case ("StallingStep", "limit"): "The stalling counter value that triggers the step."
    case ("StallingStep", "downtimeMs"): "Raise the allowed downtime to this many milliseconds."
    case ("StallingStep", "action"): "The action to take (when downtimeMs is absent)."
    case ("ConvergenceAction", "downtimeMs"):
      "Raise the allowed downtime to this many milliseconds."
    default: ""
    }
  }

  // MARK: Builders

  /// The JSON types of a scalar the reader takes as written.
  static let scalarTypes = strings(["string", "number", "boolean"])

  static func jsonType(of type: PropertyType) -> String {
    switch type {
    case .int: "integer"
    case .float: "number"
    case .bool: "boolean"
    case .string: "string"
    case .stringList: "array"
    }
  }

  static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

  static func description(_ doc: String) -> (String, JSONValue) { ("description", .string(doc)) }

  static func reference(_ name: String) -> JSONValue {
    .object([("$ref", .string("#/$defs/\(name)"))])
  }

  static func described(_ schema: JSONValue, _ doc: String) -> JSONValue {
    guard case .object(let fields) = schema else { return schema }
    return .object(fields + [description(doc)])
  }

  static func scalar(_ doc: String) -> JSONValue {
    .object([("type", scalarTypes), description(doc)])
  }

  static func object(additional: JSONValue, _ doc: String) -> JSONValue {
    .object([("type", .string("object")), ("additionalProperties", additional), description(doc)])
  }

  static func integer(minimum: Int, default value: Int, _ doc: String) -> JSONValue {
    .object([
      ("type", .string("integer")), ("minimum", .int(minimum)), ("default", .int(value)),
      description(doc),
    ])
  }
}
