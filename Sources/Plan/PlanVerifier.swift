public import Diagnostics
public import Inventory

/// Re-checks a plan against its snapshot, independently of the solver.
///
/// The verifier shares no code with the scheduler: it has its own memory and CPU formulas and
/// its own affinity check, so a solver bug cannot hide behind itself. It replays the steps wave
/// by wave and checks every hard rule at the points where an executor would see them:
/// - the snapshot digest;
/// - step order: unique ids, waves in order, dependencies on earlier waves only;
/// - concurrency per wave: cluster-wide and per host (incoming and outgoing), with the limits
///   of the snapshot (`maxConcurrentMigrations`) and of its migration policy — never the
///   plan's own `limits` block, which is informational;
/// - per step, against itself: its precondition and reason name its own hosts (V017);
/// - per step: the VM runs on the source (the precondition), both hosts are Up, source ≠
///   destination, migration mode (pinned never; manual only for maintenance or a manual
///   request), disk cache `none` for live migration, CPUs, networks and storage domains;
/// - memory during each wave (the source still holds the VM) against
///   physical × overcommit% / 100 − reserved;
/// - hard affinity after each wave: a VM a step moves must not newly break an enforcing rule
///   (a violation already in the snapshot, or one the VM was already part of, is not the
///   plan's); the step that moved the VM is named. Positive VM-to-VM groups are checked once
///   the plan is done: a group larger than the concurrency limits moves over several waves;
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
  ///   - limits: the limits in force: ``PlanLimits/allowed(snapshot:migrationPolicy:)``.
  public func verify(
    _ plan: MigrationPlan, snapshot: ClusterSnapshot, snapshotDigest: String, limits: PlanLimits
  ) -> [Diagnostic] {
    var run = Replay(plan: plan, snapshot: snapshot, limits: limits)
    if plan.snapshotDigest != snapshotDigest {
      run.diagnostics.append(
        Diagnostic(
          .planSnapshotMismatch,
          "the plan was computed from snapshot \(plan.snapshotDigest), not this one (\(snapshotDigest))",
          at: plan.snapshotDigestSpan,
          help: "the cluster changed since the plan was made: plan again"))
    }
    for step in plan.steps { run.checkConsistency(of: step) }
    run.checkOrder()
    for wave in run.waves { run.replay(wave: wave) }
    run.checkPositiveGroups(before: run.positiveBefore)
    return run.diagnostics
  }
}

/// The replay state: where every VM runs, each host's committed memory and status.
private struct Replay {
  let plan: MigrationPlan
  let snapshot: ClusterSnapshot
  let limits: PlanLimits
  var diagnostics: [Diagnostic] = []
  var vmHost: [Int?]
  var committedMiB: [Int]
  /// Each VM's pending memory and its host, until a step moves the VM.
  var pendingMiB: [(host: Int, miB: Int)?]
  var hostStatus: [HostStatus]
  let failedHosts: Set<Int>
  let maintenanceHosts: Set<Int>
  /// Every VM's part in a split positive group in the snapshot.
  var positiveBefore: [HardAffinity.Participation: String]
  /// Steps grouped by wave, in wave order.
  let waves: [[PlanStep]]

  init(plan: MigrationPlan, snapshot: ClusterSnapshot, limits: PlanLimits) {
    self.plan = plan
    self.snapshot = snapshot
    self.limits = limits
    vmHost = snapshot.vms.map { $0.isRunning ? $0.hostIndex : nil }
    committedMiB = snapshot.hosts.map(\.committedMemoryMiB)
    // Memory promised by decisions in flight (`pending`) is committed until a step moves the
    // VM elsewhere (Docs/ovirt.md §3.7).
    pendingMiB = Array(repeating: nil, count: snapshot.vms.count)
    for entry in snapshot.pending {
      guard let vm = entry.vmIndex, let host = entry.hostIndex, pendingMiB.indices.contains(vm)
      else { continue }
      let miB = entry.overcommitMemoryMiB ?? Self.requiredMemoryMiB(snapshot.vms[vm], snapshot)
      pendingMiB[vm] = (host, miB)
      committedMiB[host] += miB
    }
    hostStatus = snapshot.hosts.map(\.status)
    let named = Set(plan.trigger.hosts.compactMap { snapshot.hostIndexByName[$0] })
    failedHosts = plan.trigger.kind == .fail ? named : []
    maintenanceHosts = plan.trigger.kind == .maintenance ? named : []
    var grouped: [Int: [PlanStep]] = [:]
    for step in plan.steps { grouped[step.wave, default: []].append(step) }
    waves = grouped.keys.sorted().compactMap { grouped[$0] }
    // Positive groups are judged against the snapshot as it is; then the VMs of failed hosts
    // are down until a restart step starts them elsewhere.
    positiveBefore = [:]
    positiveBefore = affinityParticipations(positiveVMRules: true)
    for vm in vmHost.indices where vmHost[vm].map(failedHosts.contains) == true {
      vmHost[vm] = nil
    }
  }

