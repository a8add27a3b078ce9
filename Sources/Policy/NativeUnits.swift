/// A unit written in Swift because its logic is graph-like or needs data an expression cannot
/// reach (other VMs' placements, pinning sets, NUMA assignments).
///
/// One registry entry describes a unit completely: name, kind, the properties it reads with its
/// own defaults, and its evaluator. A policy document binds a unit name to it:
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
  /// The properties it reads, with oVirt's per-unit defaults and bounds; the evaluator
  /// receives each resolved (``UnitProperties``).
  public let properties: [PropertyDeclaration]
  /// The implementation.
  public let evaluator: any NativeUnitEvaluator

  /// Creates a descriptor.
  public init(
    name: String, kind: PolicyKind, rationale: String, properties: [PropertyDeclaration] = [],
    evaluator: any NativeUnitEvaluator
  ) {
    self.name = name
    self.kind = kind
    self.rationale = rationale
    self.properties = properties
    self.evaluator = evaluator
  }

  /// Descriptors are identified by kind and name (the registry has one per pair).
  public static func == (lhs: NativeUnitDescriptor, rhs: NativeUnitDescriptor) -> Bool {
    lhs.kind == rhs.kind && lhs.name == rhs.name
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(kind)
    hasher.combine(name)
  }
}

/// The verdict of a native filter for one host.
public enum NativeFilterVerdict: Hashable, Sendable {
  /// The host passes.
  case pass
  /// The host is excluded, with a reason.
  case fail(reason: String)
  /// The unit was not evaluated (it is unavailable in this pipeline, see
  /// ``SchedulingPipeline/withUnavailableNativeUnits(_:)``): the caller must report the
  /// decision as provisional, never treat the host as passing.
  case notEvaluated
}

