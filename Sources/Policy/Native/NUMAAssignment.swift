import Inventory

/// Finds an assignment of a VM's virtual NUMA nodes onto host NUMA nodes with enough free memory
/// (oVirt's `NumaPinningHelper.findAssignment`, Docs/ovirt.md §2.3.7, §2.4.12).
///
/// Each virtual node goes to one of the host nodes it is pinned to; the memory of the virtual
/// nodes assigned to a host node must fit its free memory. A host node's free memory is its
/// reported free memory (its size when unknown) minus what pending placements onto the host
/// take: every pending VM with a non-preferred tune and pinned virtual nodes is assigned first,
/// in VM order, with the same search. INTERLEAVE is checked like STRICT, as in oVirt.
///
/// - Complexity: a depth-first search with backtracking, bounded by ``stepLimit`` visits; past
///   the bound the assignment is reported as not found (real VMs have a handful of nodes).
enum NUMAAssignment {
  /// The most search steps one assignment may take.
  static let stepLimit = 100_000

  /// Whether the VM's NUMA pinning takes part in scheduling: a non-preferred tune and at least
  /// one virtual node pinned to host nodes.
  static func isPinned(_ vm: VirtualMachine) -> Bool {
    vm.numaTuneMode != .preferred && vm.numaNodes.contains { !$0.pinnedHostNodes.isEmpty }
  }

  /// The free memory of each host node (in `host.numaNodes` order) once the pending placements
  /// onto the host, other than `excluding`, have taken theirs.
  static func freeMemoryMiB(
    ofHost hostIndex: Int, in tables: ClusterTables, excluding: Int
  ) -> [Int] {
    let host = tables.snapshot.hosts[hostIndex]
    var free = host.numaNodes.map { $0.freeMiB ?? $0.memoryMiB }
    for vm in NativeUnitSupport.vmsPending(onto: hostIndex, in: tables, excluding: excluding)
    where isPinned(tables.snapshot.vms[vm]) {
      let record = tables.snapshot.vms[vm]
      if NativeUnitSupport.runsNow(vm: vm, onHost: hostIndex, in: tables) { continue }
      if let assignment = find(vm: record, host: host, freeMiB: free) {
        for (node, target) in zip(pinnedNodes(of: record), assignment) {
          free[target] -= node.memoryMiB
        }
      }
    }
    return free
  }

  /// The pinned virtual nodes of a VM, in its order.
  static func pinnedNodes(of vm: VirtualMachine) -> [NUMANode] {
    vm.numaNodes.filter { !$0.pinnedHostNodes.isEmpty }
  }

  /// An assignment of the VM's pinned virtual nodes (in ``pinnedNodes(of:)`` order) to host node
  /// positions, or `nil` when none exists.
  ///
  /// - Parameters:
  ///   - freeMiB: free memory per host node position.
  ///   - allows: an extra constraint on (virtual node, host node), e.g. CPU pinning.
  static func find(
    vm: VirtualMachine, host: Host, freeMiB: [Int],
    allows: (NUMANode, NUMANode) -> Bool = { _, _ in true }
  ) -> [Int]? {
    let nodes = pinnedNodes(of: vm)
    var candidates: [[Int]] = []
    for node in nodes {
      let positions = node.pinnedHostNodes.compactMap { id in
        host.numaNodes.firstIndex { $0.id == id }
      }.filter { allows(node, host.numaNodes[$0]) }
      guard !positions.isEmpty else { return nil }
      candidates.append(positions)
    }
    var free = freeMiB
    var assignment = [Int](repeating: -1, count: nodes.count)
    var steps = 0
    func place(_ index: Int) -> Bool {
      if index == nodes.count { return true }
      for position in candidates[index] where free[position] >= nodes[index].memoryMiB {
        steps += 1
        if steps > stepLimit { return false }
        free[position] -= nodes[index].memoryMiB
        assignment[index] = position
        if place(index + 1) { return true }
        free[position] += nodes[index].memoryMiB
      }
      return false
    }
    return place(0) ? assignment : nil
  }
}
