import Inventory
import Policy
import Scheduler

/// The optimizer's fast model of a cluster: what may move, where each movable unit may go
/// (the policy's load-independent filter verdicts), memory and CPU room per host, and the hard
/// VM-to-VM rules. Searches run on it; ``MoveSequencer`` then checks every move with the
/// scheduler itself.
///
/// - Units: a running, migratable VM on an Up host; members of one enforcing positive
///   VM-to-VM group on one host form one unit (they move together). Everything else is fixed.
/// - Where a unit may go: per VM shape (the VM with its name, host, memory, CPU usage and source
///   positions blanked; VMs in enforcing VM-to-host groups keep their name), one scheduler decision in the
///   snapshot's state with every rejection recorded; a host is allowed when the only filters
///   that reject it are load-dependent (``loadDependentFilters``), which the model tracks itself
///   (memory, hard VM-to-VM affinity) or the sequencer checks. A unit's own host is allowed.
/// - Memory room: what both the over-commit check (physical × over-commit − reserved −
///   committed) and the physical check (free + swap) leave once the host's running VMs are
///   counted back. CPU room: the policy's `HighUtilization` (the CPUOverloaded filter's
///   threshold; 100 % without it) of the effective cores, minus the load the host reports
///   beyond its VMs' own.
struct PackingModel {
  /// Filters whose verdict depends on the placement of other VMs (or on the VM's source), not
  /// on the host and VM shape alone.
  static let loadDependentFilters: Set<String> = [
    "Memory", "Swap", "NUMA", "HugePages", "Migration", "VmAffinityGroups", "HostedEngineSpares",
    "CpuPinning",
  ]

  struct Unit {
    var vms: [Int]
    var memoryMiB: Int
    var cpuPoints: Double
    /// The host in the snapshot.
    var origin: Int
    /// Index into ``allowedSets``.
    var allowedSet: Int
    /// Enforcing negative VM-to-VM groups of the members.
    var negativeGroups: [Int]
  }

  let snapshot: ClusterSnapshot
  /// The scheduler's state of the snapshot (built once; the sequencer starts from it).
  let state: SchedulerState
  /// Up hosts (the only ones that receive VMs).
  let usable: [Bool]
  let memoryRoomMiB: [Int]
  let cpuRoomPoints: [Double]
  /// The CPU limit in percent of the effective cores.
  let cpuLimitPercent: Double
  var units: [Unit] = []
  var allowedSets: [[UInt64]] = []
  /// Per host: memory and CPU of its running VMs (fixed and movable).
  var memoryUsedMiB: [Int]
  var cpuUsedPoints: [Double]
  /// Per host: running VMs, and those that never move.
  var vmCount: [Int]
  var fixedCount: [Int]
  /// Current host of each unit, and the units on each host (in unit order).
  var hostOf: [Int] = []
  var unitsOn: [[Int]]
  /// Per negative group: units of the group per host.
  var groupCount: [[Int: Int]]

  init(snapshot: ClusterSnapshot, pipeline: SchedulingPipeline) {
    self.snapshot = snapshot
    state = SchedulerState(snapshot: snapshot)
    let hostCount = snapshot.hosts.count
    let architecture = snapshot.cluster.cpuArchitecture
    usable = snapshot.hosts.map { $0.status == .up }
    var limit = 100.0
    if pipeline.filters.contains(where: { $0.unitName == "CPUOverloaded" }),
      case .int(let value)? = pipeline.properties.value(
        of: "HighUtilization", forUnit: "CPUOverloaded")
    {
      limit = Double(value)
    }
    cpuLimitPercent = limit
    var memory = [Int](repeating: 0, count: hostCount)
    var cpu = [Double](repeating: 0, count: hostCount)
    var count = [Int](repeating: 0, count: hostCount)
    for vm in snapshot.vms where vm.isRunning {
      guard let host = vm.hostIndex, memory.indices.contains(host) else { continue }
      memory[host] += SchedulingFormulas.requiredMemoryMiB(of: vm, architecture: architecture)
      cpu[host] += vm.cpuLoadPoints
      count[host] += 1
    }
    memoryUsedMiB = memory
    cpuUsedPoints = cpu
    vmCount = count
    fixedCount = count
    memoryRoomMiB = snapshot.hosts.indices.map { index in
      let host = snapshot.hosts[index]
      let overcommit =
        host.physicalMemoryMiB * snapshot.cluster.memoryOvercommitPercent / 100
        - host.reservedMemoryMiB - host.committedMemoryMiB + memory[index]
      let physical = host.freeMemoryMiB + memory[index] + max(0, host.swapFreeMiB)
      return max(0, min(overcommit, physical))
    }
    cpuRoomPoints = snapshot.hosts.indices.map { index in
      guard let cores = snapshot.effectiveCores(ofHost: index), cores > 0 else { return .infinity }
      let reported = (snapshot.hosts[index].cpuUsagePercent ?? 0) * Double(cores)
      return limit * Double(cores) - max(0, reported - cpu[index])
    }
    unitsOn = Array(repeating: [], count: hostCount)
    groupCount = Array(repeating: [:], count: snapshot.affinityGroups.count)
    buildUnits(pipeline: pipeline)
  }

