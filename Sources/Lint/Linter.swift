package import Diagnostics
import Inventory
import Policy
package import Workspace
package import YAMLDocument

/// Lints policy files and snapshots: loads them the way `--policies` and `validate` would,
/// runs every rule, applies the configured levels and the ignore comments.
///
/// Stages:
/// 1. classify each file by its documents' `kind` (`ClusterSnapshot` → snapshot, anything
///    else → policies);
/// 2. load the policy files into the built-in library (`PolicyLibrary.load`), check every
///    linted unit, and compile every scheduling policy of the library; load each snapshot and
///    compile its scheduling policy with its property overrides;
/// 3. offer each diagnostic from stage 2 that points into a linted file to the rules in
///    registry order (the first that claims it reports it under its own code), then run each
///    rule's own checks;
/// 4. drop rules set to `ignore`, move findings silenced by ignore comments to the
///    exemptions, and sort.
///
/// ```swift
/// var sources = SourceMap()
/// let file = sources.add(path: "policies/custom.yaml", bytes: bytes)
/// let result = Linter().lint([file], sources: &sources)
/// ```
package struct Linter: Sendable {
  /// Per-rule levels.
  package var configuration: LintConfiguration
  /// YAML limits for every file.
  package var yamlLimits: YAMLLimits
  /// The rules (by default every registered rule).
  package var rules: [any LintRule]

  /// Creates a linter.
  package init(
    configuration: LintConfiguration = LintConfiguration(), yamlLimits: YAMLLimits = .default,
    rules: [any LintRule] = LintRegistry.rules
  ) {
    self.configuration = configuration
    self.yamlLimits = yamlLimits
    self.rules = rules
  }

  /// Lints files that are already in `sources`.
  ///
  /// - Parameters:
  ///   - files: the files to lint, in a stable order (the CLI sorts paths).
  ///   - sources: the map the files belong to; receives the built-in policy files.
  /// - Returns: the findings and exemptions, sorted.
  /// - Complexity: O(total size of the files and the built-in policies).
  package func lint(_ files: [SourceFile], sources: inout SourceMap) -> LintResult {
    var workspace = Workspace(sources: sources, limits: yamlLimits)
    defer { sources = workspace.sources }
    return lint(files, workspace: &workspace)
  }

  /// Lints files that `workspace` has read.
  ///
  /// - Parameters:
  ///   - files: the files to lint, in a stable order (the CLI sorts paths).
  ///   - workspace: the workspace the files were read with; receives the built-in policies.
  package func lint(_ files: [SourceFile], workspace: inout Workspace) -> LintResult {
    lint(makeContext(files, workspace: &workspace))
  }

  func lint(_ prepared: PreparedContext) -> LintResult {
    let context = prepared.context
    var raw: [(rule: RuleMetadata, diagnostic: Diagnostic, underlying: DiagnosticCode?)] = []
    var seenRuleSpans: Set<String> = []
    for diagnostic in prepared.diagnostics {
      guard let rule = rules.first(where: { $0.claims(diagnostic, in: context) }) else { continue }
      raw.append((rule.metadata, diagnostic, diagnostic.code))
      seenRuleSpans.insert(Self.key(rule.metadata, diagnostic.span))
    }
    for rule in rules where configuration.level(of: rule.metadata) != .ignore {
      var findings: [RuleFinding] = []
      rule.check(context, into: &findings)
      for finding in findings {
        // A rule's own check may find what the loader already reported at the same place.
        guard seenRuleSpans.insert(Self.key(rule.metadata, finding.span)).inserted else {
          continue
        }
        let diagnostic = Diagnostic(
          code: rule.metadata.code, message: finding.message, span: finding.span,
          notes: finding.notes, help: finding.help)
        raw.append((rule.metadata, diagnostic, nil))
      }
    }
    let masks = Dictionary(
      uniqueKeysWithValues: context.files.map { ($0.file.id, SuppressionMask($0.file)) })
    var findings: [LintFinding] = []
    var exemptions: [LintFinding] = []
    for (rule, original, underlying) in raw {
      guard let levelSeverity = configuration.level(of: rule).severity else { continue }
      var diagnostic = original
      diagnostic.code = rule.code
      // A loader warning stays a warning under a rule set to error, except an undeclared
      // policy property: the compiler accepts it as oVirt does, lint still reports it at L010's
      // level (a typo there is silently ignored).
      let keepsLevel = underlying == nil || rule.code == UndeclaredPropertyRule.metadata.code
      diagnostic.severity = keepsLevel ? levelSeverity : min(levelSeverity, original.severity)
      let file = diagnostic.span.flatMap { context.file(containing: $0) }
      let path = file?.path ?? original.path ?? ""
      let finding = LintFinding(
        rule: rule, diagnostic: diagnostic, underlyingCode: underlying, path: path)
      if let span = diagnostic.span, let file, let mask = masks[file.id],
        mask.isSuppressed(rule.name, onLine: file.lineIndex(containing: Int(span.start)))
      {
        exemptions.append(finding)
      } else {
        findings.append(finding)
      }
    }
    return LintResult(
      findings: Self.sorted(findings, prepared.fileOrder),
      exemptions: Self.sorted(exemptions, prepared.fileOrder),
      files: context.files.map { .init(path: $0.file.path, role: $0.role) })
  }

  static func key(_ rule: RuleMetadata, _ span: SourceSpan?) -> String {
    "\(rule.code)@\(span?.file.rawValue ?? UInt32.max):\(span?.start ?? 0)"
  }

  /// Sorts like ``Diagnostic/sorted(_:)``; findings without a span go after their file's
  /// findings rather than after every file.
  static func sorted(_ findings: [LintFinding], _ fileOrder: [String: Int]) -> [LintFinding] {
    findings.enumerated().sorted { lhs, rhs in
      let a = lhs.element
      let b = rhs.element
      let fileA = fileOrder[a.path] ?? Int.max
      let fileB = fileOrder[b.path] ?? Int.max
      if fileA != fileB { return fileA < fileB }
      let startA = a.diagnostic.span.map { Int($0.start) } ?? Int.max
      let startB = b.diagnostic.span.map { Int($0.start) } ?? Int.max
      if startA != startB { return startA < startB }
      if a.rule.code != b.rule.code { return a.rule.code < b.rule.code }
      if a.diagnostic.message != b.diagnostic.message {
        return a.diagnostic.message < b.diagnostic.message
      }
      return lhs.offset < rhs.offset
    }.map(\.element)
  }

  // MARK: Loading

  struct PreparedContext {
    var context: LintContext
    var diagnostics: [Diagnostic]
    var fileOrder: [String: Int]
  }

  func makeContext(_ files: [SourceFile], workspace: inout Workspace) -> PreparedContext {
    var linted: [LintedFile] = []
    for file in files {
      var scratch = DiagnosticBag(limit: 1)
      let documents = YAMLParser(limits: yamlLimits).parse(file, diagnostics: &scratch)
      let isSnapshot = documents.contains { document in
        document.root.mappingValue?["kind"]?.scalarValue?.value == ClusterSnapshot.kind
      }
      linted.append(
        LintedFile(file: file, role: isSnapshot ? .snapshot : .policies, documents: documents))
    }
    var bag = DiagnosticBag(limit: Int(Int32.max))
    // A document with a loading error is kept with what could be read, so the other rules
    // still check it: one run reports every independent problem of a file.
    let library = workspace.loadLibrary(
      layers: [linted.filter { $0.role == .policies }.map(\.file)],
      keepingDamagedDocuments: true, diagnostics: &bag)
    let compiler = PolicyCompiler(library: library)
    let lintedIDs = Set(linted.map(\.file.id))
    var pipelines: [String: SchedulingPipeline] = [:]
    for entry in library.entries {
      switch entry.document {
      case .unit(let unit) where lintedIDs.contains(unit.origin.span.file):
        compiler.checkUnit(unit, diagnostics: &bag)
      case .scheduling(let policy):
        if let pipeline = compiler.compile(
          policy, provenance: entry.provenance, overrides: nil, &bag)
        {
          pipelines[policy.name] = pipeline
        }
      default: break
      }
    }
    var snapshots: [LintedSnapshot] = []
    for file in linted where file.role == .snapshot {
      guard let loaded = workspace.snapshot(path: file.file.path, diagnostics: &bag) else {
        continue
      }
      // Every cluster of a data center is linted on its own, with its own policies.
      let root = file.documents.first?.root.mappingValue
      let entries = root?["clusters"]?.sequenceValue?.items ?? []
      for (position, snapshot) in loaded.dataCenter.clusters.enumerated() {
        let cluster =
          loaded.dataCenter.isDataCenter
          ? (entries.indices.contains(position)
            ? entries[position].mappingValue?["cluster"]?.mappingValue : nil)
          : root?["cluster"]?.mappingValue
        let schedulingNode = cluster?["scheduling"]?.mappingValue?["policy"]
        let migrationNode = cluster?["migration"]?.mappingValue?["policy"]
        var pipeline: SchedulingPipeline?
        let name = snapshot.cluster.schedulingPolicy
        if library.schedulingPolicy(named: name) != nil {
          pipeline = workspace.pipeline(library: library, snapshot: snapshot, diagnostics: &bag)
        } else {
          bag.append(
            Self.unknownPolicy(
              name, kind: .schedulingPolicy, library: library, span: schedulingNode?.span,
              path: file.file.path))
        }
        let migration = snapshot.cluster.migrationPolicy
        if library.migrationPolicy(named: migration) == nil {
          bag.append(
            Self.unknownPolicy(
              migration, kind: .migrationPolicy, library: library, span: migrationNode?.span,
              path: file.file.path))
        }
        snapshots.append(LintedSnapshot(file: file.file, snapshot: snapshot, pipeline: pipeline))
      }
    }
    let paths = Set(linted.map(\.file.path))
    var seen: Set<Diagnostic> = []
    var diagnostics: [Diagnostic] = []
    for original in bag.diagnostics {
      let diagnostic = Self.anchored(original, in: lintedIDs)
      let isLinted =
        diagnostic.span.map { lintedIDs.contains($0.file) }
        ?? diagnostic.path.map(paths.contains) ?? false
      if isLinted, seen.insert(diagnostic).inserted { diagnostics.append(diagnostic) }
    }
    var fileOrder: [String: Int] = [:]
    for (index, file) in linted.enumerated() where fileOrder[file.file.path] == nil {
      fileOrder[file.file.path] = index
    }
    let context = LintContext(
      files: linted, library: library, pipelines: pipelines, snapshots: snapshots)
    return PreparedContext(context: context, diagnostics: diagnostics, fileOrder: fileOrder)
  }

  /// A diagnostic that points into a built-in file but whose note points into a linted file
  /// (a linted unit that conflicts with a built-in one) is moved to the note's place, with a
  /// note back at the built-in.
  static func anchored(_ diagnostic: Diagnostic, in linted: Set<SourceFileID>) -> Diagnostic {
    guard let span = diagnostic.span, !linted.contains(span.file),
      let index = diagnostic.notes.firstIndex(where: { note in
        note.span.map { linted.contains($0.file) } ?? false
      })
    else { return diagnostic }
    var moved = diagnostic
    let note = moved.notes.remove(at: index)
    moved.span = note.span
    moved.notes.insert(Diagnostic.Note("the other side is here", at: span), at: 0)
    return moved
  }

  static func unknownPolicy(
    _ name: String, kind: PolicyKind, library: PolicyLibrary, span: SourceSpan?, path: String
  ) -> Diagnostic {
    let names = library.names(of: kind)
    return Diagnostic(
      code: DiagnosticDescriptor.compileUnknownPolicy.code,
      message: "no \(kind.rawValue) named '\(name)'", span: span,
      help: DidYouMean.help(for: name, among: names)
        ?? "\(kind.rawValue) names: " + names.joined(separator: ", "), path: path)
  }
}
