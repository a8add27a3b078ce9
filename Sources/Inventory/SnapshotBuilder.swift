import Diagnostics
import YAMLDocument

/// Accumulates the entities of one snapshot while ``SnapshotLoader`` reads it, and checks
/// names, references and cross-field rules as it goes.
///
/// Hosts are read before VMs and VMs before affinity groups (whatever the key order in the
/// file), so every reference can be checked the moment it is read, against hash maps.
struct SnapshotBuilder {
  var takenAt: Timestamp?
  var cluster = Cluster(name: "")
  var hosts: [Host] = []
  var vms: [VirtualMachine] = []
  var groups: [AffinityGroup] = []
  var pending: [PendingPlacement] = []
  var pendingSpanByVM: [String: SourceSpan] = [:]
  var labels: [AffinityLabel] = []
  var labelSpanByName: [String: SourceSpan] = [:]
  private var hostIndexByName: [String: Int] = [:]
  private var vmIndexByName: [String: Int] = [:]
  private var groupSpanByName: [String: SourceSpan] = [:]
  private var vmIDSpans: [String: SourceSpan] = [:]
  private var hostNames: [String] = []
  private var vmNames: [String] = []

  // MARK: - Names and references

  /// Reads the `name` field, rejects an empty one, and names the reader's owner.
  private func readName(
    _ reader: inout ObjectReader, kind: String, _ context: inout LoadContext
  ) -> String? {
    guard let name = reader.string("name", &context) else { return nil }
    if name.isEmpty {
      context.diagnostics.report(
        .inventoryOutOfRange, "the name of a \(kind) must not be empty", at: reader.span("name"))
      return nil
    }
    reader.setOwner("\(kind) '\(name)'")
    return name
  }

  /// Reports I008; `kind` is "host", "VM", "affinity group" (a name) or, with `isName`
  /// false, a key such as "hugepage size" that must appear once.
  private func reportDuplicate(
    _ name: String, kind: String, isName: Bool = true, at span: SourceSpan?,
    first: SourceSpan?, _ context: inout LoadContext
  ) {
    context.diagnostics.report(
      .inventoryDuplicateName, "duplicate \(kind)\(isName ? " name" : "") '\(name)'", at: span,
      notes: [Diagnostic.Note("'\(name)' is first defined here", at: first)],
      help: isName ? "give every \(kind) a unique name" : "list each \(kind) once")
  }

  /// Reports I009 unless `name` is a known host.
  func checkHostReference(
    _ name: String, at span: SourceSpan?, what: @autoclosure () -> String,
    _ context: inout LoadContext
  ) {
    guard hostIndexByName[name] == nil else { return }
    reportUnknown(name, among: hostNames, "unknown host '\(name)' as \(what())", at: span, &context)
  }

  /// Reports I009 for a name that is not among `known`, with a did-you-mean.
  private func reportUnknown(
    _ name: String, among known: [String], _ message: String, at span: SourceSpan?,
    _ context: inout LoadContext
  ) {
    let help = context.diagnostics.isFull ? nil : DidYouMean.help(for: name, among: known)
    context.diagnostics.report(.inventoryUnknownReference, message, at: span, help: help)
  }

  /// The index of a host read so far.
  func hostIndex(named name: String) -> Int? { hostIndexByName[name] }

  /// Reports I009 unless `name` is a known VM.
  func checkVMReference(
    _ name: String, at span: SourceSpan?, what: @autoclosure () -> String,
    _ context: inout LoadContext
  ) {
    guard vmIndexByName[name] == nil else { return }
    reportUnknown(name, among: vmNames, "unknown VM '\(name)' in \(what())", at: span, &context)
  }

  /// Checks every item of a host-name list field.
  func checkHostReferences(
    _ names: [String], in reader: ObjectReader, field: String,
    what: @autoclosure () -> String, _ context: inout LoadContext
  ) {
    guard !names.isEmpty else { return }
    let items = reader.node(field)?.sequenceValue?.items ?? []
    for (index, name) in names.enumerated() {
      checkHostReference(
        name, at: index < items.count ? items[index].span : reader.span(field), what: what(),
        &context)
    }
  }

  // MARK: - Cluster

