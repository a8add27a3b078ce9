public import Diagnostics
import Foundation
public import Inventory
public import Policy
public import YAMLDocument

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A snapshot as loaded: the model, the file it came from and its digest.
public struct LoadedSnapshot: Sendable {
  /// The snapshot: the one cluster of a one-cluster file, the first of a data center's (pick
  /// one with ``cluster(_:)``).
  public var snapshot: ClusterSnapshot
  /// Every cluster of the file, in file order (a one-cluster file: that cluster).
  public var dataCenter: DataCenterSnapshot
  /// `sha256:` of the snapshot's bytes (the file's, or an inline snapshot's source text).
  public var digest: String
  /// The names of VMs added from a `--new-vms` file, in file order.
  public var newVMNames: [String]

  /// Creates a loaded snapshot of the clusters of `dataCenter` (never empty).
  public init?(dataCenter: DataCenterSnapshot, digest: String, newVMNames: [String]) {
    guard let first = dataCenter.clusters.first else { return nil }
    self.snapshot = first
    self.dataCenter = dataCenter
    self.digest = digest
    self.newVMNames = newVMNames
  }

  /// The same file with `snapshot` as the cluster to work on (one of ``dataCenter``'s).
  public func cluster(_ snapshot: ClusterSnapshot) -> LoadedSnapshot {
    var copy = self
    copy.snapshot = snapshot
    copy.newVMNames = newVMNames.filter { snapshot.vmIndexByName[$0] != nil }
    return copy
  }
}

/// The one place every command, `shepherd test`, `shepherd diff` and `lint` load their inputs:
/// files (with the size limit), policy libraries (the built-ins plus `--policies` layers),
/// snapshots (with `--new-vms`), compiled scheduling policies with their overrides, and the
/// migration and resilience policies a snapshot names. Libraries and snapshots are loaded once
/// per run and cached.
///
/// Every problem is a diagnostic pointing into ``sources``, reported once: an input that
/// failed to load is remembered and not reported again when another case or command part asks
/// for it. Nothing here prints or exits.
///
/// ```swift
/// var workspace = Workspace(limits: .default)
/// var bag = DiagnosticBag()
/// if let library = workspace.library(layers: ["policies/"], diagnostics: &bag),
///   let loaded = workspace.snapshot(path: "cluster.yaml", diagnostics: &bag),
///   let pipeline = workspace.pipeline(library: library, snapshot: loaded.snapshot,
///     diagnostics: &bag)
/// { … }
/// ```
public struct Workspace: Sendable {
  /// Every file read (and the built-in policies), for rendering diagnostics.
  public private(set) var sources = SourceMap()
  /// YAML limits (the input-size limit among them) for every file.
  public var limits: YAMLLimits
  // nil values: loading failed and was reported.
  private var libraries: [[String]: PolicyLibrary?] = [:]
  private var snapshots: [String: LoadedSnapshot?] = [:]
  // Data-center files refused where one cluster is expected (reported once each).
  private var refusedDataCenters: Set<String> = []

  /// Creates a workspace.
  public init(limits: YAMLLimits = .default) { self.limits = limits }

  /// Creates a workspace over files already in `sources`.
  public init(sources: SourceMap, limits: YAMLLimits = .default) {
    self.sources = sources
    self.limits = limits
  }

  /// Adds text as a file (a suite written in a test, or text read by the caller).
  public mutating func add(path: String, text: String) -> SourceFile {
    sources.add(path: path, text: text)
  }

  // MARK: Files

