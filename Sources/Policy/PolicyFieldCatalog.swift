import Inventory
public import PolicyExpression

/// The input of a host field's formula.
struct HostRow {
  let snapshot: ClusterSnapshot
  let index: Int
  let pending: PendingResources
  let facts: HostFacts
  var host: Host { snapshot.hosts[index] }
  var effectiveCores: Int? { snapshot.effectiveCores(ofHost: index) }
  var isSPM: Bool { snapshot.isSPM(hostIndex: index) }
}

/// The input of a VM field's formula.
struct VMRow {
  let snapshot: ClusterSnapshot
  let index: Int
  /// The parsed OS of the VM's current host (`nil` without a host or when it does not parse):
  /// parsed once per host by the tables, not once per VM and field.
  let currentHostSystem: HostOperatingSystem?
  var vm: VirtualMachine { snapshot.vms[index] }
  var currentHost: Host? { vm.hostIndex.map { snapshot.hosts[$0] } }

  /// The row of VM `index`; `hostSystems` holds each host's parsed OS when the caller has them.
  init(snapshot: ClusterSnapshot, index: Int, hostSystems: [HostOperatingSystem?]? = nil) {
    self.snapshot = snapshot
    self.index = index
    let host = snapshot.vms[index].hostIndex
    if let host, let hostSystems, hostSystems.indices.contains(host) {
      currentHostSystem = hostSystems[host]
    } else if let host, snapshot.hosts.indices.contains(host) {
      currentHostSystem = HostOperatingSystem(parsing: snapshot.hosts[host].osVersion ?? "")
    } else {
      currentHostSystem = nil
    }
  }
}

/// The input of a cluster field's formula.
struct ClusterRow {
  let snapshot: ClusterSnapshot
  var cluster: Cluster { snapshot.cluster }
}

/// A typed formula computing one column value for one row.
enum RowExtractor<Row>: Sendable {
  case int(@Sendable (Row) -> Int64)
  case float(@Sendable (Row) -> Double)
  case bool(@Sendable (Row) -> Bool)
  case string(@Sendable (Row) -> String)
  case stringSet(@Sendable (Row) -> StringSet)

  var type: ExpressionType {
    switch self {
    case .int: .int
    case .float: .float
    case .bool: .bool
    case .string: .string
    case .stringSet: .stringSet
    }
  }
}

/// A stored column of one table.
struct ColumnField<Row>: Sendable {
  let column: Int
  let extract: RowExtractor<Row>
  let dependsOnPending: Bool
  /// Whether a placement or a planned migration can change the value
  /// (``PolicyField/isPlacementDependent``): the columns a move recomputes.
  let changesWithPlacement: Bool
}

/// Where a field's value comes from at evaluation time.
enum FieldStorage: Sendable {
  case host(Int)
  case vm(Int)
  case cluster(Int)
  case balanceHostLoad
  case balanceMaxHostLoad
  case balanceMinHostLoad
  /// Whether the VM being scheduled currently runs on the host being evaluated.
  case hostRunsVM
  /// The VM's dynamic hugepage memory on the host being evaluated (Docs/ovirt.md §2.3.6).
  case hostDynamicHugepageMiB
}

/// One name expressions can read, e.g. `host.maxSchedulingMemoryMiB`.
public struct PolicyField: Sendable {
  /// The dotted path, e.g. `host.memory.freeMiB`.
  public let path: String
  /// The expression type.
  public let type: ExpressionType
  /// The unit of a number (`MiB`, `percent`), if any.
  public let unit: String?
  /// The documentation: the snapshot field's doc from Inventory's registry, or the derived
  /// field's formula.
  public let doc: String
  /// The snapshot field it mirrors (`hosts[].memory.freeMiB`), or `nil` for derived fields.
  public let registryPath: String?
  let storage: FieldStorage
  /// Whether planning can change the value: pending placements and planned migrations move
  /// memory, CPU load, VM counts and where a VM runs (``isPlacementDependent``).
  let changesWithPlacement: Bool

  /// Whether the field is computed rather than copied from the snapshot.
  public var isDerived: Bool { registryPath == nil }

  /// Whether a placement or a planned migration can change the field's value (memory, CPU
  /// load, VM counts, pending resources, where a VM runs, the balancer's loads). Expressions
  /// that read none of these are *static*: their verdict for a (VM, host) pair holds for the
  /// whole plan, so the scheduler evaluates them once per snapshot (README, "Planning at
  /// scale").
  public var isPlacementDependent: Bool { changesWithPlacement }
}

/// Which expressions a field set is for; decides the roots in scope.
public enum ExpressionScope: Hashable, Sendable {
  /// Filters, weights, and balancer rules about a VM on a host: `host`, `vm`, `cluster`,
  /// `params` (balancer rules also `balance`).
  case hostAndVM
  /// Balancer rules about a host alone (`hostLoad`, `source`): no `vm`.
  case hostOnly
}

