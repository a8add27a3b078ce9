public import Diagnostics
public import Inventory
public import ProgressReporting

/// A saved engine response and the collection it holds.
public struct OvirtSourceDocument: Sendable {
  /// Which collection.
  public var document: OvirtDocument
  /// The file, already read into the caller's `SourceMap`.
  public var file: SourceFile

  /// Creates a source document.
  public init(_ document: OvirtDocument, _ file: SourceFile) {
    self.document = document
    self.file = file
  }
}

/// The scheduling units and policies Shepherd has, so custom engine policies can be checked
/// unit by unit (the CLI fills it from the policy library).
public struct OvirtPolicyCatalog: Sendable {
  /// Filter unit names.
  public var filters: Set<String>
  /// Filters every policy runs anyway (not listed in exported policies).
  public var mandatoryFilters: Set<String>
  /// Weight unit names.
  public var weights: Set<String>
  /// Balancer names.
  public var balancers: Set<String>
  /// Scheduling policy names that exist without an export.
  public var schedulingPolicies: Set<String>

  /// Creates a catalog.
  public init(
    filters: Set<String>, mandatoryFilters: Set<String>, weights: Set<String>,
    balancers: Set<String>, schedulingPolicies: Set<String>
  ) {
    self.filters = filters
    self.mandatoryFilters = mandatoryFilters
    self.weights = weights
    self.balancers = balancers
    self.schedulingPolicies = schedulingPolicies
  }
}

/// Options of one import.
public struct OvirtImportOptions: Sendable {
  /// The cluster to import; may be `nil` when the engine has exactly one.
  public var clusterName: String?
  /// The snapshot instant; when `nil`, the engine time from `api.xml`, else `fallbackTime`.
  public var takenAt: Timestamp?
  /// The instant used when neither `takenAt` nor `api.xml` gives one (recorded as assumed).
  public var fallbackTime: Timestamp
  /// Shepherd's units and policies.
  public var catalog: OvirtPolicyCatalog
  /// Receives the conversion's progress (one update per document kind read); nil, the
  /// default, reports nothing.
  public var progress: ProgressHandler?

  /// Creates options.
  public init(
    clusterName: String? = nil, takenAt: Timestamp? = nil, fallbackTime: Timestamp,
    catalog: OvirtPolicyCatalog
  ) {
    self.clusterName = clusterName
    self.takenAt = takenAt
    self.fallbackTime = fallbackTime
    self.catalog = catalog
  }
}

/// A custom engine scheduling policy, written as a Shepherd policy document.
public struct ExportedPolicy: Hashable, Sendable {
  /// The policy name (as in the snapshot's `cluster.scheduling.policy`).
  public var name: String
  /// A file name for it: the name with anything but letters, digits, `-` and `_` replaced.
  public var fileName: String
  /// The policy YAML.
  public var yaml: String
}

/// The outcome of an import.
public struct OvirtImportResult: Sendable {
  /// The imported cluster, or every cluster of `clusters.xml` (a data center) when none was
  /// named and there are several; `nil` when any error was reported.
  public var dataCenter: DataCenterSnapshot?
  /// The snapshot of a one-cluster import (the first cluster of a data center).
  public var snapshot: ClusterSnapshot? { dataCenter?.clusters.first }
  /// Custom scheduling policies the snapshot's cluster uses.
  public var policies: [ExportedPolicy] = []
  /// Every assumption made (also in `snapshot.assumptions`).
  public var assumptions: [SnapshotAssumption] = []
  /// Everything reported.
  public var diagnostics: DiagnosticBag
  /// The engine product and version from `api.xml`, e.g. "oVirt Engine 4.5.6-1.el8".
  public var engine: String?
  /// The names of every cluster in `clusters.xml`, in document order.
  public var clusterNames: [String] = []
  /// Set when every cluster was imported (none named, several), into a data center.
  var importedEveryCluster = false

  init(dataCenter: DataCenterSnapshot?, diagnostics: DiagnosticBag) {
    self.dataCenter = dataCenter
    self.diagnostics = diagnostics
  }
}

