/// The snapshot's field registry: every field, its path, type, unit, bounds, default and doc.
///
/// This is the single source of the snapshot's documentation. ``SnapshotLoader`` reads each
/// mapping through the descriptor of its place (unknown keys, defaults, bounds and type errors
/// all come from here), `Docs/fields.md` is generated from it (``markdown()``, checked by a
/// test), and the expression type checker and JSON Schema generator walk the same tree.
///
/// Design notes (choices a reader of oVirt's API might not expect):
/// - host CPU counts (`cpu.cores`, `cpu.threads`) are totals over all sockets, as oVirt
///   reports them; a VM's optional `cpuTopology` is per socket / per core, as oVirt configures it;
/// - parallel migrations are two fields (`parallelMigrations` mode, `parallelConnections` count)
///   rather than one field that is either a word or a number;
/// - affinity groups take label members as `vmLabels` / `hostLabels`, so a label's side is explicit.
public enum FieldRegistry {
  /// The root descriptor: the snapshot document.
  public static let root = FieldDescriptor(
    "", .object, .required, doc: "A cluster snapshot document.",
    children: [
      FieldDescriptor(
        "apiVersion", .string, .required, doc: "The snapshot format version: `shepherd/v1`."),
      FieldDescriptor("kind", .string, .required, doc: "The document kind: `ClusterSnapshot`."),
      FieldDescriptor(
        "takenAt", .timestamp, .required,
        doc: "The instant the snapshot describes; durations are measured against it."),
    ] + clusterFields.map { $0.requiredUnless("clusters") } + [
      FieldDescriptor(
        "clusters", .objectList, .optional,
        doc: """
          Several clusters in one snapshot (a data center), in a stable order: each entry \
          carries what a one-cluster snapshot carries at the top level (`cluster`, `hosts`, \
          `vms`, `affinityGroups`, `affinityLabels`, `pending`). Host and VM names are unique \
          across the data center. Not allowed together with the top-level per-cluster fields.
          """,
        children: clusterFields),
      FieldDescriptor(
        "x-assumed", .objectList, .defaulted(.emptyList),
        doc: """
          Values an importer (e.g. `shepherd import ovirt`) could not read from its source and \
          assumed; informational, no scheduling rule reads them.
          """,
        children: assumptionFields),
    ])

  /// Every descriptor below the root, depth first, in documentation order; the fields inside
  /// `clusters[]` entries are left out, as they repeat the top-level per-cluster fields.
  public static var allFields: [FieldDescriptor] {
    root.allDescriptors.dropFirst().filter { !$0.path.hasPrefix(clustersPrefix) }
  }

  /// The path prefix of the fields inside a `clusters[]` entry.
  static let clustersPrefix = "clusters[]."

  /// What one cluster carries: at the top level of a one-cluster snapshot, or in each entry of
  /// `clusters` (a data center).
  static let clusterFields: [FieldDescriptor] = [
    cluster,
    FieldDescriptor(
      "hosts", .objectList, .required, doc: "The cluster's hosts, in a stable order.",
      children: hostFields),
    FieldDescriptor(
      "vms", .objectList, .defaulted(.emptyList), doc: "The cluster's VMs, running or not.",
      children: vmFields),
    FieldDescriptor(
      "affinityGroups", .objectList, .defaulted(.emptyList),
      doc: "VM-to-VM and VM-to-host affinity groups.", children: affinityGroupFields),
    FieldDescriptor(
      "affinityLabels", .objectList, .defaulted(.emptyList),
      doc: """
        Affinity labels as objects (oVirt's affinity labels): each puts its name in the \
        `labels` of the VMs and hosts it lists; an implicit one is a hard positive VM-to-host \
        group at cluster levels below 4.4.
        """,
      children: affinityLabelFields),
    FieldDescriptor(
      "pending", .objectList, .defaulted(.emptyList),
      doc: """
        Resources the engine has already promised to hosts by decisions in flight (oVirt's \
        pending store): loaded before the first decision, so every filter and weight sees \
        them. One entry per VM; a VM in WaitForLaunch on a host counts as pending there \
        unless listed (from PoweringUp on, the host's own figures hold it).
        """,
      children: pendingFields),
  ]

