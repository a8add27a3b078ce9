import Diagnostics
import YAMLDocument

extension SnapshotBuilder {
  /// Reads one `pending` entry: the VM and the host must exist, the host must be able to run
  /// VMs, and a VM has one entry (Docs/fields.md, `pending[].*`).
  mutating func readPending(_ reader: inout ObjectReader, _ context: inout LoadContext) {
    guard let vmName = reader.string("vm", &context) else { return }
    reader.setOwner("the pending entry of VM '\(vmName)'")
    let hostName = reader.string("host", &context)
    var entry = PendingPlacement(
      vmName: vmName, hostName: hostName ?? "", memoryMiB: reader.int("memoryMiB", &context),
      overcommitMemoryMiB: reader.int("overcommitMemoryMiB", &context),
      vcpus: reader.int("vcpus", &context),
      cpuUsagePercent: reader.double("cpuUsagePercent", &context))
    entry.span = reader.mapping.span
    checkVMReference(
      vmName, at: reader.span("vm"), what: "a pending entry", &context)
    if let hostName {
      checkHostReference(
        hostName, at: reader.span("host"), what: "the host of the pending entry of VM '\(vmName)'",
        &context)
      checkPendingHost(hostName, vmName: vmName, at: reader.span("host"), &context)
    }
    if let first = pendingSpanByVM[vmName] {
      context.diagnostics.report(
        .inventoryDuplicateName, "VM '\(vmName)' has two pending entries",
        at: reader.span("vm"), notes: [Diagnostic.Note("the first is here", at: first)],
        help: "oVirt keeps one pending entry per VM: list each VM once")
    } else {
      pendingSpanByVM[vmName] = reader.span("vm")
    }
    pending.append(entry)
  }

  /// Reports I011 when a pending entry names a host that runs no VMs (Down, Maintenance, …):
  /// the engine clears a host's pending entries when it leaves service.
  private func checkPendingHost(
    _ hostName: String, vmName: String, at span: SourceSpan?, _ context: inout LoadContext
  ) {
    guard let index = hostIndex(named: hostName) else { return }
    let host = hosts[index]
    guard !host.status.canCarryRunningVMs || host.status == .nonResponsive else { return }
    context.diagnostics.report(
      .inventoryInconsistentState,
      "VM '\(vmName)' is pending on host '\(hostName)', which is \(host.status.rawValue)",
      at: span,
      notes: [
        Diagnostic.Note("host '\(hostName)' is \(host.status.rawValue) here", at: host.statusSpan)
      ],
      help: "the engine drops a host's pending entries when it leaves service: remove the entry")
  }
}
