import Diagnostics
import Inventory

extension ClusterImport {
  static let hostStatuses: [String: HostStatus] = [
    "up": .up, "down": .down, "maintenance": .maintenance,
    "preparing_for_maintenance": .preparingForMaintenance, "non_operational": .nonOperational,
    "non_responsive": .nonResponsive, "error": .error, "connecting": .connecting,
    "initializing": .initializing, "installing": .installing, "installing_os": .installing,
    "install_failed": .installFailed, "reboot": .reboot, "pending_approval": .pendingApproval,
    "kdumping": .kdumping, "unassigned": .unassigned,
  ]

  /// Maps one `<host>` of the imported cluster.
  mutating func readHost(_ node: XMLNode, _ file: SourceFile, _ shared: ImportLookups) {
    guard let id = node.id, owns(node) else { return }
    let name = node.text("name") ?? id
    let owner = "host '\(name)'"
    guard claim(name, "hosts", in: \.hostOffsetByName, node, file) else { return }
    let status =
      enumeration(node, "status", file, of: owner, Self.hostStatuses, fallback: .unassigned)
      ?? .unassigned
    let physical = Self.mebibytes(Double(int(node, "memory", file, of: owner) ?? 0))
    var host = Host(
      name: name, status: status, physicalMemoryMiB: physical, freeMemoryMiB: physical)

    // CPU: the API gives the topology per socket and per core; the snapshot wants totals.
    let sockets = int(node, "cpu.topology.sockets", file, of: owner)
    let cores = int(node, "cpu.topology.cores", file, of: owner)
    let threads = int(node, "cpu.topology.threads", file, of: owner)
    if let sockets, let cores, let threads, sockets > 0, cores > 0, threads > 0 {
      host.cpuSockets = sockets
      host.cpuCores = sockets.multipliedReportingOverflow(by: cores).partialValue
      host.cpuThreads = host.cpuCores.map {
        $0.multipliedReportingOverflow(by: threads).partialValue
      }
    } else {
      assumptions.assumeFor(
        "hosts[].cpu.sockets", "unset",
        "the host reports no CPU topology (it has not been up since it was added)")
    }
    host.cpuModel = node.text("cpu.name")
    host.cpuLevel = node.text("cpu.type")
    if let user = statistic(node, "cpu.current.user"),
      let system = statistic(node, "cpu.current.system")
    {
      host.cpuUsagePercent = min(100, max(0, user + system))
    } else if let idle = statistic(node, "cpu.current.idle") {
      host.cpuUsagePercent = min(100, max(0, 100 - idle))
    }
    assumptions.assumeFor(
      "hosts[].cpu.overThresholdSince", "unset",
      "the API does not expose since when a host's CPU load has been over the threshold, "
        + "so no host counts as over-utilised for longer than CpuOverCommitDurationMinutes")
    assumptions.assumeFor(
      "hosts[].cpu.flags", "[]", "the API does not expose host CPU flags")

    // Memory.
    if let free = statistic(node, "memory.free") {
      host.freeMemoryMiB = min(physical, Self.mebibytes(free))
    } else {
      assumptions.assumeFor(
        "hosts[].memory.freeMiB", "physicalMiB",
        "the host reports no memory statistics (it is not up)")
    }
    hostMaxSchedulingMiB.append(
      int(node, "max_scheduling_memory", file, of: owner).map { Self.mebibytes(Double($0)) })
    assumptions.assumeFor(
      "hosts[].memory.reservedMiB", "0",
      "the API does not expose the memory reserved for the host; it is part of committedMiB, "
        + "derived from max_scheduling_memory, so Shepherd's schedulable memory equals the "
        + "engine's")
    if let total = statistic(node, "swap.total") {
      host.swapTotalMiB = Self.mebibytes(total)
      host.swapFreeMiB = min(
        host.swapTotalMiB, statistic(node, "swap.free").map(Self.mebibytes) ?? 0)
    }
    host.hugepages = hugepages(node)
    host.numaNodes = numaNodes(node, file, of: owner)

    // Connectivity.
    var networks: [String] = []
    for attachment in node.items("network_attachments", "network_attachment") {
      guard let networkID = attachment.child("network")?.id else { continue }
      if let name = attachment.child("network")?.text("name") ?? shared.networkNames[networkID] {
        if !networks.contains(name) { networks.append(name) }
      } else {
        unresolved("network", networkID, of: owner, file, attachment.offset)
      }
    }
    host.networks = networks
    for device in node.items("devices", "host_device")
    where device.text("capability") == "pci" && device.text("placeholder") != "true" {
      if let deviceName = device.text("name") { host.hostDevices.append(deviceName) }
    }
    host.hasDevicePassthrough = bool(node, "device_passthrough.enabled", file, of: owner) ?? false
    for hook in node.items("hooks", "hook") {
      if let hookName = hook.text("name"), !host.hooks.contains(hookName) {
        host.hooks.append(hookName)
      }
    }

    // Software.
    if let osType = node.text("os.type") {
      host.osVersion = Self.version(node.node("os.version")).map { "\(osType)-\($0)" } ?? osType
    }

    // Hosted engine, power management, SPM.
    host.isHostedEngineConfigured = bool(node, "hosted_engine.configured", file, of: owner) ?? false
    host.hostedEngineScore = min(
      3400, max(0, int(node, "hosted_engine.score", file, of: owner) ?? 0))
    host.isHostedEngineLocalMaintenance =
      bool(node, "hosted_engine.local_maintenance", file, of: owner) ?? false
    host.isPowerManagementEnabled = bool(node, "power_management.enabled", file, of: owner) ?? false
    host.isPowerControlledByPolicy =
      host.isPowerManagementEnabled
      && (bool(node, "power_management.automatic_pm_enabled", file, of: owner) ?? false)
    if node.text("spm.status") == "spm" { spmHostName = name }

    hostIndexByID[id] = hosts.count
    hosts.append(host)
  }

