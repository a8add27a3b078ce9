public import Diagnostics
public import Inventory

/// Re-checks a plan against its snapshot, independently of the solver.
///
/// The verifier shares no code with the scheduler: it has its own memory and CPU formulas and
/// its own affinity check, so a solver bug cannot hide behind itself. It replays the steps wave
/// by wave and checks every hard rule at the points where an executor would see them:
/// - the snapshot digest;
/// - step order: unique ids, waves in order, dependencies on earlier waves only;
/// - concurrency per wave: cluster-wide and per host (incoming and outgoing);
/// - per step: the VM runs on the source (the precondition), both hosts are Up, source ≠
///   destination, migration mode (pinned never; manual only for maintenance or a manual
///   request), disk cache `none` for live migration, CPUs, networks and storage domains;
/// - memory during each wave (the source still holds the VM) against
///   physical × overcommit% / 100 − reserved;
/// - hard affinity after each wave: no enforcing group broken that was intact before;
/// - host actions: maintenance only when empty, power-off only in maintenance and never the SPM.
///
/// - Complexity: O(steps × affinity-group size + hosts + VMs).
public struct PlanVerifier: Sendable {
  /// Creates a verifier.
  public init() {}

  /// Verifies a plan; returns one diagnostic per violation (empty when the plan is valid).
  ///
  /// - Parameters:
  ///   - plan: the plan, as read from its file (step spans point into it).
  ///   - snapshot: the snapshot the plan claims to come from.
  ///   - snapshotDigest: the digest of the snapshot file's bytes (``SHA256/digest(_:)-(_)``).
  public func verify(_ plan: MigrationPlan, snapshot: ClusterSnapshot, snapshotDigest: String)
    -> [Diagnostic]
  {
    var run = Replay(plan: plan, snapshot: snapshot)
    if plan.snapshotDigest != snapshotDigest {
      run.diagnostics.append(
        Diagnostic(
          .planSnapshotMismatch,
          "the plan was computed from snapshot \(plan.snapshotDigest), not this one (\(snapshotDigest))",
          at: plan.snapshotDigestSpan,
          help: "the cluster changed since the plan was made: plan again"))
    }
    run.checkOrder()
    for wave in run.waves { run.replay(wave: wave) }
    return run.diagnostics
  }
}

/// The replay state: where every VM runs, each host's committed memory and status.
private struct Replay {
  let plan: MigrationPlan
  let snapshot: ClusterSnapshot
  var diagnostics: [Diagnostic] = []
  var vmHost: [Int?]
  var committedMiB: [Int]
  var hostStatus: [HostStatus]
  let failedHosts: Set<Int>
  let maintenanceHosts: Set<Int>
  var initialViolations: Set<String>
  /// Steps grouped by wave, in wave order.
  let waves: [[PlanStep]]

  init(plan: MigrationPlan, snapshot: ClusterSnapshot) {
    self.plan = plan
    self.snapshot = snapshot
    vmHost = snapshot.vms.map { $0.isRunning ? $0.hostIndex : nil }
    committedMiB = snapshot.hosts.map(\.committedMemoryMiB)
    hostStatus = snapshot.hosts.map(\.status)
    let named = Set(plan.trigger.hosts.compactMap { snapshot.hostIndexByName[$0] })
    failedHosts = plan.trigger.kind == .fail ? named : []
    maintenanceHosts = plan.trigger.kind == .maintenance ? named : []
    var grouped: [Int: [PlanStep]] = [:]
    for step in plan.steps { grouped[step.wave, default: []].append(step) }
    waves = grouped.keys.sorted().compactMap { grouped[$0] }
    initialViolations = []
    initialViolations = affinityViolations()
  }

  mutating func report(
    _ descriptor: DiagnosticDescriptor, _ message: String, step: PlanStep?, help: String? = nil
  ) {
    let prefix = step.map { "step '\($0.id)': " } ?? ""
    diagnostics.append(Diagnostic(descriptor, prefix + message, at: step?.span, help: help))
  }

  // MARK: Order and dependencies

  mutating func checkOrder() {
    var waveOfStep: [String: Int] = [:]
    var previousWave = 0
    for step in plan.steps {
      if step.wave < 1 {
        report(.planOrderBroken, "wave \(step.wave) is not a positive number", step: step)
      }
      if step.wave < previousWave {
        report(
          .planOrderBroken,
          "listed after a step of wave \(previousWave) but is in wave \(step.wave)",
          step: step)
      }
      previousWave = max(previousWave, step.wave)
      if waveOfStep[step.id] != nil {
        report(.planOrderBroken, "duplicate step id '\(step.id)'", step: step)
      }
      waveOfStep[step.id] = step.wave
    }
    for step in plan.steps {
      for dependency in step.dependsOn {
        guard let wave = waveOfStep[dependency] else {
          report(.planUnknownReference, "depends on unknown step '\(dependency)'", step: step)
          continue
        }
        if wave >= step.wave {
          report(
            .planOrderBroken,
            "depends on '\(dependency)' of wave \(wave), which does not finish before wave \(step.wave)",
            step: step)
        }
      }
    }
  }

