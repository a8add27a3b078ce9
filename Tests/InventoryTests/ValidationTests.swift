import Diagnostics
import Inventory
import ShepherdTestSupport
import Testing

/// Each validation rule on a small inline snapshot; positions use emoji markers and the
/// expected list is exhaustive (an unexpected diagnostic fails the test).
@Suite("Snapshot validation rules")
struct ValidationTests {
  /// Loads marked text and checks that exactly these (code, marker) pairs were reported.
  func expectDiagnostics(
    _ marked: String, _ expected: [(String, String)],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let text = MarkedText(marked)
    let loaded = loadSnapshot(text.text)
    let actual = Diagnostic.sorted(loaded.diagnostics).map { diagnostic in
      (diagnostic.code.rawValue, Int(diagnostic.span?.start ?? 0))
    }
    let wanted = expected.map { code, marker in (code, text.offsets[marker] ?? -1) }
    #expect(
      actual.map { "\($0.0)@\($0.1)" } == wanted.map { "\($0.0)@\($0.1)" },
      "\(loaded.rendered)", sourceLocation: sourceLocation)
    #expect(loaded.snapshot == nil || expected.isEmpty, sourceLocation: sourceLocation)
  }

  @Test("a valid snapshot reports nothing")
  func valid() {
    let loaded = loadSnapshot(snapshotText())
    #expect(loaded.rendered == "")
    #expect(loaded.snapshot?.vms.first?.hostIndex == 0)
  }

  @Test("unknown keys at every level, with did-you-mean")
  func unknownKeys() {
    expectDiagnostics(
      snapshotText(
        hosts: """
            - name: h1
              status: Up
              memory: { physicalMiB: 65536, freeMiB: 32768, 1️⃣reserved: 1 }
          """,
        extra: "2️⃣takenat: 2026-11-28T10:00:00Z"),
      [("I001", "1️⃣"), ("I001", "2️⃣")])
    let loaded = loadSnapshot(
      snapshotText(vms: "  - { name: v1, status: Down, memoryMiB: 1, vcpus: 1, zzz: 1 }"))
    #expect(loaded.diagnostics.first?.help == "see Docs/fields.md for the fields of 'vms[]'")
    let nested = loadSnapshot(
      snapshotText(
        vms: "  - { name: v1, status: Down, memoryMiB: 1, vcpus: 1, cpuPinning: { qqq: 1 } }"))
    #expect(nested.diagnostics.first?.help == "known fields here: policy, pinning")
  }

  @Test("wrong types and the YAML 1.2 booleans")
  func types() {
    expectDiagnostics(
      snapshotText(
        vms: """
            - { name: v1, status: Down, memoryMiB: 1️⃣4096.5, vcpus: 2️⃣"2", highlyAvailable: 3️⃣no, labels: 4️⃣x }
          """),
      [("I002", "1️⃣"), ("I002", "2️⃣"), ("I002", "3️⃣"), ("I002", "4️⃣")])
    expectDiagnostics("1️⃣- just a list", [("I002", "1️⃣")])
  }

  @Test("an empty file is a type error, not a crash")
  func empty() {
    let loaded = loadSnapshot("")
    #expect(loaded.snapshot == nil)
    #expect(loaded.codes == ["I002"])
  }

  @Test("missing required fields, not reported twice when misspelled")
  func missing() {
    expectDiagnostics(
      """
      1️⃣apiVersion: shepherd/v1
      kind: ClusterSnapshot
      2️⃣takenat: 2026-11-28T10:00:00Z
      cluster: 3️⃣{ name: c }
      """,
      [("I003", "1️⃣"), ("I001", "2️⃣"), ("I003", "3️⃣")])
  }

  @Test("enum values are checked, with did-you-mean")
  func enums() {
    expectDiagnostics(
      snapshotText(
        vms: """
            - { name: v1, status: 1️⃣down, memoryMiB: 1, vcpus: 1, cpuPinning: { policy: 2️⃣isolate_threads } }
          """),
      [("I004", "1️⃣"), ("I004", "2️⃣")])
    let loaded = loadSnapshot(
      snapshotText(vms: "  - { name: v1, status: down, memoryMiB: 1, vcpus: 1 }"))
    #expect(loaded.diagnostics.first?.help == "did you mean 'Down'?")
  }

  @Test("bounds: negative memory, usage over 100, zero vCPUs, empty names, int-list items")
  func bounds() {
    expectDiagnostics(
      snapshotText(
        hosts: """
            - name: h1
              status: Up
              cpu: { usagePercent: 1️⃣100.01 }
              memory: { physicalMiB: 65536, freeMiB: 2️⃣-1 }
              numaNodes: [{ id: 0, cpus: [0, 3️⃣-4], memoryMiB: 1 }]
              hostedEngine: { score: 4️⃣3401 }
          """,
        vms: """
            - { name: 5️⃣"", status: Down, memoryMiB: 6️⃣0, vcpus: 7️⃣0 }
          """),
      [
        ("I005", "1️⃣"), ("I005", "2️⃣"), ("I005", "3️⃣"), ("I005", "4️⃣"), ("I005", "5️⃣"),
        ("I005", "6️⃣"), ("I005", "7️⃣"),
      ])
  }

  @Test("apiVersion and kind are checked first")
  func documentKind() {
    expectDiagnostics(
      """
      apiVersion: 1️⃣shepherd/v2
      kind: ClusterSnapshot
      """,
      [("I007", "1️⃣")])
  }

  @Test("duplicate names across hosts, VMs, groups and NUMA ids")
  func duplicates() {
    expectDiagnostics(
      snapshotText(
        hosts: """
            - name: h1
              status: Up
              memory: { physicalMiB: 1, freeMiB: 1 }
              numaNodes: [{ id: 0, memoryMiB: 1 }, { id: 1️⃣0, memoryMiB: 1 }]
            - name: 2️⃣h1
              status: Up
              memory: { physicalMiB: 1, freeMiB: 1 }
          """,
        extra: """
          affinityGroups:
            - { name: g }
            - { name: 3️⃣g }
          """),
      [("I008", "1️⃣"), ("I008", "2️⃣"), ("I008", "3️⃣")])
  }

  @Test("dangling references everywhere, with did-you-mean from the names in the file")
  func references() {
    expectDiagnostics(
      snapshotText(
        vms: """
            - { name: v1, host: 1️⃣h3, status: Up, memoryMiB: 1, vcpus: 1, pinnedHosts: [h1, 2️⃣hh], preferredHosts: [3️⃣h0] }
          """,
        extra: """
          affinityGroups:
            - { name: g, vms: [v1, 4️⃣v2], hosts: [5️⃣h9] }
          """),
      [("I009", "1️⃣"), ("I009", "2️⃣"), ("I009", "3️⃣"), ("I009", "4️⃣"), ("I009", "5️⃣")])
    let loaded = loadSnapshot(
      snapshotText(vms: "  - { name: v1, host: h3, status: Up, memoryMiB: 1, vcpus: 1 }"))
    #expect(loaded.diagnostics.first?.help == "did you mean 'h1'?")
  }

  @Test("VM state versus host status")
  func states() {
    expectDiagnostics(
      snapshotText(
        hosts: """
            - name: down
              status: Down
              memory: { physicalMiB: 1, freeMiB: 1 }
            - name: lost
              status: NonResponsive
              memory: { physicalMiB: 1, freeMiB: 1 }
            - name: leaving
              status: PreparingForMaintenance
              memory: { physicalMiB: 1, freeMiB: 1 }
          """,
        vms: """
            - { name: a, host: 1️⃣down, status: Paused, memoryMiB: 1, vcpus: 1 }
            - { name: b, host: lost, status: Unknown, memoryMiB: 1, vcpus: 1 }
            - { name: c, host: 2️⃣lost, status: MigratingFrom, memoryMiB: 1, vcpus: 1 }
            - { name: d, host: leaving, status: MigratingFrom, memoryMiB: 1, vcpus: 1 }
            - { name: e, status: 3️⃣WaitForLaunch, memoryMiB: 1, vcpus: 1 }
            - { name: f, host: 4️⃣leaving, status: Suspended, memoryMiB: 1, vcpus: 1 }
            - { name: g, status: ImageLocked, memoryMiB: 1, vcpus: 1 }
          """),
      [("I011", "1️⃣"), ("I011", "2️⃣"), ("I011", "3️⃣"), ("I011", "4️⃣")])
  }

  @Test("conditionally required fields")
  func conditional() {
    expectDiagnostics(
      """
      apiVersion: shepherd/v1
      kind: ClusterSnapshot
      takenAt: 2026-11-28T10:00:00Z
      cluster:
        name: c
        compatibilityVersion: "4.7"
        migration: { parallelMigrations: 1️⃣custom }
      hosts: []
      vms:
        - { name: v, status: Down, memoryMiB: 1, vcpus: 1, cpuPinning: { policy: dedicated, pinning: 2️⃣"0#1" } }
      """,
      [("I003", "1️⃣"), ("I010", "2️⃣")])
  }

  @Test("a null optional field is the same as an absent one")
  func nulls() {
    let loaded = loadSnapshot(
      snapshotText(
        vms: "  - { name: v1, status: Down, memoryMiB: 1, vcpus: 1, host: ~, labels: null }"))
    #expect(loaded.rendered == "")
    #expect(loaded.snapshot?.vms.first?.hostName == nil)
  }

  @Test("all problems come back in one pass, and the bag's cap holds")
  func collectsAll() {
    var vms = ""
    for index in 0..<300 {
      vms += "  - { name: v\(index), host: nowhere, status: Up, memoryMiB: -1, vcpus: 0 }\n"
    }
    let loaded = loadSnapshot(snapshotText(vms: vms))
    #expect(loaded.snapshot == nil)
    #expect(loaded.diagnostics.count == DiagnosticBag.defaultLimit)
    #expect(loaded.rendered.hasSuffix("more diagnostics not shown\n"))
  }

  @Test("every I-code is registered once with a title")
  func codes() {
    let codes = InventoryDiagnostics.all.map(\.code.rawValue)
    #expect(Set(codes).count == codes.count)
    #expect(codes.allSatisfy { $0.hasPrefix("I") && $0.count == 4 })
    #expect(InventoryDiagnostics.all.allSatisfy { !$0.title.isEmpty && !$0.explanation.isEmpty })
  }
}

