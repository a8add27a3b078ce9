public import Inventory

/// VMs that are placed together on one host (Docs/ovirt.md §3.3).
public struct VMGroup: Hashable, Sendable {
  /// The VM indices, in scheduling order.
  public var vmIndices: [Int]
  /// The hard-affinity conflict that makes the group unschedulable, if any.
  public var conflict: AffinityConflict?

  /// Creates a group.
  public init(vmIndices: [Int], conflict: AffinityConflict? = nil) {
    self.vmIndices = vmIndices
    self.conflict = conflict
  }
}

/// A negative enforcing VM affinity group that contains two or more VMs of one positive group.
public struct AffinityConflict: Hashable, Sendable {
  /// The negative group's name.
  public var groupName: String
  /// The VMs of the placement group that it keeps apart, in scheduling order.
  public var vmIndices: [Int]

  /// Creates a conflict.
  public init(groupName: String, vmIndices: [Int]) {
    self.groupName = groupName
    self.vmIndices = vmIndices
  }
}

/// How VMs placed in one request are grouped.
public enum GroupingMode: String, Hashable, Sendable, CaseIterable {
  /// oVirt: group by positive enforcing VM affinity only when the policy has the
  /// `VmAffinityGroups` filter.
  case whenPolicyEnforcesAffinity
  /// Always group by positive enforcing VM affinity.
  case always
  /// Every VM is its own group (oVirt's `doNotGroupVms` / ignore hard VM affinity).
  case never
}

/// How the VMs of one request are ordered before grouping.
public enum PlacementOrdering: String, Hashable, Sendable, CaseIterable {
  /// oVirt's `groupVms` order: a stable sort by CPU pinning class, strongest first (manual >
  /// resize-and-pin-NUMA > isolate-threads > dedicated > none), then more vCPUs, threads per
  /// core, cores per socket and sockets first. Ties keep the request order.
  case pinningClassThenSize
  /// The order of the request.
  case asGiven
}

/// Groups VMs for placement: oVirt's `groupVms` (Docs/ovirt.md §3.3).
/// Positive enforcing VM↔VM groups that share VMs, merged into one.
public struct UnifiedAffinityGroup: Hashable, Sendable {
  /// The merged groups' names, in snapshot order.
  public var groupNames: [String]
  /// Every member VM, ascending.
  public var members: [Int]
}

public enum VMGrouper {
  /// Orders and groups the VMs of one request.
  ///
  /// Positive enforcing VM↔VM affinity groups of the cluster (labels included) are unified
  /// transitively: groups that share a VM merge. Each unified set, intersected with the
  /// requested VMs, becomes one group, placed on one host; the other VMs are singletons.
  /// Groups come in the order of their first VM; a group's VMs keep scheduling order. A
  /// negative enforcing group containing two or more VMs of one group marks it as a conflict.
  ///
  /// - Parameters:
  ///   - vms: VM indices, without repeats.
  ///   - snapshot: the cluster.
  ///   - isGrouping: whether to group (see ``GroupingMode``); `false` gives singletons.
  ///   - ordering: how to order the VMs first.
  /// - Complexity: O(v log v + Σ group members × α), v = requested VMs.
  public static func groups(
    of vms: [Int], in snapshot: ClusterSnapshot, isGrouping: Bool,
    ordering: PlacementOrdering = .pinningClassThenSize
  ) -> [VMGroup] {
    let ordered = ordering == .asGiven || vms.count < 2 ? vms : sortedForScheduling(vms, snapshot)
    guard isGrouping, ordered.count > 1 else { return ordered.map { VMGroup(vmIndices: [$0]) } }
    var sets = positiveUnion(in: snapshot)
    var groups: [VMGroup] = []
    var groupOfRoot: [Int: Int] = [:]  // root → index in `groups`; never iterated
    for vm in ordered where snapshot.vms.indices.contains(vm) {
      let root = sets.find(vm)
      if let index = groupOfRoot[root] {
        groups[index].vmIndices.append(vm)
      } else {
        groupOfRoot[root] = groups.count
        groups.append(VMGroup(vmIndices: [vm]))
      }
    }
    for index in groups.indices where groups[index].vmIndices.count > 1 {
      groups[index].conflict = conflict(in: groups[index].vmIndices, snapshot)
    }
    return groups
  }