  // MARK: Units and where they may go

  private mutating func buildUnits(pipeline: SchedulingPipeline) {
    let vms = snapshot.vms
    let architecture = snapshot.cluster.cpuArchitecture
    func movable(_ vm: VirtualMachine) -> Bool {
      guard vm.isRunning, vm.migrationMode == .migratable, let host = vm.hostIndex,
        usable.indices.contains(host)
      else { return false }
      return usable[host]
    }
    // Union-find over enforcing positive VM-to-VM groups.
    var parent = Array(vms.indices)
    func root(_ vm: Int) -> Int {
      var node = vm
      while parent[node] != node {
        parent[node] = parent[parent[node]]
        node = parent[node]
      }
      return node
    }
    var namedByHostRule = [Bool](repeating: false, count: vms.count)
    var negativeOf = [[Int]](repeating: [], count: vms.count)
    for (index, group) in snapshot.affinityGroups.enumerated() {
      let members = snapshot.memberVMIndices(of: group)
      if group.hostRule.isEnforcing && group.hostRule.isEnabled {
        for vm in members { namedByHostRule[vm] = true }
      }
      guard group.vmRule.isEnforcing else { continue }
      switch group.vmRule.polarity {
      case .positive:
        for vm in members.dropFirst() {
          let (a, b) = (root(vm), root(members[0]))
          if a != b { parent[max(a, b)] = min(a, b) }
        }
      case .negative:
        for vm in members { negativeOf[vm].append(index) }
      case .disabled: break
      }
    }
    var membersOf: [Int: [Int]] = [:]
    for vm in vms.indices where vms[vm].isRunning { membersOf[root(vm), default: []].append(vm) }
    // Allowed hosts per VM shape.
    let scheduler = Scheduler(pipeline: pipeline)
    var setOfShape: [VirtualMachine: Int] = [:]
    var setOfVM = [Int](repeating: -1, count: vms.count)
    let words = (snapshot.hosts.count + 63) / 64
    for vm in vms.indices where movable(vms[vm]) {
      var shape = vms[vm]
      if !namedByHostRule[vm] {
        shape.name = ""
        shape.id = nil
      }
      shape.hostName = nil
      shape.hostIndex = nil
      shape.memoryMiB = 0
      shape.guaranteedMemoryMiB = 0
      shape.cpuUsagePercent = nil
      shape.span = nil
      shape.nameSpan = nil
      shape.hostSpan = nil
      if let known = setOfShape[shape] {
        setOfVM[vm] = known
        continue
      }
      let decision = scheduler.decide(VMGroup(vmIndices: [vm]), in: state, constraints: .none)
      var bits = [UInt64](repeating: 0, count: words)
      for evaluation in decision.hosts
      where evaluation.exclusion == nil && usable[evaluation.hostIndex] {
        let rejected = evaluation.filterVerdicts.indices.contains { index in
          evaluation.filterVerdicts[index] != .pass
            && !Self.loadDependentFilters.contains(decision.filterNames[index])
        }
        if !rejected {
          bits[evaluation.hostIndex >> 6] |= 1 << UInt64(evaluation.hostIndex & 63)
        }
      }
      setOfShape[shape] = allowedSets.count
      setOfVM[vm] = allowedSets.count
      allowedSets.append(bits)
    }
    // Units, in order of their first VM.
    for first in membersOf.keys.sorted() {
      guard let members = membersOf[first] else { continue }
      let hosts = Set(members.compactMap { vms[$0].hostIndex })
      guard members.allSatisfy({ movable(vms[$0]) }), hosts.count == 1, let host = hosts.first
      else { continue }
      var set = setOfVM[members[0]]
      if members.count > 1 {
        var bits = allowedSets[set]
        for vm in members.dropFirst() {
          for word in bits.indices { bits[word] &= allowedSets[setOfVM[vm]][word] }
        }
        set = allowedSets.count
        allowedSets.append(bits)
      }
      let unit = Unit(
        vms: members,
        memoryMiB: members.reduce(0) {
          $0 + SchedulingFormulas.requiredMemoryMiB(of: vms[$1], architecture: architecture)
        },
        cpuPoints: members.reduce(0) { $0 + vms[$1].cpuLoadPoints }, origin: host,
        allowedSet: set,
        negativeGroups: Array(Set(members.flatMap { negativeOf[$0] })).sorted())
      fixedCount[host] -= members.count
      unitsOn[host].append(units.count)
      hostOf.append(host)
      for group in unit.negativeGroups { groupCount[group][host, default: 0] += 1 }
      units.append(unit)
    }
    // Fixed members of negative groups count too.
    for vm in vms.indices where vms[vm].isRunning && !movable(vms[vm]) {
      guard let host = vms[vm].hostIndex else { continue }
      for group in negativeOf[vm] { groupCount[group][host, default: 0] += 1 }
    }
  }

