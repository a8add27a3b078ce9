import Foundation
import Inventory
import Policy
import PolicyExpression
import Testing

@Suite("oVirt fidelity: pending resources in the snapshot (Docs/ovirt.md §3.7)")
struct PendingSnapshotFidelityTests {
  /// Host h: maxSchedulingMemory = 100% × 4096 − 1500 = 2596 MiB before anything is pending.
  /// `new` needs 2048 + (64 + 2048/512) + 8 × 4 = 2148 MiB. `inflight` (1024 MiB, 1 vCPU)
  /// is what the engine already sent to h: PendingOvercommitMemory = 1024 + 64 + 2 + 8 = 1098,
  /// PendingMemory = its static overhead 64 + 2 = 66, PendingCpuCores = 1,
  /// PendingCpuLoad = 10 × 1 (no statistics: oVirt's "new VM" load).
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - { name: h, status: Up, memory: { physicalMiB: 4096, freeMiB: 4096, committedMiB: 1500 } }
      - { name: g, status: Up, memory: { physicalMiB: 4096, freeMiB: 4096, committedMiB: 1500 } }
    vms:
      - { name: new, status: Down, memoryMiB: 2048, vcpus: 4 }
      - { name: inflight, status: Down, memoryMiB: 1024, vcpus: 1 }

    """

  static func with(_ pending: String, vms extra: String = "") -> String {
    snapshot + extra + "pending:\n" + pending + "\n"
  }

  /// oVirt's over-commit check: need ≤ maxSchedulingMemory − pendingVmem, with
  /// pendingVmem = Σ PendingOvercommitMemory. 2596 − 1098 = 1498 < 2148: h fails.
  @Test("a snapshot's pending entry lowers maxSchedulingMemory before the first decision")
  func memory() throws {
    let before = try FidelityFixture(Self.snapshot)
    #expect(try before.passes("Memory", "h", "new"))
    let fixture = try FidelityFixture(Self.with("  - { vm: inflight, host: h }"))
    #expect(try fixture.value("host.pendingMemoryMiB", "h", "new") == .int(1098))
    #expect(try fixture.value("host.maxSchedulingMemoryMiB", "h", "new") == .int(1498))
    #expect(try fixture.value("host.pendingMemoryMiB", "g", "new") == .int(0))
    #expect(!(try fixture.passes("Memory", "h", "new")))
    #expect(try fixture.passes("Memory", "g", "new"))
    // The physical check subtracts PendingMemory (static overhead only): 4096 − 66.
    #expect(try fixture.value("host.freeMemoryAfterPendingMiB", "h", "new") == .int(4030))
  }

  /// Every amount the engine recorded overrides the VM's own: PendingOvercommitMemory 100
  /// leaves 2596 − 100 = 2496 ≥ 2148; PendingCpuLoad = usage × vCPUs = 50 × 3 = 150.
  @Test("given amounts replace what the VM would add")
  func overrides() throws {
    let fixture = try FidelityFixture(
      Self.with(
        """
          - { vm: inflight, host: h, overcommitMemoryMiB: 100, memoryMiB: 7, vcpus: 3, \
        cpuUsagePercent: 50 }
        """))
    #expect(try fixture.value("host.pendingMemoryMiB", "h", "new") == .int(100))
    #expect(try fixture.value("host.freeMemoryAfterPendingMiB", "h", "new") == .int(4089))
    #expect(try fixture.value("host.pendingVcpuCount", "h", "new") == .int(3))
    #expect(try fixture.value("host.pendingCpuLoadPoints", "h", "new") == .float(150))
    #expect(try fixture.value("host.pendingVmCount", "h", "new") == .int(1))
    #expect(try fixture.passes("Memory", "h", "new"))
  }

  /// The host's committed memory leaves out WaitForLaunch VMs, and oVirt clears a VM's
  /// pending entries when it reaches PoweringUp: a VM the engine has just sent to a host holds
  /// its resources there through the pending store until the host reports it. Here: 1098 MiB
  /// pending on h.
  @Test("a VM in WaitForLaunch holds pending resources on its host")
  func impliedByStatus() throws {
    let fixture = try FidelityFixture(
      Self.snapshot.replacingOccurrences(
        of: "{ name: inflight, status: Down,",
        with: "{ name: inflight, status: WaitForLaunch, host: h,"))
    #expect(try fixture.value("host.pendingMemoryMiB", "h", "new") == .int(1098))
    #expect(try fixture.value("host.pendingVmCount", "h", "new") == .int(1))
    #expect(!(try fixture.passes("Memory", "h", "new")))
    #expect(fixture.tables.snapshot.pending.map(\.isImplied) == [true])
    // A listed entry replaces the implied one (one entry per VM).
    let listed = try FidelityFixture(
      Self.with(
        "  - { vm: inflight, host: h, overcommitMemoryMiB: 10 }"
      ).replacingOccurrences(
        of: "{ name: inflight, status: Down,",
        with: "{ name: inflight, status: WaitForLaunch, host: h,"))
    #expect(try listed.value("host.pendingMemoryMiB", "h", "new") == .int(10))
    #expect(listed.tables.snapshot.pending.count == 1)
  }

  /// A VM reaches PoweringUp when the host reports it; from then on the host's committed
  /// memory (every VM not Down or WaitForLaunch) and VM count hold it, and oVirt has cleared
  /// its pending entries: counting it as pending as well would count it twice.
  @Test("a VM in PoweringUp counts on its host only, not also as pending")
  func poweringUpIsNotPending() throws {
    let fixture = try FidelityFixture(
      Self.snapshot.replacingOccurrences(
        of: "{ name: inflight, status: Down,",
        with: "{ name: inflight, status: PoweringUp, host: h,"))
    #expect(fixture.tables.snapshot.pending.isEmpty)
    #expect(try fixture.value("host.pendingMemoryMiB", "h", "new") == .int(0))
    #expect(try fixture.value("host.pendingVmCount", "h", "new") == .int(0))
    #expect(try fixture.value("host.vmCount", "h", "new") == .int(1))
    #expect(try fixture.passes("Memory", "h", "new"))
  }

  /// oVirt's affinity filter counts a pending VM as running on its target: with `inflight`
  /// pending on h and a hard negative VM-to-VM group {new, inflight}, h is out for `new`.
  @Test("the affinity filter sees a snapshot's pending VM on its target")
  func affinity() throws {
    let body =
      Self.with("  - { vm: inflight, host: h }")
        + """
        affinityGroups:
          - { name: apart, vms: [new, inflight], vmRule: { polarity: negative } }

