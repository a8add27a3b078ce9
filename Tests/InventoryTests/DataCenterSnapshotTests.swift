import Diagnostics
import Foundation
import ShepherdTestSupport
import Testing

@testable import Inventory

/// Several clusters in one snapshot (`clusters:`): each entry loads as its own cluster, with
/// its own indices, exactly as the same cluster written as a one-cluster snapshot.
@Suite("Data-center snapshots")
struct DataCenterSnapshotTests {
  static let east = """
      cluster: { name: east, compatibilityVersion: "4.7" }
      hosts:
        - { name: e1, status: Up, memory: { physicalMiB: 65536, freeMiB: 32768 } }
        - { name: e2, status: Up, memory: { physicalMiB: 65536, freeMiB: 32768 } }
      vms:
        - { name: web, host: e2, status: Up, memoryMiB: 4096, vcpus: 2 }
      affinityGroups:
        - { name: apart, vms: [web], vmRule: { polarity: negative } }
    """

  static let header = """
    apiVersion: shepherd/v1
    kind: ClusterSnapshot
    takenAt: 2026-11-28T10:00:00Z

    """

  /// `text` (one cluster's fields at two-space indent) as a list entry.
  static func entry(_ text: String) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return lines.enumerated().map { index, line in
      (index == 0 ? "  - " : "    ") + line.dropFirst(2)
    }.joined(separator: "\n")
  }

  @Test("each entry is a cluster with its own indices, as if loaded alone")
  func entriesLoadAsClusters() throws {
    let west = """
        cluster: { name: west, compatibilityVersion: "4.7" }
        hosts:
          - { name: w1, status: Up, memory: { physicalMiB: 65536, freeMiB: 32768 } }
        vms:
          - { name: db, host: w1, status: Up, memoryMiB: 8192, vcpus: 4 }
      """
    let text = Self.header + "clusters:\n" + Self.entry(Self.east) + "\n" + Self.entry(west)
    let loaded = loadSnapshot(text)
    #expect(loaded.rendered == "")
    let dataCenter = try #require(loaded.dataCenter)
    #expect(dataCenter.isDataCenter)
    #expect(dataCenter.clusterNames == ["east", "west"])
    let westCluster = try #require(dataCenter.cluster(named: "west"))
    // Indices are per cluster: west's only host is index 0 and runs db.
    #expect(westCluster.hostIndexByName["w1"] == 0)
    #expect(westCluster.runningVMIndicesByHost == [[0]])
    #expect(dataCenter.cluster(withVM: "web")?.cluster.name == "east")
    #expect(dataCenter.cluster(withHost: "w1")?.cluster.name == "west")
    // The same cluster written as a one-cluster snapshot loads to the same value, spans aside.
    let alone = try #require(loadSnapshot(Self.header + Self.unindented(Self.east)).snapshot)
    let inside = try #require(dataCenter.cluster(named: "east"))
    #expect(alone.hosts.map(\.name) == inside.hosts.map(\.name))
    #expect(alone.vms.map(\.hostIndex) == inside.vms.map(\.hostIndex))
    #expect(alone.affinityGroupIndicesByVM == inside.affinityGroupIndicesByVM)
  }

  static func unindented(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.dropFirst(2) }
      .joined(separator: "\n")
  }

  @Test("a one-cluster snapshot is a data center of one, in the one-cluster form")
  func oneClusterIsNotADataCenter() throws {
    let loaded = loadSnapshot(Self.header + Self.unindented(Self.east))
    let dataCenter = try #require(loaded.dataCenter)
    #expect(!dataCenter.isDataCenter)
    #expect(dataCenter.clusterNames == ["east"])
  }

  @Test("a reader of one cluster refuses a data center of two with I013")
  func oneClusterReaderRefusesTwo() {
    let west = Self.east.replacingOccurrences(of: "east", with: "west")
      .replacingOccurrences(of: "e1", with: "w1").replacingOccurrences(of: "e2", with: "w2")
      .replacingOccurrences(of: "web", with: "db")
    let text = Self.header + "clusters:\n" + Self.entry(Self.east) + "\n" + Self.entry(west)
    var sources = SourceMap()
    let result = SnapshotLoader().load(sources.add(path: "dc.yaml", text: text))
    #expect(result.snapshot == nil)
    #expect(result.diagnostics.diagnostics.map(\.code.rawValue) == ["I013"])
  }

  @Test("a data center of one cluster reads where one cluster is expected")
  func oneEntryReadsAsOneCluster() throws {
    var sources = SourceMap()
    let text = Self.header + "clusters:\n" + Self.entry(Self.east)
    let result = SnapshotLoader().load(sources.add(path: "dc.yaml", text: text))
    #expect(result.diagnostics.isEmpty)
    #expect(result.snapshot?.cluster.name == "east")
  }

  @Test("the registry documents `clusters` and the JSON Schema has both shapes")
  func registryAndSchema() throws {
    let clusters = try #require(FieldRegistry.descriptor(atPath: "clusters"))
    #expect(clusters.type == .objectList)
    #expect(clusters.children.map(\.name) == FieldRegistry.clusterFields.map(\.name))
    #expect(FieldRegistry.root.child(named: "hosts")?.presence == .requiredUnless("clusters"))
    #expect(clusters.child(named: "hosts")?.presence == .required)
    #expect(FieldRegistry.allFields.allSatisfy { !$0.path.hasPrefix("clusters[].") })
    let schema = SnapshotSchema.json().serialized(pretty: false)
    #expect(schema.contains("\"oneOf\""))
    #expect(FieldRegistry.markdown().contains("required unless `clusters` is given"))
  }
}
