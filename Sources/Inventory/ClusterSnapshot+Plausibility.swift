public import Diagnostics

extension ClusterSnapshot {
  /// Warnings (I012) about values that load but that no real cluster holds: committed memory
  /// more than twice what a host may hold at the cluster's memory overcommit, and VMs larger
  /// than every host. `shepherd validate` reports them; planning takes the values as given
  /// (a policy test may well ask what happens to a VM that fits nowhere).
  public func implausibleValues() -> [Diagnostic] {
    var found: [Diagnostic] = []
    let overcommit = Double(max(cluster.memoryOvercommitPercent, 100)) / 100
    let percent = Int(overcommit * 100)
    func capacity(_ host: Host) -> Double { Double(host.physicalMemoryMiB) * overcommit }
    for host in hosts where host.physicalMemoryMiB > 0 {
      let allowed = capacity(host)
      guard Double(host.committedMemoryMiB) > 2 * allowed else { continue }
      found.append(
        Diagnostic(
          .inventoryImplausibleValues,
          "host '\(host.name)' has \(host.committedMemoryMiB) MiB committed, more than twice "
            + "the \(Int(allowed)) MiB its \(host.physicalMemoryMiB) MiB of physical memory can "
            + "hold at the cluster's \(percent) % memory overcommit",
          at: host.nameSpan ?? host.span,
          help: "memory values are in MiB; check the unit and that the snapshot is current"))
    }
    guard let largest = hosts.max(by: { capacity($0) < capacity($1) }) else { return found }
    let room = capacity(largest)
    for vm in vms where Double(vm.memoryMiB) > room {
      found.append(
        Diagnostic(
          .inventoryImplausibleValues,
          "VM '\(vm.name)' has \(vm.memoryMiB) MiB of memory, more than any host can hold (the "
            + "largest, '\(largest.name)', holds \(Int(room)) MiB at the cluster's \(percent) % "
            + "memory overcommit): no policy can place it",
          at: vm.nameSpan ?? vm.span,
          help: "memory values are in MiB; check the unit, or add a larger host"))
    }
    return found
  }
}
