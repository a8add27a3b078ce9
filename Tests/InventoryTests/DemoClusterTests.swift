import Diagnostics
import Inventory
import ShepherdTestSupport
import Testing

@Suite("Loading Fixtures/clusters/demo.yaml")
struct DemoClusterTests {
  let snapshot: ClusterSnapshot

  init() throws {
    let loaded = try #require(loadFixture("Fixtures/clusters/demo.yaml"))
    snapshot = try #require(loaded.snapshot)
  }

  func host(_ name: String) throws -> Host { try #require(snapshot.host(named: name)) }
  func vm(_ name: String) throws -> VirtualMachine { try #require(snapshot.vm(named: name)) }

  @Test("document and cluster settings")
  func cluster() throws {
    #expect(snapshot.takenAt == Timestamp(epochSeconds: 1_795_860_000))
    let cluster = snapshot.cluster
    #expect(cluster.name == "prod-a")
    #expect(cluster.cpuArchitecture == .x86_64)
    #expect(cluster.cpuType == "Intel Icelake Server Family")
    #expect(cluster.cpuFlags == ["vmx", "avx512f"])
    #expect(cluster.compatibilityVersion == "4.7")
    #expect(cluster.memoryOvercommitPercent == 150)
    #expect(cluster.countsThreadsAsCores == false)
    #expect(cluster.spmHostName == "host-01")
    #expect(cluster.spmHostIndex == 0)
    #expect(snapshot.isSPM(hostIndex: 0))
    #expect(cluster.requiredNetworks == ["ovirtmgmt", "vm-net"])
    #expect(cluster.displayNetwork == "ovirtmgmt")
    #expect(cluster.hasHAReservation)
    #expect(cluster.schedulingPolicy == "vm_evenly_distributed")
    #expect(cluster.schedulingProperties["HighVmCount"] == "12")
    #expect(
      cluster.schedulingProperties.entries.map(\.key) == [
        "HighVmCount", "MigrationThreshold", "SpmVmGrace",
      ])
    #expect(cluster.migrationPolicy == "minimal_downtime")
    #expect(cluster.migrationBandwidthMode == .custom)
    #expect(cluster.migrationBandwidthMbps == 10_000)
    #expect(cluster.maxConcurrentMigrations == 2)
    #expect(cluster.isMigrationEncrypted == false)
    #expect(cluster.parallelMigrations == .disabled)
    #expect(cluster.parallelConnections == nil)
    #expect(cluster.resilience == .migrate)
  }

  @Test("hosts keep file order, names map to indices")
  func hostOrder() {
    #expect(
      snapshot.hosts.map(\.name) == [
        "host-01", "host-02", "host-03", "host-04", "host-05", "host-06",
      ])
    for (index, host) in snapshot.hosts.enumerated() {
      #expect(snapshot.hostIndexByName[host.name] == index)
    }
    #expect(snapshot.vms.count == 40)
    for (index, vm) in snapshot.vms.enumerated() {
      #expect(snapshot.vmIndexByName[vm.name] == index)
    }
    #expect(
      snapshot.affinityGroups.map(\.name) == [
        "db-spread", "app-with-cache", "db-on-ssd", "web-spread",
      ])
  }

  @Test("host fields")
  func hostFields() throws {
    let host = try host("host-01")
    #expect(host.status == .up)
    #expect(host.cpuSockets == 2)
    #expect(host.cpuCores == 32)
    #expect(host.cpuThreads == 64)
    #expect(host.cpuUsagePercent == 38)
    #expect(host.cpuOverThresholdSince == nil)
    #expect(host.cpuModel == "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz")
    #expect(host.cpuLevel == "Intel Icelake Server Family")
    #expect(host.cpuFlags == ["vmx", "avx512f", "aes", "sse4_2"])
    #expect(host.tscFrequencyHz == 1_995_312_000)
    #expect(host.hasTSCScaling)
    #expect(host.physicalMemoryMiB == 524_288)
    #expect(host.freeMemoryMiB == 465_192)
    #expect(host.committedMemoryMiB == 78_488)
    #expect(host.reservedMemoryMiB == 1024)
    #expect(host.swapTotalMiB == 8192)
    #expect(host.swapFreeMiB == 8192)
    #expect(host.numaNodes.map(\.id) == [0, 1])
    #expect(host.numaNodes.first?.cpus == [0, 1, 2, 3, 4, 5, 6, 7])
    #expect(host.numaNodes.first?.freeMiB == 230_000)
    #expect(host.networks == ["ovirtmgmt", "vm-net", "storage-net"])
    #expect(host.storageDomains == ["hosted_storage", "data1", "data-ssd"])
    #expect(host.labels == ["ssd"])
    #expect(host.osVersion == "RHEL-8.9")
    #expect(host.compatibilityVersions == ["4.6", "4.7"])
    #expect(host.emulatedMachines == ["pc-q35-rhel8.6.0", "pc-q35-rhel9.2.0"])
    #expect(host.isHostedEngineConfigured)
    #expect(host.hostedEngineScore == 3400)
    #expect(!host.isHostedEngineLocalMaintenance)
    #expect(host.isPowerManagementEnabled)
    #expect(!host.isPowerControlledByPolicy)

    let gpu = try self.host("host-03")
    #expect(gpu.hostDevices == ["pci_0000_3b_00_0"])
    #expect(gpu.hasDevicePassthrough)
    let hugepages = try self.host("host-04")
    #expect(
      hugepages.hugepages == [
        HugepagePool(pageSizeKiB: 1_048_576, totalPages: 64, freePages: 32),
        HugepagePool(pageSizeKiB: 2048, totalPages: 0, freePages: 0),
      ])
    #expect(hugepages.freeHugepages(pageSizeKiB: 1_048_576) == 32)
    #expect(hugepages.hooks == ["50_vhostmd"])
    #expect(try self.host("host-05").isPowerControlledByPolicy)
  }

  @Test("the overloaded host and the host in maintenance")
  func specialHosts() throws {
    let overloaded = try #require(snapshot.hostIndexByName["host-02"])
    #expect(snapshot.cpuUsagePercent(ofHost: overloaded) == 95)
    #expect(snapshot.cpuOverThresholdDurationSeconds(ofHost: overloaded) == 480)
    #expect(snapshot.runningVMCount(onHost: overloaded) == 9)
    let maintenance = try #require(snapshot.hostIndexByName["host-06"])
    #expect(snapshot.hosts[maintenance].status == .maintenance)
    #expect(snapshot.runningVMCount(onHost: maintenance) == 0)
  }

  @Test("derived host values")
  func derived() throws {
    let index = try #require(snapshot.hostIndexByName["host-01"])
    #expect(snapshot.memoryUsedMiB(ofHost: index) == 524_288 - 465_192)
    #expect(snapshot.effectiveCores(ofHost: index) == 32)
    #expect(snapshot.hosts[index].effectiveCores(countsThreadsAsCores: true) == 64)
    // 150 % × 524288 / 100 − 78488 − 1024
    #expect(snapshot.maxSchedulingMemoryMiB(ofHost: index) == 786_432 - 78_488 - 1024)
    #expect(snapshot.runningVMCount(onHost: index) == 8)
    #expect(snapshot.runningVMs(onHost: index).first?.name == "hosted-engine")
    let counts = snapshot.hosts.indices.map { snapshot.runningVMCount(onHost: $0) }
    #expect(counts == [8, 9, 6, 7, 7, 0])
    #expect(counts.reduce(0, +) == snapshot.vms.filter(\.isRunning).count)
  }

  @Test("VM fields")
  func vmFields() throws {
    let web = try vm("web-01")
    #expect(web.status == .up)
    #expect(web.hostName == "host-01")
    #expect(web.hostIndex == 0)
    #expect(web.memoryMiB == 4096)
    #expect(web.guaranteedMemoryMiB == 4096)
    #expect(web.vcpus == 2)
    #expect(web.cpuUsagePercent == 22)
    #expect(web.isHighlyAvailable)
    #expect(web.priority == .medium)
    #expect(web.migrationMode == .migratable)
    #expect(web.preferredHostIndices == [0])
    #expect(web.customProperties["cache"] == "none")
    #expect(web.networks == ["vm-net"])
    #expect(web.storageDomains == ["data1"])

    let pinned = try vm("license-server")
    #expect(pinned.migrationMode == .pinned)
    #expect(pinned.pinnedHostNames == ["host-05"])
    #expect(pinned.pinnedHostIndices == [4])

    let gpu = try vm("ml-train-01")
    #expect(gpu.hostDevices == ["pci_0000_3b_00_0"])
    #expect(gpu.pinnedHostIndices == [2])

    #expect(try vm("build-01").customProperties["cache"] == "writeback")
    #expect(try vm("legacy-erp").migrationMode == .manual)
    #expect(try vm("legacy-erp").customProperties["viodiskcache"] == "writethrough")
    #expect(try vm("hosted-engine").isHostedEngine)
    #expect(try vm("batch-06").status == .migratingFrom)
    #expect(try vm("qa-02").status == .paused)

    let hpc = try vm("hpc-01")
    #expect(hpc.cpuSockets == 1)
    #expect(hpc.cpuCoresPerSocket == 4)
    #expect(hpc.cpuThreadsPerCore == 2)
    #expect(hpc.cpuPinningPolicy == .dedicated)
    #expect(hpc.cpuPinningPolicy.isExclusive)
    #expect(hpc.hugepageSizeKiB == 1_048_576)
    #expect(hpc.numaTuneMode == .strict)
    #expect(
      hpc.numaNodes == [NUMANode(id: 0, cpus: Array(0...7), memoryMiB: 32768, pinnedHostNodes: [1])]
    )

    let win = try vm("win-build")
    #expect(win.customEmulatedMachine == "pc-q35-rhel8.6.0")
    #expect(win.customCPUType == "Intel Icelake Server Family")
    #expect(try vm("win-test").customCompatibilityVersion == "4.6")

    let spare = try vm("spare-01")
    #expect(spare.status == .down)
    #expect(spare.hostName == nil)
    #expect(spare.hostIndex == nil)
    #expect(spare.cpuUsagePercent == nil)
    #expect(spare.priority == .low)
    #expect(spare.preferredHostIndices == [3, 4])
  }

  @Test("affinity groups")
  func groups() throws {
    let groups = snapshot.affinityGroups
    let spread = groups[0]
    #expect(spread.vmNames == ["db-01", "db-02", "db-03"])
    #expect(spread.vmIndices.map { snapshot.vms[$0].name } == ["db-01", "db-02", "db-03"])
    #expect(spread.vmRule == AffinityGroup.Rule(polarity: .negative, isEnforcing: true))
    #expect(spread.hostRule == .disabled)
    #expect(spread.priority == 10)

    #expect(groups[1].vmRule == AffinityGroup.Rule(polarity: .positive, isEnforcing: true))
    #expect(groups[1].priority == 1)

    let labels = groups[2]
    #expect(labels.vmLabels == ["database"])
    #expect(labels.hostLabels == ["ssd"])
    #expect(labels.hostRule == AffinityGroup.Rule(polarity: .positive, isEnforcing: false))
    #expect(
      snapshot.memberVMIndices(of: labels).map { snapshot.vms[$0].name } == [
        "db-01", "db-02", "db-03",
      ])
    #expect(
      snapshot.memberHostIndices(of: labels).map { snapshot.hosts[$0].name } == [
        "host-01", "host-04", "host-05", "host-06",
      ])

    let web = groups[3]
    #expect(web.hostIndices == [2])
    #expect(web.hostRule == AffinityGroup.Rule(polarity: .negative, isEnforcing: true))
  }

  @Test("entities keep their spans")
  func spans() throws {
    let text = try #require(Golden.readText(Golden.path("Fixtures/clusters/demo.yaml")))
    var sources = SourceMap()
    let file = sources.add(path: "demo.yaml", text: text)
    let vm = try vm("build-01")
    let nameSpan = try #require(vm.nameSpan)
    #expect(file.text(in: nameSpan.range) == "build-01")
    #expect(file.text(in: try #require(vm.hostSpan).range) == "host-03")
    #expect(
      file.text(in: try #require(vm.customProperties.entries.first?.valueSpan).range) == "writeback"
    )
    let host = try host("host-06")
    #expect(file.text(in: try #require(host.statusSpan).range) == "Maintenance")
    #expect(file.location(of: Int(try #require(host.nameSpan).start)).line > 1)
  }
}

