// libFuzzer harness for the policy loader and compiler: any bytes, read as a `--policies` file
// over the built-in library, must load or be rejected with diagnostics; every scheduling policy
// that compiles is then run on a fixed snapshot (every VM placed, a balance plan). Built by
// `Fuzz/run policy`.
import Diagnostics
import Inventory
import Plan
import Planner
import Policy
import Scheduler
import YAMLDocument

/// The built-in library and the sources it points into, loaded once; each input is added to a
/// copy as a `--policies` layer.
let builtins: (library: PolicyLibrary, sources: SourceMap) = {
  var sources = SourceMap()
  var bag = DiagnosticBag()
  let library = PolicyLibrary.load(sources: &sources, diagnostics: &bag)
  return (library, sources)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let (sources, file) = fuzzInput(data, size, path: "fuzz.yaml", base: builtins.sources)
  var bag = DiagnosticBag()
  var library = builtins.library
  let documents = PolicyDocumentReader(limits: fuzzLimits).read(
    file, isBuiltin: false, diagnostics: &bag)
  for document in documents { library.add(document, layer: 1, diagnostics: &bag) }
  let compiler = PolicyCompiler(library: library)
  compiler.checkLibrary(diagnostics: &bag, userDocumentsOnly: true)
  _ = DiagnosticRenderer(sources: sources).render(bag)
  guard let migration = library.migrationPolicy(named: fixtureSnapshot.cluster.migrationPolicy) else {
    return 0
  }
  // The input's own scheduling policies, else the default one (which may use its units).
  var names = documents.filter { $0.kind == .schedulingPolicy }.map(\.name)
  if names.isEmpty { names = ["none"] }
  for name in names.prefix(2) {
    var compileBag = DiagnosticBag()
    guard
      let pipeline = compiler.compileSchedulingPolicy(
        named: name, overrides: nil, diagnostics: &compileBag)
    else { continue }
    _ = PipelineReport.json(pipeline).serialized()
    let context = PlanningContext(
      snapshot: fixtureSnapshot, snapshotDigest: "sha256:fuzz", pipeline: pipeline,
      migrationPolicy: migration, maxMigrations: 2)
    let state = SchedulerState(snapshot: fixtureSnapshot)
    for vm in fixtureSnapshot.vms.indices {
      _ = context.scheduler.decide(
        VMGroup(vmIndices: [vm]), in: state,
        constraints: HostConstraints.migration(of: fixtureSnapshot.vms[vm]))
    }
    if pipeline.balancer != nil { _ = context.plan(.balance(BalanceOptions(maxMigrations: 2))) }
  }
  return 0
}
