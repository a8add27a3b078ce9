import ArgumentParser
import Diagnostics
import Inventory
import Policy
import Workspace
import YAMLDocument

/// `shepherd validate`: checks snapshot files and reports every problem with its location.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check cluster snapshots (YAML or JSON) and report every problem.",
    usage: "shepherd validate <files> ... [--policies <path> ...] [<options>]",
    discussion: """
      Each file may hold several YAML documents; every document is checked according to its \
      `kind`: snapshots by the snapshot loader, policy documents (Filter, Weight, Balancer, \
      SchedulingPolicy, MigrationPolicy, ResiliencePolicy) by the policy loader and compiler, \
      as a last layer over the built-in library and the --policies layers. A snapshot's \
      scheduling policy must be in that library: give the directory `shepherd import ovirt \
      --policies-out` wrote with --policies, as `plan` takes it. All problems are reported in \
      one run, each as file:line:col with a stable code (see `shepherd codes`).

      Exit codes: 0 every file is valid, 1 problems were found, 2 usage error or a file \
      could not be read.

      Examples:
        shepherd validate Fixtures/clusters/demo.yaml
        shepherd validate Fixtures/clusters/*.yaml --format json
        shepherd validate prod.yaml --policies policies/
      """)

  @Argument(help: "Files to check.")
  var files: [String]

  /// The policy layers the snapshots' policies may come from (checked with them).
  @OptionGroup var layers: PolicyLayersOption

  @OptionGroup var clusterOption: ClusterOption

  @Option(help: "Output format: text (diagnostics on stderr, a summary on stdout) or json.")
  var format: OutputFormat = .text

  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func validate() throws {
    if files.isEmpty { throw ValidationError("give at least one file to check") }
  }

  func run() throws {
    var workspace = Workspace(limits: limits.yamlLimits)
    var bag = DiagnosticBag(limit: limits.maxDiagnostics)
    var unreadable = 0
    var documentCount = 0
    var policyFiles: [SourceFile] = []
    var snapshots: [ClusterSnapshot] = []
    var layerBag = DiagnosticBag(limit: bag.limit)
    let layerFiles = workspace.policyLayerFiles(layers.policies, diagnostics: &layerBag)
    if layerBag.hasErrors { unreadable += 1 }
    bag.merge(layerBag)
    for path in files {
      guard let file = workspace.read(path, diagnostics: &bag) else {
        unreadable += 1
        continue
      }
      let result = DocumentValidator(limits: limits.yamlLimits, cluster: clusterOption.cluster)
        .validate(file, into: &bag)
      documentCount += result.documents
      if result.hasPolicies { policyFiles.append(file) }
      snapshots += result.snapshots
    }
    // Policy documents are read and compiled as `--policies` would load them, over the
    // built-in library and the --policies layers; each snapshot's scheduling and migration
    // policies must be the library's.
    let library = workspace.loadLibrary(layers: layerFiles + [policyFiles], diagnostics: &bag)
    if !policyFiles.isEmpty || !layerFiles.isEmpty {
      PolicyCompiler(library: library).checkLibrary(diagnostics: &bag)
    }
    for snapshot in snapshots {
      for warning in snapshot.implausibleValues() { bag.append(warning) }
      if let unknown = Workspace.unknownSchedulingPolicy(snapshot, library) { bag.append(unknown) }
      if let unknown = Workspace.unknownMigrationPolicy(snapshot, library) { bag.append(unknown) }
    }
    let errors = bag.diagnostics.filter { $0.severity == .error }.count
    let warnings = bag.diagnostics.filter { $0.severity == .warning }.count
    diagnosticOptions.emit(bag, sources: workspace.sources, format: format)
    if format == .text {
      let fileWord = files.count == 1 ? "file" : "files"
      let documentWord = documentCount == 1 ? "document" : "documents"
      Console.out(
        "checked \(files.count) \(fileWord) (\(documentCount) \(documentWord)): "
          + "\(errors + bag.droppedCount) error\(errors + bag.droppedCount == 1 ? "" : "s"), "
          + "\(warnings) warning\(warnings == 1 ? "" : "s")\n")
    }
    if unreadable > 0 { throw CommandExit(code: .usage) }
    if bag.hasErrors { throw CommandExit(code: .findings) }
  }
}

/// Checks every document of a file according to its `kind`.
struct DocumentValidator {
  var limits: YAMLLimits
  /// `--cluster`: only this cluster of each snapshot is checked further (and it must exist).
  var cluster: String? = nil

  /// The document kinds `validate` understands.
  static let knownKinds = [ClusterSnapshot.kind] + PolicyKind.allCases.map(\.rawValue)

  /// Validates a file's snapshots and returns how many documents it held and whether it holds
  /// policy documents (checked afterwards, together, by the policy loader and compiler).
  func validate(_ file: SourceFile, into bag: inout DiagnosticBag) -> (
    documents: Int, hasPolicies: Bool, snapshots: [ClusterSnapshot]
  ) {
    var yamlBag = DiagnosticBag(limit: bag.limit)
    let documents = YAMLParser(limits: limits).parse(file, diagnostics: &yamlBag)
    bag.merge(yamlBag)
    // A file the YAML layer rejected is not checked further: its tree may be partial.
    if yamlBag.hasErrors { return (documents.count, false, []) }
    if documents.isEmpty {
      bag.report(
        .unknownDocumentKind, "the file holds no document", at: .point(file.id, 0),
        help: "a snapshot starts with 'apiVersion: shepherd/v1' and 'kind: ClusterSnapshot'")
    }
    var hasPolicies = false
    var snapshots: [ClusterSnapshot] = []
    for document in documents {
      guard let mapping = document.root.mappingValue else {
        bag.report(
          .unknownDocumentKind,
          "expected a mapping with a 'kind' key, found \(document.root.foundDescription)",
          at: document.root.span)
        continue
      }
      guard let kindNode = mapping["kind"], let kind = kindNode.scalarValue?.value else {
        bag.report(
          .unknownDocumentKind, "document has no 'kind'", at: mapping.span,
          help: "add 'kind: \(ClusterSnapshot.kind)' (or the policy kind) at the top level")
        continue
      }
      switch kind {
      case ClusterSnapshot.kind:
        if let dataCenter = SnapshotLoader(limits: limits).loadDataCenter(
          document, diagnostics: &bag)
        {
          snapshots += dataCenter.clusters.filter { cluster == nil || $0.cluster.name == cluster }
          if let cluster, dataCenter.cluster(named: cluster) == nil {
            bag.report(
              .unknownClusterName, "no cluster named '\(cluster)' in the snapshot",
              at: mapping["clusters"]?.span ?? mapping["cluster"]?.span ?? mapping.span,
              help: DidYouMean.help(for: cluster, among: dataCenter.clusterNames))
          }
        }
      case _ where PolicyKind(rawValue: kind) != nil:
        hasPolicies = true
      default:
        bag.report(
          .unknownDocumentKind, "unknown document kind '\(kind)'", at: kindNode.span,
          help: DidYouMean.help(for: kind, among: Self.knownKinds)
            ?? "validate reads: \(Self.knownKinds.joined(separator: ", "))")
      }
    }
    return (documents.count, hasPolicies, snapshots)
  }
}