@Suite("Other cluster fixtures")
struct OtherClusterTests {
  @Test("minimal.yaml takes every default")
  func minimal() throws {
    let snapshot = try #require(loadFixture("Fixtures/clusters/minimal.yaml")?.snapshot)
    let host = snapshot.hosts[0]
    #expect(host.cpuCores == nil)
    #expect(host.cpuUsagePercent == nil)
    #expect(host.swapTotalMiB == 0)
    #expect(host.hugepages.isEmpty)
    #expect(!host.isHostedEngineConfigured)
    let vm = snapshot.vms[0]
    #expect(vm.priority == .low)
    #expect(vm.migrationMode == .migratable)
    #expect(vm.cpuPinningPolicy == CPUPinningPolicy.none)
    #expect(vm.numaTuneMode == .interleave)
    #expect(vm.guaranteedMemoryMiB == 8192)
    let cluster = snapshot.cluster
    #expect(cluster.memoryOvercommitPercent == 100)
    #expect(cluster.schedulingPolicy == "none")
    #expect(cluster.migrationPolicy == "minimal_downtime")
    #expect(cluster.migrationBandwidthMode == .auto)
    #expect(cluster.maxConcurrentMigrations == 2)
    #expect(cluster.resilience == .migrate)
    #expect(cluster.spmHostIndex == nil)
    #expect(snapshot.affinityGroups.isEmpty)
  }

