package import Diagnostics
package import Inventory
package import Plan
import Planner
import Policy
package import Workspace

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
package struct PolicyImpact: Sendable {
  /// One migrate step, for comparison.
  package struct Move: Hashable, Sendable, Comparable {
    /// The VM.
    package var vm: String
    /// The source host.
    package var from: String
    /// The destination host.
    package var to: String

    package static func < (lhs: Move, rhs: Move) -> Bool {
      (lhs.vm, lhs.from, lhs.to) < (rhs.vm, rhs.from, rhs.to)
    }
  }

  /// The spread of host figures: population standard deviations over Up hosts.
  package struct Spread: Hashable, Sendable {
    /// Of the VM counts.
    package var vmCount: Double
    /// Of CPU %, when some host has a figure.
    package var cpuPercent: Double?
  }

  /// Something a plan could not handle.
  package struct Unhandled: Hashable, Sendable, Comparable {
    /// `vm`, `host` or `affinity`.
    package var kind: String
    /// The VM, host or group.
    package var name: String
    /// Why (from the plan that has it).
    package var reason: String

    package static func < (lhs: Unhandled, rhs: Unhandled) -> Bool {
      (lhs.kind, lhs.name) < (rhs.kind, rhs.name)
    }
  }

  /// The impact on one snapshot.
  package struct SnapshotImpact: Sendable {
    /// The snapshot file.
    package var path: String
    /// The cluster's name.
    package var cluster: String
    /// The scheduling policy planned with.
    package var policyName: String
    /// The old plan's migrate steps, in plan order.
    package var oldMoves: [Move]
    /// The new plan's migrate steps, in plan order.
    package var newMoves: [Move]
    /// In the new plan only, sorted.
    package var added: [Move]
    /// In the old plan only, sorted.
    package var removed: [Move]
    /// Before any move.
    package var before: Spread
    /// After the old plan.
    package var afterOld: Spread
    /// After the new plan.
    package var afterNew: Spread
    /// Unhandled by the new plan only, sorted.
    package var newlyUnplaceable: [Unhandled]
    /// Unhandled by the old plan only, sorted.
    package var noLongerUnplaceable: [Unhandled]
    /// Whether each plan is complete.
    package var isOldComplete: Bool
    /// Whether the new plan is complete.
    package var isNewComplete: Bool
    /// The old plan's host summary (before and after it).
    package var oldHosts: [HostSummary] = []
    /// The new plan's host summary.
    package var newHosts: [HostSummary] = []
  }

  /// The old policy directory, as given.
  package var oldDirectory: String
  /// The new policy directory, as given.
  package var newDirectory: String
  /// Per snapshot, in the order given.
  package var snapshots: [SnapshotImpact]

  /// Moves added over every snapshot.
  package var addedCount: Int { snapshots.reduce(0) { $0 + $1.added.count } }
  /// Moves removed over every snapshot.
  package var removedCount: Int { snapshots.reduce(0) { $0 + $1.removed.count } }
  /// Newly unplaceable items over every snapshot.
  package var newlyUnplaceableCount: Int {
    snapshots.reduce(0) { $0 + $1.newlyUnplaceable.count }
  }
  /// No-longer-unplaceable items over every snapshot.
  package var noLongerUnplaceableCount: Int {
    snapshots.reduce(0) { $0 + $1.noLongerUnplaceable.count }
  }
  /// Old moves over every snapshot.
  package var oldMoveCount: Int { snapshots.reduce(0) { $0 + $1.oldMoves.count } }
  /// New moves over every snapshot.
  package var newMoveCount: Int { snapshots.reduce(0) { $0 + $1.newMoves.count } }

  /// Compares two plans of one snapshot.
  package static func compare(
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
      isOldComplete: old.isComplete, isNewComplete: new.isComplete, oldHosts: old.hostSummary,
      newHosts: new.hostSummary)
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
package struct PolicyImpactAnalyzer: Sendable {
  /// The loader.
  package var workspace: Workspace

  /// Creates an analyzer.
  package init(workspace: Workspace = Workspace()) { self.workspace = workspace }

  /// Plans and compares.
  ///
  /// - Parameters:
  ///   - old: the old policy directory.
  ///   - new: the new policy directory.
  ///   - snapshots: snapshot files.
  ///   - policy: the scheduling policy; nil uses each snapshot's (with its property overrides).
  ///   - maxMigrations: the balance plans' migration limit.
  /// - Returns: the impact, or nil when an error was reported (bad input).
  package mutating func analyze(
    old: String, new: String, snapshots: [String], policy: String?, maxMigrations: Int,
    diagnostics: inout DiagnosticBag
  ) -> PolicyImpact? {
    let oldLibrary = workspace.library(layers: [old], diagnostics: &diagnostics)
    let newLibrary = workspace.library(layers: [new], diagnostics: &diagnostics)
    var impacts: [PolicyImpact.SnapshotImpact] = []
    for path in snapshots {
      guard let loaded = workspace.oneClusterSnapshot(path: path, diagnostics: &diagnostics),
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
