import Diagnostics

/// Reports every other problem found while loading a snapshot and compiling its policy.
///
/// These are the snapshot loader's diagnostics (wrong types, missing fields, dangling
/// references, contradictions) and the compiler's checks of the snapshot's scheduling
/// property overrides and policy names, reported with their original code after the message.
///
/// Avoid:
/// ```yaml
/// apiVersion: shepherd/v1
/// kind: ClusterSnapshot
/// takenAt: 2026-11-28T10:00:00Z
/// cluster: { name: lab, compatibilityVersion: "4.7", scheduling: { policy: evenly } }
/// hosts: [{ name: host-01, status: Up, memory: { physicalMiB: 65536, freeMiB: 49152 } }]
/// ```
///
/// Prefer:
/// ```yaml
/// apiVersion: shepherd/v1
/// kind: ClusterSnapshot
/// takenAt: 2026-11-28T10:00:00Z
/// cluster: { name: lab, compatibilityVersion: "4.7", scheduling: { policy: vm_evenly_distributed } }
/// hosts: [{ name: host-01, status: Up, memory: { physicalMiB: 65536, freeMiB: 49152 } }]
/// ```
struct InvalidSnapshotRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L017", name: "invalid-snapshot", category: .correctness, defaultLevel: .error,
    summary: "Reports every other problem found while loading a snapshot and compiling its policy.",
    rationale: """
      These are the snapshot loader's diagnostics (wrong types, missing fields, dangling \
      references, contradictions) and the compiler's checks of the snapshot's scheduling \
      property overrides and policy names, reported with their original code after the message.
      """,
    avoid: """
      apiVersion: shepherd/v1
      kind: ClusterSnapshot
      takenAt: 2026-11-28T10:00:00Z
      cluster: { name: lab, compatibilityVersion: "4.7", scheduling: { policy: evenly } }
      hosts: [{ name: host-01, status: Up, memory: { physicalMiB: 65536, freeMiB: 49152 } }]
      """,
    prefer: """
      apiVersion: shepherd/v1
      kind: ClusterSnapshot
      takenAt: 2026-11-28T10:00:00Z
      cluster: { name: lab, compatibilityVersion: "4.7", scheduling: { policy: vm_evenly_distributed } }
      hosts: [{ name: host-01, status: Up, memory: { physicalMiB: 65536, freeMiB: 49152 } }]
      """,
    reportedCodes: ["I…", "C… in snapshots"])

  func claims(_ diagnostic: Diagnostic, in context: LintContext) -> Bool {
    context.role(of: diagnostic) == .snapshot
  }
}
