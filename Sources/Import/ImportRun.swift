import Diagnostics
import Inventory
import ProgressReporting

/// One pass over the documents: every document is streamed and parsed once, the lookup
/// collections are filled once and shared, and each host, VM and affinity group is handed to
/// the import of its cluster (``ClusterImport``), found by the cluster id it names.
///
/// One cluster is imported when a name was given or the engine has only one; else every
/// cluster of `clusters.xml`, each as if it had been named, and the results are merged into a
/// data center (``OvirtImportResult/merging(_:clusterNames:limit:)``).
struct ImportRun {
  let options: OvirtImportOptions
  /// What is reported before the clusters are known; each cluster's import continues from a
  /// copy of it.
  var diagnostics: DiagnosticBag
  var lookups = ImportLookups()
  /// Document kinds read so far, for progress.
  var kindsRead = 0
  var engineTime: Timestamp?
  var engine: String?
  var clusterNames: [String] = []

  /// One import per cluster name (a single one when a name was given or there is one cluster).
  var clusters: [ClusterImport] = []
  /// Whether every cluster is imported, into one data center.
  var importsEveryCluster = false
  /// The indices in `clusters` of the imports whose cluster was found, in order.
  var selected: [Int] = []
  /// The indices of the selected imports by the engine id of their cluster.
  var selectedByClusterID: [String: [Int]] = [:]
  /// Whether entities go only to the imports of the cluster they name; when false, every
  /// selected import is offered every entity and keeps those of its cluster (as each run of
  /// the per-cluster reference did).
  var routesByCluster = true

  init(options: OvirtImportOptions, diagnostics: DiagnosticBag) {
    self.options = options
    self.diagnostics = diagnostics
  }

  mutating func run(_ documents: [OvirtSourceDocument]) -> OvirtImportResult {
    func files(_ kind: OvirtDocument) -> [SourceFile] {
      documents.filter { $0.document == kind }.map(\.file)
    }
    for kind in OvirtDocument.allCases where kind.isRequired && files(kind).isEmpty {
      diagnostics.append(
        Diagnostic(
          code: DiagnosticDescriptor.importMissingDocument.code,
          message: "\(kind.fileName) is missing: save the response of GET \(kind.requestPath)",
          span: nil, help: "Docs/import.md lists every document and the curl command for it"))
    }
    if diagnostics.hasErrors { return result() }

    read(files(.api), .api) { run, node, _ in run.readAPIField(node) }
    read(files(.networks), .networks) { run, node, _ in
      if let id = node.id, let name = node.text("name") { run.lookups.networkNames[id] = name }
    }
    read(files(.vnicProfiles), .vnicProfiles) { run, node, _ in
      if let id = node.id, let network = node.child("network")?.id {
        run.lookups.vnicProfileNetworks[id] = network
      }
    }
    read(files(.storageDomains), .storageDomains) { run, node, _ in
      guard let id = node.id, let name = node.text("name") else { return }
      run.lookups.storageDomainNames[id] = name
      run.lookups.storageDomainOrder.append(id)
      run.lookups.storageDomainDataCenters[id] =
        node.items("data_centers", "data_center").compactMap(\.id)
    }
    read(files(.schedulingPolicyUnits), .schedulingPolicyUnits) { run, node, _ in
      if let id = node.id, let name = node.text("name") { run.lookups.unitNames[id] = name }
    }
    read(files(.schedulingPolicies), .schedulingPolicies) { run, node, file in
      if let id = node.id { run.lookups.policies[id] = EnginePolicy(node: node, file: file) }
    }

    var clusterNodes: [(XMLNode, SourceFile)] = []
    read(files(.clusters), .clusters) { run, node, file in
      clusterNodes.append((node, file))
      run.clusterNames.append(node.text("name") ?? "")
    }
    // A required document that did not load stops the import: what follows would only
    // report its consequences.
    guard lookups.loaded.contains(.clusters), selectClusters(clusterNodes) else {
      return result()
    }
    read(files(.hosts), .hosts) { run, node, file in
      guard let id = node.id else { return }
      let clusterID = node.child("cluster")?.id
      run.lookups.hostClusterByID[id] = .some(clusterID)
      for index in run.imports(of: clusterID) {
        run.clusters[index].readHost(node, file, run.lookups)
      }
    }
    guard lookups.loaded.contains(.hosts) else { return result() }
    read(files(.vms), .vms) { run, node, file in
      guard node.id != nil else { return }
      for index in run.imports(of: node.child("cluster")?.id) {
        run.clusters[index].readVM(node, file, run.lookups)
      }
    }
    guard lookups.loaded.contains(.vms) else { return result() }
    read(files(.affinityLabels), .affinityLabels) { run, node, _ in
      guard let id = node.id, let name = node.text("name") else { return }
      run.lookups.labelNames[id] = name
      for index in run.selected { run.clusters[index].readAffinityLabel(node, named: name) }
    }
    read(files(.affinityGroups), .affinityGroups) { run, node, file in
      for index in run.imports(of: node.child("cluster")?.id) {
        run.clusters[index].readAffinityGroup(node, file, run.lookups)
      }
    }
    var snapshots: [Int: ClusterSnapshot] = [:]
    for index in selected {
      snapshots[index] = clusters[index].snapshot(
        lookups, takenAt: options.takenAt ?? engineTime, fallbackTime: options.fallbackTime)
    }
    return result(snapshots)
  }