  mutating func report(
    _ descriptor: DiagnosticDescriptor, _ message: String, step: PlanStep?, help: String? = nil
  ) {
    let prefix = step.map { "step '\($0.id)': " } ?? ""
    diagnostics.append(Diagnostic(descriptor, prefix + message, at: step?.span, help: help))
  }

  // MARK: Each step against itself

  /// Checks that a step's precondition and reason name the step's own hosts (V017), pointing
  /// at the field that disagrees: a destination edited by hand must not pass with the
  /// precondition (and reason) of the old one, because an executor checks the precondition.
  mutating func checkConsistency(of step: PlanStep) {
    func report(_ message: String, field: String) {
      diagnostics.append(
        Diagnostic(
          .planStepInconsistent, "step '\(step.id)': " + message,
          at: step.fieldSpans[field] ?? step.span,
          help: "plan again rather than editing a plan by hand"))
    }
    let precondition = step.precondition
    // A VM step's `hostsUp` lists exactly the hosts it uses; a host action's at most its host.
    let used: [String]
    switch step.action {
    case .migrate: used = [step.fromHost, step.toHost].compactMap { $0 }
    case .restart: used = [step.toHost].compactMap { $0 }
    case .hostMaintenance, .hostPowerOff, .hostPowerOn, .hostActivate:
      used = [step.host].compactMap { $0 }
    }
    if step.action == .migrate, precondition.vmRunningOn != step.fromHost {
      report(
        "the precondition expects the VM on '\(precondition.vmRunningOn ?? "no host")', but "
          + "the step migrates it from '\(step.fromHost ?? "")'",
        field: "precondition.vmRunningOn")
    } else if step.action != .migrate, let running = precondition.vmRunningOn {
      report(
        "a '\(step.action.rawValue)' step has no running VM to check, but the precondition "
          + "expects one on '\(running)'", field: "precondition.vmRunningOn")
    }
    let hostsUp = Set(precondition.hostsUp)
    if step.action.movesVM ? hostsUp != Set(used) : !hostsUp.isSubset(of: used) {
      let wanted = used.map { "'\($0)'" }.joined(separator: ", ")
      let found = precondition.hostsUp.map { "'\($0)'" }.joined(separator: ", ")
      report(
        "the precondition requires [\(found)] Up, but the step uses [\(wanted)]",
        field: "precondition.hostsUp")
    }
    if let empty = precondition.hostEmpty, empty != step.host {
      report(
        "the precondition requires '\(empty)' empty, but the step acts on "
          + "'\(step.host ?? "no host")'", field: "precondition.hostEmpty")
    }
    guard step.action.movesVM, let destination = step.toHost else { return }
    let data = step.reason.data
    if data["decision"]?["runnerUp"]?.text == destination {
      report(
        "the reason's runner-up is the destination '\(destination)' itself",
        field: "reason.data.decision.runnerUp")
    }
    if case .array(let candidates)? = data["candidates"], !candidates.contains(.string(destination))
    {
      report(
        "the reason's candidates do not include the destination '\(destination)'",
        field: "reason.data.candidates")
    }
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
    let affinityBefore = affinityParticipations(positiveVMRules: false)
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
      if let (host, miB) = pendingMiB[move.vm] {
        committedMiB[host] -= miB
        pendingMiB[move.vm] = nil
      }
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
    // A moved VM newly part of a broken enforcing rule: the step that moved it broke it.
    var reported: Set<String> = []
    for (participation, sentence) in affinityParticipations(positiveVMRules: false).sorted(by: {
      $0.key < $1.key
    })
    where affinityBefore[participation] == nil {
      guard let move = moves.first(where: { $0.vm == participation.vm }),
        reported.insert(move.step.id + sentence).inserted
      else { continue }
      report(
        .planAffinityBroken, "after wave \(move.step.wave), \(sentence)", step: move.step)
    }
  }

  /// Positive VM-to-VM groups once every wave is done: a moved VM newly part of a split group
  /// is blamed on the last step that moved it.
  mutating func checkPositiveGroups(before: [HardAffinity.Participation: String]) {
    var reported: Set<String> = []
    for (participation, sentence) in affinityParticipations(positiveVMRules: true).sorted(by: {
      $0.key < $1.key
    })
    where before[participation] == nil {
      let name = snapshot.vms[participation.vm].name
      guard
        let step = plan.steps.last(where: { $0.action.movesVM && $0.vm == name }),
        reported.insert(step.id + sentence).inserted
      else { continue }
      report(.planAffinityBroken, "after the last wave, \(sentence)", step: step)
    }
  }