  /// Reads a file into ``sources`` (once); nil, with G001 or G002, when it cannot be read.
  ///
  /// - Parameter span: where the path was written (a suite's `snapshot:`), if not on the
  ///   command line.
  public mutating func read(
    _ path: String, diagnostics: inout DiagnosticBag, at span: SourceSpan? = nil
  ) -> SourceFile? {
    if let file = sources.allFiles.first(where: { $0.path == path }) { return file }
    if path == Self.standardInputPath {
      if let file = sources.allFiles.first(where: { $0.path == Self.standardInputName }) {
        return file
      }
      return readStandardInput(diagnostics: &diagnostics)
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      diagnostics.append(
        Diagnostic(
          code: DiagnosticDescriptor.unreadableInput.code, message: "no such file '\(path)'",
          span: span, path: span == nil ? path : nil))
      return nil
    }
    if isDirectory.boolValue {
      diagnostics.append(
        Diagnostic(
          code: DiagnosticDescriptor.unreadableInput.code,
          message: "'\(path)' is a directory, expected a file", span: span,
          path: span == nil ? path : nil))
      return nil
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0
    if size > limits.maxInputBytes {
      diagnostics.append(tooLarge(path, size: size, span: span))
      return nil
    }
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0,
      let bytes = Self.readAll(descriptor, limit: limits.maxInputBytes, sizeHint: size)
    else {
      if descriptor >= 0 { close(descriptor) }
      diagnostics.append(
        Diagnostic(
          code: DiagnosticDescriptor.unreadableInput.code, message: "cannot read '\(path)'",
          span: span, path: span == nil ? path : nil))
      return nil
    }
    close(descriptor)
    // The size can change between the check and the read (a growing file, a pipe).
    if bytes.count > limits.maxInputBytes {
      diagnostics.append(tooLarge(path, size: bytes.count, span: span))
      return nil
    }
    return sources.add(path: path, bytes: bytes)
  }

  /// Reads a file descriptor to its end, or to one byte past `limit` (so the caller can tell
  /// the input is too large), straight into the array the source file keeps: one copy of the
  /// input in memory, never two. Nil on a read error.
  static func readAll(_ descriptor: Int32, limit: Int, sizeHint: Int = 0) -> [UInt8]? {
    // Room for the size the file had when checked, plus one byte to see it has grown (or, for
    // a pipe, 1 MiB at a time).
    var bytes = [UInt8](repeating: 0, count: min(limit, max(0, sizeHint)) + 1)
    var filled = 0
    while filled <= limit {
      if filled == bytes.count {
        bytes += [UInt8](repeating: 0, count: min(max(bytes.count, 1 << 20), limit + 1 - filled))
      }
      let want = bytes.count - filled
      var got = 0
      bytes.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        repeat {
          got = systemRead(descriptor, base + filled, want)
        } while got < 0 && errno == EINTR
      }
      if got < 0 { return nil }
      if got == 0 { break }
      filled += got
    }
    bytes.removeLast(bytes.count - filled)
    return bytes
  }

  /// The path that stands for standard input (`shepherd plan - < snapshot.yaml`).
  public static let standardInputPath = "-"
  /// How standard input is named in diagnostics.
  public static let standardInputName = "<stdin>"

  /// Reads standard input once (at most the size limit, then one byte to detect more).
  private mutating func readStandardInput(diagnostics: inout DiagnosticBag) -> SourceFile? {
    guard let bytes = Self.readAll(STDIN_FILENO, limit: limits.maxInputBytes) else {
      diagnostics.append(
        Diagnostic(
          code: DiagnosticDescriptor.unreadableInput.code,
          message: "cannot read \(Self.standardInputName)", span: nil,
          path: Self.standardInputName))
      return nil
    }
    if bytes.count > limits.maxInputBytes {
      diagnostics.append(tooLarge(Self.standardInputName, size: bytes.count, span: nil))
      return nil
    }
    return sources.add(path: Self.standardInputName, bytes: bytes)
  }

  private func tooLarge(_ path: String, size: Int, span: SourceSpan?) -> Diagnostic {
    Diagnostic(
      code: DiagnosticDescriptor.inputTooLarge.code,
      message: "'\(path)' is \(size) bytes, more than the limit of \(limits.maxInputBytes)",
      span: span, help: "raise the limit with --max-input-bytes if the file is trusted",
      path: span == nil ? path : nil)
  }

  // MARK: Policies

  /// The built-in policies plus `layers` in order (each a directory of policy files or one
  /// file; a later layer overrides an earlier one by kind and name); nil when the files could
  /// not be read or loaded. Loaded once per list of layers.
  public mutating func library(
    layers: [String], diagnostics: inout DiagnosticBag, at span: SourceSpan? = nil
  ) -> PolicyLibrary? {
    if let library = libraries[layers] { return library }
    var bag = DiagnosticBag(limit: diagnostics.limit)
    let files = policyLayerFiles(layers, diagnostics: &bag, at: span)
    let library = loadLibrary(layers: files, diagnostics: &bag)
    // Every unit of the layers is checked, whether the chosen policy uses it or not.
    if !files.isEmpty {
      PolicyCompiler(library: library).checkLibrary(diagnostics: &bag, userDocumentsOnly: true)
    }
    diagnostics.merge(bag)
    let result = bag.hasErrors ? nil : library
    libraries[layers] = .some(result)
    return result
  }

