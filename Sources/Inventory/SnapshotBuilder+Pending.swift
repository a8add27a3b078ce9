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

  /// Reads one `affinityLabels` entry: a unique name, known VMs and hosts.
  mutating func readAffinityLabel(_ reader: inout ObjectReader, _ context: inout LoadContext) {
    guard let name = reader.string("name", &context) else { return }
    reader.setOwner("affinity label '\(name)'")
    var label = AffinityLabel(
      name: name, vmNames: reader.stringList("vms", &context) ?? [],
      hostNames: reader.stringList("hosts", &context) ?? [],
      isImplicitAffinityGroup: reader.bool("implicitAffinityGroup", &context) ?? false)
    label.span = reader.mapping.span
    if name.isEmpty {
      context.diagnostics.report(
        .inventoryOutOfRange, "the name of an affinity label must not be empty",
        at: reader.span("name"))
    }
    if let first = labelSpanByName[name] {
      context.diagnostics.report(
        .inventoryDuplicateName, "duplicate affinity label name '\(name)'", at: reader.span("name"),
        notes: [Diagnostic.Note("'\(name)' is first defined here", at: first)],
        help: "give every affinity label a unique name")
    } else {
      labelSpanByName[name] = reader.span("name")
    }
    let vmItems = reader.node("vms")?.sequenceValue?.items ?? []
    for (index, vm) in label.vmNames.enumerated() {
      checkVMReference(
        vm, at: index < vmItems.count ? vmItems[index].span : reader.span("vms"),
        what: "affinity label '\(name)'", &context)
    }
    checkHostReferences(
      label.hostNames, in: reader, field: "hosts", what: "a host of affinity label '\(name)'",
      &context)
    labels.append(label)
  }
}