@Suite("SyntheticSnapshot")
struct SyntheticSnapshotTests {
  @Test(
    "generated snapshots load without diagnostics",
    arguments: [(0, 0), (1, 5), (3, 0), (50, 2_500)])
  func loadsClean(hostCount: Int, vmCount: Int) throws {
    let text = SyntheticSnapshot(hostCount: hostCount, vmCount: vmCount, seed: 42).yaml()
    let loaded = loadSnapshot(text, path: "synthetic.yaml")
    #expect(loaded.rendered == "")
    let snapshot = try #require(loaded.snapshot)
    #expect(snapshot.hosts.count == hostCount)
    #expect(snapshot.vms.count == vmCount)
    #expect(snapshot.affinityGroups.count == vmCount / 1000)
    let running = snapshot.hosts.indices.map { snapshot.runningVMCount(onHost: $0) }.reduce(0, +)
    #expect(running == snapshot.vms.filter(\.isRunning).count)
  }

  @Test("the same seed gives the same text; another seed another one")
  func deterministic() {
    let a = SyntheticSnapshot(hostCount: 10, vmCount: 100, seed: 7).yaml()
    #expect(a == SyntheticSnapshot(hostCount: 10, vmCount: 100, seed: 7).yaml())
    #expect(a != SyntheticSnapshot(hostCount: 10, vmCount: 100, seed: 8).yaml())
  }
}

