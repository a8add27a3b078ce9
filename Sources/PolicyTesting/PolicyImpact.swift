public import Diagnostics
public import Inventory
public import Plan
import Planner
import Policy
public import Workspace

/// The plan impact of a policy change: the balance plan of each snapshot under the old and the
/// new policy directory (each loaded over the built-ins), compared.
///
/// Metrics, per snapshot and in total:
/// - **moves added / removed**: migrate steps `(vm, from, to)` of the new plan that the old one
///   does not have, and the reverse (as multisets, sorted by VM, then hosts);
/// - **imbalance**: the population standard deviation, over the hosts that are Up in the
///   snapshot, of the VM count and of the CPU % of each host, from the plans' `hostSummary`:
///   before (the snapshot), after the old plan, after the new plan; hosts without a CPU figure
///   are left out of the CPU spread;
/// - **newly unplaceable**: unhandled items (VMs that could not move or start, affinity
///   conflicts) of the new plan that the old plan does not have, by kind and name; and the
///   reverse, **no longer unplaceable**.
public struct PolicyImpact: Sendable {
  /// One migrate step, for comparison.
  public struct Move: Hashable, Sendable, Comparable {
    /// The VM.
    public var vm: String
    /// The source host.
    public var from: String
    /// The destination host.
    public var to: String

    public static func < (lhs: Move, rhs: Move) -> Bool {
      (lhs.vm, lhs.from, lhs.to) < (rhs.vm, rhs.from, rhs.to)
    }
  }

  /// The spread of host figures: population standard deviations over Up hosts.
  public struct Spread: Hashable, Sendable {
    /// Of the VM counts.
    public var vmCount: Double
    /// Of CPU %, when some host has a figure.
    public var cpuPercent: Double?
  }

  /// Something a plan could not handle.
  public struct Unhandled: Hashable, Sendable, Comparable {
    /// `vm`, `host` or `affinity`.
    public var kind: String
    /// The VM, host or group.
    public var name: String
    /// Why (from the plan that has it).
    public var reason: String

    public static func < (lhs: Unhandled, rhs: Unhandled) -> Bool {
      (lhs.kind, lhs.name) < (rhs.kind, rhs.name)
    }
  }

  /// The impact on one snapshot.
  public struct SnapshotImpact: Sendable {
    /// The snapshot file.
    public var path: String
    /// The cluster's name.
    public var cluster: String
    /// The scheduling policy planned with.
    public var policyName: String
    /// The old plan's migrate steps, in plan order.
    public var oldMoves: [Move]
    /// The new plan's migrate steps, in plan order.
    public var newMoves: [Move]
    /// In the new plan only, sorted.
    public var added: [Move]
    /// In the old plan only, sorted.
    public var removed: [Move]
    /// Before any move.
    public var before: Spread
    /// After the old plan.
    public var afterOld: Spread
    /// After the new plan.
    public var afterNew: Spread
    /// Unhandled by the new plan only, sorted.
    public var newlyUnplaceable: [Unhandled]
    /// Unhandled by the old plan only, sorted.
    public var noLongerUnplaceable: [Unhandled]
    /// Whether each plan is complete.
    public var isOldComplete: Bool
    /// Whether the new plan is complete.
    public var isNewComplete: Bool
  }

  /// The old policy directory, as given.
  public var oldDirectory: String
  /// The new policy directory, as given.
  public var newDirectory: String
  /// Per snapshot, in the order given.
  public var snapshots: [SnapshotImpact]

  /// Moves added over every snapshot.
  public var addedCount: Int { snapshots.reduce(0) { $0 + $1.added.count } }
  /// Moves removed over every snapshot.
  public var removedCount: Int { snapshots.reduce(0) { $0 + $1.removed.count } }
  /// Newly unplaceable items over every snapshot.
  public var newlyUnplaceableCount: Int {
    snapshots.reduce(0) { $0 + $1.newlyUnplaceable.count }
  }
  /// No-longer-unplaceable items over every snapshot.
  public var noLongerUnplaceableCount: Int {
    snapshots.reduce(0) { $0 + $1.noLongerUnplaceable.count }
  }
  /// Old moves over every snapshot.
  public var oldMoveCount: Int { snapshots.reduce(0) { $0 + $1.oldMoves.count } }
  /// New moves over every snapshot.
  public var newMoveCount: Int { snapshots.reduce(0) { $0 + $1.newMoves.count } }