  /// The descriptor at a dotted path such as `hosts[].memory.physicalMiB`.
  public static func descriptor(atPath path: String) -> FieldDescriptor? {
    let names = path.split(separator: ".").map { part in
      part.hasSuffix("[]") ? String(part.dropLast(2)) : String(part)
    }
    return root.descendant(names)
  }

  /// The largest value of each numeric field: far beyond any real cluster, and small enough
  /// that no formula over a snapshot can overflow a 64-bit integer (the largest product is
  /// memory × over-commit percent, 2^32 × 10^4 < 2^46; a sum of 10^7 VMs' memory is < 2^56).
  public enum Bounds {
    /// Memory of a host, a VM or a NUMA node: 2^32 MiB (4 PiB).
    public static let memoryMiB: Double = 4_294_967_296
    /// Memory over-commit: 10,000 percent.
    public static let overcommitPercent: Double = 10_000
    /// Migration bandwidth: 1,000,000 Mbps.
    public static let bandwidthMbps: Double = 1_000_000
    /// Concurrent migrations per cluster.
    public static let concurrentMigrations: Double = 10_000
    /// Host sockets, cores or threads: 2^20.
    public static let hostCPUs: Double = 1_048_576
    /// Virtual CPUs of a VM (and each of its topology's factors).
    public static let vcpus: Double = 16_384
    /// IO threads of a VM.
    public static let ioThreads: Double = 1_024
    /// A TSC frequency: 10^12 Hz.
    public static let frequencyHz: Double = 1_000_000_000_000
    /// A hugepage size: 2^24 KiB (16 GiB).
    public static let pageSizeKiB: Double = 16_777_216
    /// Hugepages of one size on a host: 2^32.
    public static let pages: Double = 4_294_967_296
    /// A NUMA node id.
    public static let numaNodeID: Double = 65_535
    /// A count of hosts, VMs or groups: 10^8 (more than a YAML file may hold).
    public static let objectCount: Double = 100_000_000
    /// An affinity group's priority.
    public static let affinityPriority: Double = 1_000_000
  }

  // MARK: - Cluster

