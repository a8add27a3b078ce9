/// What `--optimize` minimises.
public enum OptimizeObjective: String, CaseIterable, Hashable, Sendable {
  /// Fewest hosts in use, then fewest migrations.
  case consolidate
  /// The policy's balance measure (VM count per host when the policy balances guests, CPU load
  /// otherwise): the busiest host as low as possible, then fewest migrations.
  case spread
}

/// The objective and the limits of one optimization.
public struct OptimizeOptions: Hashable, Sendable {
  /// The objective.
  public var objective: OptimizeObjective
  /// The most migrations the plan may make (`--max-migrations`); nil for no limit.
  public var maxMigrations: Int?
  /// Wall-clock seconds the search may take (`--time-limit`); nil for no limit. The limit only
  /// cuts the search short: a run it cuts may give a different (never an invalid) plan than a
  /// run it does not, so only ``iterationBudget`` makes results reproducible.
  public var timeLimitSeconds: Double?
  /// The most search iterations (placement attempts); the deterministic limit.
  public var iterationBudget: Int

  /// The default iteration budget: ample for 2,000 hosts and 40,000 VMs.
  public static let defaultIterationBudget = 5_000_000

  /// Creates options.
  public init(
    objective: OptimizeObjective, maxMigrations: Int? = nil, timeLimitSeconds: Double? = nil,
    iterationBudget: Int = OptimizeOptions.defaultIterationBudget
  ) {
    self.objective = objective
    self.maxMigrations = maxMigrations
    self.timeLimitSeconds = timeLimitSeconds
    self.iterationBudget = iterationBudget
  }
}

/// Why a search stopped.
enum StopReason: String, Sendable {
  case noGain = "no-gain"
  case iterationBudget = "iteration-budget"
  case timeLimit = "time-limit"
  case maxMigrations = "max-migrations"
}
