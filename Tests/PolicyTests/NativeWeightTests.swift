import Foundation
import Inventory
import Policy
import Testing

@Suite("native weight OptimalForMemoryEvenDistribution (Docs/ovirt.md §2.4.2)")
struct MemoryEvenDistributionWeightTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - { name: h0, status: Up, memory: { physicalMiB: 16384, freeMiB: 16384 } }
      - { name: h1, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192 } }
      - { name: h2, status: Up, memory: { physicalMiB: 16384, freeMiB: 8192, committedMiB: 8192 } }
    vms:
      - { name: x, status: Down, memoryMiB: 1024, vcpus: 1 }
      - { name: y, status: Down, memoryMiB: 12000, vcpus: 1 }
      - { name: z, status: Up, host: h0, memoryMiB: 1024, vcpus: 1 }
      - { name: huge, status: Down, memoryMiB: 12000, vcpus: 1 }

    """

  @Test("normalised over the candidates: the emptiest host is best, a VM's own host scores 1")
  func ordering() throws {
    var tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("OptimalForMemoryEvenDistribution", .weight)
    let scores = try NativeFixture.weights(unit, "x", tables).map { $0 ?? -1 }
    #expect(scores[0] < scores[1])
    #expect(scores[1] == scores[2])
    #expect(try NativeFixture.weights(unit, "z", tables)[0] == 1)
    // A VM that does not fit scores more than W.
    #expect((try NativeFixture.weights(unit, "huge", tables)[1] ?? 0) > 1000)
    // Normalisation follows the candidate set: without h0, h1 and h2 are the emptiest.
    let subset = try NativeFixture.weights(unit, "x", tables, hosts: [1, 2]).map { $0 ?? -1 }
    #expect(subset[0] == subset[1])
    #expect(subset[0] < scores[1])
    // Pending memory counts.
    try NativeFixture.place("y", on: "h0", &tables)
    let after = try NativeFixture.weights(unit, "x", tables).map { $0 ?? -1 }
    #expect(after[0] > after[1])
  }
}

@Suite("native weight OptimalForMemoryPowerSaving (Docs/ovirt.md §2.4.4)")
struct MemoryPowerSavingWeightTests {
  @Test("fuller hosts are better; a host the VM overfills is worst")
  func ordering() throws {
    let tables = try NativeFixture.tables(MemoryEvenDistributionWeightTests.snapshot)
    let unit = try NativeFixture.evaluator("OptimalForMemoryPowerSaving", .weight)
    let scores = try NativeFixture.weights(unit, "x", tables).map { $0 ?? -1 }
    #expect(scores[1] < scores[0])
    #expect(scores[1] == scores[2])
    let huge = try NativeFixture.weights(unit, "huge", tables).map { $0 ?? -1 }
    #expect(huge[1] == 1000)  // reflected to maxMem
    #expect(huge[0] < huge[1])
    // With MaxFreeMemoryForOverUtilized, a host left with less than it is worst too.
    let limit = NativeFixture.properties([("MaxFreeMemoryForOverUtilized", .int(8000))])
    let limited = try NativeFixture.weights(unit, "x", tables, limit).map { $0 ?? -1 }
    #expect(limited[1] == 1000)
  }
}

@Suite("native weight OptimalForHaReservation (Docs/ovirt.md §2.4.8)")
struct HaReservationWeightTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7", haReservation: true }
    hosts:
      - { name: h0, status: Up, memory: { physicalMiB: 16384, freeMiB: 16384 } }
      - { name: h1, status: Up, memory: { physicalMiB: 16384, freeMiB: 16384 } }
      - { name: h2, status: Up, memory: { physicalMiB: 16384, freeMiB: 16384 } }
    vms:
      - { name: a, status: Up, host: h0, memoryMiB: 1024, vcpus: 1, highlyAvailable: true }
      - { name: b, status: Up, host: h0, memoryMiB: 1024, vcpus: 1, highlyAvailable: true }
      - { name: c, status: Up, host: h1, memoryMiB: 1024, vcpus: 1, highlyAvailable: true }
      - { name: d, status: Up, host: h2, memoryMiB: 1024, vcpus: 1 }
      - { name: new, status: Down, memoryMiB: 1024, vcpus: 1, highlyAvailable: true }
      - { name: next, status: Down, memoryMiB: 1024, vcpus: 1, highlyAvailable: true }
      - { name: plain, status: Down, memoryMiB: 1024, vcpus: 1 }

    """

  @Test("HA VM counts normalised to 100 by the busiest candidate, divided by ScaleDown")
  func counts() throws {
    var tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("OptimalForHaReservation", .weight)
    #expect(try NativeFixture.weights(unit, "new", tables) == [100, 50, 0])
    let scaled = NativeFixture.properties([("ScaleDown", .int(3))])
    #expect(try NativeFixture.weights(unit, "new", tables, scaled) == [34, 17, 0])
    #expect(try NativeFixture.weights(unit, "plain", tables) == [0, 0, 0])
    try NativeFixture.place("next", on: "h2", &tables)
    #expect(try NativeFixture.weights(unit, "new", tables) == [100, 50, 50])
    let off = try NativeFixture.tables(
      Self.snapshot.replacingOccurrences(of: ", haReservation: true", with: ""))
    #expect(try NativeFixture.weights(unit, "new", off) == [0, 0, 0])
  }
}

