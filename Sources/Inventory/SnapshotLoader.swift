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
    if let mapping = document.root.mappingValue, !checkDocumentKind(mapping, &context) {
      return nil
    }
    guard
      let root = ObjectReader(
        document.root, FieldRegistry.root, owner: nil, ownerPrefix: "", &context)
    else { return nil }
    var builder = SnapshotBuilder()
    _ = root.string("apiVersion", &context)
    _ = root.string("kind", &context)
    builder.takenAt = root.timestamp("takenAt", &context)
    if var cluster = root.object("cluster", &context) {
      cluster.setOwner("the cluster")
      builder.readCluster(cluster, &context)
    }
    root.forEachObject("hosts", &context) { reader, context in
      builder.readHost(&reader, &context)
    }
    if let spmHost = builder.cluster.spmHostName,
      let span = root.node("cluster").flatMap({
        $0.mappingValue?["spmHost"]?.span
      })
    {
      builder.checkHostReference(
        spmHost, at: span, what: "the SPM host of the cluster", &context)
    }
    root.forEachObject("vms", &context) { reader, context in
      builder.readVM(&reader, &context)
    }
    root.forEachObject("affinityGroups", &context) { reader, context in
      builder.readAffinityGroup(&reader, &context)
    }
    root.forEachObject("affinityLabels", &context) { reader, context in
      builder.readAffinityLabel(&reader, &context)
    }
    root.forEachObject("pending", &context) { reader, context in
      builder.readPending(&reader, &context)
    }
    var assumptions: [SnapshotAssumption] = []
    root.forEachObject("x-assumed", &context) { reader, context in
      assumptions.append(
        SnapshotAssumption(
          field: reader.string("field", &context) ?? "",
          value: reader.string("value", &context) ?? "",
          reason: reader.string("reason", &context) ?? "", count: reader.int("count", &context)))
    }
    guard !context.diagnostics.hasErrors, let takenAt = builder.takenAt else { return nil }
    var snapshot = ClusterSnapshot(
      takenAt: takenAt, cluster: builder.cluster, hosts: builder.hosts, vms: builder.vms,
      affinityGroups: builder.groups, pending: builder.pending, affinityLabels: builder.labels)
    snapshot.assumptions = assumptions
    return snapshot
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