  /// Reads the policy files of `layers` (each a directory of policy files or one file), one
  /// list per layer; a path that is neither, or a file that cannot be read, is a G001 error.
  public mutating func policyLayerFiles(
    _ layers: [String], diagnostics: inout DiagnosticBag, at span: SourceSpan? = nil
  ) -> [[SourceFile]] {
    var files: [[SourceFile]] = []
    for layer in layers {
      let paths: [String]
      if InputFiles.isDirectory(layer) {
        paths =
          InputFiles.files(
            under: layer, suffixes: InputFiles.policySuffixes, excluding: InputFiles.suiteSuffixes)
          ?? []
      } else if InputFiles.exists(layer) {
        paths = [layer]
      } else {
        diagnostics.append(
          Diagnostic(
            code: DiagnosticDescriptor.unreadableInput.code,
            message: "'\(layer)' is not a policy file or a directory of policy files",
            span: span, path: span == nil ? layer : nil))
        continue
      }
      files.append(paths.compactMap { read($0, diagnostics: &diagnostics, at: span) })
    }
    return files
  }

  /// The built-in policies plus files already read, as layers (see ``library(layers:diagnostics:at:)``).
  public mutating func loadLibrary(
    layers: [[SourceFile]], keepingDamagedDocuments: Bool = false,
    diagnostics: inout DiagnosticBag
  ) -> PolicyLibrary {
    PolicyLibrary.load(
      layers: layers,
      reader: PolicyDocumentReader(
        limits: limits, keepsDamagedDocuments: keepingDamagedDocuments),
      sources: &sources, diagnostics: &diagnostics)
  }

  /// Which scheduling policy a snapshot's `cluster.scheduling.properties` apply to.
  public enum OverrideScope: Sendable {
    /// Only the snapshot's own scheduling policy (planning with another `--policy` runs it
    /// with its own values).
    case snapshotPolicy
    /// Whatever policy is compiled (`compile POLICY --snapshot S` checks S's overrides
    /// against POLICY).
    case anyPolicy
  }

  /// Compiles a scheduling policy for a snapshot: `name` (default: the snapshot's), with the
  /// snapshot's property overrides as `scope` says, then `properties` (a suite's, each
  /// replacing an override of the same key).
  public func pipeline(
    library: PolicyLibrary, snapshot: ClusterSnapshot?, policy name: String? = nil,
    overrideScope scope: OverrideScope = .snapshotPolicy,
    properties: [(key: String, value: String, span: SourceSpan)] = [],
    diagnostics: inout DiagnosticBag
  ) -> SchedulingPipeline? {
    guard let policyName = name ?? snapshot?.cluster.schedulingPolicy else { return nil }
    if name == nil, let snapshot,
      let unknown = Self.unknownSchedulingPolicy(snapshot, library)
    {
      diagnostics.append(unknown)
      return nil
    }
    var overrides: PropertyMap? =
      scope == .anyPolicy || policyName == snapshot?.cluster.schedulingPolicy
      ? snapshot?.cluster.schedulingProperties : nil
    if !properties.isEmpty {
      var merged = overrides ?? PropertyMap()
      for property in properties {
        merged.entries.removeAll { $0.key == property.key }
        merged.entries.append(
          PropertyMap.Entry(key: property.key, value: property.value, valueSpan: property.span))
      }
      overrides = merged
    }
    return PolicyCompiler(library: library).compileSchedulingPolicy(
      named: policyName, overrides: overrides, diagnostics: &diagnostics)
  }

  /// An error at the name when a snapshot names a scheduling policy the library does not have.
  public static func unknownSchedulingPolicy(_ snapshot: ClusterSnapshot, _ library: PolicyLibrary)
    -> Diagnostic?
  {
    unknownPolicy(
      snapshot.cluster.schedulingPolicy, of: .schedulingPolicy, field: "scheduling",
      at: snapshot.cluster.schedulingPolicySpan ?? snapshot.cluster.span, in: library)
  }

  /// An error at the name when a snapshot names a migration policy the library does not have.
  public static func unknownMigrationPolicy(_ snapshot: ClusterSnapshot, _ library: PolicyLibrary)
    -> Diagnostic?
  {
    unknownPolicy(
      snapshot.cluster.migrationPolicy, of: .migrationPolicy, field: "migration",
      at: snapshot.cluster.migrationPolicySpan ?? snapshot.cluster.span, in: library)
  }

