import Foundation
import Inventory
import Policy
import Testing

@Suite("native filter VmAffinityGroups (Docs/ovirt.md §2.3.10)")
struct VmAffinityFilterTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - { name: h0, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192 } }
      - { name: h1, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192 } }
      - { name: h2, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192 } }
    vms:
      - { name: a, status: Up, host: h0, memoryMiB: 1024, vcpus: 1 }
      - { name: b, status: Down, memoryMiB: 1024, vcpus: 1 }
      - { name: d, status: Up, host: h1, memoryMiB: 1024, vcpus: 1 }
      - { name: e, status: Down, memoryMiB: 1024, vcpus: 1 }
      - { name: f, status: Down, memoryMiB: 1024, vcpus: 1, labels: [web] }
      - { name: g, status: Down, memoryMiB: 1024, vcpus: 1, labels: [web] }
    affinityGroups:
      - { name: together, vms: [a, b], vmRule: { polarity: positive } }
      - { name: apart, vms: [b, d], vmRule: { polarity: negative } }
      - { name: soft, vms: [e, a], vmRule: { polarity: positive, enforcing: false } }
      - { name: web-apart, vmLabels: [web], vmRule: { polarity: negative } }

    """

  @Test("positive groups keep the hosts of the other members; negative groups drop them")
  func positiveAndNegative() throws {
    let tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("VmAffinityGroups", .filter)
    #expect(try NativeFixture.passes(unit, "h0", "b", tables))
    #expect(
      try NativeFixture.reason(unit, "h1", "b", tables)
        == "negative VM affinity group 'apart': member 'd' runs on the host")
    #expect(
      try NativeFixture.reason(unit, "h2", "b", tables)
        == "positive VM affinity group 'together': the other members run on 'h0'")
  }

  @Test("a negative group holding two VMs scheduled together is a conflict for the scheduler")
  func conflicts() throws {
    let tables = try NativeFixture.tables(Self.snapshot)
    let snapshot = tables.snapshot
    let f = try #require(snapshot.vmIndexByName["f"])
    let g = try #require(snapshot.vmIndexByName["g"])
    let b = try #require(snapshot.vmIndexByName["b"])
    #expect(
      VmAffinityFilter.conflictingNegativeGroups(among: [f, g], in: snapshot) == ["web-apart"])
    #expect(VmAffinityFilter.conflictingNegativeGroups(among: [f, b], in: snapshot).isEmpty)
  }

  @Test("soft groups are the weight's business, not the filter's")
  func softGroupsPass() throws {
    let tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("VmAffinityGroups", .filter)
    for host in ["h0", "h1", "h2"] { #expect(try NativeFixture.passes(unit, host, "e", tables)) }
  }

  @Test("pending placements count as running on their target (§3.7), label members included")
  func pendingPlacements() throws {
    var tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("VmAffinityGroups", .filter)
    for host in ["h0", "h1", "h2"] { #expect(try NativeFixture.passes(unit, host, "g", tables)) }
    try NativeFixture.place("f", on: "h2", &tables)
    #expect(
      try NativeFixture.reason(unit, "h2", "g", tables)
        == "negative VM affinity group 'web-apart': member 'f' runs on the host")
    #expect(try NativeFixture.passes(unit, "h0", "g", tables))
    // A pending migration counts on both the source and the target.
    try NativeFixture.place("d", on: "h2", &tables)
    #expect(!(try NativeFixture.passes(unit, "h1", "b", tables)))
    #expect(!(try NativeFixture.passes(unit, "h2", "b", tables)))
  }
}

@Suite("native filter VmToHostsAffinityGroups (Docs/ovirt.md §2.3.11)")
struct VmToHostsAffinityFilterTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - { name: h0, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192 }, labels: [gpu] }
      - { name: h1, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192 } }
      - { name: h2, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192 } }
    vms:
      - { name: a, status: Down, memoryMiB: 1024, vcpus: 1, labels: [ml] }
      - { name: b, status: Down, memoryMiB: 1024, vcpus: 1 }
      - { name: c, status: Down, memoryMiB: 1024, vcpus: 1 }
      - { name: d, status: Down, memoryMiB: 1024, vcpus: 1 }
    affinityGroups:
      - { name: on-gpu, vmLabels: [ml], hostLabels: [gpu], hostRule: { polarity: positive } }
      - { name: not-h1, vms: [b], hosts: [h1], hostRule: { polarity: negative } }
      - { name: nowhere, vms: [c], hostRule: { polarity: positive } }
      - { name: soft, vms: [d], hosts: [h2], hostRule: { polarity: positive, enforcing: false } }

    """

  @Test("labels on both sides, positive and negative groups, an empty positive group")
  func groups() throws {
    let tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("VmToHostsAffinityGroups", .filter)
    #expect(try NativeFixture.passes(unit, "h0", "a", tables))
    #expect(
      try NativeFixture.reason(unit, "h1", "a", tables)
        == "positive VM-to-host affinity group 'on-gpu' does not include the host")
    #expect(
      try NativeFixture.reason(unit, "h1", "b", tables)
        == "negative VM-to-host affinity group 'not-h1' includes the host")
    #expect(try NativeFixture.passes(unit, "h2", "b", tables))
    for host in ["h0", "h1", "h2"] {
      #expect(!(try NativeFixture.passes(unit, host, "c", tables)))
      #expect(try NativeFixture.passes(unit, host, "d", tables))
    }
  }
}

