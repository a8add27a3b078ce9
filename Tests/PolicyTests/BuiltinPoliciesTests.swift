import Diagnostics
import Foundation
import Policy
import ShepherdTestSupport
import Testing

@Suite("built-in policies")
struct BuiltinPoliciesTests {
  @Test("the embedded files are exactly the files under Policies/")
  func embeddedMatchesDisk() {
    let onDisk = (FileManager.default.subpaths(atPath: Golden.path("Policies")) ?? [])
      .filter { $0.hasSuffix(".yaml") }.map { "Policies/" + $0 }.sorted()
    #expect(BuiltinPolicies.files.map(\.path) == onDisk)
    for file in BuiltinPolicies.files {
      #expect(file.text == Golden.readText(Golden.path(file.path)), "\(file.path)")
    }
  }

  @Test("every built-in document loads and compiles without a diagnostic")
  func everythingCompilesClean() {
    let (library, sources, loadBag) = PolicyTestSupport.builtinLibrary()
    var bag = loadBag
    PolicyCompiler(library: library).checkLibrary(diagnostics: &bag)
    #expect(bag.isEmpty, "\(DiagnosticRenderer(sources: sources).render(bag))")
    #expect(library.schedulingPolicy(named: "none") != nil)
    #expect(library.schedulingPolicy(named: "vm_evenly_distributed") != nil)
    #expect(library.migrationPolicy(named: "minimal_downtime") != nil)
    #expect(library.resiliencePolicy(named: "migrate_ha_only") != nil)
  }
}