  /// The selected imports an entity belongs to: those of the cluster it names, or every one
  /// when it names none (or every one anyway when not routing; each keeps what it owns).
  func imports(of clusterID: String?) -> [Int] {
    guard routesByCluster, let clusterID else { return selected }
    return selectedByClusterID[clusterID] ?? []
  }

  /// The outcome: before the clusters are known, what was reported so far; else each cluster
  /// import's, merged into a data center when every cluster is imported.
  private func result(_ snapshots: [Int: ClusterSnapshot] = [:]) -> OvirtImportResult {
    guard !clusters.isEmpty else {
      var result = OvirtImportResult(dataCenter: nil, diagnostics: diagnostics)
      result.engine = engine
      result.clusterNames = clusterNames
      return result
    }
    let results = clusters.indices.map { index in
      var result = clusters[index].result(snapshot: snapshots[index])
      result.engine = engine
      result.clusterNames = clusterNames
      return result
    }
    guard importsEveryCluster else { return results[0] }
    var merged = OvirtImportResult.merging(
      results, clusterNames: clusterNames, limit: diagnostics.limit)
    merged.importedEveryCluster = true
    return merged
  }

  // MARK: - Reading documents

  /// Reports a diagnostic of a shared document: to every selected cluster's import once the
  /// clusters are known.
  private mutating func report(_ diagnostic: Diagnostic) {
    guard !clusters.isEmpty else { return diagnostics.append(diagnostic) }
    for index in selected { clusters[index].diagnostics.append(diagnostic) }
  }

  /// Streams each file of a collection, checking its root element and entry ids, and calls
  /// `body` for every entry.
  mutating func read(
    _ files: [SourceFile], _ kind: OvirtDocument,
    _ body: (inout ImportRun, XMLNode, SourceFile) -> Void
  ) {
    if let progress = options.progress {
      kindsRead += 1
      progress(
        ProgressUpdate(
          stage: "converting", done: kindsRead, total: OvirtDocument.allCases.count,
          detail: kind.fileName))
    }
    for file in files {
      var root: (name: String, offset: Int)?
      var faultItems: [XMLNode] = []
      var firstByID: [String: Int] = [:]
      var bag = DiagnosticBag(limit: diagnostics.limit)
      let info = XMLStreamReader.read(
        file, diagnostics: &bag,
        onRoot: { name, offset in
          root = (name, offset)
          return name == kind.rootElement || name == "fault"
        },
        onItem: { item in
          if root?.name == "fault" {
            faultItems.append(item)
            return
          }
          if let element = kind.itemElement, item.name != element { return }
          if let id = item.id {
            if let first = firstByID[id] {
              report(
                Diagnostic(
                  .importDuplicateID, "duplicate id '\(id)' in \(kind.fileName)",
                  at: .point(file.id, item.offset),
                  notes: [Diagnostic.Note("first used here", at: .point(file.id, first))],
                  help: "save the documents again; the engine never repeats an id"))
              return
            }
            firstByID[id] = item.offset
          }
          body(&self, item, file)
        })
      if clusters.isEmpty {
        diagnostics.merge(bag)
      } else {
        for index in selected { clusters[index].diagnostics.merge(bag) }
      }
      guard let root else {
        if info.completed {
          report(
            Diagnostic(
              .importMalformedXML, "the document is empty (no root element)",
              at: .point(file.id, 0), help: "save the response of GET \(kind.requestPath) again"))
        }
        continue
      }
      if root.name == "fault" {
        let reason = faultItems.first { $0.name == "reason" }?.text ?? ""
        let detail = faultItems.first { $0.name == "detail" }?.text ?? ""
        report(
          Diagnostic(
            .importWrongDocument,
            "the engine returned an error instead of <\(kind.rootElement)>: "
              + [reason, detail].filter { !$0.isEmpty }.joined(separator: ": "),
            at: .point(file.id, root.offset), help: "fetch GET \(kind.requestPath) again"))
        continue
      }
      guard root.name == kind.rootElement else {
        let found =
          root.name.lowercased() == "html"
          ? "an HTML page (a proxy or login page?)" : "<\(root.name)>"
        report(
          Diagnostic(
            .importWrongDocument,
            "expected <\(kind.rootElement)> (the response of GET \(kind.requestPath)), "
              + "found \(found)",
            at: .point(file.id, root.offset),
            help: "each file holds the collection its name says; see Docs/import.md"))
        continue
      }
      if info.completed { lookups.loaded.insert(kind) }
    }
  }

