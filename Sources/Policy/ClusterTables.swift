public import Inventory
public import PolicyExpression

/// Columns of one type for one table.
///
/// Numbers and booleans are stored flat, column after column (`ints[k × rowCount + row]`), so
/// a compiled accessor does one array access with no inner array to retain; strings and sets
/// are `columns[field][row]`. No dictionary, no string compare, no existential.
public struct ColumnTable: Equatable, Sendable {
  /// The number of rows (hosts, VMs, or 1 for the cluster).
  public internal(set) var rowCount: Int
  var ints: [Int64]
  var floats: [Double]
  var bools: [Bool]
  var strings: [[String]]
  var sets: [[StringSet]]

  init(rowCount: Int, layout: ColumnLayout) {
    self.rowCount = rowCount
    ints = Array(repeating: 0, count: rowCount * layout.ints)
    floats = Array(repeating: 0, count: rowCount * layout.floats)
    bools = Array(repeating: false, count: rowCount * layout.bools)
    strings = Array(repeating: Array(repeating: "", count: rowCount), count: layout.strings)
    sets = Array(repeating: Array(repeating: StringSet(), count: rowCount), count: layout.sets)
  }
}

/// How many columns of each type a table has.
struct ColumnLayout: Hashable, Sendable {
  var ints = 0
  var floats = 0
  var bools = 0
  var strings = 0
  var sets = 0

  mutating func next(_ type: ExpressionType) -> Int {
    switch type {
    case .int:
      defer { ints += 1 }
      return ints
    case .float:
      defer { floats += 1 }
      return floats
    case .bool:
      defer { bools += 1 }
      return bools
    case .string:
      defer { strings += 1 }
      return strings
    case .stringSet:
      defer { sets += 1 }
      return sets
    }
  }
}

/// The per-host values a balancer computes before evaluating its rules: `balance.hostLoad`
/// and its extremes over the candidate hosts.
public struct BalanceState: Hashable, Sendable {
  /// `balance.hostLoad` per host (0 for hosts that are not candidates).
  public internal(set) var hostLoad: [Double]
  /// The largest load among the candidates.
  public internal(set) var maxHostLoad: Double = 0
  /// The smallest load among the candidates.
  public internal(set) var minHostLoad: Double = 0

  init(hostCount: Int) { hostLoad = Array(repeating: 0, count: hostCount) }
}

/// The columnar form of a snapshot that compiled evaluators read: one array per field for
/// hosts, VMs and the cluster, built once, plus the pending resources the scheduler adds as
/// it plans, and the balancer's per-host loads.
///
/// ```swift
/// var tables = ClusterTables(snapshot: snapshot)
/// tables.addPending(vm: 3, host: 1)   // host 1's derived columns are recomputed
/// ```
///
/// - Complexity: building is O(fields × (hosts + VMs)); a pending update is O(host fields).
public struct ClusterTables: Sendable {
  /// The snapshot the tables were built from (and updated by ``updateSnapshot(hosts:vm:_:)``).
  public private(set) var snapshot: ClusterSnapshot
  /// The fields and how to compute them.
  public let catalog: PolicyFieldCatalog
  /// Host columns, one row per host in snapshot order.
  public internal(set) var hosts: ColumnTable
  /// VM columns, one row per VM in snapshot order.
  public internal(set) var vms: ColumnTable
  /// Cluster columns, one row.
  public internal(set) var cluster: ColumnTable
  /// What the scheduler has planned so far.
  public internal(set) var pending: PendingResources
  /// The balancer's per-host loads.
  public internal(set) var balance: BalanceState
  /// The VMs being placed together in the current decision (a hard positive affinity group, or
  /// one VM). Affinity units ignore where these run today: they move as one, so a member's
  /// current host does not bind the others (oVirt collects the hosts of members *outside* the
  /// scheduled group, Docs/ovirt.md §2.3.10, §2.4.9).
  public var schedulingGroup: [Int] = []
  /// Each VM's current host index, or −1.
  private(set) var vmHostIndex: [Int]
  /// Running VM counts and vCPU totals per host, from the snapshot.
  private var facts: HostFacts
  /// `balance.*` before any balancer computed them (every load 0), shared: a balancer's load is
  /// evaluated on these, without zeroing a new array per evaluation.
  private let freshBalance: BalanceState

