import Foundation
import ShepherdTestSupport
import Testing

/// Commands on a data-center snapshot (`clusters:`): `--cluster`, plans per cluster, and the
/// plan readers (verify, simulate, report) taking the data-center plan back.
@Suite("data-center snapshots on the command line")
struct DataCenterCommandTests {
  static let dataCenter = "Fixtures/clusters/datacenter.yaml"

  /// The data center's balance plan as JSON, in a temporary file (removed by the caller).
  static func writePlan(_ arguments: [String] = []) throws -> String {
    let json = try CLIRunner.run(["plan", dataCenter, "--format", "json"] + arguments)
    #expect(json.status == 0, "\(json.stderr)")
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("shepherd-dc-\(getpid())-\(UUID().uuidString).json").path
    try Data(json.stdout.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test(
    "an unknown --cluster is G006 with a did-you-mean, on every command that reads a snapshot",
    arguments: [
      ["plan", dataCenter], ["audit", dataCenter], ["inspect", dataCenter],
      ["explain", dataCenter, "--vm", "east-web-01"], ["validate", dataCenter],
      ["place", dataCenter, "--vm", "west-report-01"],
    ])
  func unknownCluster(_ arguments: [String]) throws {
    let result = try CLIRunner.run(arguments + ["--cluster", "prod-wst", "--color", "never"])
    #expect(result.status == 2 || result.status == 1)
    #expect(result.stderr.contains("G006") || result.stdout.contains("G006"), "\(result.stderr)")
    #expect((result.stderr + result.stdout).contains("did you mean 'prod-west'?"))
  }

  @Test("a one-cluster snapshot's --cluster must be its name; the plan is unchanged")
  func oneClusterSnapshot() throws {
    let plain = try CLIRunner.run(["plan", "Fixtures/clusters/demo.yaml"])
    let named = try CLIRunner.run(["plan", "Fixtures/clusters/demo.yaml", "--cluster", "prod-a"])
    #expect(named.status == 0)
    #expect(named.stdout == plain.stdout)
    let wrong = try CLIRunner.run([
      "plan", "Fixtures/clusters/demo.yaml", "--cluster", "prod-b", "--color", "never",
    ])
    #expect(wrong.status == 2)
    #expect(wrong.stderr.contains("error[G006]: no cluster named 'prod-b' in the snapshot"))
  }

  @Test("--cluster plans one cluster of a data center, in the data-center form")
  func oneClusterOfADataCenter() throws {
    let result = try CLIRunner.run(["plan", Self.dataCenter, "--cluster", "prod-east"])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("== cluster prod-east ==\n"))
    #expect(!result.stdout.contains("prod-west"))
  }

  @Test("verify checks each cluster's steps against that cluster")
  func verifyPerCluster() throws {
    let path = try Self.writePlan()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let valid = try CLIRunner.run(["verify", path, Self.dataCenter])
    #expect(valid.status == 0, "\(valid.stderr)")
    #expect(
      valid.stdout
        == "== cluster prod-east ==\nplan is valid: 3 steps in 2 waves\n\n"
        + "== cluster prod-west ==\nplan is valid: 0 steps in 0 waves\n")
    // prod-east's steps claimed for prod-west: its hosts and VMs are not that cluster's.
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let swapped = text.replacingOccurrences(
      of: "\"cluster\": \"prod-east\"", with: "\"cluster\": \"X\""
    )
    .replacingOccurrences(of: "\"cluster\": \"prod-west\"", with: "\"cluster\": \"prod-east\"")
    .replacingOccurrences(of: "\"cluster\": \"X\"", with: "\"cluster\": \"prod-west\"")
    try Data(swapped.utf8).write(to: URL(fileURLWithPath: path))
    let invalid = try CLIRunner.run(["verify", path, Self.dataCenter, "--color", "never"])
    #expect(invalid.status == 1)
    #expect(invalid.stdout.contains("== cluster prod-west ==\nplan is NOT valid"))
    // A plan for a cluster the snapshot does not have.
    let renamed = text.replacingOccurrences(
      of: "\"cluster\": \"prod-west\"", with: "\"cluster\": \"prod-north\"")
    try Data(renamed.utf8).write(to: URL(fileURLWithPath: path))
    let unknown = try CLIRunner.run(["verify", path, Self.dataCenter, "--color", "never"])
    #expect(unknown.status == 2)
    #expect(unknown.stdout.contains("G006") || unknown.stderr.contains("G006"))
  }

  @Test("simulate and report read the data-center plan back")
  func simulateAndReport() throws {
    let path = try Self.writePlan()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let simulated = try CLIRunner.run(["simulate", path, Self.dataCenter])
    #expect(simulated.status == 0, "\(simulated.stderr)")
    #expect(simulated.stdout.contains("== cluster prod-east ==\nsimulation of the balance plan"))
    #expect(simulated.stdout.contains("== cluster prod-west ==\nsimulation of the balance plan"))
    let json = try CLIRunner.run(["simulate", path, Self.dataCenter, "--format", "json"])
    #expect(json.stdout.hasPrefix("{\n  \"clusters\": ["))
    // A failed step names one cluster's step: --cluster says which.
    let ambiguous = try CLIRunner.run([
      "simulate", path, Self.dataCenter, "--fail-step", "step-1", "--color", "never",
    ])
    #expect(ambiguous.status == 2)
    let failing = try CLIRunner.run([
      "simulate", path, Self.dataCenter, "--fail-step", "step-1", "--cluster", "prod-east",
    ])
    #expect(failing.status == 0, "\(failing.stderr)")
    let report = try CLIRunner.run(["report", path, Self.dataCenter, "--cluster", "prod-east"])
    #expect(report.status == 0, "\(report.stderr)")
    #expect(report.stdout.hasPrefix("<!DOCTYPE html>"))
    let both = try CLIRunner.run(["report", path, Self.dataCenter])
    #expect(both.status == 2)
    #expect(both.stderr.contains("choose it with --cluster"))
  }

