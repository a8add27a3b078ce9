import Inventory
import Policy
import PolicyExpression
import Synchronization

/// Per-host change stamps of a solver state: a host's stamp changes whenever a placement, a
/// pending entry or a move may change its fields. Stamps come from one counter shared by every
/// copy of the state, so two copies that diverge never hand out the same stamp: a verdict
/// stored under a stamp holds for every copy whose host still carries it.
struct HostStamps: Sendable {
  private final class Counter: Sendable {
    private let next = Mutex<UInt64>(1)
    func take() -> UInt64 {
      next.withLock { value in
        value += 1
        return value
      }
    }
  }

  private let counter = Counter()
  /// Each host's stamp; 0 is never handed out, so a row that has not evaluated a host misses.
  private(set) var stamps: [UInt64]

  init(hostCount: Int) { stamps = Array(repeating: 1, count: max(0, hostCount)) }

  /// Gives `hosts` fresh stamps.
  mutating func touch(_ hosts: [Int]) {
    for host in hosts where stamps.indices.contains(host) { stamps[host] = counter.take() }
  }

  /// Gives `hosts` fresh stamps and returns what is needed to put the earlier ones back
  /// (``restore(_:)``).
  mutating func touchRestorably(_ hosts: [Int]) -> HostStampRevision {
    var before: [UInt64] = []
    var after: [UInt64] = []
    before.reserveCapacity(hosts.count)
    after.reserveCapacity(hosts.count)
    for host in hosts {
      guard stamps.indices.contains(host) else {
        before.append(0)
        after.append(0)
        continue
      }
      before.append(stamps[host])
      stamps[host] = counter.take()
      after.append(stamps[host])
    }
    return HostStampRevision(hosts: hosts, before: before, after: after)
  }

  /// Puts back the stamps a revision replaced, on the hosts that still carry the stamp it
  /// handed out (nothing changed them since); other hosts get fresh stamps. Call only once the
  /// revision's hosts have their fields back as they were before it.
  mutating func restore(_ revision: HostStampRevision) {
    for position in revision.hosts.indices.reversed() {
      let host = revision.hosts[position]
      guard stamps.indices.contains(host) else { continue }
      stamps[host] =
        stamps[host] == revision.after[position] ? revision.before[position] : counter.take()
    }
  }
}

/// The stamps a change gave some hosts and those it replaced: undoing the change puts the
/// replaced ones back, so the verdicts and scores stored under them hold again.
public struct HostStampRevision: Sendable {
  let hosts: [Int]
  let before: [UInt64]
  let after: [UInt64]
}

extension HostStamps {
  /// Calls `body` with each host, ascending, whose stamp in `stored` (a row's) differs from
  /// `current` (the state's), over the hosts both cover: blocks of 64 hosts are compared at
  /// once (an OR of XORs the compiler vectorises), so unchanged blocks cost a few instructions.
  static func forEachChanged(
    _ stored: [UInt64], _ current: [UInt64], _ body: (Int) -> Void
  ) {
    let count = min(stored.count, current.count)
    stored.withUnsafeBufferPointer { stored in
      current.withUnsafeBufferPointer { current in
        var start = 0
        while start < count {
          let end = min(start + 64, count)
          var difference: UInt64 = 0
          for host in start..<end { difference |= stored[host] ^ current[host] }
          if difference != 0 {
            for host in start..<end where stored[host] != current[host] { body(host) }
          }
          start = end
        }
      }
    }
  }
}

/// One dynamic expression filter of a pipeline (it reads fields placement changes): its
/// condition, the `vm.*` fields it reads and its identity.
struct DynamicExpressionFilter: Sendable {
  /// The filter's index in the pipeline.
  let index: Int
  let condition: CompiledExpression<EvaluationContext>
  let vmFields: [FieldID]
  /// The unit name and folded condition: schedulers built from equal pipelines share rows.
  let signature: RowSignature
}

/// Dynamic expression verdicts of a solver state, per filter and VM key, each host's bit
/// stored with the host's stamp (``HostStamps``) when it was evaluated: a decision re-evaluates
/// only the hosts whose stamp changed since (the two hosts of a move, the host of a pending
/// placement), for every VM with an equal key.
///
/// What a verdict may depend on: the host's fields (covered by its stamp), the cluster's (fixed
/// for a plan), the VM's fields the filter reads (the key) and two (host, VM) fields the key
/// cannot hold — `host.runsVm` and `host.vmDynamicHugepageMiB`. The key adds the VM's hugepage
/// size and memory when it has hugepages; `host.runsVm` differs only on the VM's own host, so a
/// VM's own host is never stored nor read from a row: it is evaluated per decision.
final class DynamicVerdictStore: Sendable {
  struct Key: Hashable {
    var signature: RowSignature
    var vm: VMFieldKey
    var hugepageSizeKiB: Int
    var memoryMiB: Int