  mutating func readCluster(_ reader: ObjectReader, _ context: inout LoadContext) {
    var cluster = Cluster(name: reader.string("name", &context) ?? "")
    cluster.span = reader.mapping.span
    cluster.nameSpan = reader.span("name")
    if let cpu = reader.object("cpu", &context) {
      cluster.cpuArchitecture =
        cpu.enumeration("architecture", as: CPUArchitecture.self, &context) ?? .x86_64
      cluster.cpuType = cpu.string("type", &context)
      cluster.cpuFlags = cpu.stringList("flags", &context) ?? []
    }
    cluster.compatibilityVersion = reader.string("compatibilityVersion", &context) ?? ""
    cluster.memoryOvercommitPercent = reader.int("memoryOvercommitPercent", &context) ?? 100
    cluster.countsThreadsAsCores = reader.bool("countThreadsAsCores", &context) ?? false
    cluster.spmHostName = reader.string("spmHost", &context)
    cluster.requiredNetworks = reader.stringList("requiredNetworks", &context) ?? []
    cluster.displayNetwork = reader.string("displayNetwork", &context)
    cluster.storageDomains = reader.stringList("storageDomains", &context) ?? []
    cluster.hasHAReservation = reader.bool("haReservation", &context) ?? false
    if let scheduling = reader.object("scheduling", &context) {
      cluster.schedulingPolicy = scheduling.string("policy", &context) ?? ""
      cluster.schedulingPolicySpan = scheduling.span("policy")
      cluster.schedulingProperties = scheduling.map("properties", &context) ?? PropertyMap()
    }
    if let migration = reader.object("migration", &context) {
      cluster.migrationPolicy = migration.string("policy", &context) ?? ""
      cluster.migrationPolicySpan = migration.span("policy")
      if let bandwidth = migration.object("bandwidth", &context) {
        cluster.migrationBandwidthMode =
          bandwidth.enumeration("mode", as: BandwidthMode.self, &context) ?? .auto
        cluster.migrationBandwidthMbps = bandwidth.int("mbps", &context)
        if bandwidth.node("mode")?.scalarValue?.value == BandwidthMode.custom.rawValue,
          bandwidth.node("mbps") == nil
        {
          context.diagnostics.report(
            .inventoryMissingField,
            "missing 'mbps' in 'migration.bandwidth' of \(reader.owner ?? "the cluster"), "
              + "required when mode is custom",
            at: bandwidth.mapping.span)
        }
      }
      cluster.maxConcurrentMigrations = migration.int("maxConcurrentMigrations", &context) ?? 2
      cluster.isMigrationEncrypted = migration.bool("encrypted", &context) ?? false
      cluster.parallelMigrations =
        migration.enumeration("parallelMigrations", as: ParallelMigrationsMode.self, &context)
        ?? .disabled
      cluster.parallelConnections = migration.int("parallelConnections", &context)
      if cluster.parallelMigrations == .custom, migration.node("parallelConnections") == nil {
        context.diagnostics.report(
          .inventoryMissingField,
          "missing 'parallelConnections' in 'migration' of \(reader.owner ?? "the cluster"), "
            + "required when "
            + "parallelMigrations is custom",
          at: migration.span("parallelMigrations"))
      }
    }
    cluster.resilience =
      reader.enumeration("resilience", as: ResilienceMode.self, &context) ?? .migrate
    self.cluster = cluster
  }

  // MARK: - Hosts