  mutating func checkConcurrency(_ steps: [PlanStep]) {
    let migrations = steps.filter { $0.action == .migrate }
    let wave = steps.first?.wave ?? 0
    if migrations.count > limits.maxConcurrentMigrationsPerCluster {
      report(
        .planConcurrencyExceeded,
        "wave \(wave) runs \(migrations.count) migrations; the cluster allows "
          + "\(limits.maxConcurrentMigrationsPerCluster) at once", step: migrations.first)
    }
    var outgoing: [String: Int] = [:]
    var incoming: [String: Int] = [:]
    for step in migrations {
      if let from = step.fromHost { outgoing[from, default: 0] += 1 }
      if let to = step.toHost { incoming[to, default: 0] += 1 }
    }
    let limit = limits.maxConcurrentMigrationsPerHost
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
      } else if vmHost[vmIndex] != nil {
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
    // What the VM's own host lacks too is the snapshot's problem, not the plan's.
    let home = (step.action == .migrate ? from : vm.hostIndex).map { snapshot.hosts[$0] }
    let missingNetworks = vm.networks.filter {
      !host.networks.contains($0) && home?.networks.contains($0) != false
    }
    if !missingNetworks.isEmpty {
      report(
        .planDestinationLacksResources,
        "host '\(toName)' lacks network\(missingNetworks.count == 1 ? "" : "s") "
          + missingNetworks.map { "'\($0)'" }.joined(separator: ", ") + " of VM '\(vm.name)'",
        step: step)
    }
    let missingStorage = vm.storageDomains.filter {
      !host.storageDomains.contains($0) && home?.storageDomains.contains($0) != false
    }
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
  func requiredMemoryMiB(_ vm: VirtualMachine) -> Int { Self.requiredMemoryMiB(vm, snapshot) }

  /// ``requiredMemoryMiB(_:)`` of a VM of `snapshot`.
  static func requiredMemoryMiB(_ vm: VirtualMachine, _ snapshot: ClusterSnapshot) -> Int {
    if let overhead = vm.memoryOverheadMiB { return vm.memoryMiB + overhead }
    var staticOverhead = 64 + vm.memoryMiB / 512
    if snapshot.cluster.cpuArchitecture == .ppc64 {
      var power = 1
      while power < vm.memoryMiB && power < Int.max / 2 { power *= 2 }
      staticOverhead = 100 + power / 64
    }
    // Snapshot numbers are bounded (Docs/fields.md), so this cannot overflow.
    return vm.memoryMiB + staticOverhead + 8 * vm.vcpus + 8 * vm.ioThreads
  }

  /// physical × overcommit% / 100 − reserved.
  func capacityMiB(_ host: Int) -> Int {
    let value = snapshot.hosts[host]
    return value.physicalMemoryMiB * snapshot.cluster.memoryOvercommitPercent / 100
      - value.reservedMemoryMiB
  }

  /// Every VM's part in a violated enforcing affinity rule in the current state.
  func affinityParticipations(positiveVMRules: Bool) -> [HardAffinity.Participation: String] {
    HardAffinity.participations(
      snapshot: snapshot, vmHost: vmHost, positiveVMRules: positiveVMRules)
  }
}

/// The enforcing affinity rules a placement violates: shared by the verifier and the simulator
/// (not by the scheduler, whose own affinity units this checks).
enum HardAffinity {
  /// One VM's part in a violated enforcing affinity rule.
  struct Participation: Hashable, Comparable {
    /// The group's index in the snapshot.
    var group: Int
    /// 0: the VM-to-VM rule, 1: the VM-to-host rule.
    var rule: Int
    /// The VM.
    var vm: Int

    static func < (lhs: Self, rhs: Self) -> Bool {
      (lhs.group, lhs.rule, lhs.vm) < (rhs.group, rhs.rule, rhs.vm)
    }
  }