  /// C008 for a policy name the snapshot's `cluster.FIELD.policy` gives and the library lacks.
  static func unknownPolicy(
    _ name: String, of kind: PolicyKind, field: String, at span: SourceSpan?,
    in library: PolicyLibrary
  ) -> Diagnostic? {
    let known = library.names(of: kind)
    guard !known.contains(name) else { return nil }
    return Diagnostic(
      .compileUnknownPolicy, "unknown \(field) policy '\(name)' (cluster.\(field).policy)",
      at: span,
      help: DidYouMean.help(for: name, among: known)
        ?? "known policies: " + known.joined(separator: ", "))
  }

  /// The migration policy the snapshot names (`cluster.migration.policy`); nil and C-code
  /// diagnostic when the library has none of that name.
  public func migrationPolicy(
    library: PolicyLibrary, snapshot: ClusterSnapshot, diagnostics: inout DiagnosticBag,
    at span: SourceSpan? = nil
  ) -> MigrationPolicyDocument? {
    if let policy = library.migrationPolicy(named: snapshot.cluster.migrationPolicy) {
      return policy
    }
    if var unknown = Self.unknownMigrationPolicy(snapshot, library) {
      if let span { unknown.span = span }
      diagnostics.append(unknown)
    }
    return nil
  }

  /// The resilience policy the snapshot names (`cluster.resilience`); nil and a diagnostic
  /// when the library has none of that name.
  public func resiliencePolicy(
    library: PolicyLibrary, snapshot: ClusterSnapshot, diagnostics: inout DiagnosticBag,
    at span: SourceSpan? = nil
  ) -> ResiliencePolicyDocument? {
    let name = snapshot.cluster.resilience.rawValue
    if let policy = library.resiliencePolicy(named: name) { return policy }
    diagnostics.report(.compileUnknownPolicy, "unknown resilience policy '\(name)'", at: span)
    return nil
  }

  // MARK: Snapshots

  /// A snapshot file, loaded once; with `newVMs`, the VM entries of that file (a YAML list in
  /// the snapshot's `vms:` format) are appended to the snapshot's `vms:` before validation,
  /// so they are checked exactly like the snapshot's own VMs (names unique across both files,
  /// host references resolved) and diagnostics point into the file they came from.
  public mutating func snapshot(
    path: String, newVMs newVMsPath: String? = nil, newVMsCluster: String? = nil,
    diagnostics: inout DiagnosticBag, at span: SourceSpan? = nil
  ) -> LoadedSnapshot? {
    let key = newVMsPath.map { path + "\u{0}" + $0 + "\u{0}" + (newVMsCluster ?? "") } ?? path
    if let loaded = snapshots[key] { return loaded }
    let loader = SnapshotLoader(limits: limits, diagnosticLimit: diagnostics.limit)
    guard let file = read(path, diagnostics: &diagnostics, at: span) else { return nil }
    let digest = SHA256.digest(file.bytes)
    var loaded: LoadedSnapshot?
    if let newVMsPath {
      loaded = merging(
        file, newVMs: newVMsPath, cluster: newVMsCluster, loader: loader, diagnostics: &diagnostics
      ).flatMap { LoadedSnapshot(dataCenter: $0.snapshot, digest: digest, newVMNames: $0.names) }
    } else {
      loaded = loader.loadDataCenter(file, diagnostics: &diagnostics).flatMap {
        LoadedSnapshot(dataCenter: $0, digest: digest, newVMNames: [])
      }
    }
    snapshots[key] = .some(loaded)
    return loaded
  }

  /// A snapshot file read where one cluster is expected (a test suite's, `diff`'s, `lint`'s):
  /// as ``snapshot(path:newVMs:newVMsCluster:diagnostics:at:)``, and nil with I013 (reported
  /// once per file) for a data center of several clusters.
  public mutating func oneClusterSnapshot(
    path: String, diagnostics: inout DiagnosticBag, at span: SourceSpan? = nil
  ) -> LoadedSnapshot? {
    guard let loaded = snapshot(path: path, diagnostics: &diagnostics, at: span) else {
      return nil
    }
    let count = loaded.dataCenter.clusters.count
    guard count == 1 else {
      if refusedDataCenters.insert(path).inserted {
        diagnostics.append(
          Diagnostic(
            code: DiagnosticDescriptor.inventoryDataCenterShape.code,
            message: "'\(path)' lists \(count) clusters; this input takes one cluster",
            span: span,
            help: "write each cluster as a one-cluster snapshot (cluster, hosts, vms at the top "
              + "level)", path: span == nil ? path : nil))
      }
      return nil
    }
    return loaded
  }

