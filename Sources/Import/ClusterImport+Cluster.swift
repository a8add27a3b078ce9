import Diagnostics
import Inventory

extension ClusterImport {
  /// The engine's built-in migration policies by id (the API names them only by id).
  static let migrationPolicies: [String: String] = [
    "80554327-0569-496b-bdeb-fcbbf52b827b": "minimal_downtime",
    "80554327-0569-496b-bdeb-fcbbf52b827c": "suspend_workload",
    "a7aeedb2-8d66-4e51-bb22-32595027ce71": "post_copy",
    "57237b82-b8c2-425f-b425-114b35219626": "very_large_vms",
    "00000000-0000-0000-0000-000000000000": "legacy",
  ]
  static let architectures: [String: CPUArchitecture] = [
    "x86_64": .x86_64, "ppc64": .ppc64, "s390x": .s390x, "aarch64": .aarch64,
  ]
  static let bandwidthModes: [String: BandwidthMode] = [
    "auto": .auto, "hypervisor_default": .hypervisorDefault, "custom": .custom,
  ]
  static let parallelModes: [String: ParallelMigrationsMode?] = [
    "disabled": .disabled, "auto": .auto, "auto_parallel": .autoParallel, "custom": .custom,
    "inherit": nil,
  ]
  static let resilienceModes: [String: ResilienceMode] = [
    "migrate": .migrate, "migrate_highly_available": .migrateHAOnly,
    "do_not_migrate": .doNotMigrate,
  ]
  /// Engine policy names Shepherd spells differently.
  static let policyNames = ["InClusterUpgrade": "in_cluster_upgrade"]

