import Diagnostics
import Foundation
import Inventory
import Policy
import PolicyExpression
import Testing

/// A snapshot (body after the header) with the built-in library's units compiled in a policy.
struct FidelityFixture {
  let tables: ClusterTables
  let pipeline: SchedulingPipeline

  init(_ body: String, policy: String = "vm_evenly_distributed") throws {
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let library = PolicyLibrary.load(sources: &sources, diagnostics: &bag)
    let text = """
      apiVersion: shepherd/v1
      kind: ClusterSnapshot
      takenAt: 2026-11-28T10:00:00Z

      """ + body
    let file = sources.add(path: "fidelity.yaml", text: text)
    let snapshot = try #require(
      SnapshotLoader().load(file, diagnostics: &bag),
      "\(DiagnosticRenderer(sources: sources).render(bag))")
    pipeline = try #require(
      PolicyCompiler(library: library).compileSchedulingPolicy(named: policy, diagnostics: &bag),
      "\(DiagnosticRenderer(sources: sources).render(bag))")
    tables = ClusterTables(snapshot: snapshot)
  }

  /// Compiles scheduling policy `name` of a library of the built-ins plus `text` (policy
  /// documents); the pipeline is nil when it does not compile (the reasons are in the bag).
  static func compile(_ text: String, policy name: String) -> (
    pipeline: SchedulingPipeline?, library: PolicyLibrary, diagnostics: DiagnosticBag
  ) {
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let file = sources.add(path: "\(name).yaml", text: text)
    let library = PolicyLibrary.load(userFiles: [file], sources: &sources, diagnostics: &bag)
    let pipeline = PolicyCompiler(library: library).compileSchedulingPolicy(
      named: name, diagnostics: &bag)
    return (pipeline, library, bag)
  }

  func index(host: String) throws -> Int { try #require(tables.snapshot.hostIndexByName[host]) }
  func index(vm: String) throws -> Int { try #require(tables.snapshot.vmIndexByName[vm]) }

  func filter(_ name: String) throws -> CompiledFilter {
    for case .expression(let filter) in pipeline.filters where filter.unitName == name {
      return filter
    }
    Issue.record("no expression filter \(name)")
    throw FixtureError.missing
  }

  /// Whether the expression filter passes (host, VM).
  func passes(_ name: String, _ host: String, _ vm: String) throws -> Bool {
    try filter(name).evaluate(host: index(host: host), vm: index(vm: vm), in: tables)
  }

  /// The rendered reason of the expression filter for (host, VM).
  func reason(_ name: String, _ host: String, _ vm: String) throws -> String {
    try filter(name).reason(
      EvaluationContext(tables: tables, hostIndex: index(host: host), vmIndex: index(vm: vm)))
  }

  /// A field's value for (host, VM), through the compiled expression machinery.
  func value(_ expression: String, _ host: String, _ vm: String) throws -> ExpressionValue {
    let environment = PolicyFieldCatalog.standard.environment(
      scope: .hostAndVM, includesBalance: false, properties: [])
    let source = ExpressionSource(
      text: expression, file: SourceFileID(rawValue: 0), baseOffset: 0)
    let (checked, diagnostics) = ExpressionChecker(environment: environment).check(
      source, expecting: .any)
    let valid = try #require(checked, "\(diagnostics.map(\.message))")
    let (compiled, _) = ExpressionCompiler<EvaluationContext>(
      binder: PolicyFieldCatalog.standard.accessor(for:)
    ).compile(valid)
    return try #require(compiled).evaluate(
      EvaluationContext(tables: tables, hostIndex: index(host: host), vmIndex: index(vm: vm)))
  }

  enum FixtureError: Error { case missing }
}

