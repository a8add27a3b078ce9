import Lint
import Testing

/// One test per rule: marked inline YAML, exactly the expected findings.
@Suite("lint rules")
struct RuleTests {
  @Test("unknown-key reports P001 in policies and I001 in snapshots")
  func unknownKey() {
    LintHarness.expect(
      """
      2️⃣kind: Filter
      name: BigHosts
      1️⃣wen: host.memory.physicalMiB >= 65536
      """, rules: ["unknown-key"],
      [
        .init("1️⃣", "unknown-key", "unknown key 'wen' in a Filter"),
        // The loader rejects the document, so its missing 'when' is reported too.
        .init("2️⃣", "invalid-policy", "missing required key 'when'"),
      ])
    LintHarness.expect(
      """
      apiVersion: shepherd/v1
      kind: ClusterSnapshot
      takenAt: 2026-11-28T10:00:00Z
      cluster: { name: lab, compatibilityVersion: "4.7" }
      hosts:
        - { name: host-01, status: Up, 1️⃣colour: blue, memory: { physicalMiB: 65536, freeMiB: 49152 } }
      """, rules: ["unknown-key"], [.init("1️⃣", "unknown-key", "unknown field 'colour'")])
  }

  @Test("property-out-of-bounds reports oVirt's bounds on settings, overrides and declarations")
  func propertyOutOfBounds() {
    LintHarness.expect(
      """
      kind: Filter
      name: Hot
      properties:
        1️⃣HighUtilization: { type: int, default: 95, min: 10, max: 100 }
      when: host.cpuLoadPercent < params.HighUtilization
      ---
      kind: SchedulingPolicy
      name: hot
      filters: [Hot]
      properties:
        HighUtilization: 2️⃣100
      ---
      kind: SchedulingPolicy
      name: hotter
      filters: [CPUOverloaded]
      properties: { HighUtilization: 3️⃣45 }
      """, rules: ["property-out-of-bounds"],
      [
        .init(
          "1️⃣", "property-out-of-bounds",
          "declared with bounds 10 … 100, looser than oVirt's 50 … 99"),
        .init("2️⃣", "property-out-of-bounds", "must be 50 … 99 in oVirt, found 100"),
        // The compiler's C005 and the rule's own check agree; it is reported once.
        .init(
          "3️⃣", "property-out-of-bounds", "property 'HighUtilization' must be 50 … 99, found 45"),
      ])
  }

  @Test("inverted-utilization-thresholds compares the values each unit sees")
  func invertedUtilization() {
    LintHarness.expect(
      """
      kind: Balancer
      name: Packer
      properties:
        4️⃣HighUtilization: { type: int, default: 30, min: 0, max: 99 }
        1️⃣LowUtilization: { type: int, default: 40, min: 0, max: 49 }
      hostLoad: host.cpuLoadPercent
      source: { when: balance.hostLoad < params.LowUtilization }
      vm: { when: vm.isRunning }
      destination: { when: balance.hostLoad < params.HighUtilization }
      ---
      kind: SchedulingPolicy
      name: packing
      balancer: Packer
      properties: { HighUtilization: 2️⃣20 }
      ---
      kind: SchedulingPolicy
      name: fine
      balancer: Packer
      properties: { LowUtilization: 10, HighUtilization: 80 }
      """, rules: ["inverted-utilization-thresholds"],
      [
        .init(
          "1️⃣", "inverted-utilization-thresholds", "unit 'Packer' defaults LowUtilization to 40"),
        .init(
          "2️⃣", "inverted-utilization-thresholds",
          "policy 'packing' gives unit 'Packer' LowUtilization 40 and HighUtilization 20"),
        // Low ≥ high needs bounds looser than oVirt's, which property-out-of-bounds reports.
        .init("2️⃣", "property-out-of-bounds", "found 20"),
        .init("4️⃣", "property-out-of-bounds", "looser than oVirt's 50 … 99"),
      ])
  }

  @Test("zero-weight-factor claims C006 for factor 0 only")
  func zeroWeightFactor() {
    LintHarness.expect(
      """
      kind: SchedulingPolicy
      name: quiet
      weights:
        - { unit: PreferredHosts, factor: 1️⃣0 }
      ---
      kind: SchedulingPolicy
      name: negative
      weights:
        - { unit: PreferredHosts, factor: 2️⃣-1 }
      """, rules: ["zero-weight-factor"],
      [
        .init("1️⃣", "zero-weight-factor", "found the integer 0"),
        .init("2️⃣", "invalid-policy", "found the integer -1"),
      ])
  }

  @Test("duplicate-unit reports a repeated filter or weight and a listed mandatory filter")
  func duplicateUnit() {
    LintHarness.expect(
      """
      kind: SchedulingPolicy
      name: twice
      filters: [Memory, 1️⃣PinToHost, 2️⃣Memory]
      weights: [PreferredHosts, 3️⃣PreferredHosts]
      """, rules: ["duplicate-unit"],
      [
        .init("1️⃣", "duplicate-unit", "filter 'PinToHost' is mandatory and already runs first"),
        .init("2️⃣", "duplicate-unit", "filter 'Memory' is listed twice"),
        .init("3️⃣", "duplicate-unit", "weight 'PreferredHosts' is listed twice"),
      ])
  }

