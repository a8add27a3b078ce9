public import Diagnostics

/// Writes a ``ClusterSnapshot`` as snapshot YAML or JSON that ``SnapshotLoader`` reads back to
/// the same snapshot (spans aside).
///
/// Fields are written in registry order; a field is left out when it holds the registry's
/// default (empty lists, `false`, unset optionals), so the output stays short. YAML output is
/// block style with scalar lists in flow style; strings are quoted whenever a plain scalar
/// could read as something else (`"4.7"`, `"true"`, `"-x"`). JSON output is the same tree with
/// sorted keys.
///
/// ```swift
/// let yaml = SnapshotWriter.yaml(snapshot, header: "# Imported from oVirt")
/// ```
public enum SnapshotWriter {
  /// The snapshot as YAML text, optionally after a comment header (each line starting `#`).
  /// - Complexity: O(hosts + VMs + groups).
  public static func yaml(_ snapshot: ClusterSnapshot, header: String = "") -> String {
    yaml(tree(snapshot), header: header)
  }

  /// The snapshot as pretty JSON (keys sorted), ending with a newline.
  public static func json(_ snapshot: ClusterSnapshot) -> String {
    tree(snapshot).serialized(pretty: true) + "\n"
  }

  private static func yaml(_ tree: JSONValue, header: String) -> String {
    var out = header
    if !out.isEmpty, !out.hasSuffix("\n") { out += "\n" }
    writeYAMLMapping(tree, indent: 0, to: &out)
    return out
  }

  /// The snapshot as an ordered JSON tree (registry order); `serialized` sorts the keys.
  public static func tree(_ snapshot: ClusterSnapshot) -> JSONValue {
    var root = Fields()
    root.add("apiVersion", .string(ClusterSnapshot.apiVersion))
    root.add("kind", .string(ClusterSnapshot.kind))
    root.add("takenAt", .string(snapshot.takenAt.description))
    addCluster(snapshot, to: &root)
    root.addList("x-assumed", snapshot.assumptions.map(assumption))
    return root.value
  }

  /// A data center as YAML text: the one-cluster form for a snapshot read from one, else a
  /// `clusters:` list; optionally after a comment header.
  public static func yaml(_ dataCenter: DataCenterSnapshot, header: String = "") -> String {
    yaml(tree(dataCenter), header: header)
  }

  /// A data center as pretty JSON (keys sorted), ending with a newline.
  public static func json(_ dataCenter: DataCenterSnapshot) -> String {
    tree(dataCenter).serialized(pretty: true) + "\n"
  }

  /// A data center as an ordered JSON tree. The clusters share `takenAt` and `x-assumed` (the
  /// first cluster's, as the loader gives every cluster the file's).
  public static func tree(_ dataCenter: DataCenterSnapshot) -> JSONValue {
    guard dataCenter.isDataCenter || dataCenter.clusters.count != 1,
      let first = dataCenter.clusters.first
    else { return dataCenter.clusters.first.map(tree) ?? .object([]) }
    var root = Fields()
    root.add("apiVersion", .string(ClusterSnapshot.apiVersion))
    root.add("kind", .string(ClusterSnapshot.kind))
    root.add("takenAt", .string(first.takenAt.description))
    let clusters = dataCenter.clusters.map { snapshot -> JSONValue in
      var fields = Fields()
      addCluster(snapshot, to: &fields)
      return fields.value
    }
    root.add("clusters", .array(clusters))
    root.addList("x-assumed", first.assumptions.map(assumption))
    return root.value
  }

  /// What one cluster carries: its settings, hosts, VMs, groups, labels and pending entries.
  private static func addCluster(_ snapshot: ClusterSnapshot, to fields: inout Fields) {
    fields.add("cluster", cluster(snapshot.cluster))
    fields.add("hosts", .array(snapshot.hosts.map(host)))
    fields.addList("vms", snapshot.vms.map(vm))
    fields.addList(
      "affinityGroups", snapshot.affinityGroups.filter { !$0.isImplicitLabelGroup }.map(group))
    fields.addList("affinityLabels", snapshot.affinityLabels.map(label))
    fields.addList("pending", snapshot.pending.filter { !$0.isImplied }.map(pending))
  }