  /// An inline snapshot (a mapping inside a suite); its digest is that of its source text.
  public mutating func snapshot(inline node: Node, diagnostics: inout DiagnosticBag)
    -> LoadedSnapshot?
  {
    let key = "\u{0}inline:\(node.span.file.rawValue):\(node.span.start)"
    if let loaded = snapshots[key] { return loaded }
    var loaded: LoadedSnapshot?
    if let snapshot = SnapshotLoader(limits: limits, diagnosticLimit: diagnostics.limit).load(
      Document(root: node, span: node.span), diagnostics: &diagnostics)
    {
      let bytes = sources[node.span.file].map { Array($0.bytes[node.span.range]) } ?? []
      loaded = LoadedSnapshot(
        dataCenter: DataCenterSnapshot(snapshot), digest: SHA256.digest(bytes), newVMNames: [])
    }
    snapshots[key] = .some(loaded)
    return loaded
  }

  /// The snapshot with the `--new-vms` entries appended to its `vms:` (a data center's: to
  /// those of the cluster named `cluster`, or of its only cluster).
  private mutating func merging(
    _ file: SourceFile, newVMs newVMsPath: String, cluster: String?, loader: SnapshotLoader,
    diagnostics bag: inout DiagnosticBag
  ) -> (snapshot: DataCenterSnapshot, names: [String])? {
    let parser = YAMLParser(limits: limits)
    guard let document = parser.parseSingle(file, diagnostics: &bag),
      let extraFile = read(newVMsPath, diagnostics: &bag),
      let extra = parser.parseSingle(extraFile, diagnostics: &bag)
    else { return nil }
    guard case .sequence(let entries) = extra.root else {
      bag.report(
        .schedulerInvalidNewVMs,
        "expected a list of VM entries, found \(extra.root.foundDescription)", at: extra.root.span,
        help: "write one '- { name: …, memoryMiB: …, vcpus: … }' entry per VM")
      return nil
    }
    let names = entries.items.compactMap { $0.mappingValue?["name"]?.scalarValue?.value }
    guard case .mapping(var root) = document.root else {
      return loader.loadDataCenter(document, diagnostics: &bag).map { ($0, names) }
    }
    if let index = root.entries.firstIndex(where: { $0.keyString == "clusters" }),
      case .sequence(var clusters) = root.entries[index].value
    {
      let position = clusters.items.firstIndex {
        $0.mappingValue?["cluster"]?.mappingValue?["name"]?.scalarValue?.value == cluster
      }
      guard let position = position ?? (clusters.items.count == 1 ? 0 : nil),
        case .mapping(let entry) = clusters.items[position]
      else {
        bag.report(
          .inventoryDataCenterShape,
          "the snapshot lists several clusters; which one do the new VMs join?",
          at: root.entries[index].key.span,
          help: "name the cluster with --cluster")
        return nil
      }
      clusters.items[position] = .mapping(Self.appending(entries, toVMsOf: entry))
      root.entries[index].value = .sequence(clusters)
    } else {
      root = Self.appending(entries, toVMsOf: root)
    }
    let merged = Document(root: .mapping(root), span: document.span)
    return loader.loadDataCenter(merged, diagnostics: &bag).map { ($0, names) }
  }

  /// `mapping` with `entries` appended to its `vms:` list (created when absent or null).
  private static func appending(_ entries: YAMLDocument.Sequence, toVMsOf mapping: Mapping)
    -> Mapping
  {
    var root = mapping
    if let index = root.entries.firstIndex(where: { $0.keyString == "vms" }) {
      if case .sequence(var existing) = root.entries[index].value {
        existing.items += entries.items
        root.entries[index].value = .sequence(existing)
      } else if root.entries[index].value.isNull {
        root.entries[index].value = .sequence(entries)
      }
    } else {
      let key = Scalar(value: "vms", style: .plain, span: entries.span)
      root.entries.append(Mapping.Entry(key: .scalar(key), value: .sequence(entries)))
    }
    return root
  }
}

/// The C library's `read(2)` (inside ``Workspace`` the name means its own `read` method).
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int)
  -> Int
{
  read(descriptor, buffer, count)
}
