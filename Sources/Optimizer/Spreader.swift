import Inventory

/// Spreading on the model: lowers the busiest host's measure (VM count, or CPU load percent)
/// one move at a time. A move takes a unit off the busiest host to the least busy host that
/// takes it, and only when the receiver stays below where the busiest host was; so the sorted
/// loads fall lexicographically, every move is a gain, and the search ends when the busiest
/// host can give nothing away (no gain), or a limit stops it.
struct Spreader {
  enum Measure {
    case vmCount
    case cpuPercent
  }

  var model: PackingModel
  var budget: SearchBudget
  let measure: Measure
  /// Hosts measured: Up hosts (with a known CPU topology for the CPU measure).
  let hosts: [Int]
  /// Load points each host reports beyond its VMs'.
  private let basePoints: [Double]
  private var migrations: Int

  init(model: PackingModel, budget: SearchBudget, measure: Measure) {
    self.model = model
    self.budget = budget
    self.measure = measure
    let snapshot = model.snapshot
    basePoints = snapshot.hosts.indices.map { host in
      guard let cores = snapshot.effectiveCores(ofHost: host), cores > 0 else { return 0 }
      return model.cpuLimitPercent * Double(cores) - model.cpuRoomPoints[host]
    }
    hosts = snapshot.hosts.indices.filter { host in
      model.usable[host]
        && (measure == .vmCount || (snapshot.effectiveCores(ofHost: host) ?? 0) > 0)
    }
    migrations = model.vmsNotInPlace
  }

  func value(_ host: Int) -> Double {
    switch measure {
    case .vmCount: return Double(model.vmCount[host])
    case .cpuPercent:
      let cores = Double(model.snapshot.effectiveCores(ofHost: host) ?? 1)
      return (basePoints[host] + model.cpuUsedPoints[host]) / cores
    }
  }

  private func delta(_ unit: Int, on host: Int) -> Double {
    switch measure {
    case .vmCount: return Double(model.units[unit].vms.count)
    case .cpuPercent:
      return model.units[unit].cpuPoints / Double(model.snapshot.effectiveCores(ofHost: host) ?? 1)
    }
  }

  /// The busiest measured host's value.
  var highest: Double { hosts.map(value).max() ?? 0 }

  /// The best value any placement could reach: the average, or a host's fixed load when higher.
  func lowerBound() -> Double {
    guard !hosts.isEmpty else { return 0 }
    var fixed = [Double](repeating: 0, count: model.snapshot.hosts.count)
    for host in hosts { fixed[host] = value(host) }
    for unit in model.units.indices where hosts.contains(model.hostOf[unit]) {
      fixed[model.hostOf[unit]] -= delta(unit, on: model.hostOf[unit])
    }
    let highestFixed = hosts.map { fixed[$0] }.max() ?? 0
    switch measure {
    case .vmCount:
      let total = hosts.reduce(0) { $0 + model.vmCount[$1] }
      // The fewest VMs T on the busiest host such that hosts holding min(T, what each can
      // hold) hold them all: a host that takes a unit ends within its room, so it holds at most
      // its fixed VMs plus as many VMs as the smallest VM shares (a unit's memory and CPU split
      // evenly over its VMs) its room leaves; one that takes nothing keeps at most what it runs.
      let capacity = model.vmCapacities(hosts)
      var level = max(Int(highestFixed.rounded(.up)), (total + hosts.count - 1) / hosts.count)
      while capacity.reduce(0, { $0 + min(level, $1) }) < total { level += 1 }
      return Double(level)
    case .cpuPercent:
      let points = hosts.reduce(0.0) { $0 + basePoints[$1] + model.cpuUsedPoints[$1] }
      let cores = hosts.reduce(0) { $0 + (model.snapshot.effectiveCores(ofHost: $1) ?? 0) }
      return max(highestFixed, points / Double(max(1, cores)))
    }
  }

  mutating func run() {
    guard hosts.count > 1 else { return }
    var order = hosts.sorted { (value($0), $0) < (value($1), $1) }
    /// Where `key` goes in `order` (binary search: the order is sorted by value, then host).
    func position(_ key: (Double, Int)) -> Int {
      var low = 0
      var high = order.count
      while low < high {
        let mid = (low + high) / 2
        if (value(order[mid]), order[mid]) < key { low = mid + 1 } else { high = mid }
      }
      return low
    }
    // A host with no improving move is skipped until a move makes one possible: only the source
    // of a move gets a better receiver (lower, with more room), and only its target gets a new
    // unit to give away (every other host, and so its moves, is unchanged).
    var stuck: Set<Int> = []
    while let source = order.last(where: { !stuck.contains($0) }) {
      let top = value(source)
      let units = model.unitsOn[source].sorted { a, b in
        switch measure {
        case .vmCount:
          return (model.units[a].memoryMiB, a) < (model.units[b].memoryMiB, b)
        case .cpuPercent:
          return (model.units[b].cpuPoints, a) < (model.units[a].cpuPoints, b)
        }
      }
      // Receivers: below the source, with the memory and CPU room of its smallest unit.
      let leastMemory = units.map { model.units[$0].memoryMiB }.min() ?? 0
      let leastCPU = units.map { model.units[$0].cpuPoints }.min() ?? 0
      var receivers: [Int] = []
      for target in order {
        if value(target) >= top - 1e-9 { break }
        if model.memoryUsedMiB[target] + leastMemory <= model.memoryRoomMiB[target],
          model.cpuUsedPoints[target] + leastCPU <= model.cpuRoomPoints[target] + 1e-6
        {
          receivers.append(target)
        }
      }
      var moved: (unit: Int, target: Int)?
      search: for unit in units {
        for target in receivers {
          guard budget.tick() else { return }
          let level = value(target)
          guard level + delta(unit, on: target) < top - 1e-9 else {
            // The unit counts the same everywhere with VM counts: no later host takes it.
            if measure == .vmCount { break } else { continue }
          }
          guard model.fits(unit, target) else { continue }
          moved = (unit, target)
          break search
        }
      }
      guard let (unit, target) = moved else {
        stuck.insert(source)
        continue
      }
      let origin = model.units[unit].origin
      let count = model.units[unit].vms.count
      let next = migrations + (source == origin ? count : target == origin ? -count : 0)
      guard budget.allows(migrations: next) else { return }
      // Re-sort the two hosts: out at their old keys, in at their new ones.
      order.remove(at: position((top, source)))
      order.remove(at: position((value(target), target)))
      model.move(unit, to: target)
      migrations = next
      order.insert(source, at: position((value(source), source)))
      order.insert(target, at: position((value(target), target)))
      stuck.remove(target)
      let receiver = value(source)
      for host in order.reversed() {
        let level = value(host)
        if level <= receiver + 1e-9 { break }
        guard stuck.contains(host) else { continue }
        for other in model.unitsOn[host] {
          guard budget.tick() else { return }
          if receiver + delta(other, on: source) < level - 1e-9, model.fits(other, source) {
            stuck.remove(host)
            break
          }
        }
      }
    }
  }
}
