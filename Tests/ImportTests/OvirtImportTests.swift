import Diagnostics
import Foundation
import Import
import Inventory
import ShepherdTestSupport
import Testing

@Suite("oVirt import of the SDK-generated example")
struct OvirtExampleTests {
  let imported = importDirectory("Fixtures/ovirt/example", cluster: "prod-a")

  @Test("imports without errors; the only warning is the unit Shepherd lacks")
  func importsCleanly() throws {
    #expect(!imported.result.diagnostics.hasErrors, "\(imported.rendered)")
    #expect(imported.result.diagnostics.diagnostics.map(\.code.rawValue) == ["O008"])
    #expect(imported.rendered.contains("LabelFilter-Legacy"))
    let snapshot = try #require(imported.snapshot)
    #expect(snapshot.hosts.map(\.name) == ["host-01", "host-02", "host-03", "host-04"])
    #expect(snapshot.vms.count == 16)
    #expect(snapshot.takenAt.description == "2026-11-28T10:00:00Z")
    #expect(imported.result.engine == "oVirt Engine 4.5.6-1.el8")
    #expect(imported.result.clusterNames == ["prod-a", "lab"])
  }

  @Test("cluster settings")
  func cluster() throws {
    let cluster = try #require(imported.snapshot).cluster
    #expect(cluster.compatibilityVersion == "4.7")
    #expect(cluster.cpuType == "Intel Icelake Server Family")
    #expect(cluster.memoryOvercommitPercent == 150)
    #expect(cluster.hasHAReservation)
    #expect(cluster.spmHostName == "host-01")
    #expect(cluster.requiredNetworks == ["ovirtmgmt", "vm-net"])
    #expect(cluster.displayNetwork == "ovirtmgmt")
    #expect(cluster.storageDomains == ["data1", "data2", "iso"])
    #expect(cluster.schedulingPolicy == "prod_balanced")
    #expect(cluster.schedulingProperties["HighVmCount"] == "6")
    #expect(cluster.migrationPolicy == "post_copy")
    #expect(cluster.migrationBandwidthMode == .custom)
    #expect(cluster.migrationBandwidthMbps == 5000)
    #expect(cluster.isMigrationEncrypted)
    #expect(cluster.parallelMigrations == .custom)
    #expect(cluster.parallelConnections == 4)
    #expect(cluster.resilience == .migrateHAOnly)
  }

