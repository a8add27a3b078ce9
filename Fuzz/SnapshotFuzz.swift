// libFuzzer harness for the snapshot loader and everything that computes over a loaded
// snapshot: any bytes must load or be rejected with diagnostics; a snapshot that loads must go
// through placement, a maintenance plan, a failure plan and a balance plan, and every plan must
// pass the verifier, without a trap (the overflows of issue 12 were all of this shape: numbers
// the loader accepts that a formula downstream cannot take). Built by `Fuzz/run snapshot`.
import Diagnostics
import Inventory
import Plan
import Planner
import Policy
import Scheduler
import YAMLDocument

/// The built-in library, loaded once.
let library: PolicyLibrary = {
  var sources = SourceMap()
  var bag = DiagnosticBag()
  return PolicyLibrary.load(sources: &sources, diagnostics: &bag)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let (sources, file) = fuzzInput(data, size, path: "fuzz.yaml")
  var bag = DiagnosticBag()
  let snapshot = SnapshotLoader(limits: fuzzLimits).load(file, diagnostics: &bag)
  _ = DiagnosticRenderer(sources: sources).render(bag)
  guard let snapshot, snapshot.hosts.count <= 16, snapshot.vms.count <= 64 else { return 0 }
  let name =
    library.names(of: .schedulingPolicy).contains(snapshot.cluster.schedulingPolicy)
    ? snapshot.cluster.schedulingPolicy : "none"
  guard
    let pipeline = PolicyCompiler(library: library).compileSchedulingPolicy(
      named: name, overrides: snapshot.cluster.schedulingProperties, diagnostics: &bag),
    let migration = library.migrationPolicy(named: snapshot.cluster.migrationPolicy)
      ?? library.migrationPolicy(named: "minimal_downtime")
  else { return 0 }
  let context = PlanningContext(
    snapshot: snapshot, snapshotDigest: SHA256.digest(file.bytes), pipeline: pipeline,
    migrationPolicy: migration, maxMigrations: 4)
  let state = SchedulerState(snapshot: snapshot)
  for vm in snapshot.vms.indices.prefix(8) {
    _ = context.scheduler.decide(
      VMGroup(vmIndices: [vm]), in: state,
      constraints: HostConstraints.migration(of: snapshot.vms[vm]))
  }
  var plans = [context.plan(.balance(BalanceOptions(maxMigrations: 4)))]
  if !snapshot.hosts.isEmpty {
    plans.append(context.plan(.maintenance(hosts: [0], batchSize: nil)))
    if let resilience = library.resiliencePolicy(named: snapshot.cluster.resilience.rawValue) {
      plans.append(context.plan(.fail(hosts: [0], resilience: resilience)))
    }
  }
  for plan in plans {
    _ = PlanTextRenderer.text(plan)
    let violations = PlanVerifier().verify(
      plan, snapshot: snapshot, snapshotDigest: context.snapshotDigest, limits: context.limits)
    // `shepherd plan` refuses such a plan (G005); here it is a finding worth a crash file.
    precondition(violations.isEmpty, "plan fails verification: \(violations.map(\.message))")
  }
  return 0
}
