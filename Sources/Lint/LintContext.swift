package import Diagnostics
package import Inventory
package import Policy
package import PolicyExpression
package import YAMLDocument

/// What a linted file holds.
package enum LintedFileRole: String, Hashable, Sendable {
  /// Policy documents (Filter, Weight, Balancer, SchedulingPolicy, MigrationPolicy,
  /// ResiliencePolicy).
  case policies
  /// A `ClusterSnapshot`.
  case snapshot
}

/// One file given to `shepherd lint`, with its YAML documents.
package struct LintedFile: Sendable {
  /// The file.
  package let file: SourceFile
  /// Policies or a snapshot, decided by the documents' `kind`.
  package let role: LintedFileRole
  /// The YAML documents (empty when the file does not parse).
  package let documents: [Document]
}

/// A snapshot that loaded, with its scheduling policy compiled against its overrides.
package struct LintedSnapshot: Sendable {
  /// The snapshot's file.
  package let file: SourceFile
  /// The snapshot.
  package let snapshot: ClusterSnapshot
  /// The snapshot's scheduling policy with `cluster.scheduling.properties` applied, when it
  /// compiled.
  package let pipeline: SchedulingPipeline?
}

/// Everything rules look at: the linted files, the policy library they were loaded into
/// (built-ins plus the linted policy files), the compiled pipelines and the loaded snapshots.
package struct LintContext: Sendable {
  /// The linted files, in path order.
  package let files: [LintedFile]
  /// The built-in policies plus the linted policy files.
  package let library: PolicyLibrary
  /// Every scheduling policy of the library that compiled, without snapshot overrides, by
  /// policy name.
  package let pipelines: [String: SchedulingPipeline]
  /// The snapshots that loaded.
  package let snapshots: [LintedSnapshot]
  /// The fields expressions read.
  package let catalog: PolicyFieldCatalog
  /// Expression limits.
  package let expressionLimits: ExpressionLimits
  let lintedFileIDs: Set<SourceFileID>

  /// Creates a context.
  package init(
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
  package func isLinted(_ span: SourceSpan?) -> Bool {
    guard let span else { return false }
    return lintedFileIDs.contains(span.file)
  }

  /// The linted file a span points into.
  package func file(containing span: SourceSpan) -> SourceFile? {
    files.first { $0.file.id == span.file }?.file
  }

  /// The library documents defined in linted files, in library order.
  package var lintedDocuments: [PolicyLibrary.Entry] {
    library.entries.filter { isLinted($0.document.origin.span) }
  }

  /// The units defined in linted files.
  package var lintedUnits: [PolicyUnit] {
    lintedDocuments.compactMap { entry in
      if case .unit(let unit) = entry.document { return unit }
      return nil
    }
  }

  /// The scheduling policies defined in linted files.
  package var lintedSchedulingPolicies: [SchedulingPolicyDocument] {
    lintedDocuments.compactMap { entry in
      if case .scheduling(let policy) = entry.document { return policy }
      return nil
    }
  }

  /// The migration policies defined in linted files.
  package var lintedMigrationPolicies: [MigrationPolicyDocument] {
    lintedDocuments.compactMap { entry in
      if case .migration(let policy) = entry.document { return policy }
      return nil
    }
  }

  /// The YAML mapping a document was read from, for rules that need spans the model does not
  /// keep (e.g. a migration policy's `stalling:` key).
  package func mapping(of origin: DocumentOrigin) -> Mapping? {
    guard let linted = files.first(where: { $0.file.id == origin.span.file }) else { return nil }
    return linted.documents.first { $0.span == origin.span }?.root.mappingValue
  }

  /// An expression checker for a unit's expressions with the given property values.
  package func checker(
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
  package func role(of diagnostic: Diagnostic) -> LintedFileRole? {
    if let span = diagnostic.span {
      return files.first { $0.file.id == span.file }?.role
    }
    return files.first { $0.file.path == diagnostic.path }?.role
  }
}
