public import Diagnostics

/// The snapshot's JSON Schema (draft 2020-12), generated from ``FieldRegistry``.
///
/// The schema describes what the loader accepts field by field, so editors can complete and
/// check snapshots as they are typed (yaml-language-server, VS Code's JSON support). It is
/// checked in at `Docs/schemas/snapshot.schema.json`; a test fails when that file is out of
/// date (regenerate with `SHEPHERD_RECORD=1 swift test --filter InventoryTests`, or
/// `shepherd schema snapshot --output Docs/schemas/snapshot.schema.json`).
///
/// The mapping from the registry, chosen so that the schema never rejects a snapshot the loader
/// accepts:
/// - every object has `additionalProperties: false` (unknown fields are I001) and lists its
///   required fields;
/// - an optional or defaulted field also accepts `null`, which the loader reads as absent;
/// - a `string` field accepts any scalar, since the loader takes scalars as written
///   (`compatibilityVersion: 4.7` reads as "4.7");
/// - a timestamp is a string with the RFC 3339 shape the loader parses (calendar checks such
///   as February 30 are the loader's);
/// - `apiVersion` and `kind` are constants.
///
/// Checks that relate several fields (references between hosts and VMs, duplicate names,
/// free ≤ total, `mbps` when the bandwidth mode is `custom`, …) are the loader's alone.
///
/// ```swift
/// let text = SnapshotSchema.json().serialized(pretty: true) + "\n"
/// ```
public enum SnapshotSchema {
  /// The schema's `$id`.
  public static let id = "urn:shepherd:schema:snapshot:v1"

  /// The JSON Schema dialect the schema is written in.
  public static let dialect = "https://json-schema.org/draft/2020-12/schema"

  /// The pattern of the timestamps ``Timestamp/parse(_:)`` reads (the shape, not the calendar).
  public static let timestampPattern =
    #"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"#

  /// Fields of the document whose value is fixed.
  private static let constants: [String: String] = [
    "apiVersion": ClusterSnapshot.apiVersion,
    "kind": ClusterSnapshot.kind,
  ]

  /// The schema as a JSON value; write it with `serialized(pretty: true)`.
  /// - Complexity: O(fields in the registry).
  public static func json() -> JSONValue {
    guard case .object(let body) = objectSchema(FieldRegistry.root, nullable: false) else {
      return .null
    }
    var fields: [(String, JSONValue)] = [
      ("$schema", .string(dialect)),
      ("$id", .string(id)),
      ("title", .string("Shepherd cluster snapshot (\(ClusterSnapshot.apiVersion))")),
      (
        "description",
        .string(
          "A cluster snapshot document: one cluster (or a data center of several, `clusters`) "
            + "at one instant. Generated from "
            + "Shepherd's FieldRegistry; the field reference is Docs/fields.md."
        )
      ),
    ]
    fields += body.filter { $0.0 != "description" }
    return .object(fields)
  }

  /// The schema of one field.
  static func schema(_ field: FieldDescriptor) -> JSONValue {
    let nullable = !field.presence.isRequired
    var fields: [(String, JSONValue)] = []
    switch field.type {
    case .object:
      return objectSchema(field, nullable: nullable, extra: annotations(field))
    case .objectList:
      fields.append(("type", types(["array"], nullable: nullable)))
      fields.append(("items", objectSchema(field, nullable: false, describe: false)))
      // A data center lists at least one cluster (I013).
      if field.path == "clusters" { fields.append(("minItems", .int(1))) }
    case .int:
      fields.append(("type", types(["integer"], nullable: nullable)))
      fields += bounds(field)
    case .float:
      fields.append(("type", types(["number"], nullable: nullable)))
      fields += bounds(field)
    case .bool:
      fields.append(("type", types(["boolean"], nullable: nullable)))
    case .string:
      if !field.path.contains("."), let value = constants[field.name] {
        fields.append(("const", .string(value)))
      } else {
        fields.append(("type", types(scalarTypes, nullable: nullable)))
      }
    case .enumeration(let values):
      fields.append(("type", types(["string"], nullable: nullable)))
      fields.append(("enum", .array(values.map(JSONValue.string) + (nullable ? [.null] : []))))
    case .timestamp:
      fields.append(("type", types(["string"], nullable: nullable)))
      fields.append(("format", .string("date-time")))
      fields.append(("pattern", .string(timestampPattern)))
    case .stringList:
      fields.append(("type", types(["array"], nullable: nullable)))
      fields.append(("items", .object([("type", types(scalarTypes, nullable: false))])))
    case .intList:
      fields.append(("type", types(["array"], nullable: nullable)))
      fields.append(("items", .object([("type", .string("integer"))] + bounds(field))))
    case .map:
      fields.append(("type", types(["object"], nullable: nullable)))
      fields.append(
        ("additionalProperties", .object([("type", types(scalarTypes, nullable: false))])))
    }
    return .object(fields + annotations(field))
  }