  @Test("constant-filter folds properties: by default and under a policy's values")
  func constantFilter() {
    LintHarness.expect(
      """
      kind: Filter
      name: Always
      when: 1️⃣vm.vcpus >= 0 || true
      ---
      kind: Filter
      name: Never
      properties:
        Limit: { type: int, default: 0, min: 0 }
      when: 2️⃣params.Limit > 10 && host.cpuLoadPercent < 50
      ---
      kind: Filter
      name: Gate
      properties:
        Open: { type: bool, default: false }
      when: 3️⃣params.Open || host.cpuLoadPercent < 90
      ---
      kind: SchedulingPolicy
      name: open
      filters: [Gate]
      properties: { Open: true }
      ---
      kind: Filter
      name: Fine
      when: host.cpuLoadPercent < 90
      """, rules: ["constant-filter"],
      [
        .init("1️⃣", "constant-filter", "filter 'Always' always passes: its condition folds to true"),
        .init("2️⃣", "constant-filter", "filter 'Never' never passes"),
        .init("3️⃣", "constant-filter", "always passes with the properties of policy 'open'"),
      ])
  }

  @Test("balancer-weight-conflict reports packing weights under a spreading balancer and back")
  func balancerWeightConflict() {
    LintHarness.expect(
      """
      kind: Weight
      name: OptimalForCpuPowerSaving
      score: 100 - host.cpuLoadPercent
      ---
      kind: SchedulingPolicy
      name: confused
      weights: [{ unit: 1️⃣OptimalForCpuPowerSaving, factor: 2 }, PreferredHosts]
      balancer: OptimalForEvenGuestDistribution
      ---
      kind: SchedulingPolicy
      name: reverse
      weights: [2️⃣OptimalForEvenGuestDistribution]
      balancer: OptimalForPowerSaving
      ---
      kind: SchedulingPolicy
      name: agreed
      weights: [OptimalForEvenGuestDistribution]
      balancer: OptimalForEvenGuestDistribution
      """, rules: ["balancer-weight-conflict"],
      [
        .init("1️⃣", "balancer-weight-conflict", "weight 'OptimalForCpuPowerSaving' packs VMs"),
        .init("2️⃣", "balancer-weight-conflict", "but balancer 'OptimalForPowerSaving' packs VMs"),
      ])
  }

  @Test("missing-mandatory-filter reports an override of a mandatory filter without mandatory")
  func missingMandatoryFilter() {
    LintHarness.expect(
      """
      kind: Filter
      name: 1️⃣PinToHost
      when: host.cpuLoadPercent < 100
      ---
      kind: Filter
      name: CPU-Level
      mandatory: true
      when: vm.cpuPassthrough || cluster.cpu.flags.all(f, f in host.cpu.flags)
      """, rules: ["missing-mandatory-filter"],
      [.init("1️⃣", "missing-mandatory-filter", "filter 'PinToHost' is mandatory in oVirt")])
  }

  @Test("missing-core-filter lists the core filters a policy does not run")
  func missingCoreFilter() {
    LintHarness.expect(
      """
      kind: SchedulingPolicy
      name: 1️⃣lean
      filters: [CPU, Memory]
      ---
      kind: SchedulingPolicy
      name: full
      filters: [CPU, Memory, Network, Migration]
      """, rules: ["missing-core-filter"],
      [.init("1️⃣", "missing-core-filter", "does not run core filters 'Network', 'Migration'")])
  }

  @Test("undeclared-property reports C003 from policies and snapshots")
  func undeclaredProperty() {
    LintHarness.expect(
      """
      kind: SchedulingPolicy
      name: typo
      filters: [CPUOverloaded]
      properties:
        1️⃣HighUtilisation: 80
      """, rules: ["undeclared-property"],
      [.init("1️⃣", "undeclared-property", "property 'HighUtilisation', which no unit")])
  }

  @Test("unused-property reports declarations no expression reads, except oVirt's declared keys")
  func unusedProperty() {
    LintHarness.expect(
      """
      kind: Filter
      name: Busy
      properties:
        Limit: { type: int, default: 80, min: 0, max: 100 }
        1️⃣Grace: { type: int, default: 5, min: 0 }
        Shown: { type: int, default: 1, min: 0 }
      when: host.cpuLoadPercent < params.Limit
      reason: "over {params.Shown}"
      ---
      kind: Filter
      name: CPUOverloaded
      properties:
        HighUtilization: { type: int, default: 90, min: 50, max: 99 }
        CpuOverCommitDurationMinutes: { type: int, default: 2, min: 1 }
      when: host.cpuLoadPercent < params.HighUtilization
      """, rules: ["unused-property"],
      [.init("1️⃣", "unused-property", "unit 'Busy' declares property 'Grace' but never reads it")])
  }

