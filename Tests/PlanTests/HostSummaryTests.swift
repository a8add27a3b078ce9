import Inventory
import Testing

@testable import Plan

/// The host summary's memory figure: committed memory, never below what the host's running VMs
/// hold, the same quantity before and after a plan.
@Suite("host summary")
struct HostSummaryTests {
  @Test("without committedMiB in the snapshot, a host a VM leaves does not go negative")
  func noCommittedMemory() throws {
    let (snapshot, _) = try loadSnapshot(
      yaml: """
        apiVersion: shepherd/v1
        kind: ClusterSnapshot
        takenAt: 2026-11-28T10:00:00Z
        cluster: { name: lab, compatibilityVersion: "4.7" }
        hosts:
          - { name: h1, status: Up, memory: { physicalMiB: 65536, freeMiB: 40000 } }
          - { name: h2, status: Up, memory: { physicalMiB: 65536, freeMiB: 60000 } }
        vms:
          - { name: web, host: h1, status: Up, memoryMiB: 16384, vcpus: 2 }

        """)
    let before = ProjectedState(snapshot: snapshot)
    var after = before
    after.move(vm: 0, to: 1)
    let rows = HostSummary.rows(before: before, after: after)
    let held = Double(before.requiredMemoryMiB(vm: 0)) * 100 / 65536
    #expect(abs(rows[0].before.memoryPercent - held) < 0.1)
    #expect(rows[0].after.memoryPercent == 0)
    #expect(abs(rows[1].after.memoryPercent - held) < 0.1)
  }
}
