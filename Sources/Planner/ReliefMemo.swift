/// Whether moving a VM off its source relieves the source enough
/// (``BalancePlanner/relievesSource(_:proposer:before:state:)``), kept per VM across balancing
/// rounds. Valid only for a balancer whose load reads its own host alone
/// (``Policy/CompiledBalancer/loadReadsOnlyItsHost``): the verdict then depends on the source's
/// row and the VM, so it holds while no move has changed the source. The planner reports every
/// move it makes with ``changed(_:)``; a tried move that is undone changes nothing.
struct ReliefMemo {
  private struct Entry {
    var source: Int
    var version: Int
    var relieves: Bool
  }

  /// Per host, how many moves have changed it.
  private var versions: [Int]
  /// Per VM, the last verdict.
  private var entries: [Entry?]

  init(hostCount: Int, vmCount: Int) {
    versions = Array(repeating: 0, count: hostCount)
    entries = Array(repeating: nil, count: vmCount)
  }

  /// The verdict for `vm` leaving `source`, if it was found since the source last changed.
  func verdict(vm: Int, source: Int) -> Bool? {
    guard entries.indices.contains(vm), versions.indices.contains(source),
      let entry = entries[vm], entry.source == source, entry.version == versions[source]
    else { return nil }
    return entry.relieves
  }

  /// Records the verdict for `vm` leaving `source` as the source is now.
  mutating func record(vm: Int, source: Int, relieves: Bool) {
    guard entries.indices.contains(vm), versions.indices.contains(source) else { return }
    entries[vm] = Entry(source: source, version: versions[source], relieves: relieves)
  }

  /// A move has changed `hosts`: their verdicts are found again.
  mutating func changed(_ hosts: [Int]) {
    for host in hosts where versions.indices.contains(host) { versions[host] += 1 }
  }
}