  @Test("non-escalating-downtime reports schedules that never exceed the initial downtime")
  func nonEscalatingDowntime() {
    LintHarness.expect(
      """
      kind: MigrationPolicy
      name: stubborn
      initialDowntimeMs: 300
      1️⃣stalling:
        - { limit: 1, downtimeMs: 200 }
      finally: [abort]
      ---
      kind: MigrationPolicy
      name: postcopy
      initialDowntimeMs: 100
      finally: [postcopy, abort]
      ---
      kind: MigrationPolicy
      name: fine
      initialDowntimeMs: 100
      finally: [{ downtimeMs: 5000 }, abort]
      """, rules: ["non-escalating-downtime"],
      [.init("1️⃣", "non-escalating-downtime", "never raises the downtime above its initial 300 ms")])
  }

  @Test("migration-never-aborts reports schedules without abort")
  func migrationNeverAborts() {
    LintHarness.expect(
      """
      kind: MigrationPolicy
      name: forever
      stalling:
        - { limit: 1, downtimeMs: 500 }
      1️⃣finally: [postcopy]
      ---
      kind: MigrationPolicy
      name: 2️⃣bare
      ---
      kind: MigrationPolicy
      name: aborts
      stalling:
        - { limit: 1, action: abort }
      """, rules: ["migration-never-aborts"],
      [
        .init("1️⃣", "migration-never-aborts", "'forever' never aborts"),
        .init("2️⃣", "migration-never-aborts", "'bare' never aborts"),
      ])
  }

  @Test("invalid-ignore-comment reports unknown rule names and malformed comments")
  func invalidIgnoreComment() {
    LintHarness.expect(
      """
      kind: Filter
      name: Anywhere
      # shepherd-lint: ignore 1️⃣constant-filtre, 2️⃣L006
      when: host.cpuLoadPercent < 90  # 3️⃣shepherd-lint: disable constant-filter
      """, rules: ["invalid-ignore-comment"],
      [
        .init("1️⃣", "invalid-ignore-comment", "unknown lint rule 'constant-filtre'"),
        .init("2️⃣", "invalid-ignore-comment", "unknown lint rule 'L006'"),
        .init("3️⃣", "invalid-ignore-comment", "malformed lint comment"),
      ])
  }

  @Test("invalid-yaml reports YAML errors")
  func invalidYAML() {
    LintHarness.expect(
      """
      kind: Filter
      name: Twice
      when: vm.vcpus <= 8
      1️⃣when: vm.vcpus <= 16
      """, rules: [], [.init("1️⃣", "invalid-yaml", "duplicate key 'when'")])
  }

  @Test("invalid-policy reports the remaining loader and compiler diagnostics")
  func invalidPolicy() {
    LintHarness.expect(
      """
      kind: Filter
      name: Small
      when: vm.memoryMiB <= 1️⃣"4096"
      ---
      kind: SchedulingPolicy
      name: missing
      filters: [2️⃣Memroy]
      ---
      kind: Filter
      name: Hot
      properties:
        3️⃣HighUtilization: { type: float, default: 95, min: 50, max: 99 }
      when: host.cpuLoadPercent < params.HighUtilization
      ---
      kind: SchedulingPolicy
      name: conflict
      filters: [Hot, CPUOverloaded]
      """, rules: [],
      [
        .init("1️⃣", "invalid-policy", ""),
        .init("2️⃣", "invalid-policy", "unknown Filter 'Memroy'"),
        // C007 points at the built-in CPUOverloaded; it is moved to the linted declaration.
        .init("3️⃣", "invalid-policy", "declares property 'HighUtilization' as int 50 … 99"),
      ])
  }

  @Test("invalid-snapshot reports snapshot errors and unknown policy names")
  func invalidSnapshot() {
    LintHarness.expect(
      """
      apiVersion: shepherd/v1
      kind: ClusterSnapshot
      takenAt: 2026-11-28T10:00:00Z
      cluster:
        name: lab
        compatibilityVersion: "4.7"
        scheduling: { policy: 1️⃣evenly }
        migration: { policy: 2️⃣minimal_downtme }
      hosts: [{ name: host-01, status: Up, memory: { physicalMiB: 65536, freeMiB: 49152 } }]
      """, rules: [],
      [
        .init("1️⃣", "invalid-snapshot", "no SchedulingPolicy named 'evenly'"),
        .init("2️⃣", "invalid-snapshot", "no MigrationPolicy named 'minimal_downtme'"),
      ])
    LintHarness.expect(
      """
      apiVersion: shepherd/v1
      kind: ClusterSnapshot
      takenAt: 2026-11-28T10:00:00Z
      cluster: { name: lab, compatibilityVersion: "4.7" }
      hosts: [{ name: host-01, status: 1️⃣Upp, memory: { physicalMiB: 65536, freeMiB: 49152 } }]
      """, rules: [], [.init("1️⃣", "invalid-snapshot", "'Upp'")])
  }
}