/// Every field policy expressions can read, how each is stored, and the expression
/// environment and binder built from them.
///
/// Snapshot fields mirror Inventory's ``FieldRegistry`` (their docs come from it, and a test
/// checks that every mirrored path exists there with a matching type). Optional snapshot
/// values read as 0 or "" when absent; `host.hasCpuTopology` and `host.hasCpuStatistics` tell
/// those cases apart. Derived fields implement the oVirt formulas of ``SchedulingFormulas``.
public struct PolicyFieldCatalog: Sendable {
  /// Every field, in declaration order; a field's ``FieldID`` is its index here.
  public let fields: [PolicyField]
  let hostFields: [ColumnField<HostRow>]
  let vmFields: [ColumnField<VMRow>]
  /// The host columns that depend on pending resources: a pending placement recomputes these.
  let pendingHostFields: [ColumnField<HostRow>]
  /// The host and VM columns a placement or a planned migration can change: a move
  /// recomputes these (the others keep their values, ``PolicyField/isPlacementDependent``).
  let placementHostFields: [ColumnField<HostRow>]
  let placementVMFields: [ColumnField<VMRow>]
  let clusterFields: [ColumnField<ClusterRow>]
  let hostLayout: ColumnLayout
  let vmLayout: ColumnLayout
  let clusterLayout: ColumnLayout

  /// The standard catalog.
  public static let standard = PolicyFieldCatalog()

  /// The field at a path.
  public func field(at path: String) -> PolicyField? { fields.first { $0.path == path } }

  /// Whether an expression reading `ids` reads, about its host, nothing but that host's own
  /// row (its snapshot values, the VMs on it, what is pending there), its own
  /// `balance.hostLoad`, and cluster values: no VM, and no figure over other hosts
  /// (`balance.maxHostLoad`, `balance.minHostLoad`). Its value for a host then changes only
  /// when that host changes, as the tables recompute only a changed host's row.
  public func readsOnlyOwnHost(_ ids: [FieldID]) -> Bool {
    ids.allSatisfy { id in
      guard fields.indices.contains(id.rawValue) else { return false }
      switch fields[id.rawValue].storage {
      case .host, .cluster, .balanceHostLoad: return true
      case .vm, .balanceMaxHostLoad, .balanceMinHostLoad, .hostRunsVM, .hostDynamicHugepageMiB:
        return false
      }
    }
  }

  /// An expression environment with the fields in scope and the properties as constants.
  ///
  /// - Parameters:
  ///   - scope: which roots are in scope.
  ///   - includesBalance: whether the `balance` root is in scope (balancer rules only).
  ///   - properties: `params.<name>` constants, folded into expressions at check time.
  public func environment(
    scope: ExpressionScope, includesBalance: Bool, properties: [(String, PropertyValue)]
  ) -> ExpressionEnvironment {
    var environment = ExpressionEnvironment()
    environment.declareRoot("host", doc: "the host being evaluated")
    if scope == .hostAndVM { environment.declareRoot("vm", doc: "the VM being scheduled") }
    environment.declareRoot("cluster", doc: "the cluster")
    environment.declareRoot("params", doc: "the policy's properties, folded to constants")
    if includesBalance {
      environment.declareRoot("balance", doc: "the balancer's per-host load and its extremes")
    }
    for (index, field) in fields.enumerated() {
      let root = field.path.prefix { $0 != "." }
      switch root {
      case "vm" where scope != .hostAndVM: continue
      case "balance" where !includesBalance: continue
      default: break
      }
      switch field.storage {
      case .hostRunsVM, .hostDynamicHugepageMiB:
        if scope != .hostAndVM { continue }
      default: break
      }
      environment.declareField(field.path, type: field.type, id: FieldID(index), doc: field.doc)
    }
    for (name, value) in properties {
      environment.declareConstant("params." + name, value: value.expressionValue)
    }
    return environment
  }