@Suite("native filter HostDevice (Docs/ovirt.md §2.2.5)")
struct HostDeviceFilterTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - name: h0
        status: Up
        memory: { physicalMiB: 8192, freeMiB: 8192 }
        devicePassthrough: true
        hostDevices: [pci_1, pci_2]
      - name: h1
        status: Up
        memory: { physicalMiB: 8192, freeMiB: 8192 }
        hostDevices: [pci_1]
      - name: h2
        status: Up
        memory: { physicalMiB: 8192, freeMiB: 8192 }
        devicePassthrough: true
        hostDevices: [pci_2]
    vms:
      - { name: x, status: Down, memoryMiB: 1024, vcpus: 1, hostDevices: [pci_1] }
      - { name: y, status: Up, host: h0, memoryMiB: 1024, vcpus: 1, hostDevices: [pci_2] }
      - { name: z, status: Down, memoryMiB: 1024, vcpus: 1, hostDevices: [pci_2] }
      - { name: w, status: Down, memoryMiB: 1024, vcpus: 1, hostDevices: [pci_1] }
      - { name: plain, status: Down, memoryMiB: 1024, vcpus: 1 }

    """

  @Test("devices must exist, with passthrough, and be free of running and pending VMs")
  func devices() throws {
    var tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("HostDevice", .filter)
    #expect(try NativeFixture.passes(unit, "h0", "x", tables))
    #expect(
      try NativeFixture.reason(unit, "h1", "x", tables)
        == "the host does not have device passthrough enabled")
    #expect(
      try NativeFixture.reason(unit, "h2", "x", tables) == "the host lacks the devices 'pci_1'")
    #expect(
      try NativeFixture.reason(unit, "h0", "z", tables)
        == "the devices 'pci_2' are used by VM 'y'")
    #expect(try NativeFixture.passes(unit, "h2", "z", tables))
    #expect(try NativeFixture.passes(unit, "h0", "y", tables))  // its own devices
    #expect(try NativeFixture.passes(unit, "h0", "w", tables))
    try NativeFixture.place("x", on: "h0", &tables)
    #expect(
      try NativeFixture.reason(unit, "h0", "w", tables)
        == "the devices 'pci_1' are used by VM 'x'")
    for host in ["h0", "h1", "h2"] {
      #expect(try NativeFixture.passes(unit, host, "plain", tables))
    }
  }
}

@Suite("native filter HugePages (Docs/ovirt.md §2.3.8)")
struct HugePagesFilterTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - name: h0
        status: Up
        memory: { physicalMiB: 8192, freeMiB: 8192 }
        hugepages: [{ sizeKiB: 2048, total: 1024, free: 512 }]
      - { name: h1, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192 } }
    vms:
      - { name: a, status: Down, memoryMiB: 1024, vcpus: 1, hugepageSizeKiB: 2048 }
      - { name: b, status: Down, memoryMiB: 512, vcpus: 1, hugepageSizeKiB: 2048 }
      - { name: big, status: Down, memoryMiB: 1024, vcpus: 1, hugepageSizeKiB: 1048576 }
      - { name: plain, status: Down, memoryMiB: 4096, vcpus: 1 }

    """

  @Test("pages of the VM's size, minus pending pages of that size")
  func pages() throws {
    var tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("HugePages", .filter)
    #expect(try NativeFixture.passes(unit, "h0", "a", tables))  // 512 of 512
    #expect(
      try NativeFixture.reason(unit, "h1", "a", tables)
        == "not enough huge pages of 2048 KiB: the VM needs 512, the host has 0 free after "
        + "pending placements")
    #expect(!(try NativeFixture.passes(unit, "h0", "big", tables)))
    #expect(try NativeFixture.passes(unit, "h1", "plain", tables))
    try NativeFixture.place("b", on: "h0", &tables)
    #expect(
      try NativeFixture.reason(unit, "h0", "a", tables)
        == "not enough huge pages of 2048 KiB: the VM needs 512, the host has 256 free after "
        + "pending placements")
    // The VM's own pending entry is not counted against it.
    #expect(try NativeFixture.passes(unit, "h0", "b", tables))
  }
}