  // MARK: - Entities

  private static func cluster(_ cluster: Cluster) -> JSONValue {
    let defaults = Cluster(name: cluster.name)
    var fields = Fields()
    fields.add("name", .string(cluster.name))
    var cpu = Fields()
    cpu.add("architecture", .string(cluster.cpuArchitecture.rawValue))
    cpu.addOptional("type", cluster.cpuType)
    cpu.addStrings("flags", cluster.cpuFlags)
    fields.add("cpu", cpu.value)
    fields.add("compatibilityVersion", .string(cluster.compatibilityVersion))
    fields.add("memoryOvercommitPercent", .int(cluster.memoryOvercommitPercent))
    fields.addTrue("countThreadsAsCores", cluster.countsThreadsAsCores)
    fields.addOptional("spmHost", cluster.spmHostName)
    fields.addStrings("requiredNetworks", cluster.requiredNetworks)
    fields.addOptional("displayNetwork", cluster.displayNetwork)
    fields.addStrings("storageDomains", cluster.storageDomains)
    fields.addTrue("haReservation", cluster.hasHAReservation)
    var scheduling = Fields()
    scheduling.add("policy", .string(cluster.schedulingPolicy))
    if !cluster.schedulingProperties.isEmpty {
      scheduling.add("properties", properties(cluster.schedulingProperties))
    }
    fields.add("scheduling", scheduling.value)
    var migration = Fields()
    migration.add("policy", .string(cluster.migrationPolicy))
    var bandwidth = Fields()
    bandwidth.add("mode", .string(cluster.migrationBandwidthMode.rawValue))
    bandwidth.addOptional("mbps", cluster.migrationBandwidthMbps)
    migration.add("bandwidth", bandwidth.value)
    migration.add("maxConcurrentMigrations", .int(cluster.maxConcurrentMigrations))
    migration.addTrue("encrypted", cluster.isMigrationEncrypted)
    if cluster.parallelMigrations != defaults.parallelMigrations {
      migration.add("parallelMigrations", .string(cluster.parallelMigrations.rawValue))
    }
    migration.addOptional("parallelConnections", cluster.parallelConnections)
    fields.add("migration", migration.value)
    fields.add("resilience", .string(cluster.resilience.rawValue))
    return fields.value
  }

  private static func host(_ host: Host) -> JSONValue {
    var fields = Fields()
    fields.add("name", .string(host.name))
    fields.add("status", .string(host.status.rawValue))
    var cpu = Fields()
    cpu.addOptional("sockets", host.cpuSockets)
    cpu.addOptional("cores", host.cpuCores)
    cpu.addOptional("threads", host.cpuThreads)
    if let usage = host.cpuUsagePercent { cpu.add("usagePercent", .double(usage)) }
    if let since = host.cpuOverThresholdSince {
      cpu.add("overThresholdSince", .string(since.description))
    }
    cpu.addOptional("model", host.cpuModel)
    cpu.addOptional("level", host.cpuLevel)
    cpu.addStrings("flags", host.cpuFlags)
    cpu.addOptional("tscFrequencyHz", host.tscFrequencyHz)
    cpu.addTrue("tscScaling", host.hasTSCScaling)
    fields.addObject("cpu", cpu)
    var memory = Fields()
    memory.add("physicalMiB", .int(host.physicalMemoryMiB))
    memory.add("freeMiB", .int(host.freeMemoryMiB))
    memory.add("committedMiB", .int(host.committedMemoryMiB))
    memory.add("reservedMiB", .int(host.reservedMemoryMiB))
    fields.add("memory", memory.value)
    if host.swapTotalMiB != 0 || host.swapFreeMiB != 0 {
      fields.add(
        "swap",
        .object([("totalMiB", .int(host.swapTotalMiB)), ("freeMiB", .int(host.swapFreeMiB))]))
    }
    fields.addList(
      "hugepages",
      host.hugepages.map { pool in
        .object([
          ("sizeKiB", .int(pool.pageSizeKiB)), ("total", .int(pool.totalPages)),
          ("free", .int(pool.freePages)),
        ])
      })
    fields.addList(
      "numaNodes",
      host.numaNodes.map(numaNode))
    fields.addStrings("networks", host.networks)
    fields.addStrings("storageDomains", host.storageDomains)
    fields.addStrings("labels", host.labels)
    fields.addStrings("hostDevices", host.hostDevices)
    fields.addTrue("devicePassthrough", host.hasDevicePassthrough)
    fields.addStrings("hooks", host.hooks)
    var software = Fields()
    software.addOptional("os", host.osVersion)
    software.addStrings("compatibilityVersions", host.compatibilityVersions)
    software.addStrings("emulatedMachines", host.emulatedMachines)
    fields.addObject("software", software)
    var hostedEngine = Fields()
    hostedEngine.addTrue("configured", host.isHostedEngineConfigured)
    if host.hostedEngineScore != 0 { hostedEngine.add("score", .int(host.hostedEngineScore)) }
    hostedEngine.addTrue("localMaintenance", host.isHostedEngineLocalMaintenance)
    fields.addObject("hostedEngine", hostedEngine)
    var power = Fields()
    power.addTrue("enabled", host.isPowerManagementEnabled)
    power.addTrue("controlledByPolicy", host.isPowerControlledByPolicy)
    fields.addObject("powerManagement", power)
    return fields.value
  }

