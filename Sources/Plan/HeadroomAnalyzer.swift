public import Diagnostics
import Inventory
import Policy

/// Whether every highly available VM could be restarted if any one host failed (N+1).
///
/// Used for the state after every plan ("headroom") and for oVirt's HA-reservation check
/// (Docs/ovirt.md §3.11), which is the same question: for each Up host that runs HA VMs, place
/// its HA VMs first-fit (higher priority first, then larger memory first) on the other Up hosts,
/// each placement consuming memory and CPU. A VM needs its guest memory plus oVirt's overhead
/// (stricter than oVirt's `RAM × usage%`, which the snapshot cannot supply; a restart must pass
/// the Memory filter anyway) and `usage% × vCPUs / cores` of CPU. A host offers
/// capacity − committed memory and 100 − CPU%. With a single Up host the check fails.
public struct HeadroomReport: Hashable, Sendable {
  /// One host's failure scenario.
  public struct Scenario: Hashable, Sendable {
    /// The host that fails.
    public var host: String
    /// Its HA VMs.
    public var haVMs: [String]
    /// The HA VMs no other host could take, with the reason.
    public var stranded: [(vm: String, reason: String)]

    /// Creates a scenario.
    public init(host: String, haVMs: [String], stranded: [(vm: String, reason: String)]) {
      self.host = host
      self.haVMs = haVMs
      self.stranded = stranded
    }

    public static func == (lhs: Scenario, rhs: Scenario) -> Bool {
      lhs.host == rhs.host && lhs.haVMs == rhs.haVMs
        && lhs.stranded.map(\.vm) == rhs.stranded.map(\.vm)
        && lhs.stranded.map(\.reason) == rhs.stranded.map(\.reason)
    }

    public func hash(into hasher: inout Hasher) {
      hasher.combine(host)
      hasher.combine(haVMs)
      hasher.combine(stranded.map(\.vm))
    }
  }

  /// One scenario per Up host running HA VMs, in snapshot order.
  public var scenarios: [Scenario]

  /// Creates a report.
  public init(scenarios: [Scenario]) { self.scenarios = scenarios }

  /// Whether every HA VM survives any single host failure.
  public var isSufficient: Bool { scenarios.allSatisfy(\.stranded.isEmpty) }

  /// The hosts whose failure would strand HA VMs.
  public var problemHosts: [String] { scenarios.filter { !$0.stranded.isEmpty }.map(\.host) }

  /// The report as JSON.
  public func json() -> JSONValue {
    .object([
      ("sufficient", .bool(isSufficient)),
      ("problemHosts", .array(problemHosts.map { .string($0) })),
      (
        "scenarios",
        .array(
          scenarios.map { scenario in
            .object([
              ("failedHost", .string(scenario.host)),
              ("haVMs", .array(scenario.haVMs.map { .string($0) })),
              (
                "stranded",
                .array(
                  scenario.stranded.map {
                    .object([("vm", .string($0.vm)), ("reason", .string($0.reason))])
                  })
              ),
            ])
          })
      ),
    ])
  }
}

/// Computes ``HeadroomReport``s.
public enum HeadroomAnalyzer {
  /// Analyses a projected state; `unavailable` hosts (failed, entering maintenance) neither
  /// fail in a scenario nor receive VMs.
  /// - Complexity: O(hosts² × HA VMs per host).
  public static func analyze(_ state: ProjectedState, unavailable: Set<Int> = []) -> HeadroomReport
  {
    let snapshot = state.snapshot
    let upHosts = snapshot.hosts.indices.filter {
      state.hostStatus[$0] == .up && !unavailable.contains($0)
    }
    var scenarios: [HeadroomReport.Scenario] = []
    for failed in upHosts {
      let haVMs = snapshot.vms.indices.filter {
        state.vmHost[$0] == failed && snapshot.vms[$0].isHighlyAvailable
      }.sorted(by: snapshot.restartsBefore)
      guard !haVMs.isEmpty else { continue }
      var freeMemory = upHosts.map { state.capacityMiB(host: $0) - state.committedMiB[$0] }
      var freeCPU = upHosts.map { host -> Double in
        let cores = Double(snapshot.effectiveCores(ofHost: host) ?? 0)
        return cores > 0 ? 100 - min(100, state.cpuLoadPoints[host] / cores) : 0
      }
      var stranded: [(vm: String, reason: String)] = []
      for vm in haVMs {
        let memory = state.requiredMemoryMiB(vm: vm)
        let load = SchedulingFormulas.cpuLoadPoints(of: snapshot.vms[vm])
        var placed = false
        for (slot, host) in upHosts.enumerated() where host != failed {
          let cores = Double(snapshot.effectiveCores(ofHost: host) ?? 0)
          guard cores > 0, snapshot.vms[vm].vcpus <= Int(cores) else { continue }
          let cpu = load / cores
          if freeMemory[slot] >= memory && freeCPU[slot] >= cpu {
            freeMemory[slot] -= memory
            freeCPU[slot] -= cpu
            placed = true
            break
          }
        }
        if !placed {
          let others = upHosts.count - 1
          let reason =
            others == 0
            ? "no other Up host"
            : "no other Up host has \(memory) MiB of memory and \(Int(saturating: load.rounded()))% × core of CPU free"
          stranded.append((snapshot.vms[vm].name, reason))
        }
      }
      scenarios.append(
        HeadroomReport.Scenario(
          host: snapshot.hosts[failed].name, haVMs: haVMs.map { snapshot.vms[$0].name },
          stranded: stranded))
    }
    return HeadroomReport(scenarios: scenarios)
  }
}