  /// Builds the tables of a snapshot.
  /// - Complexity: O(fields × (hosts + VMs)).
  public init(snapshot: ClusterSnapshot, catalog: PolicyFieldCatalog = .standard) {
    self.snapshot = snapshot
    self.catalog = catalog
    pending = PendingResources(hostCount: snapshot.hosts.count, vmCount: snapshot.vms.count)
    freshBalance = BalanceState(hostCount: snapshot.hosts.count)
    balance = freshBalance
    vmHostIndex = snapshot.vms.map { $0.hostIndex ?? -1 }
    hosts = ColumnTable(rowCount: snapshot.hosts.count, layout: catalog.hostLayout)
    vms = ColumnTable(rowCount: snapshot.vms.count, layout: catalog.vmLayout)
    cluster = ColumnTable(rowCount: 1, layout: catalog.clusterLayout)
    facts = HostFacts.compute(snapshot)
    // Decisions in flight the snapshot records count before the first decision (§3.7).
    for placement in snapshot.pending {
      guard let vm = placement.vmIndex, let host = placement.hostIndex,
        snapshot.vms.indices.contains(vm)
      else { continue }
      pending.set(
        SchedulingFormulas.pendingEntry(
          for: placement, vm: snapshot.vms[vm], onHost: host,
          architecture: snapshot.cluster.cpuArchitecture),
        forVM: vm)
    }
    for index in snapshot.hosts.indices {
      fillHost(index, catalog.hostFields)
    }
    let hostSystems = snapshot.hosts.map { HostOperatingSystem(parsing: $0.osVersion ?? "") }
    for index in snapshot.vms.indices {
      let row = VMRow(snapshot: snapshot, index: index, hostSystems: hostSystems)
      for field in catalog.vmFields { Self.store(field.extract, row, field.column, &vms, index) }
    }
    let row = ClusterRow(snapshot: snapshot)
    for field in catalog.clusterFields {
      Self.store(field.extract, row, field.column, &cluster, 0)
    }
  }

  /// Records that `vm` is planned onto `host` (replacing an earlier plan for the VM) and
  /// recomputes the pending-dependent columns of the hosts involved.
  /// - Complexity: O(host fields).
  public mutating func addPending(vm: Int, host: Int) {
    guard snapshot.vms.indices.contains(vm) else { return }
    let entry = SchedulingFormulas.pendingEntry(
      for: snapshot.vms[vm], onHost: host, architecture: snapshot.cluster.cpuArchitecture)
    let touched = pending.set(entry, forVM: vm)
    refresh(touched)
  }

  /// Removes a VM's pending entry.
  /// - Complexity: O(host fields).
  public mutating func removePending(vm: Int) {
    refresh(pending.remove(vmIndex: vm))
  }

  private mutating func refresh(_ hostIndices: [Int]) {
    for host in hostIndices { fillHost(host, catalog.pendingHostFields) }
  }

  /// Changes the snapshot in place — `body` moves `vm` and changes the figures of `hosts`,
  /// nothing else (a migration planned between balancing rounds) — and recomputes exactly the
  /// columns that depend on them: those hosts' and the VM's columns that placement can change
  /// (``PolicyField/isPlacementDependent``; `body` may change only what those read). The
  /// result equals tables built from the changed snapshot, with the same pending resources.
  /// - Complexity: O(placement-dependent fields + VMs on `hosts`) when the tables' storage is
  ///   not shared.
  public mutating func updateSnapshot(
    hosts changed: [Int], vm: Int, _ body: (inout ClusterSnapshot) -> Void
  ) {
    body(&snapshot)
    guard snapshot.vms.indices.contains(vm) else { return }
    vmHostIndex[vm] = snapshot.vms[vm].hostIndex ?? -1
    for host in changed where snapshot.hosts.indices.contains(host) {
      facts.update(host, in: snapshot)
    }
    for host in changed where snapshot.hosts.indices.contains(host) {
      fillHost(host, catalog.placementHostFields)
    }
    let row = VMRow(snapshot: snapshot, index: vm)
    for field in catalog.placementVMFields {
      Self.store(field.extract, row, field.column, &vms, vm)
    }
  }

  private mutating func fillHost(_ index: Int, _ fields: [ColumnField<HostRow>]) {
    let row = HostRow(snapshot: snapshot, index: index, pending: pending, facts: facts)
    for field in fields { Self.store(field.extract, row, field.column, &hosts, index) }
  }

