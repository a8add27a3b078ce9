/// Whether a native unit's Swift logic exists yet.
public enum NativeUnitStatus: String, Hashable, Sendable {
  /// Registered by name and properties only; the scheduler issue implements it. A pipeline
  /// that contains one must report it, never treat it as passing every host.
  case notImplemented = "not yet implemented"
  /// Implemented.
  case implemented
}

/// A unit written in Swift because its logic is graph-like or needs data an expression cannot
/// reach (other VMs' placements, pinning sets, NUMA assignments).
///
/// A policy document binds a unit name to it:
///
/// ```yaml
/// kind: Filter
/// name: VmAffinityGroups
/// native: VmAffinityGroups
/// ```
public struct NativeUnitDescriptor: Hashable, Sendable {
  /// The registered name (`native:` value).
  public let name: String
  /// Filter, Weight or Balancer.
  public let kind: PolicyKind
  /// Why this unit is not an expression.
  public let rationale: String
  /// The properties it reads, with oVirt's per-unit defaults and bounds.
  public let properties: [PropertyDeclaration]
  /// Whether it is implemented.
  public let status: NativeUnitStatus

  /// Creates a descriptor.
  public init(
    name: String, kind: PolicyKind, rationale: String, properties: [PropertyDeclaration] = [],
    status: NativeUnitStatus = .notImplemented
  ) {
    self.name = name
    self.kind = kind
    self.rationale = rationale
    self.properties = properties
    self.status = status
  }
}

/// The verdict of a native filter for one host.
public enum NativeFilterVerdict: Hashable, Sendable {
  /// The host passes.
  case pass
  /// The host is excluded, with a reason.
  case fail(reason: String)
  /// The unit is not implemented: the caller must report the pipeline as incomplete.
  case notImplemented
}

/// The evaluation interface of native units.
///
/// Native units see the whole cluster (the tables, every VM and host, the pending store),
/// which is what expressions deliberately cannot. A unit that is registered but not
/// implemented gets the placeholder, which returns ``NativeFilterVerdict/notImplemented`` /
/// `nil`, never a fake pass. Filters adopt ``NativeFilterEvaluator`` and weights
/// ``NativeWeightEvaluator`` (or ``NativeCandidateSetWeightEvaluator`` when their scores depend
/// on the candidate set); each lives in `Sources/Policy/Native/`.
public protocol NativeUnitEvaluator: Sendable {
  /// The filter verdict for (host, VM).
  func filter(host: Int, vm: Int, tables: ClusterTables, properties: ResolvedProperties)
    -> NativeFilterVerdict
  /// The weight score for (host, VM), lower is better; `nil` when the unit records nothing
  /// (or is not implemented).
  func weight(host: Int, vm: Int, tables: ClusterTables, properties: ResolvedProperties)
    -> Double?
  /// The weight scores of every candidate host for a VM, in the order of `hosts`.
  ///
  /// The scheduler always calls this batch form, because some oVirt weights normalise over
  /// the candidate set (e.g. OptimalForMemoryEvenDistribution's largest free memory). The
  /// default maps ``weight(host:vm:tables:properties:)`` over the hosts.
  func weights(hosts: [Int], vm: Int, tables: ClusterTables, properties: ResolvedProperties)
    -> [Double?]
}

extension NativeUnitEvaluator {
  /// Maps the single-host weight over the candidates.
  public func weights(
    hosts: [Int], vm: Int, tables: ClusterTables, properties: ResolvedProperties
  ) -> [Double?] {
    hosts.map { weight(host: $0, vm: vm, tables: tables, properties: properties) }
  }
}

/// The placeholder evaluator of every not-yet-implemented native unit.
public struct UnimplementedNativeUnit: NativeUnitEvaluator {
  /// The unit's name, for messages.
  public let name: String

  /// Creates a placeholder.
  public init(name: String) { self.name = name }

  /// Always ``NativeFilterVerdict/notImplemented``.
  public func filter(host: Int, vm: Int, tables: ClusterTables, properties: ResolvedProperties)
    -> NativeFilterVerdict
  { .notImplemented }

  /// Always `nil`.
  public func weight(host: Int, vm: Int, tables: ClusterTables, properties: ResolvedProperties)
    -> Double?
  { nil }
}

