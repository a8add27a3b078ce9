import Diagnostics
import ShepherdTestSupport
import Testing
import YAMLDocument

@testable import Policy

/// A policy document as (key, YAML value) lines, so tests can add and remove keys.
struct DocumentLines: Sendable, CustomStringConvertible {
  var kind: PolicyKind
  var lines: [(key: String, value: String)]

  var keys: [String] { lines.map(\.key) }

  var description: String {
    lines.map { "\($0.key): \($0.value)\n" }.joined()
  }

  func removing(_ key: String) -> DocumentLines {
    DocumentLines(kind: kind, lines: lines.filter { $0.key != key })
  }

  func adding(_ key: String, _ value: String) -> DocumentLines {
    DocumentLines(kind: kind, lines: lines + [(key, value)])
  }

  func replacing(_ key: String, with value: String) -> DocumentLines {
    DocumentLines(kind: kind, lines: lines.map { $0.key == key ? ($0.key, value) : $0 })
  }
}

@Suite("Policy JSON Schema")
struct PolicySchemaTests {
  // MARK: Documents with every key

  /// One document per kind that uses every key the schema lists for it (for units: the
  /// expression form), with every nested key too.
  static let complete: [DocumentLines] = [
    DocumentLines(
      kind: .filter,
      lines: [
        ("kind", "Filter"), ("name", "Complete"), ("description", "every key"),
        ("mandatory", "false"),
        ("properties", "{ Limit: { type: int, default: 1, min: 0, max: 2, doc: a limit } }"),
        ("when", "host.vmCount <= params.Limit"), ("reason", "'too many VMs'"),
        ("checks", "[{ name: roomy, when: host.memory.freeMiB > 0, reason: 'no free memory' }]"),
      ]),
    DocumentLines(
      kind: .weight,
      lines: [
        ("kind", "Weight"), ("name", "Complete"), ("description", "every key"),
        ("properties", "{ Scale: { type: float, default: 2, min: 0.5, doc: a scale } }"),
        ("when", "vm.isRunning"), ("score", "host.vmCount * params.Scale"),
        ("stretch", "host.vmCount > 0"),
      ]),
    DocumentLines(
      kind: .balancer,
      lines: [
        ("kind", "Balancer"), ("name", "Complete"), ("description", "every key"),
        ("properties", "{ IsOn: { type: bool, default: true, doc: a switch } }"),
        ("hostLoad", "host.vmCount"),
        ("source", "{ when: params.IsOn, order: -balance.hostLoad }"),
        ("vm", "{ when: vm.isRunning, order: vm.memoryMiB }"),
        ("destination", "{ when: balance.hostLoad < balance.maxHostLoad }"),
        ("thresholds", "{ cpuPercent: 80 }"),
      ]),
    DocumentLines(
      kind: .schedulingPolicy,
      lines: [
        ("kind", "SchedulingPolicy"), ("name", "complete"), ("description", "every key"),
        ("filters", "[CPU, Memory]"),
        ("weights", "[PreferredHosts, { unit: HA, factor: 2 }]"),
        ("balancer", "OptimalForEvenGuestDistribution"), ("selector", "weighted_sum"),
        ("properties", "{ HighUtilization: 80, Ratio: 0.5, Flag: true }"),
      ]),
    DocumentLines(
      kind: .migrationPolicy,
      lines: [
        ("kind", "MigrationPolicy"), ("name", "complete"), ("description", "every key"),
        ("maxMigrations", "2"), ("autoConverge", "true"), ("compression", "false"),
        ("guestEvents", "true"), ("zeroCopy", "false"), ("minCompatibilityVersion", "4.7"),
        ("initialDowntimeMs", "100"),
        ("stalling", "[{ limit: 1, downtimeMs: 150 }, { limit: 2, action: postcopy }]"),
        ("finally", "[{ downtimeMs: 5000 }, abort]"),
      ]),
    DocumentLines(
      kind: .resiliencePolicy,
      lines: [
        ("kind", "ResiliencePolicy"), ("name", "complete"), ("description", "every key"),
        ("migrates", "highly_available"),
      ]),
  ]

