// libFuzzer harness for the plan reader and the verifier: any bytes must read as a plan or be
// rejected with diagnostics; a plan that reads is verified against a fixed snapshot, without a
// trap, whatever its numbers, names, waves and dependencies. Built by `Fuzz/run plan`.
import Diagnostics
import Inventory
import Plan
import Policy
import YAMLDocument

/// The limits plans are verified against: the fixture snapshot's and its migration policy's.
let fixtureLimits: PlanLimits = {
  var sources = SourceMap()
  var bag = DiagnosticBag()
  let library = PolicyLibrary.load(sources: &sources, diagnostics: &bag)
  guard let migration = library.migrationPolicy(named: fixtureSnapshot.cluster.migrationPolicy)
  else { fatalError("the fixture's migration policy") }
  return PlanLimits.allowed(snapshot: fixtureSnapshot, migrationPolicy: migration)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let (sources, file) = fuzzInput(data, size, path: "fuzz.json")
  var bag = DiagnosticBag()
  let plan = PlanReader(limits: fuzzLimits, maxSteps: 1_000).read(file, diagnostics: &bag)
  _ = DiagnosticRenderer(sources: sources).render(bag)
  guard let plan else { return 0 }
  let violations = PlanVerifier().verify(
    plan, snapshot: fixtureSnapshot, snapshotDigest: plan.snapshotDigest, limits: fixtureLimits)
  _ = DiagnosticRenderer(sources: sources).render(violations)
  _ = PlanTextRenderer.text(plan)
  _ = plan.json().serialized()
  return 0
}
