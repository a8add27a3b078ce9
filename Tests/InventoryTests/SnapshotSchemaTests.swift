import Diagnostics
import ShepherdTestSupport
import Testing

@testable import Inventory

@Suite("Snapshot JSON Schema")
struct SnapshotSchemaTests {
  @Test("the header names the dialect, an $id and a title")
  func header() {
    let schema = SnapshotSchema.json()
    #expect(schema["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
    #expect(schema["$id"] == .string(SnapshotSchema.id))
    #expect(schema["title"]?.stringValue?.contains("snapshot") == true)
    #expect(schema["properties"]?["apiVersion"]?["const"] == .string("shepherd/v1"))
    #expect(schema["properties"]?["kind"]?["const"] == .string("ClusterSnapshot"))
  }

  @Test("every registry field is in the schema, with its doc, type and presence")
  func everyField() throws {
    let schema = SnapshotSchema.json()
    for field in FieldRegistry.allFields {
      let node = try #require(Self.node(for: field.path, in: schema), "\(field.path)")
      #expect(node["description"]?.stringValue?.hasPrefix(field.doc) == true, "\(field.path)")
      let nullable = !field.presence.isRequired
      let types = node["type"].map(Self.typeNames) ?? []
      #expect(types.contains("null") == nullable || node["const"] != nil, "\(field.path)")
      if let unit = field.unit {
        #expect(node["description"]?.stringValue?.contains("Unit: \(unit).") == true)
      }
      if let minimum = field.minimum {
        let bound = field.type == .intList ? node["items"]?["minimum"] : node["minimum"]
        #expect(bound == .int(Int(minimum)), "\(field.path)")
      }
      if case .defaulted(.int(let value)) = field.presence {
        #expect(node["default"] == .int(value), "\(field.path)")
      }
    }
  }

  @Test("every object is closed and lists exactly its required fields")
  func objectsAreClosed() throws {
    let schema = SnapshotSchema.json()
    let objects = [FieldRegistry.root] + FieldRegistry.allFields.filter(\.type.hasChildren)
    for descriptor in objects {
      var node = try #require(Self.node(for: descriptor.path, in: schema), "\(descriptor.path)")
      if descriptor.type == .objectList { node = try #require(node["items"]) }
      #expect(node["additionalProperties"] == .bool(false), "\(descriptor.path)")
      let required = descriptor.children.filter(\.presence.isRequired).map(\.name)
      let listed = node["required"].map(Self.typeNames) ?? []
      #expect(listed == required, "\(descriptor.path)")
    }
  }

  @Test(
    "the timestamp pattern accepts what Timestamp.parse reads",
    arguments: [
      "2026-11-28T10:00:00Z", "2026-11-28t10:00:00z", "2026-11-28 10:00:00+01:00",
      "2026-11-28T10:00:00.123456789-05:30", "2026-02-30T10:00:00Z",
    ])
  func timestampPatternAccepts(_ text: String) throws {
    let pattern = try Regex(SnapshotSchema.timestampPattern)
    #expect(text.wholeMatch(of: pattern) != nil)
  }

  @Test(
    "the timestamp pattern rejects shapes Timestamp.parse rejects",
    arguments: [
      "2026-11-28 09:55:00", "2026-11-28", "10:00:00Z", "2026-11-28T10:00Z",
      "2026-11-28T10:00:00+0100", "2026-11-28T10:00:00.Z",
    ])
  func timestampPatternRejects(_ text: String) throws {
    let pattern = try Regex(SnapshotSchema.timestampPattern)
    #expect(text.wholeMatch(of: pattern) == nil)
    guard case .failure = Timestamp.parse(text) else {
      Issue.record("Timestamp.parse accepts '\(text)'")
      return
    }
  }

  /// The schema node of a registry path such as `hosts[].memory.physicalMiB`.
  static func node(for path: String, in schema: JSONValue) -> JSONValue? {
    var current: JSONValue? = schema
    var parentIsList = false
    for name in path.split(separator: ".") {
      if parentIsList { current = current?["items"] }
      let plain = name.hasSuffix("[]") ? String(name.dropLast(2)) : String(name)
      current = current?["properties"]?[plain]
      parentIsList = current?["items"]?["properties"] != nil
    }
    return current
  }

  static func typeNames(_ value: JSONValue) -> [String] {
    switch value {
    case .string(let name): [name]
    case .array(let items): items.compactMap(\.stringValue)
    default: []
    }
  }
}

extension JSONValue {
  fileprivate subscript(key: String) -> JSONValue? {
    guard case .object(let fields) = self else { return nil }
    return fields.last { $0.0 == key }?.1
  }

  fileprivate var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }
}