        """
    let tables = try NativeFixture.tables(body)
    let unit = try NativeFixture.evaluator("VmAffinityGroups", .filter)
    #expect(!(try NativeFixture.passes(unit, "h", "new", tables)))
    #expect(try NativeFixture.passes(unit, "g", "new", tables))
  }

  /// oVirt's HugePages filter: free pages of the size − pages of VMs pending with that size.
  /// h has 1024 free 2 MiB pages; `inflight` pending on h needs 1024 MiB = 512 pages, so 512
  /// are left and a VM needing 1024 pages (`new`, 2048 MiB) does not fit.
  @Test("the HugePages filter subtracts the pages of a snapshot's pending VM")
  func hugepages() throws {
    let body = Self.with("  - { vm: inflight, host: h }")
      .replacingOccurrences(
        of: "committedMiB: 1500 } }\n  - { name: g",
        with: "committedMiB: 1500 }, hugepages: [{ sizeKiB: 2048, total: 1024, free: 1024 }] }\n"
          + "  - { name: g"
      )
      .replacingOccurrences(of: "vcpus: 4 }", with: "vcpus: 4, hugepageSizeKiB: 2048 }")
      .replacingOccurrences(of: "vcpus: 1 }", with: "vcpus: 1, hugepageSizeKiB: 2048 }")
    let tables = try NativeFixture.tables(body)
    let unit = try NativeFixture.evaluator("HugePages", .filter)
    #expect(
      try NativeFixture.reason(unit, "h", "new", tables)
        == "not enough huge pages of 2048 KiB: the VM needs 1024, the host has 512 free after "
        + "pending placements")
  }

  /// Scheduling a VM the snapshot lists as pending replaces its entry (oVirt: re-adding a VM
  /// replaces its entries), so its resources are never counted twice.
  @Test("placing a pending VM again replaces its entry")
  func replaced() throws {
    var tables = try NativeFixture.tables(Self.with("  - { vm: inflight, host: h }"))
    #expect(tables.pending.memoryMiB == [1098, 0])
    try NativeFixture.place("inflight", on: "g", &tables)
    #expect(tables.pending.memoryMiB == [0, 1098])
    #expect(tables.pending.vmCount == [0, 1])
  }
}

@Suite("oVirt fidelity: affinity labels as objects (Docs/ovirt.md §2.3.11)")
struct AffinityLabelFidelityTests {
  static func snapshot(level: String) -> String {
    """
    cluster: { name: c, compatibilityVersion: "\(level)" }
    hosts:
      - { name: h1, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192 } }
      - { name: h2, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192 }, labels: [fast] }
    vms:
      - { name: v, status: Down, memoryMiB: 1024, vcpus: 1 }
    affinityLabels:
      - { name: gpu, vms: [v], hosts: [h1], implicitAffinityGroup: true }
      - { name: fast, vms: [v] }

    """
  }

  /// oVirt (VmToHostAffinityFilterPolicyUnit), cluster level < 4.4: each label of the VM
  /// flagged "implicit affinity group" is a hard positive group {label's VMs} → {label's
  /// hosts}, so v may run only on h1. From 4.4 on the flag is ignored.
  @Test("an implicit label is a hard positive VM-to-host group below cluster level 4.4")
  func implicitGroup() throws {
    let unit = try NativeFixture.evaluator("VmToHostsAffinityGroups", .filter)
    let old = try NativeFixture.tables(Self.snapshot(level: "4.3"))
    #expect(try NativeFixture.passes(unit, "h1", "v", old))
    #expect(
      try NativeFixture.reason(unit, "h2", "v", old)
        == "positive VM-to-host affinity group 'label:gpu' does not include the host")
    #expect(old.snapshot.affinityGroups.map(\.name) == ["label:gpu"])
    // Label objects put their name on the VMs and hosts they list, after their own labels.
    #expect(old.snapshot.vms[0].labels == ["gpu", "fast"])
    #expect(old.snapshot.hosts[0].labels == ["gpu"])
    #expect(old.snapshot.hosts[1].labels == ["fast"])
    let current = try NativeFixture.tables(Self.snapshot(level: "4.4"))
    #expect(current.snapshot.affinityGroups.isEmpty)
    #expect(try NativeFixture.passes(unit, "h2", "v", current))
  }
}
