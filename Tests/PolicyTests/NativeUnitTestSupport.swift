import Diagnostics
import Inventory
import Policy
import Testing

/// Small hand-built snapshots and the registry's evaluators, for the native unit suites.
enum NativeFixture {
  /// Loads a snapshot from the YAML after the document header (cluster, hosts, vms, groups).
  static func tables(_ body: String) throws -> ClusterTables {
    let text = """
      apiVersion: shepherd/v1
      kind: ClusterSnapshot
      takenAt: 2026-11-28T10:00:00Z

      """ + body
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let file = sources.add(path: "native.yaml", text: text)
    let snapshot = try #require(
      SnapshotLoader().load(file, diagnostics: &bag),
      "\(DiagnosticRenderer(sources: sources).render(bag))")
    return ClusterTables(snapshot: snapshot)
  }

  /// The registry's evaluator of a native unit.
  static func evaluator(_ name: String, _ kind: PolicyKind) throws -> any NativeUnitEvaluator {
    try #require(NativeUnitRegistry.descriptor(named: name, kind: kind)).evaluator
  }

  /// No property set: every native unit's declared properties at their defaults (the names
  /// are distinct across units).
  static let defaults = UnitProperties(
    defaultsOf: NativeUnitRegistry.all.flatMap(\.properties))

  /// Properties set by the policy, the other declared ones at their defaults.
  static func properties(_ values: [(String, PropertyValue)]) -> UnitProperties {
    var result = defaults
    for (name, value) in values {
      result.values.removeAll { $0.name == name }
      result.values.append(UnitPropertyValue(name: name, value: value, source: .policy))
    }
    return result
  }

  /// The verdict of a filter for (host name, VM name).
  static func verdict(
    _ unit: any NativeUnitEvaluator, _ host: String, _ vm: String, _ tables: ClusterTables,
    _ properties: UnitProperties = defaults
  ) throws -> NativeFilterVerdict {
    let hostIndex = try #require(tables.snapshot.hostIndexByName[host])
    let vmIndex = try #require(tables.snapshot.vmIndexByName[vm])
    return unit.filter(host: hostIndex, vm: vmIndex, tables: tables, properties: properties)
  }

  /// Whether a filter passes (host name, VM name).
  static func passes(
    _ unit: any NativeUnitEvaluator, _ host: String, _ vm: String, _ tables: ClusterTables,
    _ properties: UnitProperties = defaults
  ) throws -> Bool {
    try verdict(unit, host, vm, tables, properties) == .pass
  }

  /// The failure reason, or "" when the host passes.
  static func reason(
    _ unit: any NativeUnitEvaluator, _ host: String, _ vm: String, _ tables: ClusterTables,
    _ properties: UnitProperties = defaults
  ) throws -> String {
    if case .fail(let reason) = try verdict(unit, host, vm, tables, properties) { return reason }
    return ""
  }

  /// The batch weights of every host (in snapshot order) for a VM.
  static func weights(
    _ unit: any NativeUnitEvaluator, _ vm: String, _ tables: ClusterTables,
    hosts: [Int]? = nil, _ properties: UnitProperties = defaults
  ) throws -> [Double?] {
    let vmIndex = try #require(tables.snapshot.vmIndexByName[vm])
    return unit.weights(
      hosts: hosts ?? Array(tables.snapshot.hosts.indices), vm: vmIndex, tables: tables,
      properties: properties)
  }

  /// Records a pending placement by names.
  static func place(_ vm: String, on host: String, _ tables: inout ClusterTables) throws {
    let hostIndex = try #require(tables.snapshot.hostIndexByName[host])
    let vmIndex = try #require(tables.snapshot.vmIndexByName[vm])
    tables.addPending(vm: vmIndex, host: hostIndex)
  }
}