  @Test("minimal.json reads like YAML; offsets are applied to takenAt")
  func json() throws {
    let snapshot = try #require(loadFixture("Fixtures/clusters/minimal.json")?.snapshot)
    #expect(snapshot.takenAt == Timestamp(epochSeconds: 1_795_860_000))
    #expect(snapshot.hosts[0].cpuUsagePercent == 12.5)
    #expect(snapshot.cluster.spmHostIndex == 0)
    #expect(snapshot.runningVMCount(onHost: 0) == 2)
    #expect(snapshot.vms[2].preferredHostIndices == [1])
  }

  @Test("every-field.yaml overrides every default")
  func everyField() throws {
    let snapshot = try #require(loadFixture("Fixtures/clusters/every-field.yaml")?.snapshot)
    #expect(snapshot.takenAt == Timestamp(epochSeconds: 1_795_856_400, nanoseconds: 500_000_000))
    let cluster = snapshot.cluster
    #expect(cluster.cpuArchitecture == .ppc64)
    #expect(cluster.countsThreadsAsCores)
    #expect(cluster.parallelMigrations == .custom)
    #expect(cluster.parallelConnections == 4)
    #expect(cluster.resilience == .migrateHAOnly)
    #expect(cluster.spmHostIndex == 1)
    let host = snapshot.hosts[0]
    #expect(host.isHostedEngineLocalMaintenance)
    #expect(host.hostedEngineScore == 2400)
    #expect(snapshot.effectiveCores(ofHost: 0) == 80)
    #expect(snapshot.maxSchedulingMemoryMiB(ofHost: 0) == 262_144 - 60_000 - 2048)
    let vm = snapshot.vms[0]
    #expect(vm.guaranteedMemoryMiB == 8192)
    #expect(vm.ioThreads == 2)
    #expect(vm.cpuPinning == "0#0_1#1")
    #expect(vm.hasCPUPassthrough)
    #expect(vm.usesTSCFrequency)
    #expect(vm.leaseStorageDomain == "nfs1")
    #expect(vm.customProperties["sap_agent"] == "true")
    #expect(vm.staticOverheadMiB == 64 + 32)
    let group = snapshot.affinityGroups[0]
    #expect(group.priority == 2.5)
    #expect(group.vmRule == AffinityGroup.Rule(polarity: .positive, isEnforcing: false))
  }
}