  static let cluster = FieldDescriptor(
    "cluster", .object, .required, doc: "The cluster's settings.",
    children: [
      FieldDescriptor("name", .string, .required, doc: "The cluster name."),
      FieldDescriptor(
        "cpu", .object, .defaulted(.emptyObject), doc: "The cluster CPU.",
        children: [
          FieldDescriptor(
            "architecture", .enumeration(CPUArchitecture.allCases.map(\.rawValue)),
            .defaulted(.string("x86_64")), doc: "The CPU architecture."),
          FieldDescriptor(
            "type", .string, .optional,
            doc: "The cluster CPU type (level), e.g. `Intel Icelake Server Family`."),
          FieldDescriptor(
            "flags", .stringList, .defaulted(.emptyList),
            doc: "CPU flags every host must have."),
        ]),
      FieldDescriptor(
        "compatibilityVersion", .string, .required,
        doc: "The cluster compatibility version, e.g. `\"4.7\"` (quote it)."),
      FieldDescriptor(
        "memoryOvercommitPercent", .int, unit: "percent", .defaulted(.int(100)), minimum: 1,
        maximum: Bounds.overcommitPercent,
        doc: "Memory over-commit in percent of physical memory; 100 means none."),
      FieldDescriptor(
        "countThreadsAsCores", .bool, .defaulted(.bool(false)),
        doc: "Whether CPU threads count as cores for scheduling."),
      FieldDescriptor(
        "spmHost", .string, .optional,
        doc: "The name of the SPM (storage pool manager) host, if any."),
      FieldDescriptor(
        "requiredNetworks", .stringList, .defaulted(.emptyList),
        doc: "Logical networks every host must have."),
      FieldDescriptor(
        "displayNetwork", .string, .optional, doc: "The display network, if any."),
      FieldDescriptor(
        "storageDomains", .stringList, .defaulted(.emptyList),
        doc: "The cluster's storage domains."),
      FieldDescriptor(
        "haReservation", .bool, .defaulted(.bool(false)),
        doc: "Whether HA reservation (room for every HA VM elsewhere) is on."),
      FieldDescriptor(
        "scheduling", .object, .defaulted(.emptyObject), doc: "The scheduling policy.",
        children: [
          FieldDescriptor(
            "policy", .string, .defaulted(.string("none")),
            doc: "The scheduling policy name, e.g. `vm_evenly_distributed`."),
          FieldDescriptor(
            "properties", .map, .defaulted(.emptyMap),
            doc: "Policy property overrides, e.g. `HighVmCount: 12`."),
        ]),
      FieldDescriptor(
        "migration", .object, .defaulted(.emptyObject), doc: "Migration settings.",
        children: [
          FieldDescriptor(
            "policy", .string, .defaulted(.string("minimal_downtime")),
            doc: "The migration policy name."),
          FieldDescriptor(
            "bandwidth", .object, .defaulted(.emptyObject), doc: "Migration bandwidth limit.",
            children: [
              FieldDescriptor(
                "mode", .enumeration(BandwidthMode.allCases.map(\.rawValue)),
                .defaulted(.string("auto")), doc: "How the bandwidth is limited."),
              FieldDescriptor(
                "mbps", .int, unit: "Mbps", .optional, minimum: 1, maximum: Bounds.bandwidthMbps,
                doc: "The bandwidth when `mode` is `custom` (required then)."),
            ]),
          FieldDescriptor(
            "maxConcurrentMigrations", .int, .defaulted(.int(2)), minimum: 1,
            maximum: Bounds.concurrentMigrations,
            doc: "The most migrations the plan runs at once in this cluster."),
          FieldDescriptor(
            "encrypted", .bool, .defaulted(.bool(false)), doc: "Whether migrations are encrypted."),
          FieldDescriptor(
            "parallelMigrations", .enumeration(ParallelMigrationsMode.allCases.map(\.rawValue)),
            .defaulted(.string("disabled")), doc: "Parallel migration connections mode."),
          FieldDescriptor(
            "parallelConnections", .int, .optional, minimum: 2, maximum: 255,
            doc: "Connections when `parallelMigrations` is `custom` (required then)."),
        ]),
      FieldDescriptor(
        "resilience", .enumeration(ResilienceMode.allCases.map(\.rawValue)),
        .defaulted(.string("migrate")), doc: "What happens to a NonOperational host's VMs."),
    ])

  // MARK: - Hosts