  // MARK: Queries and moves

  /// Whether `unit` may go to `host` (not its current host) in the current model state.
  func fits(_ unit: Int, _ host: Int) -> Bool {
    let value = units[unit]
    guard usable[host], hostOf[unit] != host,
      host == value.origin
        || allowedSets[value.allowedSet][host >> 6] & (1 << UInt64(host & 63)) != 0,
      memoryUsedMiB[host] + value.memoryMiB <= memoryRoomMiB[host],
      cpuUsedPoints[host] + value.cpuPoints <= cpuRoomPoints[host] + 1e-6
    else { return false }
    for group in value.negativeGroups where (groupCount[group][host] ?? 0) > 0 { return false }
    return true
  }

  /// Moves a unit in the model.
  mutating func move(_ unit: Int, to host: Int) {
    let from = hostOf[unit]
    let value = units[unit]
    memoryUsedMiB[from] -= value.memoryMiB
    cpuUsedPoints[from] -= value.cpuPoints
    vmCount[from] -= value.vms.count
    memoryUsedMiB[host] += value.memoryMiB
    cpuUsedPoints[host] += value.cpuPoints
    vmCount[host] += value.vms.count
    if let position = unitsOn[from].firstIndex(of: unit) { unitsOn[from].remove(at: position) }
    unitsOn[host].append(unit)
    for group in value.negativeGroups {
      groupCount[group][from, default: 0] -= 1
      groupCount[group][host, default: 0] += 1
    }
    hostOf[unit] = host
  }

  /// The most VMs each of `hosts` can run in any placement the searches reach, for the spread
  /// bound: what it runs now (it may take nothing and keep its VMs), or, once it takes a unit (it
  /// then ends within its room), its fixed VMs plus as many VMs as the smallest VM shares of
  /// memory and of CPU (a unit's size split evenly over its VMs, rounded down) its room leaves.
  /// - Complexity: O(VMs log VMs + hosts × (log VMs + units on the host)).
  func vmCapacities(_ hosts: [Int]) -> [Int] {
    var memoryShares: [Int] = []
    var cpuShares: [Double] = []
    for unit in units {
      let count = unit.vms.count
      memoryShares += repeatElement(unit.memoryMiB / count, count: count)
      cpuShares += repeatElement(unit.cpuPoints / Double(count), count: count)
    }
    /// Running totals of the smallest shares; how many of them fit in `room`.
    func prefix<T: Numeric & Comparable>(_ shares: [T]) -> [T] {
      var total: T = 0
      return shares.sorted().map {
        total += $0
        return total
      }
    }
    func fitting<T: Comparable>(_ totals: [T], _ room: T) -> Int {
      var low = 0
      var high = totals.count
      while low < high {
        let mid = (low + high) / 2
        if totals[mid] <= room { low = mid + 1 } else { high = mid }
      }
      return low
    }
    let memoryTotals = prefix(memoryShares)
    let cpuTotals = prefix(cpuShares)
    return hosts.map { host in
      var fixedMemory = memoryUsedMiB[host]
      var fixedCPU = cpuUsedPoints[host]
      for unit in unitsOn[host] {
        fixedMemory -= units[unit].memoryMiB
        fixedCPU -= units[unit].cpuPoints
      }
      let byMemory = fitting(memoryTotals, memoryRoomMiB[host] - fixedMemory)
      let byCPU =
        cpuRoomPoints[host].isFinite
        ? fitting(cpuTotals, cpuRoomPoints[host] - fixedCPU + 1e-3) : cpuTotals.count
      return max(vmCount[host], fixedCount[host] + min(byMemory, byCPU))
    }
  }

  /// VMs whose unit is not on its snapshot host.
  var vmsNotInPlace: Int {
    units.indices.reduce(0) { $0 + (hostOf[$1] == units[$1].origin ? 0 : units[$1].vms.count) }
  }

  /// Hosts running at least one VM.
  var hostsInUse: Int { vmCount.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } }
}