  /// The cluster settings of the selected `<cluster>`.
  mutating func buildCluster(_ shared: ImportLookups) -> Cluster {
    guard let node = clusterNode, let file = clusterFile else { return Cluster(name: "") }
    let name = node.text("name") ?? clusterID
    let owner = "cluster '\(name)'"
    var cluster = Cluster(name: name)
    if let version = Self.version(node.child("version")) {
      cluster.compatibilityVersion = version
    } else {
      assumptions.assume("cluster.compatibilityVersion", "4.7", "clusters.xml has no <version>")
    }
    cluster.cpuArchitecture =
      enumeration(
        node, "cpu.architecture", file, of: owner, Self.architectures, fallback: .x86_64)
      ?? .x86_64
    cluster.cpuType = node.text("cpu.type")
    assumptions.assume(
      "cluster.cpu.flags", "[]",
      "the API names the cluster CPU type but not its flags, so the CPU-Level filter passes "
        + "every host")
    if let percent = int(node, "memory_policy.over_commit.percent", file, of: owner) {
      cluster.memoryOvercommitPercent = max(1, percent)
    }
    cluster.countsThreadsAsCores = bool(node, "threads_as_cores", file, of: owner) ?? false
    cluster.hasHAReservation = bool(node, "ha_reservation", file, of: owner) ?? false
    cluster.spmHostName = spmHostName

    // Networks of the cluster (clusters?follow=networks carries the per-cluster flags).
    let networks = node.items("networks", "network")
    if networks.isEmpty {
      assumptions.assume(
        "cluster.requiredNetworks", "[]",
        "clusters.xml was saved without follow=networks, so the cluster's required and "
          + "display networks are unknown")
    }
    for network in networks {
      guard
        let networkName = network.text("name") ?? network.id.flatMap({ shared.networkNames[$0] })
      else { continue }
      if network.text("required") == "true" { cluster.requiredNetworks.append(networkName) }
      let usages = network.items("usages", "usage").map(\.text)
      if network.text("display") == "true" || usages.contains("display") {
        cluster.displayNetwork = cluster.displayNetwork ?? networkName
      }
    }

    // Storage domains of the cluster's data center.
    for id in shared.storageDomainOrder {
      guard let dataCenter = clusterDataCenterID,
        shared.storageDomainDataCenters[id]?.contains(dataCenter) == true,
        let domain = shared.storageDomainNames[id]
      else { continue }
      cluster.storageDomains.append(domain)
    }

    // Scheduling.
    if let policyRef = node.child("scheduling_policy") {
      let policy = policyRef.id.flatMap { shared.policies[$0] }
      let engineName = policy?.node.text("name") ?? policyRef.text("name")
      if let engineName {
        cluster.schedulingPolicy = Self.policyNames[engineName] ?? engineName
        if let policy, !catalog.schedulingPolicies.contains(cluster.schedulingPolicy) {
          exportPolicy(policy, named: cluster.schedulingPolicy, shared.unitNames)
        }
      } else {
        assumptions.assume(
          "cluster.scheduling.policy", "none",
          "schedulingpolicies.xml does not define the cluster's policy "
            + "'\(policyRef.id ?? "")'")
      }
    }
    var properties: [PropertyMap.Entry] = []
    for property in node.items("custom_scheduling_policy_properties", "property") {
      guard let key = property.text("name"), !properties.contains(where: { $0.key == key })
      else { continue }
      properties.append(PropertyMap.Entry(key: key, value: property.text("value") ?? ""))
    }
    cluster.schedulingProperties = PropertyMap(properties)

    // Migration.
    if let policyID = node.node("migration.policy")?.id {
      if let policyName = Self.migrationPolicies[policyID] {
        cluster.migrationPolicy = policyName
      } else {
        diagnostics.append(
          Diagnostic(
            code: DiagnosticDescriptor.importUnsupported.code, severity: .warning,
            message: "\(owner) uses the custom migration policy '\(policyID)'; "
              + "minimal_downtime is used instead",
            span: node.node("migration.policy").map { span(file, $0.offset) },
            help: "the API does not expose custom migration policies' settings"))
      }
    } else {
      assumptions.assume(
        "cluster.migration.policy", "minimal_downtime",
        "the cluster inherits the engine's default migration policy")
    }
    cluster.migrationBandwidthMode =
      enumeration(
        node, "migration.bandwidth.assignment_method", file, of: owner, Self.bandwidthModes,
        fallback: .auto) ?? .auto
    if cluster.migrationBandwidthMode == .custom {
      if let mbps = int(node, "migration.bandwidth.custom_value", file, of: owner), mbps > 0 {
        cluster.migrationBandwidthMbps = mbps
      } else {
        cluster.migrationBandwidthMode = .auto
        assumptions.assume(
          "cluster.migration.bandwidth.mode", "auto",
          "the bandwidth is custom but clusters.xml has no custom_value")
      }
    }
    switch node.text("migration.encrypted") {
    case "true": cluster.isMigrationEncrypted = true
    case "false", nil: cluster.isMigrationEncrypted = false
    default:
      assumptions.assume(
        "cluster.migration.encrypted", "false",
        "the cluster inherits the engine default (engine-config EncryptMigrations, false "
          + "unless changed)")
    }
    let parallel =
      enumeration(
        node, "migration.parallel_migrations_policy", file, of: owner, Self.parallelModes,
        fallback: .disabled) ?? .disabled
    if let parallel {
      cluster.parallelMigrations = parallel
    } else {
      assumptions.assume(
        "cluster.migration.parallelMigrations", "disabled",
        "the cluster inherits the engine default for parallel migrations")
    }
    if cluster.parallelMigrations == .custom {
      if let connections = int(node, "migration.custom_parallel_migrations", file, of: owner),
        (2...255).contains(connections)
      {
        cluster.parallelConnections = connections
      } else {
        cluster.parallelMigrations = .disabled
        assumptions.assume(
          "cluster.migration.parallelMigrations", "disabled",
          "parallel migrations are custom but the connection count is missing or out of range")
      }
    }
    assumptions.assume(
      "cluster.migration.maxConcurrentMigrations", "2",
      "the API does not expose the engine's limit on concurrent migrations per cluster")
    cluster.resilience =
      enumeration(
        node, "error_handling.on_error", file, of: owner, Self.resilienceModes,
        fallback: .migrate) ?? .migrate
    return cluster
  }

  /// Adds assumptions for optional documents that were not saved.
  mutating func recordMissingDocuments(_ shared: ImportLookups) {
    let effects: [(OvirtDocument, String, String)] = [
      (.affinityGroups, "affinityGroups", "[]"),
      (.affinityLabels, "hosts[].labels", "[]"),
      (.networks, "hosts[].networks", "[]"),
      (.vnicProfiles, "vms[].networks", "[]"),
      (.storageDomains, "hosts[].storageDomains", "[]"),
      (.schedulingPolicies, "cluster.scheduling.policy", "as named in clusters.xml, or none"),
    ]
    for (document, field, value) in effects where !shared.loaded.contains(document) {
      assumptions.assume(
        field, value, "\(document.fileName) (GET \(document.requestPath)) was not saved")
    }
  }
}
