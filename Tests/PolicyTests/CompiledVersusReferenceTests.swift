import Diagnostics
import Inventory
import PolicyExpression
import ShepherdTestSupport
import Testing

@testable import Policy

/// Random small clusters built directly from the model, with unknown values on purpose.
enum RandomCluster {
  static let networks = ["ovirtmgmt", "vm-net", "storage", "display"]

  static func make(_ rng: inout SplitMix64) -> ClusterSnapshot {
    var cluster = Cluster(name: "random")
    cluster.countsThreadsAsCores = rng.chance(50)
    cluster.memoryOvercommitPercent = [100, 150, 200][rng.next(below: 3)]
    cluster.cpuArchitecture = rng.chance(20) ? .ppc64 : .x86_64
    cluster.displayNetwork = rng.chance(30) ? "display" : nil
    let hostCount = 1 + rng.next(below: 6)
    var hosts: [Host] = []
    for index in 0..<hostCount {
      let physical = [16_384, 65_536, 262_144][rng.next(below: 3)]
      var host = Host(
        name: "host-\(index)", status: rng.chance(85) ? .up : .maintenance,
        physicalMemoryMiB: physical, freeMemoryMiB: rng.next(below: physical))
      if rng.chance(85) {
        let cores = [8, 16, 32][rng.next(below: 3)]
        host.cpuSockets = 2
        host.cpuCores = cores
        host.cpuThreads = cores * 2
      }
      if rng.chance(80) { host.cpuUsagePercent = Double(rng.next(below: 1001)) / 10 }
      if rng.chance(40) {
        host.cpuOverThresholdSince = Timestamp(
          epochSeconds: 1_795_860_000 - Int64(rng.next(below: 900)))
      }
      host.committedMemoryMiB = rng.next(below: physical)
      host.reservedMemoryMiB = rng.next(below: 2048)
      host.swapTotalMiB = rng.chance(50) ? 8192 : 0
      host.swapFreeMiB = rng.next(below: host.swapTotalMiB + 1)
      host.networks = networks.filter { _ in rng.chance(70) }
      host.hostedEngineScore = rng.next(below: 3401)
      hosts.append(host)
    }
    cluster.spmHostName = rng.chance(70) ? hosts[rng.next(below: hosts.count)].name : nil
    var vms: [VirtualMachine] = []
    for index in 0..<(1 + rng.next(below: 8)) {
      var vm = VirtualMachine(
        name: "vm-\(index)", status: .down, memoryMiB: [1024, 4096, 16_384][rng.next(below: 3)],
        vcpus: 1 + rng.next(below: 16))
      let upHosts = hosts.filter { $0.status == .up }
      if rng.chance(70), let host = upHosts.randomElement(using: &rng) {
        vm.status = .up
        vm.hostName = host.name
      }
      if rng.chance(70) { vm.cpuUsagePercent = Double(rng.next(below: 101)) }
      vm.ioThreads = rng.next(below: 3)
      vm.networks = networks.filter { _ in rng.chance(40) }
      vm.preferredHostNames = hosts.map(\.name).filter { _ in rng.chance(30) }
      vms.append(vm)
    }
    return ClusterSnapshot(
      takenAt: Timestamp(epochSeconds: 1_795_860_000), cluster: cluster, hosts: hosts, vms: vms)
  }
}

