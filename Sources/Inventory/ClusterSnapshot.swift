/// One cluster at one instant: its settings, hosts, VMs and affinity groups.
///
/// Hosts and VMs keep file order, and their array indices are their stable identities (the
/// scheduler's column indices). Name → index maps are built once, in ``init(takenAt:cluster:hosts:vms:affinityGroups:pending:affinityLabels:)``,
/// which also resolves every name reference (a VM's host, pinned and preferred hosts, group
/// members, the SPM host) to indices. Load one with ``SnapshotLoader``.
///
/// ```yaml
/// apiVersion: shepherd/v1
/// kind: ClusterSnapshot
/// takenAt: 2026-11-28T10:00:00Z
/// cluster: { name: prod-a, compatibilityVersion: "4.7" }
/// hosts:
///   - { name: host-01, status: Up, memory: { physicalMiB: 65536, freeMiB: 32768 } }
/// vms:
///   - { name: web-01, host: host-01, status: Up, memoryMiB: 4096, vcpus: 2 }
/// ```
public struct ClusterSnapshot: Hashable, Sendable {
  /// The snapshot format version; always `shepherd/v1` for snapshots this module loads.
  public static let apiVersion = "shepherd/v1"
  /// The document kind.
  public static let kind = "ClusterSnapshot"

  /// The instant the snapshot describes; durations are measured against it.
  public var takenAt: Timestamp
  /// The cluster settings.
  public var cluster: Cluster
  /// The hosts, in file order.
  public private(set) var hosts: [Host]
  /// The VMs, in file order.
  public private(set) var vms: [VirtualMachine]
  /// The affinity groups, in file order.
  public private(set) var affinityGroups: [AffinityGroup]
  /// The affinity labels given as objects (`affinityLabels`), in file order.
  public private(set) var affinityLabels: [AffinityLabel]
  /// Resources promised to hosts by decisions in flight (`pending`), in file order, followed by
  /// the entries implied by VMs in WaitForLaunch on their host that the list does not name
  /// (Docs/ovirt.md §3.7); references resolved. One entry per VM.
  public private(set) var pending: [PendingPlacement]

  /// Values the snapshot's producer assumed (`x-assumed`); informational only.
  public var assumptions: [SnapshotAssumption] = []

  /// Host name → index in ``hosts``.
  public let hostIndexByName: [String: Int]
  /// VM name → index in ``vms``.
  public let vmIndexByName: [String: Int]
  /// For each host, the indices of the running VMs on it, in VM order.
  public private(set) var runningVMIndicesByHost: [[Int]]
  /// For each VM, the indices of the affinity groups it is a member of (named or by label),
  /// ascending: a per-VM unit visits its own groups, not every group of the cluster.
  public let affinityGroupIndicesByVM: [[Int]]