  @Test("explain and place work in the cluster of the VM they name")
  func vmCommandsFindTheirCluster() throws {
    let explained = try CLIRunner.run(["explain", Self.dataCenter, "--vm", "west-web-01"])
    #expect(explained.stdout.contains("west-03"), "\(explained.stderr)")
    #expect(!explained.stdout.contains("east-0"))
    let placed = try CLIRunner.run(["place", Self.dataCenter, "--vm", "west-report-01"])
    #expect(placed.status == 0, "\(placed.stderr)")
    #expect(placed.stdout.contains("west-0"))
  }

  @Test("--new-vms in a data center joins the --cluster one, and needs it")
  func newVMsNeedACluster() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("shepherd-dc-new-\(getpid()).yaml").path
    try Data("- { name: fresh-01, status: Down, memoryMiB: 2048, vcpus: 1 }\n".utf8)
      .write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let unnamed = try CLIRunner.run([
      "place", Self.dataCenter, "--new-vms", path, "--color", "never",
    ])
    #expect(unnamed.status == 2)
    #expect(unnamed.stderr.contains("error[I013]"))
    let named = try CLIRunner.run([
      "place", Self.dataCenter, "--new-vms", path, "--cluster", "prod-east",
    ])
    #expect(named.status == 0, "\(named.stderr)")
    #expect(named.stdout.contains("east-0"))
  }

  @Test("audit and inspect show one section per cluster")
  func auditAndInspect() throws {
    let audit = try CLIRunner.run(["audit", Self.dataCenter])
    #expect(audit.stdout.contains("== cluster prod-east ==\naudit of cluster 'prod-east'"))
    #expect(audit.stdout.contains("== cluster prod-west ==\naudit of cluster 'prod-west'"))
    let inspect = try CLIRunner.run(["inspect", Self.dataCenter, "--cluster", "prod-west"])
    #expect(inspect.status == 0)
    #expect(inspect.stdout.hasPrefix("== cluster prod-west ==\ncluster prod-west: 3 hosts"))
  }

  /// oVirt's enforcement manager (Docs/ovirt.md §7.1) runs per cluster: "covers every cluster
  /// that has no VM migrating and is not in upgrade mode", and makes at most one migration per
  /// cluster per run. A cluster in upgrade mode is held, with a note; the other is enforced.
  @Test("affinity enforcement holds a cluster in upgrade mode and still enforces the other")
  func enforcementPerCluster() throws {
    func cluster(_ name: String, policy: String) -> String {
      """
        - cluster:
            name: \(name)
            compatibilityVersion: "4.7"
            scheduling: { policy: \(policy) }
          hosts:
            - name: \(name)-h1
              status: Up
              cpu: { sockets: 1, cores: 8, threads: 16, usagePercent: 10 }
              memory: { physicalMiB: 65536, freeMiB: 50000 }
            - name: \(name)-h2
              status: Up
              cpu: { sockets: 1, cores: 8, threads: 16, usagePercent: 10 }
              memory: { physicalMiB: 65536, freeMiB: 50000 }
          vms:
            - { name: \(name)-a, host: \(name)-h1, status: Up, memoryMiB: 2048, vcpus: 1 }
            - { name: \(name)-b, host: \(name)-h1, status: Up, memoryMiB: 2048, vcpus: 1 }
          affinityGroups:
            - name: \(name)-apart
              vms: [\(name)-a, \(name)-b]
              vmRule: { polarity: negative, enforcing: true }
      """
    }
    let text = """
      apiVersion: shepherd/v1
      kind: ClusterSnapshot
      takenAt: 2026-11-28T10:00:00Z
      clusters:
      \(cluster("upgrading", policy: "in_cluster_upgrade"))
      \(cluster("steady", policy: "none"))

      """
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("shepherd-dc-upgrade-\(getpid()).yaml").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = try CLIRunner.run(["plan", path, "--enforce-affinity", "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let plans = try #require(json["clusters"] as? [[String: Any]])
    #expect(plans.count == 2)
    let upgrading = plans[0]
    #expect((upgrading["steps"] as? [Any])?.isEmpty == true)
    let notes = upgrading["notes"] as? [String] ?? []
    #expect(notes.first?.contains("upgrade mode") == true, "\(notes)")
    // The steady cluster's broken group is fixed by one migration.
    let steady = plans[1]
    let steps = steady["steps"] as? [[String: Any]] ?? []
    #expect(steps.count == 1)
    #expect(
      steps.first?["vm"] as? String == "steady-a" || steps.first?["vm"] as? String == "steady-b")
  }

  @Test(
    "lint checks every cluster; diff, which takes one cluster per snapshot, refuses a data center")
  func lintAndDiff() throws {
    let lint = try CLIRunner.run(["lint", Self.dataCenter])
    #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    let diff = try CLIRunner.run([
      "diff", "--policies", "Fixtures/diff/old", "Fixtures/diff/new", Self.dataCenter, "--color",
      "never",
    ])
    #expect(diff.status == 2)
    #expect(diff.stderr.contains("error[I013]"), "\(diff.stderr)")
    #expect(diff.stderr.contains("lists 2 clusters; this input takes one cluster"))
  }
}