@Suite("oVirt fidelity: memory overheads (Docs/ovirt.md §2.3.6, §2.3.13)")
struct MemoryOverheadFidelityTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - { name: h, status: Up, memory: { physicalMiB: 4096, freeMiB: 4096, committedMiB: 1500 } }
    vms:
      - { name: formula, status: Down, memoryMiB: 2048, vcpus: 4 }
      - { name: engine, status: Down, memoryMiB: 2048, vcpus: 4, memoryOverheadMiB: 600 }

    """

  /// oVirt: requiredMemory = RAM + full overhead, where the engine's VM overhead comes from
  /// osinfo. Without it: full = (64 + RAM/512) + 8 × vCPUs + 8 × IO threads
  /// = 64 + 4 + 32 = 100, so 2148 MiB. With memoryOverheadMiB 600: 2048 + 600 = 2648 MiB.
  /// The static overhead (physical check) is min(64 + RAM/512, 600) = 68.
  @Test("memoryOverheadMiB replaces the full-overhead formula for every reader")
  func overhead() throws {
    let fixture = try FidelityFixture(Self.snapshot)
    #expect(try fixture.value("vm.requiredMemoryMiB", "h", "formula") == .int(2148))
    #expect(try fixture.value("vm.requiredMemoryMiB", "h", "engine") == .int(2648))
    #expect(try fixture.value("vm.memoryOverheadMiB", "h", "formula") == .int(100))
    #expect(try fixture.value("vm.staticOverheadMiB", "h", "engine") == .int(68))
    // maxSchedulingMemory = 100% × 4096 − 1500 = 2596: fits 2148, not 2648.
    #expect(try fixture.passes("Memory", "h", "formula"))
    #expect(!(try fixture.passes("Memory", "h", "engine")))
    // The pending entry (what later placements in a plan see) uses the same value.
    let vm = try fixture.index(vm: "engine")
    let entry = SchedulingFormulas.pendingEntry(
      for: fixture.tables.snapshot.vms[vm], onHost: 0, architecture: .x86_64)
    #expect(entry.memoryMiB == 2648)
    #expect(entry.staticOverheadMiB == 68)
    // A given overhead below the static formula caps the static part too.
    var small = fixture.tables.snapshot.vms[vm]
    small.memoryOverheadMiB = 10
    #expect(SchedulingFormulas.staticOverheadMiB(of: small, architecture: .x86_64) == 10)
    #expect(SchedulingFormulas.requiredMemoryMiB(of: small, architecture: .x86_64) == 2058)
  }

  /// oVirt (HostedEngineMemoryReservationFilterPolicyUnit), with g = host guest overhead:
  ///   need = Σ (VM RAM + g) over VMs not on the host; he = HE VM RAM;
  ///   spare and candidate ⇔ maxSchedulingMemory > need + g + he;
  ///   spare only          ⇔ maxSchedulingMemory > he + g.
  @Test("the hosted-engine spares rule adds the host's guest overhead (default 65)")
  func guestOverhead() throws {
    // The spares fixture with he1 at 7900 MiB committed (he0 runs the engine, he2 is in local
    // maintenance, `plain` is not an HE host: he1 is the only possible spare).
    let body = HostedEngineSparesFilterTests.snapshot.replacingOccurrences(
      of: "committedMiB: 9000", with: "committedMiB: 7900")
    let unit = try NativeFixture.evaluator("HostedEngineSpares", .filter)
    let one = NativeFixture.properties([("HeSparesCount", .int(1))])
    // he1: 16384 − 7900 = 8484 MiB. g = 65: need + g + he = 4161 + 65 + 4096 = 8322 < 8484,
    // so he1 is a spare and a candidate and takes web.
    let defaults = try NativeFixture.tables(body)
    #expect(try NativeFixture.passes(unit, "he1", "web", defaults, one))
    #expect(defaults.snapshot.hosts[1].guestOverheadMiB == 65)
    // g = 200: need + g + he = 4296 + 200 + 4096 = 8592 > 8484, but he + g = 4296 < 8484:
    // spare only, and the one spare must be kept.
    let large = try NativeFixture.tables(
      body.replacingOccurrences(
        of: "committedMiB: 7900 }", with: "committedMiB: 7900 }\n    guestOverheadMiB: 200"))
    #expect(large.snapshot.hosts[1].guestOverheadMiB == 200)
    #expect(!(try NativeFixture.passes(unit, "he1", "web", large, one)))
  }
}

@Suite("oVirt fidelity: dynamic hugepages in the Memory filter (Docs/ovirt.md §2.3.6)")
struct DynamicHugepageFidelityTests {
  /// 2 MiB pages; the VM needs 4096 MiB = 2048 pages. Host `few` has 1024 free pages, so
  /// dynHugeMB = (2048 − 1024) × 2048 KiB / 1024 = 2048 MiB; host `many` has 4096 free pages,
  /// so dynHugeMB = 0.
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - name: few
        status: Up
        memory: { physicalMiB: 16384, freeMiB: 2100 }
        swap: { totalMiB: 8192, freeMiB: 8192 }
        hugepages: [{ sizeKiB: 2048, total: 1024, free: 1024 }]
      - name: many
        status: Up
        memory: { physicalMiB: 16384, freeMiB: 200 }
        hugepages: [{ sizeKiB: 2048, total: 4096, free: 4096 }]
    vms:
      - { name: huge, status: Down, memoryMiB: 4096, vcpus: 2, hugepageSizeKiB: 2048 }

    """

  /// oVirt's physical check:
  ///   limit = memFree − pendingPhysical − dynHugeMB   (the host fails when limit < 0)
  ///   limit = limit + swapFree
  ///   pass ⇔ (RAM not backed by hugepages + static overhead) ≤ limit
  /// and the over-commit check:
  ///   pass ⇔ (RAM not backed by hugepages + full overhead) + dynHugeMB ≤ maxSchedulingMemory.
  @Test("swap cannot cover dynamic hugepage memory; static pages count as already there")
  func dynamicHugepages() throws {
    let fixture = try FidelityFixture(Self.snapshot)
    #expect(try fixture.value("host.vmDynamicHugepageMiB", "few", "huge") == .int(2048))
    #expect(try fixture.value("host.vmDynamicHugepageMiB", "many", "huge") == .int(0))
    #expect(try fixture.value("vm.hugepageMemoryMiB", "few", "huge") == .int(4096))
    // few: 2100 − 0 − 2048 = 52 ≥ 0; + 8192 swap = 8244 ≥ static overhead 72: the physical
    // check passes, and the over-commit check 104 + 2048 ≤ 16384 too.
    #expect(try fixture.passes("Memory", "few", "huge"))
    // many: 200 − 0 − 0 = 200 ≥ 72: only the overheads come from ordinary memory.
    #expect(try fixture.passes("Memory", "many", "huge"))
    // With 2000 MiB free, few's limit is 2000 − 2048 < 0: fails whatever the free swap.
    let short = try FidelityFixture(
      Self.snapshot.replacingOccurrences(of: "freeMiB: 2100", with: "freeMiB: 2000"))
    #expect(!(try short.passes("Memory", "few", "huge")))
  }
}

