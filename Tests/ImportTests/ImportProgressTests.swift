import Import
import Inventory
import ProgressReporting
import Synchronization
import Testing

/// The importer reports one update per document kind it converts, and a handler changes nothing.
@Suite("import progress")
struct ImportProgressTests {
  @Test("converting reports each document kind as it is read, counted against every kind")
  func converting() throws {
    let updates = Mutex<[ProgressUpdate]>([])
    let quiet = importDirectory("Fixtures/ovirt/example", cluster: "prod-a")
    let imported = importDirectory("Fixtures/ovirt/example", cluster: "prod-a") { update in
      updates.withLock { $0.append(update) }
    }
    #expect(imported.snapshot == quiet.snapshot)
    let all = updates.withLock { $0 }
    #expect(all.count == OvirtDocument.allCases.count)
    #expect(all.allSatisfy { $0.stage == "converting" && $0.total == OvirtDocument.allCases.count })
    #expect(all.map(\.done) == Array(1...OvirtDocument.allCases.count))
    #expect(all.compactMap(\.detail).sorted() == OvirtDocument.allCases.map(\.fileName).sorted())
  }

  @Test("without --cluster, several clusters are converted in one pass: each kind read once")
  func everyClusterInOnePass() throws {
    let updates = Mutex<[ProgressUpdate]>([])
    let imported = importDirectory("Fixtures/ovirt/example") { update in
      updates.withLock { $0.append(update) }
    }
    #expect(imported.result.dataCenter?.clusters.count == 2)
    let all = updates.withLock { $0 }
    #expect(all.map(\.done) == Array(1...OvirtDocument.allCases.count))
    #expect(all.compactMap(\.detail).sorted() == OvirtDocument.allCases.map(\.fileName).sorted())
  }
}
