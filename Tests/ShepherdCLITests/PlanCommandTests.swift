import Foundation
import ShepherdTestSupport
import Testing

/// `shepherd plan`, end to end: goldens, determinism, and every plan passing `verify`.
@Suite("shepherd plan")
struct PlanCommandTests {
  static let cases: [(name: String, arguments: [String], status: Int32)] = [
    ("demo-balance", ["Fixtures/clusters/demo.yaml"], 0),
    // A data center: one section per cluster, in snapshot order; prod-west's enforcement is
    // held while a VM of it migrates (Docs/ovirt.md §7.1), and the plan says so.
    ("datacenter-balance", ["Fixtures/clusters/datacenter.yaml"], 0),
    // Hosts of two clusters: each cluster's plan takes its own host.
    (
      "datacenter-maintenance",
      ["Fixtures/clusters/datacenter.yaml", "--maintenance", "east-03", "west-02"], 0
    ),
    (
      "datacenter-enforce-west",
      ["Fixtures/clusters/datacenter.yaml", "--enforce-affinity", "--cluster", "prod-west"], 0
    ),
    ("demo-balance-evenly", ["Fixtures/clusters/demo.yaml", "--policy", "evenly_distributed"], 0),
    // A cap the user set is not a failure: exit 0, "capped": true.
    ("demo-balance-limit", ["Fixtures/clusters/demo.yaml", "--max-migrations", "1"], 0),
    ("demo-maintenance-host-03", ["Fixtures/clusters/demo.yaml", "--maintenance", "host-03"], 1),
    // A positive group (app-01, cache-01) leaves together; hpc-01, db-02 block with reasons.
    ("demo-maintenance-host-04", ["Fixtures/clusters/demo.yaml", "--maintenance", "host-04"], 1),
    (
      "rolling-maintenance-batch",
      [
        "Fixtures/scenarios/maintenance/rolling.yaml", "--maintenance", "node-1", "node-2",
        "node-3",
        "node-4", "node-5", "--maintenance-batch", "2",
      ], 0
    ),
    (
      "rolling-maintenance-one",
      ["Fixtures/scenarios/maintenance/rolling.yaml", "--maintenance", "node-3"], 0
    ),
    // host-c is Up without web-1's storage domain: the StorageDomains filter keeps the VMs
    // with disks off it (before it, the plan failed its own verification: G005).
    (
      "storage-missing-maintenance",
      ["Fixtures/scenarios/maintenance/storage-missing.yaml", "--maintenance", "host-a"], 0
    ),
    ("demo-fail-host-04", ["Fixtures/clusters/demo.yaml", "--fail", "host-04"], 1),
    // db-03 cannot restart (anti-affinity, networks) and license-server is pinned to host-05.
    ("demo-fail-host-05", ["Fixtures/clusters/demo.yaml", "--fail", "host-05"], 1),
    (
      "demo-migrate-to", ["Fixtures/clusters/demo.yaml", "--migrate", "web-03", "--to", "host-05"],
      0
    ),
    (
      "demo-migrate-pinned", ["Fixtures/clusters/demo.yaml", "--migrate", "ml-train-01", "web-03"],
      1
    ),
    ("demo-migrate-any", ["Fixtures/clusters/demo.yaml", "--migrate", "web-03", "web-04"], 0),
    ("affinity-enforce", ["Fixtures/scenarios/affinity/cluster.yaml", "--enforce-affinity"], 0),
    ("affinity-conflict", ["Fixtures/scenarios/affinity/conflict.yaml", "--enforce-affinity"], 1),
    // Three independent violations are fixed; the one conflict is reported as data (#15).
    (
      "affinity-independent",
      ["Fixtures/scenarios/affinity/independent.yaml", "--enforce-affinity"], 1
    ),
    // One conflict of each kind oVirt checks, in its order (Docs/ovirt.md §7.1).
    (
      "affinity-conflict-kinds",
      ["Fixtures/scenarios/affinity/conflict-kinds.yaml", "--enforce-affinity"], 1
    ),
    (
      "affinity-refused-to",
      ["Fixtures/scenarios/affinity/cluster.yaml", "--migrate", "web", "--to", "h4"], 1
    ),
    ("affinity-balance-includes-enforcement", ["Fixtures/scenarios/affinity/cluster.yaml"], 0),
    // Power saving packs the light host and power management puts it into maintenance.
    ("power-saving-host-management", ["Fixtures/scenarios/power/cluster.yaml"], 0),
    // Two hosts stay in use (a pinned VM, a network only one host has); the emptied hosts go
    // into maintenance and are powered off, except the SPM and one in reserve.
    (
      "optimize-consolidate",
      ["Fixtures/scenarios/optimize/cluster.yaml", "--optimize", "consolidate"], 0
    ),
    (
      "optimize-spread",
      [
        "Fixtures/scenarios/optimize/cluster.yaml", "--optimize", "spread", "--policy",
        "vm_evenly_distributed",
      ], 0
    ),
    ("demo-optimize-consolidate", ["Fixtures/clusters/demo.yaml", "--optimize", "consolidate"], 0),
    // A paused VM's memory is checked when it migrates (oVirt exempts it): it goes to the
    // roomy host, not to the emptier one without room for it (Docs/ovirt.md §2.3.6).
    (
      "paused-evacuation",
      ["Fixtures/scenarios/memory/paused-evacuation.yaml", "--maintenance", "src"], 0
    ),
  ]

