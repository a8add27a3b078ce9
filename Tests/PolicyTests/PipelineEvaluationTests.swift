import Diagnostics
import Inventory
import Policy
import PolicyExpression
import ShepherdTestSupport
import Testing

@Suite("compiled pipeline evaluation")
struct PipelineEvaluationTests {
  static let snapshotText = """
    apiVersion: shepherd/v1
    kind: ClusterSnapshot
    takenAt: 2026-11-28T10:00:00Z
    cluster: { name: c, compatibilityVersion: "4.7", spmHost: big }
    hosts:
      - name: big
        status: Up
        cpu: { sockets: 2, cores: 16, threads: 32, usagePercent: 10 }
        memory: { physicalMiB: 65536, freeMiB: 60000 }
      - name: small
        status: Up
        cpu: { sockets: 1, cores: 2, threads: 4, usagePercent: 95, overThresholdSince: 2026-11-28T09:50:00Z }
        memory: { physicalMiB: 4096, freeMiB: 2048, committedMiB: 3000 }
    vms:
      - { name: web, status: Down, memoryMiB: 2048, vcpus: 4, preferredHosts: [small] }
      - { name: db, status: Up, host: big, memoryMiB: 8192, vcpus: 2, cpuUsagePercent: 50 }

    """

  func pipeline(_ name: String) throws -> (SchedulingPipeline, ClusterTables) {
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let library = PolicyLibrary.load(sources: &sources, diagnostics: &bag)
    let file = sources.add(path: "snapshot.yaml", text: Self.snapshotText)
    let snapshot = try #require(SnapshotLoader().load(file, diagnostics: &bag))
    let pipeline = try #require(
      PolicyCompiler(library: library).compileSchedulingPolicy(named: name, diagnostics: &bag),
      "\(DiagnosticRenderer(sources: sources).render(bag))")
    return (pipeline, ClusterTables(snapshot: snapshot))
  }

  func filter(_ pipeline: SchedulingPipeline, _ name: String) throws -> CompiledFilter {
    for case .expression(let filter) in pipeline.filters where filter.unitName == name {
      return filter
    }
    throw PipelineError.missing(name)
  }

  enum PipelineError: Error { case missing(String) }

  @Test("filters exclude with rendered reasons and cite their source")
  func filters() throws {
    let (pipeline, tables) = try pipeline("vm_evenly_distributed")
    let memory = try filter(pipeline, "Memory")
    #expect(memory.evaluate(host: 0, vm: 0, in: tables))
    #expect(!memory.evaluate(host: 1, vm: 0, in: tables))
    #expect(
      memory.reason(EvaluationContext(tables: tables, hostIndex: 1, vmIndex: 0))
        == "physical: free memory and swap after pending placements (2048 MiB) are less than the "
        + "VM's memory and static overhead (2116 MiB); over-commit: its available memory is too "
        + "low (1096 MiB) to run the VM (2148 MiB)")
    #expect(memory.origin.citation == "Policies/units/filters/resources.yaml:43")
    let cpu = try filter(pipeline, "CPU")
    #expect(!cpu.evaluate(host: 1, vm: 0, in: tables))  // 4 vCPUs, 2 cores
    let overloaded = try filter(pipeline, "CPUOverloaded")
    #expect(overloaded.evaluate(host: 0, vm: 0, in: tables))
    #expect(!overloaded.evaluate(host: 1, vm: 0, in: tables))  // 95% > 80 for 10 minutes ≥ 2
  }

  @Test("weights score lower-is-better; PreferredHosts records nothing for running VMs")
  func weights() throws {
    let (pipeline, tables) = try pipeline("vm_evenly_distributed")
    var scores: [String: CompiledWeight] = [:]
    for case .expression(let weight) in pipeline.weights { scores[weight.unitName] = weight }
    let guests = try #require(scores["OptimalForEvenGuestDistribution"])
    #expect(guests.factor == 2)
    #expect(guests.evaluate(host: 0, vm: 0, in: tables) == 6)  // 1 VM + SPM grace 5
    #expect(guests.evaluate(host: 1, vm: 0, in: tables) == 0)
    let preferred = try #require(scores["PreferredHosts"])
    #expect(preferred.evaluate(host: 0, vm: 0, in: tables) == 10000)
    #expect(preferred.evaluate(host: 1, vm: 0, in: tables) == 0)
    #expect(preferred.evaluate(host: 1, vm: 1, in: tables) == nil)
  }

  @Test("pending placements update the derived columns the filters read")
  func pending() throws {
    let (pipeline, start) = try pipeline("vm_evenly_distributed")
    var tables = start
    let memory = try filter(pipeline, "Memory")
    let before = tables.hosts.rowCount
    #expect(before == 2)
    tables.addPending(vm: 0, host: 0)
    #expect(tables.pending.vmCount == [1, 0])
    var weights: [String: CompiledWeight] = [:]
    for case .expression(let weight) in pipeline.weights { weights[weight.unitName] = weight }
    #expect(weights["OptimalForEvenGuestDistribution"]?.evaluate(host: 0, vm: 1, in: tables) == 7)
    #expect(memory.evaluate(host: 0, vm: 1, in: tables))
    tables.removePending(vm: 0)
    #expect(tables.pending.vmCount == [0, 0])
  }

  @Test("the balancer's host load and extremes drive its rules; every native unit is implemented")
  func balancer() throws {
    let (pipeline, start) = try pipeline("vm_evenly_distributed")
    guard case .expression(let balancer)? = pipeline.balancer else {
      Issue.record("expected an expression balancer")
      return
    }
    var tables = start
    tables.prepareBalance(hostLoad: balancer.hostLoad.expression, candidates: [0, 1])
    #expect(tables.balance.hostLoad == [6, 0])
    #expect(tables.balance.maxHostLoad == 6)
    let context = EvaluationContext(tables: tables, hostIndex: 0, vmIndex: 1)
    #expect(!balancer.sourceWhen.expression.evaluateBool(context))  // 6 < HighVmCount 10
    #expect(balancer.thresholds.map(\.name) == ["cpuPercent", "memoryMiB"])
    #expect(pipeline.unimplementedNativeUnits.isEmpty)
  }

  @Test("per-unit defaults: an unset HighUtilization is 90 for CPUOverloaded, 75 for the balancer")
  func perUnitDefaults() throws {
    let policy = """
      kind: SchedulingPolicy
      name: defaults
      filters: [CPUOverloaded]
      balancer: OptimalForEvenGuestDistribution

      """
    let compiled = FidelityFixture.compile(policy, policy: "defaults")
    let library = compiled.library
    let pipeline = try #require(compiled.pipeline)
    let property = try #require(pipeline.properties["HighUtilization"])
    #expect(property.source == .unitDefault)
    #expect(property.value(forUnit: "CPUOverloaded") == .int(90))
    #expect(property.value(forUnit: "OptimalForEvenGuestDistribution") == .int(75))
    #expect(library.entry(kind: .schedulingPolicy, named: "defaults")?.provenance == .added)
  }

  @Test("a --policies document overrides the built-in of the same kind and name")
  func overrides() throws {
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let text = """
      kind: Filter
      name: Memory
      when: host.memory.freeMiB >= vm.memoryMiB

      """
    let file = sources.add(path: "mine/memory.yaml", text: text)
    let library = PolicyLibrary.load(userFiles: [file], sources: &sources, diagnostics: &bag)
    #expect(bag.isEmpty)
    guard
      case .overridesBuiltin(let origin)? = library.entry(kind: .filter, named: "Memory")?
        .provenance
    else {
      Issue.record("Memory should override the built-in")
      return
    }
    #expect(origin.path == "Policies/units/filters/resources.yaml")
    #expect(library.unit(.filter, named: "Memory")?.origin.path == "mine/memory.yaml")
  }
}

@Suite("field catalog")
struct FieldCatalogTests {
  @Test("every mirrored snapshot field exists in Inventory's registry with a compatible type")
  func mirrorsRegistry() {
    for field in PolicyFieldCatalog.standard.fields {
      guard let path = field.registryPath else {
        #expect(!field.doc.isEmpty, "derived field \(field.path) has no doc")
        continue
      }
      guard let descriptor = FieldRegistry.descriptor(atPath: path) else {
        Issue.record("\(field.path) mirrors unknown registry path \(path)")
        continue
      }
      #expect(!field.doc.isEmpty, "\(field.path)")
      let compatible: Bool =
        switch descriptor.type {
        case .int: field.type == .int
        case .float: field.type == .float
        case .bool: field.type == .bool
        case .string, .enumeration, .timestamp: field.type == .string
        case .stringList: field.type == .stringSet
        default: false
        }
      #expect(compatible, "\(field.path): \(descriptor.type.displayName) vs \(field.type)")
    }
  }

  @Test("paths are unique")
  func uniquePaths() {
    let paths = PolicyFieldCatalog.standard.fields.map(\.path)
    #expect(Set(paths).count == paths.count)
  }
}