  // MARK: One wave

  mutating func replay(wave steps: [PlanStep]) {
    checkConcurrency(steps)
    var incomingMiB = [Int](repeating: 0, count: snapshot.hosts.count)
    var moves: [(vm: Int, from: Int?, to: Int, step: PlanStep)] = []
    var hostActions: [(host: Int, action: StepAction)] = []
    for step in steps {
      switch step.action {
      case .migrate, .restart:
        if let move = checkMove(step) {
          incomingMiB[move.to] += requiredMemoryMiB(snapshot.vms[move.vm])
          moves.append((move.vm, move.from, move.to, step))
        }
      case .hostMaintenance, .hostPowerOff, .hostPowerOn, .hostActivate:
        if let host = checkHostAction(step) { hostActions.append((host, step.action)) }
      }
    }
    // During the wave both ends hold the VM's memory.
    for (host, incoming) in incomingMiB.enumerated() where incoming > 0 {
      let capacity = capacityMiB(host)
      if committedMiB[host] + incoming > capacity {
        let step = moves.first { $0.to == host }?.step
        report(
          .planMemoryOverCapacity,
          "host '\(snapshot.hosts[host].name)' would commit \(committedMiB[host] + incoming) MiB "
            + "during wave \(step?.wave ?? 0), more than its capacity of \(capacity) MiB",
          step: step)
      }
    }
    for move in moves {
      let required = requiredMemoryMiB(snapshot.vms[move.vm])
      if let from = move.from { committedMiB[from] -= required }
      committedMiB[move.to] += required
      vmHost[move.vm] = move.to
    }
    for (host, action) in hostActions {
      switch action {
      case .hostMaintenance, .hostPowerOff:
        hostStatus[host] = action == .hostPowerOff ? .down : .maintenance
      case .hostActivate, .hostPowerOn: hostStatus[host] = .up
      case .migrate, .restart: break
      }
    }
    let after = affinityViolations()
    for violation in after.subtracting(initialViolations).sorted() {
      report(
        .planAffinityBroken,
        "after wave \(steps.first?.wave ?? 0), \(violation)", step: steps.first)
    }
  }

  mutating func checkConcurrency(_ steps: [PlanStep]) {
    let migrations = steps.filter { $0.action == .migrate }
    let wave = steps.first?.wave ?? 0
    if migrations.count > plan.limits.maxConcurrentMigrationsPerCluster {
      report(
        .planConcurrencyExceeded,
        "wave \(wave) runs \(migrations.count) migrations; the cluster allows "
          + "\(plan.limits.maxConcurrentMigrationsPerCluster) at once", step: migrations.first)
    }
    var outgoing: [String: Int] = [:]
    var incoming: [String: Int] = [:]
    for step in migrations {
      if let from = step.fromHost { outgoing[from, default: 0] += 1 }
      if let to = step.toHost { incoming[to, default: 0] += 1 }
    }
    let limit = plan.limits.maxConcurrentMigrationsPerHost
    for (host, count) in outgoing.sorted(by: { $0.key < $1.key }) where count > limit {
      report(
        .planConcurrencyExceeded,
        "wave \(wave) runs \(count) outgoing migrations from '\(host)'; a host allows \(limit)",
        step: migrations.first { $0.fromHost == host })
    }
    for (host, count) in incoming.sorted(by: { $0.key < $1.key }) where count > limit {
      report(
        .planConcurrencyExceeded,
        "wave \(wave) runs \(count) incoming migrations to '\(host)'; a host allows \(limit)",
        step: migrations.first { $0.toHost == host })
    }
  }

