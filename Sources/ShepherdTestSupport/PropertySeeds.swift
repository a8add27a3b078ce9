import Foundation
import Inventory

/// The seeds property tests run on: the same ones on every run by default, so CI is
/// repeatable; `SHEPHERD_SEED=N` runs from base seed N, and `SHEPHERD_SEED=random` draws a base
/// seed and prints it (to standard error), so a failure found that way can be replayed with
/// `SHEPHERD_SEED=N`.
///
/// ```swift
/// for seed in PropertySeeds.seeds(count: 100) {
///   let yaml = SyntheticSnapshot(hostCount: 6, vmCount: 60, seed: seed).yaml()
///   …
/// }
/// ```
package enum PropertySeeds {
  /// The environment variable that chooses the base seed.
  package static let variable = "SHEPHERD_SEED"
  /// The base seed when the variable is not set.
  package static let defaultBase: UInt64 = 0x5EED_5EED

  /// The base seed in force (read once per process; a random one is printed once).
  package static let base: UInt64 = {
    let value = ProcessInfo.processInfo.environment[variable]
    switch value {
    case nil, "": return defaultBase
    case "random":
      let drawn = UInt64.random(in: 0 ... .max)
      FileHandle.standardError.write(Data("property tests: \(variable)=\(drawn)\n".utf8))
      return drawn
    case let text?:
      return UInt64(text) ?? defaultBase
    }
  }()

  /// `count` seeds derived from the base seed; `salt` tells the tests of one run apart, so two
  /// properties do not walk the same inputs.
  package static func seeds(count: Int, salt: UInt64 = 0) -> [UInt64] {
    var generator = SplitMix64(seed: base ^ salt)
    return (0..<max(0, count)).map { _ in generator.next() }
  }
}
