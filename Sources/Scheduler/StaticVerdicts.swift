import Inventory
import Policy
import PolicyExpression
import Synchronization

/// A set of host indices as bits.
public struct HostBitset: Hashable, Sendable {
  private var words: [UInt64]
  /// The number of hosts the set ranges over.
  public let count: Int

  /// An empty set over `count` hosts.
  public init(count: Int) {
    self.count = count
    words = Array(repeating: 0, count: (count + 63) / 64)
  }

  /// Whether `host` is in the set (false outside 0..<count).
  @inline(__always)
  public func contains(_ host: Int) -> Bool {
    guard host >= 0, host < count else { return false }
    return words[host >> 6] & (1 << UInt64(host & 63)) != 0
  }

  /// Adds or removes `host`.
  public mutating func set(_ host: Int, _ member: Bool) {
    guard host >= 0, host < count else { return }
    if member {
      words[host >> 6] |= 1 << UInt64(host & 63)
    } else {
      words[host >> 6] &= ~(1 << UInt64(host & 63))
    }
  }

  /// The hosts in the set, ascending.
  public var members: [Int] { (0..<count).filter(contains) }
}

/// The static half of a pipeline's filters (``CompiledFilter/readsPlacementDependentFields``
/// is false): their verdicts for a (VM, host) pair hold for a whole plan.
struct StaticFilterPlan: Sendable {
  /// Static filters, in pipeline order.
  let staticFilters: [Int]
  /// The other filters (dynamic expressions and every native unit), in pipeline order.
  let dynamicFilters: [Int]
  /// Their conditions.
  let conditions: [CompiledExpression<EvaluationContext>]
  /// The `vm.*` fields they read: a VM's key.
  let vmFields: [FieldID]
  /// Identifies the static filters by their folded text, so schedulers built from equal
  /// pipelines share rows.
  let signature: String

  init(pipeline: SchedulingPipeline) {
    var staticFilters: [Int] = []
    var dynamicFilters: [Int] = []
    var conditions: [CompiledExpression<EvaluationContext>] = []
    var fields: Set<FieldID> = []
    var signature = ""
    for (index, filter) in pipeline.filters.enumerated() {
      if case .expression(let compiled) = filter, !compiled.readsPlacementDependentFields {
        staticFilters.append(index)
        conditions.append(compiled.conditionExpression)
        fields.formUnion(compiled.vmFields)
        signature += compiled.unitName + "\u{1}" + compiled.printedCondition + "\u{2}"
      } else {
        dynamicFilters.append(index)
      }
    }
    self.staticFilters = staticFilters
    self.dynamicFilters = dynamicFilters
    self.conditions = conditions
    vmFields = fields.sorted()
    self.signature = signature
  }

  /// The hosts where every static filter passes for `vm`.
  /// - Complexity: O(hosts × static filters × expression size).
  func evaluate(vm: Int, tables: ClusterTables) -> HostBitset {
    let count = tables.snapshot.hosts.count
    var passes = HostBitset(count: count)
    var context = EvaluationContext(tables: tables, hostIndex: 0, vmIndex: vm)
    for host in 0..<count {
      context.hostIndex = host
      passes.set(host, conditions.allSatisfy { $0.evaluateBool(context) })
    }
    return passes
  }
}

/// Static verdict rows of a solver state, one per (static filters, VM key), computed on first
/// use and shared by VMs with equal keys. Copies of a state share the store until one changes
/// its snapshot (``SchedulerState/updateSnapshot(hosts:vm:_:)`` copies it first and then
/// re-evaluates the changed hosts only).
final class StaticVerdictStore: Sendable {
  struct Key: Hashable {
    var signature: String
    var vm: VMFieldKey
  }

  struct Row {
    var passes: HostBitset
    var representative: Int
    var plan: StaticFilterPlan
  }

  private let rows: Mutex<[Key: Row]>

  init(rows: [Key: Row] = [:]) { self.rows = Mutex(rows) }

  func copy() -> StaticVerdictStore { StaticVerdictStore(rows: rows.withLock { $0 }) }

  /// The row of `vm` under `plan`, computed when missing.
  func passes(_ plan: StaticFilterPlan, vm: Int, tables: ClusterTables) -> HostBitset {
    let key = Key(signature: plan.signature, vm: tables.vmKey(plan.vmFields, vm: vm))
    if let row = rows.withLock({ $0[key] }) { return row.passes }
    let passes = plan.evaluate(vm: vm, tables: tables)
    rows.withLock { $0[key] = Row(passes: passes, representative: vm, plan: plan) }
    return passes
  }

  /// Re-evaluates the rows on `hosts` after their static fields may have changed, and drops
  /// the rows `vm` represents (its own fields changed).
  func refresh(hosts: [Int], vm: Int, tables: ClusterTables) {
    rows.withLock { rows in
      guard !rows.isEmpty else { return }
      for key in Array(rows.keys) {
        guard var row = rows[key] else { continue }
        if row.representative == vm {
          rows[key] = nil
          continue
        }
        var context = EvaluationContext(tables: tables, hostIndex: 0, vmIndex: row.representative)
        for host in hosts where host >= 0 && host < row.passes.count {
          context.hostIndex = host
          row.passes.set(host, row.plan.conditions.allSatisfy { $0.evaluateBool(context) })
        }
        rows[key] = row
      }
    }
  }

  var isEmpty: Bool { rows.withLock { $0.isEmpty } }
}