@Suite("native weight VmAffinityGroups, soft (Docs/ovirt.md §2.4.9)")
struct VmAffinityWeightTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - { name: h0, status: Up, memory: { physicalMiB: 16384, freeMiB: 16384 } }
      - { name: h1, status: Up, memory: { physicalMiB: 16384, freeMiB: 16384 } }
      - { name: h2, status: Up, memory: { physicalMiB: 16384, freeMiB: 16384 } }
      - { name: h3, status: Up, memory: { physicalMiB: 16384, freeMiB: 16384 } }
    vms:
      - { name: v, status: Down, memoryMiB: 1024, vcpus: 1 }
      - { name: a, status: Up, host: h0, memoryMiB: 1024, vcpus: 1 }
      - { name: b, status: Up, host: h1, memoryMiB: 1024, vcpus: 1 }
      - { name: c, status: Up, host: h1, memoryMiB: 1024, vcpus: 1 }
      - { name: d, status: Up, host: h1, memoryMiB: 1024, vcpus: 1 }
      - { name: w, status: Down, memoryMiB: 1024, vcpus: 1 }
      - { name: p1, status: Up, host: h0, memoryMiB: 1024, vcpus: 1, migrationMode: pinned }
      - { name: p2, status: Up, host: h1, memoryMiB: 1024, vcpus: 1 }
      - { name: n, status: Down, memoryMiB: 1024, vcpus: 1 }
      - { name: q, status: Down, memoryMiB: 1024, vcpus: 1 }
    affinityGroups:
      - { name: g2, vms: [v, a], priority: 2, vmRule: { polarity: positive, enforcing: false } }
      - { name: g1a, vms: [v, b], vmRule: { polarity: positive, enforcing: false } }
      - { name: g1b, vms: [v, c], vmRule: { polarity: positive, enforcing: false } }
      - { name: g1c, vms: [v, d], vmRule: { polarity: positive } }
      - { name: pair, vms: [w, p1, p2], vmRule: { polarity: positive, enforcing: false } }
      - { name: apart, vms: [n, q], vmRule: { polarity: negative, enforcing: false } }

    """

  @Test("[1,1,1] beats [2]; ties share the lower competition rank")
  func brokenPriorities() throws {
    let tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("VmAffinityGroups", .weight)
    // h0 breaks g1a, g1b, g1c: [1, 1, 1]; h1 breaks g2: [2]; h2 and h3 break all: [2, 1, 1, 1].
    #expect(try NativeFixture.weights(unit, "v", tables) == [1, 2, 3, 3])
  }

  @Test("then more non-migratable, then more positive-group VMs on the host is better")
  func tieBreaks() throws {
    let tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("VmAffinityGroups", .weight)
    #expect(try NativeFixture.weights(unit, "w", tables) == [1, 2, 3, 3])
  }

  @Test("negative groups and pending placements (§3.7)")
  func negativeAndPending() throws {
    var tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("VmAffinityGroups", .weight)
    #expect(try NativeFixture.weights(unit, "n", tables) == [1, 1, 1, 1])
    try NativeFixture.place("q", on: "h2", &tables)
    #expect(try NativeFixture.weights(unit, "n", tables) == [1, 1, 4, 1])
    // The single-host form ranks among every Up host.
    #expect(unit.weight(host: 2, vm: 8, tables: tables, properties: NativeFixture.defaults) == 4)
  }
}

@Suite("native weight VmToHostsAffinityGroups, soft (Docs/ovirt.md §2.4.10)")
struct VmToHostsAffinityWeightTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - { name: h0, status: Up, memory: { physicalMiB: 16384, freeMiB: 16384 } }
      - { name: h1, status: Up, memory: { physicalMiB: 16384, freeMiB: 16384 }, labels: [slow] }
      - { name: h2, status: Up, memory: { physicalMiB: 16384, freeMiB: 16384 } }
    vms:
      - { name: v, status: Down, memoryMiB: 1024, vcpus: 1 }
      - { name: hard, status: Down, memoryMiB: 1024, vcpus: 1 }
    affinityGroups:
      - { name: prefer-h0, vms: [v], hosts: [h0], hostRule: { polarity: positive, enforcing: false } }
      - { name: avoid-slow, vms: [v], hostLabels: [slow], priority: 2, hostRule: { polarity: negative, enforcing: false } }
      - { name: only-h2, vms: [hard], hosts: [h2], hostRule: { polarity: positive } }

    """

  @Test("ranked by broken soft groups' priorities; hard groups and no groups score 1")
  func ranking() throws {
    let tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("VmToHostsAffinityGroups", .weight)
    // h0 breaks nothing, h1 breaks [2, 1], h2 breaks [1].
    #expect(try NativeFixture.weights(unit, "v", tables) == [1, 3, 2])
    #expect(try NativeFixture.weights(unit, "hard", tables) == [1, 1, 1])
  }
}

