import Inventory
import PolicyExpression
import Scheduler
import ShepherdTestSupport
import Testing

@testable import Planner
@testable import Policy

/// The balance planner's shortcuts within a round: a candidate's relief is checked on its
/// source alone and kept while the source is unchanged (both rest on the balancer's load
/// reading only its own host), and sources are selected in order as the search reaches them.
@Suite("balance round shortcuts")
struct SourceReliefTests {
  /// Every host column of one host's row.
  struct HostRowValues: Equatable {
    var ints: [Int64]
    var floats: [Double]
    var bools: [Bool]
    var strings: [String]
    var sets: [StringSet]
  }

  static func hostRow(_ tables: ClusterTables, _ host: Int) -> HostRowValues {
    let table = tables.hosts
    let count = table.rowCount
    return HostRowValues(
      ints: stride(from: host, to: table.ints.count, by: count).map { table.ints[$0] },
      floats: stride(from: host, to: table.floats.count, by: count).map { table.floats[$0] },
      bools: stride(from: host, to: table.bools.count, by: count).map { table.bools[$0] },
      strings: table.strings.map { $0[host] }, sets: table.sets.map { $0[host] })
  }

  @Test("a VM leaving its host alone gives the host the row a move gives it, and is put back")
  func departure() throws {
    for (seed, generator, context) in IncrementalPlanningTests.randomContexts(
      count: 25, salt: 1_603)
    {
      var random = generator
      let band = CpuThresholdBand(properties: context.pipeline.properties)
      var state = SchedulerState(snapshot: context.snapshot)
      for _ in 0..<6 {
        let running = state.snapshot.vms.indices.filter {
          state.snapshot.vms[$0].isRunning && state.snapshot.vms[$0].hostIndex != nil
        }
        guard !running.isEmpty, state.snapshot.hosts.count > 1 else { break }
        let vm = running[random.next(below: running.count)]
        let source = try #require(state.snapshot.vms[vm].hostIndex)
        let others = state.snapshot.hosts.indices.filter { $0 != source }
        let destination = others[random.next(below: others.count)]
        var moved = state
        _ = moved.move(vm: vm, to: destination, band: band)
        let before = state
        let row = state.withoutVM(vm, band: band) { Self.hostRow($0.tables, source) }
        #expect(row == Self.hostRow(moved.tables, source), "seed \(seed)")
        #expect(state.snapshot == before.snapshot, "seed \(seed)")
        #expect(state.tables.hosts == before.tables.hosts, "seed \(seed)")
        #expect(state.tables.vms == before.tables.vms, "seed \(seed)")
        if random.chance(50) { state = moved }
      }
    }
  }

  @Test(
    "the built-in balancers' loads read only their own host",
    arguments: ["vm_evenly_distributed", "evenly_distributed", "power_saving"])
  func builtinLoadsAreLocal(_ policy: String) throws {
    let yaml = SyntheticSnapshot(hostCount: 3, vmCount: 6, seed: 1).yaml()
    let context = try planningContext(bytes: Array(yaml.utf8), policy: policy)
    guard case .expression(let balancer)? = context.pipeline.balancer else {
      Issue.record("\(policy) has no expression balancer")
      return
    }
    #expect(balancer.loadReadsOnlyItsHost)
  }

  @Test("a load reading other hosts' figures or a VM is not local")
  func locality() throws {
    let catalog = PolicyFieldCatalog.standard
    func id(_ path: String) throws -> FieldID {
      FieldID(try #require(catalog.fields.firstIndex { $0.path == path }))
    }
    #expect(catalog.readsOnlyOwnHost([try id("host.cpuLoadPercent"), try id("cluster.hostCount")]))
    #expect(catalog.readsOnlyOwnHost([try id("balance.hostLoad")]))
    #expect(!catalog.readsOnlyOwnHost([try id("balance.maxHostLoad")]))
    #expect(!catalog.readsOnlyOwnHost([try id("host.vmCount"), try id("vm.memoryMiB")]))
  }

  @Test("a relief verdict holds until a move changes its source")
  func memo() {
    var memo = ReliefMemo(hostCount: 3, vmCount: 4)
    #expect(memo.verdict(vm: 1, source: 0) == nil)
    memo.record(vm: 1, source: 0, relieves: false)
    #expect(memo.verdict(vm: 1, source: 0) == false)
    #expect(memo.verdict(vm: 1, source: 2) == nil)
    memo.changed([1, 2])
    #expect(memo.verdict(vm: 1, source: 0) == false)
    memo.changed([0, 1])
    #expect(memo.verdict(vm: 1, source: 0) == nil)
  }

  @Test("sources selected as the search reaches them come in the order of a full sort")
  func sourceOrder() {
    for seed in PropertySeeds.seeds(count: 40, salt: 1_604) {
      var random = SplitMix64(seed: seed)
      let keys: [Double] = (0..<random.next(below: 30)).map { _ in
        random.chance(5) ? .nan : Double(random.next(below: 8)) - 4
      }
      var round = BalanceRound(hosts: [], loads: [])
      for (host, key) in keys.enumerated() { round.addSource(host, key: key) }
      let sorted = keys.enumerated().map { (host: $0.offset, key: $0.element) }
        .sorted { ($0.key, $0.host) < ($1.key, $1.host) }
      var position = random.next(below: 3)
      _ = round.source(at: position)
      position = 0
      var found: [Int] = []
      while let source = round.source(at: position) {
        found.append(source.host)
        position += 1
      }
      #expect(found == sorted.map(\.host), "seed \(seed): \(keys)")
    }
  }
}
