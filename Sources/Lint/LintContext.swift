public import Diagnostics
public import Inventory
public import Policy
public import PolicyExpression
public import YAMLDocument

/// What a linted file holds.
public enum LintedFileRole: String, Hashable, Sendable {
  /// Policy documents (Filter, Weight, Balancer, SchedulingPolicy, MigrationPolicy,
  /// ResiliencePolicy).
  case policies
  /// A `ClusterSnapshot`.
  case snapshot
}

/// One file given to `shepherd lint`, with its YAML documents.
public struct LintedFile: Sendable {
  /// The file.
  public let file: SourceFile
  /// Policies or a snapshot, decided by the documents' `kind`.
  public let role: LintedFileRole
  /// The YAML documents (empty when the file does not parse).
  public let documents: [Document]
}

/// A snapshot that loaded, with its scheduling policy compiled against its overrides.
public struct LintedSnapshot: Sendable {
  /// The snapshot's file.
  public let file: SourceFile
  /// The snapshot.
  public let snapshot: ClusterSnapshot
  /// The snapshot's scheduling policy with `cluster.scheduling.properties` applied, when it
  /// compiled.
  public let pipeline: SchedulingPipeline?
}

/// Everything rules look at: the linted files, the policy library they were loaded into
/// (built-ins plus the linted policy files), the compiled pipelines and the loaded snapshots.
public struct LintContext: Sendable {
  /// The linted files, in path order.
  public let files: [LintedFile]
  /// The built-in policies plus the linted policy files.
  public let library: PolicyLibrary
  /// Every scheduling policy of the library that compiled, without snapshot overrides, by
  /// policy name.
  public let pipelines: [String: SchedulingPipeline]
  /// The snapshots that loaded.
  public let snapshots: [LintedSnapshot]
  /// The fields expressions read.
  public let catalog: PolicyFieldCatalog
  /// Expression limits.
  public let expressionLimits: ExpressionLimits
  let lintedFileIDs: Set<SourceFileID>

  /// Creates a context.
  public init(
    files: [LintedFile], library: PolicyLibrary, pipelines: [String: SchedulingPipeline],
    snapshots: [LintedSnapshot], catalog: PolicyFieldCatalog = .standard,
    expressionLimits: ExpressionLimits = .default
  ) {
    self.files = files
    self.library = library
    self.pipelines = pipelines
    self.snapshots = snapshots
    self.catalog = catalog
    self.expressionLimits = expressionLimits
    self.lintedFileIDs = Set(files.map(\.file.id))
  }

  /// Whether a span points into one of the linted files.
  public func isLinted(_ span: SourceSpan?) -> Bool {
    guard let span else { return false }
    return lintedFileIDs.contains(span.file)
  }

  /// The linted file a span points into.
  public func file(containing span: SourceSpan) -> SourceFile? {
    files.first { $0.file.id == span.file }?.file
  }

  /// The library documents defined in linted files, in library order.
  public var lintedDocuments: [PolicyLibrary.Entry] {
    library.entries.filter { isLinted($0.document.origin.span) }
  }

  /// The units defined in linted files.
  public var lintedUnits: [PolicyUnit] {
    lintedDocuments.compactMap { entry in
      if case .unit(let unit) = entry.document { return unit }
      return nil
    }
  }

  /// The scheduling policies defined in linted files.
  public var lintedSchedulingPolicies: [SchedulingPolicyDocument] {
    lintedDocuments.compactMap { entry in
      if case .scheduling(let policy) = entry.document { return policy }
      return nil
    }
  }

  /// The migration policies defined in linted files.
  public var lintedMigrationPolicies: [MigrationPolicyDocument] {
    lintedDocuments.compactMap { entry in
      if case .migration(let policy) = entry.document { return policy }
      return nil
    }
  }

  /// The YAML mapping a document was read from, for rules that need spans the model does not
  /// keep (e.g. a migration policy's `stalling:` key).
  public func mapping(of origin: DocumentOrigin) -> Mapping? {
    guard let linted = files.first(where: { $0.file.id == origin.span.file }) else { return nil }
    return linted.documents.first { $0.span == origin.span }?.root.mappingValue
  }

  /// An expression checker for a unit's expressions with the given property values.
  public func checker(
    scope: ExpressionScope, includesBalance: Bool, properties: [(String, PropertyValue)]
  ) -> ExpressionChecker {
    ExpressionChecker(
      environment: catalog.environment(
        scope: scope, includesBalance: includesBalance, properties: properties),
      limits: expressionLimits)
  }
}

extension LintContext {
  /// The role of the linted file a diagnostic points into (by span, else by path).
  public func role(of diagnostic: Diagnostic) -> LintedFileRole? {
    if let span = diagnostic.span {
      return files.first { $0.file.id == span.file }?.role
    }
    return files.first { $0.file.path == diagnostic.path }?.role
  }
}