@Suite("native weight HighPerformanceCpu (Docs/ovirt.md §2.4.11)")
struct HighPerformanceCpuWeightTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - name: busy
        status: Up
        cpu: { sockets: 2, cores: 8, threads: 16 }
        memory: { physicalMiB: 65536, freeMiB: 65536 }
      - name: small
        status: Up
        cpu: { sockets: 1, cores: 2, threads: 2 }
        memory: { physicalMiB: 65536, freeMiB: 65536 }
      - name: empty
        status: Up
        cpu: { sockets: 2, cores: 8, threads: 16 }
        memory: { physicalMiB: 65536, freeMiB: 65536 }
    vms:
      - { name: e, status: Up, host: busy, memoryMiB: 1024, vcpus: 6, cpuPinning: { policy: dedicated } }
      - { name: d, status: Down, memoryMiB: 1024, vcpus: 4, cpuPinning: { policy: dedicated } }
      - name: pt
        status: Down
        memoryMiB: 1024
        vcpus: 4
        cpuPassthrough: true
        cpuTopology: { sockets: 2, coresPerSocket: 2, threadsPerCore: 1 }
      - { name: plain, status: Down, memoryMiB: 1024, vcpus: 4 }

    """

  @Test("exclusive VMs prefer the pinning with fewer sockets; others the fitting topology")
  func scores() throws {
    let tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("HighPerformanceCpu", .weight)
    // busy: pCPUs 6–9 span cores 3–4 on two sockets (2002); small: does not fit (2000);
    // empty: pCPUs 0–3, cores 0–1 on one socket (1002). Stretched to [1, 1000].
    #expect(try NativeFixture.weights(unit, "d", tables) == [1000, 998, 1])
    #expect(try NativeFixture.weights(unit, "pt", tables) == [1, 1000, 1])
    #expect(try NativeFixture.weights(unit, "plain", tables) == [1, 1, 1])
  }
}

@Suite("native weight CpuAndNumaPinningCompatibility (Docs/ovirt.md §2.4.12)")
struct CpuAndNumaPinningWeightTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - name: h0
        status: Up
        cpu: { sockets: 2, cores: 4, threads: 4 }
        memory: { physicalMiB: 8192, freeMiB: 8192 }
        numaNodes:
          - { id: 0, cpus: [0, 1], memoryMiB: 4096, freeMiB: 4096 }
          - { id: 1, cpus: [2, 3], memoryMiB: 4096, freeMiB: 4096 }
      - { name: h1, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192 } }
    vms:
      - name: cross
        status: Down
        memoryMiB: 1024
        vcpus: 1
        cpuPinning: { policy: manual, pinning: "0#2" }
        numa: { tuneMode: strict, nodes: [{ id: 0, cpus: [0], memoryMiB: 1024, hostNodes: [0] }] }
      - name: aligned
        status: Down
        memoryMiB: 1024
        vcpus: 1
        cpuPinning: { policy: manual, pinning: "0#1" }
        numa: { tuneMode: strict, nodes: [{ id: 0, cpus: [0], memoryMiB: 1024, hostNodes: [0] }] }
      - name: loose
        status: Down
        memoryMiB: 1024
        vcpus: 1
        numa: { tuneMode: preferred, nodes: [{ id: 0, cpus: [0], memoryMiB: 1024, hostNodes: [0] }] }
      - name: large
        status: Down
        memoryMiB: 6000
        vcpus: 1
        numa: { tuneMode: strict, nodes: [{ id: 0, cpus: [0], memoryMiB: 6000, hostNodes: [0, 1] }] }

    """

  @Test("W without NUMA or without an assignment that respects the CPU pinning, else 1")
  func compatibility() throws {
    let tables = try NativeFixture.tables(Self.snapshot)
    let unit = try NativeFixture.evaluator("CpuAndNumaPinningCompatibility", .weight)
    #expect(try NativeFixture.weights(unit, "cross", tables) == [1000, 1000])
    #expect(try NativeFixture.weights(unit, "aligned", tables) == [1, 1000])
    #expect(try NativeFixture.weights(unit, "loose", tables) == [1, 1])
    #expect(try NativeFixture.weights(unit, "large", tables) == [1000, 1000])
  }
}

