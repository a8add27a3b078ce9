import Diagnostics
import Inventory
import Plan
import ProgressReporting
import ShepherdTestSupport
import Synchronization
import Testing

@testable import Planner

/// The planners report progress through the context's handler, and a handler changes nothing.
@Suite("planner progress")
struct PlannerProgressTests {
  /// Every update a planner reports.
  final class Recorder: Sendable {
    let updates = Mutex<[ProgressUpdate]>([])
    var handler: ProgressHandler { { update in self.updates.withLock { $0.append(update) } } }
    var all: [ProgressUpdate] { updates.withLock { $0 } }
  }

  @Test("balancing reports one update per round, counting the moves so far against the limit")
  func balancing() throws {
    var context = try planningContext("Fixtures/clusters/demo.yaml")
    let quiet = BalancePlanner(context: context).plan()
    let recorder = Recorder()
    context.progress = recorder.handler
    let plan = BalancePlanner(context: context).plan()
    #expect(plan.json().serialized() == quiet.json().serialized())
    let updates = recorder.all
    let moves = plan.steps.filter { $0.action == .migrate }.count
    // One round per move, plus the round that finds nothing more (when below the limit).
    #expect(updates.count == moves + (plan.isCapped ? 0 : 1))
    #expect(updates.map(\.done) == Array(0..<updates.count))
    #expect(updates.allSatisfy { $0.stage == "balancing" && $0.total == 20 })
  }

  @Test("an evacuation reports every VM placed, up to the number of VMs that may leave")
  func evacuation() throws {
    var context = try planningContext("Fixtures/clusters/demo.yaml")
    let recorder = Recorder()
    context.progress = recorder.handler
    let host = try #require(context.snapshot.hostIndexByName["host-03"])
    let plan = MaintenancePlanner(context: context).plan(hosts: [host])
    let updates = recorder.all
    #expect(!updates.isEmpty)
    #expect(updates.allSatisfy { $0.stage == "evacuating" })
    let total = try #require(updates.last?.total)
    #expect(updates.last?.done == total)
    #expect(updates.map(\.done) == updates.map(\.done).sorted())
    #expect(plan.steps.filter { $0.action == .migrate }.count <= total)
  }
}