  mutating func readHost(_ reader: inout ObjectReader, _ context: inout LoadContext) {
    let name = readName(&reader, kind: "host", &context)
    var host = Host(
      name: name ?? "", status: reader.enumeration("status", as: HostStatus.self, &context) ?? .up,
      physicalMemoryMiB: 0, freeMemoryMiB: 0)
    host.span = reader.mapping.span
    host.nameSpan = reader.span("name")
    host.statusSpan = reader.span("status")

    if let cpu = reader.object("cpu", &context) {
      host.cpuSockets = cpu.int("sockets", &context)
      host.cpuCores = cpu.int("cores", &context)
      host.cpuThreads = cpu.int("threads", &context)
      host.cpuUsagePercent = cpu.double("usagePercent", &context)
      host.cpuOverThresholdSince = cpu.timestamp("overThresholdSince", &context)
      host.cpuModel = cpu.string("model", &context)
      host.cpuLevel = cpu.string("level", &context)
      host.cpuFlags = cpu.stringList("flags", &context) ?? []
      host.tscFrequencyHz = cpu.int("tscFrequencyHz", &context)
      host.hasTSCScaling = cpu.bool("tscScaling", &context) ?? false
      if let sockets = host.cpuSockets, let cores = host.cpuCores, cores < sockets {
        context.diagnostics.report(
          .inventoryInconsistentValues,
          "host '\(host.name)' has \(cores) CPU cores but \(sockets) sockets; "
            + "'cores' counts all cores over all sockets",
          at: cpu.span("cores"))
      }
      if let cores = host.cpuCores, let threads = host.cpuThreads, threads < cores {
        context.diagnostics.report(
          .inventoryInconsistentValues,
          "host '\(host.name)' has \(threads) CPU threads, fewer than its \(cores) cores",
          at: cpu.span("threads"), help: "'threads' counts all threads over all sockets (≥ cores)")
      }
      if let since = host.cpuOverThresholdSince, let takenAt, since > takenAt {
        context.diagnostics.report(
          .inventoryInconsistentValues,
          "'cpu.overThresholdSince' of host '\(host.name)' is after the snapshot's takenAt "
            + "(\(takenAt))",
          at: cpu.span("overThresholdSince"))
      }
    }
    if let memory = reader.object("memory", &context) {
      let physical = memory.int("physicalMiB", &context)
      let free = memory.int("freeMiB", &context)
      host.physicalMemoryMiB = physical ?? 0
      host.freeMemoryMiB = free ?? 0
      host.committedMemoryMiB = memory.int("committedMiB", &context) ?? 0
      host.reservedMemoryMiB = memory.int("reservedMiB", &context) ?? 0
      if let physical, let free, free > physical {
        context.diagnostics.report(
          .inventoryInconsistentValues,
          "host '\(host.name)' has \(free) MiB free memory, more than its \(physical) MiB "
            + "physical memory",
          at: memory.span("freeMiB"))
      }
    }
    host.guestOverheadMiB = reader.int("guestOverheadMiB", &context) ?? 65
    if let swap = reader.object("swap", &context) {
      let total = swap.int("totalMiB", &context)
      let free = swap.int("freeMiB", &context)
      host.swapTotalMiB = total ?? 0
      host.swapFreeMiB = free ?? 0
      if let total, let free, free > total {
        context.diagnostics.report(
          .inventoryInconsistentValues,
          "host '\(host.name)' has \(free) MiB free swap, more than its \(total) MiB of swap",
          at: swap.span("freeMiB"))
      }
    }
    var pageSizeSpans: [Int: SourceSpan] = [:]
    reader.forEachObject("hugepages", &context) { pool, context in
      let size = pool.int("sizeKiB", &context)
      let total = pool.int("total", &context)
      let free = pool.int("free", &context)
      if let size {
        if let first = pageSizeSpans[size] {
          reportDuplicate(
            String(size), kind: "hugepage size", isName: false, at: pool.span("sizeKiB"),
            first: first, &context)
        } else if let span = pool.span("sizeKiB") {
          pageSizeSpans[size] = span
        }
      }
      if let total, let free, free > total {
        context.diagnostics.report(
          .inventoryInconsistentValues,
          "host '\(host.name)' has \(free) free hugepages of \(size ?? 0) KiB, more than the "
            + "\(total) allocated",
          at: pool.span("free"))
      }
      host.hugepages.append(
        HugepagePool(pageSizeKiB: size ?? 0, totalPages: total ?? 0, freePages: free ?? 0))
    }
    host.numaNodes = readNUMANodes(reader, isHost: true, &context)
    host.networks = reader.stringList("networks", &context) ?? []
    host.storageDomains = reader.stringList("storageDomains", &context) ?? []
    host.labels = reader.stringList("labels", &context) ?? []
    host.hostDevices = reader.stringList("hostDevices", &context) ?? []
    host.hasDevicePassthrough = reader.bool("devicePassthrough", &context) ?? false
    var mdevSpans: [String: SourceSpan] = [:]
    reader.forEachObject("mdevTypes", &context) { item, context in
      let type = item.string("name", &context)
      let available = item.int("availableInstances", &context)
      if let type {
        if let first = mdevSpans[type] {
          reportDuplicate(
            type, kind: "mediated device type", isName: false, at: item.span("name"),
            first: first, &context)
        } else if let span = item.span("name") {
          mdevSpans[type] = span
        }
      }
      host.mdevTypes.append(
        MediatedDeviceType(name: type ?? "", availableInstances: available ?? 0))
    }
    if reader.node("leaseReadyStorageDomains") != nil {
      host.leaseReadyStorageDomains = reader.stringList("leaseReadyStorageDomains", &context)
    }
    let items = reader.node("leaseReadyStorageDomains")?.sequenceValue?.items ?? []
    for (index, domain) in (host.leaseReadyStorageDomains ?? []).enumerated()
    where !host.storageDomains.contains(domain) {
      context.diagnostics.report(
        .inventoryInconsistentValues,
        "host '\(host.name)' has the lease of storage domain '\(domain)' ready but does not "
          + "reach it",
        at: index < items.count ? items[index].span : reader.span("leaseReadyStorageDomains"),
        help: "add it to 'storageDomains', or remove it here")
    }
    host.hooks = reader.stringList("hooks", &context) ?? []
    if let software = reader.object("software", &context) {
      host.osVersion = software.string("os", &context)
      host.compatibilityVersions = software.stringList("compatibilityVersions", &context) ?? []
      host.emulatedMachines = software.stringList("emulatedMachines", &context) ?? []
    }
    if let engine = reader.object("hostedEngine", &context) {
      host.isHostedEngineConfigured = engine.bool("configured", &context) ?? false
      host.hostedEngineScore = engine.int("score", &context) ?? 0
      host.isHostedEngineLocalMaintenance = engine.bool("localMaintenance", &context) ?? false
    }
    if let power = reader.object("powerManagement", &context) {
      host.isPowerManagementEnabled = power.bool("enabled", &context) ?? false
      host.isPowerControlledByPolicy = power.bool("controlledByPolicy", &context) ?? false
    }

    if let name {
      if let first = hostIndexByName[name] {
        reportDuplicate(
          name, kind: "host", at: host.nameSpan, first: hosts[first].nameSpan, &context)
      } else {
        hostIndexByName[name] = hosts.count
        hostNames.append(name)
      }
    }
    hosts.append(host)
  }