/// Field values computed directly from the snapshot model, independently of the catalog and
/// the columnar tables, following Docs/ovirt.md.
enum ReferenceFields {
  static func values(
    _ s: ClusterSnapshot, host h: Int, vm v: Int, pendingVMs: [(vm: Int, host: Int)]
  )
    -> [String: ExpressionValue]
  {
    let host = s.hosts[h]
    let vm = s.vms[v]
    let isSPM = s.cluster.spmHostName == host.name
    let cores = s.cluster.countsThreadsAsCores ? host.cpuThreads : host.cpuCores
    let running = s.vms.filter { $0.hostName == host.name && $0.status.isRunning }
    let pending = pendingVMs.filter { $0.host == h }.map { s.vms[$0.vm] }
    func staticOverhead(_ memory: Int) -> Int {
      if s.cluster.cpuArchitecture == .ppc64 {
        var power = 1
        while power < memory { power *= 2 }
        return 100 + power / 64
      }
      return 64 + memory / 512
    }
    func fullOverhead(_ vm: VirtualMachine) -> Int {
      staticOverhead(vm.memoryMiB) + 8 * vm.vcpus + 8 * vm.ioThreads
    }
    func load(_ vm: VirtualMachine) -> Double { (vm.cpuUsagePercent ?? 10) * Double(vm.vcpus) }
    let pendingMemory = pending.map { $0.memoryMiB + fullOverhead($0) }.reduce(0, +)
    let pendingStatic = pending.map { staticOverhead($0.memoryMiB) }.reduce(0, +)
    let points = (host.cpuUsagePercent ?? 0) * Double(cores ?? 0) + (isSPM ? 10 : 0)
    var percent: Int64 = 0
    if let cores, cores > 0 { percent = Int64((points / Double(cores)).rounded(.up)) }
    let overcommit =
      s.cluster.memoryOvercommitPercent * host.physicalMemoryMiB / 100 - host.committedMemoryMiB
      - host.reservedMemoryMiB
    let maxScheduling = max(0, max(0, overcommit) - pendingMemory)
    let minutes =
      host.cpuOverThresholdSince.map { Double(s.takenAt.epochSeconds - $0.epochSeconds) / 60 } ?? 0
    return [
      "host.name": .string(host.name),
      "host.isUp": .bool(host.status == .up),
      "host.cpu.cores": .int(Int64(host.cpuCores ?? 0)),
      "host.cpu.usagePercent": .float(host.cpuUsagePercent ?? 0),
      "host.memory.freeMiB": .int(Int64(host.freeMemoryMiB)),
      "host.swap.freeMiB": .int(Int64(host.swapFreeMiB)),
      "host.networks": .stringSet(StringSet(host.networks)),
      "host.hostedEngine.score": .int(Int64(host.hostedEngineScore)),
      "host.hasCpuStatistics": .bool(host.cpuUsagePercent != nil),
      "host.hasCpuTopology": .bool(host.cpuCores != nil),
      "host.effectiveCores": .int(Int64(cores ?? 0)),
      "host.isSPM": .bool(isSPM),
      "host.vmCount": .int(Int64(running.count)),
      "host.vcpuCount": .int(Int64(running.map(\.vcpus).reduce(0, +))),
      "host.pendingVmCount": .int(Int64(pending.count)),
      "host.pendingVcpuCount": .int(Int64(pending.map(\.vcpus).reduce(0, +))),
      "host.pendingCpuLoadPoints": .float(pending.map(load).reduce(0, +)),
      "host.cpuLoadPoints": .float(points),
      "host.cpuLoadPercent": .int(percent),
      "host.isCpuOverThreshold": .bool(host.cpuOverThresholdSince != nil),
      "host.overThresholdMinutes": .float(minutes),
      "host.maxSchedulingMemoryMiB": .int(Int64(maxScheduling)),
      "host.schedulableMemoryMiB": .int(
        Int64(host.freeMemoryMiB - pendingStatic + host.swapFreeMiB)),
      "host.runsVm": .bool(vm.hostName == host.name),
      "vm.name": .string(vm.name),
      "vm.status": .string(vm.status.rawValue),
      "vm.hostName": .string(vm.hostName ?? ""),
      "vm.memoryMiB": .int(Int64(vm.memoryMiB)),
      "vm.vcpus": .int(Int64(vm.vcpus)),
      "vm.isRunning": .bool(vm.status.isRunning),
      "vm.networks": .stringSet(StringSet(vm.networks)),
      "vm.preferredHosts": .stringSet(StringSet(vm.preferredHostNames)),
      "vm.staticOverheadMiB": .int(Int64(staticOverhead(vm.memoryMiB))),
      "vm.requiredMemoryMiB": .int(Int64(vm.memoryMiB + fullOverhead(vm))),
      "vm.cpuLoadPoints": .float(load(vm)),
      "cluster.memoryOvercommitPercent": .int(Int64(s.cluster.memoryOvercommitPercent)),
      "cluster.countThreadsAsCores": .bool(s.cluster.countsThreadsAsCores),
      "cluster.displayNetwork": .string(s.cluster.displayNetwork ?? ""),
      "params.Limit": .int(80),
      "params.Ratio": .float(1.5),
    ]
  }
}

