public import Diagnostics
import YAMLDocument

/// One built-in policy file embedded in the binary.
public struct BuiltinPolicyFile: Hashable, Sendable {
  /// The path relative to the repository root, e.g. `Policies/units/filters/memory.yaml`.
  public let path: String
  /// The file's text.
  public let text: String

  /// Creates a file.
  public init(path: String, text: String) {
    self.path = path
    self.text = text
  }
}

/// Where a library document comes from.
public enum DocumentProvenance: Hashable, Sendable {
  /// One of the built-in policies.
  case builtin
  /// A `--policies` file that defines a new name.
  case added
  /// A `--policies` file that replaces the built-in of the same kind and name.
  case overridesBuiltin(DocumentOrigin)
  /// A file of a later `--policies` layer that replaces a document of an earlier layer.
  case overrides(DocumentOrigin)

  /// A word for output: `built-in`, `added`, `overrides built-in`.
  public var label: String {
    switch self {
    case .builtin: "built-in"
    case .added: "added by --policies"
    case .overridesBuiltin(let origin): "overrides built-in \(origin.citation)"
    case .overrides(let origin): "overrides \(origin.citation)"
    }
  }
}

/// Every policy document Shepherd knows: the built-ins, then the `--policies` layers in order,
/// which add names or override earlier documents by (kind, name).
///
/// ```swift
/// var sources = SourceMap()
/// var bag = DiagnosticBag()
/// let library = PolicyLibrary.load(userFiles: files, sources: &sources, diagnostics: &bag)
/// let policy = library.schedulingPolicy(named: "vm_evenly_distributed")
/// ```
public struct PolicyLibrary: Sendable {
  /// A document and where it came from.
  public struct Entry: Sendable {
    /// The document.
    public var document: PolicyDocument
    /// Built-in, added or overriding.
    public var provenance: DocumentProvenance
    /// 0 for the built-ins, then 1, 2, … for each `--policies` layer.
    public var layer: Int
  }

  struct Key: Hashable {
    var kind: PolicyKind
    var name: String
  }

  /// Every document, built-ins first in path order (overrides take their built-in's place),
  /// then added documents in file order.
  public private(set) var entries: [Entry] = []
  private var indexByKey: [Key: Int] = [:]

  /// Creates an empty library.
  public init() {}

  /// Loads the built-in policies, then the user's files as one layer.
  ///
  /// - Parameters:
  ///   - builtins: the built-in files (by default the embedded ``BuiltinPolicies/files``).
  ///   - userFiles: `--policies` files, already read, in a stable order.
  ///   - sources: receives the built-in files, so diagnostics and citations can point into them.
  ///   - diagnostics: receives YAML and structure problems, and duplicate names.
  /// - Complexity: O(total size of the files).
  public static func load(
    builtins: [BuiltinPolicyFile] = BuiltinPolicies.files, userFiles: [SourceFile] = [],
    reader: PolicyDocumentReader = PolicyDocumentReader(), sources: inout SourceMap,
    diagnostics: inout DiagnosticBag
  ) -> PolicyLibrary {
    load(
      builtins: builtins, layers: [userFiles], reader: reader, sources: &sources,
      diagnostics: &diagnostics)
  }

  /// Loads the built-in policies, then each layer of user files in order: a document of a
  /// later layer replaces one of the same kind and name from an earlier layer (or the
  /// built-ins); a name repeated within one layer is a duplicate.
  ///
  /// - Complexity: O(total size of the files).
  public static func load(
    builtins: [BuiltinPolicyFile] = BuiltinPolicies.files, layers: [[SourceFile]],
    reader: PolicyDocumentReader = PolicyDocumentReader(), sources: inout SourceMap,
    diagnostics: inout DiagnosticBag
  ) -> PolicyLibrary {
    var library = PolicyLibrary()
    for builtin in builtins.sorted(by: { $0.path < $1.path }) {
      let file = sources.add(path: builtin.path, text: builtin.text)
      for document in reader.read(file, isBuiltin: true, diagnostics: &diagnostics) {
        library.add(document, layer: 0, diagnostics: &diagnostics)
      }
    }
    for (offset, files) in layers.enumerated() {
      for file in files {
        for document in reader.read(file, isBuiltin: false, diagnostics: &diagnostics) {
          library.add(document, layer: offset + 1, diagnostics: &diagnostics)
        }
      }
    }
    return library
  }

