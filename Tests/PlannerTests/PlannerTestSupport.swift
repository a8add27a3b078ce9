import Diagnostics
import Inventory
import Plan
import Policy
import Scheduler
import ShepherdTestSupport
import Testing

@testable import Planner

/// Loads a snapshot fixture plus the built-in library and compiles a policy for it.
func planningContext(
  _ path: String, policy: String? = nil, maxMigrations: Int = 20
) throws -> PlanningContext {
  let bytes = try #require(Golden.readBytes(Golden.path(path)))
  return try planningContext(bytes: bytes, path: path, policy: policy, maxMigrations: maxMigrations)
}

func planningContext(
  bytes: [UInt8], path: String = "inline.yaml", policy: String? = nil, maxMigrations: Int = 20
) throws -> PlanningContext {
  var sources = SourceMap()
  let file = sources.add(path: path, bytes: bytes)
  var bag = DiagnosticBag()
  let library = PolicyLibrary.load(userFiles: [], sources: &sources, diagnostics: &bag)
  let snapshot = SnapshotLoader().load(file, diagnostics: &bag)
  let rendered = DiagnosticRenderer(sources: sources).render(bag)
  let loaded = try #require(snapshot, "\(rendered)")
  let name = policy ?? loaded.cluster.schedulingPolicy
  let pipeline = try #require(
    PolicyCompiler(library: library).compileSchedulingPolicy(
      named: name,
      overrides: name == loaded.cluster.schedulingPolicy
        ? loaded.cluster.schedulingProperties : nil,
      diagnostics: &bag), "\(DiagnosticRenderer(sources: sources).render(bag))")
  let migration = try #require(library.migrationPolicy(named: loaded.cluster.migrationPolicy))
  return PlanningContext(
    snapshot: loaded, snapshotDigest: SHA256.digest(bytes), pipeline: pipeline,
    migrationPolicy: migration, maxMigrations: maxMigrations)
}