/// Random well-typed expressions over the reference fields.
struct PolicyExpressionGenerator {
  var rng: SplitMix64
  let fields: [(path: String, type: ExpressionType)]

  func paths(_ type: ExpressionType) -> [String] {
    fields.filter { $0.type == type }.map(\.path)
  }

  mutating func pick(_ options: [String]) -> String { options[rng.next(below: options.count)] }

  mutating func expression(_ type: ExpressionType, depth: Int) -> String {
    if depth <= 0 || rng.chance(25) { return leaf(type) }
    let d = depth - 1
    switch type {
    case .int:
      switch rng.next(below: 6) {
      case 0:
        return
          "(\(expression(.int, depth: d)) \(pick(["+", "-", "*", "/", "%"])) \(expression(.int, depth: d)))"
      case 1:
        return
          "(\(expression(.bool, depth: d)) ? \(expression(.int, depth: d)) : \(expression(.int, depth: d)))"
      case 2:
        return
          "\(pick(["min", "max"]))(\(expression(.int, depth: d)), \(expression(.int, depth: d)))"
      case 3: return "size(\(expression(.stringSet, depth: d)))"
      case 4:
        return
          "clamp(\(expression(.int, depth: d)), \(expression(.int, depth: d)), \(expression(.int, depth: d)))"
      default: return "\(pick(["ceil", "floor"]))(\(expression(.float, depth: d)))"
      }
    case .float:
      switch rng.next(below: 5) {
      case 0:
        return
          "(\(expression(.float, depth: d)) \(pick(["+", "-", "*", "/"])) \(expression(rng.chance(50) ? .int : .float, depth: d)))"
      case 1:
        return
          "(\(expression(.bool, depth: d)) ? \(expression(.float, depth: d)) : \(expression(.float, depth: d)))"
      case 2:
        return
          "\(pick(["min", "max"]))(\(expression(.float, depth: d)), \(expression(.float, depth: d)))"
      case 3:
        return
          "clamp(\(expression(.float, depth: d)), \(expression(.float, depth: d)), \(expression(.float, depth: d)))"
      default: return "float(\(expression(.int, depth: d)))"
      }
    case .bool:
      switch rng.next(below: 6) {
      case 0:
        return
          "(\(expression(.bool, depth: d)) \(pick(["&&", "||"])) \(expression(.bool, depth: d)))"
      case 1: return "!\(expression(.bool, depth: d))"
      case 2:
        let numeric: ExpressionType = rng.chance(50) ? .int : .float
        return
          "(\(expression(numeric, depth: d)) \(pick(["<", "<=", ">", ">=", "==", "!="])) \(expression(rng.chance(50) ? .int : .float, depth: d)))"
      case 3: return "(\(expression(.string, depth: d)) in \(expression(.stringSet, depth: d)))"
      case 4:
        return
          "(\(expression(.string, depth: d)) \(pick(["==", "!="])) \(expression(.string, depth: d)))"
      default:
        return
          "\(expression(.stringSet, depth: d)).\(pick(["any", "all"]))(n, n in \(expression(.stringSet, depth: d)))"
      }
    case .string, .stringSet:
      return leaf(type)
    }
  }

  mutating func leaf(_ type: ExpressionType) -> String {
    if rng.chance(30) {
      switch type {
      case .int: return String(rng.next(below: 2001) - 1000)
      case .float: return "\(Double(rng.next(below: 2001) - 1000) / 8)"
      case .bool: return rng.chance(50) ? "true" : "false"
      case .string: return "'\(pick(RandomCluster.networks + ["host-1", "vm-0", "Up"]))'"
      case .stringSet: return "['\(pick(RandomCluster.networks))', 'host-0']"
      }
    }
    return pick(paths(type))
  }
}

@Suite("compiled policy expressions versus a reference interpreter")
struct CompiledVersusReferenceTests {
  static let declared: [(String, PropertyValue)] = [("Limit", .int(80)), ("Ratio", .float(1.5))]

