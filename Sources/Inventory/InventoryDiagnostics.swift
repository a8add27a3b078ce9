public import Diagnostics

extension DiagnosticDescriptor {
  /// A snapshot mapping has a key the field registry does not know.
  public static let inventoryUnknownField = DiagnosticDescriptor(
    "I001", title: "unknown snapshot field",
    explanation: """
      A mapping in the snapshot has a key that is not a field at that place. Check the spelling \
      (the help line suggests the closest known field) and `Docs/fields.md` for every field.
      """)
  /// A snapshot value has the wrong type.
  public static let inventoryTypeMismatch = DiagnosticDescriptor(
    "I002", title: "snapshot value has the wrong type",
    explanation: """
      A snapshot field holds a value of the wrong type, e.g. a string where an integer is \
      expected or a mapping where a list is expected. Under YAML 1.2 `yes`/`no`/`on`/`off` are \
      strings: write `true` or `false`.
      """)
  /// A required snapshot field is missing.
  public static let inventoryMissingField = DiagnosticDescriptor(
    "I003", title: "required snapshot field is missing",
    explanation: """
      A field that has no default is missing. `Docs/fields.md` lists which fields are required \
      and the default of every optional one.
      """)
  /// A value is not one of the allowed values.
  public static let inventoryInvalidEnumValue = DiagnosticDescriptor(
    "I004", title: "value is not one of the allowed values",
    explanation: """
      The field takes one of a fixed set of values (e.g. a host status or a VM priority); \
      values are case-sensitive. The help line suggests the closest allowed value.
      """)
  /// A number is outside the field's bounds, or a name is empty.
  public static let inventoryOutOfRange = DiagnosticDescriptor(
    "I005", title: "value out of range",
    explanation: """
      A number is outside the bounds the field registry gives for it, such as negative memory, \
      a CPU usage above 100 % or a VM with 0 vCPUs, or a name is empty.
      """)
  /// A timestamp is not RFC 3339.
  public static let inventoryInvalidTimestamp = DiagnosticDescriptor(
    "I006", title: "invalid timestamp",
    explanation: """
      Timestamps are RFC 3339 / ISO 8601 date-times with a time zone: \
      `2026-11-28T10:00:00Z`, `2026-11-28T10:00:00.250+01:00`. Dates without a time or a zone \
      are rejected because durations are measured against `takenAt`.
      """)
  /// The document is not a `shepherd/v1` `ClusterSnapshot`.
  public static let inventoryUnsupportedDocument = DiagnosticDescriptor(
    "I007", title: "not a supported cluster snapshot",
    explanation: """
      The snapshot must start with `apiVersion: shepherd/v1` and `kind: ClusterSnapshot`. \
      Another `kind` usually means a policy or plan file was passed where a snapshot is expected.
      """)
  /// Two hosts, VMs, groups or NUMA nodes share a name.
  public static let inventoryDuplicateName = DiagnosticDescriptor(
    "I008", title: "duplicate name",
    explanation: """
      Host, VM and affinity-group names identify entities in policies and plans, so each must \
      be unique within its list (NUMA node ids and hugepage sizes within their host or VM). A \
      note points at the first occurrence.
      """)
  /// A name refers to a host or VM that does not exist.
  public static let inventoryUnknownReference = DiagnosticDescriptor(
    "I009", title: "reference to an unknown host or VM",
    explanation: """
      A VM's `host`, `pinnedHosts` or `preferredHosts`, the cluster's `spmHost`, or an affinity \
      group's `vms`/`hosts` names something that is not in the snapshot. The help line \
      suggests the closest existing name.
      """)
  /// Values that are each valid contradict one another.
  public static let inventoryInconsistentValues = DiagnosticDescriptor(
    "I010", title: "inconsistent values",
    explanation: """
      Values contradict each other: free memory above physical memory, fewer threads than \
      cores, a VM CPU topology that does not multiply to its vCPUs, a timestamp after \
      `takenAt`, a manual CPU pinning policy without a pinning string, and similar.
      """)
  /// A VM's status contradicts its host or its host's status.
  public static let inventoryInconsistentState = DiagnosticDescriptor(
    "I011", title: "VM state contradicts its host",
    explanation: """
      A running VM must name the host it runs on, and that host must be able to run VMs \
      (not Down or in Maintenance; on a NonResponsive host only VMs in status Unknown are \
      accepted). A VM that is not running (Down, Suspended, ImageLocked, ImageIllegal) must not \
      name a host.
      """)
  /// Values that are valid but almost certainly not what the cluster holds.
  public static let inventoryImplausibleValues = DiagnosticDescriptor(
    "I012", title: "implausible values",
    explanation: """
      A warning, not an error: a host's committed memory is more than twice what the \
      cluster's memory overcommit lets it hold (physical × overcommit %), or a VM needs more \
      memory than any host of the cluster can hold, so no policy can ever place it. Both \
      usually mean a value in the wrong unit (bytes or KiB where MiB is expected) or a stale \
      snapshot. Planning goes on with the values as given.
      """, severity: .warning)
  /// A data-center snapshot (`clusters:`) is malformed, or given where one cluster is read.
  public static let inventoryDataCenterShape = DiagnosticDescriptor(
    "I013", title: "invalid data-center snapshot",
    explanation: """
      A snapshot describes one cluster (`cluster`, `hosts`, `vms`, … at the top level) or a \
      data center (`clusters:`, a list whose entries each carry those fields), never both; \
      `clusters` must list at least one cluster. Some inputs (a test suite's snapshot, \
      `--new-vms` without `--cluster`) take one cluster: pick one of a data center with \
      `--cluster NAME` or write that cluster as a one-cluster snapshot.
      """)
}

/// Every diagnostic the Inventory module (snapshot loading) reports.
public enum InventoryDiagnostics {
  /// Every inventory descriptor, in code order.
  public static let all: [DiagnosticDescriptor] = [
    .inventoryUnknownField, .inventoryTypeMismatch, .inventoryMissingField,
    .inventoryInvalidEnumValue, .inventoryOutOfRange, .inventoryInvalidTimestamp,
    .inventoryUnsupportedDocument, .inventoryDuplicateName, .inventoryUnknownReference,
    .inventoryInconsistentValues, .inventoryInconsistentState, .inventoryImplausibleValues,
    .inventoryDataCenterShape,
  ]
}

// Listed with the solver codes (``SchedulerDiagnostics/all``): it is reported when `place`
// loads its input, which happens below the solver.
extension DiagnosticDescriptor {
  /// The `--new-vms` file is not a list of VM entries.
  public static let schedulerInvalidNewVMs = DiagnosticDescriptor(
    "S006", title: "new VMs file is not a list of VMs",
    explanation: """
      `--new-vms FILE` reads a YAML (or JSON) sequence of VM entries in the snapshot's `vms:` \
      format, e.g. `- { name: big-db, memoryMiB: 1048576, vcpus: 8 }`. The entries are \
      validated exactly like the snapshot's own VMs.
      """)
}
