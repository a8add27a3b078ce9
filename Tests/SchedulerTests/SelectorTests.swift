import Inventory
import Policy
import ShepherdTestSupport
import Testing

@testable import Scheduler

/// RankSelector and weighted sum, with Docs/ovirt.md §3.6's worked examples.
@Suite("selectors")
struct SelectorTests {
  @Test("PreferredHosts [0, 10000, 10000] gives points [2, 1, 1], × 99")
  func preferredHostsExample() {
    #expect(RankSelector.points(for: [0, 10000, 10000]) == [2, 1, 1])
    let result = WeightSelector(kind: .rank).select(
      [WeightSelector.Column(factor: 99, scores: [0, 10000, 10000])], candidateKeys: [0, 1, 2])
    #expect(result.totals == [198, 99, 99])
    #expect(result.ranking == [0, 1, 2])
  }

  @Test("rank points are (N − 1) − the first index of the score among the sorted scores")
  func pointsMatchTheDefinition() {
    for seed in PropertySeeds.seeds(count: 200, salt: 1_653) {
      var random = SplitMix64(seed: seed)
      let count = 1 + random.next(below: 60)
      let distinct = 1 + random.next(below: 8)
      let scores: [Double?] = (0..<count).map { _ in
        random.chance(15)
          ? nil : Double(random.next(below: distinct)) - (random.chance(10) ? 0.5 : 0)
      }
      let values = scores.map { $0 ?? 0 }
      let sorted = values.sorted()
      let expected = values.map { value in (count - 1) - (sorted.firstIndex(of: value) ?? 0) }
      #expect(
        RankSelector.points(for: scores) == (scores.allSatisfy { $0 == nil } ? nil : expected),
        "seed \(seed): \(scores)")
    }
  }

  @Test("counted rank points equal sorted ones; columns counting cannot take are sorted")
  func countedPointsMatchSorted() {
    let specials: [Double] = [
      -0.0, 0.5, .nan, .infinity, -.infinity, 4_503_599_627_370_496, -4_503_599_627_370_496,
      4_503_599_627_370_497, 1e300,
    ]
    for seed in PropertySeeds.seeds(count: 400, salt: 1_655) {
      var random = SplitMix64(seed: seed)
      let count = 1 + random.next(below: 300)
      // Narrow and wide ranges, negative offsets, now and then a value counting cannot take.
      let spread = [1, 3, 30, 1_000, 5_000, 100_000][random.next(below: 6)]
      let offset = Double(random.next(below: 2_001)) - 1_000
      let values = (0..<count).map { _ -> Double in
        random.chance(2)
          ? specials[random.next(below: specials.count)]
          : offset + Double(random.next(below: spread))
      }
      let sorted = RankSelector.sortedPoints(values)
      if let counted = RankSelector.countedPoints(values) {
        #expect(counted == sorted, "seed \(seed): \(values)")
        #expect(!values.contains { $0.isNaN || $0.rounded(.towardZero) != $0 })
      }
      let scores = values.map { Optional($0) }
      #expect(RankSelector.points(for: scores) == sorted, "seed \(seed): \(values)")
    }
    // Whole numbers in a narrow range are counted, -0 ties with 0.
    #expect(RankSelector.countedPoints([3, -0.0, 0, 7, 3]) == [2, 4, 4, 0, 2])
    #expect(RankSelector.countedPoints([0.5, 1]) == nil)
    #expect(RankSelector.countedPoints([0, 1e9]) == nil)
  }

  @Test("a host the unit did not report gets weight 0, the best (the quirk)")
  func unreportedHostIsBest() {
    #expect(RankSelector.points(for: [nil, 5, 3]) == [2, 0, 1])
    // An unreported host ties with a reported 0.
    #expect(RankSelector.points(for: [nil, 0, 7]) == [2, 2, 0])
    let result = WeightSelector(kind: .rank).select(
      [WeightSelector.Column(factor: 1, scores: [100, nil, 50])], candidateKeys: [0, 1, 2])
    #expect(result.ranking.first == 1)
  }

  @Test("a unit that recorded nothing contributes nothing")
  func recordedNothing() {
    #expect(RankSelector.points(for: [nil, nil]) == nil)
    let result = WeightSelector(kind: .rank).select(
      [
        WeightSelector.Column(factor: 99, scores: [nil, nil]),
        WeightSelector.Column(factor: 1, scores: [3, 1]),
      ], candidateKeys: [0, 1])
    #expect(result.points[0] == nil)
    #expect(result.totals == [0, 1])
    #expect(result.ranking == [1, 0])
  }

  @Test("competition ranks: ties share the first index of their block")
  func competitionRanks() {
    // Sorted: 3, 5, 5, 9 → ranks 5 → 1, 3 → 0, 9 → 3; points = 3 − rank.
    #expect(RankSelector.points(for: [5, 5, 3, 9]) == [2, 2, 3, 0])
    #expect(RankSelector.points(for: [1, 1, 1]) == [2, 2, 2])
    // Only the order matters, not the magnitude.
    #expect(RankSelector.points(for: [0, 1000, 1_000_000]) == RankSelector.points(for: [0, 1, 2]))
  }

  @Test("one preferred host among four can be outvoted by factor 35 (preference is not absolute)")
  func preferenceIsNotAbsolute() {
    let result = WeightSelector(kind: .rank).select(
      [
        WeightSelector.Column(factor: 99, scores: [0, 10000, 10000, 10000]),
        WeightSelector.Column(factor: 35, scores: [3, 0, 1, 2]),
      ], candidateKeys: [0, 1, 2, 3])
    // Preferred host 0: 3 × 99 + 0 = 297; host 1: 2 × 99 + 3 × 35 = 303.
    #expect(result.totals == [297, 303, 268, 233])
    #expect(result.ranking.first == 1)
  }

  @Test("weighted sum: the smallest Σ factor × score wins, unreported counting 0")
  func weightedSum() {
    let result = WeightSelector(kind: .weightedSum).select(
      [
        WeightSelector.Column(factor: 2, scores: [10, 4, 6]),
        WeightSelector.Column(factor: 3, scores: [0, 5, nil]),
      ], candidateKeys: [0, 1, 2])
    #expect(result.totals == [20, 23, 12])
    #expect(result.ranking == [2, 0, 1])
    #expect(result.points == [nil, nil])
  }

  @Test(
    "ties break by the lowest key, whatever the candidate order",
    arguments: [
      [4, 2, 7], [7, 4, 2], [2, 7, 4],
    ])
  func tieBreak(keys: [Int]) {
    for kind in SelectorKind.allCases {
      let result = WeightSelector(kind: kind).select(
        [WeightSelector.Column(factor: 5, scores: [1, 1, 1])], candidateKeys: keys)
      #expect(result.ranking.map { keys[$0] } == [2, 4, 7], "\(kind)")
    }
  }
}
