import Foundation
import Inventory
import ShepherdTestSupport
import Testing

/// Every numeric field of the snapshot, every policy property and every number of a plan, set
/// to the extremes of its documented range (and beyond), through every command, as a
/// subprocess: no run may die of a signal (exit status ≥ 128 or a trap). Values inside the
/// range must be handled; values outside it must be rejected by the loader (exit 2).
///
/// `SHEPHERD_SWEEP=full` adds more values per field (slow; for a hardening session).
@Suite("extreme-value sweep")
struct ExtremeValueSweepTests {
  static let base = "Fixtures/sweep/cluster.json"

  /// Every numeric registry field (ints, floats, int lists).
  static let numericFields: [String] = FieldRegistry.allFields.filter {
    [.int, .float, .intList].contains($0.type)
  }.map(\.path)

  static var isFull: Bool { ProcessInfo.processInfo.environment["SHEPHERD_SWEEP"] == "full" }

  @Test("every numeric snapshot field has a documented range")
  func everyFieldIsBounded() {
    for path in Self.numericFields {
      let field = FieldRegistry.descriptor(atPath: path)
      #expect(field?.minimum != nil && field?.maximum != nil, "\(path) has no range")
    }
  }

  /// Fields that cannot all sit at one end of their range together (the topology's product
  /// is the VM's vCPUs); each is swept alone.
  static let alone: Set<String> = [
    "vms[].cpuTopology.sockets", "vms[].cpuTopology.coresPerSocket",
    "vms[].cpuTopology.threadsPerCore",
  ]

  /// The base snapshot with every numeric field at one end of its range.
  static func allAt(_ end: KeyPath<FieldDescriptor, Double?>) throws -> [String: Any] {
    var document = try baseDocument()
    for path in numericFields where !alone.contains(path) {
      let field = try #require(FieldRegistry.descriptor(atPath: path))
      document = try set(path, to: try #require(field[keyPath: end]), in: document)
    }
    if var vms = document["vms"] as? [[String: Any]] {
      for index in vms.indices { vms[index]["cpuTopology"] = nil }
      document["vms"] = vms
    }
    return document
  }

  @Test("every numeric snapshot field at its maximum, then its minimum, through every command")
  func allFieldsAtTheirEnds() throws {
    for (end, document) in [
      ("maximum", try Self.allAt(\.maximum)), ("minimum", try Self.allAt(\.minimum)),
    ] {
      let scratch = try Scratch()
      try scratch.writeSnapshot(document)
      let validated = try CLIRunner.run(["validate", scratch.snapshot])
      #expect(validated.status == 0, "every field at its \(end) is valid: \(validated.stderr)")
      try scratch.runEveryCommand(context: "every field at its \(end)")
    }
  }

  @Test("each topology factor at its maximum, through every command", arguments: alone.sorted())
  func topologyFactor(_ path: String) throws {
    let field = try #require(FieldRegistry.descriptor(atPath: path))
    let high = try #require(field.maximum)
    var document = try Self.set(path, to: high, in: try Self.baseDocument())
    for other in Self.alone where other != path {
      document = try Self.set(other, to: 1, in: document)
    }
    document = try Self.set("vms[].vcpus", to: high, in: document)
    let scratch = try Scratch()
    try scratch.writeSnapshot(document)
    try scratch.runEveryCommand(context: "\(path) = \(high)")
  }

  @Test("a snapshot field beyond its range is rejected with a range diagnostic")
  func beyondTheRange() throws {
    let scratch = try Scratch()
    var files: [String] = []
    for path in Self.numericFields {
      let field = try #require(FieldRegistry.descriptor(atPath: path))
      let high = try #require(field.maximum)
      let low = try #require(field.minimum)
      for (index, value) in [high + 1, 9.2e18, 1e300, low - 1].enumerated() {
        let file = scratch.directory + "/\(path)-\(index).json"
        try Scratch.write(try Self.set(path, to: value, in: try Self.baseDocument()), to: file)
        files.append(file)
      }
    }
    let result = try CLIRunner.run(["validate"] + files + ["--max-diagnostics", "100000"])
    #expect(result.status == 1)
    for file in files {
      #expect(
        result.stderr.contains(file + ":"), "\(file) was not rejected")
    }
  }