  mutating func readAPIField(_ node: XMLNode) {
    switch node.name {
    case "time":
      if case .success(let time) = Timestamp.parse(node.text) { engineTime = time }
    case "product_info":
      let name = node.text("name") ?? "oVirt Engine"
      engine = node.text("version.full_version").map { "\(name) \($0)" } ?? name
    default: break
    }
  }

  /// Picks the clusters to import: the named one, the only one, or (none named, several) every
  /// one, each found by its name as if it had been named.
  private mutating func selectClusters(_ nodes: [(XMLNode, SourceFile)]) -> Bool {
    guard !nodes.isEmpty else {
      if !diagnostics.hasErrors {
        diagnostics.append(
          Diagnostic(
            code: DiagnosticDescriptor.importClusterSelection.code,
            message: "clusters.xml lists no cluster", span: nil))
      }
      return false
    }
    let wanted: [String?]
    if let name = options.clusterName {
      wanted = [name]
    } else if nodes.count == 1 {
      wanted = [nil]
    } else {
      importsEveryCluster = true
      wanted = clusterNames
    }
    let names = nodes.map { $0.0.text("name") ?? "" }
    for name in wanted {
      var cluster = ClusterImport(catalog: options.catalog, diagnostics: diagnostics)
      let chosen = name.map { name in nodes.first { $0.0.text("name") == name } } ?? nodes.first
      if let (node, file) = chosen {
        cluster.select(node, file)
        selectedByClusterID[cluster.clusterID, default: []].append(clusters.count)
        selected.append(clusters.count)
      } else if let name {
        cluster.diagnostics.append(
          Diagnostic(
            code: DiagnosticDescriptor.importClusterSelection.code,
            message: "no cluster named '\(name)' in clusters.xml", span: nil,
            help: DidYouMean.help(for: name, among: names)
              ?? "the clusters are: \(names.joined(separator: ", "))"))
      }
      clusters.append(cluster)
    }
    // A named cluster that is not there stops the import.
    if !importsEveryCluster, selected.isEmpty {
      diagnostics = clusters[0].diagnostics
      clusters = []
      return false
    }
    return true
  }
}

/// What the imports of every cluster look up by engine id: filled once, from the shared
/// documents.
struct ImportLookups {
  var networkNames: [String: String] = [:]
  var vnicProfileNetworks: [String: String] = [:]
  var storageDomainNames: [String: String] = [:]
  var storageDomainDataCenters: [String: [String]] = [:]
  var storageDomainOrder: [String] = []
  var unitNames: [String: String] = [:]
  var policies: [String: EnginePolicy] = [:]
  var labelNames: [String: String] = [:]
  /// The cluster id every host names (any cluster; `nil` when it names none).
  var hostClusterByID: [String: String?] = [:]
  /// The document kinds that loaded completely.
  var loaded: Set<OvirtDocument> = []
}

/// A scheduling policy of `schedulingpolicies.xml`, kept until the cluster is known.
struct EnginePolicy {
  var node: XMLNode
  var file: SourceFile
}