  static let hostFields: [FieldDescriptor] = [
    FieldDescriptor("name", .string, .required, doc: "The unique host name."),
    FieldDescriptor(
      "status", .enumeration(HostStatus.allCases.map(\.rawValue)), .required,
      doc: "The host status; only `Up` hosts are scheduling candidates."),
    FieldDescriptor(
      "cpu", .object, .defaulted(.emptyObject),
      doc: "CPU topology, load and features; unknown fields stay unset.",
      children: [
        FieldDescriptor(
          "sockets", .int, .optional, minimum: 1, maximum: Bounds.hostCPUs, doc: "CPU sockets."),
        FieldDescriptor(
          "cores", .int, .optional, minimum: 1, maximum: Bounds.hostCPUs,
          doc: "CPU cores in total, over all sockets."),
        FieldDescriptor(
          "threads", .int, .optional, minimum: 1, maximum: Bounds.hostCPUs,
          doc: "CPU threads in total, over all sockets (≥ cores)."),
        FieldDescriptor(
          "usagePercent", .float, unit: "percent", .optional, minimum: 0, maximum: 100,
          doc: "CPU usage over all CPUs; unset when the host reports no statistics."),
        FieldDescriptor(
          "overThresholdSince", .timestamp, .optional,
          doc: "Since when the load has been beyond the scheduling thresholds (≤ takenAt)."),
        FieldDescriptor(
          "model", .string, .optional, doc: "The CPU model name, e.g. `Intel(R) Xeon(R) Gold 6338`."
        ),
        FieldDescriptor(
          "level", .string, .optional,
          doc: "The best cluster CPU type the host supports, e.g. `Intel Icelake Server Family`."),
        FieldDescriptor("flags", .stringList, .defaulted(.emptyList), doc: "CPU flags."),
        FieldDescriptor(
          "tscFrequencyHz", .int, unit: "Hz", .optional, minimum: 1, maximum: Bounds.frequencyHz,
          doc: "The TSC frequency."),
        FieldDescriptor(
          "tscScaling", .bool, .defaulted(.bool(false)), doc: "Whether TSC scaling is supported."),
      ]),
    FieldDescriptor(
      "memory", .object, .required, doc: "Memory.",
      children: [
        FieldDescriptor(
          "physicalMiB", .int, unit: "MiB", .required, minimum: 0, maximum: Bounds.memoryMiB,
          doc: "Physical memory."),
        FieldDescriptor(
          "freeMiB", .int, unit: "MiB", .required, minimum: 0, maximum: Bounds.memoryMiB,
          doc: "Free memory (≤ physical)."),
        FieldDescriptor(
          "committedMiB", .int, unit: "MiB", .defaulted(.int(0)), minimum: 0,
          maximum: Bounds.memoryMiB,
          doc: "Memory committed to VMs, overhead included."),
        FieldDescriptor(
          "reservedMiB", .int, unit: "MiB", .defaulted(.int(0)), minimum: 0,
          maximum: Bounds.memoryMiB,
          doc: "Memory reserved for the host itself."),
      ]),
    FieldDescriptor(
      "guestOverheadMiB", .int, unit: "MiB", .defaulted(.int(65)), minimum: 0, maximum: 65536,
      doc: """
        oVirt's per-VM guest overhead on this host (`guest_overhead`), which the hosted-engine \
        spares rule adds per VM.
        """),
    FieldDescriptor(
      "swap", .object, .defaulted(.emptyObject), doc: "Swap space.",
      children: [
        FieldDescriptor(
          "totalMiB", .int, unit: "MiB", .defaulted(.int(0)), minimum: 0, maximum: Bounds.memoryMiB,
          doc: "Swap size."),
        FieldDescriptor(
          "freeMiB", .int, unit: "MiB", .defaulted(.int(0)), minimum: 0, maximum: Bounds.memoryMiB,
          doc: "Free swap (≤ total)."),
      ]),
    FieldDescriptor(
      "hugepages", .objectList, .defaulted(.emptyList),
      doc: "Static hugepages, one entry per page size.",
      children: [
        FieldDescriptor(
          "sizeKiB", .int, unit: "KiB", .required, minimum: 1, maximum: Bounds.pageSizeKiB,
          doc: "The page size."),
        FieldDescriptor(
          "total", .int, unit: "pages", .required, minimum: 0, maximum: Bounds.pages,
          doc: "Pages allocated."),
        FieldDescriptor(
          "free", .int, unit: "pages", .required, minimum: 0, maximum: Bounds.pages,
          doc: "Pages free (≤ total)."),
      ]),
    FieldDescriptor(
      "numaNodes", .objectList, .defaulted(.emptyList),
      doc: "NUMA nodes; empty when the host reports no NUMA support.",
      children: [
        FieldDescriptor(
          "id", .int, .required, minimum: 0, maximum: Bounds.numaNodeID,
          doc: "The node id, unique per host."),
        FieldDescriptor(
          "cpus", .intList, .defaulted(.emptyList), minimum: 0, maximum: Bounds.hostCPUs - 1,
          doc: "The node's physical CPUs."),
        FieldDescriptor(
          "memoryMiB", .int, unit: "MiB", .required, minimum: 0, maximum: Bounds.memoryMiB,
          doc: "The node's memory."),
        FieldDescriptor(
          "freeMiB", .int, unit: "MiB", .optional, minimum: 0, maximum: Bounds.memoryMiB,
          doc: "The node's free memory."),
      ]),
    FieldDescriptor(
      "networks", .stringList, .defaulted(.emptyList), doc: "Attached logical networks."),
    FieldDescriptor(
      "storageDomains", .stringList, .defaulted(.emptyList), doc: "Reachable storage domains."),
    FieldDescriptor("labels", .stringList, .defaulted(.emptyList), doc: "Affinity labels."),
    FieldDescriptor(
      "hostDevices", .stringList, .defaulted(.emptyList),
      doc: "Host devices available for passthrough."),
    FieldDescriptor(
      "devicePassthrough", .bool, .defaulted(.bool(false)),
      doc: "Whether device passthrough (IOMMU) is enabled."),
    FieldDescriptor(
      "mdevTypes", .objectList, .defaulted(.emptyList),
      doc: "Mediated-device (vGPU) types the host offers, one entry per type.",
      children: [
        FieldDescriptor(
          "name", .string, .required, doc: "The type as the host reports it, e.g. `nvidia-22`."),
        FieldDescriptor(
          "availableInstances", .int, .required, minimum: 0, maximum: 4096,
          doc: "Instances of the type still free on the host."),
      ]),
    FieldDescriptor(
      "leaseReadyStorageDomains", .stringList, .optional,
      doc: """
        Storage domains on which the host has acquired its lease, so VM leases there can be \
        taken; each must be in `storageDomains`. Unset: every reachable domain is ready.
        """),
    FieldDescriptor(
      "hooks", .stringList, .defaulted(.emptyList),
      doc: "Installed VDSM hook scripts, e.g. `50_vhostmd`."),
    FieldDescriptor(
      "software", .object, .defaulted(.emptyObject), doc: "Installed software.",
      children: [
        FieldDescriptor("os", .string, .optional, doc: "The OS and version, e.g. `RHEL-8.9`."),
        FieldDescriptor(
          "compatibilityVersions", .stringList, .defaulted(.emptyList),
          doc: "Supported cluster compatibility versions, e.g. `[\"4.6\", \"4.7\"]`."),
        FieldDescriptor(
          "emulatedMachines", .stringList, .defaulted(.emptyList),
          doc: "Supported emulated machines, e.g. `pc-q35-rhel8.6.0`."),
      ]),
    FieldDescriptor(
      "hostedEngine", .object, .defaulted(.emptyObject), doc: "Hosted-engine state.",
      children: [
        FieldDescriptor(
          "configured", .bool, .defaulted(.bool(false)),
          doc: "Whether the host can run the hosted-engine VM."),
        FieldDescriptor(
          "score", .int, .defaulted(.int(0)), minimum: 0, maximum: 3400,
          doc: "The hosted-engine HA score."),
        FieldDescriptor(
          "localMaintenance", .bool, .defaulted(.bool(false)),
          doc: "Whether the host is in hosted-engine local maintenance."),
      ]),
    FieldDescriptor(
      "powerManagement", .object, .defaulted(.emptyObject), doc: "Power management.",
      children: [
        FieldDescriptor(
          "enabled", .bool, .defaulted(.bool(false)),
          doc: "Whether power management is configured and enabled."),
        FieldDescriptor(
          "controlledByPolicy", .bool, .defaulted(.bool(false)),
          doc: "Whether the power-saving balancer controls this host's power."),
      ]),
  ]

