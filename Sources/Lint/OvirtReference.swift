import Policy

/// The oVirt facts the `bounds` and `ovirt-compat` rules compare policies with
/// (Docs/ovirt.md §1.1, §2.1, §2.2).
enum OvirtReference {
  /// A closed or half-open numeric range.
  struct Bounds: Hashable {
    var minimum: Double?
    var maximum: Double?

    func allows(_ value: Double) -> Bool {
      if let minimum, value < minimum { return false }
      if let maximum, value > maximum { return false }
      return true
    }

    /// Whether a declaration's bounds admit a value these bounds reject.
    func isLooser(minimum otherMinimum: Double?, maximum otherMaximum: Double?) -> Bool {
      if let minimum, (otherMinimum ?? -.infinity) < minimum { return true }
      if let maximum, (otherMaximum ?? .infinity) > maximum { return true }
      return false
    }

    var text: String {
      PropertyDeclaration(
        name: "", type: .float, defaultValue: .float(0), minimum: minimum, maximum: maximum,
        doc: ""
      ).boundsText
    }
  }

  /// The values `PolicyUnitParameter` accepts (Docs/ovirt.md §2.1). Shepherd lets the two memory
  /// limits be 0 ("off"), which is what oVirt does when the key is absent.
  static let propertyBounds: [String: Bounds] = [
    "HighVmCount": Bounds(minimum: 0),
    "MigrationThreshold": Bounds(minimum: 2),
    "SpmVmGrace": Bounds(minimum: 0),
    "CpuOverCommitDurationMinutes": Bounds(minimum: 1),
    "HighUtilization": Bounds(minimum: 50, maximum: 99),
    "LowUtilization": Bounds(minimum: 0, maximum: 49),
    "VCpuToPhysicalCpuRatio": Bounds(minimum: 0, maximum: 2.999),
    "HostsInReserve": Bounds(minimum: 0),
    "MaxFreeMemoryForOverUtilized": Bounds(minimum: 0),
    "MinFreeMemoryForUnderUtilized": Bounds(minimum: 0),
    "HeSparesCount": Bounds(minimum: 0),
    "MaximumAllowedSwapUsage": Bounds(minimum: 0, maximum: 199),
    "ScaleDown": Bounds(minimum: 1, maximum: 100),
  ]

  /// The filters oVirt registers as mandatory (Docs/ovirt.md §2.2), by their names in
  /// `Policies/units/filters/mandatory.yaml`.
  static let mandatoryFilters = [
    "Compatibility-Version", "CPU-Level", "CPUTopology", "CpuPinning", "HostDevice", "PinToHost",
    "VmLeasesReady", "MDevice",
  ]

  /// Filters every built-in oVirt policy runs (Docs/ovirt.md §1.1) and without which a policy
  /// places VMs on hosts that cannot run them.
  static let coreFilters = ["CPU", "Memory", "Network", "Migration"]

  /// The keys each oVirt unit declares (Docs/ovirt.md §2.1), whether or not its logic reads
  /// them: they decide which keys a cluster may carry.
  static let declaredKeys: [PolicyKind: [String: [String]]] = [
    .filter: [
      "CPUOverloaded": ["HighUtilization", "CpuOverCommitDurationMinutes"],
      "Swap": ["MaximumAllowedSwapUsage"],
      "HostedEngineSpares": ["HeSparesCount"],
    ],
    .weight: [
      "OptimalForCpuEvenDistribution": ["VCpuToPhysicalCpuRatio"],
      "OptimalForCpuPowerSaving": ["HighUtilization"],
      "OptimalForMemoryPowerSaving": [
        "MaxFreeMemoryForOverUtilized", "MinFreeMemoryForUnderUtilized",
      ],
      "OptimalForEvenGuestDistribution": ["SpmVmGrace"],
      "OptimalForHaReservation": ["ScaleDown"],
    ],
    .balancer: [
      "OptimalForEvenDistribution": [
        "HighUtilization", "MaxFreeMemoryForOverUtilized", "MinFreeMemoryForUnderUtilized",
        "CpuOverCommitDurationMinutes", "VCpuToPhysicalCpuRatio",
      ],
      "OptimalForPowerSaving": [
        "HighUtilization", "MaxFreeMemoryForOverUtilized", "MinFreeMemoryForUnderUtilized",
        "CpuOverCommitDurationMinutes", "LowUtilization", "EnableAutomaticHostPowerManagement",
        "HostsInReserve",
      ],
      "OptimalForEvenGuestDistribution": [
        "SpmVmGrace", "HighVmCount", "MigrationThreshold", "MaxFreeMemoryForOverUtilized",
        "MinFreeMemoryForUnderUtilized",
      ],
    ],
  ]

  /// A numeric value of a literal, for bounds checks.
  static func number(_ literal: PropertyLiteral) -> Double? {
    switch literal {
    case .int(let value): Double(value)
    case .float(let value): value
    default: nil
    }
  }

  /// A number as written in messages: `30`, `2.5`.
  static func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15
      ? String(Int64(value)) : PropertyValue.float(value).displayText
  }
}
