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

  /// A word for output: `built-in`, `added`, `overrides built-in`.
  public var label: String {
    switch self {
    case .builtin: "built-in"
    case .added: "added by --policies"
    case .overridesBuiltin(let origin): "overrides built-in \(origin.citation)"
    }
  }
}

/// Every policy document Shepherd knows: the built-ins, then the `--policies` files, which add
/// names or override built-ins by (kind, name).
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

  /// Loads the built-in policies, then the user's files.
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
    var library = PolicyLibrary()
    for builtin in builtins.sorted(by: { $0.path < $1.path }) {
      let file = sources.add(path: builtin.path, text: builtin.text)
      for document in reader.read(file, isBuiltin: true, diagnostics: &diagnostics) {
        library.add(document, isBuiltin: true, diagnostics: &diagnostics)
      }
    }
    for file in userFiles {
      for document in reader.read(file, isBuiltin: false, diagnostics: &diagnostics) {
        library.add(document, isBuiltin: false, diagnostics: &diagnostics)
      }
    }
    return library
  }

  /// Adds one document: a new name is appended; a user document with a built-in's name
  /// replaces it; any other repeated name is a duplicate (P005, with a note at the first).
  public mutating func add(
    _ document: PolicyDocument, isBuiltin: Bool, diagnostics: inout DiagnosticBag
  ) {
    let key = Key(kind: document.kind, name: document.name)
    guard let index = indexByKey[key] else {
      indexByKey[key] = entries.count
      entries.append(Entry(document: document, provenance: isBuiltin ? .builtin : .added))
      return
    }
    let existing = entries[index]
    if !isBuiltin, case .builtin = existing.provenance {
      entries[index] = Entry(
        document: document, provenance: .overridesBuiltin(existing.document.origin))
      return
    }
    diagnostics.report(
      .policyDuplicateName,
      "duplicate \(document.kind.rawValue) name '\(document.name)'",
      at: document.origin.nameSpan,
      notes: [.init("first defined here", at: existing.document.origin.nameSpan)],
      help: "names are unique per kind; rename one of them")
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
