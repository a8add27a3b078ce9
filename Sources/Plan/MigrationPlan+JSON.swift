public import Diagnostics
public import YAMLDocument

extension MigrationPlan {
  /// The plan as JSON: keys sorted, fixed number formatting, no timestamps of its own and no
  /// absolute paths, so identical inputs give byte-identical plans.
  public func json() -> JSONValue {
    var fields: [(String, JSONValue)] = [
      ("apiVersion", .string(Self.apiVersion)),
      ("kind", .string(Self.kind)),
      (
        "snapshot",
        .object([
          ("cluster", .string(cluster)), ("digest", .string(snapshotDigest)),
          ("takenAt", .string(snapshotTakenAt)),
        ])
      ),
      ("policy", .object([("name", .string(policyName)), ("digest", .string(policyDigest))])),
      ("trigger", trigger.json()),
      ("limits", limits.json()),
      ("steps", .array(steps.map { $0.json() })),
      ("unhandled", .array(unhandled.map { $0.json() })),
      ("hostSummary", .array(hostSummary.map { $0.json() })),
      ("estimatedDurationSeconds", .double(estimatedDurationSeconds)),
      ("complete", .bool(isComplete)),
    ]
    if isCapped { fields.append(("capped", .bool(true))) }
    if !notes.isEmpty { fields.append(("notes", .array(notes.map { .string($0) }))) }
    if let headroom { fields.append(("headroom", headroom.json())) }
    if let haReservation { fields.append(("haReservation", haReservation.json())) }
    if let optimization { fields.append(("optimization", optimization.json())) }
    return .object(fields)
  }
}

extension PlanTrigger {
  func json() -> JSONValue {
    var fields: [(String, JSONValue)] = [
      ("kind", .string(kind.rawValue)),
      ("hosts", .array(hosts.map { .string($0) })),
      ("vms", .array(vms.map { .string($0) })),
    ]
    if let destination { fields.append(("destination", .string(destination))) }
    if let objective { fields.append(("objective", .string(objective))) }
    return .object(fields)
  }
}

extension OptimizationReport {
  func json() -> JSONValue {
    .object([
      ("objective", .string(objective)), ("measure", .string(measure)),
      ("before", .double(before)), ("after", .double(after)),
      ("lowerBound", .double(lowerBound)), ("boundDetail", .string(boundDetail)),
      ("gap", .double(gap)), ("gapPercent", .double(gapPercent)),
      ("migrations", .int(migrations)), ("vmsNotInPlace", .int(vmsNotInPlace)),
      ("stoppedBy", .string(stoppedBy)), ("iterations", .int(iterations)),
    ])
  }
}

extension PlanLimits {
  func json() -> JSONValue {
    .object([
      ("maxMigrations", maxMigrations.map { .int($0) } ?? .null),
      ("maxConcurrentMigrationsPerCluster", .int(maxConcurrentMigrationsPerCluster)),
      ("maxConcurrentMigrationsPerHost", .int(maxConcurrentMigrationsPerHost)),
      ("bandwidthMbps", bandwidthMbps.map { .double($0) } ?? .null),
    ])
  }
}

extension PlanStep {
  func json() -> JSONValue {
    var fields: [(String, JSONValue)] = [
      ("id", .string(id)),
      ("action", .string(action.rawValue)),
      ("wave", .int(wave)),
      ("dependsOn", .array(dependsOn.map { .string($0) })),
      ("precondition", precondition.json()),
      (
        "reason",
        .object([
          ("text", .string(reason.text)), ("proposedBy", .string(reason.proposedBy)),
          ("data", reason.data),
        ])
      ),
    ]
    if let vm { fields.append(("vm", .string(vm))) }
    if let fromHost { fields.append(("from", .string(fromHost))) }
    if let toHost { fields.append(("to", .string(toHost))) }
    if let host { fields.append(("host", .string(host))) }
    if let migrationParameters { fields.append(("migration", migrationParameters)) }
    if let estimatedDurationSeconds {
      fields.append(("estimatedDurationSeconds", .double(estimatedDurationSeconds)))
    }
    return .object(fields)
  }
}

extension StepPrecondition {
  func json() -> JSONValue {
    var fields: [(String, JSONValue)] = [("hostsUp", .array(hostsUp.map { .string($0) }))]
    if let vmRunningOn { fields.append(("vmRunningOn", .string(vmRunningOn))) }
    if let hostEmpty { fields.append(("hostEmpty", .string(hostEmpty))) }
    return .object(fields)
  }
}

