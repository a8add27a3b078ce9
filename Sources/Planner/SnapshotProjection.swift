import Inventory
import Policy

extension ClusterSnapshot {
  /// The snapshot as it will be once `vm` runs on `host`: the VM's host changes, the hosts'
  /// committed and free memory move by the VM's memory plus overhead, and their CPU usage by
  /// the VM's load (usage % × vCPUs spread over each host's effective cores).
  ///
  /// Used between balancing rounds: oVirt's next round sees the cluster after the previous
  /// migration finished, not pending resources.
  /// - Complexity: O(hosts + VMs + groups): the snapshot re-resolves its names.
  func applying(vm: Int, to host: Int) -> ClusterSnapshot {
    var hosts = self.hosts
    var vms = self.vms
    let moved = vms[vm]
    let memory = SchedulingFormulas.requiredMemoryMiB(
      of: moved, architecture: cluster.cpuArchitecture)
    let load = SchedulingFormulas.cpuLoadPoints(of: moved)
    func shift(_ index: Int, memoryMiB: Int, loadPoints: Double) {
      hosts[index].committedMemoryMiB = max(0, hosts[index].committedMemoryMiB + memoryMiB)
      hosts[index].freeMemoryMiB = min(
        hosts[index].physicalMemoryMiB, max(0, hosts[index].freeMemoryMiB - memoryMiB))
      if let usage = hosts[index].cpuUsagePercent,
        let cores = effectiveCores(ofHost: index), cores > 0
      {
        hosts[index].cpuUsagePercent = min(100, max(0, usage + loadPoints / Double(cores)))
      }
    }
    if moved.isRunning, let from = moved.hostIndex {
      shift(from, memoryMiB: -memory, loadPoints: -load)
    }
    shift(host, memoryMiB: memory, loadPoints: load)
    vms[vm].hostName = hosts[host].name
    if !vms[vm].isRunning { vms[vm].status = .up }
    return ClusterSnapshot(
      takenAt: takenAt, cluster: cluster, hosts: hosts, vms: vms, affinityGroups: affinityGroups)
  }
}