  /// The reference fields with their catalog types (every one must exist in the catalog).
  static func fieldTypes() -> [(path: String, type: ExpressionType)] {
    var rng = SplitMix64(seed: 1)
    let snapshot = RandomCluster.make(&rng)
    return ReferenceFields.values(snapshot, host: 0, vm: 0, pendingVMs: []).keys.sorted().compactMap
    {
      path in
      if path.hasPrefix("params.") {
        return (path, path == "params.Limit" ? .int : .float)
      }
      return PolicyFieldCatalog.standard.field(at: path).map { (path, $0.type) }
    }
  }

  @Test("every reference field exists in the catalog with the reference's type")
  func referenceFieldsExist() {
    var rng = SplitMix64(seed: 7)
    let snapshot = RandomCluster.make(&rng)
    for (path, value) in ReferenceFields.values(snapshot, host: 0, vm: 0, pendingVMs: [])
    where !path.hasPrefix("params.") {
      #expect(PolicyFieldCatalog.standard.field(at: path)?.type == value.type, "\(path)")
    }
  }

  @Test("random expressions over random clusters, with pending placements: compiled == interpreted")
  func compiledMatchesReference() async {
    let types = Self.fieldTypes()
    for seed in PropertySeeds.seeds(count: 300, salt: 7) {
      var rng = SplitMix64(seed: seed)
      let snapshot = RandomCluster.make(&rng)
      var tables = ClusterTables(snapshot: snapshot)
      var pending: [(vm: Int, host: Int)] = []
      for _ in 0..<rng.next(below: 3) {
        let vm = rng.next(below: snapshot.vms.count)
        let host = rng.next(below: snapshot.hosts.count)
        tables.addPending(vm: vm, host: host)
        pending.removeAll { $0.vm == vm }
        pending.append((vm, host))
      }
      var generator = PolicyExpressionGenerator(rng: rng, fields: types)
      let type: ExpressionType = [.bool, .int, .float][generator.rng.next(below: 3)]
      let text = generator.expression(type, depth: 4)
      let environment = PolicyFieldCatalog.standard.environment(
        scope: .hostAndVM, includesBalance: false, properties: Self.declared)
      let source = ExpressionSource(text: text, file: SourceFileID(rawValue: 0), baseOffset: 0)
      let (checked, diagnostics) = ExpressionChecker(environment: environment).check(
        source, expecting: .any)
      guard let checked else {
        Issue.record("\(text) did not check: \(diagnostics.map(\.message))")
        continue
      }
      // With the catalog's leaf fuser (as policies compile) and without (every node a closure).
      let catalog = PolicyFieldCatalog.standard
      let (fused, _) = ExpressionCompiler<EvaluationContext>(
        binder: catalog.accessor(for:), fuser: catalog.fuser
      ).compile(checked)
      let (plain, _) = ExpressionCompiler<EvaluationContext>(binder: catalog.accessor(for:))
        .compile(checked)
      guard let fused, let plain else {
        Issue.record("\(text) did not compile")
        continue
      }
      let (syntax, _) = ExpressionParser().parse(source)
      guard let syntax else { continue }
      var context = EvaluationContext(tables: tables, hostIndex: 0, vmIndex: 0)
      for host in snapshot.hosts.indices {
        for vm in snapshot.vms.indices {
          context.hostIndex = host
          context.vmIndex = vm
          let values = ReferenceFields.values(snapshot, host: host, vm: vm, pendingVMs: pending)
          let expected = ReferenceInterpreter(values: values).evaluate(syntax)
          for compiled in [fused, plain] {
            let actual = compiled.evaluate(context)
            #expect(
              Self.same(actual, expected),
              "\(text) at host \(host), vm \(vm): \(actual) vs \(expected)")
          }
        }
      }
    }
  }

  static func same(_ a: ExpressionValue, _ b: ExpressionValue) -> Bool {
    if case .float(let x) = a, case .float(let y) = b {
      return x == y || (x.isNaN && y.isNaN) || abs(x - y) <= 1e-9 * max(abs(x), abs(y))
    }
    return a == b
  }
}

