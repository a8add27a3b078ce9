/// How close a weighed decision was: the runner-up, its distance, and the smallest change of
/// one weight's factor that would make the runner-up win.
public struct DecisionMargin: Hashable, Sendable {
  /// The winning host index.
  public var winner: Int
  /// The runner-up host index (second in the ranking).
  public var runnerUp: Int
  /// How far behind the runner-up is, ≥ 0: rank points under the rank selector, Σ factor ×
  /// score under the weighted sum. 0 means the tie-break (lowest host index) decided.
  public var difference: Double
  /// The smallest single-factor change that makes the runner-up win; `nil` when none can.
  public var flip: FactorFlip?

  /// Creates a margin.
  public init(winner: Int, runnerUp: Int, difference: Double, flip: FactorFlip?) {
    self.winner = winner
    self.runnerUp = runnerUp
    self.difference = difference
    self.flip = flip
  }
}

/// A change of one weight's factor.
public struct FactorFlip: Hashable, Sendable {
  /// The factors a policy may give a weight (the policy reader's bounds).
  public static let factorRange = 1...1_000_000

  /// The weight's position in the pipeline.
  public var weightIndex: Int
  /// The unit name.
  public var unitName: String
  /// The factor in the policy.
  public var currentFactor: Int
  /// The factor that makes the runner-up win.
  public var newFactor: Int

  /// newFactor − currentFactor.
  public var change: Int { newFactor - currentFactor }
}

/// Computes ``DecisionMargin``s.
public enum MarginCalculator {
  /// One weight unit as the calculator sees it.
  public struct Unit: Hashable, Sendable {
    /// The unit name.
    public var name: String
    /// The factor.
    public var factor: Int
    /// Merit per unit of factor for each candidate (see ``WeightSelector/Result/meritPerFactor``).
    public var meritPerFactor: [Double]

    /// Creates a unit.
    public init(name: String, factor: Int, meritPerFactor: [Double]) {
      self.name = name
      self.factor = factor
      self.meritPerFactor = meritPerFactor
    }
  }

  /// The smallest change of one factor (by absolute value, then pipeline order) after which
  /// `runnerUp` is selected, or `nil` when no single factor within ``FactorFlip/factorRange``
  /// can do it.
  ///
  /// A candidate's merit is linear in each factor, so for a unit u the runner-up r beats
  /// another candidate h after the change δ iff `(M_r − M_h) + δ (m_u(r) − m_u(h)) > 0` (or
  /// `≥ 0` when r wins the tie-break against h). Intersecting those half-lines over every h
  /// gives an interval of δ; the δ of smallest magnitude in it is verified by re-selecting.
  ///
  /// - Parameters:
  ///   - units: every weight unit (units that recorded nothing have all-zero merits).
  ///   - keys: the tie-break key of each candidate (lower wins).
  ///   - runnerUp: the runner-up's candidate position.
  /// - Complexity: O(units × N).
  public static func smallestFlip(units: [Unit], keys: [Int], runnerUp: Int) -> FactorFlip? {
    smallestFlip(units: units, keys: keys, runnerUp: runnerUp, probesFirst: true)
  }

  /// ``smallestFlip(units:keys:runnerUp:)``; `probesFirst` false skips the shortcut through
  /// the first-ranked candidate: the reference the shortcut is tested against.
  static func smallestFlip(units: [Unit], keys: [Int], runnerUp: Int, probesFirst: Bool)
    -> FactorFlip?
  {
    let count = keys.count
    guard keys.indices.contains(runnerUp) else { return nil }
    let factors = units.map(\.factor)
    let merit = WeightSelector.merit(
      factors: factors, meritPerFactor: units.map(\.meritPerFactor), count: count)
    // The candidate ranked first is tried before the others: a unit that cannot separate it
    // from the runner-up (most units, on large clusters) is ruled out without a scan.
    let first = probesFirst ? WeightSelector.ranking(merit: merit, keys: keys, limit: 1).first : nil
    var best: FactorFlip?
    for (index, unit) in units.enumerated() where unit.meritPerFactor.count == count {
      guard
        let delta = smallestDelta(
          unit: unit, merit: merit, keys: keys, runnerUp: runnerUp, first: first,
          factors: factors, unitIndex: index, units: units)
      else { continue }
      if best == nil || abs(delta) < abs(best?.change ?? Int.max) {
        best = FactorFlip(
          weightIndex: index, unitName: unit.name, currentFactor: unit.factor,
          newFactor: unit.factor + delta)
      }
    }
    return best
  }

  private static func smallestDelta(
    unit: Unit, merit: [Double], keys: [Int], runnerUp r: Int, first: Int?, factors: [Int],
    unitIndex: Int, units: [Unit]
  ) -> Int? {
    // Whether no change of this unit's factor makes r beat h: the unit does not separate
    // them and h is ahead.
    func blocks(_ h: Int) -> Bool {
      let a = merit[r] - merit[h]
      return unit.meritPerFactor[r] - unit.meritPerFactor[h] == 0
        && !(a > 0 || (a == 0 && keys[r] < keys[h]))
    }
    if let first, first != r, blocks(first) { return nil }
    var lower = Double(FactorFlip.factorRange.lowerBound - unit.factor)
    var upper = Double(FactorFlip.factorRange.upperBound - unit.factor)
    for h in keys.indices where h != r {
      let a = merit[r] - merit[h]
      let b = unit.meritPerFactor[r] - unit.meritPerFactor[h]
      let allowsTie = keys[r] < keys[h]
      if b == 0 {
        if blocks(h) { return nil }
        continue
      }
      let boundary = -a / b
      if b > 0 {
        lower = max(lower, allowsTie ? boundary.rounded(.up) : boundary.rounded(.down) + 1)
      } else {
        upper = min(upper, allowsTie ? boundary.rounded(.down) : boundary.rounded(.up) - 1)
      }
    }
    guard lower <= upper else { return nil }
    let guess: Double = lower > 0 ? lower : (upper < 0 ? upper : 0)
    guard guess != 0, abs(guess) < 1e12 else { return nil }
    // Verify with exact re-selection; nudge outwards a little against rounding.
    let direction: Double = guess > 0 ? 1 : -1
    for step in 0..<3 {
      let delta = Int(guess + direction * Double(step))
      let factor = unit.factor + delta
      guard FactorFlip.factorRange.contains(factor) else { return nil }
      var changed = factors
      changed[unitIndex] = factor
      let merit = WeightSelector.merit(
        factors: changed, meritPerFactor: units.map(\.meritPerFactor), count: keys.count)
      if WeightSelector.ranking(merit: merit, keys: keys, limit: 1).first == r { return delta }
    }
    return nil
  }
}