  // MARK: - VMs

  static let vmFields: [FieldDescriptor] = [
    FieldDescriptor("name", .string, .required, doc: "The unique VM name."),
    FieldDescriptor(
      "id", .string, .optional,
      doc: """
        The engine's VM GUID (`8-4-4-4-12` hex digits), unique; oVirt breaks ties by it. \
        Unset VMs sort after those with an id, in file order.
        """),
    FieldDescriptor(
      "status", .enumeration(VMStatus.allCases.map(\.rawValue)), .required, doc: "The VM status."),
    FieldDescriptor(
      "host", .string, .optional,
      doc: "The host it runs on; required when running, absent when Down."),
    FieldDescriptor(
      "memoryMiB", .int, unit: "MiB", .required, minimum: 1, maximum: Bounds.memoryMiB,
      doc: "Guest memory."),
    FieldDescriptor(
      "guaranteedMemoryMiB", .int, unit: "MiB", .defaulted(.derived("same as `memoryMiB`")),
      minimum: 0, maximum: Bounds.memoryMiB, doc: "Memory guaranteed to the guest (≤ memoryMiB)."),
    FieldDescriptor(
      "vcpus", .int, .required, minimum: 1, maximum: Bounds.vcpus, doc: "Virtual CPUs."),
    FieldDescriptor(
      "cpuTopology", .object, .optional,
      doc: "Virtual CPU topology; sockets × coresPerSocket × threadsPerCore = vcpus.",
      children: [
        FieldDescriptor(
          "sockets", .int, .required, minimum: 1, maximum: Bounds.vcpus, doc: "Virtual sockets."),
        FieldDescriptor(
          "coresPerSocket", .int, .required, minimum: 1, maximum: Bounds.vcpus,
          doc: "Cores per virtual socket."),
        FieldDescriptor(
          "threadsPerCore", .int, .required, minimum: 1, maximum: Bounds.vcpus,
          doc: "Threads per virtual core."),
      ]),
    FieldDescriptor(
      "cpuUsagePercent", .float, unit: "percent", .optional, minimum: 0, maximum: 100,
      doc: "CPU usage of its vCPUs; unset when it reports no statistics."),
    FieldDescriptor(
      "ioThreads", .int, .defaulted(.int(0)), minimum: 0, maximum: Bounds.ioThreads,
      doc: "IO threads."),
    FieldDescriptor(
      "memoryOverheadMiB", .int, unit: "MiB", .optional, minimum: 0, maximum: 1_048_576,
      doc: """
        The full memory overhead as the engine computed it (oVirt: osinfo per OS and \
        architecture); unset means static overhead + 8 MiB × vCPUs + 8 MiB × IO threads.
        """),
    FieldDescriptor(
      "highlyAvailable", .bool, .defaulted(.bool(false)),
      doc: "Whether it is restarted automatically when it fails."),
    FieldDescriptor(
      "priority", .enumeration(VMPriority.allCases.map(\.rawValue)), .defaulted(.string("low")),
      doc: "Restart and evacuation priority."),
    FieldDescriptor(
      "migrationMode", .enumeration(MigrationMode.allCases.map(\.rawValue)),
      .defaulted(.string("migratable")),
      doc: "`migratable`, `manual` (only users migrate it) or `pinned` (never migrates)."),
    FieldDescriptor(
      "pinnedHosts", .stringList, .defaulted(.emptyList),
      doc: "Hosts it is pinned to (dedicated hosts)."),
    FieldDescriptor(
      "preferredHosts", .stringList, .defaulted(.emptyList), doc: "Hosts preferred when it starts."),
    FieldDescriptor(
      "customProperties", .map, .defaulted(.emptyMap),
      doc: "Custom properties; `cache` and `viodiskcache` take none, writeback or writethrough."),
    FieldDescriptor(
      "networks", .stringList, .defaulted(.emptyList), doc: "Networks its NICs use."),
    FieldDescriptor(
      "storageDomains", .stringList, .defaulted(.emptyList), doc: "Storage domains of its disks."),
    FieldDescriptor(
      "leaseStorageDomain", .string, .optional, doc: "The storage domain of its VM lease."),
    FieldDescriptor("labels", .stringList, .defaulted(.emptyList), doc: "Affinity labels."),
    FieldDescriptor(
      "hostDevices", .stringList, .defaulted(.emptyList), doc: "Host devices passed through."),
    FieldDescriptor(
      "mdevTypes", .stringList, .defaulted(.emptyList),
      doc: """
        Mediated-device (vGPU) types it needs, one entry per instance, e.g. \
        `[nvidia-22, nvidia-22]`; when empty, the `mdev_type` custom property is read as oVirt \
        writes it (`nodisplay,nvidia-22`).
        """),
    FieldDescriptor(
      "mdevNoDisplay", .bool, .defaulted(.bool(false)),
      doc: "Whether its mediated devices run without a display (oVirt's `nodisplay`)."),
    FieldDescriptor(
      "cpuPinning", .object, .defaulted(.emptyObject), doc: "CPU pinning.",
      children: [
        FieldDescriptor(
          "policy", .enumeration(CPUPinningPolicy.allCases.map(\.rawValue)),
          .defaulted(.string("none")), doc: "The pinning policy."),
        FieldDescriptor(
          "pinning", .string, .optional,
          doc: "The manual pinning, e.g. `0#1_1#2-3`; required when `policy` is `manual`."),
      ]),
    FieldDescriptor(
      "cpuPassthrough", .bool, .defaulted(.bool(false)),
      doc: "Whether the host CPU is passed through."),
    FieldDescriptor(
      "usesTscFrequency", .bool, .defaulted(.bool(false)),
      doc: "Whether it needs a matching TSC frequency (high-performance VMs)."),
    FieldDescriptor(
      "hugepageSizeKiB", .int, unit: "KiB", .optional, minimum: 1, maximum: Bounds.pageSizeKiB,
      doc: "The hugepage size backing its memory; unset when not hugepage-backed."),
    FieldDescriptor(
      "numa", .object, .defaulted(.emptyObject), doc: "Virtual NUMA.",
      children: [
        FieldDescriptor(
          "tuneMode", .enumeration(NUMATuneMode.allCases.map(\.rawValue)),
          .defaulted(.string("interleave")), doc: "How guest memory maps onto host nodes."),
        FieldDescriptor(
          "nodes", .objectList, .defaulted(.emptyList), doc: "Virtual NUMA nodes.",
          children: [
            FieldDescriptor(
              "id", .int, .required, minimum: 0, maximum: Bounds.numaNodeID,
              doc: "The node id, unique per VM."),
            FieldDescriptor(
              "cpus", .intList, .defaulted(.emptyList), minimum: 0, maximum: Bounds.vcpus - 1,
              doc: "The node's vCPUs."),
            FieldDescriptor(
              "memoryMiB", .int, unit: "MiB", .required, minimum: 0, maximum: Bounds.memoryMiB,
              doc: "The node's memory."),
            FieldDescriptor(
              "hostNodes", .intList, .defaulted(.emptyList), minimum: 0, maximum: Bounds.numaNodeID,
              doc: "Host NUMA nodes it is pinned to; empty when not pinned."),
          ]),
      ]),
    FieldDescriptor(
      "customEmulatedMachine", .string, .optional, doc: "A custom emulated machine."),
    FieldDescriptor("customCpuType", .string, .optional, doc: "A custom CPU type."),
    FieldDescriptor(
      "customCompatibilityVersion", .string, .optional, doc: "A custom compatibility version."),
    FieldDescriptor(
      "hostedEngine", .bool, .defaulted(.bool(false)),
      doc: "Whether this is the hosted-engine VM."),
  ]