  /// Checks a migrate or restart step against the current state; returns the move when the
  /// VM and hosts exist (other violations are reported but still replayed).
  mutating func checkMove(_ step: PlanStep) -> (vm: Int, from: Int?, to: Int)? {
    guard let vmName = step.vm, let vmIndex = snapshot.vmIndexByName[vmName] else {
      report(.planUnknownReference, "unknown VM '\(step.vm ?? "")'", step: step)
      return nil
    }
    guard let toName = step.toHost, let to = snapshot.hostIndexByName[toName] else {
      report(.planUnknownReference, "unknown destination host '\(step.toHost ?? "")'", step: step)
      return nil
    }
    let vm = snapshot.vms[vmIndex]
    var from: Int?
    if let fromName = step.fromHost {
      guard let index = snapshot.hostIndexByName[fromName] else {
        report(.planUnknownReference, "unknown source host '\(fromName)'", step: step)
        return nil
      }
      from = index
    }
    if step.action == .migrate {
      guard let from else { return nil }
      if vmHost[vmIndex] != from {
        let actual =
          vmHost[vmIndex].map { "runs on '\(snapshot.hosts[$0].name)'" } ?? "is not running"
        report(
          .planPreconditionFails,
          "VM '\(vm.name)' \(actual) when the step runs, not on '\(snapshot.hosts[from].name)'",
          step: step)
      }
      if from == to {
        report(
          .planSameHost, "VM '\(vm.name)' would migrate from '\(toName)' to itself", step: step)
      }
      if hostStatus[from] != .up && hostStatus[from] != .preparingForMaintenance {
        report(
          .planHostNotUp,
          "source host '\(snapshot.hosts[from].name)' is \(hostStatus[from].rawValue)",
          step: step)
      }
      switch vm.migrationMode {
      case .pinned:
        report(
          .planMigrationModeForbids,
          "VM '\(vm.name)' is pinned to its host (migration mode 'pinned')", step: step)
      case .manual:
        if plan.trigger.kind != .maintenance && plan.trigger.kind != .migrate {
          report(
            .planMigrationModeForbids,
            "VM '\(vm.name)' migrates only by hand (migration mode 'manual'), not for '\(plan.trigger.kind.rawValue)'",
            step: step)
        }
      case .migratable:
        break
      }
      if let cache = vm.blockingDiskCache {
        report(
          .planDiskCacheForbids,
          "VM '\(vm.name)' uses disk cache '\(cache.mode)'; live migration needs cache 'none'",
          step: step)
      }
    } else {
      // restart
      let original = vm.hostIndex
      if original == nil || !failedHosts.contains(original ?? -1) {
        report(.planRestartInvalid, "VM '\(vm.name)' did not run on a failed host", step: step)
      } else if vmHost[vmIndex] != original {
        report(
          .planPreconditionFails, "VM '\(vm.name)' was already moved before this restart",
          step: step)
      }
    }
    if hostStatus[to] != .up || failedHosts.contains(to) || maintenanceHosts.contains(to) {
      let state =
        failedHosts.contains(to)
        ? "failed"
        : maintenanceHosts.contains(to) ? "entering maintenance" : hostStatus[to].rawValue
      report(.planHostNotUp, "destination host '\(toName)' is \(state)", step: step)
    }
    let host = snapshot.hosts[to]
    let cpus = (snapshot.cluster.countsThreadsAsCores ? host.cpuThreads : host.cpuCores) ?? 0
    if vm.vcpus > cpus {
      report(
        .planNotEnoughCPUs,
        "VM '\(vm.name)' has \(vm.vcpus) vCPUs; host '\(toName)' has \(cpus) CPUs",
        step: step)
    }
    let missingNetworks = vm.networks.filter { !host.networks.contains($0) }
    if !missingNetworks.isEmpty {
      report(
        .planDestinationLacksResources,
        "host '\(toName)' lacks network\(missingNetworks.count == 1 ? "" : "s") "
          + missingNetworks.map { "'\($0)'" }.joined(separator: ", ") + " of VM '\(vm.name)'",
        step: step)
    }
    let missingStorage = vm.storageDomains.filter { !host.storageDomains.contains($0) }
    if !missingStorage.isEmpty {
      report(
        .planDestinationLacksResources,
        "host '\(toName)' does not reach storage domain\(missingStorage.count == 1 ? "" : "s") "
          + missingStorage.map { "'\($0)'" }.joined(separator: ", ") + " of VM '\(vm.name)'",
        step: step)
    }
    return (vmIndex, step.action == .migrate ? from : vm.hostIndex, to)
  }

