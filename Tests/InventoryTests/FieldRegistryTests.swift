import Diagnostics
import ShepherdTestSupport
import Testing
import YAMLDocument

@testable import Inventory

@Suite("Field registry")
struct FieldRegistryTests {
  @Test("paths are unique and follow the tree")
  func pathsAreUnique() {
    let paths = FieldRegistry.allFields.map(\.path)
    #expect(Set(paths).count == paths.count)
    #expect(paths.contains("hosts[].memory.physicalMiB"))
    #expect(paths.contains("vms[].numa.nodes[].hostNodes"))
    #expect(paths.contains("cluster.migration.bandwidth.mbps"))
    #expect(FieldRegistry.descriptor(atPath: "hosts[].cpu.usagePercent")?.unit == "percent")
    #expect(FieldRegistry.descriptor(atPath: "hosts[].cpu.usagePercent")?.maximum == 100)
    #expect(FieldRegistry.descriptor(atPath: "hosts[].nope") == nil)
  }

  @Test("objects that default to their fields' defaults have no required fields")
  func defaultedObjectsHaveNoRequiredChildren() {
    for field in FieldRegistry.allFields where field.presence == .defaulted(.emptyObject) {
      #expect(field.type == .object, "\(field.path)")
      for child in field.children {
        #expect(!child.presence.isRequired, "\(child.path) is required inside a defaulted object")
      }
    }
  }

  @Test("defaults match their field's type and bounds")
  func defaultsAreValid() {
    for field in FieldRegistry.allFields {
      guard case .defaulted(let value) = field.presence else { continue }
      switch (field.type, value) {
      case (.int, .int(let number)):
        #expect(Double(number) >= field.minimum ?? -.infinity, "\(field.path)")
        #expect(Double(number) <= field.maximum ?? .infinity, "\(field.path)")
      case (.int, .derived), (.float, .float), (.bool, .bool), (.string, .string),
        (.stringList, .emptyList), (.intList, .emptyList), (.objectList, .emptyList),
        (.map, .emptyMap), (.object, .emptyObject):
        break
      case (.enumeration(let values), .string(let text)):
        #expect(values.contains(text), "\(field.path) defaults to '\(text)'")
      default:
        Issue.record("\(field.path): default \(value) does not fit \(field.type.displayName)")
      }
    }
  }

  @Test("the loader asks for every registry field, and every-field.yaml sets each of them")
  func loaderReadsEveryField() throws {
    let path = "Fixtures/clusters/every-field.yaml"
    let bytes = try #require(Golden.readBytes(Golden.path(path)))
    var sources = SourceMap()
    let file = sources.add(path: path, bytes: bytes)
    var context = LoadContext(diagnostics: DiagnosticBag(), requestedPaths: [])
    let snapshot = SnapshotLoader().load(file, &context)
    #expect(snapshot != nil)
    #expect(DiagnosticRenderer(sources: sources).render(context.diagnostics) == "")
    let requested = context.requestedPaths ?? []
    // `clusters` is the data-center form (Fixtures/clusters/datacenter.yaml), never beside
    // the one-cluster fields every-field.yaml sets.
    for field in FieldRegistry.allFields where field.path != "clusters" {
      #expect(requested.contains(field.path), "the loader never reads '\(field.path)'")
    }
    // Every leaf is written in the fixture: walk the YAML and collect the paths present.
    var present: Set<String> = []
    var bag = DiagnosticBag()
    let document = try #require(YAMLParser().parseSingle(file, diagnostics: &bag))
    collectPaths(document.root, FieldRegistry.root, into: &present)
    for field in FieldRegistry.allFields where field.path != "clusters" {
      #expect(present.contains(field.path), "every-field.yaml does not set '\(field.path)'")
    }
  }
}

/// Inserts the registry path of every key written under `node`, read as `descriptor`.
private func collectPaths(
  _ node: Node, _ descriptor: FieldDescriptor, into present: inout Set<String>
) {
  let mappings: [Mapping]
  switch descriptor.type {
  case .object: mappings = node.mappingValue.map { [$0] } ?? []
  case .objectList: mappings = node.sequenceValue?.items.compactMap(\.mappingValue) ?? []
  default: return
  }
  for mapping in mappings {
    for entry in mapping.entries {
      guard let child = descriptor.child(named: entry.keyString) else { continue }
      present.insert(child.path)
      collectPaths(entry.value, child, into: &present)
    }
  }
}