@Suite("leaf fusion: one closure per leaf node computes what the unfused closures do")
struct LeafFusionTests {
  static let expressions = [
    "host.vcpuCount <= 16", "16 > host.vcpuCount", "vm.vcpus <= host.effectiveCores",
    "host.effectiveCores != vm.vcpus", "cluster.hostCount >= host.vmCount",
    "host.vmCount + host.pendingVmCount", "host.vmCount - 3", "7 / host.vmCount",
    "vm.memoryMiB % 3", "min(host.vmCount, vm.vcpus)", "max(0, host.vmCount - vm.vcpus)",
    "host.isSPM ? 5 : 0", "host.runsVm ? 1 : 2", "vm.isRunning ? -1 : 4",
    "cluster.countThreadsAsCores ? 2 : 1", "cluster.memoryOvercommitPercent * vm.vcpus",
    "max(0, host.vmCount + host.pendingVmCount + (host.isSPM ? 5 : 0))",
    "host.hasCpuTopology && vm.vcpus <= host.effectiveCores",
    "balance.maxHostLoad - balance.hostLoad >= 5.0", "balance.hostLoad < balance.minHostLoad",
    "host.cpuLoadPoints + vm.cpuLoadPoints", "host.cpuLoadPoints / 0.0",
    "host.cpuLoadPoints - 1.5 > 0.0 || !(host.vmCount == 2)",
    "!host.runsVm && host.effectiveCores > 0 && host.vmCount > 2 || vm.isRunning",
    "host.vmCount > 1 || host.vmCount < 1 || !host.isSPM || host.vmDynamicHugepageMiB > 0",
    "host.isSPM && host.name != vm.hostName && !cluster.countThreadsAsCores && vm.vcpus >= 2",
    "host.vmDynamicHugepageMiB > 0 && host.vmCount > 0 && balance.hostLoad <= 3.0",
    "host.vmDynamicHugepageMiB + host.vmCount",
    "min(host.vmCount, vm.vcpus, 3) - (vm.isRunning ? 1 : 0)", "host.vmCount * 2 - vm.vcpus % 3",
    "(host.vmCount - vm.vcpus) / (vm.memoryMiB - 7)", "max(host.vmCount, -vm.vcpus) + 1",
    "3 - (host.vmCount + vm.vcpus)", "min(host.vmDynamicHugepageMiB, 5) + host.vmCount",
    "max(0, 9223372036854775807 + host.vmCount - (host.runsVm ? 2 : 9))",
    // Chains: left-leaning arithmetic, min/max/clamp over leaf operands, selects as operands.
    "9223372036854775807 + host.vmCount + host.vmCount - (vm.isRunning ? 2 : 9)",
    "-9223372036854775807 - host.vmCount * 3 - 9 + vm.vcpus",
    "min(host.vmCount, vm.vcpus, 3, cluster.hostCount)", "min(3, host.vmCount * 2)",
    "clamp(host.vmCount - vm.vcpus, 0, 10)", "clamp(host.cpuLoadPoints, 1.0, balance.hostLoad)",
    "host.vmCount / vm.vcpus % 2 * (host.runsVm ? -1 : 1)", "(host.isSPM ? 7 : 3) - host.vmCount",
    "host.isSPM ? 1.5 : -0.0", "max(2.5, host.cpuLoadPoints)", "max(0.0 * host.cpuLoadPoints, 0.0)",
    "max(host.cpuLoadPoints - 1.0, balance.hostLoad, 0.0) / vm.cpuLoadPoints",
    "host.cpuLoadPoints * 1.0e308 * 10.0 - vm.cpuLoadPoints * 1.0e308",
    "(host.cpuLoadPoints + 1.0) * 2.0 + (host.runsVm ? 0.5 : 2.0) < balance.maxHostLoad",
    "vm.vcpus <= (host.runsVm ? 0 : 4) && !host.isSPM",
    "host.vmCount + 1 > vm.vcpus || (vm.isRunning ? 1.0 : 0.0) >= balance.hostLoad",
    // Specialised leaf kinds (host flag; host or VM column against a constant, VM column
    // against a host column; `k op x` and `host op vm` swapped) with every operator, alone, in
    // pairs of every kind and in longer runs.
    "host.vmCount < 3", "host.vmCount <= 2", "host.vmCount == 2", "host.vmCount != 2",
    "host.vmCount > 1", "host.vmCount >= 2", "3 > host.vmCount", "2 != host.vmCount",
    "vm.vcpus == 2", "vm.vcpus != 4", "vm.vcpus < 3", "4 <= vm.vcpus",
    "vm.vcpus < host.effectiveCores", "vm.vcpus == host.effectiveCores",
    "host.effectiveCores >= vm.vcpus", "host.effectiveCores != vm.vcpus",
    "host.effectiveCores > vm.vcpus", "vm.vcpus >= host.vmCount",
    "host.cpuLoadPoints >= 10.0", "host.cpuLoadPoints == -0.0", "0.0 != host.cpuLoadPoints",
    "host.cpuLoadPoints < 0.0", "vm.cpuLoadPoints <= 12.5", "40.0 > vm.cpuLoadPoints",
    "vm.cpuLoadPoints != 0.0", "vm.cpuLoadPoints <= host.cpuLoadPoints",
    "host.pendingCpuLoadPoints != vm.cpuLoadPoints", "host.cpuLoadPoints > vm.cpuLoadPoints",
    "vm.cpuLoadPoints == host.pendingCpuLoadPoints", "host.hasCpuTopology", "!host.isSPM",
    "host.isSPM || vm.vcpus > 2", "!host.hasCpuTopology && host.vmCount >= 1",
    "host.hasCpuTopology || !host.isSPM", "vm.vcpus != 2 && vm.cpuLoadPoints > 1.0",
    "host.cpuLoadPoints > 1.0 || vm.vcpus != host.effectiveCores",
    "vm.cpuLoadPoints >= host.cpuLoadPoints && host.vmCount != 1",
    "host.cpuLoadPoints != 5.0 || !vm.isRunning", "!vm.isRunning && host.isSPM",
    "cluster.hostCount > host.vmCount || host.cpuLoadPoints <= vm.cpuLoadPoints",
    "host.vmCount > 0 && vm.vcpus <= host.effectiveCores && host.cpuLoadPoints < 50.0"
      + " && !host.isSPM && vm.cpuLoadPoints != host.pendingCpuLoadPoints",
    "host.vmCount == 0 || vm.vcpus > host.effectiveCores || host.cpuLoadPoints >= 50.0"
      + " || host.isSPM || vm.cpuLoadPoints == 2.5 || host.runsVm",
  ]