  /// Compares two plans of one snapshot.
  public static func compare(
    old: MigrationPlan, new: MigrationPlan, snapshot: ClusterSnapshot, path: String
  ) -> SnapshotImpact {
    let oldMoves = moves(old)
    let newMoves = moves(new)
    let upHosts = Set(snapshot.hosts.filter { $0.status == .up }.map(\.name))
    let oldUnhandled = Set(unhandled(old))
    let newUnhandled = Set(unhandled(new))
    let oldKeys = Set(oldUnhandled.map { [$0.kind, $0.name] })
    let newKeys = Set(newUnhandled.map { [$0.kind, $0.name] })
    return SnapshotImpact(
      path: path, cluster: snapshot.cluster.name, policyName: new.policyName,
      oldMoves: oldMoves, newMoves: newMoves,
      added: difference(newMoves, oldMoves), removed: difference(oldMoves, newMoves),
      before: spread(old.hostSummary.filter { upHosts.contains($0.host) }.map(\.before)),
      afterOld: spread(old.hostSummary.filter { upHosts.contains($0.host) }.map(\.after)),
      afterNew: spread(new.hostSummary.filter { upHosts.contains($0.host) }.map(\.after)),
      newlyUnplaceable: newUnhandled.filter { !oldKeys.contains([$0.kind, $0.name]) }.sorted(),
      noLongerUnplaceable: oldUnhandled.filter { !newKeys.contains([$0.kind, $0.name]) }.sorted(),
      isOldComplete: old.isComplete, isNewComplete: new.isComplete)
  }

  static func moves(_ plan: MigrationPlan) -> [Move] {
    plan.steps.compactMap { step in
      guard step.action == .migrate, let vm = step.vm, let from = step.fromHost,
        let to = step.toHost
      else { return nil }
      return Move(vm: vm, from: from, to: to)
    }
  }

  static func unhandled(_ plan: MigrationPlan) -> [Unhandled] {
    plan.unhandled.map { Unhandled(kind: $0.kind, name: $0.name, reason: $0.reason) }
  }

  /// `a` minus `b` as multisets, sorted.
  static func difference(_ a: [Move], _ b: [Move]) -> [Move] {
    var remaining = b
    var out: [Move] = []
    for move in a {
      if let index = remaining.firstIndex(of: move) {
        remaining.remove(at: index)
      } else {
        out.append(move)
      }
    }
    return out.sorted()
  }

  static func spread(_ figures: [HostSummary.Figures]) -> Spread {
    Spread(
      vmCount: standardDeviation(figures.map { Double($0.vmCount) }) ?? 0,
      cpuPercent: standardDeviation(figures.compactMap(\.cpuPercent)))
  }

  /// The population standard deviation; nil for no values.
  static func standardDeviation(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    return variance.squareRoot()
  }
}

/// Computes a ``PolicyImpact``: loads both libraries and every snapshot, compiles the policy
/// with each library and plans the balance trigger.
public struct PolicyImpactAnalyzer: Sendable {
  /// The loader.
  public var workspace: Workspace

  /// Creates an analyzer.
  public init(workspace: Workspace = Workspace()) { self.workspace = workspace }

  /// Plans and compares.
  ///
  /// - Parameters:
  ///   - old: the old policy directory.
  ///   - new: the new policy directory.
  ///   - snapshots: snapshot files.
  ///   - policy: the scheduling policy; nil uses each snapshot's (with its property overrides).
  ///   - maxMigrations: the balance plans' migration limit.
  /// - Returns: the impact, or nil when an error was reported (bad input).
  public mutating func analyze(
    old: String, new: String, snapshots: [String], policy: String?, maxMigrations: Int,
    diagnostics: inout DiagnosticBag
  ) -> PolicyImpact? {
    let oldLibrary = workspace.library(layers: [old], diagnostics: &diagnostics)
    let newLibrary = workspace.library(layers: [new], diagnostics: &diagnostics)
    var impacts: [PolicyImpact.SnapshotImpact] = []
    for path in snapshots {
      guard let loaded = workspace.snapshot(path: path, diagnostics: &diagnostics),
        let oldLibrary, let newLibrary,
        let oldPlan = plan(oldLibrary, loaded, policy, maxMigrations, &diagnostics),
        let newPlan = plan(newLibrary, loaded, policy, maxMigrations, &diagnostics)
      else { continue }
      impacts.append(
        PolicyImpact.compare(old: oldPlan, new: newPlan, snapshot: loaded.snapshot, path: path))
    }
    guard !diagnostics.hasErrors else { return nil }
    return PolicyImpact(oldDirectory: old, newDirectory: new, snapshots: impacts)
  }

  func plan(
    _ library: PolicyLibrary, _ loaded: LoadedSnapshot, _ policy: String?, _ maxMigrations: Int,
    _ diagnostics: inout DiagnosticBag
  ) -> MigrationPlan? {
    guard
      let pipeline = workspace.pipeline(
        library: library, snapshot: loaded.snapshot, policy: policy, diagnostics: &diagnostics),
      let migration = workspace.migrationPolicy(
        library: library, snapshot: loaded.snapshot, diagnostics: &diagnostics)
    else { return nil }
    let context = PlanningContext(
      snapshot: loaded.snapshot, snapshotDigest: loaded.digest, pipeline: pipeline,
      migrationPolicy: migration, maxMigrations: maxMigrations)
    return context.plan(.balance(BalanceOptions(maxMigrations: maxMigrations)))
  }
}
