public import Inventory

/// The oVirt formulas behind the derived fields of the expression environment, one function
/// each, citing Docs/ovirt.md. The field catalog and the pending-resource accounting both call
/// these, so a formula is written once.
public enum SchedulingFormulas {
  /// oVirt's `VcpuConsumptionPercentage` (10) × `SpmVCpuConsumption` (1): the CPU load points
  /// charged to the SPM host (Docs/ovirt.md, Conventions: "Host CPU load").
  public static let spmCpuLoadPoints = 10.0

  /// The static memory overhead of a VM: 64 MiB + RAM/512 on x86 (and other non-ppc
  /// architectures); on ppc64, 100 MiB + (the next power of two of RAM)/64 (Docs/ovirt.md §2.3.6).
  public static func staticOverheadMiB(memoryMiB: Int, architecture: CPUArchitecture) -> Int {
    switch architecture {
    case .ppc64:
      var power = 1
      while power < memoryMiB, power < Int.max / 2 { power *= 2 }
      return 100 + power / 64
    default:
      return 64 + memoryMiB / 512
    }
  }

  /// The full overhead: static + 8 MiB × vCPUs + 8 MiB × IO threads. Video RAM is not in the
  /// snapshot and counts as 0 (Docs/ovirt.md §2.3.6).
  public static func fullOverheadMiB(
    memoryMiB: Int, vcpus: Int, ioThreads: Int, architecture: CPUArchitecture
  ) -> Int {
    staticOverheadMiB(memoryMiB: memoryMiB, architecture: architecture) + 8 * vcpus + 8 * ioThreads
  }

  /// The VM's full overhead: `vms[].memoryOverheadMiB` when the snapshot gives it (the value
  /// the engine computed), else ``fullOverheadMiB(memoryMiB:vcpus:ioThreads:architecture:)``
  /// (Docs/ovirt.md §2.3.6, Overheads). Every unit, the planners and the verifier read this.
  public static func fullOverheadMiB(of vm: VirtualMachine, architecture: CPUArchitecture)
    -> Int
  {
    vm.memoryOverheadMiB
      ?? fullOverheadMiB(
        memoryMiB: vm.memoryMiB, vcpus: vm.vcpus, ioThreads: vm.ioThreads,
        architecture: architecture)
  }

  /// The VM's static overhead (the Memory filter's physical check, pending memory): the
  /// formula, but never more than a given `memoryOverheadMiB` (the static part is part of the
  /// full overhead, Docs/ovirt.md §2.3.6).
  public static func staticOverheadMiB(of vm: VirtualMachine, architecture: CPUArchitecture)
    -> Int
  {
    let formula = staticOverheadMiB(memoryMiB: vm.memoryMiB, architecture: architecture)
    return min(formula, vm.memoryOverheadMiB ?? formula)
  }

  /// Guest memory plus full overhead: what a VM needs of a host's `maxSchedulingMemory`, and
  /// what it adds to the host's committed memory when it lands (Docs/ovirt.md §2.3.6, §3.7).
  public static func requiredMemoryMiB(of vm: VirtualMachine, architecture: CPUArchitecture)
    -> Int
  {
    vm.memoryMiB + fullOverheadMiB(of: vm, architecture: architecture)
  }

  /// The VM's dynamic hugepage memory on a host: the pages it needs, ceil(memory ÷ page size),
  /// beyond the host's free static pages of that size, in MiB (oVirt's `dynHugeMB`,
  /// Docs/ovirt.md §2.3.6). oVirt's Memory filter looks pending pages up by count instead of by
  /// size and so never subtracts them here (quirk, reproduced); 0 for VMs without hugepages.
  public static func dynamicHugepageMiB(of vm: VirtualMachine, onHost host: Host) -> Int {
    guard let size = vm.hugepageSizeKiB, size > 0 else { return 0 }
    let missing = max(0, hugepagesNeeded(by: vm) - host.freeHugepages(pageSizeKiB: size))
    // Double arithmetic: page sizes and counts are user input; never more than the memory.
    let mib = (Double(missing) * Double(size) / 1024).rounded(.up)
    return min(vm.memoryMiB, Int(exactly: min(mib, Double(Int32.max))) ?? vm.memoryMiB)
  }

