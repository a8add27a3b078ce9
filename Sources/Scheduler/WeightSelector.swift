public import Policy

/// oVirt's RankSelector (Docs/ovirt.md §3.6), as pure functions over score columns.
///
/// For each weight unit that recorded at least one score:
/// 1. candidate hosts the unit did not report get score 0, the best value (the quirk,
///    confirmed by oVirt's `RankSelectorPolicyUnitTest`);
/// 2. hosts are ranked by ascending score with 0-based competition ranks (ties share the
///    first index of their block);
/// 3. each host gets (N − 1) − rank points, N being the number of candidates;
/// 4. factor × points is added to the host's total. The highest total wins.
///
/// Units that recorded nothing contribute nothing. Only the order of a unit's scores matters.
///
/// ```swift
/// RankSelector.points(for: [0, 10000, 10000])  // [2, 1, 1]
/// RankSelector.points(for: [nil, 5, 3])        // [2, 0, 1]: the unreported host scores 0
/// ```
public enum RankSelector {
  /// The points of each candidate for one unit, or `nil` when the unit recorded nothing.
  ///
  /// - Parameter scores: the unit's summed score per candidate, in candidate order; `nil`
  ///   when the unit did not report the host.
  /// - Complexity: O(N + range) when every score is a whole number and they span a range of
  ///   at most a few times N (counted, not sorted: VM counts, preference and affinity
  ///   scores); O(N log N) otherwise: one sort.
  public static func points(for scores: [Double?]) -> [Int]? {
    // One pass: the scores with 0 for unreported hosts, whether any was reported and whether
    // they are all equal.
    let count = scores.count
    let first = scores.first.map { $0 ?? 0 } ?? 0
    var hasRecorded = false
    var isConstant = true
    let values = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      for (position, score) in scores.enumerated() {
        let value = score ?? 0
        hasRecorded = hasRecorded || score != nil
        isConstant = isConstant && value == first
        buffer[position] = value
      }
      initialized = count
    }
    guard hasRecorded else { return nil }
    // One score everywhere (a unit that cannot tell the candidates apart): every host is
    // first, without sorting.
    if isConstant { return Array(repeating: values.count - 1, count: values.count) }
    return countedPoints(values) ?? sortedPoints(values)
  }

  /// Competition-rank points by counting: a host's rank is the number of scores below its
  /// own, read from the running count of a table with one slot per whole number between the
  /// lowest and the highest score. `nil` (the caller sorts) when a score is not a whole
  /// number, is NaN or beyond ±2⁵², or the range is wide.
  /// - Complexity: O(N + range).
  static func countedPoints(_ values: [Double]) -> [Int]? {
    let limit = 4_503_599_627_370_496.0  // 2⁵²: every whole number up to it is exact
    var low = Double.infinity
    var high = -Double.infinity
    for value in values {
      // NaN fails both comparisons, so it never passes this test.
      guard value >= -limit, value <= limit, value.rounded(.towardZero) == value else {
        return nil
      }
      low = min(low, value)
      high = max(high, value)
    }
    let count = values.count
    guard count > 0, high - low <= Double(max(1_024, 4 * count)) else { return nil }
    var below = [Int](repeating: 0, count: Int(high - low) + 2)
    for value in values { below[Int(value - low) + 1] += 1 }
    for slot in below.indices.dropFirst() { below[slot] += below[slot - 1] }
    return values.map { (count - 1) - below[Int($0 - low)] }
  }

  /// Competition-rank points by sorting: candidate positions by ascending score, then one
  /// sweep where a block of equal scores shares the rank of its first position. With a NaN
  /// score (unordered), each host's rank is the first index of its score in the sorted scores
  /// (NaN's is 0). The reference ``countedPoints(_:)`` is tested against.
  /// - Complexity: O(N log N).
  static func sortedPoints(_ values: [Double]) -> [Int] {
    let count = values.count
    if values.contains(where: \.isNaN) {
      let sorted = values.sorted()
      return values.map { value in (count - 1) - firstIndex(of: value, inSorted: sorted) }
    }
    var order = Array(0..<count)
    values.withUnsafeBufferPointer { values in
      order.withUnsafeMutableBufferPointer { $0.sort { values[$0] < values[$1] } }
    }
    var points = [Int](repeating: 0, count: count)
    var blockStart = 0
    for rank in 0..<count {
      if rank > 0, values[order[rank]] != values[order[rank - 1]] { blockStart = rank }
      points[order[rank]] = (count - 1) - blockStart
    }
    return points
  }

  /// The index of the first element ≥ `value` in an ascending array: its competition rank.
  static func firstIndex(of value: Double, inSorted sorted: [Double]) -> Int {
    var low = 0
    var high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      if sorted[middle] < value { low = middle + 1 } else { high = middle }
    }
    return low
  }
}

