import ArgumentParser
import Diagnostics
import Inventory
import Plan
import Workspace

/// `shepherd inspect`: a readable per-host summary of a snapshot.
struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Show a snapshot as a per-host table: status, CPU, memory, VM count and flags.",
    usage: "shepherd inspect <snapshot> [--cluster <name>] [<options>]",
    discussion: """
      Flags: SPM (the storage pool manager), HE (hosted-engine host, with its score), \
      'cpu>N% Xm' (CPU over the threshold for X minutes, as oVirt's CPUOverloaded filter \
      sees it), 'no cpu stats', PM (power management enabled).

      Examples:
        shepherd inspect Fixtures/clusters/demo.yaml
        shepherd inspect Fixtures/clusters/demo.yaml --vms
        shepherd inspect Fixtures/clusters/demo.yaml --format json
      """)

  @Argument(help: "The snapshot file (YAML or JSON).")
  var snapshot: String

  @OptionGroup var clusterOption: ClusterOption

  @Flag(help: "Also list the VMs on each host.")
  var vms = false

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @OptionGroup var limits: LimitOptions
  @OptionGroup var diagnosticOptions: DiagnosticOptions

  func run() throws {
    var session = CommandSession(limits: limits, diagnosticOptions: diagnosticOptions)
    guard let loaded = session.workspace.snapshot(path: snapshot, diagnostics: &session.bag),
      !session.bag.hasErrors,
      let clusters = session.clusters(of: loaded, named: clusterOption.cluster)
    else { return try session.failInput() }
    session.printDiagnostics()
    let reports = clusters.map { SnapshotSummary($0.snapshot) }
    let isDataCenter = loaded.dataCenter.isDataCenter
    switch format {
    case .text:
      Console.text(
        DataCenterPlan.sections(
          reports.map { ($0.snapshot.cluster.name, $0.text(listingVMs: vms)) },
          isDataCenter: isDataCenter))
    case .json:
      let json = DataCenterPlan.document(reports.map { $0.json() }, isDataCenter: isDataCenter)
      Console.out(json.serialized(pretty: true) + "\n")
    }
  }
}

/// The per-host figures `inspect` shows.
struct SnapshotSummary {
  struct HostRow {
    var name: String
    var status: String
    var cpuPercent: Double?
    var cores: Int?
    var memoryUsedMiB: Int
    var memoryTotalMiB: Int
    var vmCount: Int
    var flags: [String]
    var vmNames: [String]
  }

  var snapshot: ClusterSnapshot
  var rows: [HostRow]
  /// The CPU threshold used for the "over threshold" flag: the scheduling properties'
  /// HighUtilization, else oVirt's policy default 80.
  var highUtilization: Double

  init(_ snapshot: ClusterSnapshot) {
    self.snapshot = snapshot
    var threshold = 80.0
    if let value = snapshot.cluster.schedulingProperties["HighUtilization"].flatMap(Double.init) {
      threshold = value
    }
    highUtilization = threshold
    rows = snapshot.hosts.indices.map { index in
      let host = snapshot.hosts[index]
      var flags: [String] = []
      if snapshot.isSPM(hostIndex: index) { flags.append("SPM") }
      if host.isHostedEngineConfigured { flags.append("HE \(host.hostedEngineScore)") }
      if host.cpuUsagePercent == nil && host.status == .up { flags.append("no cpu stats") }
      if let seconds = snapshot.cpuOverThresholdDurationSeconds(ofHost: index),
        let usage = host.cpuUsagePercent, usage > threshold
      {
        flags.append("cpu>\(Int(threshold))% \(Int(seconds / 60))m")
      }
      if host.isPowerManagementEnabled { flags.append("PM") }
      return HostRow(
        name: host.name, status: host.status.rawValue, cpuPercent: host.cpuUsagePercent,
        cores: snapshot.effectiveCores(ofHost: index),
        memoryUsedMiB: host.memoryUsedMiB, memoryTotalMiB: host.physicalMemoryMiB,
        vmCount: snapshot.runningVMCount(onHost: index), flags: flags,
        vmNames: snapshot.runningVMs(onHost: index).map(\.name))
    }
  }

  func text(listingVMs: Bool) -> String {
    let cluster = snapshot.cluster
    let running = snapshot.vms.filter(\.isRunning).count
    var out =
      "cluster \(TerminalText.escaped(cluster.name)): \(snapshot.hosts.count) hosts, \(snapshot.vms.count) VMs "
    out += "(\(running) running), scheduling policy \(cluster.schedulingPolicy), "
    out += "snapshot taken \(snapshot.takenAt)\n\n"
    let header = [
      "HOST", "STATUS", "CPU%", "CORES", "MEMORY USED/TOTAL MiB", "MEM%", "VMS", "FLAGS",
    ]
    var table: [[String]] = [header]
    for row in rows {
      let memoryPercent =
        row.memoryTotalMiB > 0 ? Double(row.memoryUsedMiB) * 100 / Double(row.memoryTotalMiB) : 0
      table.append(
        [
          row.name, row.status, row.cpuPercent.map { Self.format($0) } ?? "-",
          row.cores.map(String.init) ?? "-", "\(row.memoryUsedMiB)/\(row.memoryTotalMiB)",
          Self.format(memoryPercent), String(row.vmCount), row.flags.joined(separator: ", "),
        ].map { TerminalText.escaped($0) })
    }
    out += TextLayout.table(table, rightAligned: [2, 3, 4, 5, 6]) { rowIndex in
      guard listingVMs, rowIndex > 0, !rows[rowIndex - 1].vmNames.isEmpty else { return "" }
      return "    vms: "
        + rows[rowIndex - 1].vmNames.map { TerminalText.escaped($0) }.joined(separator: ", ")
        + "\n"
    }
    return out
  }

  func json() -> JSONValue {
    .object([
      ("cluster", .string(snapshot.cluster.name)),
      ("takenAt", .string(snapshot.takenAt.description)),
      ("schedulingPolicy", .string(snapshot.cluster.schedulingPolicy)),
      (
        "hosts",
        .array(
          rows.map { row in
            .object([
              ("name", .string(row.name)),
              ("status", .string(row.status)),
              ("cpuUsagePercent", row.cpuPercent.map { .double($0) } ?? .null),
              ("effectiveCores", row.cores.map { .int($0) } ?? .null),
              ("memoryUsedMiB", .int(row.memoryUsedMiB)),
              ("memoryTotalMiB", .int(row.memoryTotalMiB)),
              ("runningVMCount", .int(row.vmCount)),
              ("flags", .array(row.flags.map { .string($0) })),
              ("vms", .array(row.vmNames.map { .string($0) })),
            ])
          })
      ),
    ])
  }

  /// One decimal at most, no trailing ".0".
  static func format(_ value: Double) -> String {
    TextLayout.number(value, maxFractionDigits: 1)
  }
}