@Suite("oVirt fidelity: VM lease readiness (Docs/ovirt.md §2.2.7)")
struct LeaseReadinessFidelityTests {
  /// oVirt (VmLeasesReadyFilterPolicyUnit): a VM with a lease domain passes a host only when
  /// the host's storage domain report lists that domain with the lease acquired.
  @Test("a reachable domain without the host's lease acquired is not ready, and says so")
  func readiness() throws {
    let fixture = try FidelityFixture(
      """
      cluster: { name: c, compatibilityVersion: "4.7" }
      hosts:
        - { name: ready, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192 }, storageDomains: [d1] }
        - name: acquiring
          status: Up
          memory: { physicalMiB: 8192, freeMiB: 8192 }
          storageDomains: [d1, d2]
          leaseReadyStorageDomains: [d2]
        - { name: far, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192 }, storageDomains: [d2] }
      vms:
        - { name: leased, status: Down, memoryMiB: 1024, vcpus: 1, leaseStorageDomain: d1 }

      """)
    #expect(try fixture.passes("VmLeasesReady", "ready", "leased"))  // unset: reachable = ready
    #expect(!(try fixture.passes("VmLeasesReady", "acquiring", "leased")))
    #expect(
      try fixture.reason("VmLeasesReady", "acquiring", "leased")
        == "the host has not acquired its lease on the VM lease's storage domain d1")
    #expect(
      try fixture.reason("VmLeasesReady", "far", "leased")
        == "the host does not reach the VM lease's storage domain d1")
  }
}

