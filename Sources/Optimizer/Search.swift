import ProgressReporting

/// The budget of one search: iterations (deterministic) and, optionally, wall-clock time
/// (which only cuts short), plus the migration limit.
struct SearchBudget {
  let iterationLimit: Int
  let deadline: ContinuousClock.Instant?
  let maxMigrations: Int?
  private(set) var iterations = 0
  private(set) var stop: StopReason?
  /// Told every ``progressInterval`` iterations.
  let progress: ProgressHandler?

  /// Iterations between progress reports (a power of two: one mask test per iteration).
  static let progressInterval = 1 << 14

  init(options: OptimizeOptions, start: ContinuousClock.Instant, progress: ProgressHandler? = nil) {
    self.progress = progress
    iterationLimit = max(0, options.iterationBudget)
    deadline = options.timeLimitSeconds.map { start + .milliseconds(Int64(($0 * 1000).rounded())) }
    maxMigrations = options.maxMigrations
  }

  /// Counts one iteration; false once a limit is reached.
  mutating func tick() -> Bool {
    if stop != nil { return false }
    if iterations >= iterationLimit {
      stop = .iterationBudget
      return false
    }
    iterations += 1
    if let progress, iterations & (Self.progressInterval - 1) == 0 {
      progress(ProgressUpdate(stage: "optimizing", done: iterations, total: iterationLimit))
    }
    if let deadline, iterations & 255 == 0, ContinuousClock.now >= deadline {
      stop = .timeLimit
      return false
    }
    return true
  }

  /// Whether `migrations` stays within the limit; records the stop when it does not.
  mutating func allows(migrations: Int) -> Bool {
    guard let limit = maxMigrations, migrations > limit else { return true }
    if stop == nil { stop = .maxMigrations }
    return false
  }

  var isExhausted: Bool { stop == .iterationBudget || stop == .timeLimit }
}

/// Open hosts ordered by free memory room (then index): the best-fit lookup of the searches.
struct RoomIndex {
  private(set) var entries: [(room: Int, host: Int)] = []

  init(hosts: [Int], room: (Int) -> Int) {
    entries = hosts.map { (room($0), $0) }.sorted { ($0.room, $0.host) < ($1.room, $1.host) }
  }

  private func position(_ key: (room: Int, host: Int)) -> Int {
    var low = 0
    var high = entries.count
    while low < high {
      let mid = (low + high) / 2
      if (entries[mid].room, entries[mid].host) < (key.room, key.host) {
        low = mid + 1
      } else {
        high = mid
      }
    }
    return low
  }

  mutating func remove(host: Int, room: Int) {
    let index = position((room, host))
    if index < entries.count, entries[index].host == host { entries.remove(at: index) }
  }

  mutating func insert(host: Int, room: Int) {
    entries.insert((room, host), at: position((room, host)))
  }

  mutating func update(host: Int, from old: Int, to new: Int) {
    remove(host: host, room: old)
    insert(host: host, room: new)
  }

  /// Entries with at least `room`, fullest first.
  func atLeast(_ room: Int) -> ArraySlice<(room: Int, host: Int)> {
    entries[position((room, Int.min))...]
  }
}