  // MARK: - Affinity labels

  static let affinityLabelFields: [FieldDescriptor] = [
    FieldDescriptor("name", .string, .required, doc: "The unique label name."),
    FieldDescriptor("vms", .stringList, .defaulted(.emptyList), doc: "VMs carrying the label."),
    FieldDescriptor(
      "hosts", .stringList, .defaulted(.emptyList), doc: "Hosts carrying the label."),
    FieldDescriptor(
      "implicitAffinityGroup", .bool, .defaulted(.bool(false)),
      doc: """
        oVirt's "implicit affinity group" flag: below cluster level 4.4 the label is also a \
        hard positive VM-to-host group (its VMs must run on its hosts), named `label:<name>`.
        """),
  ]

  // MARK: - Pending resources

  static let pendingFields: [FieldDescriptor] = [
    FieldDescriptor("vm", .string, .required, doc: "The VM the resources are promised for."),
    FieldDescriptor("host", .string, .required, doc: "The host they are promised on."),
    FieldDescriptor(
      "memoryMiB", .int, unit: "MiB", .defaulted(.derived("the VM's static overhead")),
      minimum: 0, maximum: Bounds.memoryMiB,
      doc: "Pending physical memory (oVirt's PendingMemory), subtracted from free memory."),
    FieldDescriptor(
      "overcommitMemoryMiB", .int, unit: "MiB",
      .defaulted(.derived("the VM's memory + full overhead")), minimum: 0,
      maximum: Bounds.memoryMiB,
      doc: "Pending over-commit memory (PendingOvercommitMemory), lowering maxSchedulingMemory."),
    FieldDescriptor(
      "vcpus", .int, .defaulted(.derived("the VM's vCPUs")), minimum: 0, maximum: Bounds.vcpus,
      doc: "Pending vCPUs (PendingCpuCores)."),
    FieldDescriptor(
      "cpuUsagePercent", .float, unit: "percent", .optional, minimum: 0, maximum: 100,
      doc: """
        The usage its vCPUs are charged at (PendingCpuLoad = usage × vCPUs); unset means the \
        VM's `cpuUsagePercent`, 10 without statistics.
        """),
  ]