  /// Every field at several values, one at a time, through every command (slow:
  /// `SHEPHERD_SWEEP=full`).
  @Test(
    "full sweep: each field alone at several values",
    .enabled(if: isFull), arguments: numericFields)
  func fullSweep(_ path: String) throws {
    let field = try #require(FieldRegistry.descriptor(atPath: path))
    let high = try #require(field.maximum)
    let low = try #require(field.minimum)
    for value in [high, low, (high / 2).rounded(.down), min(high, low + 1)] {
      let scratch = try Scratch()
      try scratch.writeSnapshot(try Self.set(path, to: value, in: try Self.baseDocument()))
      try scratch.runEveryCommand(context: "\(path) = \(value)")
    }
  }

  /// The numeric properties of the built-in scheduling policies, by policy, with their
  /// declared bounds (`nil`: unbounded, swept at the largest 64-bit integer).
  static let properties: [String: [(name: String, low: String, high: String?)]] = [
    "evenly_distributed": [
      ("CpuOverCommitDurationMinutes", "1", nil), ("HeSparesCount", "0", nil),
      ("HighUtilization", "50", "99"), ("MaxFreeMemoryForOverUtilized", "0", nil),
      ("MaximumAllowedSwapUsage", "0", "199"), ("MinFreeMemoryForUnderUtilized", "0", nil),
      ("VCpuToPhysicalCpuRatio", "0", "2.999"),
    ],
    "vm_evenly_distributed": [
      ("HighVmCount", "0", nil), ("MigrationThreshold", "2", nil), ("SpmVmGrace", "0", nil),
    ],
    "power_saving": [("HostsInReserve", "0", nil), ("LowUtilization", "0", "49")],
  ]

  /// Every numeric property of a policy at the ends of its range (the largest integer when
  /// unbounded), through every command; NaN and infinities are rejected.
  @Test(
    "a policy's numeric properties at their extremes run through every command",
    arguments: properties.keys.sorted())
  func property(_ policy: String) throws {
    let declared = Self.properties[policy] ?? []
    let ends: [(String, [String: String])] = [
      (
        "maximum",
        Dictionary(
          uniqueKeysWithValues: declared.map {
            ($0.name, $0.high ?? "9223372036854775807")
          })
      ),
      ("minimum", Dictionary(uniqueKeysWithValues: declared.map { ($0.name, $0.low) })),
    ]
    for (end, properties) in ends {
      let scratch = try Scratch()
      try scratch.writeSnapshot(try Self.withProperties(properties, policy: policy))
      try scratch.runEveryCommand(context: "\(policy)'s properties at their \(end)")
    }
    for value in [".nan", ".inf", "-.inf", "1e400"] {
      for property in declared {
        let scratch = try Scratch()
        try scratch.writeSnapshot(
          try Self.withProperties([property.name: value], policy: policy))
        let result = try CLIRunner.run(["plan", scratch.snapshot])
        #expect(result.status == 2, "\(property.name) = \(value): exit \(result.status)")
      }
    }
  }

  static func withProperties(_ properties: [String: String], policy: String) throws
    -> [String: Any]
  {
    var document = try baseDocument()
    var cluster = document["cluster"] as? [String: Any] ?? [:]
    cluster["scheduling"] = ["policy": policy, "properties": properties]
    document["cluster"] = cluster
    return document
  }