@Suite("native filter NUMA (Docs/ovirt.md §2.3.7)")
struct NUMAFilterTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - name: h0
        status: Up
        memory: { physicalMiB: 8192, freeMiB: 8192 }
        numaNodes:
          - { id: 0, cpus: [0, 1], memoryMiB: 4096, freeMiB: 4096 }
          - { id: 1, cpus: [2, 3], memoryMiB: 4096, freeMiB: 2048 }
      - { name: h1, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192 } }
    vms:
      - name: a
        status: Down
        memoryMiB: 5000
        vcpus: 2
        numa:
          tuneMode: strict
          nodes:
            - { id: 0, cpus: [0], memoryMiB: 3000, hostNodes: [0] }
            - { id: 1, cpus: [1], memoryMiB: 2000, hostNodes: [1] }
      - name: b
        status: Down
        memoryMiB: 3000
        vcpus: 1
        numa: { tuneMode: interleave, nodes: [{ id: 0, cpus: [0], memoryMiB: 3000, hostNodes: [1] }] }
      - name: p
        status: Down
        memoryMiB: 3000
        vcpus: 1
        numa: { tuneMode: preferred, nodes: [{ id: 0, cpus: [0], memoryMiB: 3000, hostNodes: [1] }] }
      - name: d
        status: Down
        memoryMiB: 1500
        vcpus: 1
        numa: { tuneMode: strict, nodes: [{ id: 0, cpus: [0], memoryMiB: 1500, hostNodes: [0] }] }
      - { name: plain, status: Down, memoryMiB: 1024, vcpus: 1 }

    """

  @Test("pinned nodes need free memory on their host nodes; preferred passes; no NUMA fails")
  func assignment() throws {
    let tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("NUMA", .filter)
    #expect(try NativeFixture.passes(unit, "h0", "a", tables))
    #expect(try NativeFixture.reason(unit, "h1", "a", tables) == "the host does not support NUMA")
    #expect(
      try NativeFixture.reason(unit, "h0", "b", tables)
        == "the VM's pinned NUMA nodes do not fit the free memory of the host NUMA nodes they "
        + "are pinned to")
    #expect(try NativeFixture.passes(unit, "h0", "p", tables))
    #expect(try NativeFixture.passes(unit, "h1", "plain", tables))
  }

  @Test("pending placements take their NUMA memory first")
  func pending() throws {
    var tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("NUMA", .filter)
    #expect(try NativeFixture.passes(unit, "h0", "d", tables))
    try NativeFixture.place("a", on: "h0", &tables)
    #expect(!(try NativeFixture.passes(unit, "h0", "d", tables)))  // 4096 − 3000 < 1500
  }
}

@Suite("native filter CpuPinning (Docs/ovirt.md §2.2.4)")
struct CpuPinningFilterTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - name: h0
        status: Up
        cpu: { sockets: 1, cores: 4, threads: 8 }
        memory: { physicalMiB: 65536, freeMiB: 65536 }
      - { name: h1, status: Up, memory: { physicalMiB: 65536, freeMiB: 65536 } }
    vms:
      - { name: m, status: Down, memoryMiB: 1024, vcpus: 2, cpuPinning: { policy: manual, pinning: "0#1_1#2-3" } }
      - { name: off, status: Down, memoryMiB: 1024, vcpus: 1, cpuPinning: { policy: manual, pinning: "0#6-9,^7" } }
      - { name: d, status: Down, memoryMiB: 1024, vcpus: 6, cpuPinning: { policy: dedicated } }
      - { name: e, status: Up, host: h0, memoryMiB: 1024, vcpus: 4, cpuPinning: { policy: dedicated } }
      - { name: i, status: Down, memoryMiB: 1024, vcpus: 2, cpuPinning: { policy: isolate-threads } }
      - { name: one, status: Down, memoryMiB: 1024, vcpus: 1, cpuPinning: { policy: dedicated } }
      - { name: r, status: Down, memoryMiB: 1024, vcpus: 1, cpuPinning: { policy: resize-and-pin-numa } }
      - { name: plain, status: Down, memoryMiB: 1024, vcpus: 64 }

    """

  // A malformed pinning never reaches the filter: the loader rejects it
  // (Fixtures/invalid/inventory/malformed-cpu-pinning.yaml).
  @Test("manual pins must be online; hosts without topology fail")
  func manual() throws {
    let tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("CpuPinning", .filter)
    #expect(try NativeFixture.passes(unit, "h0", "m", tables))
    #expect(
      try NativeFixture.reason(unit, "h0", "off", tables)
        == "the pinned CPUs 8, 9 are not online on the host")
    #expect(!(try NativeFixture.passes(unit, "h1", "m", tables)))
    #expect(try NativeFixture.passes(unit, "h1", "plain", tables))
  }

  @Test("exclusive pinning counts the CPUs of running and pending exclusive VMs")
  func exclusive() throws {
    var tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("CpuPinning", .filter)
    #expect(
      try NativeFixture.reason(unit, "h0", "d", tables)
        == "exclusive pinning needs 6 CPUs, the host has 4 not pinned exclusively")
    #expect(try NativeFixture.passes(unit, "h0", "e", tables))  // already there
    #expect(try NativeFixture.passes(unit, "h0", "i", tables))  // 2 vCPUs × 2 threads = 4
    #expect(
      try NativeFixture.reason(unit, "h1", "i", tables)
        == "the host reports no CPU topology for exclusive pinning")
    #expect(
      try NativeFixture.reason(unit, "h0", "r", tables)
        == "resize-and-pin-numa cannot share the host with exclusively pinned VMs")
    try NativeFixture.place("one", on: "h0", &tables)
    #expect(
      try NativeFixture.reason(unit, "h0", "i", tables)
        == "exclusive pinning needs 4 CPUs, the host has 3 not pinned exclusively")
    // Manual pins overlapping the exclusive ones (5 taken of 8, 3 named) still fit by count.
    #expect(try NativeFixture.passes(unit, "h0", "m", tables))
  }
}