  private static func vm(_ vm: VirtualMachine) -> JSONValue {
    var fields = Fields()
    fields.add("name", .string(vm.name))
    fields.add("status", .string(vm.status.rawValue))
    fields.addOptional("host", vm.hostName)
    fields.add("memoryMiB", .int(vm.memoryMiB))
    if vm.guaranteedMemoryMiB != vm.memoryMiB {
      fields.add("guaranteedMemoryMiB", .int(vm.guaranteedMemoryMiB))
    }
    fields.add("vcpus", .int(vm.vcpus))
    if let sockets = vm.cpuSockets, let cores = vm.cpuCoresPerSocket,
      let threads = vm.cpuThreadsPerCore
    {
      fields.add(
        "cpuTopology",
        .object([
          ("sockets", .int(sockets)), ("coresPerSocket", .int(cores)),
          ("threadsPerCore", .int(threads)),
        ]))
    }
    if let usage = vm.cpuUsagePercent { fields.add("cpuUsagePercent", .double(usage)) }
    if vm.ioThreads != 0 { fields.add("ioThreads", .int(vm.ioThreads)) }
    fields.addTrue("highlyAvailable", vm.isHighlyAvailable)
    if vm.priority != .low { fields.add("priority", .string(vm.priority.rawValue)) }
    if vm.migrationMode != .migratable {
      fields.add("migrationMode", .string(vm.migrationMode.rawValue))
    }
    fields.addStrings("pinnedHosts", vm.pinnedHostNames)
    fields.addStrings("preferredHosts", vm.preferredHostNames)
    if !vm.customProperties.isEmpty {
      fields.add("customProperties", properties(vm.customProperties))
    }
    fields.addStrings("networks", vm.networks)
    fields.addStrings("storageDomains", vm.storageDomains)
    fields.addOptional("leaseStorageDomain", vm.leaseStorageDomain)
    fields.addStrings("labels", vm.labels)
    fields.addStrings("hostDevices", vm.hostDevices)
    if vm.cpuPinningPolicy != .none || vm.cpuPinning != nil {
      var pinning = Fields()
      pinning.add("policy", .string(vm.cpuPinningPolicy.rawValue))
      pinning.addOptional("pinning", vm.cpuPinning)
      fields.add("cpuPinning", pinning.value)
    }
    fields.addTrue("cpuPassthrough", vm.hasCPUPassthrough)
    fields.addTrue("usesTscFrequency", vm.usesTSCFrequency)
    fields.addOptional("hugepageSizeKiB", vm.hugepageSizeKiB)
    if vm.numaTuneMode != .interleave || !vm.numaNodes.isEmpty {
      var numa = Fields()
      numa.add("tuneMode", .string(vm.numaTuneMode.rawValue))
      numa.addList(
        "nodes",
        vm.numaNodes.map(numaNode))
      fields.add("numa", numa.value)
    }
    fields.addOptional("customEmulatedMachine", vm.customEmulatedMachine)
    fields.addOptional("customCpuType", vm.customCPUType)
    fields.addOptional("customCompatibilityVersion", vm.customCompatibilityVersion)
    fields.addTrue("hostedEngine", vm.isHostedEngine)
    return fields.value
  }

