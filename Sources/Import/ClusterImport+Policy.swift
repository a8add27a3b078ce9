import Diagnostics
import Inventory

extension ClusterImport {
  /// Writes a custom engine scheduling policy as a Shepherd `SchedulingPolicy` document.
  ///
  /// Units keep their engine names (Shepherd's units are named as oVirt's); filters the
  /// engine runs in every policy (mandatory ones) are left out because Shepherd runs them
  /// anyway, units Shepherd does not have are left out with an O008 warning, and `DiskCache`
  /// follows `Migration` as in Shepherd's built-in policies. The engine's filter positions
  /// (1 = first, -1 = last) are kept.
  mutating func exportPolicy(
    _ policy: EnginePolicy, named name: String, _ unitNames: [String: String]
  ) {
    let node = policy.node
    let file = policy.file
    func unitName(_ item: XMLNode) -> String? {
      let unit = item.child("scheduling_policy_unit")
      return unit?.text("name") ?? unit?.id.flatMap { unitNames[$0] } ?? item.text("name")
        ?? item.id.flatMap { unitNames[$0] }
    }
    var warnings: [Diagnostic] = []
    func warn(_ item: XMLNode, _ message: String) {
      warnings.append(
        Diagnostic(
          code: DiagnosticDescriptor.importUnsupported.code, severity: .warning,
          message: "scheduling policy '\(name)': \(message)", span: span(file, item.offset)))
    }
    func skip(_ item: XMLNode, _ unit: String?, _ what: String) {
      warn(
        item,
        unit.map { "Shepherd has no \(what) '\($0)'; it is left out" }
          ?? "a \(what) whose unit is not in schedulingpolicyunits.xml is left out")
    }

    var first: [String] = []
    var middle: [String] = []
    var last: [String] = []
    for item in node.items("filters", "filter") {
      guard let unit = unitName(item), catalog.filters.contains(unit) else {
        skip(item, unitName(item), "filter")
        continue
      }
      if catalog.mandatoryFilters.contains(unit) { continue }
      switch item.text("position") {
      case "1": first.append(unit)
      case "-1": last.append(unit)
      default: middle.append(unit)
      }
    }
    var filters = first + middle + last
    if let migration = filters.firstIndex(of: "Migration"), !filters.contains("DiskCache"),
      catalog.filters.contains("DiskCache")
    {
      filters.insert("DiskCache", at: migration + 1)
    }
    var weights: [(String, Int)] = []
    for item in node.items("weight", "weight") + node.items("weights", "weight") {
      guard let unit = unitName(item), catalog.weights.contains(unit) else {
        skip(item, unitName(item), "weight")
        continue
      }
      weights.append((unit, max(0, int(item, "factor", file, of: "weight '\(unit)'") ?? 1)))
    }
    var balancer: String?
    for item in node.items("balances", "balance") {
      guard let unit = unitName(item), catalog.balancers.contains(unit) else {
        skip(item, unitName(item), "balancer")
        continue
      }
      balancer = balancer ?? unit
    }
    var properties: [(String, String)] = []
    for property in node.items("properties", "property") {
      guard let key = property.text("name"), let value = property.text("value") else { continue }
      if Int(value) != nil || Double(value) != nil || value == "true" || value == "false" {
        properties.append((key, value))
      } else {
        warn(property, "property '\(key)' has the non-numeric value '\(value)'; it is left out")
      }
    }

    diagnostics.append(contentsOf: warnings)
    var yaml = "# The engine's custom scheduling policy '\(name)'"
    if let id = node.id { yaml += " (id \(id))" }
    yaml += ",\n# written by `shepherd import ovirt`; load it with --policies.\n"
    yaml += "kind: SchedulingPolicy\nname: \(SnapshotWriter.yamlScalar(name))\n"
    if let description = node.text("description") {
      yaml += "description: \(SnapshotWriter.yamlScalar(description))\n"
    }
    yaml += "filters:\n" + filters.map { "  - \(SnapshotWriter.yamlScalar($0))\n" }.joined()
    if weights.isEmpty {
      yaml += "weights: []\n"
    } else {
      yaml += "weights:\n"
      for (unit, factor) in weights {
        yaml += "  - { unit: \(SnapshotWriter.yamlScalar(unit)), factor: \(factor) }\n"
      }
    }
    yaml += "balancer: \(SnapshotWriter.yamlScalar(balancer ?? "None"))\n"
    if !properties.isEmpty {
      yaml += "properties:\n"
      for (key, value) in properties { yaml += "  \(SnapshotWriter.yamlScalar(key)): \(value)\n" }
    }
    let fileName =
      String(
        name.unicodeScalars.map { scalar in
          switch scalar {
          case "a"..."z", "A"..."Z", "0"..."9", "-", "_": Character(scalar)
          default: "_"
          }
        }) + ".yaml"
    exported.append(ExportedPolicy(name: name, fileName: fileName, yaml: yaml))
  }
}