  // MARK: - Assumptions

  static let assumptionFields: [FieldDescriptor] = [
    FieldDescriptor(
      "field", .string, .required,
      doc: "The path of the assumed field, e.g. `hosts[].cpu.overThresholdSince`."),
    FieldDescriptor(
      "value", .string, .required, doc: "The assumed value as text; `unset` when left out."),
    FieldDescriptor("reason", .string, .required, doc: "What the source does not expose."),
    FieldDescriptor(
      "count", .int, .optional, minimum: 0, maximum: Bounds.objectCount,
      doc: "How many hosts, VMs or groups it applies to; absent for a cluster field."),
  ]

  // MARK: - Affinity groups

  static func affinityRule(_ name: String, _ what: String) -> FieldDescriptor {
    FieldDescriptor(
      name, .object, .optional, doc: "The \(what) rule; absent means disabled.",
      children: [
        FieldDescriptor(
          "polarity", .enumeration(AffinityPolarity.allCases.map(\.rawValue)), .required,
          doc: "`positive`, `negative` or `disabled`."),
        FieldDescriptor(
          "enforcing", .bool, .defaulted(.bool(true)),
          doc: "Hard (filter) when true, soft (weight) when false."),
      ])
  }

  static let affinityGroupFields: [FieldDescriptor] = [
    FieldDescriptor("name", .string, .required, doc: "The unique group name."),
    FieldDescriptor("vms", .stringList, .defaulted(.emptyList), doc: "Member VMs."),
    FieldDescriptor("hosts", .stringList, .defaulted(.emptyList), doc: "Member hosts."),
    FieldDescriptor(
      "vmLabels", .stringList, .defaulted(.emptyList),
      doc: "VMs carrying any of these labels are members too."),
    FieldDescriptor(
      "hostLabels", .stringList, .defaulted(.emptyList),
      doc: "Hosts carrying any of these labels are members too."),
    affinityRule("vmRule", "VM-to-VM"),
    affinityRule("hostRule", "VM-to-host"),
    FieldDescriptor(
      "priority", .float, .defaulted(.float(1)), minimum: 0, maximum: Bounds.affinityPriority,
      doc: "Priority among soft rules; higher matters more."),
  ]
}
