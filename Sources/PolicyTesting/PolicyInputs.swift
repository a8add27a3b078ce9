public import Diagnostics
import Foundation
public import Inventory
import Plan
public import Planner
public import Policy
public import YAMLDocument

/// Reads and caches what policy tests and policy diffs run on: policy libraries (the built-ins
/// plus a directory of files), snapshots and compiled pipelines, reporting problems as
/// diagnostics into one ``SourceMap`` so they render with file:line:col.
///
/// File access is confined to this type; nothing here prints.
public struct PolicyInputs: Sendable {
  /// Every file read (and the built-in policies), for rendering diagnostics.
  public private(set) var sources = SourceMap()
  /// YAML limits for every file.
  public var limits: YAMLLimits
  private var libraries: [String: PolicyLibrary] = [:]
  private var snapshots: [String: (snapshot: ClusterSnapshot, digest: String)] = [:]

  /// Creates a loader.
  public init(limits: YAMLLimits = .default) { self.limits = limits }

  /// Adds text as a file (a suite written in a test, or read by the caller).
  public mutating func add(path: String, text: String) -> SourceFile {
    sources.add(path: path, text: text)
  }

  /// Reads a file into ``sources``; nil (and G001/G002) when it cannot.
  public mutating func read(
    _ path: String, diagnostics: inout DiagnosticBag, at span: SourceSpan? = nil
  )
    -> SourceFile?
  {
    if let file = sources.allFiles.first(where: { $0.path == path }) { return file }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path)
    else {
      diagnostics.append(
        Diagnostic(
          code: DiagnosticDescriptor.unreadableInput.code,
          message: isDirectory.boolValue
            ? "'\(path)' is a directory, expected a file" : "no such file '\(path)'",
          span: span, path: span == nil ? path : nil))
      return nil
    }
    if data.count > limits.maxInputBytes {
      diagnostics.append(
        Diagnostic(
          code: DiagnosticDescriptor.inputTooLarge.code,
          message:
            "'\(path)' is \(data.count) bytes, more than the limit of \(limits.maxInputBytes)",
          span: span, path: span == nil ? path : nil))
      return nil
    }
    return sources.add(path: path, bytes: [UInt8](data))
  }

  /// The `*.yaml`/`*.yml` files under a directory, recursively, sorted; nil when it is not a
  /// directory.
  public static func files(in directory: String, suffixes: [String]) -> [String]? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
      isDirectory.boolValue,
      let relatives = try? FileManager.default.subpathsOfDirectory(atPath: directory)
    else { return nil }
    let base = directory.hasSuffix("/") ? directory : directory + "/"
    return relatives.filter { relative in suffixes.contains { relative.hasSuffix($0) } }
      .map { base + $0 }.sorted()
  }

  /// Whether a path is an existing directory.
  public static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }

  /// The built-in policies plus the files of `directory` (nil: the built-ins alone), loaded
  /// once per directory.
  public mutating func library(
    directory: String?, diagnostics: inout DiagnosticBag, at span: SourceSpan? = nil
  ) -> PolicyLibrary? {
    let key = directory ?? ""
    if let library = libraries[key] { return library }
    var bag = DiagnosticBag(limit: diagnostics.limit)
    var userFiles: [SourceFile] = []
    if let directory {
      guard let paths = Self.files(in: directory, suffixes: [".yaml", ".yml"]) else {
        diagnostics.append(
          Diagnostic(
            code: DiagnosticDescriptor.unreadableInput.code,
            message: "'\(directory)' is not a directory of policy files", span: span,
            path: span == nil ? directory : nil))
        return nil
      }
      for path in paths {
        if let file = read(path, diagnostics: &bag) { userFiles.append(file) }
      }
    }
    let library = PolicyLibrary.load(
      userFiles: userFiles, reader: PolicyDocumentReader(limits: limits), sources: &sources,
      diagnostics: &bag)
    diagnostics.merge(bag)
    guard !bag.hasErrors else { return nil }
    libraries[key] = library
    return library
  }

  /// A snapshot file, loaded once; with its digest.
  public mutating func snapshot(
    path: String, diagnostics: inout DiagnosticBag, at span: SourceSpan? = nil
  ) -> (snapshot: ClusterSnapshot, digest: String)? {
    if let loaded = snapshots[path] { return loaded }
    guard let file = read(path, diagnostics: &diagnostics, at: span),
      let snapshot = SnapshotLoader(limits: limits, diagnosticLimit: diagnostics.limit).load(
        file, diagnostics: &diagnostics)
    else { return nil }
    let loaded = (snapshot, SHA256.digest(file.bytes))
    snapshots[path] = loaded
    return loaded
  }

  /// An inline snapshot (a mapping inside a suite); its digest is that of its source text.
  public func snapshot(inline node: Node, diagnostics: inout DiagnosticBag)
    -> (snapshot: ClusterSnapshot, digest: String)?
  {
    guard
      let snapshot = SnapshotLoader(limits: limits, diagnosticLimit: diagnostics.limit).load(
        Document(root: node, span: node.span), diagnostics: &diagnostics)
    else { return nil }
    let bytes = sources[node.span.file].map { Array($0.bytes[node.span.range]) } ?? []
    return (snapshot, SHA256.digest(bytes))
  }

  /// Compiles a scheduling policy for a snapshot: `name` (default: the snapshot's), with the
  /// snapshot's property overrides when it is the snapshot's policy, then `properties`.
  public static func pipeline(
    library: PolicyLibrary, snapshot: ClusterSnapshot, policy name: String?,
    properties: [(key: String, value: String, span: SourceSpan)] = [],
    diagnostics: inout DiagnosticBag
  ) -> SchedulingPipeline? {
    let policyName = name ?? snapshot.cluster.schedulingPolicy
    var overrides =
      policyName == snapshot.cluster.schedulingPolicy
      ? snapshot.cluster.schedulingProperties : PropertyMap()
    for property in properties {
      overrides.entries.removeAll { $0.key == property.key }
      overrides.entries.append(
        PropertyMap.Entry(key: property.key, value: property.value, valueSpan: property.span))
    }
    return PolicyCompiler(library: library).compileSchedulingPolicy(
      named: policyName, overrides: overrides.entries.isEmpty ? nil : overrides,
      diagnostics: &diagnostics)
  }

  /// A planning context with the snapshot's migration policy from `library`.
  public static func context(
    library: PolicyLibrary, snapshot: ClusterSnapshot, digest: String,
    pipeline: SchedulingPipeline, maxMigrations: Int?, diagnostics: inout DiagnosticBag,
    at span: SourceSpan? = nil
  ) -> PlanningContext? {
    let name = snapshot.cluster.migrationPolicy
    guard let migration = library.migrationPolicy(named: name) else {
      diagnostics.report(
        .compileUnknownPolicy, "unknown migration policy '\(name)' (cluster.migration.policy)",
        at: span ?? snapshot.cluster.span,
        help: DidYouMean.help(for: name, among: library.names(of: .migrationPolicy)))
      return nil
    }
    return PlanningContext(
      snapshot: snapshot, snapshotDigest: digest, pipeline: pipeline, migrationPolicy: migration,
      maxMigrations: maxMigrations)
  }
}