  /// The VMs joined by positive enforcing VM↔VM groups, transitively (labels included).
  static func positiveUnion(in snapshot: ClusterSnapshot) -> DisjointSets {
    var sets = DisjointSets(count: snapshot.vms.count)
    for group in snapshot.affinityGroups
    where group.vmRule.polarity == .positive && group.vmRule.isEnforcing {
      let members = snapshot.memberVMIndices(of: group)
      guard let first = members.first else { continue }
      for member in members.dropFirst() { sets.union(first, member) }
    }
    return sets
  }

  /// The positive enforcing VM↔VM groups merged where they share a VM (oVirt unifies them
  /// transitively before grouping and before enforcement, Docs/ovirt.md §3.3, §7.1), in the
  /// order of each merged set's first group.
  /// - Complexity: O(Σ group members × α).
  public static func unifiedPositiveGroups(in snapshot: ClusterSnapshot) -> [UnifiedAffinityGroup] {
    var sets = positiveUnion(in: snapshot)
    var result: [UnifiedAffinityGroup] = []
    var indexOfRoot: [Int: Int] = [:]  // root → index in `result`; never iterated
    for group in snapshot.affinityGroups
    where group.vmRule.polarity == .positive && group.vmRule.isEnforcing {
      let members = snapshot.memberVMIndices(of: group)
      guard let first = members.first else { continue }
      let root = sets.find(first)
      if let index = indexOfRoot[root] {
        result[index].groupNames.append(group.name)
        result[index].members = Array(Set(result[index].members).union(members)).sorted()
      } else {
        indexOfRoot[root] = result.count
        result.append(UnifiedAffinityGroup(groupNames: [group.name], members: members))
      }
    }
    return result
  }

  /// The first negative enforcing VM group (snapshot order) holding ≥2 of these VMs.
  static func conflict(in vms: [Int], _ snapshot: ClusterSnapshot) -> AffinityConflict? {
    for group in snapshot.affinityGroups
    where group.vmRule.polarity == .negative && group.vmRule.isEnforcing {
      let members = Set(snapshot.memberVMIndices(of: group))
      let inside = vms.filter { members.contains($0) }
      if inside.count >= 2 { return AffinityConflict(groupName: group.name, vmIndices: inside) }
    }
    return nil
  }

  /// oVirt's stable scheduling sort (Docs/ovirt.md §3.3).
  static func sortedForScheduling(_ vms: [Int], _ snapshot: ClusterSnapshot) -> [Int] {
    func key(_ vm: Int) -> [Int] {
      guard snapshot.vms.indices.contains(vm) else { return [0, 0, 0, 0, 0] }
      let machine = snapshot.vms[vm]
      let threads = max(1, machine.cpuThreadsPerCore ?? 1)
      let cores = max(1, machine.cpuCoresPerSocket ?? 1)
      let sockets = machine.cpuSockets ?? max(1, machine.vcpus / (threads * cores))
      return [pinningStrength(machine.cpuPinningPolicy), machine.vcpus, threads, cores, sockets]
    }
    // Descending keys; the negated request position as the last key keeps the sort stable.
    return vms.enumerated()
      .map { (key: key($0.element) + [-$0.offset], vm: $0.element) }
      .sorted { $1.key.lexicographicallyPrecedes($0.key) }
      .map(\.vm)
  }

  /// Manual 4 > resize-and-pin-NUMA 3 > isolate-threads 2 > dedicated 1 > none 0.
  static func pinningStrength(_ policy: CPUPinningPolicy) -> Int {
    switch policy {
    case .manual: 4
    case .resizeAndPinNUMA: 3
    case .isolateThreads: 2
    case .dedicated: 1
    case .none: 0
    }
  }
}

/// Union–find with path halving and union by size.
struct DisjointSets {
  private var parent: [Int]
  private var size: [Int]

  init(count: Int) {
    parent = Array(0..<max(0, count))
    size = Array(repeating: 1, count: max(0, count))
  }

  mutating func find(_ element: Int) -> Int {
    guard parent.indices.contains(element) else { return element }
    var node = element
    while parent[node] != node {
      parent[node] = parent[parent[node]]
      node = parent[node]
    }
    return node
  }

  mutating func union(_ a: Int, _ b: Int) {
    var rootA = find(a)
    var rootB = find(b)
    guard rootA != rootB, parent.indices.contains(rootA), parent.indices.contains(rootB) else {
      return
    }
    if size[rootA] < size[rootB] { swap(&rootA, &rootB) }
    parent[rootB] = rootA
    size[rootA] += size[rootB]
  }
}