/// Combines weight columns into per-host totals and a ranking, with the selector of a policy.
///
/// - Rank (default): total = Σ factor × points (``RankSelector``); the highest total wins.
/// - Weighted sum (oVirt's BasicWeighting, §2.5): total = Σ factor × score, an unreported
///   host counting 0; the smallest total wins. No rank, no normalisation.
///
/// **Tie-break** (documented choice; oVirt uses hash-map order): equal totals go to the host
/// with the lowest host index, i.e. the earliest host in the snapshot.
public struct WeightSelector: Hashable, Sendable {
  /// One unit's input: its factor and its summed score per candidate (`nil` = unreported).
  public struct Column: Hashable, Sendable {
    /// The unit's factor.
    public var factor: Int
    /// The score per candidate, in candidate order; `nil` when the unit did not report it.
    public var scores: [Double?]

    /// Creates a column.
    public init(factor: Int, scores: [Double?]) {
      self.factor = factor
      self.scores = scores
    }

    /// Whether the unit recorded at least one score.
    public var hasRecorded: Bool { scores.contains { $0 != nil } }
  }

  /// The result: per-column points, per-candidate totals and the ranking.
  public struct Result: Hashable, Sendable {
    /// Per column, the rank points of each candidate (rank selector only; `nil` for units that
    /// recorded nothing, and for every unit under the weighted-sum selector).
    public var points: [[Int]?]
    /// Per column, each candidate's "merit per unit of factor": its points (rank), or minus its
    /// score (weighted sum; unreported = 0). A candidate's merit is Σ factor × merit, and the
    /// highest merit wins under both selectors.
    public var meritPerFactor: [[Double]]
    /// Each candidate's total as the selector defines it (points, or Σ factor × score).
    public var totals: [Double]
    /// Candidate positions (indices into the candidate list), best first.
    public var ranking: [Int]
  }

  /// The selector kind.
  public var kind: SelectorKind

  /// Creates a selector.
  public init(kind: SelectorKind) { self.kind = kind }

  /// Selects among candidates.
  ///
  /// - Parameters:
  ///   - columns: one per weight unit, each with one score per candidate.
  ///   - candidateKeys: the stable tie-break key of each candidate (the host index); lower wins.
  ///   - rankingLimit: when set, the result's ranking holds only the first that many
  ///     candidates (a summary), found without sorting them all.
  /// - Complexity: O(units × N log N).
  public func select(_ columns: [Column], candidateKeys: [Int], rankingLimit: Int? = nil)
    -> Result
  {
    let count = candidateKeys.count
    var points: [[Int]?] = []
    var merits: [[Double]] = []
    for column in columns {
      switch kind {
      case .rank:
        let unitPoints =
          column.scores.count == count ? RankSelector.points(for: column.scores) : nil
        points.append(unitPoints)
        merits.append(unitPoints?.map(Double.init) ?? Array(repeating: 0, count: count))
      case .weightedSum:
        points.append(nil)
        merits.append(
          column.scores.count == count
            ? column.scores.map { -($0 ?? 0) } : Array(repeating: 0, count: count))
      }
    }
    let factors = columns.map(\.factor)
    let merit = Self.merit(factors: factors, meritPerFactor: merits, count: count)
    let totals = kind == .rank ? merit : merit.map { $0 == 0 ? 0 : -$0 }
    return Result(
      points: points, meritPerFactor: merits, totals: totals,
      ranking: Self.ranking(merit: merit, keys: candidateKeys, limit: rankingLimit))
  }

  /// Σ factor × merit per candidate.
  static func merit(factors: [Int], meritPerFactor: [[Double]], count: Int) -> [Double] {
    var merit = Array(repeating: 0.0, count: count)
    for (factor, column) in zip(factors, meritPerFactor) {
      for candidate in 0..<min(count, column.count) {
        merit[candidate] += Double(factor) * column[candidate]
      }
    }
    return merit
  }

  /// Candidate positions by descending merit, ties by ascending key; only the first `limit`
  /// when it is set (kept in order while scanning: O(N × limit)).
  public static func ranking(merit: [Double], keys: [Int], limit: Int? = nil) -> [Int] {
    func precedes(_ a: Int, _ b: Int) -> Bool {
      merit[a] != merit[b] ? merit[a] > merit[b] : keys[a] < keys[b]
    }
    guard let limit, limit < keys.count else { return keys.indices.sorted(by: precedes) }
    var top: [Int] = []
    top.reserveCapacity(limit + 1)
    for candidate in keys.indices {
      if top.count == limit, let last = top.last, !precedes(candidate, last) { continue }
      top.insert(candidate, at: top.firstIndex { precedes(candidate, $0) } ?? top.count)
      if top.count > limit { top.removeLast() }
    }
    return top
  }

}
