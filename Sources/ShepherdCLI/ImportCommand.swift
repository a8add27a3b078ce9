import ArgumentParser
import Diagnostics
import Foundation
import Import
import Inventory
import Policy
import ProgressReporting
import Workspace

/// `shepherd import`: snapshots from a virtualization manager.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Create a snapshot from a virtualization manager's API.",
    subcommands: [ImportOvirtCommand.self])
}

/// Output formats of an imported snapshot.
enum SnapshotFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
  case yaml
  case json
}

/// `shepherd import ovirt`: a snapshot of one oVirt / RHV cluster, from saved API responses
/// or a live engine.
struct ImportOvirtCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ovirt",
    abstract:
      "Import an oVirt/RHV cluster from saved API responses (--from) or a live engine (--url).",
    discussion: """
      Reads the engine's REST API (v4) XML: clusters, hosts, VMs, affinity groups and labels, \
      scheduling policies and their units, storage domains, networks and vNIC profiles \
      (Docs/import.md lists the documents, the curl commands that save them, and how every \
      field is mapped). Writes a snapshot that `validate`, `plan` and the other commands \
      read: of one cluster, or of every cluster of the engine (`clusters:`, a data center) \
      when it has several and --cluster does not name one.

      What the API does not expose gets a documented default; every such assumption is \
      listed on stderr and recorded under `x-assumed` in the snapshot. A custom scheduling \
      policy of a cluster is written as policy YAML with --policies-out DIR; plan with \
      `--policies DIR` then.

      Live: the password is read from the first line of --password-file and is never \
      printed; --save DIR keeps the raw responses so the import can be replayed with --from.

      Exit codes: 0 imported, 2 usage or input error (bad documents, unreachable engine).

      Examples:
        shepherd import ovirt --from Fixtures/ovirt/example --cluster prod-a \\
          -o prod-a.yaml --policies-out policies
        shepherd plan prod-a.yaml --policies policies
        shepherd import ovirt --url https://engine.example.com/ovirt-engine/api \\
          --user admin@internal --password-file ~/.ovirt-password \\
          --cluster prod-a --save responses -o prod-a.yaml
      """)

  @Option(help: "A directory of saved API responses (hosts.xml, vms.xml, …).")
  var from: String?

  @Option(help: "The engine's API URL, https://ENGINE/ovirt-engine/api.")
  var url: String?

  @Option(help: "The cluster to import; default: every cluster (a data center if several).")
  var cluster: String?

  @Option(
    name: [.short, .customLong("output")], help: "Write the snapshot here (default: stdout).")
  var output: String?

  @Option(help: "Snapshot format: yaml or json.")
  var format: SnapshotFormat = .yaml

  @Option(help: "Write the cluster's custom scheduling policy as policy YAML into this directory.")
  var policiesOut: String?

  @Option(help: "The snapshot instant (RFC 3339); default: the engine time in api.xml.")
  var takenAt: String?

  @Option(help: "Live: the user, with its profile, e.g. admin@internal.")
  var user: String?

  @Option(help: "Live: a file whose first line is the password.")
  var passwordFile: String?

  @Option(help: "Live: trust this CA (PEM, the engine's own) instead of the system store.")
  var caFile: String?

  @Flag(help: "Live: skip TLS verification (test installations only; exposes the password).")
  var insecure = false

  @Option(help: "Live: keep the raw responses in this directory (replay them with --from).")
  var save: String?

  @Option(help: "Live: seconds before a request is abandoned.")
  var timeout: Double = 60

  @OptionGroup var progressOptions: ProgressOptions
  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func validate() throws {
    if (from == nil) == (url == nil) {
      throw ValidationError("give exactly one of --from and --url")
    }
    if url != nil, user == nil || passwordFile == nil {
      throw ValidationError("--url needs --user and --password-file")
    }
    if from != nil, user != nil || passwordFile != nil || caFile != nil || insecure || save != nil {
      throw ValidationError(
        "--user, --password-file, --ca-file, --insecure and --save go with --url")
    }
    if caFile != nil, insecure { throw ValidationError("give --ca-file or --insecure, not both") }
    if !(timeout > 0 && timeout <= 86_400) {
      throw ValidationError("--timeout must be more than 0 and at most 86400 seconds")
    }
  }

  func run() throws {
    var session = CommandSession(limits: limits, diagnosticOptions: diagnosticOptions)
    let progressLine = progressOptions.progressLine()
    defer { progressLine?.finish() }
    var takenAtValue: Timestamp?
    if let takenAt {
      switch Timestamp.parse(takenAt) {
      case .success(let value): takenAtValue = value
      case .failure(let error): throw ValidationError("--taken-at: \(error.reason)")
      }
    }
    let documents: [OvirtSourceDocument]
    let source: String
    if let from {
      documents = readDirectory(from, &session)
      source = from
    } else {
      documents = try fetchLive(&session, progressLine: progressLine)
      source = url ?? ""
    }
    if session.bag.hasErrors { return try session.failInput() }

    var options = OvirtImportOptions(
      clusterName: cluster, takenAt: takenAtValue,
      fallbackTime: Timestamp(epochSeconds: Int64(Date().timeIntervalSince1970)),
      catalog: Self.catalog(&session))
    options.progress = progressLine?.handler
    let result = OvirtImporter(options: options).run(documents, limit: limits.maxDiagnostics)
    progressLine?.finish()
    session.bag.merge(result.diagnostics)
    guard let dataCenter = result.dataCenter, !session.bag.hasErrors else {
      return try session.failInput()
    }
    session.printDiagnostics()

    var header = "# Imported by `shepherd import ovirt` from \(source)"
    if let engine = result.engine { header += " (\(engine))" }
    header += ".\n"
    if !result.assumptions.isEmpty {
      header += "# Values the API does not expose are assumed; see x-assumed at the end.\n"
    }
    let text =
      format == .json
      ? SnapshotWriter.json(dataCenter) : SnapshotWriter.yaml(dataCenter, header: header)
    try Console.write(text, toFile: output == "-" ? nil : output)

    var notes = ""
    if let directory = policiesOut {
      try Self.makeDirectory(directory)
      for policy in result.policies {
        let path = (directory as NSString).appendingPathComponent(policy.fileName)
        try Console.write(policy.yaml, toFile: path)
        notes += "wrote scheduling policy '\(policy.name)' to \(path)\n"
      }
    } else if let policy = result.policies.first {
      let who = dataCenter.clusters.count == 1 ? "the cluster uses" : "a cluster uses"
      notes +=
        "note: \(who) the custom scheduling policy '\(policy.name)'; write it with "
        + "--policies-out DIR and plan with --policies DIR\n"
    }
    Console.err(Self.summary(dataCenter, result) + notes)
  }

  /// The summary and assumption list printed on stderr.
  static func summary(_ dataCenter: DataCenterSnapshot, _ result: OvirtImportResult) -> String {
    var out = ""
    if dataCenter.clusters.count > 1 {
      out += "imported \(dataCenter.clusters.count) clusters into one data-center snapshot\n"
    }
    for snapshot in dataCenter.clusters {
      out +=
        "imported cluster '\(snapshot.cluster.name)': \(snapshot.hosts.count) hosts, "
        + "\(snapshot.vms.count) VMs, \(snapshot.affinityGroups.count) affinity groups\n"
    }
    if !result.assumptions.isEmpty {
      out += "assumed (\(result.assumptions.count); the API does not expose these):\n"
      for assumption in result.assumptions {
        let count = assumption.count.map { " [\($0)×]" } ?? ""
        out += "  \(assumption.field) = \(assumption.value)\(count): \(assumption.reason)\n"
      }
    }
    return out
  }

  /// Shepherd's units and scheduling policies, from the built-in library.
  static func catalog(_ session: inout CommandSession) -> OvirtPolicyCatalog {
    var bag = DiagnosticBag()
    let library = session.workspace.library(layers: [], diagnostics: &bag) ?? PolicyLibrary()
    return OvirtPolicyCatalog(
      filters: Set(library.names(of: .filter)),
      mandatoryFilters: Set(library.mandatoryFilters.map(\.name)),
      weights: Set(library.names(of: .weight)), balancers: Set(library.names(of: .balancer)),
      schedulingPolicies: Set(library.names(of: .schedulingPolicy)))
  }

  /// Reads every `*.xml` directly in an import directory that names a known document.
  private func readDirectory(_ directory: String, _ session: inout CommandSession)
    -> [OvirtSourceDocument]
  {
    guard let paths = InputFiles.files(under: directory, suffixes: [".xml"]) else {
      session.bag.append(
        Diagnostic(
          code: DiagnosticDescriptor.unreadableInput.code,
          message: "'\(directory)' is not a directory of saved API responses", span: nil,
          path: directory))
      return []
    }
    let base = directory.hasSuffix("/") ? directory : directory + "/"
    let names = paths.map { String($0.dropFirst(base.count)) }.filter { !$0.contains("/") }
    var documents: [OvirtSourceDocument] = []
    for (name, document) in OvirtDocument.importFiles(among: names) {
      if let file = session.read(base + name) {
        documents.append(OvirtSourceDocument(document, file))
      }
    }
    return documents
  }

  /// Fetches the documents from the engine; problems go to the session, progress to the
  /// progress line on a terminal, else one line per request on stderr (none with --quiet).
  private func fetchLive(_ session: inout CommandSession, progressLine: ProgressLine?) throws
    -> [OvirtSourceDocument]
  {
    guard let url, let apiURL = URL(string: url),
      apiURL.scheme == "https" || apiURL.scheme == "http", apiURL.host != nil
    else {
      throw ValidationError("--url must be an http(s) URL such as https://ENGINE/ovirt-engine/api")
    }
    if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
      throw ValidationError("cannot read --ca-file '\(caFile)'")
    }
    let password = try readPassword()
    let client = OvirtClient(
      connection: OvirtConnection(
        apiURL: apiURL, user: user ?? "", password: password, timeout: timeout, caFile: caFile,
        insecure: insecure, maxResponseBytes: limits.maxInputBytes))
    let quiet = progressOptions.quiet
    let fetched = client.fetchAll(cluster: cluster) { update in
      if let progressLine {
        progressLine.report(update)
      } else if !quiet, let detail = update.detail {
        Console.err(detail + "\n")
      }
    }
    progressLine?.finish()
    session.bag.merge(fetched.diagnostics)
    if let save { try Self.makeDirectory(save) }
    var documents: [OvirtSourceDocument] = []
    for document in fetched.documents {
      var label = document.url
      if let save {
        label = (save as NSString).appendingPathComponent(document.fileName)
        try Console.write(Data(document.bytes), toFile: label)
      }
      let file = session.workspace.add(
        path: label, text: String(decoding: document.bytes, as: UTF8.self))
      documents.append(OvirtSourceDocument(document.document, file))
    }
    if let save, !fetched.documents.isEmpty {
      Console.err("saved \(fetched.documents.count) responses to \(save)\n")
    }
    return documents
  }

  /// Creates an output directory (`--policies-out`, `--save`); exits 2 when it cannot.
  private static func makeDirectory(_ path: String) throws {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      Console.err("error: cannot create directory '\(path)': \(error.localizedDescription)\n")
      throw CommandExit(code: .usage)
    }
  }

  /// The first line of --password-file, without its line break.
  private func readPassword() throws -> String {
    guard let path = passwordFile, let data = FileManager.default.contents(atPath: path) else {
      throw ValidationError("cannot read --password-file '\(passwordFile ?? "")'")
    }
    let text = String(decoding: data, as: UTF8.self)
    let line =
      text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first
      .map { String($0) } ?? ""
    let password = line.hasSuffix("\r") ? String(line.dropLast()) : line
    if password.isEmpty { throw ValidationError("--password-file '\(path)' is empty") }
    return password
  }
}