  /// The native form of each unit kind that has native units.
  static let native: [DocumentLines] = [PolicyKind.filter, .weight, .balancer].compactMap {
    kind in
    guard let unit = NativeUnitRegistry.all.first(where: { $0.kind == kind }) else { return nil }
    let mandatory: [(key: String, value: String)] = kind == .filter ? [("mandatory", "true")] : []
    return DocumentLines(
      kind: kind,
      lines: [("kind", kind.rawValue), ("name", "Native"), ("description", "native")] + mandatory
        + [("native", unit.name)])
  }

  /// Reads one document and returns its diagnostics' codes.
  static func codes(_ document: DocumentLines) -> [String] {
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let file = sources.add(path: "test.yaml", text: document.description)
    _ = PolicyDocumentReader().read(file, isBuiltin: false, diagnostics: &bag)
    return bag.diagnostics.map(\.code.rawValue)
  }

  static func definition(_ kind: PolicyKind) -> JSONValue? {
    PolicySchema.json()["$defs"]?[kind.rawValue]
  }

  static func definition(named name: String) -> JSONValue? {
    PolicySchema.json()["$defs"]?[name]
  }

  // MARK: Freshness and shape

  @Test("the header names the dialect, an $id, and dispatches on every kind")
  func header() throws {
    let schema = PolicySchema.json()
    #expect(schema["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
    #expect(schema["$id"] == .string(PolicySchema.id))
    #expect(schema["required"] == .array([.string("kind")]))
    let kinds = PolicyKind.allCases.map(\.rawValue)
    #expect(schema["properties"]?["kind"]?["enum"]?.strings == kinds)
    let dispatch = try #require(schema["allOf"]?.items)
    #expect(dispatch.count == kinds.count)
    for (branch, kind) in zip(dispatch, kinds) {
      #expect(branch["if"]?["properties"]?["kind"]?["const"] == .string(kind))
      #expect(branch["then"]?["$ref"] == .string("#/$defs/\(kind)"))
      #expect(Self.definition(named: kind)?["properties"]?["kind"]?["const"] == .string(kind))
    }
  }

  @Test("every object is closed and every key has a description")
  func objectsAreClosedAndDescribed() {
    var objects = 0
    func walk(_ schema: JSONValue, _ path: String) {
      // The top level only dispatches on `kind`; each kind's definition is closed.
      if path != "", schema["type"] == .string("object"), let properties = schema["properties"] {
        objects += 1
        #expect(schema["additionalProperties"] == .bool(false), "\(path) is not closed")
        for (key, property) in properties.fields {
          let text = property["description"]?.string ?? ""
          #expect(!text.isEmpty, "\(path)/\(key)")
          walk(property, path + "/" + key)
        }
      }
      for keyword in ["items", "additionalProperties", "then", "else", "not"] {
        if let child = schema[keyword] { walk(child, path + "/" + keyword) }
      }
      for keyword in ["allOf", "anyOf", "oneOf"] {
        for (index, child) in (schema[keyword]?.items ?? []).enumerated() {
          walk(child, path + "/\(keyword)/\(index)")
        }
      }
      for (name, child) in schema["$defs"]?.fields ?? [] { walk(child, "#/$defs/" + name) }
    }
    walk(PolicySchema.json(), "")
    // Six kinds, PropertyDeclaration, two rules, WeightReference, StallingStep, the
    // downtime action and a filter's check.
    #expect(objects == PolicyKind.allCases.count + 7)
  }

