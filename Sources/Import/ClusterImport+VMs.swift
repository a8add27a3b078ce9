import Diagnostics
import Inventory

extension ClusterImport {
  static let vmStatuses: [String: VMStatus] = [
    "up": .up, "down": .down, "powering_up": .poweringUp, "powering_down": .poweringDown,
    "paused": .paused, "migrating": .migratingFrom, "unknown": .unknown,
    "not_responding": .notResponding, "wait_for_launch": .waitForLaunch,
    "reboot_in_progress": .rebootInProgress, "saving_state": .savingState,
    "restoring_state": .restoringState, "suspended": .suspended, "image_locked": .imageLocked,
    "unassigned": .unknown,
  ]
  static let migrationModes: [String: MigrationMode] = [
    "migratable": .migratable, "user_migratable": .manual, "pinned": .pinned,
  ]
  static let pinningPolicies: [String: CPUPinningPolicy] = [
    "none": CPUPinningPolicy.none, "manual": .manual, "dedicated": .dedicated,
    "isolate_threads": .isolateThreads, "resize_and_pin_numa": .resizeAndPinNUMA,
  ]
  static let tuneModes: [String: NUMATuneMode] = [
    "strict": .strict, "interleave": .interleave, "preferred": .preferred,
  ]

  /// Maps one `<vm>` of the imported cluster.
  mutating func readVM(_ node: XMLNode, _ file: SourceFile, _ shared: ImportLookups) {
    guard let id = node.id, owns(node) else { return }
    let name = node.text("name") ?? id
    let owner = "VM '\(name)'"
    guard claim(name, "VMs", in: \.vmOffsetByName, node, file) else { return }
    var status =
      enumeration(node, "status", file, of: owner, Self.vmStatuses, fallback: .unknown) ?? .down
    let memory = max(1, Self.mebibytes(Double(int(node, "memory", file, of: owner) ?? 0)))
    let sockets = int(node, "cpu.topology.sockets", file, of: owner)
    let cores = int(node, "cpu.topology.cores", file, of: owner)
    let threads = int(node, "cpu.topology.threads", file, of: owner)
    var vcpus = 1
    if let sockets, let cores, let threads, sockets > 0, cores > 0, threads > 0 {
      vcpus =
        sockets.multipliedReportingOverflow(by: cores).partialValue
        .multipliedReportingOverflow(by: threads).partialValue
    } else {
      assumptions.assumeFor("vms[].vcpus", "1", "the VM has no CPU topology in vms.xml")
    }
    var vm = VirtualMachine(name: name, status: status, memoryMiB: memory, vcpus: max(1, vcpus))
    if let sockets, let cores, let threads, vcpus > 0 {
      vm.cpuSockets = sockets
      vm.cpuCoresPerSocket = cores
      vm.cpuThreadsPerCore = threads
    }
    if let guaranteed = int(node, "memory_policy.guaranteed", file, of: owner) {
      vm.guaranteedMemoryMiB = min(memory, Self.mebibytes(Double(guaranteed)))
    }

    // Where it runs.
    if let hostRef = node.child("host"), let hostID = hostRef.id {
      if let index = hostIndexByID[hostID] {
        if status.isRunning {
          vm.hostName = hosts[index].name
          vm.hostIndex = index
        }
      } else if let other = shared.hostClusterByID[hostID] {
        // A host that names no cluster belongs to every one (and is only missing here when
        // its name was taken).
        diagnostics.report(
          .importUnknownReference,
          "\(owner) runs on host '\(hostID)' of another cluster ('\(other ?? clusterID)')",
          at: span(file, hostRef.offset),
          help: "save hosts.xml and vms.xml at the same time, after migrations have finished")
      } else {
        diagnostics.report(
          .importUnknownReference, "\(owner) runs on host '\(hostID)', which is not in hosts.xml",
          at: span(file, hostRef.offset),
          help: "save hosts.xml and vms.xml at the same time, so they describe one state")
      }
    }
    if status.isRunning, vm.hostName == nil, node.child("host")?.id == nil {
      status = .down
      vm.status = .down
      assumptions.assumeFor(
        "vms[].status", "Down", "the engine reports the VM running but on no host")
    }
    if status.isRunning {
      let usage = statistic(node, "cpu.current.total")
      vm.cpuUsagePercent = usage.map { min(100, max(0, $0)) }
    }
    vm.ioThreads = max(0, int(node, "io.threads", file, of: owner) ?? 0)

    // Availability and migration.
    vm.isHighlyAvailable = bool(node, "high_availability.enabled", file, of: owner) ?? false
    let priority = int(node, "high_availability.priority", file, of: owner) ?? 1
    vm.priority = priority >= 100 ? .high : priority >= 50 ? .medium : .low
    vm.migrationMode =
      enumeration(
        node, "placement_policy.affinity", file, of: owner, Self.migrationModes,
        fallback: .migratable) ?? .migratable
    // The engine's one list of "dedicated" hosts is both the pinning list (PinToHost) and the
    // preferred-host list (PreferredHosts weight).
    let dedicated = names(
      of: node.items("placement_policy.hosts", "host"), "host", byID: hostIndexByID,
      { [hosts] in hosts[$0].name }, of: owner, file)
    vm.pinnedHostNames = dedicated
    vm.preferredHostNames = dedicated

    // Properties, networks, storage, devices.
    var properties: [PropertyMap.Entry] = []
    for property in node.items("custom_properties", "custom_property") {
      guard let key = property.text("name"), !properties.contains(where: { $0.key == key })
      else { continue }
      let value = property.text("value") ?? ""
      properties.append(PropertyMap.Entry(key: key, value: value))
      if key == "hugepages", let size = Int(value), size > 0 { vm.hugepageSizeKiB = size }
    }
    vm.customProperties = PropertyMap(properties)
    for nic in node.items("nics", "nic") {
      var networkID = nic.child("network")?.id
      if networkID == nil, let profile = nic.child("vnic_profile")?.id {
        networkID = shared.vnicProfileNetworks[profile]
        if networkID == nil, shared.loaded.contains(.vnicProfiles) {
          unresolved("vNIC profile", profile, of: owner, file, nic.offset)
        }
      }
      guard let networkID else { continue }
      if let network = shared.networkNames[networkID] {
        if !vm.networks.contains(network) { vm.networks.append(network) }
      } else if shared.loaded.contains(.networks) {
        unresolved("network", networkID, of: owner, file, nic.offset)
      }
    }
    for attachment in node.items("disk_attachments", "disk_attachment") {
      let domains =
        attachment.items("disk.storage_domains", "storage_domain")
        + (attachment.node("disk.storage_domain").map { [$0] } ?? [])
      for domain in domains {
        guard let domainID = domain.id else { continue }
        if let domainName = shared.storageDomainNames[domainID] {
          if !vm.storageDomains.contains(domainName) { vm.storageDomains.append(domainName) }
        } else if shared.loaded.contains(.storageDomains) {
          unresolved("storage domain", domainID, of: owner, file, domain.offset)
        }
      }
    }
    if let lease = node.node("lease.storage_domain"), let domainID = lease.id {
      if let domainName = shared.storageDomainNames[domainID] {
        vm.leaseStorageDomain = domainName
      } else {
        unresolved("storage domain", domainID, of: owner, file, lease.offset)
      }
    }
    vm.hostDevices = node.items("host_devices", "host_device").compactMap { $0.text("name") }

    // CPU pinning and features.
    let pins = node.items("cpu.cpu_tune.vcpu_pins", "vcpu_pin").compactMap {
      pin -> String? in
      guard let vcpu = pin.text("vcpu"), let set = pin.text("cpu_set") else { return nil }
      return "\(vcpu)#\(set)"
    }
    vm.cpuPinningPolicy =
      enumeration(
        node, "cpu_pinning_policy", file, of: owner, Self.pinningPolicies, fallback: .none)
      ?? (pins.isEmpty ? .none : .manual)
    if !pins.isEmpty { vm.cpuPinning = pins.joined(separator: "_") }
    if vm.cpuPinningPolicy == .manual, vm.cpuPinning == nil {
      vm.cpuPinningPolicy = .none
      assumptions.assumeFor(
        "vms[].cpuPinning.policy", "none",
        "the VM's pinning policy is manual but vms.xml has no vCPU pins")
    }
    vm.hasCPUPassthrough = node.text("cpu.mode") == "host_passthrough"
    if node.text("type") == "high_performance" {
      assumptions.assumeFor(
        "vms[].usesTscFrequency", "false",
        "the API does not expose whether a high-performance VM needs a matching TSC frequency")
    }
    vm.numaTuneMode =
      enumeration(node, "numa_tune_mode", file, of: owner, Self.tuneModes, fallback: .interleave)
      ?? .interleave
    vm.customEmulatedMachine = node.text("custom_emulated_machine")
    vm.customCPUType = node.text("custom_cpu_model")
    vm.customCompatibilityVersion = Self.version(node.child("custom_compatibility_version"))
    let origin = node.text("origin")
    vm.isHostedEngine = origin == "managed_hosted_engine" || origin == "hosted_engine"

    vmIndexByID[id] = vms.count
    vms.append(vm)
  }
}