  /// A host NUMA node (with its free memory) or a VM's virtual node (with its host nodes).
  private static func numaNode(_ node: NUMANode) -> JSONValue {
    var fields = Fields()
    fields.add("id", .int(node.id))
    fields.add("cpus", .array(node.cpus.map { .int($0) }))
    fields.add("memoryMiB", .int(node.memoryMiB))
    fields.addOptional("freeMiB", node.freeMiB)
    if !node.pinnedHostNodes.isEmpty {
      fields.add("hostNodes", .array(node.pinnedHostNodes.map { .int($0) }))
    }
    return fields.value
  }

  private static func group(_ group: AffinityGroup) -> JSONValue {
    var fields = Fields()
    fields.add("name", .string(group.name))
    fields.addStrings("vms", group.vmNames)
    fields.addStrings("hosts", group.hostNames)
    fields.addStrings("vmLabels", group.vmLabels)
    fields.addStrings("hostLabels", group.hostLabels)
    for (name, rule) in [("vmRule", group.vmRule), ("hostRule", group.hostRule)]
    where rule.isEnabled {
      fields.add(
        name,
        .object([
          ("polarity", .string(rule.polarity.rawValue)), ("enforcing", .bool(rule.isEnforcing)),
        ])
      )
    }
    fields.add("priority", .double(group.priority))
    return fields.value
  }

  private static func label(_ label: AffinityLabel) -> JSONValue {
    var fields = Fields()
    fields.add("name", .string(label.name))
    fields.addStrings("vms", label.vmNames)
    fields.addStrings("hosts", label.hostNames)
    fields.addTrue("implicitAffinityGroup", label.isImplicitAffinityGroup)
    return fields.value
  }

  private static func pending(_ entry: PendingPlacement) -> JSONValue {
    var fields = Fields()
    fields.add("vm", .string(entry.vmName))
    fields.add("host", .string(entry.hostName))
    fields.addOptional("memoryMiB", entry.memoryMiB)
    fields.addOptional("overcommitMemoryMiB", entry.overcommitMemoryMiB)
    fields.addOptional("vcpus", entry.vcpus)
    if let usage = entry.cpuUsagePercent { fields.add("cpuUsagePercent", .double(usage)) }
    return fields.value
  }

  private static func assumption(_ assumption: SnapshotAssumption) -> JSONValue {
    var fields = Fields()
    fields.add("field", .string(assumption.field))
    fields.add("value", .string(assumption.value))
    fields.add("reason", .string(assumption.reason))
    fields.addOptional("count", assumption.count)
    return fields.value
  }

  private static func properties(_ map: PropertyMap) -> JSONValue {
    .object(map.entries.map { ($0.key, .string($0.value)) })
  }

  /// An ordered list of fields under construction.
  private struct Fields {
    var entries: [(String, JSONValue)] = []
    var value: JSONValue { .object(entries) }

    mutating func add(_ key: String, _ value: JSONValue) { entries.append((key, value)) }
    mutating func addOptional(_ key: String, _ value: String?) {
      if let value { add(key, .string(value)) }
    }
    mutating func addOptional(_ key: String, _ value: Int?) {
      if let value { add(key, .int(value)) }
    }
    mutating func addTrue(_ key: String, _ value: Bool) { if value { add(key, .bool(true)) } }
    mutating func addStrings(_ key: String, _ values: [String]) {
      if !values.isEmpty { add(key, .array(values.map { .string($0) })) }
    }
    mutating func addList(_ key: String, _ values: [JSONValue]) {
      if !values.isEmpty { add(key, .array(values)) }
    }
    mutating func addObject(_ key: String, _ object: Fields) {
      if !object.entries.isEmpty { add(key, object.value) }
    }
  }

