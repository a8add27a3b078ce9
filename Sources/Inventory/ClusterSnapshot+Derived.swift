// Derived values the UI and the built-in units need. Each cites the part of
// Docs/ovirt.md (oVirt behaviour) it follows; add further formulas here.

extension Host {
  /// Memory in use: physical − free, never negative.
  public var memoryUsedMiB: Int { max(0, physicalMemoryMiB - freeMemoryMiB) }

  /// Memory in use as a percentage of physical memory (0 when physical memory is 0).
  public var memoryUsedPercent: Double {
    physicalMemoryMiB > 0 ? Double(memoryUsedMiB) * 100 / Double(physicalMemoryMiB) : 0
  }

  /// The CPUs the scheduler counts: threads when the cluster counts threads as cores, else
  /// cores; `nil` when the topology is unknown (Docs/ovirt.md, Conventions: "effective cores").
  public func effectiveCores(countsThreadsAsCores: Bool) -> Int? {
    countsThreadsAsCores ? cpuThreads : cpuCores
  }

  /// The memory the scheduler may still commit on this host, before pending resources:
  /// `max(0, overcommit% × physical / 100 − committed − reserved)` (Docs/ovirt.md §2.3.6,
  /// Memory filter, `maxSchedulingMemory`, with `pendingVmem` = 0).
  public func maxSchedulingMemoryMiB(memoryOvercommitPercent: Int) -> Int {
    // Double arithmetic: snapshot values are user input and must not trap on overflow.
    let limit =
      Double(memoryOvercommitPercent) * Double(physicalMemoryMiB) / 100
      - Double(committedMemoryMiB) - Double(reservedMemoryMiB)
    return limit <= 0 ? 0 : Int(exactly: limit.rounded(.down)) ?? Int.max
  }

  /// How long the CPU has been beyond the scheduling thresholds at `instant` (normally the
  /// snapshot's `takenAt`); `nil` when the host has no over-threshold timestamp
  /// (Docs/ovirt.md §3.10, §2.3.2 CPUOverloaded).
  public func cpuOverThresholdDurationSeconds(at instant: Timestamp) -> Double? {
    cpuOverThresholdSince.map { instant.durationSeconds(since: $0) }
  }

  /// Free memory of the static hugepages of one page size, in pages; 0 when the host has none.
  public func freeHugepages(pageSizeKiB: Int) -> Int {
    hugepages.first { $0.pageSizeKiB == pageSizeKiB }?.freePages ?? 0
  }
}

extension VirtualMachine {
  /// The static memory overhead oVirt adds per VM on x86: 64 MiB + memory / 512
  /// (Docs/ovirt.md §2.3.6, Overheads).
  public var staticOverheadMiB: Int { 64 + memoryMiB / 512 }

  /// CPU load the VM puts on a host, in "percent × vCPUs" points: usage % × vCPUs when it
  /// reports statistics, else 10 × vCPUs as oVirt assumes for new VMs (Docs/ovirt.md §2.4.1,
  /// §3.7 PendingCpuLoad).
  public var cpuLoadPoints: Double { (cpuUsagePercent ?? 10) * Double(vcpus) }

  /// The first disk-cache custom property (`cache`, then `viodiskcache`) whose mode is not
  /// `none`: RHV live-migrates only VMs whose disks use cache `none` (Docs/ovirt.md §7.5).
  public var blockingDiskCache: (property: String, mode: String)? {
    for property in ["cache", "viodiskcache"] {
      if let mode = customProperties[property], mode != "none" { return (property, mode) }
    }
    return nil
  }
}

extension ClusterSnapshot {
  /// The number of running VMs on a host.
  /// - Complexity: O(1).
  public func runningVMCount(onHost hostIndex: Int) -> Int {
    runningVMIndicesByHost[hostIndex].count
  }

  /// The running VMs on a host, in snapshot order.
  public func runningVMs(onHost hostIndex: Int) -> [VirtualMachine] {
    runningVMIndicesByHost[hostIndex].map { vms[$0] }
  }

  /// A host's memory in use, physical − free.
  public func memoryUsedMiB(ofHost hostIndex: Int) -> Int { hosts[hostIndex].memoryUsedMiB }

  /// A host's CPU usage, or `nil` when it reports no statistics.
  public func cpuUsagePercent(ofHost hostIndex: Int) -> Double? { hosts[hostIndex].cpuUsagePercent }

  /// A host's effective cores under this cluster's `countThreadsAsCores`.
  public func effectiveCores(ofHost hostIndex: Int) -> Int? {
    hosts[hostIndex].effectiveCores(countsThreadsAsCores: cluster.countsThreadsAsCores)
  }

  /// A host's `maxSchedulingMemory` under this cluster's over-commit percentage.
  public func maxSchedulingMemoryMiB(ofHost hostIndex: Int) -> Int {
    hosts[hostIndex].maxSchedulingMemoryMiB(
      memoryOvercommitPercent: cluster.memoryOvercommitPercent)
  }

  /// How long a host has been over its CPU threshold at ``takenAt``.
  public func cpuOverThresholdDurationSeconds(ofHost hostIndex: Int) -> Double? {
    hosts[hostIndex].cpuOverThresholdDurationSeconds(at: takenAt)
  }

  /// Whether a host is the SPM.
  public func isSPM(hostIndex: Int) -> Bool { cluster.spmHostIndex == hostIndex }

  /// The VMs that are members of a group: those named in it plus those carrying any of its
  /// `vmLabels`, in snapshot order, without repeats.
  /// - Complexity: O(1): resolved once when the snapshot is created.
  public func memberVMIndices(of group: AffinityGroup) -> [Int] { group.resolvedVMMembers }

  /// The hosts that are members of a group: named plus those carrying any of its `hostLabels`.
  /// - Complexity: O(1): resolved once when the snapshot is created.
  public func memberHostIndices(of group: AffinityGroup) -> [Int] { group.resolvedHostMembers }
}

extension ClusterSnapshot {
  /// oVirt's HA restart order, used by the failure planner and the N+1 headroom analysis:
  /// higher priority first, then larger memory first, then snapshot order.
  public func restartsBefore(_ a: Int, _ b: Int) -> Bool {
    let left = vms[a]
    let right = vms[b]
    if left.priority.numericValue != right.priority.numericValue {
      return left.priority.numericValue > right.priority.numericValue
    }
    if left.memoryMiB != right.memoryMiB { return left.memoryMiB > right.memoryMiB }
    return a < b
  }
}
