import Diagnostics
import Foundation
import Inventory
import Policy
import PolicyExpression
import Testing

/// The built-in expression units added with the scheduling pipeline, evaluated on small snapshots.
@Suite("built-in expression units: DiskCache, ClusterInMaintenance, InClusterUpgrade, power saving")
struct ExpressionUnitTests {
  static let snapshot = """
    cluster: { name: c, compatibilityVersion: "4.7", spmHost: h2 }
    hosts:
      - name: h0
        status: Up
        cpu: { sockets: 1, cores: 4, threads: 4, usagePercent: 50 }
        memory: { physicalMiB: 16384, freeMiB: 16384 }
        software: { os: RHEL-8.9 }
      - name: h1
        status: Up
        cpu: { sockets: 1, cores: 4, threads: 4, usagePercent: 10 }
        memory: { physicalMiB: 16384, freeMiB: 16384 }
        software: { os: RHEL-9.2 }
      - name: h2
        status: Up
        cpu: { sockets: 1, cores: 4, threads: 4, usagePercent: 95 }
        memory: { physicalMiB: 16384, freeMiB: 16384 }
        software: { os: RHEL-8.6 }
      - name: h3
        status: Up
        memory: { physicalMiB: 16384, freeMiB: 16384 }
        software: { os: Debian-12 }
    vms:
      - { name: cached, status: Up, host: h0, memoryMiB: 1024, vcpus: 1, customProperties: { viodiskcache: writeback } }
      - { name: safe, status: Up, host: h0, memoryMiB: 1024, vcpus: 1, customProperties: { cache: none } }
      - { name: new, status: Down, memoryMiB: 1024, vcpus: 1, customProperties: { cache: writethrough } }
      - { name: ha, status: Down, memoryMiB: 1024, vcpus: 1, highlyAvailable: true }

    """

  struct Compiled {
    var pipeline: SchedulingPipeline
    var tables: ClusterTables

    func filter(_ name: String) throws -> CompiledFilter {
      for case .expression(let filter) in pipeline.filters where filter.unitName == name {
        return filter
      }
      throw Missing(name: name)
    }

    func weight(_ name: String) throws -> CompiledWeight {
      for case .expression(let weight) in pipeline.weights where weight.unitName == name {
        return weight
      }
      throw Missing(name: name)
    }

    func passes(_ filter: CompiledFilter, _ host: String, _ vm: String) throws -> Bool {
      let snapshot = tables.snapshot
      return filter.evaluate(
        host: try #require(snapshot.hostIndexByName[host]),
        vm: try #require(snapshot.vmIndexByName[vm]), in: tables)
    }

    func scores(_ weight: CompiledWeight, _ vm: String) throws -> [Double?] {
      let index = try #require(tables.snapshot.vmIndexByName[vm])
      return tables.snapshot.hosts.indices.map { weight.evaluate(host: $0, vm: index, in: tables) }
    }
  }

  struct Missing: Error { var name: String }

  func compile(_ policy: String, _ text: String = snapshot) throws -> Compiled {
    let tables = try NativeFixture.tables(text)
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let library = PolicyLibrary.load(sources: &sources, diagnostics: &bag)
    let pipeline = try #require(
      PolicyCompiler(library: library).compileSchedulingPolicy(named: policy, diagnostics: &bag),
      "\(DiagnosticRenderer(sources: sources).render(bag))")
    return Compiled(pipeline: pipeline, tables: tables)
  }

  @Test("the policies of Docs/ovirt.md §1.3 exist, and DiskCache follows Migration in each")
  func policies() throws {
    for name in [
      "none", "evenly_distributed", "power_saving", "vm_evenly_distributed",
      "cluster_maintenance", "in_cluster_upgrade",
    ] {
      let compiled = try compile(name)
      let names = compiled.pipeline.filters.map(\.unitName)
      let migration = try #require(names.firstIndex(of: "Migration"), "\(name)")
      #expect(names[migration + 1] == "DiskCache", "\(name)")
      #expect(compiled.pipeline.unimplementedNativeUnits.isEmpty, "\(name)")
    }
    // The policy's own filters follow the mandatory ones.
    let maintenance = try compile("cluster_maintenance").pipeline
    #expect(
      maintenance.filters.map(\.unitName)[maintenance.mandatoryFilterCount]
        == "ClusterInMaintenance")
  }

  @Test("DiskCache keeps a running VM with a cache other than none from live migration")
  func diskCache() throws {
    let compiled = try compile("none")
    let unit = try compiled.filter("DiskCache")
    #expect(try compiled.passes(unit, "h0", "cached"))
    #expect(!(try compiled.passes(unit, "h1", "cached")))
    #expect(try compiled.passes(unit, "h1", "safe"))
    #expect(try compiled.passes(unit, "h1", "new"))  // starts are not migrations
    let context = EvaluationContext(tables: compiled.tables, hostIndex: 1, vmIndex: 0)
    #expect(
      unit.reason(context)
        == "the VM's disk cache writeback is unsafe for live migration (only none migrates)")
  }

  @Test("ClusterInMaintenance lets only HA VMs start; running VMs migrate")
  func clusterInMaintenance() throws {
    let compiled = try compile("cluster_maintenance")
    let unit = try compiled.filter("ClusterInMaintenance")
    #expect(!(try compiled.passes(unit, "h1", "new")))
    #expect(try compiled.passes(unit, "h1", "ha"))
    #expect(try compiled.passes(unit, "h1", "safe"))
  }

  @Test("InClusterUpgrade: same family, same or newer major; older minor of the same major is fine")
  func inClusterUpgradeFilter() throws {
    let compiled = try compile("in_cluster_upgrade")
    let unit = try compiled.filter("InClusterUpgrade")
    #expect(try compiled.passes(unit, "h1", "safe"))  // 8.9 → 9.2
    #expect(try compiled.passes(unit, "h2", "safe"))  // 8.9 → 8.6
    #expect(!(try compiled.passes(unit, "h3", "safe")))  // another family
    #expect(try compiled.passes(unit, "h3", "new"))  // starts pass
    let older = try compile(
      "in_cluster_upgrade", Self.snapshot.replacingOccurrences(of: "RHEL-9.2", with: "RHEL-7.9"))
    #expect(!(try older.passes(try older.filter("InClusterUpgrade"), "h1", "safe")))
  }

  @Test("InClusterUpgrade weight: newer major best, same major 100000, others 1000000")
  func inClusterUpgradeWeight() throws {
    let compiled = try compile("in_cluster_upgrade")
    let unit = try compiled.weight("InClusterUpgrade")
    #expect(try compiled.scores(unit, "safe") == [100_000, 0, 100_000, 1_000_000])
    #expect(try compiled.scores(unit, "new") == [0, 0, 0, 0])  // two families: all 0
    let single = try compile(
      "in_cluster_upgrade", Self.snapshot.replacingOccurrences(of: "Debian-12", with: "RHEL 9"))
    #expect(
      try single.scores(try single.weight("InClusterUpgrade"), "new") == [
        1_000_000, 0, 1_000_000, 0,
      ])
  }

  @Test("OptimalForCpuPowerSaving prefers the most loaded host under HighUtilization")
  func cpuPowerSaving() throws {
    let compiled = try compile("power_saving")
    let unit = try compiled.weight("OptimalForCpuPowerSaving")
    let scores = try compiled.scores(unit, "new").map { $0 ?? 0 }
    #expect(scores[0] < scores[1])  // 50 % beats 10 %
    #expect(scores[2] == 1000)  // 95 % + SPM > HighUtilization 80
    #expect(scores[3] == 1000)  // no statistics
  }
}