  @Test("an unknown host is an input error with a did-you-mean")
  func unknownHost() throws {
    let result = try CLIRunner.run([
      "plan", "Fixtures/clusters/demo.yaml", "--maintenance", "host-7",
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("error[G004]: no host named 'host-7' in the snapshot"))
  }

  @Test("a plan a policy without the Memory filter makes is refused, naming the filter")
  func policyWithoutMemoryFilter() throws {
    let directory = "Fixtures/policy-gaps/no-memory-filter"
    let result = try CLIRunner.run([
      "plan", "\(directory)/snapshot.yaml", "--policies", "\(directory)/policies",
      "--maintenance", "host-a",
    ])
    #expect(result.status == 3)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("error[G005]"))
    #expect(result.stderr.contains("[V006] step 'step-1': host 'host-b' would commit"))
    #expect(
      result.stderr.contains(
        "help: the scheduling policy 'no_memory' has no Memory filter, which keeps such moves out"
      ))
    #expect(!result.stderr.contains("bug in Shepherd"))
  }

  @Test("--to is looked up in the cluster of the VMs: another cluster's host is G007")
  func migrateToPerCluster() throws {
    let snapshot = "Fixtures/clusters/datacenter.yaml"
    let own = try CLIRunner.run(["plan", snapshot, "--migrate", "east-web-01", "--to", "east-02"])
    #expect(own.status == 0, "\(own.stderr)")
    #expect(own.stdout.contains("migrate east-web-01 → east-02"))
    // VMs of two clusters without --to: each cluster plans its own.
    let both = try CLIRunner.run(["plan", snapshot, "--migrate", "east-web-01", "west-app-01"])
    #expect(both.status == 0, "\(both.stderr)")
    #expect(both.stdout.contains("plan for cluster prod-west: migrate west-app-01"))
    // With --to, the VM of the other cluster is refused by name, not an unknown host.
    for arguments in [
      ["--migrate", "east-web-01", "west-app-01", "--to", "east-02"],
      ["--migrate", "west-app-01", "--to", "east-02", "--cluster", "prod-west"],
    ] {
      let other = try CLIRunner.run(["plan", snapshot] + arguments)
      #expect(other.status == 2)
      #expect(other.stdout.isEmpty)
      #expect(
        other.stderr.contains(
          "error[G007]: --to: host 'east-02' is in cluster 'prod-east', but VM 'west-app-01' is "
            + "in cluster 'prod-west'"), "\(other.stderr)")
      #expect(!other.stderr.contains("G004"))
    }
    let unknown = try CLIRunner.run([
      "plan", snapshot, "--migrate", "east-web-01", "west-app-01", "--to", "east-2",
    ])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("error[G004]: no host named 'east-2' in the snapshot"))
    #expect(unknown.stderr.contains("did you mean 'east-02'?"), "\(unknown.stderr)")
  }

  @Test("triggers are exclusive")
  func exclusiveTriggers() throws {
    let result = try CLIRunner.run([
      "plan", "Fixtures/clusters/demo.yaml", "--maintenance", "host-01", "--fail", "host-02",
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("choose one trigger"))
  }

  @Test("the policy digest depends on the policies' content, not on how --policies is spelled")
  func digestIgnoresPaths() throws {
    var digests: Set<String> = []
    for directory in [
      "Fixtures/policies/custom", "./Fixtures/policies/custom",
      Golden.path("Fixtures/policies/custom"),
    ] {
      let result = try CLIRunner.run([
        "plan", "Fixtures/clusters/demo.yaml", "--policies", directory, "--policy", "small",
        "--format", "json",
      ])
      let lines = result.stdout.split(separator: "\n")
      let policy = try #require(lines.firstIndex { $0.contains("\"policy\": {") })
      digests.insert(String(lines[policy + 1]))
    }
    #expect(digests.count == 1, "\(digests)")
  }

  @Test("a broken unit in --policies is reported even when the chosen policy does not use it")
  func brokenUnusedUnit() throws {
    let result = try CLIRunner.run([
      "plan", "Fixtures/clusters/demo.yaml", "--policies", "Fixtures/policies/broken",
    ])
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("error[C001]: unknown Filter 'Memroy'"))
  }

  @Test("--min-improvement must be a finite number", arguments: ["nan", "inf", "-1"])
  func minImprovementIsFinite(_ value: String) throws {
    let result = try CLIRunner.run([
      "plan", "Fixtures/clusters/demo.yaml", "--min-improvement=\(value)",
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("--min-improvement must be a finite number"))
  }

  @Test("text and JSON goldens; the JSON plan verifies", arguments: cases.map(\.name))
  func golden(_ name: String) throws {
    let testCase = try #require(Self.cases.first { $0.name == name })
    let text = try CLIRunner.run(["plan"] + testCase.arguments)
    #expect(text.status == testCase.status, "\(text.stderr)")
    var mismatch = Golden.mismatch(text.stdout, goldenAt: "Fixtures/goldens/plan/\(name).txt")
    #expect(mismatch == nil, "\(mismatch ?? "")")
    let json = try CLIRunner.run(["plan"] + testCase.arguments + ["--format", "json"])
    let again = try CLIRunner.run(["plan"] + testCase.arguments + ["--format", "json"])
    #expect(json.stdout == again.stdout, "plans must be byte-identical")
    mismatch = Golden.mismatch(json.stdout, goldenAt: "Fixtures/goldens/plan/\(name).json")
    #expect(mismatch == nil, "\(mismatch ?? "")")
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("shepherd-\(name)-\(getpid()).json").path
    try Data(json.stdout.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let verified = try CLIRunner.run(["verify", path, testCase.arguments[0]])
    #expect(verified.status == 0, "\(verified.stderr)")
  }
}
