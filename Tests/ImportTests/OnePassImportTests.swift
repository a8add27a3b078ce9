import Diagnostics
import Foundation
import Inventory
import ShepherdTestSupport
import Testing

@testable import Import

/// The one-pass import of every cluster equals the import of each cluster alone (one run per
/// cluster, as `--cluster NAME`, merged): snapshots, diagnostics with their order and
/// de-duplication, assumptions with their summed counts, exported policies.
@Suite("one-pass import of several clusters")
struct OnePassImportTests {
  static let example = "Fixtures/ovirt/example"

  @Test(
    "every fixture directory imports as the per-cluster runs import it",
    arguments: [example] + OvirtInvalidInputTests.cases)
  func fixtures(directory: String) {
    let texts = Self.texts(in: directory)
    for limit in [100, 3] {
      let (onePass, perCluster) = Self.bothWays(texts, limit: limit)
      #expect(onePass == perCluster, "\(directory), limit \(limit)")
    }
  }

  @Test(
    "a generated export of several clusters imports cleanly, as the per-cluster runs do",
    arguments: [2, 3, 7])
  func synthetic(clusters: Int) throws {
    let export = OvirtSyntheticExport(hostCount: 30, vmCount: 150, clusterCount: clusters)
    let texts = export.documents().map { ($0.fileName, $0.text) }
    let imported = importTexts(texts)
    let dataCenter = try #require(imported.result.dataCenter, "\(imported.rendered)")
    #expect(imported.rendered == "")
    #expect(dataCenter.clusters.count == clusters)
    #expect(dataCenter.clusters.reduce(0) { $0 + $1.hosts.count } == 30)
    #expect(dataCenter.clusters.reduce(0) { $0 + $1.vms.count } == 150)
    let (onePass, perCluster) = Self.bothWays(texts, limit: 100)
    #expect(onePass == perCluster)
  }

  @Test("hosts, VMs and groups that name no cluster are imported into every cluster")
  func entitiesOfNoCluster() throws {
    let export = OvirtSyntheticExport(hostCount: 12, vmCount: 100, clusterCount: 3)
    // Groups and hosts without their <cluster> reference.
    let texts = export.documents().map { name, text in
      let groups = text.replacingOccurrences(of: "<cluster id=", with: "<x-cluster id=")
      return (
        name,
        name == "hosts.xml"
          ? groups.replacingOccurrences(of: "<cluster href=", with: "<x-cluster href=") : groups
      )
    }
    let imported = importTexts(texts)
    let dataCenter = try #require(imported.result.dataCenter, "\(imported.rendered)")
    #expect(dataCenter.clusters.allSatisfy { $0.affinityGroups.count == 2 })
    #expect(dataCenter.clusters.allSatisfy { $0.hosts.count == 12 })
    let (onePass, perCluster) = Self.bothWays(texts, limit: 100)
    #expect(onePass == perCluster)
  }