  /// The hugepages a hugepage-backed VM needs: ceil(memory ÷ page size); 0 without hugepages.
  public static func hugepagesNeeded(by vm: VirtualMachine) -> Int {
    guard let size = vm.hugepageSizeKiB, size > 0 else { return 0 }
    let (kib, overflow) = vm.memoryMiB.multipliedReportingOverflow(by: 1024)
    guard !overflow else { return Int.max }
    return kib / size + (kib % size == 0 ? 0 : 1)
  }

  /// CPU load a VM puts on a host, in percent × vCPUs points: usage% × vCPUs, or 10 × vCPUs
  /// without statistics.
  public static func cpuLoadPoints(of vm: VirtualMachine) -> Double { vm.cpuLoadPoints }

  /// The host's CPU load in points: usage% × effective cores, plus the SPM bonus. Hosts
  /// without statistics or topology have 0 (they are recognised by `host.hasCpuStatistics`).
  public static func cpuLoadPoints(usagePercent: Double?, effectiveCores: Int?, isSPM: Bool)
    -> Double
  {
    let base = (usagePercent ?? 0) * Double(effectiveCores ?? 0)
    return base + (isSPM ? spmCpuLoadPoints : 0)
  }

  /// The load percent: `ceil(points / effective cores)`, 0 when the topology is unknown.
  public static func cpuLoadPercent(points: Double, effectiveCores: Int?) -> Int64 {
    guard let cores = effectiveCores, cores > 0 else { return 0 }
    let value = (points / Double(cores)).rounded(.up)
    return value.isFinite ? Int64(clamping: Int(value)) : 0
  }

  /// `maxSchedulingMemory` = max(0, max(0, overcommit% × physical/100 − committed − reserved)
  /// − pending) (Docs/ovirt.md §2.3.6).
  public static func maxSchedulingMemoryMiB(
    host: Host, memoryOvercommitPercent: Int, pendingMemoryMiB: Int
  ) -> Int {
    let base = max(
      0,
      memoryOvercommitPercent * host.physicalMemoryMiB / 100 - host.committedMemoryMiB
        - host.reservedMemoryMiB)
    return max(0, base - pendingMemoryMiB)
  }

  /// The pending entry a VM adds to a destination host (Docs/ovirt.md §3.7).
  public static func pendingEntry(
    for vm: VirtualMachine, onHost hostIndex: Int, architecture: CPUArchitecture
  ) -> PendingResources.Entry {
    PendingResources.Entry(
      hostIndex: hostIndex, vcpus: vm.vcpus, cpuLoadPoints: cpuLoadPoints(of: vm),
      memoryMiB: requiredMemoryMiB(of: vm, architecture: architecture),
      staticOverheadMiB: staticOverheadMiB(of: vm, architecture: architecture))
  }

  /// The entry a snapshot's `pending` item adds: each amount it gives, the rest as
  /// ``pendingEntry(for:onHost:architecture:)`` computes it for the VM (Docs/ovirt.md §3.7).
  public static func pendingEntry(
    for placement: PendingPlacement, vm: VirtualMachine, onHost hostIndex: Int,
    architecture: CPUArchitecture
  ) -> PendingResources.Entry {
    var entry = pendingEntry(for: vm, onHost: hostIndex, architecture: architecture)
    if let vcpus = placement.vcpus { entry.vcpus = vcpus }
    if let usage = placement.cpuUsagePercent {
      entry.cpuLoadPoints = usage * Double(placement.vcpus ?? vm.vcpus)
    }
    if let memory = placement.overcommitMemoryMiB { entry.memoryMiB = memory }
    if let memory = placement.memoryMiB { entry.staticOverheadMiB = memory }
    return entry
  }
}
