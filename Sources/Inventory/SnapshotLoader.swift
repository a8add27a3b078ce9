public import Diagnostics
public import YAMLDocument

/// The outcome of loading a snapshot: the snapshot when there were no errors, and everything
/// that was reported.
public struct SnapshotLoadResult: Sendable {
  /// The snapshot; `nil` when any error was reported.
  public var snapshot: ClusterSnapshot?
  /// Every diagnostic (YAML and snapshot), capped; render with `DiagnosticRenderer`.
  public var diagnostics: DiagnosticBag
}

/// Loads and validates a cluster snapshot from YAML or JSON text (YAML 1.2 reads JSON).
///
/// Validation is strict and collects every problem in one pass (up to the bag's cap), each at
/// the exact span: unknown fields with a did-you-mean (I001), wrong types (I002), missing
/// required fields (I003), invalid enum values (I004), out-of-range numbers (I005), bad
/// timestamps (I006), a wrong `apiVersion`/`kind` (I007), duplicate names (I008), dangling
/// references (I009), contradictory values (I010) and VM states that contradict their host
/// (I011). Every mapping is read through ``FieldRegistry``.
///
/// ```swift
/// var sources = SourceMap()
/// let file = sources.add(path: "Fixtures/clusters/demo.yaml", bytes: bytes)
/// let result = SnapshotLoader().load(file)
/// if let snapshot = result.snapshot { … }
/// print(DiagnosticRenderer(sources: sources).render(result.diagnostics))  // the CLI's job
/// ```
public struct SnapshotLoader: Sendable {
  /// YAML limits (input size, depth, nodes, aliases).
  public var limits: YAMLLimits
  /// The most diagnostics kept per load.
  public var diagnosticLimit: Int

  /// Creates a loader.
  public init(limits: YAMLLimits = .default, diagnosticLimit: Int = DiagnosticBag.defaultLimit) {
    self.limits = limits
    self.diagnosticLimit = diagnosticLimit
  }

  /// Parses and loads a snapshot file.
  ///
  /// - Returns: the snapshot and the diagnostics; the snapshot is `nil` when any error was
  ///   reported (YAML or snapshot).
  /// - Complexity: O(n) in the input size: names are looked up in hash maps built once.
  public func load(_ file: SourceFile) -> SnapshotLoadResult {
    var context = LoadContext(diagnostics: DiagnosticBag(limit: diagnosticLimit))
    let snapshot = load(file, &context)
    return SnapshotLoadResult(snapshot: snapshot, diagnostics: context.diagnostics)
  }

