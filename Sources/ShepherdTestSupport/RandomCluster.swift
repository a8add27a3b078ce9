import Inventory

/// Small random clusters for property tests: deterministic for a seed (``SplitMix64``).
package enum RandomCluster {
  /// A small random cluster with enforcing and soft affinity (VM-to-VM and VM-to-host), HA,
  /// pinned and manual VMs, so that hard rules constrain every trigger.
  ///
  /// With `tightMemory`, every host has already committed most of its memory (so the memory
  /// filter decides), and about `pausedPercent` % of the VMs are Paused (filters that exempt
  /// paused VMs then matter). Both off, the draws, and so the clusters, are as before.
  package static func yaml(
    hosts: Int, vms: Int, seed: UInt64, tightMemory: Bool = false, pausedPercent: Int = 0
  ) -> String {
    var random = SplitMix64(seed: seed)
    var out = """
      apiVersion: shepherd/v1
      kind: ClusterSnapshot
      takenAt: 2026-11-28T10:00:00Z
      cluster: { name: random, compatibilityVersion: "4.7", spmHost: h0, migration: { maxConcurrentMigrations: \(1 + random.next(below: 3)) } }
      hosts:

      """
    for host in 0..<hosts {
      let cores = [8, 16, 32][random.next(below: 3)]
      let physical = [32768, 65536, 131072][random.next(below: 3)]
      let usage = random.next(below: 100)
      out +=
        "  - { name: h\(host), status: Up, cpu: { sockets: 1, cores: \(cores), threads: \(cores * 2), "
      var memory = "physicalMiB: \(physical), freeMiB: \(physical / 2)"
      if tightMemory {
        let room = random.next(below: 12288)
        memory = "physicalMiB: \(physical), freeMiB: \(room), committedMiB: \(physical - room)"
      }
      out += "usagePercent: \(usage) }, memory: { \(memory) }, "
      out += "labels: [\(host % 2 == 0 ? "even" : "odd")], software: { os: RHEL-8.\(host % 3) } }\n"
    }
    out += "vms:\n"
    for vm in 0..<vms {
      let memory = [1024, 2048, 4096, 8192][random.next(below: 4)]
      let mode = ["migratable", "migratable", "migratable", "migratable", "manual", "pinned"][
        random.next(below: 6)]
      let status = pausedPercent > 0 && random.chance(pausedPercent) ? "Paused" : "Up"
      out +=
        "  - { name: v\(vm), status: \(status), host: h\(random.next(below: hosts)), "
      out += "memoryMiB: \(memory), "
      out += "vcpus: \(1 + random.next(below: 4)), cpuUsagePercent: \(random.next(below: 100)), "
      out += "highlyAvailable: \(random.next(below: 3) == 0), migrationMode: \(mode) }\n"
    }
    out += "affinityGroups:\n"
    for group in 0..<(1 + vms / 3) {
      let size = 2 + random.next(below: 2)
      let members = (0..<size).map { _ in "v\(random.next(below: vms))" }
      let polarity = random.next(below: 3) == 0 ? "positive" : "negative"
      let enforcing = random.next(below: 4) != 0
      out +=
        "  - { name: g\(group), vms: [\(Array(Set(members)).sorted().joined(separator: ", "))], "
      out += "vmRule: { polarity: \(polarity), enforcing: \(enforcing) }"
      if random.next(below: 4) == 0 {
        out += ", hostLabels: [\(random.next(below: 2) == 0 ? "even" : "odd")], "
        out += "hostRule: { polarity: \(random.next(below: 2) == 0 ? "positive" : "negative"), "
        out += "enforcing: \(random.next(below: 2) == 0) }"
      }
      out += " }\n"
    }
    return out
  }
}