/// The evaluation interface of native units.
///
/// Native units see the whole cluster (the tables, every VM and host, the pending store),
/// which is what expressions deliberately cannot, and their own resolved properties. Filters
/// adopt ``NativeFilterEvaluator`` and weights
/// ``NativeWeightEvaluator`` (or ``NativeCandidateSetWeightEvaluator`` when their scores depend
/// on the candidate set); each lives in `Sources/Policy/Native/`.
public protocol NativeUnitEvaluator: Sendable {
  /// The filter verdict for (host, VM).
  func filter(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> NativeFilterVerdict
  /// The weight score for (host, VM), lower is better; `nil` when the unit records nothing
  /// (or is not implemented).
  func weight(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> Double?
  /// The weight scores of every candidate host for a VM, in the order of `hosts`.
  ///
  /// The scheduler always calls this batch form, because some oVirt weights normalise over
  /// the candidate set (e.g. OptimalForMemoryEvenDistribution's largest free memory). The
  /// default maps ``weight(host:vm:tables:properties:)`` over the hosts.
  func weights(hosts: [Int], vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> [Double?]
  /// Whether ``filter(host:vm:tables:properties:)`` passes `vm` on every host of `tables`,
  /// known from the VM alone (it lacks what the unit checks: pinning, devices, groups…): the
  /// scheduler then skips the unit's per-host calls. `false` when it cannot tell (the default).
  func passesEveryHost(vm: Int, tables: ClusterTables, properties: UnitProperties) -> Bool
}

extension NativeUnitEvaluator {
  /// Cannot tell: the filter runs on every host.
  public func passesEveryHost(vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> Bool
  { false }

  /// Maps the single-host weight over the candidates.
  public func weights(
    hosts: [Int], vm: Int, tables: ClusterTables, properties: UnitProperties
  ) -> [Double?] {
    hosts.map { weight(host: $0, vm: vm, tables: tables, properties: properties) }
  }
}

/// The stand-in for a native unit made unavailable in a pipeline: it never passes a host and
/// records no weight.
struct UnavailableNativeUnit: NativeUnitEvaluator {
  func filter(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> NativeFilterVerdict
  { .notEvaluated }

  func weight(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties) -> Double? {
    nil
  }
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
        and the other VMs' pins (Docs/ovirt.md §2.2.4).
        """, evaluator: CpuPinningFilter()),
    NativeUnitDescriptor(
      name: "HostDevice", kind: .filter,
      rationale: """
        Passthrough devices must be free: it depends on which other VMs hold which devices \
        (Docs/ovirt.md §2.2.5).
        """, evaluator: HostDeviceFilter()),
    NativeUnitDescriptor(
      name: "HostedEngineSpares", kind: .filter,
      rationale: """
        Whether a host is a hosted-engine spare depends on how many other hosts are spares: a \
        count over the whole cluster, then a decision per host (Docs/ovirt.md §2.3.13).
        """,
      properties: [
        PropertyDeclaration(
          name: "HeSparesCount", type: .int, defaultValue: .int(0), minimum: 0,
          doc: "Hosts kept able to receive the hosted-engine VM.")
      ], evaluator: HostedEngineSparesFilter()),
    NativeUnitDescriptor(
      name: "HugePages", kind: .filter,
      rationale: """
        Needs, per page size, the free pages minus pending pages: a join between the VM's \
        page size and the host's pools (Docs/ovirt.md §2.3.8).
        """, evaluator: HugePagesFilter()),
    NativeUnitDescriptor(
      name: "MDevice", kind: .filter,
      rationale: """
        Needs per-type free mdev instances on the host, which depend on other VMs' devices \
        (Docs/ovirt.md §2.2.8); the snapshot has no mdev data yet, so every host passes.
        """, evaluator: MDeviceFilter()),
    NativeUnitDescriptor(
      name: "NUMA", kind: .filter,
      rationale: """
        A feasible assignment of virtual NUMA nodes onto host nodes with enough memory is a \
        matching problem (Docs/ovirt.md §2.3.7).
        """, evaluator: NUMAFilter()),
    NativeUnitDescriptor(
      name: "VmAffinityGroups", kind: .filter,
      rationale: """
        Hard VM↔VM affinity reads where the other members of each group run or are pending: \
        graph logic over groups and placements (Docs/ovirt.md §2.3.10).
        """, evaluator: VmAffinityFilter()),
    NativeUnitDescriptor(
      name: "VmToHostsAffinityGroups", kind: .filter,
      rationale: """
        Hard VM→host affinity flattens groups and labels into host sets per VM (Docs/ovirt.md \
        §2.3.11).
        """, evaluator: VmToHostsAffinityFilter()),
    // Weights.
    NativeUnitDescriptor(
      name: "CpuAndNumaPinningCompatibility", kind: .weight,
      rationale: """
        Whether a NUMA assignment that respects CPU pinning exists is a matching problem \
        (Docs/ovirt.md §2.4.12).
        """, evaluator: CpuAndNumaPinningWeight()),
    NativeUnitDescriptor(
      name: "HighPerformanceCpu", kind: .weight,
      rationale: """
        Scores the sockets and cores a proposed exclusive pinning would use: it needs the \
        pinning itself (Docs/ovirt.md §2.4.11).
        """, evaluator: HighPerformanceCpuWeight()),
    NativeUnitDescriptor(
      name: "OptimalForHaReservation", kind: .weight,
      rationale: """
        Normalises each host's HA VM count by the largest count over all candidates \
        (Docs/ovirt.md §2.4.8).
        """,
      properties: [
        PropertyDeclaration(
          name: "ScaleDown", type: .int, defaultValue: .int(1), minimum: 1, maximum: 100,
          doc: "HA-reservation weight divisor.")
      ], evaluator: HaReservationWeight()),
    NativeUnitDescriptor(
      name: "OptimalForMemoryEvenDistribution", kind: .weight,
      rationale: """
        Normalises free memory by the largest maxSchedulingMemory among the candidates \
        (Docs/ovirt.md §2.4.2): an aggregate over hosts.
        """, evaluator: MemoryEvenDistributionWeight()),
    NativeUnitDescriptor(
      name: "OptimalForMemoryPowerSaving", kind: .weight,
      rationale: """
        Normalises free memory by 1.1 × the largest maxSchedulingMemory among the candidates \
        (Docs/ovirt.md §2.4.4): an aggregate over hosts.
        """,
      properties: [
        PropertyDeclaration(
          name: "MaxFreeMemoryForOverUtilized", type: .int, defaultValue: .int(0), minimum: 0,
          doc: "MiB of scheduling memory below which a host is memory over-utilized; 0 is off."),
        PropertyDeclaration(
          name: "MinFreeMemoryForUnderUtilized", type: .int, defaultValue: .int(.max),
          minimum: 0,
          doc: "MiB of scheduling memory above which a host is memory under-utilized."),
      ], evaluator: MemoryPowerSavingWeight()),
    NativeUnitDescriptor(
      name: "VmAffinityGroups", kind: .weight,
      rationale: """
        Soft VM↔VM affinity ranks hosts by the sorted priorities of the groups they would \
        break (Docs/ovirt.md §2.4.9).
        """, evaluator: VmAffinityWeight()),
    NativeUnitDescriptor(
      name: "VmToHostsAffinityGroups", kind: .weight,
      rationale: """
        Soft VM→host affinity ranks hosts by the priorities of the groups they would break \
        (Docs/ovirt.md §2.4.10).
        """, evaluator: VmToHostsAffinityWeight()),
  ]

  /// The native unit of this kind and name.
  public static func descriptor(named name: String, kind: PolicyKind) -> NativeUnitDescriptor? {
    all.first { $0.name == name && $0.kind == kind }
  }
}