  // MARK: - YAML

  private static func writeYAMLMapping(_ value: JSONValue, indent: Int, to out: inout String) {
    guard case .object(let entries) = value else { return }
    let pad = String(repeating: " ", count: indent)
    for (key, value) in entries {
      out += pad + key + ":"
      writeYAMLValue(value, indent: indent, to: &out)
    }
  }

  /// Writes the value after `key:` (a space and a scalar or flow value, or a nested block).
  private static func writeYAMLValue(_ value: JSONValue, indent: Int, to out: inout String) {
    switch value {
    case .object(let entries) where entries.isEmpty:
      out += " {}\n"
    case .object(let entries) where isFlat(entries) && flow(value).count <= 96:
      out += " " + flow(value) + "\n"
    case .object:
      out += "\n"
      writeYAMLMapping(value, indent: indent + 2, to: &out)
    case .array(let items) where items.allSatisfy(isScalar):
      out += " " + flow(value) + "\n"
    case .array(let items):
      out += "\n"
      let pad = String(repeating: " ", count: indent + 2)
      for item in items {
        if case .object(let entries) = item, !isFlat(entries) || flow(item).count > 96 {
          // "- first: …" then the other keys aligned under it.
          var block = ""
          writeYAMLMapping(item, indent: indent + 4, to: &block)
          out += pad + "- " + block.dropFirst(indent + 4)
        } else {
          out += pad + "- " + flow(item) + "\n"
        }
      }
    default:
      out += " " + flow(value) + "\n"
    }
  }

  /// Whether a mapping is small and flat enough for one flow line.
  private static func isFlat(_ entries: [(String, JSONValue)]) -> Bool {
    entries.count <= 4
      && entries.allSatisfy { _, value in
        if case .array(let items) = value { return items.count <= 8 && items.allSatisfy(isScalar) }
        return isScalar(value)
      }
  }

  private static func isScalar(_ value: JSONValue) -> Bool {
    switch value {
    case .array, .object: false
    default: true
    }
  }

  /// A value in flow style.
  private static func flow(_ value: JSONValue) -> String {
    switch value {
    case .null: "null"
    case .bool(let flag): flag ? "true" : "false"
    case .int(let number): String(number)
    case .double(let number): JSONValue.format(number)
    case .string(let text): yamlScalar(text)
    case .array(let items): "[" + items.map(flow).joined(separator: ", ") + "]"
    case .object(let entries):
      "{ " + entries.map { "\($0.0): \(flow($0.1))" }.joined(separator: ", ") + " }"
    }
  }

  /// A string as a YAML plain scalar when that reads back as the same string, else
  /// double-quoted (for any YAML a Shepherd component writes).
  public static func yamlScalar(_ text: String) -> String {
    needsQuotes(text) ? JSONValue.string(text).serialized() : text
  }

  private static func needsQuotes(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else {
      return true
    }
    if first == " " || last == " " { return true }
    // Words YAML 1.1 or 1.2 would read as booleans or null.
    let words: Set<String> = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"]
    if words.contains(text.lowercased()) { return true }
    // Anything that starts like a number (4.7, -1, .5, +3, 0x1F, .inf) is quoted, except
    // timestamps, which the loader reads from plain scalars.
    if first.properties.numericType != nil || first == "-" || first == "+" || first == "." {
      return !isTimestamp(text)
    }
    if first == "@" || first == "=" || first == "(" { return true }
    for scalar in text.unicodeScalars {
      switch scalar {
      case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".", "/", "(", ")", "@", "+", " ", "=":
        continue
      default:
        return true
      }
    }
    return false
  }

  private static func isTimestamp(_ text: String) -> Bool {
    text.count >= 20 && text.contains("T") && (try? Timestamp.parse(text).get()) != nil
  }
}