  @Test("host fields: topology totals, statistics, memory, NUMA, hugepages, labels")
  func hosts() throws {
    let snapshot = try #require(imported.snapshot)
    let host = try #require(snapshot.host(named: "host-03"))
    #expect(host.status == .up)
    #expect(host.cpuSockets == 2 && host.cpuCores == 48 && host.cpuThreads == 96)
    #expect(host.cpuUsagePercent == 20)
    #expect(host.physicalMemoryMiB == 786_432)
    #expect(host.freeMemoryMiB == 655_360)
    // Committed memory is derived so that Shepherd's schedulable memory is the engine's
    // max_scheduling_memory (786432 × 1.5 − committed − 256 MiB reserved by the engine).
    #expect(
      snapshot.maxSchedulingMemoryMiB(ofHost: snapshot.hostIndexByName["host-03"] ?? -1)
        == 786_432 * 3 / 2 - 131_072 - 256)
    #expect(host.swapTotalMiB == 8192 && host.swapFreeMiB == 7680)
    #expect(host.hugepages == [HugepagePool(pageSizeKiB: 2048, totalPages: 1024, freePages: 512)])
    #expect(host.numaNodes.map(\.id) == [0, 1])
    #expect(host.numaNodes.first?.cpus.count == 48)
    #expect(host.numaNodes.first?.freeMiB == 327_680)
    #expect(host.networks == ["ovirtmgmt", "vm-net", "storage-net"])
    #expect(host.labels == ["ssd", "licensed"])
    #expect(host.hostDevices == ["pci_0000_3b_00_0"])
    #expect(host.hasDevicePassthrough)
    #expect(host.hooks == ["50_vhostmd"])
    #expect(host.osVersion == "RHEL-8.9")
    #expect(host.isPowerManagementEnabled && host.isPowerControlledByPolicy)
    let first = try #require(snapshot.host(named: "host-01"))
    #expect(first.isHostedEngineConfigured && first.hostedEngineScore == 3400)
    let maintenance = try #require(snapshot.host(named: "host-04"))
    #expect(maintenance.status == .maintenance)
    #expect(maintenance.cpuUsagePercent == nil)
    #expect(maintenance.freeMemoryMiB == maintenance.physicalMemoryMiB)
  }

  @Test("VM fields: placement, HA, properties, networks, storage, pinning")
  func vms() throws {
    let snapshot = try #require(imported.snapshot)
    let engine = try #require(snapshot.vm(named: "HostedEngine"))
    #expect(engine.isHostedEngine && engine.hostName == "host-01")
    let db = try #require(snapshot.vm(named: "db-01"))
    #expect(db.isHighlyAvailable && db.priority == .high)
    #expect(db.memoryMiB == 65_536 && db.vcpus == 16)
    #expect(db.cpuSockets == 2 && db.cpuCoresPerSocket == 8 && db.cpuThreadsPerCore == 1)
    #expect(db.storageDomains == ["data1", "data2"])
    #expect(db.leaseStorageDomain == "data1")
    #expect(db.labels == ["database"])
    #expect(snapshot.vm(named: "db-03")?.priority == .medium)
    #expect(snapshot.vm(named: "db-03")?.guaranteedMemoryMiB == 32_768)
    let web = try #require(snapshot.vm(named: "web-03"))
    #expect(web.preferredHostNames == ["host-02", "host-03"])
    #expect(web.migrationMode == .migratable)
    #expect(web.networks == ["vm-net"])
    let license = try #require(snapshot.vm(named: "lic-01"))
    #expect(license.migrationMode == .pinned)
    #expect(license.pinnedHostNames == ["host-03"])
    #expect(license.cpuPinningPolicy == .manual && license.cpuPinning == "0#0_1#1")
    #expect(license.hostDevices == ["pci_0000_3b_00_0"])
    #expect(snapshot.vm(named: "build-01")?.migrationMode == .manual)
    #expect(snapshot.vm(named: "build-01")?.ioThreads == 2)
    #expect(snapshot.vm(named: "build-02")?.hugepageSizeKiB == 2048)
    #expect(snapshot.vm(named: "cache-01")?.customProperties["viodiskcache"] == "writeback")
    #expect(snapshot.vm(named: "mon-01")?.customCompatibilityVersion == "4.7")
    #expect(snapshot.vm(named: "mon-01")?.customEmulatedMachine == "pc-q35-rhel8.6.0")
    #expect(snapshot.vm(named: "mail-01")?.status == .paused)
    #expect(snapshot.vm(named: "test-01")?.status == .down)
    #expect(snapshot.vm(named: "test-01")?.hostName == nil)
    #expect(snapshot.vm(named: "old-01")?.status == .suspended)
    #expect(snapshot.vm(named: "web-01")?.cpuUsagePercent == 22)
  }

  @Test("affinity groups with label members and both rules")
  func groups() throws {
    let groups = try #require(imported.snapshot).affinityGroups
    #expect(groups.map(\.name) == ["db-spread", "web-ssd"])
    #expect(groups[0].vmLabels == ["database"])
    #expect(groups[0].vmRule == AffinityGroup.Rule(polarity: .negative, isEnforcing: true))
    #expect(groups[0].hostRule == .disabled)
    #expect(groups[0].priority == 5)
    #expect(groups[1].vmNames == ["web-01", "web-02", "web-03", "web-04"])
    #expect(groups[1].hostLabels == ["ssd"])
    #expect(groups[1].hostRule == AffinityGroup.Rule(polarity: .positive, isEnforcing: false))
  }

  @Test("the custom scheduling policy is exported without mandatory or unknown units")
  func policy() throws {
    let policy = try #require(imported.result.policies.first)
    #expect(policy.name == "prod_balanced" && policy.fileName == "prod_balanced.yaml")
    #expect(policy.yaml.contains("filters:\n  - CPU\n  - Memory\n"))
    #expect(policy.yaml.contains("  - Migration\n  - DiskCache\n"))
    #expect(!policy.yaml.contains("PinToHost"))
    #expect(!policy.yaml.contains("LabelFilter"))
    #expect(policy.yaml.contains("balancer: OptimalForEvenGuestDistribution\n"))
    #expect(policy.yaml.contains("  - { unit: PreferredHosts, factor: 99 }\n"))
    #expect(policy.yaml.contains("properties:\n  HighVmCount: 10\n"))
  }

  @Test("every assumption is in the snapshot's x-assumed, once per field")
  func assumptions() throws {
    let snapshot = try #require(imported.snapshot)
    #expect(snapshot.assumptions == imported.result.assumptions)
    let fields = snapshot.assumptions.map(\.field)
    #expect(Set(fields).count == fields.count)
    #expect(fields.contains("hosts[].cpu.overThresholdSince"))
    #expect(fields.contains("cluster.migration.maxConcurrentMigrations"))
    let overThreshold = snapshot.assumptions.first { $0.field == "hosts[].cpu.overThresholdSince" }
    #expect(overThreshold?.count == 4)
    for field in fields where field.contains(".") {
      #expect(FieldRegistry.descriptor(atPath: field) != nil, "\(field) is not a registry path")
    }
  }

  @Test("the written snapshot loads back without diagnostics")
  func writtenSnapshotLoads() throws {
    let snapshot = try #require(imported.snapshot)
    for text in [SnapshotWriter.yaml(snapshot), SnapshotWriter.json(snapshot)] {
      var sources = SourceMap()
      let result = SnapshotLoader().load(sources.add(path: "imported", text: text))
      #expect(DiagnosticRenderer(sources: sources).render(result.diagnostics) == "")
      #expect(result.snapshot?.assumptions == snapshot.assumptions)
    }
  }

  @Test(
    "without --cluster every cluster is imported into one data center; shared findings once")
  func everyCluster() throws {
    let all = importDirectory("Fixtures/ovirt/example")
    let dataCenter = try #require(all.result.dataCenter, "\(all.rendered)")
    #expect(dataCenter.isDataCenter)
    #expect(dataCenter.clusterNames == ["prod-a", "lab"])
    for snapshot in dataCenter.clusters {
      let alone = try #require(
        importDirectory("Fixtures/ovirt/example", cluster: snapshot.cluster.name).snapshot)
      #expect(snapshot.cluster == alone.cluster)
      #expect(snapshot.hosts == alone.hosts)
      #expect(snapshot.vms == alone.vms)
      #expect(snapshot.affinityGroups == alone.affinityGroups)
    }
    // The warning about the custom policy comes from a shared document: reported once.
    #expect(all.rendered.components(separatedBy: "warning[O008]").count == 2, "\(all.rendered)")
    #expect(all.result.policies.map(\.name) == ["prod_balanced"])
    // Assumptions of both clusters, counts added up: 4 hosts of prod-a and 1 of lab.
    let flags = try #require(all.result.assumptions.first { $0.field == "hosts[].cpu.flags" })
    #expect(flags.count == 5)
    // The data center is written in the `clusters:` form and loads back to the same text.
    let yaml = SnapshotWriter.yaml(dataCenter)
    #expect(yaml.contains("\nclusters:\n  - cluster:\n"))
    for text in [yaml, SnapshotWriter.json(dataCenter)] {
      var sources = SourceMap()
      var bag = DiagnosticBag()
      let loaded = SnapshotLoader().loadDataCenter(
        sources.add(path: "imported", text: text), diagnostics: &bag)
      #expect(DiagnosticRenderer(sources: sources).render(bag) == "")
      #expect(loaded.map { SnapshotWriter.yaml($0) } == yaml)
    }
  }

  @Test("the other cluster is imported with --cluster, and selection errors are clear")
  func clusterSelection() throws {
    let lab = importDirectory("Fixtures/ovirt/example", cluster: "lab")
    let snapshot = try #require(lab.snapshot, "\(lab.rendered)")
    #expect(snapshot.hosts.map(\.name) == ["lab-01"])
    #expect(snapshot.vms.map(\.name) == ["lab-vm-01", "lab-vm-02"])
    #expect(snapshot.cluster.schedulingPolicy == "evenly_distributed")
    #expect(snapshot.cluster.countsThreadsAsCores)
    #expect(lab.result.policies.isEmpty)
    #expect(snapshot.affinityGroups.isEmpty)

    let unknown = importDirectory("Fixtures/ovirt/example", cluster: "prod-b")
    #expect(unknown.rendered.contains("no cluster named 'prod-b'"))
    #expect(unknown.rendered.contains("did you mean 'prod-a'?"))
  }
}

@Suite("oVirt import: bad input")
struct OvirtInvalidInputTests {
  static let cases = ["Fixtures/invalid/ovirt"].flatMap { root in
    ((try? FileManager.default.contentsOfDirectory(atPath: Golden.path(root))) ?? [])
      .filter { !$0.hasSuffix(".diag") }.sorted().map { root + "/" + $0 }
  }

  @Test("each bad directory renders its golden diagnostics and gives no snapshot", arguments: cases)
  func matchesGolden(directory: String) {
    let imported = importDirectory(directory)
    #expect(imported.snapshot == nil)
    #expect(imported.result.diagnostics.hasErrors)
    if let failure = Golden.mismatch(imported.rendered, goldenAt: directory + ".diag") {
      Issue.record(Comment(rawValue: failure))
    }
  }
}