  /// The binder for ``ExpressionCompiler``: each field becomes a closure reading its column at
  /// the context's host or VM index.
  public func accessor(for id: FieldID) -> FieldAccessor<EvaluationContext>? {
    guard fields.indices.contains(id.rawValue) else { return nil }
    let field = fields[id.rawValue]
    switch (field.storage, field.type) {
    case (.host(let k), .int):
      return .int { c in c.tables.hosts.ints[k &* c.tables.hosts.rowCount &+ c.hostIndex] }
    case (.host(let k), .float):
      return .float { c in c.tables.hosts.floats[k &* c.tables.hosts.rowCount &+ c.hostIndex] }
    case (.host(let k), .bool):
      return .bool { c in c.tables.hosts.bools[k &* c.tables.hosts.rowCount &+ c.hostIndex] }
    case (.host(let k), .string): return .string { c in c.tables.hosts.strings[k][c.hostIndex] }
    case (.host(let k), .stringSet):
      return .stringSet { c in c.tables.hosts.sets[k][c.hostIndex] }
    case (.vm(let k), .int):
      return .int { c in c.tables.vms.ints[k &* c.tables.vms.rowCount &+ c.vmIndex] }
    case (.vm(let k), .float):
      return .float { c in c.tables.vms.floats[k &* c.tables.vms.rowCount &+ c.vmIndex] }
    case (.vm(let k), .bool):
      return .bool { c in c.tables.vms.bools[k &* c.tables.vms.rowCount &+ c.vmIndex] }
    case (.vm(let k), .string): return .string { c in c.tables.vms.strings[k][c.vmIndex] }
    case (.vm(let k), .stringSet): return .stringSet { c in c.tables.vms.sets[k][c.vmIndex] }
    case (.cluster(let k), .int): return .int { c in c.tables.cluster.ints[k] }
    case (.cluster(let k), .float): return .float { c in c.tables.cluster.floats[k] }
    case (.cluster(let k), .bool): return .bool { c in c.tables.cluster.bools[k] }
    case (.cluster(let k), .string): return .string { c in c.tables.cluster.strings[k][0] }
    case (.cluster(let k), .stringSet): return .stringSet { c in c.tables.cluster.sets[k][0] }
    case (.balanceHostLoad, _): return .float { c in c.tables.balance.hostLoad[c.hostIndex] }
    case (.balanceMaxHostLoad, _): return .float { c in c.tables.balance.maxHostLoad }
    case (.balanceMinHostLoad, _): return .float { c in c.tables.balance.minHostLoad }
    case (.hostRunsVM, _): return .bool { c in c.tables.vmHostIndex[c.vmIndex] == c.hostIndex }
    case (.hostDynamicHugepageMiB, _):
      return .int { c in
        Int64(
          SchedulingFormulas.dynamicHugepageMiB(
            of: c.tables.snapshot.vms[c.vmIndex], onHost: c.tables.snapshot.hosts[c.hostIndex]))
      }
    }
  }

  init() {
    var builder = CatalogBuilder()
    builder.declareHostFields()
    builder.declareVMFields()
    builder.declareClusterFields()
    builder.declareSpecialFields()
    fields = builder.fields
    hostFields = builder.hostFields
    vmFields = builder.vmFields
    pendingHostFields = builder.hostFields.filter(\.dependsOnPending)
    placementHostFields = builder.hostFields.filter(\.changesWithPlacement)
    placementVMFields = builder.vmFields.filter(\.changesWithPlacement)
    clusterFields = builder.clusterFields
    hostLayout = builder.hostLayout
    vmLayout = builder.vmLayout
    clusterLayout = builder.clusterLayout
  }
}

/// Collects field declarations and assigns columns.
struct CatalogBuilder {
  var fields: [PolicyField] = []
  var hostFields: [ColumnField<HostRow>] = []
  var vmFields: [ColumnField<VMRow>] = []
  var clusterFields: [ColumnField<ClusterRow>] = []
  var hostLayout = ColumnLayout()
  var vmLayout = ColumnLayout()
  var clusterLayout = ColumnLayout()

  /// The doc of a snapshot field, from Inventory's registry.
  static func registryDoc(_ path: String, note: String?) -> String {
    let doc = FieldRegistry.descriptor(atPath: path)?.doc ?? ""
    guard let note else { return doc }
    return doc.isEmpty ? note : doc + " " + note
  }

  static func registryUnit(_ path: String) -> String? {
    FieldRegistry.descriptor(atPath: path)?.unit
  }

  mutating func host(
    _ path: String, registry: String? = nil, doc: String? = nil, unit: String? = nil,
    pending: Bool = false, placement: Bool = false, _ extract: RowExtractor<HostRow>
  ) {
    let column = hostLayout.next(extract.type)
    hostFields.append(
      ColumnField(
        column: column, extract: extract, dependsOnPending: pending,
        changesWithPlacement: pending || placement))
    append(path, extract.type, registry, doc, unit, .host(column), placement: pending || placement)
  }

  mutating func vm(
    _ path: String, registry: String? = nil, doc: String? = nil, unit: String? = nil,
    placement: Bool = false, _ extract: RowExtractor<VMRow>
  ) {
    let column = vmLayout.next(extract.type)
    vmFields.append(
      ColumnField(
        column: column, extract: extract, dependsOnPending: false,
        changesWithPlacement: placement))
    append(path, extract.type, registry, doc, unit, .vm(column), placement: placement)
  }

  mutating func cluster(
    _ path: String, registry: String? = nil, doc: String? = nil, unit: String? = nil,
    _ extract: RowExtractor<ClusterRow>
  ) {
    let column = clusterLayout.next(extract.type)
    clusterFields.append(
      ColumnField(
        column: column, extract: extract, dependsOnPending: false, changesWithPlacement: false))
    append(path, extract.type, registry, doc, unit, .cluster(column))
  }

  mutating func append(
    _ path: String, _ type: ExpressionType, _ registry: String?, _ doc: String?,
    _ unit: String?, _ storage: FieldStorage, placement: Bool = false
  ) {
    let fullDoc: String
    if let registry {
      fullDoc = Self.registryDoc(registry, note: doc)
    } else {
      fullDoc = doc ?? ""
    }
    fields.append(
      PolicyField(
        path: path, type: type, unit: unit ?? registry.flatMap(Self.registryUnit), doc: fullDoc,
        registryPath: registry, storage: storage, changesWithPlacement: placement))
  }

