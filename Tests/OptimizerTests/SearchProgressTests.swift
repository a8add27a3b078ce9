import ProgressReporting
import Synchronization
import Testing

@testable import Optimizer

/// The optimizer's search reports its iterations every ``SearchBudget/progressInterval``.
@Suite("optimizer progress")
struct SearchProgressTests {
  @Test("the budget reports every progress interval, counted against the iteration budget")
  func iterations() {
    let updates = Mutex<[ProgressUpdate]>([])
    let interval = SearchBudget.progressInterval
    var budget = SearchBudget(
      options: OptimizeOptions(objective: .consolidate, iterationBudget: 2 * interval + 5),
      start: .now
    ) { update in updates.withLock { $0.append(update) } }
    while budget.tick() {}
    #expect(budget.iterations == 2 * interval + 5)
    #expect(
      updates.withLock { $0 } == [
        ProgressUpdate(stage: "optimizing", done: interval, total: 2 * interval + 5),
        ProgressUpdate(stage: "optimizing", done: 2 * interval, total: 2 * interval + 5),
      ])
  }
}