  @Test("fused and unfused closures agree on random clusters", arguments: expressions)
  func agree(_ text: String) throws {
    let catalog = PolicyFieldCatalog.standard
    let environment = catalog.environment(
      scope: .hostAndVM, includesBalance: true, properties: [])
    let source = ExpressionSource(text: text, file: SourceFileID(rawValue: 0), baseOffset: 0)
    let (checked, diagnostics) = ExpressionChecker(environment: environment).check(
      source, expecting: .any)
    let valid = try #require(checked, "\(diagnostics.map(\.message))")
    let fused = try #require(
      ExpressionCompiler<EvaluationContext>(binder: catalog.accessor(for:), fuser: catalog.fuser)
        .compile(valid).0)
    let plain = try #require(
      ExpressionCompiler<EvaluationContext>(binder: catalog.accessor(for:)).compile(valid).0)
    let (load, _) = ExpressionChecker(environment: environment).check(
      ExpressionSource(
        text: "host.vmCount * 1.5", file: SourceFileID(rawValue: 0), baseOffset: 0),
      expecting: .any)
    let loadChecked = try #require(load)
    let hostLoad = try #require(
      ExpressionCompiler<EvaluationContext>(binder: catalog.accessor(for:)).compile(loadChecked).0)
    for seed in PropertySeeds.seeds(count: 20, salt: 11) {
      var rng = SplitMix64(seed: seed)
      let snapshot = RandomCluster.make(&rng)
      var tables = ClusterTables(snapshot: snapshot)
      tables.addPending(
        vm: rng.next(below: snapshot.vms.count), host: rng.next(below: snapshot.hosts.count))
      tables.prepareBalance(
        hostLoad: hostLoad, candidates: Array(snapshot.hosts.indices.dropFirst()))
      var context = EvaluationContext(tables: tables, hostIndex: 0, vmIndex: 0)
      for host in snapshot.hosts.indices {
        for vm in snapshot.vms.indices {
          context.hostIndex = host
          context.vmIndex = vm
          let (a, b) = (fused.evaluate(context), plain.evaluate(context))
          #expect(
            CompiledVersusReferenceTests.same(a, b),
            "\(text) at host \(host), vm \(vm): \(a) vs \(b)")
        }
      }
    }
  }
}

