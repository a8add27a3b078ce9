import Inventory
import Policy
import PolicyExpression
import Synchronization

/// A set of host indices as bits.
public struct HostBitset: Hashable, Sendable {
  private var words: [UInt64]
  /// The number of hosts the set ranges over.
  public let count: Int

  /// A set over `count` hosts, empty or (`filled`) with every host.
  public init(count: Int, filled: Bool = false) {
    self.count = max(0, count)
    words = Array(repeating: 0, count: (self.count + 63) / 64)
    if filled {
      for host in 0..<self.count { set(host, true) }
    }
  }

  /// A set over `count` hosts holding `members` (those in 0..<count).
  init(count: Int, members: [Int]) {
    self.init(count: count)
    for host in members { set(host, true) }
  }

  /// Keeps only the hosts also in `other` (sets over the same hosts).
  public mutating func formIntersection(_ other: HostBitset) {
    for index in words.indices where index < other.words.count {
      words[index] &= other.words[index]
    }
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

  /// Calls `body` with each host, ascending, in `self` and not in `other` (sets over the same
  /// hosts), without building the difference.
  /// - Complexity: O(count / 64 + such hosts).
  func forEachMember(notIn other: HostBitset, _ body: (Int) -> Void) {
    for (index, word) in words.enumerated() {
      var bits = index < other.words.count ? word & ~other.words[index] : word
      while bits != 0 {
        body(index << 6 + bits.trailingZeroBitCount)
        bits &= bits - 1
      }
    }
  }

  /// The hosts in the set, ascending.
  /// - Complexity: O(count / 64 + members).
  public var members: [Int] {
    var out: [Int] = []
    for (index, word) in words.enumerated() {
      var bits = word
      while bits != 0 {
        out.append(index << 6 + bits.trailingZeroBitCount)
        bits &= bits - 1
      }
    }
    return out
  }
}

/// One static filter: its condition, the `vm.*` fields it reads and its identity.
struct StaticFilter: Sendable {
  let condition: CompiledExpression<EvaluationContext>
  let vmFields: [FieldID]
  /// The unit name and folded condition: schedulers built from equal pipelines share rows.
  let signature: RowSignature
}

/// The static half of a pipeline's filters (``CompiledFilter/readsPlacementDependentFields``
/// is false): their verdicts for a (VM, host) pair hold for a whole plan.
struct StaticFilterPlan: Sendable {
  /// Static filters' indices, in pipeline order.
  let staticFilters: [Int]
  /// The other filters (dynamic expressions and every native unit), in pipeline order.
  let dynamicFilters: [Int]
  /// The static filters.
  let filters: [StaticFilter]
  /// The dynamic expression filters, in pipeline order (``DynamicVerdictStore``).
  let dynamicExpressions: [DynamicExpressionFilter]
  /// The native filters' indices, in pipeline order: evaluated per decision.
  let natives: [Int]

  init(pipeline: SchedulingPipeline) {
    var staticFilters: [Int] = []
    var dynamicFilters: [Int] = []
    var filters: [StaticFilter] = []
    var dynamicExpressions: [DynamicExpressionFilter] = []
    var natives: [Int] = []
    for (index, filter) in pipeline.filters.enumerated() {
      switch filter {
      case .expression(let compiled):
        let signature = RowSignature(
          compiled.unitName + "\u{1}" + (compiled.printedCondition ?? "")
            + "\u{1}" + compiled.checks.map(\.printedCondition).joined(separator: "\u{1}"))
        if compiled.readsPlacementDependentFields {
          dynamicFilters.append(index)
          dynamicExpressions.append(
            DynamicExpressionFilter(
              index: index, condition: compiled.conditionExpression, vmFields: compiled.vmFields,
              signature: signature))
        } else {
          staticFilters.append(index)
          filters.append(
            StaticFilter(
              condition: compiled.conditionExpression, vmFields: compiled.vmFields,
              signature: signature))
        }
      case .native:
        dynamicFilters.append(index)
        natives.append(index)
      }
    }
    self.staticFilters = staticFilters
    self.dynamicFilters = dynamicFilters
    self.filters = filters
    self.dynamicExpressions = dynamicExpressions
    self.natives = natives
  }
}

/// Static verdict rows of a solver state: per static filter, one row of hosts per VM key (the
/// values of the `vm.*` fields the filter reads), computed on first use and shared by every
/// VM with that key. Copies of a state share the store: a move changes no field a static filter
/// reads (the field catalog marks every field placement changes), so no row goes stale.
final class StaticVerdictStore: Sendable {
  struct Key: Hashable {
    var signature: RowSignature
    var vm: VMFieldKey
  }

  struct Row {
    var passes: HostBitset
    var representative: Int
    var filter: StaticFilter
  }

  private let rows: Mutex<[Key: Row]>

  init(rows: [Key: Row] = [:]) { self.rows = Mutex(rows) }

  /// The hosts where every static filter of `plan` passes for `vm`: the AND of one row per
  /// filter, each computed when missing.
  /// - Complexity: O(static filters × hosts / 64) once the rows exist.
  func passes(_ plan: StaticFilterPlan, vm: Int, tables: ClusterTables) -> HostBitset {
    var result: HostBitset?
    for filter in plan.filters {
      let key = Key(signature: filter.signature, vm: tables.vmKey(filter.vmFields, vm: vm))
      let row: HostBitset
      if let found = rows.withLock({ $0[key]?.passes }) {
        row = found
      } else {
        row = Self.evaluate(filter, vm: vm, tables: tables)
        rows.withLock { $0[key] = Row(passes: row, representative: vm, filter: filter) }
      }
      if result == nil {
        result = row
      } else {
        result?.formIntersection(row)
      }
    }
    return result ?? HostBitset(count: tables.snapshot.hosts.count, filled: true)
  }

  /// One static filter on every host for `vm`.
  /// - Complexity: O(hosts × expression size).
  static func evaluate(_ filter: StaticFilter, vm: Int, tables: ClusterTables) -> HostBitset {
    let count = tables.snapshot.hosts.count
    var passes = HostBitset(count: count)
    var context = EvaluationContext(tables: tables, hostIndex: 0, vmIndex: vm)
    for host in 0..<count {
      context.hostIndex = host
      if filter.condition.evaluateBool(context) { passes.set(host, true) }
    }
    return passes
  }
}