    /// The key of `vm` for an expression with this signature reading `fields`.
    init(signature: RowSignature, fields: [FieldID], vm: Int, tables: ClusterTables) {
      let record = tables.snapshot.vms[vm]
      let hugepages = record.hugepageSizeKiB ?? 0
      self.signature = signature
      self.vm = tables.vmKey(fields, vm: vm)
      hugepageSizeKiB = hugepages > 0 ? hugepages : 0
      memoryMiB = hugepages > 0 ? record.memoryMiB : 0
    }
  }

  struct Row {
    var passes: HostBitset
    /// The hosts whose bit in ``passes`` was evaluated at their stamp in ``stamps``; a host
    /// whose stamp changed while it was not needed gets the new stamp and leaves this set, so
    /// an unchanged block of 64 hosts is skipped at once.
    var known: HostBitset
    var stamps: [UInt64]

    init(hostCount: Int) {
      passes = HostBitset(count: hostCount)
      known = HostBitset(count: hostCount)
      stamps = Array(repeating: 0, count: hostCount)
    }
  }

  private let rows: Mutex<[Key: Row]>

  init(rows: [Key: Row] = [:]) { self.rows = Mutex(rows) }

  /// Keeps in `hosts` only those where every filter of `filters` passes `vm`; each filter's
  /// row is brought up to date on the hosts of `hosts` whose stamp changed. `hosts` must hold
  /// candidates only: a host outside it is neither evaluated nor kept.
  /// - Complexity: O(filters × (VM key + hosts / 64 + stamps)), plus an evaluation per stale
  ///   host.
  func intersect(
    _ hosts: inout HostBitset, filters: [DynamicExpressionFilter], vm: Int,
    stamps: HostStamps, _ context: inout EvaluationContext
  ) {
    let tables = context.tables
    let record = tables.snapshot.vms[vm]
    let ownHost = record.hostIndex ?? -1
    let hostCount = tables.snapshot.hosts.count
    context.vmIndex = vm
    rows.withLock { rows in
      for filter in filters {
        let key = Key(signature: filter.signature, fields: filter.vmFields, vm: vm, tables: tables)
        rows[key, default: Row(hostCount: hostCount)].update(
          &hosts, filter: filter, ownHost: ownHost, stamps: stamps.stamps, &context)
      }
    }
  }

  var isEmpty: Bool { rows.withLock { $0.isEmpty } }
}

extension DynamicVerdictStore.Row {
  /// Removes from `hosts` the hosts `filter` rejects, evaluating those not known at their
  /// current stamp (and the VM's own host, never stored), then intersecting with the row a
  /// word at a time.
  mutating func update(
    _ hosts: inout HostBitset, filter: DynamicExpressionFilter, ownHost: Int,
    stamps: [UInt64], _ context: inout EvaluationContext
  ) {
    // Hosts whose stamp changed are forgotten.
    var changed: [Int] = []
    HostStamps.forEachChanged(self.stamps, stamps) { changed.append($0) }
    for host in changed {
      known.set(host, false)
      self.stamps[host] = stamps[host]
    }
    // The hosts needed and not known are evaluated.
    var evaluated: [(host: Int, passes: Bool)] = []
    hosts.forEachMember(notIn: known) { host in
      if host != ownHost { evaluated.append((host, evaluate(filter, host: host, &context))) }
    }
    for (host, passes) in evaluated {
      self.passes.set(host, passes)
      known.set(host, true)
    }
    // The own host is evaluated apart and never stored (`host.runsVm` differs there).
    let ownPasses = hosts.contains(ownHost) ? evaluate(filter, host: ownHost, &context) : nil
    hosts.formIntersection(passes)
    if let ownPasses { hosts.set(ownHost, ownPasses) }
  }

  private func evaluate(
    _ filter: DynamicExpressionFilter, host: Int, _ context: inout EvaluationContext
  ) -> Bool {
    context.hostIndex = host
    return filter.condition.evaluateBool(context)
  }
}
