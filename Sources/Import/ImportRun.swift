import Diagnostics
import Inventory
import ProgressReporting

/// The state of one import: lookup tables filled in dependency order, the entities built so
/// far, the assumptions and the diagnostics.
struct ImportRun {
  let options: OvirtImportOptions
  var diagnostics: DiagnosticBag
  var assumptions = AssumptionLog()

  // Lookup collections, by engine id.
  var networkNames: [String: String] = [:]
  var vnicProfileNetworks: [String: String] = [:]
  var storageDomainNames: [String: String] = [:]
  var storageDomainDataCenters: [String: [String]] = [:]
  var storageDomainOrder: [String] = []
  var unitNames: [String: String] = [:]
  var policies: [String: EnginePolicy] = [:]
  var labelNames: [String: String] = [:]
  var affinityLabels: [AffinityLabel] = []
  var loaded: Set<OvirtDocument> = []
  /// Document kinds read so far, for progress.
  var kindsRead = 0

  // The imported cluster.
  var clusterID = ""
  var clusterDataCenterID: String?
  var clusterNode: XMLNode?
  var clusterFile: SourceFile?
  var engineTime: Timestamp?
  var engine: String?
  var clusterNames: [String] = []
  /// Set when `clusters.xml` lists several clusters and no name was given.
  var needsOneRunPerCluster = false

  // Hosts and VMs of the imported cluster, and every host id seen (any cluster).
  var hosts: [Host] = []
  var hostIndexByID: [String: Int] = [:]
  var hostOffsetByName: [String: Int] = [:]
  var vmOffsetByName: [String: Int] = [:]
  var groupOffsetByName: [String: Int] = [:]
  var hostMaxSchedulingMiB: [Int?] = []
  var hostClusterByID: [String: String] = [:]
  var spmHostName: String?
  var vms: [VirtualMachine] = []
  var vmIndexByID: [String: Int] = [:]
  var groups: [AffinityGroup] = []
  var exported: [ExportedPolicy] = []

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
    if diagnostics.hasErrors { return result(snapshot: nil) }

    read(files(.api), .api) { run, node, _ in run.readAPIField(node) }
    read(files(.networks), .networks) { run, node, _ in
      if let id = node.id, let name = node.text("name") { run.networkNames[id] = name }
    }
    read(files(.vnicProfiles), .vnicProfiles) { run, node, _ in
      if let id = node.id, let network = node.child("network")?.id {
        run.vnicProfileNetworks[id] = network
      }
    }
    read(files(.storageDomains), .storageDomains) { run, node, _ in
      guard let id = node.id, let name = node.text("name") else { return }
      run.storageDomainNames[id] = name
      run.storageDomainOrder.append(id)
      run.storageDomainDataCenters[id] = node.items("data_centers", "data_center").compactMap(\.id)
    }
    read(files(.schedulingPolicyUnits), .schedulingPolicyUnits) { run, node, _ in
      if let id = node.id, let name = node.text("name") { run.unitNames[id] = name }
    }
    read(files(.schedulingPolicies), .schedulingPolicies) { run, node, file in
      if let id = node.id { run.policies[id] = EnginePolicy(node: node, file: file) }
    }

    var clusters: [(XMLNode, SourceFile)] = []
    read(files(.clusters), .clusters) { run, node, file in
      clusters.append((node, file))
      run.clusterNames.append(node.text("name") ?? "")
    }
    // A required document that did not load stops the import: what follows would only
    // report its consequences.
    guard loaded.contains(.clusters), selectCluster(clusters) else {
      return result(snapshot: nil)
    }
    read(files(.hosts), .hosts) { run, node, file in run.readHost(node, file) }
    guard loaded.contains(.hosts) else { return result(snapshot: nil) }
    read(files(.vms), .vms) { run, node, file in run.readVM(node, file) }
    guard loaded.contains(.vms) else { return result(snapshot: nil) }
    read(files(.affinityLabels), .affinityLabels) { run, node, file in
      run.readAffinityLabel(node, file)
    }
    read(files(.affinityGroups), .affinityGroups) { run, node, file in
      run.readAffinityGroup(node, file)
    }
    let cluster = buildCluster()
    finishHosts(cluster)
    recordMissingDocuments()
    guard !diagnostics.hasErrors else { return result(snapshot: nil) }

