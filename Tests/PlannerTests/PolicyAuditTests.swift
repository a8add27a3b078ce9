import Foundation
import Inventory
import Testing

@testable import Planner

@Suite("policy audit")
struct PolicyAuditTests {
  /// oVirt's VmAffinityGroups filter (Docs/ovirt.md §2.3.10), hard negative: a host is out for
  /// a VM when another member of the group runs there. x and y share host a, so each fails on
  /// its own current host; z on b passes; w is on a host in Maintenance and is not checked.
  @Test("running VMs whose host breaks a hard affinity rule are found, each with the rule")
  func hardAffinity() throws {
    let yaml = """
      apiVersion: shepherd/v1
      kind: ClusterSnapshot
      takenAt: 2026-11-28T10:00:00Z
      cluster:
        name: lab
        compatibilityVersion: "4.7"
        scheduling: { policy: vm_evenly_distributed }
      hosts:
        - { name: a, status: Up, cpu: { sockets: 1, cores: 8, threads: 8, usagePercent: 20 }, memory: { physicalMiB: 65536, freeMiB: 40000, committedMiB: 20000 } }
        - { name: b, status: Up, cpu: { sockets: 1, cores: 8, threads: 8, usagePercent: 20 }, memory: { physicalMiB: 65536, freeMiB: 40000, committedMiB: 20000 } }
      vms:
        - { name: x, host: a, status: Up, memoryMiB: 4096, vcpus: 2, cpuUsagePercent: 10 }
        - { name: y, host: a, status: Up, memoryMiB: 4096, vcpus: 2, cpuUsagePercent: 10 }
        - { name: z, host: b, status: Up, memoryMiB: 4096, vcpus: 2, cpuUsagePercent: 10 }
      affinityGroups:
        - { name: apart, vms: [x, y], vmRule: { polarity: negative, enforcing: true } }
      """
    let context = try planningContext(bytes: Array(yaml.utf8))
    let audit = PolicyAudit.run(snapshot: context.snapshot, pipeline: context.pipeline)
    #expect(audit.checkedCount == 3)
    #expect(audit.findings.map(\.vmName) == ["x", "y"])
    #expect(audit.findings.allSatisfy { $0.hostName == "a" })
    #expect(audit.findings.allSatisfy { $0.failures.map(\.unit) == ["VmAffinityGroups"] })
    #expect(audit.text().contains("2 fail it on the current host"))
    // Apart on two hosts, nothing is found.
    let fixed = try planningContext(
      bytes: Array(yaml.replacingOccurrences(of: "name: y, host: a", with: "name: y, host: b").utf8)
    )
    #expect(PolicyAudit.run(snapshot: fixed.snapshot, pipeline: fixed.pipeline).findings.isEmpty)
  }
}