  /// Static hugepages from the `hugepages.<size KiB>.total` / `.free` statistics.
  private func hugepages(_ node: XMLNode) -> [HugepagePool] {
    var totals: [Int: Int] = [:]
    var frees: [Int: Int] = [:]
    for item in node.items("statistics", "statistic") {
      guard let name = item.text("name"), name.hasPrefix("hugepages.") else { continue }
      let parts = name.split(separator: ".")
      guard parts.count == 3, let size = Int(parts[1]), size > 0,
        let value = item.text("values.value.datum").flatMap(Double.init), value >= 0,
        value < 1e15
      else { continue }
      if parts[2] == "total" { totals[size] = Int(value) }
      if parts[2] == "free" { frees[size] = Int(value) }
    }
    return totals.keys.sorted().map { size in
      let total = totals[size] ?? 0
      return HugepagePool(
        pageSizeKiB: size, totalPages: total, freePages: min(total, frees[size] ?? 0))
    }
  }

  private mutating func numaNodes(_ node: XMLNode, _ file: SourceFile, of owner: String)
    -> [NUMANode]
  {
    var nodes: [NUMANode] = []
    for item in node.items("host_numa_nodes", "host_numa_node") {
      guard let index = int(item, "index", file, of: owner), index >= 0,
        !nodes.contains(where: { $0.id == index })
      else { continue }
      let cpus = item.items("cpu.cores", "core").compactMap { $0.text("index").flatMap { Int($0) } }
        .filter { $0 >= 0 }
      // NUMA node memory is in MiB in the API; its free-memory statistic in bytes.
      let memory = max(0, int(item, "memory", file, of: owner) ?? 0)
      let free = statistic(item, "memory.free").map { min(memory, Self.mebibytes($0)) }
      nodes.append(NUMANode(id: index, cpus: cpus, memoryMiB: memory, freeMiB: free))
    }
    return nodes
  }

  /// Reports a reference to an id no document defines (a warning; the reference is dropped).
  mutating func unresolved(
    _ what: String, _ id: String, of owner: String, _ file: SourceFile, _ offset: Int
  ) {
    diagnostics.append(
      Diagnostic(
        code: DiagnosticDescriptor.importUnknownReference.code, severity: .warning,
        message: "\(owner) refers to \(what) '\(id)', which no saved document defines; "
          + "it is left out",
        span: span(file, offset)))
  }

  /// Fields that need the whole cluster: storage, compatibility, emulated machines, and
  /// committed memory.
  mutating func finishHosts(_ cluster: Cluster, _ shared: ImportLookups) {
    let machines = vms.compactMap(\.customEmulatedMachine).reduce(into: [String]()) {
      if !$0.contains($1) { $0.append($1) }
    }.sorted()
    var runningMiB = [Int](repeating: 0, count: hosts.count)
    for vm in vms where vm.isRunning {
      if let index = vm.hostIndex { runningMiB[index] += vm.memoryMiB + vm.staticOverheadMiB }
    }
    for index in hosts.indices {
      hosts[index].storageDomains = cluster.storageDomains
      hosts[index].compatibilityVersions = [cluster.compatibilityVersion]
      hosts[index].emulatedMachines = machines
      let capacity =
        Double(cluster.memoryOvercommitPercent) * Double(hosts[index].physicalMemoryMiB) / 100
      if hosts[index].status == .up, let maxScheduling = hostMaxSchedulingMiB[index] {
        hosts[index].committedMemoryMiB = max(0, Int(capacity.rounded(.down)) - maxScheduling)
      } else {
        hosts[index].committedMemoryMiB = runningMiB[index]
        assumptions.assumeFor(
          "hosts[].memory.committedMiB", "guest memory + overhead of its running VMs",
          "the engine reports max_scheduling_memory only for hosts that are up")
      }
    }
    if !hosts.isEmpty {
      if shared.loaded.contains(.storageDomains) {
        assumptions.assume(
          "hosts[].storageDomains", "every storage domain of the cluster's data center",
          "the API reports storage access per data center, not per host")
      }
      assumptions.assume(
        "hosts[].software.compatibilityVersions", "[\(cluster.compatibilityVersion)]",
        "the API does not list the cluster levels a host supports; the engine keeps hosts "
          + "that cannot run the cluster's level non-operational")
      assumptions.assume(
        "hosts[].software.emulatedMachines",
        machines.isEmpty ? "[]" : "[" + machines.joined(separator: ", ") + "]",
        "the API does not list a host's emulated machines; every host is assumed to support "
          + "those the cluster's VMs ask for")
      assumptions.assume(
        "hosts[].cpu.tscFrequencyHz", "unset", "the API does not expose TSC frequencies")
    }
  }
}