  /// Reads `numaNodes` of a host or `numa.nodes` of a VM; node ids must be unique.
  private func readNUMANodes(
    _ reader: ObjectReader, isHost: Bool, _ context: inout LoadContext
  ) -> [NUMANode] {
    var nodes: [NUMANode] = []
    var idSpans: [Int: SourceSpan] = [:]
    reader.forEachObject(isHost ? "numaNodes" : "nodes", &context) { item, context in
      let id = item.int("id", &context)
      var node = NUMANode(
        id: id ?? 0, cpus: item.intList("cpus", &context) ?? [],
        memoryMiB: item.int("memoryMiB", &context) ?? 0)
      if isHost {
        node.freeMiB = item.int("freeMiB", &context)
      } else {
        node.pinnedHostNodes = item.intList("hostNodes", &context) ?? []
      }
      if let id {
        if let first = idSpans[id] {
          reportDuplicate(
            String(id), kind: "NUMA node id", isName: false, at: item.span("id"), first: first,
            &context)
        } else if let span = item.span("id") {
          idSpans[id] = span
        }
      }
      nodes.append(node)
    }
    return nodes
  }

  // MARK: - VMs

  mutating func readVM(_ reader: inout ObjectReader, _ context: inout LoadContext) {
    let name = readName(&reader, kind: "VM", &context)
    let status = reader.enumeration("status", as: VMStatus.self, &context)
    let memory = reader.int("memoryMiB", &context)
    let vcpus = reader.int("vcpus", &context)
    var vm = VirtualMachine(
      name: name ?? "", status: status ?? .down, memoryMiB: memory ?? 0, vcpus: vcpus ?? 0)
    vm.span = reader.mapping.span
    vm.nameSpan = reader.span("name")
    vm.hostSpan = reader.span("host")
    vm.hostName = reader.string("host", &context)
    readID(of: &vm, reader, &context)
    if let guaranteed = reader.int("guaranteedMemoryMiB", &context) {
      vm.guaranteedMemoryMiB = guaranteed
      if let memory, guaranteed > memory {
        context.diagnostics.report(
          .inventoryInconsistentValues,
          "VM '\(vm.name)' guarantees \(guaranteed) MiB, more than its \(memory) MiB of memory",
          at: reader.span("guaranteedMemoryMiB"))
      }
    }
    if let topology = reader.object("cpuTopology", &context) {
      let sockets = topology.int("sockets", &context)
      let cores = topology.int("coresPerSocket", &context)
      let threads = topology.int("threadsPerCore", &context)
      vm.cpuSockets = sockets
      vm.cpuCoresPerSocket = cores
      vm.cpuThreadsPerCore = threads
      if let sockets, let cores, let threads, let vcpus,
        product(sockets, cores, threads) != vcpus
      {
        context.diagnostics.report(
          .inventoryInconsistentValues,
          "the CPU topology of VM '\(vm.name)' gives \(sockets) × \(cores) × \(threads) = "
            + "\(product(sockets, cores, threads).map(String.init) ?? "too many") vCPUs, "
            + "but 'vcpus' is \(vcpus)",
          at: topology.mapping.span)
      }
    }
    vm.cpuUsagePercent = reader.double("cpuUsagePercent", &context)
    vm.ioThreads = reader.int("ioThreads", &context) ?? 0
    vm.memoryOverheadMiB = reader.int("memoryOverheadMiB", &context)
    vm.isHighlyAvailable = reader.bool("highlyAvailable", &context) ?? false
    vm.priority = reader.enumeration("priority", as: VMPriority.self, &context) ?? .low
    vm.migrationMode =
      reader.enumeration("migrationMode", as: MigrationMode.self, &context) ?? .migratable
    vm.pinnedHostNames = reader.stringList("pinnedHosts", &context) ?? []
    checkHostReferences(
      vm.pinnedHostNames, in: reader, field: "pinnedHosts",
      what: "a pinned host of VM '\(vm.name)'", &context)
    vm.preferredHostNames = reader.stringList("preferredHosts", &context) ?? []
    checkHostReferences(
      vm.preferredHostNames, in: reader, field: "preferredHosts",
      what: "a preferred host of VM '\(vm.name)'", &context)
    vm.customProperties = reader.map("customProperties", &context) ?? PropertyMap()
    for entry in vm.customProperties.entries
    where entry.key == "cache" || entry.key == "viodiskcache" {
      if DiskCacheMode(rawValue: entry.value) == nil {
        let allowed = DiskCacheMode.allCases.map(\.rawValue)
        context.diagnostics.report(
          .inventoryInvalidEnumValue,
          "invalid value '\(entry.value)' for custom property '\(entry.key)' of VM '\(vm.name)'",
          at: entry.valueSpan,
          help: DidYouMean.help(for: entry.value, among: allowed)
            ?? "expected one of: " + allowed.joined(separator: ", "))
      }
    }
    vm.networks = reader.stringList("networks", &context) ?? []
    vm.storageDomains = reader.stringList("storageDomains", &context) ?? []
    vm.leaseStorageDomain = reader.string("leaseStorageDomain", &context)
    vm.labels = reader.stringList("labels", &context) ?? []
    vm.hostDevices = reader.stringList("hostDevices", &context) ?? []
    vm.mdevTypes = reader.stringList("mdevTypes", &context) ?? []
    vm.isMdevNoDisplay = reader.bool("mdevNoDisplay", &context) ?? false
    if let pinning = reader.object("cpuPinning", &context) {
      vm.cpuPinningPolicy =
        pinning.enumeration("policy", as: CPUPinningPolicy.self, &context) ?? .none
      vm.cpuPinning = pinning.string("pinning", &context)
      let policyText = pinning.node("policy")?.scalarValue?.value ?? CPUPinningPolicy.none.rawValue
      if policyText == CPUPinningPolicy.manual.rawValue, vm.cpuPinning == nil {
        context.diagnostics.report(
          .inventoryInconsistentValues,
          "VM '\(vm.name)' has CPU pinning policy 'manual' but no 'pinning'",
          at: pinning.span("policy"), help: "add the pinning, e.g. pinning: \"0#1_1#2\"")
      } else if let text = vm.cpuPinning, policyText == CPUPinningPolicy.manual.rawValue,
        ManualCpuPinning(parsing: text) == nil
      {
        context.diagnostics.report(
          .inventoryInconsistentValues,
          "VM '\(vm.name)' has a malformed CPU pinning '\(text)'",
          at: pinning.span("pinning"),
          help: """
            write 'vcpu#cpus' entries joined by '_', cpus as n, a-b or ^n joined by ',', \
            e.g. \"0#1_1#2-3,^3\" (CPU numbers below \(ManualCpuPinning.cpuLimit))
            """)
      } else if vm.cpuPinning != nil, policyText != CPUPinningPolicy.manual.rawValue {
        context.diagnostics.report(
          .inventoryInconsistentValues,
          "VM '\(vm.name)' has a manual 'pinning' but its CPU pinning policy is '\(policyText)'",
          at: pinning.span("pinning"), help: "set policy: manual, or remove 'pinning'")
      }
    }
    vm.hasCPUPassthrough = reader.bool("cpuPassthrough", &context) ?? false
    vm.usesTSCFrequency = reader.bool("usesTscFrequency", &context) ?? false
    vm.hugepageSizeKiB = reader.int("hugepageSizeKiB", &context)
    if let numa = reader.object("numa", &context) {
      vm.numaTuneMode = numa.enumeration("tuneMode", as: NUMATuneMode.self, &context) ?? .interleave
      vm.numaNodes = readNUMANodes(numa, isHost: false, &context)
    }
    vm.customEmulatedMachine = reader.string("customEmulatedMachine", &context)
    vm.customCPUType = reader.string("customCpuType", &context)
    vm.customCompatibilityVersion = reader.string("customCompatibilityVersion", &context)
    vm.isHostedEngine = reader.bool("hostedEngine", &context) ?? false

    checkPlacement(of: vm, status: status, reader, &context)

    if let name {
      if let first = vmIndexByName[name] {
        reportDuplicate(name, kind: "VM", at: vm.nameSpan, first: vms[first].nameSpan, &context)
      } else {
        vmIndexByName[name] = vms.count
        vmNames.append(name)
      }
    }
    vms.append(vm)
  }