  /// Parses and loads a snapshot file, appending diagnostics to `diagnostics`.
  ///
  /// - Returns: the snapshot, or `nil` when this load reported any error.
  public func load(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> ClusterSnapshot? {
    let result = load(file)
    diagnostics.merge(result.diagnostics)
    return result.snapshot
  }

  /// Loads a snapshot from an already parsed document (e.g. one document of a test suite).
  public func load(_ document: Document, diagnostics: inout DiagnosticBag) -> ClusterSnapshot? {
    var context = LoadContext(diagnostics: DiagnosticBag(limit: diagnosticLimit))
    let snapshot = load(document, &context)
    diagnostics.merge(context.diagnostics)
    return snapshot
  }

  func load(_ file: SourceFile, _ context: inout LoadContext) -> ClusterSnapshot? {
    let parser = YAMLParser(limits: limits)
    guard let document = parser.parseSingle(file, diagnostics: &context.diagnostics),
      !context.diagnostics.hasErrors
    else { return nil }
    return load(document, &context)
  }

  func load(_ document: Document, _ context: inout LoadContext) -> ClusterSnapshot? {
    guard let dataCenter = loadDataCenter(document, &context) else { return nil }
    return oneCluster(dataCenter, at: document.root, &context)
  }

  /// The one cluster of a snapshot read where one cluster is expected; nil with I013 for a
  /// data center of several clusters.
  func oneCluster(
    _ dataCenter: DataCenterSnapshot, at node: Node, _ context: inout LoadContext
  ) -> ClusterSnapshot? {
    guard dataCenter.clusters.count == 1, let snapshot = dataCenter.clusters.first else {
      let span = node.mappingValue?["clusters"]?.span ?? node.span
      context.diagnostics.report(
        .inventoryDataCenterShape,
        "expected one cluster here; the snapshot lists \(dataCenter.clusters.count) clusters",
        at: span,
        help: "write the cluster as a one-cluster snapshot (cluster, hosts, vms at the top level)")
      return nil
    }
    return snapshot
  }

  /// Parses and loads a snapshot file of one cluster or several (`clusters:`).
  public func loadDataCenter(_ file: SourceFile, diagnostics: inout DiagnosticBag)
    -> DataCenterSnapshot?
  {
    var context = LoadContext(diagnostics: DiagnosticBag(limit: diagnosticLimit))
    let parser = YAMLParser(limits: limits)
    var result: DataCenterSnapshot?
    if let document = parser.parseSingle(file, diagnostics: &context.diagnostics),
      !context.diagnostics.hasErrors
    {
      result = loadDataCenter(document, &context)
    }
    diagnostics.merge(context.diagnostics)
    return result
  }

  /// Loads a snapshot of one cluster or several from an already parsed document.
  public func loadDataCenter(_ document: Document, diagnostics: inout DiagnosticBag)
    -> DataCenterSnapshot?
  {
    var context = LoadContext(diagnostics: DiagnosticBag(limit: diagnosticLimit))
    let result = loadDataCenter(document, &context)
    diagnostics.merge(context.diagnostics)
    return result
  }

  /// The top-level keys that belong to one cluster: inside each entry of `clusters:`.
  static let perClusterKeys = FieldRegistry.clusterFields.map(\.name)

  func loadDataCenter(_ document: Document, _ context: inout LoadContext) -> DataCenterSnapshot? {
    if let mapping = document.root.mappingValue, !checkDocumentKind(mapping, &context) {
      return nil
    }
    guard
      let root = ObjectReader(
        document.root, FieldRegistry.root, owner: nil, ownerPrefix: "", &context)
    else { return nil }
    _ = root.string("apiVersion", &context)
    _ = root.string("kind", &context)
    let takenAt = root.timestamp("takenAt", &context)
    var builders: [SnapshotBuilder] = []
    let isDataCenter = root.node("clusters").map { !ObjectReader.isNull($0) } ?? false
    if isDataCenter {
      checkNoTopLevelCluster(root, &context)
      let count = root.forEachObject("clusters", itemOwner: Self.entryOwner, &context) {
        reader, context in
        var builder = SnapshotBuilder()
        builder.takenAt = takenAt
        let owner = reader.owner ?? "the cluster"
        readCluster(
          reader, owner: owner.hasPrefix("cluster ") ? owner : "the cluster of \(owner)",
          into: &builder, &context)
        builders.append(builder)
      }
      if count == 0, let node = root.node("clusters") {
        context.diagnostics.report(
          .inventoryDataCenterShape, "'clusters' lists no cluster", at: node.span,
          help: "list at least one '- cluster: { name: … }' entry with its hosts and VMs")
      }
      checkUniqueAcrossClusters(builders, &context)
    } else {
      var builder = SnapshotBuilder()
      builder.takenAt = takenAt
      readCluster(root, owner: "the cluster", into: &builder, &context)
      builders.append(builder)
    }
    var assumptions: [SnapshotAssumption] = []
    root.forEachObject("x-assumed", &context) { reader, context in
      assumptions.append(
        SnapshotAssumption(
          field: reader.string("field", &context) ?? "",
          value: reader.string("value", &context) ?? "",
          reason: reader.string("reason", &context) ?? "", count: reader.int("count", &context)))
    }
    guard !context.diagnostics.hasErrors, let takenAt, !builders.isEmpty else { return nil }
    let clusters = builders.map { builder in
      var snapshot = ClusterSnapshot(
        takenAt: takenAt, cluster: builder.cluster, hosts: builder.hosts, vms: builder.vms,
        affinityGroups: builder.groups, pending: builder.pending, affinityLabels: builder.labels)
      snapshot.assumptions = assumptions
      return snapshot
    }
    return DataCenterSnapshot(clusters: clusters, isDataCenter: isDataCenter)
  }

  /// How messages name the cluster of a `clusters:` entry: "cluster 'east'", or, when the
  /// entry gives no name, "entry 3 of 'clusters'".
  static func entryLabel(name: String, position: Int) -> String {
    name.isEmpty ? "entry \(position + 1) of 'clusters'" : "cluster '\(name)'"
  }

  /// ``entryLabel(name:position:)`` of a `clusters:` entry not read yet.
  static func entryOwner(_ node: Node, _ position: Int) -> String {
    entryLabel(
      name: node.mappingValue?["cluster"]?.mappingValue?["name"]?.scalarValue?.value ?? "",
      position: position)
  }

  /// Reads what one cluster carries (its settings, hosts, VMs, groups, labels and pending
  /// entries) from the document's top level or from one `clusters:` entry; `owner` names the
  /// cluster in messages ("the cluster" in a one-cluster snapshot, "cluster 'east'" in a data
  /// center).
  private func readCluster(
    _ reader: ObjectReader, owner: String, into builder: inout SnapshotBuilder,
    _ context: inout LoadContext
  ) {
    if var cluster = reader.object("cluster", &context) {
      cluster.setOwner(owner)
      builder.readCluster(cluster, &context)
    }
    reader.forEachObject("hosts", &context) { reader, context in
      builder.readHost(&reader, &context)
    }
    if let spmHost = builder.cluster.spmHostName,
      let span = reader.node("cluster").flatMap({
        $0.mappingValue?["spmHost"]?.span
      })
    {
      builder.checkHostReference(
        spmHost, at: span, what: "the SPM host of \(owner)", &context)
    }
    reader.forEachObject("vms", &context) { reader, context in
      builder.readVM(&reader, &context)
    }
    reader.forEachObject("affinityGroups", &context) { reader, context in
      builder.readAffinityGroup(&reader, &context)
    }
    reader.forEachObject("affinityLabels", &context) { reader, context in
      builder.readAffinityLabel(&reader, &context)
    }
    reader.forEachObject("pending", &context) { reader, context in
      builder.readPending(&reader, &context)
    }
  }

  /// I013 for each per-cluster key written at the top level beside `clusters:`.
  private func checkNoTopLevelCluster(_ root: ObjectReader, _ context: inout LoadContext) {
    for entry in root.mapping.entries where Self.perClusterKeys.contains(entry.keyString) {
      let key = entry.keyString
      context.diagnostics.report(
        .inventoryDataCenterShape,
        "'\(key)' at the top level of a snapshot that lists 'clusters'",
        at: entry.key.span,
        help: key == "cluster"
          ? "a snapshot is one cluster ('cluster:') or a data center ('clusters:'), not both"
          : "move '\(key)' into the entry of the cluster it belongs to")
    }
  }

  /// I008 for each of `names` (hosts or VMs of `cluster`, named as ``entryLabel(name:position:)``
  /// does) already seen in another cluster.
  private static func checkUnique(
    _ names: [(String, SourceSpan?)], kind: String, cluster: String,
    seen: inout [String: (cluster: String, span: SourceSpan?)], _ context: inout LoadContext
  ) {
    for (name, span) in names {
      guard let first = seen[name] else {
        seen[name] = (cluster, span)
        continue
      }
      context.diagnostics.report(
        .inventoryDuplicateName,
        "\(kind) '\(name)' is in \(cluster) and in \(first.cluster)",
        at: span, notes: [Diagnostic.Note("'\(name)' is first defined here", at: first.span)],
        help:
          "a \(kind) belongs to one cluster: give every \(kind) of the data center a unique name")
    }
  }

  /// I008 for a cluster name given twice, and for a host or VM name in two clusters.
  private func checkUniqueAcrossClusters(
    _ builders: [SnapshotBuilder], _ context: inout LoadContext
  ) {
    var clusterSpans: [String: SourceSpan?] = [:]
    var hostClusters: [String: (cluster: String, span: SourceSpan?)] = [:]
    var vmClusters: [String: (cluster: String, span: SourceSpan?)] = [:]
    for (position, builder) in builders.enumerated() {
      let name = builder.cluster.name
      let label = Self.entryLabel(name: name, position: position)
      let span = builder.cluster.nameSpan ?? builder.cluster.span
      // A cluster without a name is reported as such (I003), not as a duplicate of another.
      if !name.isEmpty, let first = clusterSpans[name] {
        context.diagnostics.report(
          .inventoryDuplicateName, "duplicate cluster name '\(name)'", at: span,
          notes: [Diagnostic.Note("'\(name)' is first defined here", at: first)],
          help: "give every cluster a unique name")
        continue
      }
      if !name.isEmpty { clusterSpans[name] = span }
      Self.checkUnique(
        builder.hosts.map { ($0.name, $0.nameSpan ?? $0.span) }, kind: "host", cluster: label,
        seen: &hostClusters, &context)
      Self.checkUnique(
        builder.vms.map { ($0.name, $0.nameSpan ?? $0.span) }, kind: "VM", cluster: label,
        seen: &vmClusters, &context)
    }
  }

  /// Checks `apiVersion` and `kind` before anything else, so a policy file passed as a
  /// snapshot gives one clear error instead of a screen of unknown fields.
  private func checkDocumentKind(_ mapping: Mapping, _ context: inout LoadContext) -> Bool {
    var isSupported = true
    let help =
      "a snapshot starts with 'apiVersion: \(ClusterSnapshot.apiVersion)' and "
      + "'kind: \(ClusterSnapshot.kind)'"
    if let node = mapping["apiVersion"], let value = node.scalarValue?.value,
      value != ClusterSnapshot.apiVersion
    {
      context.diagnostics.report(
        .inventoryUnsupportedDocument,
        "unsupported apiVersion '\(value)'; expected '\(ClusterSnapshot.apiVersion)'",
        at: node.span, help: help)
      isSupported = false
    }
    if let node = mapping["kind"], let value = node.scalarValue?.value,
      value != ClusterSnapshot.kind
    {
      context.diagnostics.report(
        .inventoryUnsupportedDocument,
        "expected a document of kind '\(ClusterSnapshot.kind)', found '\(value)'",
        at: node.span, help: help)
      isSupported = false
    }
    return isSupported
  }
}