  /// Damaged and edited exports (entities of no, another or an unknown cluster, clusters
  /// sharing a name or without one, duplicate ids and names, bad values, cut-off and missing
  /// documents) give the same result both ways, under a low diagnostic limit too.
  @Test("edited exports: the one-pass import equals the per-cluster runs (property)")
  func edited() {
    let bases: [[(String, String)]] = [
      Self.texts(in: Self.example),
      OvirtSyntheticExport(hostCount: 12, vmCount: 90, clusterCount: 3).documents().map {
        ($0.fileName, $0.text)
      },
    ]
    for (offset, seed) in PropertySeeds.seeds(count: 16, salt: 0x1A_9057).enumerated() {
      var random = SplitMix64(seed: seed)
      var texts = bases[offset % bases.count]
      var edits: [String] = []
      for _ in 0..<Int.random(in: 1...3, using: &random) {
        edits.append(Self.edit(&texts, &random))
      }
      // A low limit drops diagnostics, differently per cluster's import.
      let limit = offset % 4 < 2 ? 100 : 4
      let (onePass, perCluster) = Self.bothWays(texts, limit: limit)
      #expect(
        onePass == perCluster,
        "SHEPHERD_SEED=\(PropertySeeds.base), seed \(seed), limit \(limit): \(edits)")
    }
  }

  // MARK: - Helpers

  /// The documents of a fixture directory, by file name.
  static func texts(in directory: String) -> [(String, String)] {
    Golden.files(in: directory, withExtensions: ["xml"]).compactMap { path in
      Golden.readText(Golden.path(path)).map {
        (String(path.split(separator: "/").last ?? ""), $0)
      }
    }
  }

  /// The import in one pass and as one run per cluster, each as text: everything the result
  /// holds, diagnostics in the order reported.
  static func bothWays(_ texts: [(String, String)], limit: Int) -> (String, String) {
    var sources = SourceMap()
    var documents: [OvirtSourceDocument] = []
    for (name, text) in texts {
      guard let document = OvirtDocument.forFileName(name) else { continue }
      documents.append(OvirtSourceDocument(document, sources.add(path: name, text: text)))
    }
    let importer = OvirtImporter(
      options: OvirtImportOptions(
        fallbackTime: Timestamp(epochSeconds: 1_795_860_000), catalog: testCatalog))
    let renderer = DiagnosticRenderer(sources: sources)
    func text(_ result: OvirtImportResult) -> String {
      let diagnostics = result.diagnostics
      return """
        every cluster: \(result.importedEveryCluster), engine: \(result.engine ?? "-")
        clusters: \(result.clusterNames)
        \(diagnostics.diagnostics.count) diagnostics, \(diagnostics.droppedCount) dropped, \
        errors: \(diagnostics.hasErrors)
        \(diagnostics.diagnostics.map { renderer.render($0) + "\($0)\n" }.joined())
        assumptions: \(result.assumptions)
        policies: \(result.policies.map { "\($0.fileName)\n\($0.yaml)" })
        \(result.dataCenter.map { SnapshotWriter.yaml($0) } ?? "no snapshot")
        """
    }
    return (
      text(importer.run(documents, limit: limit)),
      text(importer.runPerCluster(documents, limit: limit))
    )
  }

  /// Applies one random edit to the documents; returns what it did.
  static func edit(_ texts: inout [(String, String)], _ random: inout SplitMix64) -> String {
    let document = Int.random(in: 0..<texts.count, using: &random)
    let name = texts[document].0
    var lines = texts[document].1.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    func pick(_ matching: (String) -> Bool) -> Int? {
      let candidates = lines.indices.filter { matching(lines[$0]) }
      return candidates.randomElement(using: &random)
    }
    func isReference(_ line: String) -> Bool {
      name != "clusters.xml" && line.contains("<cluster ")
    }
    func isEntity(_ line: String) -> Bool {
      line.hasPrefix("  <") && !line.hasPrefix("  </") && line.contains(" id=\"")
    }
    func id(in line: String) -> String? {
      guard let start = line.range(of: " id=\"") else { return nil }
      return String(line[start.upperBound...].prefix { $0 != "\"" })
    }
    let kind = Int.random(in: 0..<9, using: &random)
    var done = "nothing"
    switch kind {
    case 0:  // An entity that names no cluster.
      if let index = pick(isReference) {
        lines[index] = lines[index].replacingOccurrences(of: "<cluster ", with: "<x-cluster ")
        done = "no cluster in \(name):\(index + 1)"
      }
    case 1:  // An entity of another or an unknown cluster.
      let clusters = texts.first { $0.0 == "clusters.xml" }.map {
        $0.1.split(separator: "\n").map(String.init).filter(isEntity).compactMap(id)
      }
      if let index = pick(isReference), let old = id(in: lines[index]) {
        let new = ((clusters ?? []) + ["unknown-cluster"]).randomElement(using: &random) ?? ""
        lines[index] = lines[index].replacingOccurrences(of: old, with: new)
        done = "cluster \(new) in \(name):\(index + 1)"
      }
    case 2:  // Two entities with the same id.
      if let first = pick(isEntity), let second = pick(isEntity),
        let old = id(in: lines[second]), let new = id(in: lines[first])
      {
        lines[second] = lines[second].replacingOccurrences(of: old, with: new)
        done = "id \(new) twice in \(name)"
      }
    case 3:  // A name taken twice (or by another kind of element).
      if let first = pick({ $0.contains("<name>") }), let second = pick({ $0.contains("<name>") }) {
        lines[second] = lines[first]
        done = "name of \(name):\(first + 1) at \(second + 1)"
      }
    case 4:  // No name.
      if let index = pick({ $0.contains("<name>") }) {
        lines[index] = ""
        done = "no name at \(name):\(index + 1)"
      }
    case 5:  // A value that is not a number.
      if let index = pick({ $0.contains("</memory>") || $0.contains("</cores>") }) {
        lines[index] = lines[index].replacingOccurrences(of: "</", with: "x</")
        done = "bad number at \(name):\(index + 1)"
      }
    case 6:  // A cut-off document.
      let cut = Int.random(in: 0..<max(1, lines.count), using: &random)
      lines = Array(lines.prefix(cut))
      done = "\(name) cut at line \(cut + 1)"
    case 7:  // A missing document.
      texts.remove(at: document)
      return "no \(name)"
    default:  // A duplicate entity (all its lines again, before the closing root).
      if let start = pick(isEntity),
        let end = lines[start...].firstIndex(where: {
          $0.hasPrefix("  </") || $0.hasSuffix("/>") || ($0.hasPrefix("  <") && $0.contains("</"))
        })
      {
        lines.insert(contentsOf: lines[start...end], at: end + 1)
        done = "\(name):\(start + 1) repeated"
      }
    }
    texts[document].1 = lines.joined(separator: "\n")
    return done
  }
}