@Suite("Hostile values")
struct HostileValueTests {
  @Test("huge numbers do not trap")
  func hugeNumbers() throws {
    let max = Int.max
    let loaded = loadSnapshot(
      snapshotText(
        hosts: """
            - name: h1
              status: Up
              memory: { physicalMiB: \(max), freeMiB: 0 }
              hugepages: [{ sizeKiB: \(max), total: \(max), free: \(max) }]
          """,
        vms: """
            - { name: v1, status: Down, memoryMiB: \(max), vcpus: \(max), cpuTopology: { sockets: \(max), coresPerSocket: \(max), threadsPerCore: 2 } }
          """,
        extra: "affinityGroups: []"))
    // Each is beyond its documented range (FieldRegistry.Bounds), so no formula sees it.
    #expect(loaded.codes == Array(repeating: "I005", count: 8))
    #expect(loaded.rendered.contains("must be between 0 and 4294967296 MiB"))
    var host = Host(name: "h", physicalMemoryMiB: max, freeMemoryMiB: 0)
    host.hugepages = [HugepagePool(pageSizeKiB: max, totalPages: max, freePages: max)]
    #expect(host.maxSchedulingMemoryMiB(memoryOvercommitPercent: max) == Int.max)
    #expect(host.hugepages[0].freeMiB == Int.max)
  }

  @Test("documents that are not mappings, and null sections")
  func shapes() {
    #expect(loadSnapshot("just text").codes == ["I002"])
    #expect(loadSnapshot("[1, 2]").codes == ["I002"])
    let nullHosts = loadSnapshot(
      """
      apiVersion: shepherd/v1
      kind: ClusterSnapshot
      takenAt: 2026-11-28T10:00:00Z
      cluster: { name: c, compatibilityVersion: "4.7" }
      hosts:
      vms: 3
      """)
    #expect(nullHosts.codes == ["I002", "I002"])
    #expect(loadSnapshot("key: [unclosed").snapshot == nil)
  }
}