  /// Creates a snapshot and resolves every name reference to an index.
  ///
  /// Names that resolve to nothing are dropped from the index lists (the loader reports them
  /// before it gets here); with duplicate names the first wins.
  /// - Complexity: O(hosts + VMs + group members).
  public init(
    takenAt: Timestamp, cluster: Cluster, hosts: [Host], vms: [VirtualMachine],
    affinityGroups: [AffinityGroup] = [], pending: [PendingPlacement] = [],
    affinityLabels: [AffinityLabel] = []
  ) {
    // Label objects put their name on the VMs and hosts they list, and an implicit label of a
    // cluster below 4.4 is a hard positive VM-to-host group (Docs/ovirt.md §2.3.11).
    var hosts = hosts
    var vms = vms
    var affinityGroups = affinityGroups.filter { !$0.isImplicitLabelGroup }
    if !affinityLabels.isEmpty {
      var hostByName: [String: Int] = [:]
      for (index, host) in hosts.enumerated() where hostByName[host.name] == nil {
        hostByName[host.name] = index
      }
      var vmByName: [String: Int] = [:]
      for (index, vm) in vms.enumerated() where vmByName[vm.name] == nil {
        vmByName[vm.name] = index
      }
      let implicitGroups = cluster.compatibilityVersionIsBelow(major: 4, minor: 4)
      for label in affinityLabels {
        for name in label.hostNames {
          if let index = hostByName[name], !hosts[index].labels.contains(label.name) {
            hosts[index].labels.append(label.name)
          }
        }
        for name in label.vmNames {
          if let index = vmByName[name], !vms[index].labels.contains(label.name) {
            vms[index].labels.append(label.name)
          }
        }
        if implicitGroups, label.isImplicitAffinityGroup {
          var group = AffinityGroup(name: label.implicitGroupName)
          group.vmLabels = [label.name]
          group.hostLabels = [label.name]
          group.hostRule = AffinityGroup.Rule(polarity: .positive, isEnforcing: true)
          group.isImplicitLabelGroup = true
          group.span = label.span
          affinityGroups.append(group)
        }
      }
    }
    var hostIndex: [String: Int] = [:]
    hostIndex.reserveCapacity(hosts.count)
    for (index, host) in hosts.enumerated() where hostIndex[host.name] == nil {
      hostIndex[host.name] = index
    }
    var vmIndex: [String: Int] = [:]
    vmIndex.reserveCapacity(vms.count)
    for (index, vm) in vms.enumerated() where vmIndex[vm.name] == nil {
      vmIndex[vm.name] = index
    }
    var resolvedVMs = vms
    var running = [[Int]](repeating: [], count: hosts.count)
    for index in resolvedVMs.indices {
      let vm = resolvedVMs[index]
      let host = vm.hostName.flatMap { hostIndex[$0] }
      resolvedVMs[index].hostIndex = host
      resolvedVMs[index].pinnedHostIndices = vm.pinnedHostNames.compactMap { hostIndex[$0] }
      resolvedVMs[index].preferredHostIndices = vm.preferredHostNames.compactMap { hostIndex[$0] }
      if let host, vm.status.isRunning { running[host].append(index) }
    }
    var resolvedGroups = affinityGroups
    for index in resolvedGroups.indices {
      resolvedGroups[index].vmIndices = resolvedGroups[index].vmNames.compactMap { vmIndex[$0] }
      resolvedGroups[index].hostIndices = resolvedGroups[index].hostNames.compactMap {
        hostIndex[$0]
      }
      // Label members are expanded once here, not on every scheduling evaluation.
      let group = resolvedGroups[index]
      var vmMembers = Set(group.vmIndices)
      if !group.vmLabels.isEmpty {
        let labels = Set(group.vmLabels)
        for (vm, value) in resolvedVMs.enumerated()
        where value.labels.contains(where: labels.contains) {
          vmMembers.insert(vm)
        }
      }
      var hostMembers = Set(group.hostIndices)
      if !group.hostLabels.isEmpty {
        let labels = Set(group.hostLabels)
        for (host, value) in hosts.enumerated() where value.labels.contains(where: labels.contains)
        {
          hostMembers.insert(host)
        }
      }
      resolvedGroups[index].resolvedVMMembers = vmMembers.sorted()
      resolvedGroups[index].resolvedHostMembers = hostMembers.sorted()
    }
    var resolvedPending: [PendingPlacement] = []
    var hasPending = [Bool](repeating: false, count: resolvedVMs.count)
    for var entry in pending where !entry.isImplied {
      guard let vm = vmIndex[entry.vmName], let host = hostIndex[entry.hostName], !hasPending[vm]
      else { continue }
      entry.vmIndex = vm
      entry.hostIndex = host
      hasPending[vm] = true
      resolvedPending.append(entry)
    }
    for (vm, value) in resolvedVMs.enumerated()
    where value.status.holdsPendingResources && !hasPending[vm] {
      guard let host = value.hostIndex else { continue }
      var entry = PendingPlacement(vmName: value.name, hostName: hosts[host].name)
      entry.vmIndex = vm
      entry.hostIndex = host
      entry.isImplied = true
      resolvedPending.append(entry)
    }
    var groupsByVM = [[Int]](repeating: [], count: resolvedVMs.count)
    for (index, group) in resolvedGroups.enumerated() {
      for vm in group.resolvedVMMembers where groupsByVM.indices.contains(vm) {
        groupsByVM[vm].append(index)
      }
    }
    var resolvedCluster = cluster
    resolvedCluster.spmHostIndex = cluster.spmHostName.flatMap { hostIndex[$0] }

    self.takenAt = takenAt
    self.cluster = resolvedCluster
    self.hosts = hosts
    self.vms = resolvedVMs
    self.affinityGroups = resolvedGroups
    self.pending = resolvedPending
    self.affinityLabels = affinityLabels
    self.hostIndexByName = hostIndex
    self.vmIndexByName = vmIndex
    self.runningVMIndicesByHost = running
    affinityGroupIndicesByVM = groupsByVM
  }

  /// The host with this name.
  public func host(named name: String) -> Host? { hostIndexByName[name].map { hosts[$0] } }

  /// The VM with this name.
  public func vm(named name: String) -> VirtualMachine? { vmIndexByName[name].map { vms[$0] } }

  /// Changes one host's figures in place (a planner moving load between hosts). The host's
  /// name, status and identity stay: only what a migration changes may be edited, so the
  /// name lookups and resolved references stay valid.
  /// - Complexity: O(1) when the snapshot's storage is not shared.
  public mutating func updateHost(_ index: Int, _ body: (inout Host) -> Void) {
    guard hosts.indices.contains(index) else { return }
    let name = hosts[index].name
    let status = hosts[index].status
    body(&hosts[index])
    hosts[index].name = name
    hosts[index].status = status
  }

  /// Puts `vm` on `host` in place, as ``init(takenAt:cluster:hosts:vms:affinityGroups:pending:)``
  /// would resolve a copy whose VM names that host: its host name and index change, a VM
  /// that was not running becomes Up, and the running-VM lists of both hosts follow.
  /// - Complexity: O(VMs on the two hosts) when the snapshot's storage is not shared.
  public mutating func relocate(vm: Int, to host: Int) {
    guard vms.indices.contains(vm), hosts.indices.contains(host) else { return }
    if vms[vm].isRunning, let from = vms[vm].hostIndex {
      runningVMIndicesByHost[from].removeAll { $0 == vm }
    }
    vms[vm].hostName = hosts[host].name
    vms[vm].hostIndex = hostIndexByName[hosts[host].name]
    if !vms[vm].isRunning { vms[vm].status = .up }
    if let resolved = vms[vm].hostIndex {
      let list = runningVMIndicesByHost[resolved]
      var position = list.endIndex
      while position > list.startIndex, list[position - 1] > vm { position -= 1 }
      runningVMIndicesByHost[resolved].insert(vm, at: position)
    }
  }

  /// Puts back what ``relocate(vm:to:)`` and ``updateHost(_:_:)`` changed: the VM's value and
  /// the hosts' values and running-VM lists saved before.
  /// - Complexity: O(VMs on the hosts) when the snapshot's storage is not shared.
  public mutating func restore(vm: Int, _ value: VirtualMachine, hosts saved: [(Int, Host, [Int])])
  {
    guard vms.indices.contains(vm) else { return }
    vms[vm] = value
    for (index, host, running) in saved where hosts.indices.contains(index) {
      hosts[index] = host
      runningVMIndicesByHost[index] = running
    }
  }
}