@Suite("native filter MDevice (Docs/ovirt.md §2.2.8)")
struct MDeviceFilterTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - { name: none, status: Up, memory: { physicalMiB: 16384, freeMiB: 16384 } }
      - name: one
        status: Up
        memory: { physicalMiB: 16384, freeMiB: 16384 }
        mdevTypes: [{ name: nvidia-22, availableInstances: 1 }]
      - name: two
        status: Up
        memory: { physicalMiB: 16384, freeMiB: 16384 }
        mdevTypes: [{ name: nvidia-22, availableInstances: 2 }, { name: nvidia-11, availableInstances: 0 }]
    vms:
      - { name: plain, status: Down, memoryMiB: 1024, vcpus: 1 }
      - { name: gpu, status: Down, memoryMiB: 1024, vcpus: 1, mdevTypes: [nvidia-22], mdevNoDisplay: true }
      - { name: pair, status: Down, memoryMiB: 1024, vcpus: 1, mdevTypes: [nvidia-22, nvidia-22] }
      - { name: old, status: Down, memoryMiB: 1024, vcpus: 1, customProperties: { mdev_type: "nodisplay,nvidia-11" } }

    """

  /// oVirt (MDevicePolicyUnit): for each mdev type the VM needs, the host must offer the type
  /// (else HOST_MDEV_DEVICE_MISSING) with a free instance (else HOST_MDEV_DEVICE_UNAVAILABLE);
  /// each instance taken lowers the type's available count by one.
  @Test("types must exist on the host with a free instance each, after pending VMs")
  func instances() throws {
    var tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("MDevice", .filter)
    for host in ["none", "one", "two"] {
      #expect(try NativeFixture.passes(unit, host, "plain", tables))
    }
    #expect(
      try NativeFixture.reason(unit, "none", "gpu", tables)
        == "the host has no mediated device type 'nvidia-22'")
    #expect(try NativeFixture.passes(unit, "one", "gpu", tables))  // nodisplay: same verdict
    #expect(
      try NativeFixture.reason(unit, "one", "pair", tables)
        == "the host has no free instance of mediated device type 'nvidia-22' left")
    #expect(try NativeFixture.passes(unit, "two", "pair", tables))
    // oVirt's custom property form: "nodisplay,nvidia-11" needs one nvidia-11.
    #expect(tables.snapshot.vms[3].requiredMediatedDeviceTypes == ["nvidia-11"])
    #expect(tables.snapshot.vms[3].hasMediatedDevicesWithoutDisplay)
    #expect(
      try NativeFixture.reason(unit, "two", "old", tables)
        == "the host has no free instance of mediated device type 'nvidia-11' left")
    // A VM pending onto `two` takes one of its two nvidia-22 instances.
    try NativeFixture.place("gpu", on: "two", &tables)
    #expect(!(try NativeFixture.passes(unit, "two", "pair", tables)))
  }
}

@Suite("native filter HostedEngineSpares (Docs/ovirt.md §2.3.13)")
struct HostedEngineSparesFilterTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - name: he0
        status: Up
        memory: { physicalMiB: 16384, freeMiB: 16384 }
        hostedEngine: { configured: true, score: 3400 }
      - name: he1
        status: Up
        memory: { physicalMiB: 16384, freeMiB: 16384, committedMiB: 9000 }
        hostedEngine: { configured: true, score: 3400 }
      - name: he2
        status: Up
        memory: { physicalMiB: 16384, freeMiB: 16384 }
        hostedEngine: { configured: true, score: 3400, localMaintenance: true }
      - { name: plain, status: Up, memory: { physicalMiB: 16384, freeMiB: 16384 } }
    vms:
      - { name: engine, status: Up, host: he0, memoryMiB: 4096, vcpus: 4, hostedEngine: true }
      - { name: web, status: Down, memoryMiB: 4096, vcpus: 2 }

    """

  @Test("spare-only hosts are removed while the spares number at most HeSparesCount")
  func spares() throws {
    let tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("HostedEngineSpares", .filter)
    // he1 has 16384 − 9000 = 7384 MiB: enough for the engine (4096 + overhead), not for both.
    for host in ["he0", "he1", "he2", "plain"] {
      #expect(try NativeFixture.passes(unit, host, "web", tables))  // HeSparesCount 0: no-op
    }
    let one = NativeFixture.properties([("HeSparesCount", .int(1))])
    #expect(
      try NativeFixture.reason(unit, "he1", "web", tables, one)
        == "the host is one of the 1 hosted-engine spares and 1 must be kept (HeSparesCount)")
    for host in ["he0", "he2", "plain"] {
      #expect(try NativeFixture.passes(unit, host, "web", tables, one))
    }
    #expect(try NativeFixture.passes(unit, "he1", "engine", tables, one))  // the engine itself
  }

  @Test("a pending placement that eats a spare's room is seen")
  func pending() throws {
    var tables = try NativeFixture.tables(
      Self.snapshot.replacingOccurrences(of: ", committedMiB: 9000", with: "")
        + "  - { name: big, status: Down, memoryMiB: 8000, vcpus: 1 }\n")
    let unit = try NativeFixture.evaluator("HostedEngineSpares", .filter)
    let one = NativeFixture.properties([("HeSparesCount", .int(1))])
    #expect(try NativeFixture.passes(unit, "he1", "web", tables, one))  // spare and candidate
    // 8087 MiB pending onto he1 leave 8297 MiB: the engine (4200) fits, not web (4184) too.
    try NativeFixture.place("big", on: "he1", &tables)
    #expect(!(try NativeFixture.passes(unit, "he1", "web", tables, one)))
    #expect(try NativeFixture.passes(unit, "plain", "web", tables, one))
  }
}
