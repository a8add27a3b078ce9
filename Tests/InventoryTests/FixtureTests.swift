import Diagnostics
import Inventory
import ShepherdTestSupport
import Testing

@Suite("Snapshot fixtures")
struct FixtureTests {
  @Test(
    "every cluster fixture loads without diagnostics",
    arguments: Golden.files(in: "Fixtures/clusters", withExtensions: ["yaml", "json"]))
  func clusterLoadsClean(path: String) throws {
    let loaded = try #require(loadFixture(path))
    #expect(loaded.rendered == "")
    #expect(loaded.snapshot != nil)
  }

  @Test(
    "every invalid snapshot renders its golden diagnostics",
    arguments: Golden.files(in: "Fixtures/invalid/inventory", withExtensions: ["yaml", "json"]))
  func invalidMatchesGolden(path: String) throws {
    let loaded = try #require(loadFixture(path))
    #expect(loaded.snapshot == nil)
    #expect(!loaded.diagnostics.isEmpty)
    let dot = try #require(path.lastIndex(of: "."))
    let goldenPath = String(path[..<dot]) + ".diag"
    if let failure = Golden.mismatch(loaded.rendered, goldenAt: goldenPath) {
      Issue.record(Comment(rawValue: failure))
    }
  }
}