  private static func store<Row>(
    _ extract: RowExtractor<Row>, _ row: Row, _ column: Int, _ table: inout ColumnTable,
    _ index: Int
  ) {
    switch extract {
    case .int(let f): table.ints[column * table.rowCount + index] = f(row)
    case .float(let f): table.floats[column * table.rowCount + index] = f(row)
    case .bool(let f): table.bools[column * table.rowCount + index] = f(row)
    case .string(let f): table.strings[column][index] = f(row)
    case .stringSet(let f): table.sets[column][index] = f(row)
    }
  }

  /// Computes `balance.hostLoad` for the candidate hosts with a compiled load expression and
  /// records its extremes; call before evaluating a balancer's rules.
  /// - Complexity: O(candidates × expression size).
  public mutating func prepareBalance(
    hostLoad: CompiledExpression<EvaluationContext>, candidates: [Int]
  ) {
    // Loads are evaluated as on fresh tables, whatever an earlier round left here.
    balance = freshBalance
    var context = EvaluationContext(tables: self, hostIndex: 0, vmIndex: -1)
    var loads = Array(repeating: 0.0, count: snapshot.hosts.count)
    var maximum = -Double.infinity
    var minimum = Double.infinity
    for host in candidates where loads.indices.contains(host) {
      context.hostIndex = host
      let load = hostLoad.evaluateNumber(context)
      loads[host] = load
      maximum = max(maximum, load)
      minimum = min(minimum, load)
    }
    balance.hostLoad = loads
    balance.maxHostLoad = candidates.isEmpty ? 0 : maximum
    balance.minHostLoad = candidates.isEmpty ? 0 : minimum
  }
}

extension ClusterTables {
  /// One host's value of a balancer's load expression, evaluated as
  /// ``prepareBalance(hostLoad:candidates:)`` evaluates it (on fresh `balance.*`).
  /// - Complexity: O(expression size).
  public func balanceLoad(_ hostLoad: CompiledExpression<EvaluationContext>, host: Int) -> Double {
    var tables = self
    tables.balance = freshBalance
    return hostLoad.evaluateNumber(EvaluationContext(tables: tables, hostIndex: host, vmIndex: -1))
  }
}

/// Facts about hosts that need a pass over the VMs: running VM counts and vCPU totals.
struct HostFacts: Sendable {
  var vmCount: [Int]
  var vcpuCount: [Int]

  /// Recounts one host after the VMs running on it changed.
  mutating func update(_ host: Int, in snapshot: ClusterSnapshot) {
    let indices = snapshot.runningVMIndicesByHost[host]
    vmCount[host] = indices.count
    vcpuCount[host] = indices.reduce(0) { $0 + snapshot.vms[$1].vcpus }
  }

  static func compute(_ snapshot: ClusterSnapshot) -> HostFacts {
    var vcpus = Array(repeating: 0, count: snapshot.hosts.count)
    for (host, indices) in snapshot.runningVMIndicesByHost.enumerated() {
      for vm in indices { vcpus[host] += snapshot.vms[vm].vcpus }
    }
    return HostFacts(vmCount: snapshot.runningVMIndicesByHost.map(\.count), vcpuCount: vcpus)
  }
}

/// What compiled expressions are evaluated against: the tables and the (host, VM) pair.
///
/// The hot loop keeps one context and changes the indices:
///
/// ```swift
/// var context = EvaluationContext(tables: tables, hostIndex: 0, vmIndex: vm)
/// for host in candidates {
///   context.hostIndex = host
///   if !filter.evaluate(context) { … }
/// }
/// ```
public struct EvaluationContext: Sendable {
  /// The tables, behind one reference: the context is three words, so the compiled closures
  /// pass it in registers instead of copying the tables' many fields at every node.
  private final class Storage: @unchecked Sendable {
    // Mutated only through `tables`' `_modify`, after a uniqueness check: value semantics, so
    // no access can overlap a mutation and the per-read exclusivity check is dropped.
    @exclusivity(unchecked) var tables: ClusterTables
    init(_ tables: ClusterTables) { self.tables = tables }
  }

  private var storage: Storage

  /// The tables.
  public var tables: ClusterTables {
    _read { yield storage.tables }
    _modify {
      if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.tables) }
      yield &storage.tables
    }
  }
  /// The host being evaluated.
  public var hostIndex: Int
  /// The VM being scheduled (−1 where no VM is involved, e.g. a balancer's source rule).
  public var vmIndex: Int

  /// Creates a context.
  public init(tables: ClusterTables, hostIndex: Int, vmIndex: Int) {
    storage = Storage(tables)
    self.hostIndex = hostIndex
    self.vmIndex = vmIndex
  }
}