  /// Every VM's part in a violated enforcing affinity rule in the current state, with the
  /// violation as a sentence.
  /// `positiveVMRules` selects the positive VM-to-VM rules alone, or every other rule.
  static func participations(
    snapshot: ClusterSnapshot, vmHost: [Int?], positiveVMRules: Bool
  ) -> [Participation: String] {
    var violations: [Participation: String] = [:]
    let positiveComponents = PositiveComponents(snapshot)
    for (groupIndex, group) in snapshot.affinityGroups.enumerated() {
      let members = snapshot.memberVMIndices(of: group).filter { vmHost[$0] != nil }
      if group.vmRule.isEnforcing {
        switch group.vmRule.polarity {
        case .positive where positiveVMRules:
          // Positive groups sharing VMs hold together (oVirt unifies them): a split is the
          // unified group's, keyed by its first group.
          let component = positiveComponents.component(of: groupIndex)
          guard component.first == groupIndex else { break }
          let unified = Set(
            component.flatMap { snapshot.memberVMIndices(of: snapshot.affinityGroups[$0]) }
          ).filter { vmHost[$0] != nil }.sorted()
          let hosts = Set(unified.compactMap { vmHost[$0] })
          if hosts.count > 1 {
            let names = component.map { "'\(snapshot.affinityGroups[$0].name)'" }
            let sentence =
              "positive affinity group\(names.count == 1 ? "" : "s") "
              + names.joined(separator: ", ") + " \(names.count == 1 ? "is" : "are") split across "
              + hosts.sorted().map { "'\(snapshot.hosts[$0].name)'" }.joined(separator: ", ")
            for member in unified {
              violations[Participation(group: groupIndex, rule: 0, vm: member)] = sentence
            }
          }
        case .negative where !positiveVMRules:
          var byHost: [Int: [Int]] = [:]
          for member in members {
            if let host = vmHost[member] { byHost[host, default: []].append(member) }
          }
          for (host, together) in byHost where together.count > 1 {
            let sentence =
              "negative affinity group '\(group.name)' has "
              + together.map { "'\(snapshot.vms[$0].name)'" }.joined(separator: " and ")
              + " together on '\(snapshot.hosts[host].name)'"
            for member in together {
              violations[Participation(group: groupIndex, rule: 0, vm: member)] = sentence
            }
          }
        case .positive, .negative, .disabled:
          break
        }
      }
      if !positiveVMRules, group.hostRule.isEnforcing, group.hostRule.polarity != .disabled {
        let groupHosts = Set(snapshot.memberHostIndices(of: group))
        for member in members {
          guard let host = vmHost[member] else { continue }
          let inGroup = groupHosts.contains(host)
          let key = Participation(group: groupIndex, rule: 1, vm: member)
          if group.hostRule.polarity == .positive && !inGroup {
            violations[key] =
              "VM '\(snapshot.vms[member].name)' of positive VM-to-host group '\(group.name)' runs on '\(snapshot.hosts[host].name)', outside the group's hosts"
          } else if group.hostRule.polarity == .negative && inGroup {
            violations[key] =
              "VM '\(snapshot.vms[member].name)' of negative VM-to-host group '\(group.name)' runs on the group's host '\(snapshot.hosts[host].name)'"
          }
        }
      }
    }
    return violations
  }

  /// Every violated enforcing affinity rule when VMs run where `vmHost` says, as sentences.
  static func violations(snapshot: ClusterSnapshot, vmHost: [Int?]) -> Set<String> {
    Set(participations(snapshot: snapshot, vmHost: vmHost, positiveVMRules: true).values)
      .union(participations(snapshot: snapshot, vmHost: vmHost, positiveVMRules: false).values)
  }
}

/// Enforcing positive VM-to-VM groups joined when they share a VM, transitively.
private struct PositiveComponents {
  private var parent: [Int]
  private var members: [Int: [Int]] = [:]

  init(_ snapshot: ClusterSnapshot) {
    let groups = snapshot.affinityGroups
    parent = Array(groups.indices)
    var groupOfVM: [Int: Int] = [:]
    for (index, group) in groups.enumerated()
    where group.vmRule.isEnforcing && group.vmRule.polarity == .positive {
      for vm in snapshot.memberVMIndices(of: group) {
        if let other = groupOfVM[vm] { union(index, other) } else { groupOfVM[vm] = index }
      }
    }
    for index in groups.indices
    where groups[index].vmRule.isEnforcing && groups[index].vmRule.polarity == .positive {
      members[find(index), default: []].append(index)
    }
  }

  private mutating func find(_ index: Int) -> Int {
    var root = index
    while parent[root] != root { root = parent[root] }
    var node = index
    while parent[node] != root {
      let next = parent[node]
      parent[node] = root
      node = next
    }
    return root
  }

  private mutating func union(_ a: Int, _ b: Int) {
    let (rootA, rootB) = (find(a), find(b))
    if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
  }

  /// The groups of a group's component, ascending.
  func component(of group: Int) -> [Int] {
    var root = group
    while parent[root] != root { root = parent[root] }
    return members[root] ?? [group]
  }
}