  /// Reads `id`: a GUID, unique among the VMs (Docs/fields.md, `vms[].id`).
  private mutating func readID(
    of vm: inout VirtualMachine, _ reader: ObjectReader, _ context: inout LoadContext
  ) {
    guard let id = reader.string("id", &context) else { return }
    guard Self.isGUID(id) else {
      context.diagnostics.report(
        .inventoryOutOfRange, "'id' of VM '\(vm.name)' is not a GUID: '\(id)'",
        at: reader.span("id"),
        help: "the engine's VM id has 8-4-4-4-12 hex digits, e.g. "
          + "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
      return
    }
    if let first = vmIDSpans[id.lowercased()] {
      reportDuplicate(
        id, kind: "VM id", isName: false, at: reader.span("id"), first: first, &context)
    } else if let span = reader.span("id") {
      vmIDSpans[id.lowercased()] = span
    }
    vm.id = id
  }

  /// Whether `text` is a GUID: 8-4-4-4-12 hexadecimal digits.
  static func isGUID(_ text: String) -> Bool {
    let groups = text.split(separator: "-", omittingEmptySubsequences: false)
    return groups.map(\.count) == [8, 4, 4, 4, 12]
      && groups.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isHexDigit } }
  }

  /// A VM's host must exist, a running VM must have one that can run it, and a VM that is not
  /// running must have none.
  private func checkPlacement(
    of vm: VirtualMachine, status: VMStatus?, _ reader: ObjectReader,
    _ context: inout LoadContext
  ) {
    guard let status else { return }
    guard let hostName = vm.hostName else {
      if status.isRunning {
        context.diagnostics.report(
          .inventoryInconsistentState,
          "VM '\(vm.name)' is \(status.rawValue) but names no host",
          at: reader.span("status"),
          help: "add 'host:' with the host it runs on, or set its status to Down")
      }
      return
    }
    guard let hostIndex = hostIndexByName[hostName] else {
      checkHostReference(hostName, at: vm.hostSpan, what: "the host of VM '\(vm.name)'", &context)
      return
    }
    let host = hosts[hostIndex]
    if !status.isRunning {
      context.diagnostics.report(
        .inventoryInconsistentState,
        "VM '\(vm.name)' is \(status.rawValue) but names host '\(hostName)'",
        at: vm.hostSpan,
        help: "a VM that is not running has no host: remove 'host', or correct its status")
    } else if !host.status.canCarryRunningVMs
      || (host.status == .nonResponsive && status != .unknown)
    {
      let help =
        host.status == .nonResponsive
        ? "VMs on a NonResponsive host are reported with status Unknown"
        : "a \(host.status.rawValue) host runs no VMs: move the VM or correct the statuses"
      context.diagnostics.report(
        .inventoryInconsistentState,
        "VM '\(vm.name)' is \(status.rawValue) on host '\(hostName)', which is "
          + host.status.rawValue,
        at: vm.hostSpan,
        notes: [
          Diagnostic.Note("host '\(hostName)' is \(host.status.rawValue) here", at: host.statusSpan)
        ],
        help: help)
    }
  }

  // MARK: - Affinity groups

  mutating func readAffinityGroup(_ reader: inout ObjectReader, _ context: inout LoadContext) {
    let name = readName(&reader, kind: "affinity group", &context)
    var group = AffinityGroup(name: name ?? "")
    group.span = reader.mapping.span
    group.nameSpan = reader.span("name")
    group.vmNames = reader.stringList("vms", &context) ?? []
    let vmItems = reader.node("vms")?.sequenceValue?.items ?? []
    var listed: [String: Int] = [:]
    for (index, vmName) in group.vmNames.enumerated() {
      if let first = listed[vmName] {
        context.diagnostics.report(
          .inventoryDuplicateName,
          "VM '\(vmName)' is listed twice in affinity group '\(group.name)'",
          at: index < vmItems.count ? vmItems[index].span : reader.span("vms"),
          notes: first < vmItems.count
            ? [.init("'\(vmName)' first appears here", at: vmItems[first].span)] : [],
          help: "list each member once")
      } else {
        listed[vmName] = index
      }
    }
    for (index, vmName) in group.vmNames.enumerated() {
      checkVMReference(
        vmName, at: index < vmItems.count ? vmItems[index].span : reader.span("vms"),
        what: "affinity group '\(group.name)'", &context)
    }
    group.hostNames = reader.stringList("hosts", &context) ?? []
    checkHostReferences(
      group.hostNames, in: reader, field: "hosts",
      what: "a member of affinity group '\(group.name)'",
      &context)
    group.vmLabels = reader.stringList("vmLabels", &context) ?? []
    group.hostLabels = reader.stringList("hostLabels", &context) ?? []
    group.vmRule = readRule(reader, "vmRule", &context)
    group.hostRule = readRule(reader, "hostRule", &context)
    group.priority = reader.double("priority", &context) ?? 1

    if let name, let span = group.nameSpan {
      if let first = groupSpanByName[name] {
        reportDuplicate(name, kind: "affinity group", at: span, first: first, &context)
      } else {
        groupSpanByName[name] = span
      }
    }
    groups.append(group)
  }

  private func readRule(
    _ reader: ObjectReader, _ name: String, _ context: inout LoadContext
  ) -> AffinityGroup.Rule {
    guard let rule = reader.object(name, &context) else { return .disabled }
    let polarity = rule.enumeration("polarity", as: AffinityPolarity.self, &context) ?? .disabled
    let isEnforcing = rule.bool("enforcing", &context) ?? true
    return AffinityGroup.Rule(polarity: polarity, isEnforcing: isEnforcing)
  }
}

/// `a × b × c`, or `nil` on overflow (the factors are user input).
private func product(_ a: Int, _ b: Int, _ c: Int) -> Int? {
  let (ab, overflowAB) = a.multipliedReportingOverflow(by: b)
  let (abc, overflowABC) = ab.multipliedReportingOverflow(by: c)
  return overflowAB || overflowABC ? nil : abc
}