/// Every registered native unit.
public enum NativeUnitRegistry {
  /// The descriptors, sorted by kind then name.
  public static let all: [NativeUnitDescriptor] = [
    // Filters.
    NativeUnitDescriptor(
      name: "CpuPinning", kind: .filter,
      rationale: """
        Exclusive pinning must be feasible after the pending and running exclusive pins are \
        applied, and manual pins must name online pCPUs: set logic over the host's CPU topology \
        and the other VMs' pins (semantics.md §2.2.4).
        """, status: .implemented),
    NativeUnitDescriptor(
      name: "HostDevice", kind: .filter,
      rationale: """
        Passthrough devices must be free: it depends on which other VMs hold which devices \
        (semantics.md §2.2.5).
        """, status: .implemented),
    NativeUnitDescriptor(
      name: "HostedEngineSpares", kind: .filter,
      rationale: """
        Whether a host is a hosted-engine spare depends on how many other hosts are spares: a \
        count over the whole cluster, then a decision per host (semantics.md §2.3.13).
        """,
      properties: [
        PropertyDeclaration(
          name: "HeSparesCount", type: .int, defaultValue: .int(0), minimum: 0,
          doc: "Hosts kept able to receive the hosted-engine VM.")
      ], status: .implemented),
    NativeUnitDescriptor(
      name: "HugePages", kind: .filter,
      rationale: """
        Needs, per page size, the free pages minus pending pages: a join between the VM's \
        page size and the host's pools (semantics.md §2.3.8).
        """, status: .implemented),
    NativeUnitDescriptor(
      name: "MDevice", kind: .filter,
      rationale: """
        Needs per-type free mdev instances on the host, which depend on other VMs' devices \
        (semantics.md §2.2.8); the snapshot has no mdev data yet, so every host passes.
        """, status: .implemented),
    NativeUnitDescriptor(
      name: "NUMA", kind: .filter,
      rationale: """
        A feasible assignment of virtual NUMA nodes onto host nodes with enough memory is a \
        matching problem (semantics.md §2.3.7).
        """, status: .implemented),
    NativeUnitDescriptor(
      name: "VmAffinityGroups", kind: .filter,
      rationale: """
        Hard VM↔VM affinity reads where the other members of each group run or are pending: \
        graph logic over groups and placements (semantics.md §2.3.10).
        """, status: .implemented),
    NativeUnitDescriptor(
      name: "VmToHostsAffinityGroups", kind: .filter,
      rationale: """
        Hard VM→host affinity flattens groups and labels into host sets per VM (semantics.md \
        §2.3.11).
        """, status: .implemented),
    // Weights.
    NativeUnitDescriptor(
      name: "CpuAndNumaPinningCompatibility", kind: .weight,
      rationale: """
        Whether a NUMA assignment that respects CPU pinning exists is a matching problem \
        (semantics.md §2.4.12).
        """, status: .implemented),
    NativeUnitDescriptor(
      name: "HighPerformanceCpu", kind: .weight,
      rationale: """
        Scores the sockets and cores a proposed exclusive pinning would use: it needs the \
        pinning itself (semantics.md §2.4.11).
        """, status: .implemented),
    NativeUnitDescriptor(
      name: "OptimalForHaReservation", kind: .weight,
      rationale: """
        Normalises each host's HA VM count by the largest count over all candidates \
        (semantics.md §2.4.8).
        """,
      properties: [
        PropertyDeclaration(
          name: "ScaleDown", type: .int, defaultValue: .int(1), minimum: 1, maximum: 100,
          doc: "HA-reservation weight divisor.")
      ], status: .implemented),
    NativeUnitDescriptor(
      name: "OptimalForMemoryEvenDistribution", kind: .weight,
      rationale: """
        Normalises free memory by the largest maxSchedulingMemory among the candidates \
        (semantics.md §2.4.2): an aggregate over hosts.
        """, status: .implemented),
    NativeUnitDescriptor(
      name: "OptimalForMemoryPowerSaving", kind: .weight,
      rationale: """
        Normalises free memory by 1.1 × the largest maxSchedulingMemory among the candidates \
        (semantics.md §2.4.4): an aggregate over hosts.
        """,
      properties: [
        PropertyDeclaration(
          name: "MaxFreeMemoryForOverUtilized", type: .int, defaultValue: .int(0), minimum: 0,
          doc: "MiB of scheduling memory below which a host is memory over-utilized; 0 is off."),
        PropertyDeclaration(
          name: "MinFreeMemoryForUnderUtilized", type: .int, defaultValue: .int(.max),
          minimum: 0,
          doc: "MiB of scheduling memory above which a host is memory under-utilized."),
      ], status: .implemented),
    NativeUnitDescriptor(
      name: "VmAffinityGroups", kind: .weight,
      rationale: """
        Soft VM↔VM affinity ranks hosts by the sorted priorities of the groups they would \
        break (semantics.md §2.4.9).
        """, status: .implemented),
    NativeUnitDescriptor(
      name: "VmToHostsAffinityGroups", kind: .weight,
      rationale: """
        Soft VM→host affinity ranks hosts by the priorities of the groups they would break \
        (semantics.md §2.4.10).
        """, status: .implemented),
  ]

  /// The native unit of this kind and name.
  public static func descriptor(named name: String, kind: PolicyKind) -> NativeUnitDescriptor? {
    all.first { $0.name == name && $0.kind == kind }
  }

  /// The evaluator of a native unit: its implementation, or the placeholder.
  public static func evaluator(for descriptor: NativeUnitDescriptor) -> any NativeUnitEvaluator {
    switch (descriptor.kind, descriptor.name) {
    case (.filter, "CpuPinning"): CpuPinningFilter()
    case (.filter, "HostDevice"): HostDeviceFilter()
    case (.filter, "HostedEngineSpares"): HostedEngineSparesFilter()
    case (.filter, "HugePages"): HugePagesFilter()
    case (.filter, "MDevice"): MDeviceFilter()
    case (.filter, "NUMA"): NUMAFilter()
    case (.filter, "VmAffinityGroups"): VmAffinityFilter()
    case (.filter, "VmToHostsAffinityGroups"): VmToHostsAffinityFilter()
    case (.weight, "CpuAndNumaPinningCompatibility"): CpuAndNumaPinningWeight()
    case (.weight, "HighPerformanceCpu"): HighPerformanceCpuWeight()
    case (.weight, "OptimalForHaReservation"): HaReservationWeight()
    case (.weight, "OptimalForMemoryEvenDistribution"): MemoryEvenDistributionWeight()
    case (.weight, "OptimalForMemoryPowerSaving"): MemoryPowerSavingWeight()
    case (.weight, "VmAffinityGroups"): VmAffinityWeight()
    case (.weight, "VmToHostsAffinityGroups"): VmToHostsAffinityWeight()
    default: UnimplementedNativeUnit(name: descriptor.name)
    }
  }
}