@Suite("leaf fusion: comparisons by relation bits")
struct RelationsTests {
  static let operators: [Comparison] = [
    .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual,
  ]

  @Test("every operator holds exactly as Comparison.holds, over floats with NaN, ±0 and ±∞")
  func floats() {
    let values: [Double] = [
      .nan, -.nan, 0, -0.0, 1, -1, 2.5, .infinity, -.infinity, .greatestFiniteMagnitude,
      .leastNonzeroMagnitude,
    ]
    for op in Self.operators {
      for a in values {
        for b in values {
          #expect(Relations(op).hold(a, b) == op.holds(a, b), "\(a) \(op) \(b)")
        }
      }
    }
  }

  @Test("every operator holds exactly as Comparison.holds, over ints at the extremes")
  func ints() {
    let values: [Int64] = [.min, .min + 1, -1, 0, 1, .max - 1, .max]
    for op in Self.operators {
      for a in values {
        for b in values {
          #expect(Relations(op).hold(a, b) == op.holds(a, b), "\(a) \(op) \(b)")
        }
      }
    }
  }
}

@Suite("leaf fusion: the common operand places get their own leaf kinds")
struct SpecialisedLeafKindTests {
  static let catalog = PolicyFieldCatalog.standard

  static func id(_ path: String) -> FieldID? {
    catalog.fields.firstIndex { $0.path == path }.map { FieldID($0) }
  }

  /// The kind the fuser resolves a leaf to, by name.
  static func kind(_ leaf: BoolLeaf) -> String {
    guard let check = catalog.check(leaf) else { return "none" }
    return String(describing: check).prefix { $0 != "(" }.description
  }

  @Test("host flags, columns against constants and VM against host columns are specialised")
  func kinds() throws {
    let vcpus = try #require(Self.id("vm.vcpus"))
    let cores = try #require(Self.id("host.effectiveCores"))
    let hostLoad = try #require(Self.id("host.cpuLoadPoints"))
    let vmLoad = try #require(Self.id("vm.cpuLoadPoints"))
    let topology = try #require(Self.id("host.hasCpuTopology"))
    let running = try #require(Self.id("vm.isRunning"))
    let hosts = try #require(Self.id("cluster.hostCount"))
    let cases: [(BoolLeaf, String)] = [
      (.field(topology, negated: false), "hostFlag"),
      (.field(running, negated: true), "flag"),
      (.ints(.lessOrEqual, .field(vcpus), .field(cores)), "intVMHost"),
      (.ints(.less, .field(cores), .field(vcpus)), "intVMHost"),
      (.ints(.less, .field(cores), .constant(4)), "intHostConstant"),
      (.ints(.less, .constant(4), .field(cores)), "intHostConstant"),
      (.ints(.equal, .field(vcpus), .constant(4)), "intVMConstant"),
      (.ints(.equal, .field(hosts), .field(cores)), "ints"),
      (.ints(.equal, .field(cores), .field(cores)), "ints"),
      (.floats(.greater, .field(hostLoad), .constant(1)), "floatHostConstant"),
      (.floats(.greater, .constant(1), .field(vmLoad)), "floatVMConstant"),
      (.floats(.notEqual, .field(hostLoad), .field(vmLoad)), "floatVMHost"),
      (.floats(.notEqual, .select(running, 1, 2), .field(vmLoad)), "floats"),
    ]
    for (leaf, expected) in cases {
      #expect(Self.kind(leaf) == expected, "\(leaf)")
    }
  }
}
