import Inventory
import Policy
public import Scheduler

extension ClusterSnapshot {
  /// The snapshot as it will be once `vm` runs on `host`: the VM's host changes, the hosts'
  /// committed and free memory move by the VM's memory plus overhead, and their CPU usage by
  /// the VM's load (usage % × vCPUs spread over each host's effective cores).
  ///
  /// Used between balancing rounds: oVirt's next round sees the cluster after the previous
  /// migration finished, not pending resources. With a `band`, a host whose CPU usage ends in
  /// it loses its over/under-threshold timestamp, as oVirt's next statistics refresh clears it
  /// (Docs/ovirt.md §3.10). The full rebuild is the reference the in-place
  /// ``SchedulerState/move(vm:to:band:)`` is tested against.
  /// - Complexity: O(hosts + VMs + groups): the snapshot re-resolves its names.
  func applying(vm: Int, to host: Int, band: CpuThresholdBand? = nil) -> ClusterSnapshot {
    var hosts = self.hosts
    var vms = self.vms
    let moved = vms[vm]
    for (index, shifted) in shiftedHosts(moving: vm, to: host, band: band) {
      hosts[index] = shifted
    }
    vms[vm].hostName = hosts[host].name
    if !moved.isRunning { vms[vm].status = .up }
    return ClusterSnapshot(
      takenAt: takenAt, cluster: cluster, hosts: hosts, vms: vms, affinityGroups: affinityGroups,
      pending: pending, affinityLabels: affinityLabels)
  }

  /// The source's and the destination's values once `vm` runs on `host` (see
  /// ``applying(vm:to:band:)`` for `band`); the source's alone when `host` is nil.
  func shiftedHosts(moving vm: Int, to host: Int?, band: CpuThresholdBand? = nil) -> [(Int, Host)] {
    let moved = vms[vm]
    let memory = SchedulingFormulas.requiredMemoryMiB(
      of: moved, architecture: cluster.cpuArchitecture)
    let load = SchedulingFormulas.cpuLoadPoints(of: moved)
    var result: [(Int, Host)] = []
    func shift(_ index: Int, memoryMiB: Int, loadPoints: Double) {
      var value = result.last { $0.0 == index }?.1 ?? hosts[index]
      value.committedMemoryMiB = max(0, value.committedMemoryMiB + memoryMiB)
      value.freeMemoryMiB = min(value.physicalMemoryMiB, max(0, value.freeMemoryMiB - memoryMiB))
      if let usage = value.cpuUsagePercent,
        let cores = value.effectiveCores(countsThreadsAsCores: cluster.countsThreadsAsCores),
        cores > 0
      {
        value.cpuUsagePercent = min(100, max(0, usage + loadPoints / Double(cores)))
      }
      result.removeAll { $0.0 == index }
      result.append((index, value))
    }
    if moved.isRunning, let from = moved.hostIndex {
      shift(from, memoryMiB: -memory, loadPoints: -load)
    }
    if let host { shift(host, memoryMiB: memory, loadPoints: load) }
    guard let band else { return result }
    return result.map { index, value in
      var value = value
      if let usage = value.cpuUsagePercent, band.clears(usage: usage) {
        value.cpuOverThresholdSince = nil
      }
      return (index, value)
    }
  }
}

/// What ``SchedulerState/move(vm:to:)`` changed, to put it back.
struct MoveUndo {
  var vm: Int
  var value: VirtualMachine
  var hosts: [(Int, Host, [Int])]
  var revision: HostStampRevision
}

extension SchedulerState {
  /// Moves `vm` to `host` in place, as ``ClusterSnapshot/applying(vm:to:band:)`` does to a
  /// copy: only the two hosts' rows and the VM's row are recomputed.
  /// - Complexity: O(fields + VMs on the two hosts) when the state's storage is not shared.
  mutating func move(vm: Int, to host: Int, band: CpuThresholdBand? = nil) -> MoveUndo {
    // No local copy of the snapshot may live across the update: it would make the update copy
    // every host and VM.
    let shifted = self.snapshot.shiftedHosts(moving: vm, to: host, band: band)
    let value = self.snapshot.vms[vm]
    let hosts = shifted.map {
      ($0.0, self.snapshot.hosts[$0.0], self.snapshot.runningVMIndicesByHost[$0.0])
    }
    let revision = updateSnapshot(hosts: shifted.map(\.0), vm: vm) { snapshot in
      for (index, value) in shifted { snapshot.updateHost(index) { $0 = value } }
      snapshot.relocate(vm: vm, to: host)
    }
    return MoveUndo(vm: vm, value: value, hosts: hosts, revision: revision)
  }

  /// Moves `vm` to `host` in place (a finished migration), as ``move(vm:to:)`` does, for
  /// planners outside this module that never undo.
  /// - Complexity: that of ``move(vm:to:)``.
  public mutating func completeMove(vm: Int, to host: Int) {
    _ = move(vm: vm, to: host)
  }

  /// Puts back what ``move(vm:to:)`` changed.
  mutating func undo(_ undo: MoveUndo) {
    revertSnapshot(undo.revision, vm: undo.vm) {
      $0.restore(vm: undo.vm, undo.value, hosts: undo.hosts)
    }
  }

  /// What `body` finds once the running `vm` has left its host, before it arrives anywhere: its
  /// host's row is what any move of the VM makes it (figures, running VMs, a cleared
  /// over-threshold timestamp in `band`); no other host changes. The state is put back after.
  /// Only the host's row is meaningful to `body`: the VM still names its host.
  /// - Complexity: twice O(fields + VMs on the host), half of a move and its undo.
  mutating func withoutVM<T>(
    _ vm: Int, band: CpuThresholdBand? = nil, _ body: (SchedulerState) -> T
  ) -> T {
    guard let (host, shifted) = self.snapshot.shiftedHosts(moving: vm, to: nil, band: band).first
    else { return body(self) }
    let value = self.snapshot.vms[vm]
    let saved = (host, self.snapshot.hosts[host], self.snapshot.runningVMIndicesByHost[host])
    let running = saved.2.filter { $0 != vm }
    let revision = updateSnapshot(hosts: [host], vm: vm) {
      $0.restore(vm: vm, value, hosts: [(host, shifted, running)])
    }
    let result = body(self)
    // The host gets its stamp back: its rows hold again.
    revertSnapshot(revision, vm: vm) { $0.restore(vm: vm, value, hosts: [saved]) }
    return result
  }
}

/// The CPU usage band in which oVirt clears a host's over/under-threshold timestamp on its next
/// statistics refresh (Docs/ovirt.md §3.10): strictly above LowUtilization (fallback 0) and
/// below HighUtilization (fallback 75), the policy's values. Outside the band the timestamp is
/// kept as the snapshot has it: rounds are not timed, so none is set.
struct CpuThresholdBand: Hashable, Sendable {
  var low: Double
  var high: Double

  /// The band of a policy's properties.
  init(properties: ResolvedProperties) {
    func number(_ name: String, _ fallback: Double) -> Double {
      switch properties[name]?.value {
      case .int(let value)?: Double(value)
      case .float(let value)?: value
      default: fallback
      }
    }
    low = number("LowUtilization", 0)
    high = number("HighUtilization", 75)
  }

  /// Whether a host at `usage` percent CPU has no timestamp after the refresh.
  func clears(usage: Double) -> Bool {
    // Whole percent, rounded up as the host's load percent is.
    let percent = usage.rounded(.up)
    return percent > low && percent < high
  }
}