@Suite("host OS parsing (Docs/ovirt.md §2.3.17)")
struct NativeSupportTests {
  @Test(
    "host OS strings parse into family, major and minor",
    arguments: [
      ("RHEL-8.9", "RHEL", 8, 9), ("RHEL - 7 - 2.1511.el7", "RHEL", 7, 2),
      ("CentOS Stream 9", "CentOS Stream", 9, 0),
      // Past nine digits a run keeps its first nine; non-ASCII text takes the character path.
      ("RHEL-1234567890123.5", "RHEL", 123_456_789, 5), ("\tOS -\t10-2x7", "OS", 10, 2),
      ("Ünïx 8.1", "Ünïx", 8, 1),
    ])
  func operatingSystems(text: String, family: String, major: Int, minor: Int) throws {
    let parsed = try #require(HostOperatingSystem(parsing: text))
    #expect(parsed.family == family)
    #expect(parsed.majorVersion == major)
    #expect(parsed.minorVersion == minor)
  }

  @Test(
    "strings without a family or a version do not parse (oVirt's INVALID_OS, not version 1)",
    arguments: ["", "RHEL", "8.9", "RHEL-", " - 8 - 1", "-9", "custom-build"])
  func invalidOperatingSystems(text: String) {
    #expect(HostOperatingSystem(parsing: text) == nil)
  }
}