extension UnhandledItem {
  func json() -> JSONValue {
    var fields: [(String, JSONValue)] = [
      ("kind", .string(kind)), ("name", .string(name)), ("reason", .string(reason)),
      ("details", .array(details.map { .string($0) })),
    ]
    if let conflict { fields.append(("conflict", conflict.json())) }
    return .object(fields)
  }
}

extension AffinityConflictData {
  func json() -> JSONValue {
    .object([
      ("type", .string(type)), ("groups", .array(groups.map { .string($0) })),
      ("vms", .array(vms.map { .string($0) })), ("hosts", .array(hosts.map { .string($0) })),
    ])
  }
}

extension HostSummary {
  func json() -> JSONValue {
    .object([("host", .string(host)), ("before", before.json()), ("after", after.json())])
  }
}

extension HostSummary.Figures {
  func json() -> JSONValue {
    .object([
      ("cpuPercent", cpuPercent.map { .double($0) } ?? .null),
      ("memoryPercent", .double(memoryPercent)),
      ("vmCount", .int(vmCount)),
    ])
  }
}

/// Reads a plan back from JSON (or YAML), reporting every shape problem with its location.
///
/// Everything the writer writes is read back (`read(plan.json())` writes the same bytes), so a
/// report can be drawn from a plan file. Optional sections (reason data, summaries, headroom) may
/// be absent; when present, their shape is checked like the rest.
/// The reader is strict about the shape (unknown fields anywhere but in a reason's free-form
/// `data` are errors, as are negative or non-finite numbers and more than ``maxSteps`` steps) and
/// about what the verifier and an executor act on: steps, hosts, VMs, waves. A maintenance plan
/// that claims to be complete must put every host it names into maintenance.
public struct PlanReader: Sendable {
  /// YAML limits for the plan file.
  public var limits: YAMLLimits
  /// The most steps a plan may have.
  public var maxSteps: Int

  /// Creates a reader.
  public init(limits: YAMLLimits = .default, maxSteps: Int = 100_000) {
    self.limits = limits
    self.maxSteps = maxSteps
  }

  /// The fields each mapping of a plan may have (what ``MigrationPlan/json()`` writes).
  static let knownKeys: [String: Set<String>] = [
    "plan": [
      "apiVersion", "kind", "snapshot", "policy", "trigger", "limits", "steps", "unhandled",
      "hostSummary", "estimatedDurationSeconds", "complete", "capped", "notes", "headroom",
      "haReservation", "optimization",
    ],
    "snapshot": ["cluster", "digest", "takenAt"],
    "policy": ["name", "digest"],
    "trigger": ["kind", "hosts", "vms", "destination", "objective"],
    "optimization": [
      "objective", "measure", "before", "after", "lowerBound", "boundDetail", "gap", "gapPercent",
      "migrations", "vmsNotInPlace", "stoppedBy", "iterations",
    ],
    "limits": [
      "maxMigrations", "maxConcurrentMigrationsPerCluster", "maxConcurrentMigrationsPerHost",
      "bandwidthMbps",
    ],
    "step": [
      "id", "action", "wave", "dependsOn", "precondition", "reason", "vm", "from", "to", "host",
      "migration", "estimatedDurationSeconds",
    ],
    "precondition": ["hostsUp", "vmRunningOn", "hostEmpty"],
    "reason": ["text", "proposedBy", "data"],
    "unhandled": ["kind", "name", "reason", "details", "conflict"],
    "conflict": ["type", "groups", "vms", "hosts"],
  ]