  /// The JSON types of a scalar the loader takes as written.
  private static let scalarTypes = ["string", "number", "boolean"]

  private static func types(_ names: [String], nullable: Bool) -> JSONValue {
    let all = nullable ? names + ["null"] : names
    return all.count == 1 ? .string(all[0]) : .array(all.map(JSONValue.string))
  }

  /// `type: object` with the descriptor's children as closed properties.
  private static func objectSchema(
    _ descriptor: FieldDescriptor, nullable: Bool, describe: Bool = true,
    extra: [(String, JSONValue)] = []
  ) -> JSONValue {
    let properties = descriptor.children.map { ($0.name, schema($0)) }
    let required = descriptor.children.filter(\.presence.isRequired).map {
      JSONValue.string($0.name)
    }
    var fields: [(String, JSONValue)] = [
      ("type", types(["object"], nullable: nullable)),
      ("properties", .object(properties)),
      ("additionalProperties", .bool(false)),
    ]
    if !required.isEmpty { fields.append(("required", .array(required))) }
    if let shapes = alternatives(descriptor) { fields.append(("oneOf", shapes)) }
    if describe, extra.isEmpty { fields.append(("description", .string(descriptor.doc))) }
    return .object(fields + extra)
  }

  /// `oneOf` for fields required unless a sibling is present: either all of them, or the
  /// sibling (never both: a one-cluster snapshot or a data center). Nil when there are none.
  private static func alternatives(_ descriptor: FieldDescriptor) -> JSONValue? {
    var others: [String] = []
    var fields: [String] = []
    for child in descriptor.children {
      guard case .requiredUnless(let other) = child.presence else { continue }
      fields.append(child.name)
      if !others.contains(other) { others.append(other) }
    }
    guard !fields.isEmpty else { return nil }
    let oneCluster = JSONValue.object([
      ("required", .array(fields.map(JSONValue.string))),
      ("not", .object([("required", .array(others.map(JSONValue.string)))])),
    ])
    // Beside `clusters`, no per-cluster field may be given at the top level.
    let forbidden = FieldRegistry.clusterFields.map(\.name)
    let dataCenter = JSONValue.object([
      ("required", .array(others.map(JSONValue.string))),
      (
        "not",
        .object([
          ("anyOf", .array(forbidden.map { .object([("required", .array([.string($0)]))]) }))
        ])
      ),
    ])
    return .array([oneCluster, dataCenter])
  }

  private static func bounds(_ field: FieldDescriptor) -> [(String, JSONValue)] {
    var fields: [(String, JSONValue)] = []
    if let minimum = field.minimum { fields.append(("minimum", number(minimum))) }
    if let maximum = field.maximum { fields.append(("maximum", number(maximum))) }
    return fields
  }

  private static func number(_ value: Double) -> JSONValue {
    Int(exactly: value).map(JSONValue.int) ?? .double(value)
  }

  /// `description` (doc, unit, derived default) and `default`.
  private static func annotations(_ field: FieldDescriptor) -> [(String, JSONValue)] {
    var description = field.doc
    if let unit = field.unit { description += " Unit: \(unit)." }
    var fields: [(String, JSONValue)] = []
    switch field.presence {
    case .required, .optional, .requiredUnless: break
    case .defaulted(let value):
      switch value {
      case .int(let number): fields.append(("default", .int(number)))
      case .float(let number): fields.append(("default", .double(number)))
      case .bool(let flag): fields.append(("default", .bool(flag)))
      case .string(let text): fields.append(("default", .string(text)))
      case .emptyList: fields.append(("default", .array([])))
      case .emptyMap, .emptyObject: fields.append(("default", .object([])))
      case .derived(let text): description += " Default: \(text)."
      }
    }
    return [("description", .string(description))] + fields
  }
}