  mutating func declareSpecialFields() {
    fields.append(
      PolicyField(
        path: "host.runsVm", type: .bool, unit: nil,
        doc: "Whether the VM being scheduled currently runs on this host.", registryPath: nil,
        storage: .hostRunsVM, changesWithPlacement: true))
    fields.append(
      PolicyField(
        path: "host.vmDynamicHugepageMiB", type: .int, unit: "MiB",
        doc: """
          The VM's hugepage memory this host's free static hugepages of its page size cannot \
          hold, which must come from ordinary memory (oVirt's dynamic hugepages); 0 for VMs \
          without hugepages. Swap cannot cover it.
          """, registryPath: nil, storage: .hostDynamicHugepageMiB, changesWithPlacement: true))
    fields.append(
      PolicyField(
        path: "balance.hostLoad", type: .float, unit: nil,
        doc: "Balancers only: the host's value of the balancer's `hostLoad` expression.",
        registryPath: nil, storage: .balanceHostLoad, changesWithPlacement: true))
    fields.append(
      PolicyField(
        path: "balance.maxHostLoad", type: .float, unit: nil,
        doc: "Balancers only: the largest `hostLoad` among the candidate hosts.",
        registryPath: nil, storage: .balanceMaxHostLoad, changesWithPlacement: true))
    fields.append(
      PolicyField(
        path: "balance.minHostLoad", type: .float, unit: nil,
        doc: "Balancers only: the smallest `hostLoad` among the candidate hosts.",
        registryPath: nil, storage: .balanceMinHostLoad, changesWithPlacement: true))
  }
}

extension Int {
  fileprivate var i64: Int64 { Int64(self) }
}

extension Optional where Wrapped == Int {
  fileprivate var orZero: Int64 { Int64(self ?? 0) }
}