  /// Every number of a plan, at huge and negative values, through `verify`.
  @Test("every number of a plan at its extremes is verified without a crash")
  func planNumbers() throws {
    let scratch = try Scratch()
    try scratch.writeSnapshot(Self.baseDocument())
    let made = try CLIRunner.run(["plan", scratch.snapshot, "--format", "json"])
    let plan = try #require(
      JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: Any])
    var paths: [[String]] = []
    Self.numberPaths(plan, [], into: &paths)
    #expect(!paths.isEmpty)
    for path in paths {
      for value in [9.2e18, -1, 1e300] {
        let changed = Self.setting(plan, path, to: value)
        let data = try JSONSerialization.data(withJSONObject: changed)
        let file = scratch.directory + "/plan.json"
        try data.write(to: URL(fileURLWithPath: file))
        let result = try CLIRunner.run(["verify", file, scratch.snapshot])
        #expect(
          !result.diedOfSignal && result.status < 128,
          "\(path.joined(separator: ".")) = \(value): \(result.status)")
      }
    }
  }

  // MARK: Documents

  static func baseDocument() throws -> [String: Any] {
    let data = try #require(Golden.readBytes(Golden.path(base)))
    return try #require(JSONSerialization.jsonObject(with: Data(data)) as? [String: Any])
  }

  /// `document` with the field at `path` set to `value` in every item of every list on the
  /// way (created where absent).
  static func set(_ path: String, to value: Double, in document: [String: Any]) throws
    -> [String: Any]
  {
    let names = path.split(separator: ".").map {
      $0.hasSuffix("[]") ? String($0.dropLast(2)) : String($0)
    }
    let field = try #require(FieldRegistry.descriptor(atPath: path))
    let number: Any = field.type != .float && abs(value) < 9.2e18 ? Int64(value) : value
    let leaf: Any = field.type == .intList ? [number] : number
    return setting(document, names, to: leaf) as? [String: Any] ?? [:]
  }

  static func setting(_ node: Any, _ path: [String], to value: Any) -> Any {
    guard let first = path.first else { return value }
    if var list = node as? [Any] {
      // The first item of a list (ids must stay unique across items).
      if list.isEmpty { list = [[String: Any]()] }
      list[0] = setting(list.first as Any, path, to: value)
      return list
    }
    var object = node as? [String: Any] ?? [:]
    let child: Any =
      object[first] ?? (path.count > 1 && isListName(first) ? [[String: Any]()] : [String: Any]())
    object[first] = setting(child, Array(path.dropFirst()), to: value)
    return object
  }

  static func isListName(_ name: String) -> Bool {
    // The snapshot's lists of objects (Docs/fields.md: type "list of objects").
    ["hosts", "vms", "affinityGroups", "hugepages", "numaNodes", "nodes", "mdevTypes", "x-assumed"]
      .contains(name)
  }

  static func numberPaths(_ node: Any, _ path: [String], into paths: inout [[String]]) {
    if let object = node as? [String: Any] {
      for key in object.keys.sorted() {
        numberPaths(object[key] as Any, path + [key], into: &paths)
      }
    } else if let list = node as? [Any], let first = list.first {
      numberPaths(first, path, into: &paths)
    } else if type(of: node) != Bool.self, node is NSNumber || node is Int || node is Double {
      paths.append(path)
    }
  }
}

/// A temporary directory holding one snapshot (and a suite for `shepherd test`).
private struct Scratch {
  let directory: String
  var snapshot: String { directory + "/cluster.json" }

  init() throws {
    directory = NSTemporaryDirectory() + "shepherd-sweep-" + UUID().uuidString
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
  }

  static func write(_ document: [String: Any], to path: String) throws {
    let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    try data.write(to: URL(fileURLWithPath: path))
  }

  func writeSnapshot(_ document: [String: Any]) throws {
    try Scratch.write(document, to: snapshot)
    let suite = """
      suite: sweep
      snapshot: cluster.json
      tests:
        - name: balance
          balance: {}
          expect: { complete: true }
        - name: maintenance
          maintenance: [host-a]
          expect: { complete: true }
      """
    try Data(suite.utf8).write(to: URL(fileURLWithPath: directory + "/sweep.test.yaml"))
  }

  /// Runs every command on the snapshot; none may die of a signal.
  func runEveryCommand(context: String) throws {
    let s = snapshot
    let plan = directory + "/plan.json"
    let commands: [[String]] = [
      ["validate", s], ["inspect", s], ["lint", s], ["explain", s, "--vm", "vm-a"],
      ["place", s, "--vm", "vm-c"], ["plan", s, "--format", "json", "--output", plan],
      ["verify", plan, s], ["plan", s, "--maintenance", "host-a"], ["plan", s, "--fail", "host-a"],
      ["plan", s, "--migrate", "vm-b"], ["plan", s, "--enforce-affinity"],
      ["plan", s, "--maintenance", "host-a", "host-b", "--maintenance-batch", "1"],
      ["diff", "--policies", "Policies", "Policies", s], ["test", directory],
    ]
    for arguments in commands {
      let result = try CLIRunner.run(arguments)
      #expect(
        !result.diedOfSignal && result.status < 128,
        "\(context): `shepherd \(arguments.joined(separator: " "))` exit \(result.status)")
    }
    try? FileManager.default.removeItem(atPath: directory)
  }
}
