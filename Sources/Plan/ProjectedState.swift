public import Inventory
import Policy

/// The cluster as it will be after some moves: where each VM runs, each host's committed
/// memory and CPU load. Used for before/after summaries, wave memory checks and headroom.
///
/// Memory per VM is guest memory plus oVirt's full overhead (``SchedulingFormulas``); CPU load is
/// in percent × vCPU points (usage % × vCPUs, or 10 × vCPUs without statistics), spread over the
/// host's effective cores.
public struct ProjectedState: Sendable {
  /// The snapshot projected from.
  public let snapshot: ClusterSnapshot
  /// Where each VM runs (`nil` when not running).
  public private(set) var vmHost: [Int?]
  /// Committed memory per host, MiB.
  public private(set) var committedMiB: [Int]
  /// CPU load per host in percent × core points.
  public private(set) var cpuLoadPoints: [Double]
  /// Host status after host actions.
  public var hostStatus: [HostStatus]
  /// Per host, the memory of its running VMs that the snapshot's `committedMiB` does not
  /// account for (a snapshot may omit it, or report less than its VMs hold); added to the
  /// committed memory the summary shows, so a host's figure never drops below what its VMs
  /// hold and is the same quantity before and after a plan.
  let unaccountedMiB: [Int]

  /// The snapshot's own state.
  public init(snapshot: ClusterSnapshot) {
    self.snapshot = snapshot
    vmHost = snapshot.vms.map { $0.isRunning ? $0.hostIndex : nil }
    committedMiB = snapshot.hosts.map(\.committedMemoryMiB)
    cpuLoadPoints = snapshot.hosts.indices.map { index in
      let host = snapshot.hosts[index]
      let cores = Double(snapshot.effectiveCores(ofHost: index) ?? 0)
      return (host.cpuUsagePercent ?? 0) * cores
    }
    hostStatus = snapshot.hosts.map(\.status)
    var held = [Int](repeating: 0, count: snapshot.hosts.count)
    for vm in snapshot.vms {
      guard vm.isRunning, let host = vm.hostIndex, held.indices.contains(host) else { continue }
      held[host] =
        held[host].addingReportingOverflow(
          SchedulingFormulas.requiredMemoryMiB(
            of: vm, architecture: snapshot.cluster.cpuArchitecture)
        ).partialValue
    }
    unaccountedMiB = held.indices.map { max(0, held[$0] - snapshot.hosts[$0].committedMemoryMiB) }
  }

  /// Memory a VM holds on its host: guest memory plus full overhead.
  public func requiredMemoryMiB(vm: Int) -> Int {
    SchedulingFormulas.requiredMemoryMiB(
      of: snapshot.vms[vm], architecture: snapshot.cluster.cpuArchitecture)
  }

  /// Memory a host may commit: physical × overcommit% / 100 − reserved.
  public func capacityMiB(host: Int) -> Int {
    let value = snapshot.hosts[host]
    return value.physicalMemoryMiB * snapshot.cluster.memoryOvercommitPercent / 100
      - value.reservedMemoryMiB
  }

  /// Moves a VM (a migration completes, or a restart lands).
  public mutating func move(vm: Int, to host: Int) {
    let memory = requiredMemoryMiB(vm: vm)
    let load = SchedulingFormulas.cpuLoadPoints(of: snapshot.vms[vm])
    if let from = vmHost[vm] {
      committedMiB[from] -= memory
      cpuLoadPoints[from] = max(0, cpuLoadPoints[from] - load)
    }
    committedMiB[host] += memory
    cpuLoadPoints[host] += load
    vmHost[vm] = host
  }

  /// Stops a VM (lost with a failed host).
  public mutating func stop(vm: Int) {
    guard let from = vmHost[vm] else { return }
    committedMiB[from] -= requiredMemoryMiB(vm: vm)
    cpuLoadPoints[from] = max(
      0, cpuLoadPoints[from] - SchedulingFormulas.cpuLoadPoints(of: snapshot.vms[vm]))
    vmHost[vm] = nil
  }

  /// Running VMs per host.
  public var vmCounts: [Int] {
    var counts = [Int](repeating: 0, count: snapshot.hosts.count)
    for host in vmHost.compactMap({ $0 }) { counts[host] += 1 }
    return counts
  }

  /// The summary figures of a host.
  public func figures(host: Int, vmCount: Int) -> HostSummary.Figures {
    let value = snapshot.hosts[host]
    let cores = Double(snapshot.effectiveCores(ofHost: host) ?? 0)
    let cpu: Double? =
      value.cpuUsagePercent == nil || cores == 0
      ? nil : Self.rounded(min(100, cpuLoadPoints[host] / cores))
    let memory =
      value.physicalMemoryMiB > 0
      ? Self.rounded(
        Double(committedMiB[host] + unaccountedMiB[host]) * 100 / Double(value.physicalMemoryMiB))
      : 0
    return HostSummary.Figures(cpuPercent: cpu, memoryPercent: memory, vmCount: vmCount)
  }

  /// One decimal.
  static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

extension HostSummary {
  /// Before/after rows for every host, in snapshot order.
  public static func rows(before: ProjectedState, after: ProjectedState) -> [HostSummary] {
    let beforeCounts = before.vmCounts
    let afterCounts = after.vmCounts
    return before.snapshot.hosts.indices.map { host in
      HostSummary(
        host: before.snapshot.hosts[host].name,
        before: before.figures(host: host, vmCount: beforeCounts[host]),
        after: after.figures(host: host, vmCount: afterCounts[host]))
    }
  }
}
