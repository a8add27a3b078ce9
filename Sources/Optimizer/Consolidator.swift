import Inventory

/// Consolidation on the model: empty as many hosts as possible, moving only the VMs of the
/// hosts it empties (so every migration buys an emptied host).
///
/// 1. Construction: hosts in use that run nothing fixed, smallest capacity first in the scarcer
///    resource (keep the big hosts; a host's capacity is its room, or what it runs when that is
///    more: it takes nothing then but keeps its VMs, as the bound counts it), then least loaded;
///    each is emptied when all its units fit elsewhere by best-fit decreasing (the fullest open
///    host that still takes the unit: memory, CPU, allowed hosts, hard anti-affinity), else it
///    is left as it was.
/// 2. Local search: a host that could not be emptied is tried again with ejection moves — a
///    unit that fits nowhere may take the place of a smaller unit on an open host, which moves
///    on to a third host by best fit. Passes repeat until one empties no host (no gain), or the
///    iteration budget, the time limit or `--max-migrations` stops them.
struct Consolidator {
  var model: PackingModel
  var budget: SearchBudget
  /// Hosts that may receive units: in use and Up, not emptied.
  private var open: [Bool]
  /// Open hosts by free memory (best fit) and by free CPU (the fallback when CPU binds).
  private var rooms: RoomIndex
  private var cpuRooms: RoomIndex
  private var migrations = 0

  init(model: PackingModel, budget: SearchBudget) {
    self.model = model
    self.budget = budget
    let hosts = model.snapshot.hosts.indices
    let isOpen = hosts.map { model.usable[$0] && model.vmCount[$0] > 0 }
    open = isOpen
    let openHosts = hosts.filter { isOpen[$0] }
    let roomMiB = model.memoryRoomMiB
    let usedMiB = model.memoryUsedMiB
    rooms = RoomIndex(hosts: openHosts) { roomMiB[$0] - usedMiB[$0] }
    let cpuRoom = model.cpuRoomPoints
    let cpuUsed = model.cpuUsedPoints
    cpuRooms = RoomIndex(hosts: openHosts) { Self.points(cpuRoom[$0] - cpuUsed[$0]) }
    let up = hosts.filter { model.usable[$0] }
    let memoryShare =
      Double(up.reduce(0) { $0 + usedMiB[$1] }) / Double(max(1, up.reduce(0) { $0 + roomMiB[$1] }))
    let cpuTotal = up.reduce(0.0) { $0 + (cpuRoom[$1].isFinite ? cpuRoom[$1] : 0) }
    cpuBinds = up.reduce(0.0) { $0 + cpuUsed[$1] } / max(1, cpuTotal) > memoryShare
  }

  /// Whether CPU rather than memory is the scarcer resource over the open hosts (demand over
  /// room): best fit and the emptying order then go by CPU.
  private let cpuBinds: Bool

  /// How many hosts a best-fit lookup tries in each index: bounds the cost of a placement when
  /// the other resource binds (a heuristic limit, the same on every run).
  static let scanLimit = 48

  private func room(_ host: Int) -> Int { model.memoryRoomMiB[host] - model.memoryUsedMiB[host] }
  private func cpuRoom(_ host: Int) -> Int {
    Self.points(model.cpuRoomPoints[host] - model.cpuUsedPoints[host])
  }
  static func points(_ value: Double) -> Int {
    value.isFinite ? Int(value.rounded(.down)) : Int.max / 2
  }

  /// Moves a unit, keeping the room index and the migration count.
  private mutating func apply(_ unit: Int, to host: Int) {
    let from = model.hostOf[unit]
    let count = model.units[unit].vms.count
    let (oldFrom, oldTo) = (room(from), room(host))
    let (oldCPUFrom, oldCPUTo) = (cpuRoom(from), cpuRoom(host))
    model.move(unit, to: host)
    if open[from] {
      rooms.update(host: from, from: oldFrom, to: room(from))
      cpuRooms.update(host: from, from: oldCPUFrom, to: cpuRoom(from))
    }
    if open[host] {
      rooms.update(host: host, from: oldTo, to: room(host))
      cpuRooms.update(host: host, from: oldCPUTo, to: cpuRoom(host))
    }
    let origin = model.units[unit].origin
    if from == origin { migrations += count } else if host == origin { migrations -= count }
  }