    let takenAt: Timestamp
    if let given = options.takenAt {
      takenAt = given
    } else if let engineTime {
      takenAt = engineTime
    } else {
      takenAt = options.fallbackTime
      assumptions.assume(
        "takenAt", "the time of the import",
        "api.xml (GET /ovirt-engine/api) with the engine's <time> is missing; pass --taken-at")
    }
    if !vms.isEmpty {
      assumptions.assume(
        "pending", "[]",
        "the API does not expose the resources the engine has promised to scheduling decisions "
          + "in flight; VMs in WaitForLaunch still count as pending on their host")
    }
    var snapshot = ClusterSnapshot(
      takenAt: takenAt, cluster: cluster, hosts: hosts, vms: vms, affinityGroups: groups,
      affinityLabels: affinityLabels)
    snapshot.assumptions = assumptions.entries
    return result(snapshot: snapshot)
  }

  private func result(snapshot: ClusterSnapshot?) -> OvirtImportResult {
    var result = OvirtImportResult(
      dataCenter: snapshot.map(DataCenterSnapshot.init), diagnostics: diagnostics)
    result.needsOneRunPerCluster = needsOneRunPerCluster
    result.policies = snapshot == nil ? [] : exported
    result.assumptions = assumptions.entries
    result.engine = engine
    result.clusterNames = clusterNames
    return result
  }

  // MARK: - Reading documents

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
              diagnostics.report(
                .importDuplicateID, "duplicate id '\(id)' in \(kind.fileName)",
                at: span(file, item.offset),
                notes: [Diagnostic.Note("first used here", at: span(file, first))],
                help: "save the documents again; the engine never repeats an id")
              return
            }
            firstByID[id] = item.offset
          }
          body(&self, item, file)
        })
      diagnostics.merge(bag)
      guard let root else {
        if info.completed {
          diagnostics.report(
            .importMalformedXML, "the document is empty (no root element)",
            at: SourceSpan.point(file.id, 0),
            help: "save the response of GET \(kind.requestPath) again")
        }
        continue
      }
      if root.name == "fault" {
        let reason = faultItems.first { $0.name == "reason" }?.text ?? ""
        let detail = faultItems.first { $0.name == "detail" }?.text ?? ""
        diagnostics.report(
          .importWrongDocument,
          "the engine returned an error instead of <\(kind.rootElement)>: "
            + [reason, detail].filter { !$0.isEmpty }.joined(separator: ": "),
          at: span(file, root.offset), help: "fetch GET \(kind.requestPath) again")
        continue
      }
      guard root.name == kind.rootElement else {
        let found =
          root.name.lowercased() == "html"
          ? "an HTML page (a proxy or login page?)" : "<\(root.name)>"
        diagnostics.report(
          .importWrongDocument,
          "expected <\(kind.rootElement)> (the response of GET \(kind.requestPath)), found \(found)",
          at: span(file, root.offset),
          help: "each file holds the collection its name says; see Docs/import.md")
        continue
      }
      if info.completed { loaded.insert(kind) }
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

  /// Picks the cluster to import and reads its settings' references.
  private mutating func selectCluster(_ clusters: [(XMLNode, SourceFile)]) -> Bool {
    guard !clusters.isEmpty else {
      if !diagnostics.hasErrors {
        diagnostics.append(
          Diagnostic(
            code: DiagnosticDescriptor.importClusterSelection.code,
            message: "clusters.xml lists no cluster", span: nil))
      }
      return false
    }
    let names = clusters.map { $0.0.text("name") ?? "" }
    let chosen: (XMLNode, SourceFile)?
    if let wanted = options.clusterName {
      chosen = clusters.first { $0.0.text("name") == wanted }
      if chosen == nil {
        diagnostics.append(
          Diagnostic(
            code: DiagnosticDescriptor.importClusterSelection.code,
            message: "no cluster named '\(wanted)' in clusters.xml", span: nil,
            help: DidYouMean.help(for: wanted, among: names)
              ?? "the clusters are: \(names.joined(separator: ", "))"))
      }
    } else if clusters.count == 1 {
      chosen = clusters[0]
    } else {
      // Several clusters and none named: the importer runs once per cluster.
      needsOneRunPerCluster = true
      chosen = nil
    }
    guard let (node, file) = chosen else { return false }
    clusterNode = node
    clusterFile = file
    clusterID = node.id ?? ""
    clusterDataCenterID = node.child("data_center")?.id
    return true
  }

  // MARK: - Names and references

  /// Records `name` as taken in `offsets`; a name seen before is O004 (with a note at the first)
  /// and returns false.
  mutating func claim(
    _ name: String, _ kind: String, in offsets: WritableKeyPath<ImportRun, [String: Int]>,
    _ node: XMLNode, _ file: SourceFile
  ) -> Bool {
    if let first = self[keyPath: offsets][name] {
      diagnostics.report(
        .importDuplicateID, "two \(kind) are named '\(name)'", at: span(file, node.offset),
        notes: [Diagnostic.Note("the first is here", at: span(file, first))])
      return false
    }
    self[keyPath: offsets][name] = node.offset
    return true
  }

  /// The names of the hosts or VMs that `refs` point at by id; an id no document defines is a
  /// warning and is left out.
  mutating func names(
    of refs: [XMLNode], _ what: String, byID indexByID: [String: Int], _ name: (Int) -> String,
    of owner: String, _ file: SourceFile
  ) -> [String] {
    var names: [String] = []
    for ref in refs {
      guard let id = ref.id else { continue }
      if let index = indexByID[id] {
        names.append(name(index))
      } else {
        unresolved(what, id, of: owner, file, ref.offset)
      }
    }
    return names
  }

  // MARK: - Values

  func span(_ file: SourceFile, _ offset: Int) -> SourceSpan {
    SourceSpan.point(file.id, offset)
  }

  /// An integer element (bytes, counts); reports O006 when it is not a number.
  mutating func int(_ node: XMLNode, _ path: String, _ file: SourceFile, of owner: String)
    -> Int?
  {
    guard let element = node.node(path), !element.text.isEmpty else { return nil }
    if let value = Int(element.text) { return value }
    // Decimal renderings of integral values ("4294967296.0") are accepted.
    if let value = Double(element.text), value.rounded() == value, abs(value) < 9e18 {
      return Int(value)
    }
    invalid(element, "an integer", of: owner, file)
    return nil
  }

  /// A decimal element.
  mutating func double(_ node: XMLNode, _ path: String, _ file: SourceFile, of owner: String)
    -> Double?
  {
    guard let element = node.node(path), !element.text.isEmpty else { return nil }
    if let value = Double(element.text), value.isFinite { return value }
    invalid(element, "a number", of: owner, file)
    return nil
  }

  /// A boolean element (`true` / `false`).
  mutating func bool(_ node: XMLNode, _ path: String, _ file: SourceFile, of owner: String)
    -> Bool?
  {
    guard let element = node.node(path), !element.text.isEmpty else { return nil }
    switch element.text {
    case "true": return true
    case "false": return false
    default:
      invalid(element, "true or false", of: owner, file)
      return nil
    }
  }

  mutating func invalid(
    _ element: XMLNode, _ expected: String, of owner: String, _ file: SourceFile
  ) {
    diagnostics.report(
      .importInvalidValue,
      "expected \(expected) in <\(element.name)> of \(owner), found '\(element.text)'",
      at: span(file, element.offset))
  }

  /// An enumeration value; an unknown one is a warning and gives `fallback`.
  mutating func enumeration<Value>(
    _ node: XMLNode, _ path: String, _ file: SourceFile, of owner: String,
    _ table: [String: Value], fallback: Value
  ) -> Value? {
    guard let element = node.node(path), !element.text.isEmpty else { return nil }
    if let value = table[element.text] { return value }
    diagnostics.append(
      Diagnostic(
        code: DiagnosticDescriptor.importInvalidValue.code, severity: .warning,
        message: "unknown value '\(element.text)' in <\(element.name)> of \(owner); using "
          + "\(fallback)",
        span: span(file, element.offset),
        help: "known values: \(table.keys.sorted().joined(separator: ", "))"))
    return fallback
  }

  /// The value of a statistic (`<statistics><statistic><name>…`) by name.
  func statistic(_ node: XMLNode, _ name: String) -> Double? {
    for item in node.items("statistics", "statistic") where item.text("name") == name {
      return item.text("values.value.datum").flatMap(Double.init)
    }
    return nil
  }

  /// Bytes → MiB, rounded down, never negative.
  static func mebibytes(_ bytes: Double) -> Int {
    guard bytes.isFinite, bytes > 0 else { return 0 }
    return Int(min(bytes / 1_048_576, 9e15).rounded(.down))
  }

  /// `major.minor` of a `<version>` element.
  static func version(_ node: XMLNode?) -> String? {
    guard let node, let major = node.text("major"), let minor = node.text("minor") else {
      return nil
    }
    return "\(major).\(minor)"
  }
}

/// A scheduling policy of `schedulingpolicies.xml`, kept until the cluster is known.
struct EnginePolicy {
  var node: XMLNode
  var file: SourceFile
}

/// The assumptions of one import, one entry per field, in first-use order.
struct AssumptionLog {
  private(set) var entries: [SnapshotAssumption] = []
  private var indexByField: [String: Int] = [:]

  /// Records an assumption for a cluster-level field.
  mutating func assume(_ field: String, _ value: String, _ reason: String) {
    guard indexByField[field] == nil else { return }
    indexByField[field] = entries.count
    entries.append(SnapshotAssumption(field: field, value: value, reason: reason))
  }

  /// Records an assumption for one more host, VM or group.
  mutating func assumeFor(_ field: String, _ value: String, _ reason: String) {
    if let index = indexByField[field] {
      entries[index].count = (entries[index].count ?? 0) + 1
      return
    }
    indexByField[field] = entries.count
    entries.append(SnapshotAssumption(field: field, value: value, reason: reason, count: 1))
  }
}