  mutating func checkHostAction(_ step: PlanStep) -> Int? {
    guard let name = step.host, let host = snapshot.hostIndexByName[name] else {
      report(.planUnknownReference, "unknown host '\(step.host ?? "")'", step: step)
      return nil
    }
    let status = hostStatus[host]
    switch step.action {
    case .hostMaintenance:
      let residents = vmHost.enumerated().filter { $0.element == host }.map {
        snapshot.vms[$0.offset].name
      }
      if !residents.isEmpty {
        report(
          .planHostActionInvalid,
          "host '\(name)' still runs \(residents.count) VM\(residents.count == 1 ? "" : "s") ("
            + residents.prefix(5).joined(separator: ", ") + (residents.count > 5 ? ", …" : "")
            + ") when it should enter maintenance", step: step)
      }
    case .hostPowerOff:
      if status != .maintenance {
        report(
          .planHostActionInvalid, "host '\(name)' is \(status.rawValue), not in maintenance",
          step: step)
      }
      if snapshot.cluster.spmHostIndex == host {
        report(
          .planHostActionInvalid, "host '\(name)' is the SPM and is never powered off", step: step)
      }
    case .hostActivate, .hostPowerOn:
      if status != .maintenance && status != .down {
        report(
          .planHostActionInvalid,
          "host '\(name)' is \(status.rawValue), not in maintenance or down", step: step)
      }
    case .migrate, .restart:
      break
    }
    return host
  }

  // MARK: Formulas (independent of the solver's)

  /// Guest memory plus oVirt's overhead: static (64 MiB + RAM/512; ppc64: 100 MiB + the next
  /// power of two of RAM / 64) plus 8 MiB per vCPU and per IO thread; or the engine's own
  /// `memoryOverheadMiB` when the snapshot gives it (Docs/ovirt.md §2.3.6).
  func requiredMemoryMiB(_ vm: VirtualMachine) -> Int {
    if let overhead = vm.memoryOverheadMiB { return vm.memoryMiB + overhead }
    var staticOverhead = 64 + vm.memoryMiB / 512
    if snapshot.cluster.cpuArchitecture == .ppc64 {
      var power = 1
      while power < vm.memoryMiB && power < Int.max / 2 { power *= 2 }
      staticOverhead = 100 + power / 64
    }
    return vm.memoryMiB + staticOverhead + 8 * vm.vcpus + 8 * vm.ioThreads
  }

  /// physical × overcommit% / 100 − reserved.
  func capacityMiB(_ host: Int) -> Int {
    let value = snapshot.hosts[host]
    return value.physicalMemoryMiB * snapshot.cluster.memoryOvercommitPercent / 100
      - value.reservedMemoryMiB
  }

  /// Every violated enforcing affinity rule in the current state, as sentences.
  func affinityViolations() -> Set<String> {
    HardAffinity.violations(snapshot: snapshot, vmHost: vmHost)
  }
}

/// The enforcing affinity rules a placement violates, as sentences: shared by the verifier and
/// the simulator (not by the scheduler, whose own affinity units this checks).
enum HardAffinity {
  /// Every violated enforcing affinity rule when VMs run where `vmHost` says.
  static func violations(snapshot: ClusterSnapshot, vmHost: [Int?]) -> Set<String> {
    var violations: Set<String> = []
    for group in snapshot.affinityGroups {
      let members = snapshot.memberVMIndices(of: group).filter { vmHost[$0] != nil }
      if group.vmRule.isEnforcing {
        switch group.vmRule.polarity {
        case .positive:
          let hosts = Set(members.compactMap { vmHost[$0] })
          if hosts.count > 1 {
            violations.insert(
              "positive affinity group '\(group.name)' is split across "
                + hosts.sorted().map { "'\(snapshot.hosts[$0].name)'" }.joined(separator: ", "))
          }
        case .negative:
          var byHost: [Int: [Int]] = [:]
          for member in members {
            if let host = vmHost[member] { byHost[host, default: []].append(member) }
          }
          for (host, together) in byHost.sorted(by: { $0.key < $1.key }) where together.count > 1 {
            violations.insert(
              "negative affinity group '\(group.name)' has "
                + together.map { "'\(snapshot.vms[$0].name)'" }.joined(separator: " and ")
                + " together on '\(snapshot.hosts[host].name)'")
          }
        case .disabled:
          break
        }
      }
      if group.hostRule.isEnforcing, group.hostRule.polarity != .disabled {
        let groupHosts = Set(snapshot.memberHostIndices(of: group))
        for member in members {
          guard let host = vmHost[member] else { continue }
          let inGroup = groupHosts.contains(host)
          if group.hostRule.polarity == .positive && !inGroup {
            violations.insert(
              "VM '\(snapshot.vms[member].name)' of positive VM-to-host group '\(group.name)' runs on '\(snapshot.hosts[host].name)', outside the group's hosts"
            )
          } else if group.hostRule.polarity == .negative && inGroup {
            violations.insert(
              "VM '\(snapshot.vms[member].name)' of negative VM-to-host group '\(group.name)' runs on the group's host '\(snapshot.hosts[host].name)'"
            )
          }
        }
      }
    }
    return violations
  }
}