  /// The fullest open host (not `excluded`) by memory that takes the unit, among the first
  /// ``scanLimit`` with room; else, among the ``scanLimit`` hosts with the most CPU room, the
  /// first that takes it.
  private mutating func bestFit(_ unit: Int, excluding excluded: [Int]) -> Int? {
    let memory = model.units[unit].memoryMiB
    let cpu = Int(model.units[unit].cpuPoints.rounded(.up))
    let (primary, secondary) = cpuBinds ? (cpuRooms, rooms) : (rooms, cpuRooms)
    let fullest = primary.atLeast(cpuBinds ? cpu : memory).prefix(Self.scanLimit)
    for entry in fullest where !excluded.contains(entry.host) {
      guard budget.tick() else { return nil }
      if model.fits(unit, entry.host) { return entry.host }
    }
    for entry in secondary.entries.reversed().prefix(Self.scanLimit)
    where !excluded.contains(entry.host) {
      guard budget.tick() else { return nil }
      if model.fits(unit, entry.host) { return entry.host }
    }
    return nil
  }

  /// Tries to empty `host`; on failure puts everything back. With `ejecting`, a unit that fits
  /// nowhere may displace a smaller one.
  private mutating func empty(_ host: Int, ejecting: Bool) -> Bool {
    let units = model.unitsOn[host].sorted {
      (model.units[$1].memoryMiB, $0) < (model.units[$0].memoryMiB, $1)
    }
    let moving = units.reduce(0) {
      $0 + (model.hostOf[$1] == model.units[$1].origin ? model.units[$1].vms.count : 0)
    }
    guard budget.allows(migrations: migrations + moving) else { return false }
    open[host] = false
    rooms.remove(host: host, room: room(host))
    cpuRooms.remove(host: host, room: cpuRoom(host))
    var done: [(unit: Int, from: Int)] = []
    var failed = false
    for unit in units {
      if let target = bestFit(unit, excluding: []) {
        done.append((unit, host))
        apply(unit, to: target)
      } else if ejecting, let chain = eject(unit, from: host) {
        done.append(contentsOf: chain)
      } else {
        failed = true
        break
      }
    }
    if failed || !budget.allows(migrations: migrations) {
      for (unit, from) in done.reversed() { apply(unit, to: from) }
      open[host] = true
      rooms.insert(host: host, room: room(host))
      cpuRooms.insert(host: host, room: cpuRoom(host))
      return false
    }
    return true
  }

  /// Hosts (most memory room first), and units on each (largest first), an ejection tries.
  static let ejectionHosts = 4

  /// Places `unit` (leaving `source`) by moving a smaller unit off an open host to a third
  /// host; returns the moves made (unit, previous host), or nil.
  private mutating func eject(_ unit: Int, from source: Int) -> [(unit: Int, from: Int)]? {
    let need = model.units[unit].memoryMiB
    let candidates = rooms.entries.reversed().prefix(Self.ejectionHosts).map(\.host)
    for host in candidates where host != source {
      let smaller = model.unitsOn[host].filter { model.units[$0].memoryMiB < need }
      for other in smaller.sorted(by: {
        (model.units[$1].memoryMiB, $0) < (model.units[$0].memoryMiB, $1)
      }).prefix(Self.ejectionHosts) {
        guard budget.tick() else { return nil }
        let freed = room(host) + model.units[other].memoryMiB
        guard freed >= need, model.units[other].memoryMiB < need else { continue }
        guard let third = bestFit(other, excluding: [host, source]) else { continue }
        apply(other, to: third)
        if model.fits(unit, host) {
          apply(unit, to: host)
          return [(other, host), (unit, source)]
        }
        apply(other, to: host)
      }
    }
    return nil
  }

  /// What a host can hold: its room, or what it runs when that is more (it takes nothing then,
  /// but keeps its VMs) — as the bound counts it.
  private func capacityCPU(_ host: Int) -> Double {
    max(model.cpuRoomPoints[host], model.cpuUsedPoints[host])
  }
  private func capacityMiB(_ host: Int) -> Int {
    max(model.memoryRoomMiB[host], model.memoryUsedMiB[host])
  }

  /// Runs construction and local search.
  mutating func run() {
    let snapshot = model.snapshot
    let candidates = snapshot.hosts.indices.filter {
      open[$0] && model.fixedCount[$0] == 0
    }.sorted {
      cpuBinds
        ? (Self.points(capacityCPU($0)), model.cpuUsedPoints[$0], $0)
          < (Self.points(capacityCPU($1)), model.cpuUsedPoints[$1], $1)
        : (capacityMiB($0), Double(model.memoryUsedMiB[$0]), $0)
          < (capacityMiB($1), Double(model.memoryUsedMiB[$1]), $1)
    }
    var ejecting = false
    while true {
      var gained = false
      for host in candidates where open[host] && model.vmCount[host] > 0 {
        if budget.isExhausted { break }
        if empty(host, ejecting: ejecting) { gained = true }
      }
      if budget.isExhausted { break }
      if !gained {
        if ejecting { break }
        ejecting = true
      }
    }
  }
}