@Suite("oVirt fidelity: policy-level properties no unit declares (Docs/ovirt.md §2.1)")
struct UndeclaredPolicyPropertyTests {
  /// oVirt's policy builder accepts any key in a cluster policy's parameter map; the engine
  /// keeps per cluster only the keys the policy's units declare. So a policy-level key that no
  /// unit declares compiles with a warning (C003); the policy still runs.
  @Test("a policy-level key no unit declares is a warning, and the policy compiles")
  func warning() throws {
    let policy = """
      kind: SchedulingPolicy
      name: exported
      filters: [CPUOverloaded]
      properties:
        HighUtilization: 80
        SpmVmGrace: 5

      """
    let (pipeline, _, bag) = FidelityFixture.compile(policy, policy: "exported")
    #expect(pipeline != nil)
    let unused = bag.diagnostics.filter {
      $0.code == DiagnosticDescriptor.compileUnusedProperty.code
    }
    #expect(unused.map(\.severity) == [.warning])
    #expect(!bag.diagnostics.contains { $0.severity == .error })
  }
}

@Suite("oVirt fidelity: the Memory filter's sub-checks (Docs/ovirt.md §2.3.6)")
struct MemorySubCheckFidelityTests {
  /// VM `v`: 2048 MiB, 2 vCPUs: static overhead 64 + 2048/512 = 68, full 68 + 16 = 84, so the
  /// physical need is 2116 MiB and the over-commit need 2132 MiB.
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7" }
    hosts:
      - { name: fits, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192 } }
      - { name: nofree, status: Up, memory: { physicalMiB: 8192, freeMiB: 1000 } }
      - { name: committed, status: Up, memory: { physicalMiB: 8192, freeMiB: 8192, committedMiB: 7000 } }
      - name: hugeshort
        status: Up
        memory: { physicalMiB: 8192, freeMiB: 100 }
        hugepages: [{ sizeKiB: 2048, total: 0, free: 0 }]
    vms:
      - { name: v, status: Down, memoryMiB: 2048, vcpus: 2 }
      - { name: huge, status: Down, memoryMiB: 2048, vcpus: 2, hugepageSizeKiB: 2048 }

    """

  /// oVirt's three conditions, each a check with its own reason:
  ///   pending:     memFree − pendingPhysical − dynHugeMB ≥ 0
  ///   physical:    RAM not in hugepages + static overhead ≤ memFree − pendingPhysical
  ///                − dynHugeMB + swapFree
  ///   over-commit: RAM not in hugepages + full overhead + dynHugeMB ≤ maxSchedulingMemory
  @Test("each failing sub-check is named with its own numbers")
  func subChecks() throws {
    let fixture = try FidelityFixture(Self.snapshot)
    #expect(try fixture.passes("Memory", "fits", "v"))
    // nofree: 1000 + 0 swap < 2116: physical fails; maxSchedulingMemory 8192 ≥ 2132.
    #expect(!(try fixture.passes("Memory", "nofree", "v")))
    #expect(
      try fixture.reason("Memory", "nofree", "v")
        == "physical: free memory and swap after pending placements (1000 MiB) are less than "
        + "the VM's memory and static overhead (2116 MiB)")
    // committed: 8192 − 7000 = 1192 < 2132: over-commit fails; 8192 free ≥ 2116.
    #expect(
      try fixture.reason("Memory", "committed", "v")
        == "over-commit: its available memory is too low (1192 MiB) to run the VM (2132 MiB)")
    // hugeshort: all 1024 pages dynamic, dynHugeMB = 2048 > 100 free: pending fails, and so
    // does physical (100 − 2048 + 0 < 68); over-commit: 84 + 2048 ≤ 8192 passes.
    #expect(
      try fixture.reason("Memory", "hugeshort", "huge")
        == "pending: free memory after pending placements (100 MiB) is less than the VM's "
        + "dynamic hugepage memory (2048 MiB); physical: free memory and swap after pending "
        + "placements (-1948 MiB) are less than the VM's memory and static overhead (68 MiB)")
  }

  /// oVirt exempts paused VMs; Shepherd only ever schedules one to move, and a migration needs
  /// its memory on the destination, so the filter checks it (a deliberate deviation). Its own
  /// host still passes.
  @Test("a paused VM is checked like a running one, and passes on its own host")
  func pausedVM() throws {
    let fixture = try FidelityFixture(
      Self.snapshot.replacingOccurrences(
        of: "vms:\n",
        with: "vms:\n  - { name: p, host: nofree, status: Paused, memoryMiB: 2048, vcpus: 2 }\n"
      ))
    #expect(try fixture.passes("Memory", "fits", "p"))
    #expect(try fixture.passes("Memory", "nofree", "p"))
    #expect(!(try fixture.passes("Memory", "committed", "p")))
    #expect(
      try fixture.reason("Memory", "committed", "p")
        == "over-commit: its available memory is too low (1192 MiB) to run the VM (2132 MiB)")
  }
}

@Suite("a filter's fields are those of its when and of every check")
struct FilterFieldTests {
  /// The cached verdict rows are keyed by the `vm.*` fields a filter reads. The compiler kept
  /// only the last check's fields, so the Memory filter's key missed `vm.status` (its `when`,
  /// then) and `vm.staticRequiredMemoryMiB` (the physical check): a paused VM reused the
  /// verdicts of a running VM of the same size and was kept off a host the filter lets it on.
  @Test("the Memory filter's key has the VM fields of all three checks")
  func memoryFilterFields() throws {
    let fixture = try FidelityFixture(MemorySubCheckFidelityTests.snapshot)
    let memory = try fixture.filter("Memory")
    let catalog = PolicyFieldCatalog.standard
    let paths = Set(memory.vmFields.map { catalog.fields[$0.rawValue].path })
    #expect(
      paths.isSuperset(of: [
        "vm.staticRequiredMemoryMiB", "vm.requiredMemoryMiB", "vm.hugepageMemoryMiB",
      ]), "\(paths.sorted())")
    #expect(memory.readsPlacementDependentFields)
  }

  /// The same for a filter whose `when` reads a VM field its checks do not.
  @Test("a filter's key has the VM fields of its when and of every check")
  func whenFields() throws {
    let units = """
      kind: Filter
      name: PausedFits
      when: vm.status == 'Paused'
      checks:
        - { name: cores, when: "vm.vcpus <= host.effectiveCores" }
        - { name: memory, when: "vm.memoryMiB <= host.memory.freeMiB" }
      ---
      kind: SchedulingPolicy
      name: paused
      filters: [PausedFits]

      """
    let compiled = FidelityFixture.compile(units, policy: "paused")
    let pipeline = try #require(compiled.pipeline, "\(compiled.diagnostics.diagnostics)")
    let filter = try #require(
      pipeline.filters.lazy.compactMap { filter -> CompiledFilter? in
        guard case .expression(let compiled) = filter, compiled.unitName == "PausedFits" else {
          return nil
        }
        return compiled
      }.first)
    let catalog = PolicyFieldCatalog.standard
    let paths = Set(filter.vmFields.map { catalog.fields[$0.rawValue].path })
    #expect(paths.isSuperset(of: ["vm.status", "vm.vcpus", "vm.memoryMiB"]), "\(paths.sorted())")
  }
}