  @Test("enums come from the reader's types and the native registry")
  func enums() throws {
    for kind in [PolicyKind.filter, .weight, .balancer] {
      let names = NativeUnitRegistry.all.filter { $0.kind == kind }.map(\.name)
      #expect(Self.definition(kind)?["properties"]?["native"]?["enum"]?.strings == names)
    }
    let scheduling = try #require(Self.definition(.schedulingPolicy))
    #expect(
      scheduling["properties"]?["selector"]?["enum"]?.strings
        == SelectorKind.allCases.map(\.rawValue))
    #expect(
      Self.definition(.resiliencePolicy)?["properties"]?["migrates"]?["enum"]?.strings
        == ResilienceScope.allCases.map(\.rawValue))
    #expect(
      Self.definition(named: "PropertyDeclaration")?["properties"]?["type"]?["enum"]?.strings
        == PropertyType.allCases.map(\.rawValue))
    let factor = Self.definition(named: "WeightReference")?["properties"]?["factor"]
    #expect(factor?["minimum"] == .int(DocumentReader.weightFactorRange.lowerBound))
    #expect(factor?["maximum"] == .int(DocumentReader.weightFactorRange.upperBound))
  }

  // MARK: Keys: the schema and the reader agree

  @Test("the schema lists exactly the keys the reader reads, in its order")
  func keyListsMatch() throws {
    for kind in PolicyKind.allCases {
      let listed = try #require(Self.definition(kind)?["properties"]?.fields.map(\.0))
      #expect(listed == DocumentReader.keys[kind], "\(kind)")
    }
    let nested: [(String, [String])] = [
      ("PropertyDeclaration", DocumentReader.propertyDeclarationKeys),
      ("BalancerRule", DocumentReader.orderedRuleKeys),
      ("DestinationRule", DocumentReader.unorderedRuleKeys),
      ("WeightReference", DocumentReader.weightReferenceKeys),
      ("StallingStep", DocumentReader.stallingStepKeys),
    ]
    for (name, keys) in nested {
      #expect(Self.definition(named: name)?["properties"]?.fields.map(\.0) == keys, "\(name)")
    }
  }

  @Test(
    "a document with every key the schema lists reads without diagnostics",
    arguments: complete + native)
  func everySchemaKeyIsRead(_ document: DocumentLines) throws {
    #expect(Self.codes(document) == [], "\(document)")
    let schemaKeys = try #require(Self.definition(document.kind)?["properties"]?.fields.map(\.0))
    if document.keys.contains("native") {
      let excluded = Set(DocumentReader.nativeExcludedKeys)
      #expect(Set(document.keys) == Set(schemaKeys).subtracting(excluded))
    } else {
      // The native form is covered by the `native` documents.
      let expected = schemaKeys.filter { $0 != "native" }
      #expect(document.keys == expected, "the complete \(document.kind) misses a key")
    }
  }

  @Test(
    "every key the schema does not list for a kind is P001 in the reader", arguments: complete)
  func everyOtherKeyIsUnknown(_ document: DocumentLines) throws {
    let schemaKeys = try #require(Self.definition(document.kind)?["properties"]?.fields.map(\.0))
    let universe = Set(DocumentReader.keys.values.flatMap { $0 })
      .union(DocumentReader.propertyDeclarationKeys).union(DocumentReader.orderedRuleKeys)
      .union(DocumentReader.weightReferenceKeys).union(DocumentReader.stallingStepKeys)
      .union(["whn", "Name", "natve", "weight"])
    for key in universe.subtracting(schemaKeys).sorted() {
      let codes = Self.codes(document.adding(key, "1"))
      #expect(codes.contains("P001"), "'\(key)' in a \(document.kind)")
    }
  }

  @Test("an unknown key inside each nested object is P001 in the reader")
  func nestedUnknownKeys() throws {
    let cases: [(PolicyKind, String, String)] = [
      (.filter, "properties", "{ Limit: { type: int, default: 1, bogus: 1 } }"),
      (.balancer, "source", "{ when: true, bogus: 1 }"),
      (.balancer, "destination", "{ when: true, order: 1 }"),
      (.schedulingPolicy, "weights", "[{ unit: HA, bogus: 1 }]"),
      (.migrationPolicy, "stalling", "[{ limit: 1, downtimeMs: 1, bogus: 1 }]"),
      (.migrationPolicy, "finally", "[{ downtimeMs: 1, bogus: 1 }]"),
    ]
    for (kind, key, value) in cases {
      let document = try #require(Self.complete.first { $0.kind == kind })
      #expect(Self.codes(document.replacing(key, with: value)) == ["P001"], "\(kind).\(key)")
    }
  }

  // MARK: Required keys

  @Test("removing a required key is an error, removing any other is not", arguments: complete)
  func requiredKeys(_ document: DocumentLines) throws {
    let definition = try #require(Self.definition(document.kind))
    var required = definition["required"]?.strings ?? []
    required += definition["else"]?["required"]?.strings ?? []
    #expect(required.starts(with: ["kind", "name"]))
    for key in document.keys {
      let codes = Self.codes(document.removing(key))
      if key == "kind" {
        #expect(codes == ["P002"])
      } else if required.contains(key) {
        #expect(codes == ["P003"], "removing '\(key)' from a \(document.kind)")
      } else {
        #expect(codes == [], "removing '\(key)' from a \(document.kind)")
      }
    }
  }

  @Test("an expression filter needs 'when', 'checks' or both (P003 without either)")
  func filterNeedsWhenOrChecks() throws {
    let document = try #require(Self.complete.first { $0.kind == .filter })
    #expect(Self.codes(document.removing("when")) == [])
    #expect(Self.codes(document.removing("checks")) == [])
    #expect(Self.codes(document.removing("when").removing("checks")) == ["P003"])
    let definition = try #require(Self.definition(.filter))
    let alternatives = try #require(definition["else"]?["anyOf"]?.items)
    #expect(alternatives.compactMap { $0["required"]?.strings } == [["when"], ["checks"]])
  }

  @Test("a native unit needs no expression keys and may have none (P008)", arguments: native)
  func nativeUnits(_ document: DocumentLines) throws {
    let definition = try #require(Self.definition(document.kind))
    #expect(definition["if"]?["required"]?.strings == ["native"])
    let excluded = try #require(definition["then"]?["not"]?["anyOf"]?.items)
      .compactMap { $0["required"]?.strings?.first }
    let keys = DocumentReader.keys[document.kind] ?? []
    #expect(excluded == keys.filter(DocumentReader.nativeExcludedKeys.contains))
    for key in excluded {
      #expect(Self.codes(document.adding(key, "'1'")).contains("P008"), "\(key)")
    }
  }

  @Test("nested required keys match the reader")
  func nestedRequiredKeys() throws {
    #expect(
      Self.definition(named: "PropertyDeclaration")?["required"]?.strings == ["type", "default"])
    #expect(Self.definition(named: "BalancerRule")?["required"]?.strings == ["when"])
    #expect(Self.definition(named: "WeightReference")?["required"]?.strings == ["unit"])
    let cases: [(PolicyKind, String, String, String)] = [
      (.filter, "properties", "{ Limit: { default: 1 } }", "P006"),
      (.filter, "properties", "{ Limit: { type: int } }", "P006"),
      (.balancer, "source", "{ order: 1 }", "P003"),
      (.schedulingPolicy, "weights", "[{ factor: 2 }]", "P003"),
      (.migrationPolicy, "stalling", "[{ limit: 1 }]", "P003"),
      (.migrationPolicy, "finally", "[{}]", "P003"),
    ]
    for (kind, key, value, code) in cases {
      let document = try #require(Self.complete.first { $0.kind == kind })
      #expect(Self.codes(document.replacing(key, with: value)) == [code], "\(kind).\(key)")
    }
  }

  @Test("a bool property cannot have bounds, in the schema and the reader")
  func boolBounds() throws {
    let declaration = try #require(Self.definition(named: "PropertyDeclaration"))
    let branches = try #require(declaration["allOf"]?.items)
    #expect(branches.count == PropertyType.allCases.count)
    let bool = try #require(
      branches.first { $0["if"]?["properties"]?["type"]?["const"] == .string("bool") })
    #expect(bool["then"]?["not"] != nil)
    let document = try #require(Self.complete.first { $0.kind == .filter })
    let bounded = document.replacing(
      "properties", with: "{ On: { type: bool, default: true, min: 0 } }")
    #expect(Self.codes(bounded) == ["P006"])
  }
}

extension JSONValue {
  fileprivate subscript(key: String) -> JSONValue? {
    guard case .object(let fields) = self else { return nil }
    return fields.last { $0.0 == key }?.1
  }

  fileprivate var fields: [(String, JSONValue)] {
    if case .object(let fields) = self { return fields }
    return []
  }

  fileprivate var items: [JSONValue]? {
    if case .array(let items) = self { return items }
    return nil
  }

  fileprivate var string: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  fileprivate var strings: [String]? { items?.compactMap(\.string) }
}
