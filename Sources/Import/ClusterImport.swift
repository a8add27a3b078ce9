import Diagnostics
import Inventory

/// The import of one cluster: its settings, the hosts, VMs and affinity groups ``ImportRun``
/// hands it (those of its cluster), the assumptions and the diagnostics (those of the shared
/// documents included, as if it were the only import).
struct ClusterImport {
  let catalog: OvirtPolicyCatalog
  var diagnostics: DiagnosticBag
  var assumptions = AssumptionLog()

  // The imported cluster (none when its name selected none).
  var clusterID = ""
  var clusterDataCenterID: String?
  var clusterNode: XMLNode?
  var clusterFile: SourceFile?

  // Its hosts, VMs, groups and implicit-group labels.
  var hosts: [Host] = []
  var hostIndexByID: [String: Int] = [:]
  var hostOffsetByName: [String: Int] = [:]
  var vmOffsetByName: [String: Int] = [:]
  var groupOffsetByName: [String: Int] = [:]
  var hostMaxSchedulingMiB: [Int?] = []
  var spmHostName: String?
  var vms: [VirtualMachine] = []
  var vmIndexByID: [String: Int] = [:]
  var groups: [AffinityGroup] = []
  var affinityLabels: [AffinityLabel] = []
  var exported: [ExportedPolicy] = []

  init(catalog: OvirtPolicyCatalog, diagnostics: DiagnosticBag) {
    self.catalog = catalog
    self.diagnostics = diagnostics
  }

  /// Imports the `<cluster>` `node`.
  mutating func select(_ node: XMLNode, _ file: SourceFile) {
    clusterNode = node
    clusterFile = file
    clusterID = node.id ?? ""
    clusterDataCenterID = node.child("data_center")?.id
  }

  /// Whether a host, VM or group belongs to the imported cluster: it names it, or none.
  func owns(_ node: XMLNode) -> Bool {
    (node.child("cluster")?.id ?? clusterID) == clusterID
  }

  /// The snapshot, once every document is read; `nil` when an error was reported. `takenAt`
  /// is the given or the engine's time, else `fallbackTime` is used (an assumption).
  mutating func snapshot(
    _ shared: ImportLookups, takenAt: Timestamp?, fallbackTime: Timestamp
  ) -> ClusterSnapshot? {
    let cluster = buildCluster(shared)
    finishHosts(cluster, shared)
    recordMissingDocuments(shared)
    guard !diagnostics.hasErrors else { return nil }
    if takenAt == nil {
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
      takenAt: takenAt ?? fallbackTime, cluster: cluster, hosts: hosts, vms: vms,
      affinityGroups: groups, affinityLabels: affinityLabels)
    snapshot.assumptions = assumptions.entries
    return snapshot
  }

  /// The outcome of this import alone.
  func result(snapshot: ClusterSnapshot?) -> OvirtImportResult {
    var result = OvirtImportResult(
      dataCenter: snapshot.map(DataCenterSnapshot.init), diagnostics: diagnostics)
    result.policies = snapshot == nil ? [] : exported
    result.assumptions = assumptions.entries
    return result
  }

  // MARK: - Names and references

  /// Records `name` as taken in `offsets`; a name seen before is O004 (with a note at the first)
  /// and returns false.
  mutating func claim(
    _ name: String, _ kind: String, in offsets: WritableKeyPath<ClusterImport, [String: Int]>,
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