extension CatalogBuilder {
  mutating func declareHostFields() {
    let unknownZero = "(0 when unknown.)"
    host("host.name", registry: "hosts[].name", .string { $0.host.name })
    host("host.status", registry: "hosts[].status", .string { $0.host.status.rawValue })
    host(
      "host.isUp", doc: "Whether the host's status is `Up` (only Up hosts are candidates).",
      .bool { $0.host.status == .up })
    host(
      "host.cpu.sockets", registry: "hosts[].cpu.sockets", doc: unknownZero,
      .int { $0.host.cpuSockets.orZero })
    host(
      "host.cpu.cores", registry: "hosts[].cpu.cores", doc: unknownZero,
      .int { $0.host.cpuCores.orZero })
    host(
      "host.cpu.threads", registry: "hosts[].cpu.threads", doc: unknownZero,
      .int { $0.host.cpuThreads.orZero })
    host(
      "host.cpu.usagePercent", registry: "hosts[].cpu.usagePercent",
      doc: "(0 without statistics; see `host.hasCpuStatistics`.)", placement: true,
      .float { $0.host.cpuUsagePercent ?? 0 })
    host("host.cpu.model", registry: "hosts[].cpu.model", .string { $0.host.cpuModel ?? "" })
    host("host.cpu.level", registry: "hosts[].cpu.level", .string { $0.host.cpuLevel ?? "" })
    host(
      "host.cpu.flags", registry: "hosts[].cpu.flags", .stringSet { StringSet($0.host.cpuFlags) })
    host(
      "host.cpu.tscFrequencyHz", registry: "hosts[].cpu.tscFrequencyHz", doc: unknownZero,
      .int { $0.host.tscFrequencyHz.orZero })
    host("host.cpu.tscScaling", registry: "hosts[].cpu.tscScaling", .bool { $0.host.hasTSCScaling })
    host(
      "host.memory.physicalMiB", registry: "hosts[].memory.physicalMiB",
      .int { $0.host.physicalMemoryMiB.i64 })
    host(
      "host.memory.freeMiB", registry: "hosts[].memory.freeMiB", placement: true,
      .int { $0.host.freeMemoryMiB.i64 })
    host(
      "host.memory.committedMiB", registry: "hosts[].memory.committedMiB", placement: true,
      .int { $0.host.committedMemoryMiB.i64 })
    host(
      "host.memory.reservedMiB", registry: "hosts[].memory.reservedMiB",
      .int { $0.host.reservedMemoryMiB.i64 })
    host(
      "host.guestOverheadMiB", registry: "hosts[].guestOverheadMiB",
      .int { $0.host.guestOverheadMiB.i64 })
    host("host.swap.totalMiB", registry: "hosts[].swap.totalMiB", .int { $0.host.swapTotalMiB.i64 })
    host("host.swap.freeMiB", registry: "hosts[].swap.freeMiB", .int { $0.host.swapFreeMiB.i64 })
    host("host.networks", registry: "hosts[].networks", .stringSet { StringSet($0.host.networks) })
    host(
      "host.storageDomains", registry: "hosts[].storageDomains",
      .stringSet { StringSet($0.host.storageDomains) })
    host("host.labels", registry: "hosts[].labels", .stringSet { StringSet($0.host.labels) })
    host(
      "host.hostDevices", registry: "hosts[].hostDevices",
      .stringSet { StringSet($0.host.hostDevices) })
    host(
      "host.leaseReadyStorageDomains", registry: "hosts[].leaseReadyStorageDomains",
      doc: "(`storageDomains` when unset.)",
      .stringSet { StringSet($0.host.leaseReadyStorageDomains ?? $0.host.storageDomains) })
    host(
      "host.devicePassthrough", registry: "hosts[].devicePassthrough",
      .bool { $0.host.hasDevicePassthrough })
    host("host.hooks", registry: "hosts[].hooks", .stringSet { StringSet($0.host.hooks) })
    host("host.software.os", registry: "hosts[].software.os", .string { $0.host.osVersion ?? "" })
    host(
      "host.software.compatibilityVersions", registry: "hosts[].software.compatibilityVersions",
      .stringSet { StringSet($0.host.compatibilityVersions) })
    host(
      "host.software.emulatedMachines", registry: "hosts[].software.emulatedMachines",
      .stringSet { StringSet($0.host.emulatedMachines) })
    host(
      "host.hostedEngine.configured", registry: "hosts[].hostedEngine.configured",
      .bool { $0.host.isHostedEngineConfigured })
    host(
      "host.hostedEngine.score", registry: "hosts[].hostedEngine.score",
      .int { $0.host.hostedEngineScore.i64 })
    host(
      "host.hostedEngine.localMaintenance", registry: "hosts[].hostedEngine.localMaintenance",
      .bool { $0.host.isHostedEngineLocalMaintenance })
    host(
      "host.powerManagement.enabled", registry: "hosts[].powerManagement.enabled",
      .bool { $0.host.isPowerManagementEnabled })
    host(
      "host.powerManagement.controlledByPolicy",
      registry: "hosts[].powerManagement.controlledByPolicy",
      .bool { $0.host.isPowerControlledByPolicy })

    // Derived.
    host(
      "host.hasCpuTopology", doc: "Whether sockets, cores and threads are all known.",
      .bool { $0.host.cpuSockets != nil && $0.host.cpuCores != nil && $0.host.cpuThreads != nil })
    host(
      "host.software.hasParsableOs",
      doc: "Whether `software.os` parses as a family and version (oVirt's in-cluster upgrade).",
      .bool { HostOperatingSystem(parsing: $0.host.osVersion ?? "") != nil })
    host(
      "host.software.osFamily",
      doc:
        "The OS family: `software.os` before its first digit, e.g. `RHEL`; \"\" when unparsable.",
      .string { HostOperatingSystem(parsing: $0.host.osVersion ?? "")?.family ?? "" })
    host(
      "host.software.osMajorVersion",
      doc: "The first number of `software.os`, e.g. 8 in `RHEL-8.9`; 0 when unparsable.",
      .int { Int64(HostOperatingSystem(parsing: $0.host.osVersion ?? "")?.majorVersion ?? 0) })
    host(
      "host.software.osMinorVersion",
      doc: "The second number of `software.os`, e.g. 9 in `RHEL-8.9`; 0 when absent.",
      .int { Int64(HostOperatingSystem(parsing: $0.host.osVersion ?? "")?.minorVersion ?? 0) })
    host(
      "host.hasCpuStatistics", doc: "Whether the host reports CPU usage.",
      .bool { $0.host.cpuUsagePercent != nil })
    host(
      "host.effectiveCores",
      doc: "Threads if the cluster counts threads as cores, else cores; 0 when unknown.",
      .int { $0.effectiveCores.orZero })
    host(
      "host.coresPerSocket", doc: "Cores ÷ sockets; 0 when unknown.",
      .int { row in
        guard let cores = row.host.cpuCores, let sockets = row.host.cpuSockets, sockets > 0 else {
          return 0
        }
        return Int64(cores / sockets)
      })
    host(
      "host.threadsPerCore", doc: "Threads ÷ cores; 0 when unknown.",
      .int { row in
        guard let threads = row.host.cpuThreads, let cores = row.host.cpuCores, cores > 0 else {
          return 0
        }
        return Int64(threads / cores)
      })
    host(
      "host.numaNodeCount", doc: "NUMA nodes the host reports; 0 without NUMA support.",
      .int { $0.host.numaNodes.count.i64 })
    host("host.isSPM", doc: "Whether the host is the cluster's SPM.", .bool { $0.isSPM })
    host(
      "host.vmCount", doc: "Running VMs on the host (not counting pending ones).",
      placement: true,
      .int { $0.facts.vmCount[$0.index].i64 })
    host(
      "host.vcpuCount", doc: "vCPUs of the running VMs on the host.", placement: true,
      .int { $0.facts.vcpuCount[$0.index].i64 })
    host(
      "host.pendingVmCount",
      doc: "VMs pending on the host: the snapshot's `pending` ones and those the plan sent.",
      pending: true,
      .int { $0.pending.vmCount[$0.index].i64 })
    host(
      "host.pendingVcpuCount", doc: "vCPUs of the VMs pending on the host (snapshot and plan).",
      pending: true, .int { $0.pending.vcpus[$0.index].i64 })
    host(
      "host.pendingCpuLoadPoints",
      doc: "CPU load points (usage% × vCPUs, or 10 × vCPUs) of the VMs pending on the host.",
      pending: true, .float { $0.pending.cpuLoadPoints[$0.index] })
    host(
      "host.pendingMemoryMiB",
      doc: "Guest memory plus full overhead of the VMs pending on the host (snapshot and plan).",
      unit: "MiB", pending: true, .int { $0.pending.memoryMiB[$0.index].i64 })
    host(
      "host.cpuLoadPoints",
      doc: """
        CPU load in percent × CPU points: usage% × effective cores, plus 10 on the SPM host \
        (oVirt's SPM bonus); no pending load.
        """, placement: true,
      .float {
        SchedulingFormulas.cpuLoadPoints(
          usagePercent: $0.host.cpuUsagePercent, effectiveCores: $0.effectiveCores,
          isSPM: $0.isSPM)
      })
    host(
      "host.cpuLoadPercent",
      doc: "ceil(host.cpuLoadPoints ÷ effective cores): the load oVirt compares with thresholds.",
      unit: "percent", placement: true,
      .int { row in
        SchedulingFormulas.cpuLoadPercent(
          points: SchedulingFormulas.cpuLoadPoints(
            usagePercent: row.host.cpuUsagePercent, effectiveCores: row.effectiveCores,
            isSPM: row.isSPM), effectiveCores: row.effectiveCores)
      })
    host(
      "host.isCpuOverThreshold",
      doc: "Whether the host has an over-threshold timestamp (`cpu.overThresholdSince`).",
      // Balancing clears it on a migration's hosts between rounds (Docs/ovirt.md §3.10).
      placement: true, .bool { $0.host.cpuOverThresholdSince != nil })
    host(
      "host.overThresholdMinutes",
      doc: "Minutes from `cpu.overThresholdSince` to the snapshot's `takenAt`; 0 when unset.",
      unit: "minutes", placement: true,
      .float { row in
        (row.snapshot.cpuOverThresholdDurationSeconds(ofHost: row.index) ?? 0) / 60
      })
    host(
      "host.maxSchedulingMemoryMiB",
      doc: """
        oVirt's maxSchedulingMemory: max(0, overcommit% × physical ÷ 100 − committed − reserved \
        − pending memory).
        """,
      unit: "MiB", pending: true,
      .int { row in
        SchedulingFormulas.maxSchedulingMemoryMiB(
          host: row.host,
          memoryOvercommitPercent: row.snapshot.cluster.memoryOvercommitPercent,
          pendingMemoryMiB: row.pending.memoryMiB[row.index]
        ).i64
      })
    host(
      "host.freeMemoryAfterPendingMiB",
      doc: "Free memory minus the static overheads of pending VMs (may be negative).",
      unit: "MiB", pending: true,
      .int { ($0.host.freeMemoryMiB - $0.pending.staticOverheadMiB[$0.index]).i64 })
    host(
      "host.schedulableMemoryMiB",
      doc: """
        The Memory filter's physical limit: free memory − pending static overheads + free swap.
        """,
      unit: "MiB", pending: true,
      .int {
        ($0.host.freeMemoryMiB - $0.pending.staticOverheadMiB[$0.index] + $0.host.swapFreeMiB).i64
      })
  }

