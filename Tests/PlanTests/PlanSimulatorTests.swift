import Inventory
import Plan
import Testing

@Suite("plan simulator")
struct PlanSimulatorTests {
  @Test("a migrating VM counts on its destination during the wave, not twice after it")
  func peakMemory() throws {
    let (plan, _) = try loadPlanFixture("Fixtures/plans/balance.plan.json")
    let (snapshot, _) = try loadPlanSnapshot()
    let simulation = PlanSimulator().simulate(plan, snapshot: snapshot)
    #expect(simulation.failure == nil)
    #expect(simulation.waves.map(\.number) == [1, 2])
    let state = ProjectedState(snapshot: snapshot)
    let web2 = try #require(snapshot.vmIndexByName["web-2"])
    let hostC = try #require(simulation.waves[0].hosts.first { $0.host == "host-c" })
    #expect(hostC.peakMemoryMiB == 2000 + state.requiredMemoryMiB(vm: web2))
    // host-a only loses VMs: its peak is where it started.
    let hostA = try #require(simulation.waves[0].hosts.first { $0.host == "host-a" })
    #expect(hostA.peakMemoryMiB == 42000)
  }

  @Test("a failed step stops the run after its wave and invalidates its dependents")
  func failure() throws {
    let (plan, _) = try loadPlanFixture("Fixtures/plans/balance.plan.json")
    let (snapshot, _) = try loadPlanSnapshot()
    let simulation = PlanSimulator().simulate(plan, snapshot: snapshot, failStep: "step-2")
    #expect(simulation.waves.count == 1)
    let outcomes = simulation.waves[0].steps.map { "\($0.step.id):\($0.outcome.rawValue)" }
    #expect(outcomes == ["step-1:done", "step-2:failed"])
    let failure = try #require(simulation.failure)
    #expect(failure.notStarted == ["step-3"])
    #expect(failure.stillValid.isEmpty)
    #expect(failure.invalidated.map(\.step) == ["step-3"])
    #expect(failure.invalidated.first?.reasons == ["depends on step-2, which failed"])
    #expect(failure.misplaced.map(\.vm) == ["web-2", "app-1"])
    #expect(failure.misplaced.first?.host == "host-a")
  }

  @Test("host actions take effect when their step ends")
  func hostActions() throws {
    let (plan, _) = try loadPlanFixture("Fixtures/plans/maintenance.plan.json")
    let (snapshot, _) = try loadPlanSnapshot()
    let simulation = PlanSimulator().simulate(plan, snapshot: snapshot)
    let status = simulation.waves.map { wave in wave.hosts.first { $0.host == "host-c" }?.status }
    #expect(status == [.maintenance, .down])
  }
}