  /// Adds one document: a new name is appended; a built-in replaces nothing.
  public mutating func add(
    _ document: PolicyDocument, isBuiltin: Bool, diagnostics: inout DiagnosticBag
  ) {
    add(document, layer: isBuiltin ? 0 : 1, diagnostics: &diagnostics)
  }

  /// Adds one document of a layer (0: built-in): a new name is appended; a document with the
  /// name of one from an earlier layer replaces it; a name repeated within a layer is a
  /// duplicate (P005, with a note at the first).
  public mutating func add(
    _ document: PolicyDocument, layer: Int, diagnostics: inout DiagnosticBag
  ) {
    let key = Key(kind: document.kind, name: document.name)
    guard let index = indexByKey[key] else {
      indexByKey[key] = entries.count
      entries.append(
        Entry(document: document, provenance: layer == 0 ? .builtin : .added, layer: layer))
      return
    }
    let existing = entries[index]
    if layer > existing.layer {
      let provenance: DocumentProvenance =
        switch existing.provenance {
        case .builtin, .overridesBuiltin: .overridesBuiltin(builtinOrigin(of: existing))
        case .added, .overrides: .overrides(existing.document.origin)
        }
      entries[index] = Entry(document: document, provenance: provenance, layer: layer)
      return
    }
    diagnostics.report(
      .policyDuplicateName,
      "duplicate \(document.kind.rawValue) name '\(document.name)'",
      at: document.origin.nameSpan,
      notes: [.init("first defined here", at: existing.document.origin.nameSpan)],
      help: "names are unique per kind; rename one of them")
  }

  /// The built-in an entry stands in for (itself, or the one it overrides).
  private func builtinOrigin(of entry: Entry) -> DocumentOrigin {
    if case .overridesBuiltin(let origin) = entry.provenance { return origin }
    return entry.document.origin
  }

  /// The entry of a kind and name.
  public func entry(kind: PolicyKind, named name: String) -> Entry? {
    indexByKey[Key(kind: kind, name: name)].map { entries[$0] }
  }

  /// The unit of a kind and name.
  public func unit(_ kind: PolicyKind, named name: String) -> PolicyUnit? {
    guard case .unit(let unit) = entry(kind: kind, named: name)?.document else { return nil }
    return unit
  }

  /// The scheduling policy of a name.
  public func schedulingPolicy(named name: String) -> SchedulingPolicyDocument? {
    guard case .scheduling(let policy) = entry(kind: .schedulingPolicy, named: name)?.document
    else { return nil }
    return policy
  }

  /// The migration policy of a name.
  public func migrationPolicy(named name: String) -> MigrationPolicyDocument? {
    guard case .migration(let policy) = entry(kind: .migrationPolicy, named: name)?.document
    else { return nil }
    return policy
  }

  /// The resilience policy of a name.
  public func resiliencePolicy(named name: String) -> ResiliencePolicyDocument? {
    guard case .resilience(let policy) = entry(kind: .resiliencePolicy, named: name)?.document
    else { return nil }
    return policy
  }

  /// The names of every document of a kind, in library order.
  public func names(of kind: PolicyKind) -> [String] {
    entries.filter { $0.document.kind == kind }.map(\.document.name)
  }

  /// The kinds that define a name (for "is a Weight, not a Filter" messages).
  public func kinds(defining name: String) -> [PolicyKind] {
    PolicyKind.allCases.filter { indexByKey[Key(kind: $0, name: name)] != nil }
  }

  /// The mandatory filters, in library order: they run first in every policy.
  public var mandatoryFilters: [PolicyUnit] {
    entries.compactMap { entry in
      guard case .unit(let unit) = entry.document, unit.kind == .filter, unit.isMandatory else {
        return nil
      }
      return unit
    }
  }
}