  mutating func declareVMFields() {
    vm("vm.name", registry: "vms[].name", .string { $0.vm.name })
    vm("vm.id", registry: "vms[].id", doc: "(\"\" when unset.)", .string { $0.vm.id ?? "" })
    vm("vm.status", registry: "vms[].status", placement: true, .string { $0.vm.status.rawValue })
    vm(
      "vm.hostName", registry: "vms[].host", doc: "(\"\" when not running.)", placement: true,
      .string { $0.vm.hostName ?? "" })
    vm("vm.memoryMiB", registry: "vms[].memoryMiB", .int { $0.vm.memoryMiB.i64 })
    vm(
      "vm.guaranteedMemoryMiB", registry: "vms[].guaranteedMemoryMiB",
      .int { $0.vm.guaranteedMemoryMiB.i64 })
    vm("vm.vcpus", registry: "vms[].vcpus", .int { $0.vm.vcpus.i64 })
    vm(
      "vm.cpuUsagePercent", registry: "vms[].cpuUsagePercent", doc: "(0 without statistics.)",
      .float { $0.vm.cpuUsagePercent ?? 0 })
    vm("vm.ioThreads", registry: "vms[].ioThreads", .int { $0.vm.ioThreads.i64 })
    vm(
      "vm.memoryOverheadMiB", registry: "vms[].memoryOverheadMiB",
      doc: "(When unset: the formula's full overhead, as in `vm.requiredMemoryMiB`.)",
      .int { row in
        SchedulingFormulas.fullOverheadMiB(
          of: row.vm, architecture: row.snapshot.cluster.cpuArchitecture
        ).i64
      })
    vm("vm.highlyAvailable", registry: "vms[].highlyAvailable", .bool { $0.vm.isHighlyAvailable })
    vm("vm.priority", registry: "vms[].priority", .string { $0.vm.priority.rawValue })
    vm(
      "vm.migrationMode", registry: "vms[].migrationMode", .string { $0.vm.migrationMode.rawValue })
    vm(
      "vm.pinnedHosts", registry: "vms[].pinnedHosts",
      .stringSet { StringSet($0.vm.pinnedHostNames) })
    vm(
      "vm.preferredHosts", registry: "vms[].preferredHosts",
      .stringSet { StringSet($0.vm.preferredHostNames) })
    vm("vm.networks", registry: "vms[].networks", .stringSet { StringSet($0.vm.networks) })
    vm(
      "vm.storageDomains", registry: "vms[].storageDomains",
      .stringSet { StringSet($0.vm.storageDomains) })
    vm(
      "vm.leaseStorageDomain", registry: "vms[].leaseStorageDomain", doc: "(\"\" when unset.)",
      .string { $0.vm.leaseStorageDomain ?? "" })
    vm("vm.labels", registry: "vms[].labels", .stringSet { StringSet($0.vm.labels) })
    vm("vm.hostDevices", registry: "vms[].hostDevices", .stringSet { StringSet($0.vm.hostDevices) })
    vm(
      "vm.mdevTypes", registry: "vms[].mdevTypes",
      doc: "(With the types of the `mdev_type` custom property when empty.)",
      .stringSet { StringSet($0.vm.requiredMediatedDeviceTypes) })
    vm(
      "vm.mdevNoDisplay", registry: "vms[].mdevNoDisplay",
      doc: "(Or the `nodisplay` flag of the `mdev_type` custom property.)",
      .bool { $0.vm.hasMediatedDevicesWithoutDisplay })
    vm(
      "vm.cpuPinning.policy", registry: "vms[].cpuPinning.policy",
      .string { $0.vm.cpuPinningPolicy.rawValue })
    vm("vm.cpuPassthrough", registry: "vms[].cpuPassthrough", .bool { $0.vm.hasCPUPassthrough })
    vm("vm.usesTscFrequency", registry: "vms[].usesTscFrequency", .bool { $0.vm.usesTSCFrequency })
    vm(
      "vm.hugepageSizeKiB", registry: "vms[].hugepageSizeKiB", doc: "(0 when not hugepage-backed.)",
      .int { $0.vm.hugepageSizeKiB.orZero })
    vm("vm.numa.tuneMode", registry: "vms[].numa.tuneMode", .string { $0.vm.numaTuneMode.rawValue })
    vm(
      "vm.customEmulatedMachine", registry: "vms[].customEmulatedMachine",
      doc: "(\"\" when unset.)",
      .string { $0.vm.customEmulatedMachine ?? "" })
    vm(
      "vm.customCpuType", registry: "vms[].customCpuType", doc: "(\"\" when unset.)",
      .string { $0.vm.customCPUType ?? "" })
    vm(
      "vm.customCompatibilityVersion", registry: "vms[].customCompatibilityVersion",
      doc: "(\"\" when unset.)", .string { $0.vm.customCompatibilityVersion ?? "" })
    vm("vm.hostedEngine", registry: "vms[].hostedEngine", .bool { $0.vm.isHostedEngine })

    // Derived.
    vm(
      "vm.isRunning", doc: "Whether the VM occupies a host (not Down or suspended).",
      placement: true,
      .bool { $0.vm.isRunning })
    vm(
      "vm.hasCpuStatistics", doc: "Whether the VM reports CPU usage.",
      .bool { $0.vm.cpuUsagePercent != nil })
    vm(
      "vm.staticOverheadMiB",
      doc: """
        64 MiB + memory ÷ 512 on x86 (100 MiB + next power of two of memory ÷ 64 on ppc64), \
        at most `memoryOverheadMiB` when that is set.
        """,
      unit: "MiB",
      .int {
        SchedulingFormulas.staticOverheadMiB(
          of: $0.vm, architecture: $0.snapshot.cluster.cpuArchitecture
        ).i64
      })
    vm(
      "vm.requiredMemoryMiB",
      doc: """
        Memory plus full overhead: `memoryOverheadMiB` when set, else static + 8 MiB × vCPUs + \
        8 MiB × IO threads.
        """,
      unit: "MiB",
      .int { row in
        SchedulingFormulas.requiredMemoryMiB(
          of: row.vm, architecture: row.snapshot.cluster.cpuArchitecture
        ).i64
      })
    vm(
      "vm.staticRequiredMemoryMiB", doc: "Memory plus static overhead (the physical check).",
      unit: "MiB",
      .int { row in
        (row.vm.memoryMiB
          + SchedulingFormulas.staticOverheadMiB(
            of: row.vm, architecture: row.snapshot.cluster.cpuArchitecture)).i64
      })
    vm(
      "vm.hugepageMemoryMiB",
      doc: "The guest memory backed by hugepages: all of it when `hugepageSizeKiB` is set, else 0.",
      unit: "MiB", .int { $0.vm.hugepageSizeKiB == nil ? 0 : $0.vm.memoryMiB.i64 })
    vm(
      "vm.cpuLoadPoints", doc: "usage% × vCPUs, or 10 × vCPUs without statistics.",
      .float { SchedulingFormulas.cpuLoadPoints(of: $0.vm) })
    vm(
      "vm.threadsPerCore", doc: "Threads per virtual core (1 when no topology is given).",
      .int { Int64($0.vm.cpuThreadsPerCore ?? 1) })
    vm(
      "vm.numaNodeCount", doc: "Virtual NUMA nodes.", .int { $0.vm.numaNodes.count.i64 })
    vm(
      "vm.customPropertyPairs", doc: "Custom properties as `key=value` strings.",
      .stringSet { row in
        StringSet(row.vm.customProperties.entries.map { $0.key + "=" + $0.value })
      })
    vm(
      "vm.sourceHostedEngineScore",
      doc: "The hosted-engine score of the host the VM runs on; 0 when not running.",
      placement: true,
      .int { $0.currentHost.map { Int64($0.hostedEngineScore) } ?? 0 })
    vm(
      "vm.sourceHasParsableOs",
      doc: "Whether the OS of the host the VM runs on parses; false when not running.",
      placement: true,
      .bool { row in
        row.vm.isRunning && row.currentHostSystem != nil
      })
    vm(
      "vm.sourceOsFamily",
      doc: "The OS family of the host the VM runs on; \"\" when not running or unparsable.",
      placement: true,
      .string { row in
        row.vm.isRunning
          ? row.currentHostSystem?.family ?? "" : ""
      })
    vm(
      "vm.sourceOsMajorVersion",
      doc: "The OS major version of the host the VM runs on; 0 when not running or unparsable.",
      placement: true,
      .int { row in
        row.vm.isRunning
          ? Int64(row.currentHostSystem?.majorVersion ?? 0)
          : 0
      })
    vm(
      "vm.diskCacheModes",
      doc: """
        The values of the custom properties `cache` and `viodiskcache` (empty when neither is \
        set); live migration is safe only with `none`.
        """,
      .stringSet { row in
        StringSet(["cache", "viodiskcache"].compactMap { row.vm.customProperties[$0] })
      })
    vm(
      "vm.sourceTscFrequencyHz",
      doc: "The TSC frequency of the host the VM runs on; 0 when unknown or not running.",
      unit: "Hz", placement: true, .int { $0.currentHost?.tscFrequencyHz.orZero ?? 0 })
  }

