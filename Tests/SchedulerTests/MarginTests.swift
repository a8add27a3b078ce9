import Inventory
import Policy
import ShepherdTestSupport
import Testing

@testable import Scheduler

/// The decision margin: the smallest single factor change that makes the runner-up win.
@Suite("decision margin")
struct MarginTests {
  typealias Unit = MarginCalculator.Unit

  /// Re-selects with one factor changed and returns the winner's position.
  func winner(_ units: [Unit], keys: [Int], changing flip: FactorFlip?) -> Int? {
    var factors = units.map(\.factor)
    if let flip { factors[flip.weightIndex] = flip.newFactor }
    let columns = zip(units, factors).map { unit, factor in
      WeightSelector.Column(factor: factor, scores: unit.meritPerFactor.map { -$0 })
    }
    return WeightSelector(kind: .weightedSum).select(columns, candidateKeys: keys).ranking.first
  }

  @Test("raising the runner-up's best unit: the smallest sufficient change")
  func raise() throws {
    let units = [
      Unit(name: "A", factor: 3, meritPerFactor: [1, 0]),
      Unit(name: "B", factor: 1, meritPerFactor: [0, 1]),
    ]
    let flip = try #require(MarginCalculator.smallestFlip(units: units, keys: [0, 1], runnerUp: 1))
    // A would have to drop to 0 (below the minimum factor 1); B from 1 to 4 (3 only ties,
    // and ties go to the earlier host).
    #expect(flip.unitName == "B")
    #expect(flip.currentFactor == 1)
    #expect(flip.newFactor == 4)
    #expect(winner(units, keys: [0, 1], changing: flip) == 1)
    var smaller = flip
    smaller.newFactor -= 1
    #expect(winner(units, keys: [0, 1], changing: smaller) == 0)
  }

  @Test("lowering a factor, and a tie is enough when the runner-up is the earlier host")
  func lowerWithTieBreak() throws {
    // Keys: the runner-up (position 1) has the lower key, so a tie makes it win.
    let units = [
      Unit(name: "A", factor: 10, meritPerFactor: [1, 0]),
      Unit(name: "B", factor: 4, meritPerFactor: [0, 1]),
    ]
    let flip = try #require(MarginCalculator.smallestFlip(units: units, keys: [5, 2], runnerUp: 1))
    // A: 10 → 4 ties (runner-up wins the tie), a change of −6; B: 4 → 10 ties, +6. Equal
    // magnitude: the earlier unit is chosen.
    #expect(flip.unitName == "A")
    #expect(flip.newFactor == 4)
    #expect(winner(units, keys: [5, 2], changing: flip) == 1)
  }

  @Test("the runner-up must also beat the third host")
  func thirdHost() throws {
    let units = [
      Unit(name: "A", factor: 1, meritPerFactor: [2, 0, 1]),
      Unit(name: "B", factor: 1, meritPerFactor: [0, 2, 1]),
      Unit(name: "C", factor: 5, meritPerFactor: [0, 0, 1]),
    ]
    // Merits: [2, 2, 7]: host 2 wins; runner-up host 0 (tie with 1, earlier key).
    let flip = try #require(
      MarginCalculator.smallestFlip(units: units, keys: [0, 1, 2], runnerUp: 0))
    #expect(winner(units, keys: [0, 1, 2], changing: flip) == 0)
    #expect(flip.unitName == "A")
    // Host 0: 2 × 6 = 12 ties host 2: 6 + 1 + 5 = 12, and host 0 is the earlier host.
    #expect(flip.newFactor == 6)
  }

  @Test("none can: the runner-up is never better on any unit")
  func noneCan() {
    let units = [
      Unit(name: "A", factor: 1, meritPerFactor: [3, 1]),
      Unit(name: "B", factor: 1, meritPerFactor: [2, 2]),
    ]
    #expect(MarginCalculator.smallestFlip(units: units, keys: [0, 1], runnerUp: 1) == nil)
  }

  @Test("the minimum factor bounds the change")
  func bounded() {
    // Only lowering A below 1 could help.
    let units = [
      Unit(name: "A", factor: 1, meritPerFactor: [5, 0]),
      Unit(name: "B", factor: 1, meritPerFactor: [0, 0]),
    ]
    #expect(MarginCalculator.smallestFlip(units: units, keys: [0, 1], runnerUp: 1) == nil)
  }
}

/// The margin's shortcut (a unit that cannot separate the first-ranked candidate from the
/// runner-up is ruled out without a scan) against the full scan, on random columns with many
/// ties, constant units and NaN merits.
@Suite("decision margin: first-candidate probe")
struct MarginProbeTests {
  @Test("the probe gives the flip of the full scan")
  func probeMatchesScan() {
    for seed in PropertySeeds.seeds(count: 300, salt: 1_654) {
      var random = SplitMix64(seed: seed)
      let count = 2 + random.next(below: 40)
      let units = (0..<(1 + random.next(below: 5))).map { index in
        let distinct = random.chance(40) ? 1 : 1 + random.next(below: 6)
        let merits = (0..<count).map { _ -> Double in
          random.chance(3) ? .nan : Double(random.next(below: distinct)) - 2
        }
        return MarginCalculator.Unit(
          name: "u\(index)", factor: 1 + random.next(below: 100), meritPerFactor: merits)
      }
      let keys = Array(0..<count).shuffled(using: &random)
      let runnerUp = random.next(below: count)
      #expect(
        MarginCalculator.smallestFlip(units: units, keys: keys, runnerUp: runnerUp)
          == MarginCalculator.smallestFlip(
            units: units, keys: keys, runnerUp: runnerUp, probesFirst: false),
        "seed \(seed)")
    }
  }
}