/// Turns saved oVirt REST API (v4) XML responses into a snapshot of one cluster, or of every
/// cluster (a ``DataCenterSnapshot``) when none is named and the engine has several.
///
/// Documents are streamed (``XMLStreamReader``) one entity at a time, in dependency order:
/// the lookup collections (networks, vNIC profiles, storage domains, scheduling policies),
/// then clusters, hosts, VMs, affinity labels and groups, so every reference is resolved the
/// moment it is read, through hash maps. Each document is read once however many clusters are
/// imported: every host, VM and group goes to the cluster it names. Time and memory are linear
/// in the input.
///
/// Every field the API does not expose gets the default documented in `Docs/import.md`, and
/// is listed in ``OvirtImportResult/assumptions`` (and in the snapshot's `x-assumed`). Bad input
/// is reported as diagnostics with the file, line and column; nothing here prints or traps.
///
/// ```swift
/// let result = OvirtImporter(options: options).run(documents, limit: 100)
/// if let snapshot = result.snapshot { print(SnapshotWriter.yaml(snapshot)) }  // the CLI's job
/// ```
public struct OvirtImporter: Sendable {
  /// The options.
  public var options: OvirtImportOptions

  /// Creates an importer.
  public init(options: OvirtImportOptions) { self.options = options }

  /// Imports the documents, in one pass however many clusters there are.
  /// - Complexity: O(total input size).
  public func run(_ documents: [OvirtSourceDocument], limit: Int = DiagnosticBag.defaultLimit)
    -> OvirtImportResult
  {
    var run = ImportRun(options: options, diagnostics: DiagnosticBag(limit: limit))
    return run.run(documents)
  }

  /// Imports every cluster as `--cluster NAME` does, one run each (each run streams every
  /// document again and keeps the hosts, VMs and groups of its cluster, without routing),
  /// merged like ``run(_:limit:)`` merges its per-cluster imports: the reference the one-pass
  /// import is compared with in tests. O(clusters × input).
  func runPerCluster(_ documents: [OvirtSourceDocument], limit: Int = DiagnosticBag.defaultLimit)
    -> OvirtImportResult
  {
    let onePass = run(documents, limit: limit)
    guard onePass.importedEveryCluster else { return onePass }
    let results = onePass.clusterNames.map { name in
      var options = options
      options.clusterName = name
      var run = ImportRun(options: options, diagnostics: DiagnosticBag(limit: limit))
      run.routesByCluster = false
      return run.run(documents)
    }
    var merged = OvirtImportResult.merging(
      results, clusterNames: onePass.clusterNames, limit: limit)
    merged.importedEveryCluster = true
    return merged
  }
}

extension OvirtImportResult {
  /// The imports of every cluster, one each in `clusterNames` order, as one data center. What
  /// they share is reported once: diagnostics (the first of equal ones, in order), assumptions
  /// (their counts added up) and exported policies (by name). There is no data center when
  /// any reported an error.
  static func merging(
    _ results: [OvirtImportResult], clusterNames names: [String], limit: Int
  ) -> OvirtImportResult {
    var clusters: [ClusterSnapshot] = []
    var diagnostics = DiagnosticBag(limit: limit)
    var seenDiagnostics: Set<Diagnostic> = []
    var assumptions: [SnapshotAssumption] = []
    var policies: [ExportedPolicy] = []
    var engine: String?
    for result in results {
      for diagnostic in result.diagnostics.diagnostics
      where seenDiagnostics.insert(diagnostic).inserted {
        diagnostics.append(diagnostic)
      }
      engine = engine ?? result.engine
      for policy in result.policies where !policies.contains(where: { $0.name == policy.name }) {
        policies.append(policy)
      }
      for entry in result.assumptions {
        if let index = assumptions.firstIndex(where: {
          $0.field == entry.field && $0.value == entry.value && $0.reason == entry.reason
        }) {
          if let count = entry.count {
            assumptions[index].count = (assumptions[index].count ?? 0) + count
          }
        } else {
          assumptions.append(entry)
        }
      }
      if let snapshot = result.snapshot { clusters.append(snapshot) }
    }
    for index in clusters.indices { clusters[index].assumptions = assumptions }
    let complete = !diagnostics.hasErrors && clusters.count == names.count
    var result = OvirtImportResult(
      dataCenter: complete ? DataCenterSnapshot(clusters: clusters, isDataCenter: true) : nil,
      diagnostics: diagnostics)
    result.policies = complete ? policies : []
    result.assumptions = assumptions
    result.engine = engine
    result.clusterNames = names
    return result
  }
}