  /// Parses a plan file.
  /// - Returns: the plan, or `nil` when an error was reported.
  public func read(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> MigrationPlan? {
    var local = DiagnosticBag(limit: diagnostics.limit)
    defer { diagnostics.merge(local) }
    guard let root = rootMapping(file, &local) else { return nil }
    return read(root, &local)
  }

  /// The plan file's top-level mapping; nil with diagnostics when it is not YAML or JSON
  /// holding a mapping.
  func rootMapping(_ file: SourceFile, _ local: inout DiagnosticBag) -> Mapping? {
    guard let document = YAMLParser(limits: limits).parseSingle(file, diagnostics: &local) else {
      return nil
    }
    return document.root.expectMapping("the plan", &local, code: .planMalformed)
  }

  /// Reads one plan mapping (a whole plan file, or one cluster's of a data-center plan).
  func read(_ root: Mapping, _ local: inout DiagnosticBag) -> MigrationPlan? {
    var reader = Fields(mapping: root, diagnostics: local)
    reader.checkKeys(of: root, "plan")
    let apiVersion = reader.string("apiVersion")
    let kind = reader.string("kind")
    if let apiVersion, apiVersion != MigrationPlan.apiVersion {
      reader.report(
        "unsupported plan apiVersion '\(apiVersion)'; expected '\(MigrationPlan.apiVersion)'",
        at: root["apiVersion"]?.span)
    }
    if let kind, kind != MigrationPlan.kind {
      reader.report(
        "expected kind '\(MigrationPlan.kind)', found '\(kind)'", at: root["kind"]?.span)
    }
    let snapshot = reader.mapping("snapshot")
    let policy = reader.mapping("policy")
    let triggerMapping = reader.mapping("trigger")
    let limitsMapping = reader.mapping("limits")
    for (mapping, place) in [
      (snapshot, "snapshot"), (policy, "policy"), (triggerMapping, "trigger"),
      (limitsMapping, "limits"),
    ] {
      if let mapping { reader.checkKeys(of: mapping, place) }
    }
    var plan = MigrationPlan(
      cluster: reader.string(in: snapshot, "cluster") ?? "",
      snapshotDigest: reader.string(in: snapshot, "digest") ?? "",
      snapshotTakenAt: reader.string(in: snapshot, "takenAt") ?? "",
      policyName: reader.string(in: policy, "name") ?? "",
      policyDigest: reader.string(in: policy, "digest") ?? "",
      trigger: PlanTrigger(kind: .balance),
      limits: PlanLimits(maxConcurrentMigrationsPerCluster: 1, maxConcurrentMigrationsPerHost: 1))
    plan.snapshotDigestSpan = snapshot?["digest"]?.span
    if let triggerMapping {
      var sub = reader.nested(triggerMapping)
      if let kindText = sub.string("kind") {
        if let kind = PlanTrigger.Kind(rawValue: kindText) {
          plan.trigger.kind = kind
        } else {
          sub.report(
            "unknown trigger kind '\(kindText)'", at: triggerMapping["kind"]?.span,
            help: DidYouMean.help(for: kindText, among: PlanTrigger.Kind.allCases.map(\.rawValue)))
        }
      }
      plan.trigger.hosts = sub.strings("hosts") ?? []
      plan.trigger.vms = sub.strings("vms") ?? []
      plan.trigger.destination = sub.optionalString("destination")
      plan.trigger.objective = sub.optionalString("objective")
      reader.diagnostics = sub.diagnostics
    }
    if let limitsMapping {
      var sub = reader.nested(limitsMapping)
      // Informational: the verifier takes its limits from the snapshot and the policies.
      plan.limits.maxMigrations = sub.optionalInt("maxMigrations", minimum: 0)
      plan.limits.maxConcurrentMigrationsPerCluster =
        sub.int("maxConcurrentMigrationsPerCluster", minimum: 1) ?? 1
      plan.limits.maxConcurrentMigrationsPerHost =
        sub.int("maxConcurrentMigrationsPerHost", minimum: 1) ?? 1
      plan.limits.bandwidthMbps = sub.optionalDouble("bandwidthMbps", minimum: 0)
      reader.diagnostics = sub.diagnostics
    }
    if let stepsNode = root["steps"] {
      if let sequence = stepsNode.expectSequence(
        "'steps'", &reader.diagnostics, code: .planMalformed)
      {
        if sequence.items.count > maxSteps {
          reader.report(
            "the plan has \(sequence.items.count) steps, more than the limit of \(maxSteps)",
            at: sequence.span)
        } else {
          for item in sequence.items {
            if let step = readStep(item, &reader.diagnostics) { plan.steps.append(step) }
          }
        }
      }
    } else {
      reader.report("the plan has no 'steps'", at: root.span)
    }
    plan.isComplete = root["complete"]?.scalarValue?.resolved == .bool(true)
    plan.isCapped = root["capped"]?.scalarValue?.resolved == .bool(true)
    readDetails(root, into: &plan, &reader)
    if plan.isComplete, plan.trigger.kind == .maintenance, !reader.diagnostics.hasErrors {
      let entering = Set(plan.steps.filter { $0.action == .hostMaintenance }.compactMap(\.host))
      for host in plan.trigger.hosts where !entering.contains(host) {
        reader.report(
          "the plan claims to be complete but no step puts '\(host)' into maintenance",
          at: root["complete"]?.span,
          help: "a complete maintenance plan ends with a 'host-maintenance' step for each host")
      }
    }
    local = reader.diagnostics
    return local.hasErrors ? nil : plan
  }

  /// The sections only people and reports use: duration, notes, unhandled items, the host
  /// summary and the two headroom analyses.
  private func readDetails(_ root: Mapping, into plan: inout MigrationPlan, _ reader: inout Fields)
  {
    plan.estimatedDurationSeconds =
      reader.optionalDouble("estimatedDurationSeconds", minimum: 0) ?? 0
    plan.notes = reader.strings("notes") ?? []
    plan.unhandled = reader.mappings("unhandled").compactMap { item -> UnhandledItem? in
      var sub = reader.nested(item)
      defer { reader.diagnostics = sub.diagnostics }
      sub.checkKeys(of: item, "unhandled")
      guard let kind = sub.string("kind"), let name = sub.string("name"),
        let reason = sub.string("reason")
      else { return nil }
      var conflict: AffinityConflictData?
      if let node = item["conflict"], !node.isNull,
        let mapping = node.expectMapping("'conflict'", &sub.diagnostics, code: .planMalformed)
      {
        var inner = sub.nested(mapping)
        inner.checkKeys(of: mapping, "conflict")
        if let type = inner.string("type") {
          conflict = AffinityConflictData(
            type: type, groups: inner.strings("groups") ?? [], vms: inner.strings("vms") ?? [],
            hosts: inner.strings("hosts") ?? [])
        }
        sub.diagnostics = inner.diagnostics
      }
      return UnhandledItem(
        kind: kind, name: name, reason: reason, details: sub.strings("details") ?? [],
        conflict: conflict)
    }
    plan.hostSummary = reader.mappings("hostSummary").compactMap { row -> HostSummary? in
      var sub = reader.nested(row)
      defer { reader.diagnostics = sub.diagnostics }
      func figures(_ key: String) -> HostSummary.Figures? {
        guard let mapping = sub.mapping(key) else { return nil }
        var inner = sub.nested(mapping)
        defer { sub.diagnostics = inner.diagnostics }
        guard let memory = inner.double("memoryPercent"),
          let count = inner.int("vmCount", minimum: 0)
        else {
          return nil
        }
        return HostSummary.Figures(
          cpuPercent: inner.optionalDouble("cpuPercent"), memoryPercent: memory, vmCount: count)
      }
      guard let host = sub.string("host"), let before = figures("before"),
        let after = figures("after")
      else { return nil }
      return HostSummary(host: host, before: before, after: after)
    }
    func headroom(_ key: String) -> HeadroomReport? {
      guard root[key] != nil, let mapping = reader.mapping(key) else { return nil }
      var sub = reader.nested(mapping)
      defer { reader.diagnostics = sub.diagnostics }
      let scenarios = sub.mappings("scenarios").compactMap {
        scenario -> HeadroomReport.Scenario? in
        var inner = sub.nested(scenario)
        defer { sub.diagnostics = inner.diagnostics }
        guard let host = inner.string("failedHost") else { return nil }
        let stranded = inner.mappings("stranded").compactMap {
          item -> (vm: String, reason: String)? in
          var leaf = inner.nested(item)
          defer { inner.diagnostics = leaf.diagnostics }
          guard let vm = leaf.string("vm"), let reason = leaf.string("reason") else { return nil }
          return (vm, reason)
        }
        return HeadroomReport.Scenario(
          host: host, haVMs: inner.strings("haVMs") ?? [], stranded: stranded)
      }
      return HeadroomReport(scenarios: scenarios)
    }
    plan.headroom = headroom("headroom")
    plan.haReservation = headroom("haReservation")
    if root["optimization"] != nil, let mapping = reader.mapping("optimization") {
      reader.checkKeys(of: mapping, "optimization")
      var sub = reader.nested(mapping)
      defer { reader.diagnostics = sub.diagnostics }
      plan.optimization = OptimizationReport(
        objective: sub.string("objective") ?? "", measure: sub.string("measure") ?? "",
        before: sub.double("before") ?? 0, after: sub.double("after") ?? 0,
        lowerBound: sub.double("lowerBound") ?? 0, boundDetail: sub.string("boundDetail") ?? "",
        migrations: sub.int("migrations", minimum: 0) ?? 0,
        vmsNotInPlace: sub.int("vmsNotInPlace", minimum: 0) ?? 0,
        stoppedBy: sub.string("stoppedBy") ?? "", iterations: sub.int("iterations", minimum: 0) ?? 0
      )
      _ = sub.double("gap")
      _ = sub.double("gapPercent")
    }
  }

  private func readStep(_ node: Node, _ diagnostics: inout DiagnosticBag) -> PlanStep? {
    guard let mapping = node.expectMapping("a step", &diagnostics, code: .planMalformed) else {
      return nil
    }
    var reader = Fields(mapping: mapping, diagnostics: diagnostics)
    defer { diagnostics = reader.diagnostics }
    reader.checkKeys(of: mapping, "step")
    guard let id = reader.string("id"), let actionText = reader.string("action"),
      let wave = reader.int("wave", minimum: 1)
    else { return nil }
    guard let action = StepAction(rawValue: actionText) else {
      reader.report(
        "unknown step action '\(actionText)'", at: mapping["action"]?.span,
        help: DidYouMean.help(for: actionText, among: StepAction.allCases.map(\.rawValue)))
      return nil
    }
    var precondition = StepPrecondition()
    if let preconditionMapping = reader.mapping("precondition") {
      reader.checkKeys(of: preconditionMapping, "precondition")
      var sub = reader.nested(preconditionMapping)
      precondition.vmRunningOn = sub.optionalString("vmRunningOn")
      precondition.hostsUp = sub.strings("hostsUp") ?? []
      precondition.hostEmpty = sub.optionalString("hostEmpty")
      reader.diagnostics = sub.diagnostics
    }
    var reasonText = ""
    var proposedBy = ""
    var reasonData = JSONValue.object([])
    if let reasonMapping = mapping["reason"]?.mappingValue {
      reader.checkKeys(of: reasonMapping, "reason")
      reasonText = reasonMapping["text"]?.scalarValue?.value ?? ""
      proposedBy = reasonMapping["proposedBy"]?.scalarValue?.value ?? ""
      reasonData = reasonMapping["data"].map(Self.json) ?? reasonData
    }
    var step = PlanStep(
      id: id, action: action, vm: reader.optionalString("vm"),
      fromHost: reader.optionalString("from"), toHost: reader.optionalString("to"),
      host: reader.optionalString("host"), wave: wave,
      dependsOn: reader.strings("dependsOn") ?? [], precondition: precondition,
      estimatedDurationSeconds: reader.optionalDouble("estimatedDurationSeconds", minimum: 0),
      reason: StepReason(text: reasonText, proposedBy: proposedBy, data: reasonData))
    step.migrationParameters = mapping["migration"].map(Self.json)
    step.span = mapping.span
    let needsVM = action.movesVM
    if needsVM && (step.vm == nil || step.toHost == nil) {
      reader.report("a '\(action.rawValue)' step needs 'vm' and 'to'", at: mapping.span)
      return nil
    }
    if action == .migrate && step.fromHost == nil {
      reader.report("a 'migrate' step needs 'from'", at: mapping.span)
      return nil
    }
    if !needsVM && step.host == nil {
      reader.report("a '\(action.rawValue)' step needs 'host'", at: mapping.span)
      return nil
    }
    // Where the fields the verifier cross-checks against `from` / `to` are written.
    let preconditionMapping = mapping["precondition"]?.mappingValue
    let data = mapping["reason"]?.mappingValue?["data"]?.mappingValue
    let located: [(String, SourceSpan?)] = [
      ("precondition.vmRunningOn", preconditionMapping?["vmRunningOn"]?.span),
      ("precondition.hostsUp", preconditionMapping?["hostsUp"]?.span),
      ("precondition.hostEmpty", preconditionMapping?["hostEmpty"]?.span),
      ("reason.data.decision.runnerUp", data?["decision"]?.mappingValue?["runnerUp"]?.span),
      ("reason.data.candidates", data?["candidates"]?.span),
    ]
    for case (let field, let span?) in located { step.fieldSpans[field] = span }
    return step
  }

  /// A node as JSON, for the free-form parts of a plan (reason data, migration parameters):
  /// plain numbers keep their kind (`2` stays an integer, `2.0` a double).
  static func json(_ node: Node) -> JSONValue {
    switch node {
    case .scalar(let scalar):
      switch scalar.resolved {
      case .null: return .null
      case .bool(let value): return .bool(value)
      case .int(let value): return .int(value)
      case .float(let value): return .double(value)
      case .string(let value), .integerOutOfRange(let value): return .string(value)
      }
    case .sequence(let sequence): return .array(sequence.items.map(json))
    case .mapping(let mapping):
      return .object(mapping.entries.map { ($0.keyString, json($0.value)) })
    }
  }

  /// Field access on one mapping, reporting with ``DiagnosticDescriptor/planMalformed``.
  private struct Fields {
    let mapping: Mapping
    var diagnostics: DiagnosticBag

    func nested(_ mapping: Mapping) -> Fields { Fields(mapping: mapping, diagnostics: diagnostics) }

    /// A required string of a nested mapping (nothing when the mapping itself was missing).
    mutating func string(in nestedMapping: Mapping?, _ key: String) -> String? {
      guard let nestedMapping else { return nil }
      var sub = nested(nestedMapping)
      defer { diagnostics = sub.diagnostics }
      return sub.string(key)
    }

    mutating func report(_ message: String, at span: SourceSpan?, help: String? = nil) {
      diagnostics.report(.planMalformed, message, at: span ?? mapping.span, help: help)
    }

    mutating func required(_ key: String) -> Node? {
      guard let node = mapping[key] else {
        report("missing '\(key)'", at: mapping.span)
        return nil
      }
      return node
    }

    mutating func string(_ key: String) -> String? {
      required(key)?.expectString("'\(key)'", &diagnostics, code: .planMalformed)
    }

    mutating func optionalString(_ key: String) -> String? {
      guard let node = mapping[key], !node.isNull else { return nil }
      return node.expectString("'\(key)'", &diagnostics, code: .planMalformed)
    }

    mutating func int(_ key: String, minimum: Int) -> Int? {
      guard let node = required(key) else { return nil }
      return atLeast(minimum, node.expectInt("'\(key)'", &diagnostics, code: .planMalformed), key)
    }

    mutating func optionalInt(_ key: String, minimum: Int) -> Int? {
      guard let node = mapping[key], !node.isNull else { return nil }
      return atLeast(minimum, node.expectInt("'\(key)'", &diagnostics, code: .planMalformed), key)
    }

    mutating func double(_ key: String) -> Double? {
      required(key)?.expectDouble("'\(key)'", &diagnostics, code: .planMalformed)
    }

    /// The mappings of an optional sequence (absent or null: none).
    mutating func mappings(_ key: String) -> [Mapping] {
      guard let node = mapping[key], !node.isNull,
        let sequence = node.expectSequence("'\(key)'", &diagnostics, code: .planMalformed)
      else { return [] }
      return sequence.items.compactMap {
        $0.expectMapping("an entry of '\(key)'", &diagnostics, code: .planMalformed)
      }
    }

    mutating func optionalDouble(_ key: String, minimum: Double = -.greatestFiniteMagnitude)
      -> Double?
    {
      guard let node = mapping[key], !node.isNull else { return nil }
      return atLeast(
        minimum, node.expectDouble("'\(key)'", &diagnostics, code: .planMalformed), key)
    }

    /// `value` when it is at least `minimum`; otherwise reports it.
    mutating func atLeast<Number: Comparable & AdditiveArithmetic>(
      _ minimum: Number, _ value: Number?, _ key: String
    )
      -> Number?
    {
      guard let value else { return nil }
      guard value >= minimum else {
        let bound = minimum == .zero ? "not be negative" : "be at least \(minimum)"
        report("'\(key)' must \(bound), found \(value)", at: mapping[key]?.span)
        return nil
      }
      return value
    }

    static func describe(_ place: String) -> String {
      switch place {
      case "plan": "the plan"
      case "step": "a step"
      case "precondition", "reason": "a step's '\(place)'"
      case "unhandled": "an unhandled item"
      case "conflict": "an unhandled item's 'conflict'"
      default: "the plan's '\(place)'"
      }
    }

    /// Reports every key of `mapping` that a plan's `place` does not have.
    mutating func checkKeys(of mapping: Mapping, _ place: String) {
      let known = PlanReader.knownKeys[place] ?? []
      for entry in mapping.entries where !known.contains(entry.keyString) {
        report(
          "unknown field '\(entry.keyString)' in \(Self.describe(place))",
          at: entry.key.span,
          help: DidYouMean.help(for: entry.keyString, among: known.sorted()))
      }
    }

    mutating func strings(_ key: String) -> [String]? {
      guard let node = mapping[key], !node.isNull else { return nil }
      return node.expectStringList("'\(key)'", &diagnostics, code: .planMalformed)
    }

    mutating func mapping(_ key: String) -> Mapping? {
      required(key)?.expectMapping("'\(key)'", &diagnostics, code: .planMalformed)
    }
  }
}