  mutating func declareClusterFields() {
    cluster("cluster.name", registry: "cluster.name", .string { $0.cluster.name })
    cluster(
      "cluster.cpu.architecture", registry: "cluster.cpu.architecture",
      .string { $0.cluster.cpuArchitecture.rawValue })
    cluster(
      "cluster.cpu.type", registry: "cluster.cpu.type", doc: "(\"\" when unset.)",
      .string { $0.cluster.cpuType ?? "" })
    cluster(
      "cluster.cpu.flags", registry: "cluster.cpu.flags",
      .stringSet { StringSet($0.cluster.cpuFlags) })
    cluster(
      "cluster.compatibilityVersion", registry: "cluster.compatibilityVersion",
      .string { $0.cluster.compatibilityVersion })
    cluster(
      "cluster.memoryOvercommitPercent", registry: "cluster.memoryOvercommitPercent",
      .int { $0.cluster.memoryOvercommitPercent.i64 })
    cluster(
      "cluster.countThreadsAsCores", registry: "cluster.countThreadsAsCores",
      .bool { $0.cluster.countsThreadsAsCores })
    cluster(
      "cluster.spmHost", registry: "cluster.spmHost", doc: "(\"\" when unset.)",
      .string { $0.cluster.spmHostName ?? "" })
    cluster(
      "cluster.requiredNetworks", registry: "cluster.requiredNetworks",
      .stringSet { StringSet($0.cluster.requiredNetworks) })
    cluster(
      "cluster.displayNetwork", registry: "cluster.displayNetwork", doc: "(\"\" when unset.)",
      .string { $0.cluster.displayNetwork ?? "" })
    cluster(
      "cluster.storageDomains", registry: "cluster.storageDomains",
      .stringSet { StringSet($0.cluster.storageDomains) })
    cluster(
      "cluster.haReservation", registry: "cluster.haReservation",
      .bool { $0.cluster.hasHAReservation })
    cluster(
      "cluster.hostCount", doc: "Hosts in the snapshot, whatever their status.",
      .int { $0.snapshot.hosts.count.i64 })
    cluster(
      "cluster.hostOsFamilyCount",
      doc: "Distinct OS families among the `Up` hosts whose `software.os` parses.",
      .int { row in
        let families = row.snapshot.hosts.filter { $0.status == .up }.compactMap {
          HostOperatingSystem(parsing: $0.osVersion ?? "")?.family
        }
        return Int64(Set(families).count)
      })
    cluster(
      "cluster.newestHostOsMajorVersion",
      doc:
        "The largest OS major version among the `Up` hosts whose `software.os` parses; 0 if none.",
      .int { row in
        let majors = row.snapshot.hosts.filter { $0.status == .up }.compactMap {
          HostOperatingSystem(parsing: $0.osVersion ?? "")?.majorVersion
        }
        return Int64(majors.max() ?? 0)
      })
  }
}
