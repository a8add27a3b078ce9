import Diagnostics
import Inventory
import Policy
import ShepherdTestSupport

/// Shared helpers for the Policy tests.
enum PolicyTestSupport {
  /// Loads the built-in library.
  static func builtinLibrary() -> (PolicyLibrary, SourceMap, DiagnosticBag) {
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let library = PolicyLibrary.load(sources: &sources, diagnostics: &bag)
    return (library, sources, bag)
  }
}
