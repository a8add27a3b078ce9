public import Inventory

/// Which hosts a placement may consider, beyond the status check: oVirt's blacklist and
/// whitelist (Docs/ovirt.md §3.1).
///
/// Candidate hosts are the hosts in status Up, in host index order (snapshot order: our stable
/// key where oVirt uses UUID order), minus the blacklist and, when the whitelist is not empty,
/// intersected with it.
///
/// | Caller (oVirt)     | Constraints                                              |
/// |--------------------|----------------------------------------------------------|
/// | RunVm              | blacklist = hosts already tried                          |
/// | MigrateVm          | blacklist = tried hosts + the source host (``migration(of:)``) |
/// | BalanceVm          | whitelist = the balancer's candidates (source included)  |
/// | MigrateVmToServer  | whitelist = the chosen host                              |
/// | MigrateMultipleVms | blacklist = the host being evacuated                     |
public struct HostConstraints: Hashable, Sendable {
  /// Host indices that may not be chosen.
  public var blacklist: [Int]
  /// When not empty, only these host indices may be chosen.
  public var whitelist: [Int]

  /// Creates constraints.
  public init(blacklist: [Int] = [], whitelist: [Int] = []) {
    self.blacklist = blacklist
    self.whitelist = whitelist
  }

  /// No constraint beyond the host status.
  public static let none = HostConstraints()

  /// The constraints of a migration (MigrateVm): the VM's source host is blacklisted, along with
  /// `alreadyTried`.
  public static func migration(of vm: VirtualMachine, alreadyTried: [Int] = []) -> HostConstraints {
    HostConstraints(blacklist: alreadyTried + (vm.isRunning ? vm.hostIndex.map { [$0] } ?? [] : []))
  }

  /// Why a host is not a candidate, or `nil` when it is one.
  /// - Complexity: O(blacklist + whitelist).
  public func exclusion(of hostIndex: Int, in snapshot: ClusterSnapshot) -> HostExclusion? {
    guard snapshot.hosts.indices.contains(hostIndex) else { return .notWhitelisted }
    let status = snapshot.hosts[hostIndex].status
    if !status.isSchedulable { return .notUp(status) }
    if blacklist.contains(hostIndex) { return .blacklisted }
    if !whitelist.isEmpty, !whitelist.contains(hostIndex) { return .notWhitelisted }
    return nil
  }

  /// ``exclusion(of:in:)`` of every host, in host order.
  /// - Complexity: O(hosts + blacklist + whitelist).
  public func exclusions(in snapshot: ClusterSnapshot) -> [HostExclusion?] {
    let count = snapshot.hosts.count
    var blacklisted = [Bool](repeating: false, count: count)
    for host in blacklist where blacklisted.indices.contains(host) { blacklisted[host] = true }
    var whitelisted = [Bool](repeating: whitelist.isEmpty, count: count)
    for host in whitelist where whitelisted.indices.contains(host) { whitelisted[host] = true }
    return snapshot.hosts.indices.map { host in
      let status = snapshot.hosts[host].status
      if !status.isSchedulable { return .notUp(status) }
      if blacklisted[host] { return .blacklisted }
      if !whitelisted[host] { return .notWhitelisted }
      return nil
    }
  }

  /// The candidate hosts, in host index order.
  /// - Complexity: O(hosts × (blacklist + whitelist)).
  public func candidates(in snapshot: ClusterSnapshot) -> [Int] {
    snapshot.hosts.indices.filter { exclusion(of: $0, in: snapshot) == nil }
  }
}

/// Why a host is not a scheduling candidate.
public enum HostExclusion: Hashable, Sendable {
  /// The host is not Up.
  case notUp(HostStatus)
  /// The host is blacklisted (e.g. the source host of a migration).
  case blacklisted
  /// A whitelist is given and the host is not on it.
  case notWhitelisted

  /// A short phrase for output: `status Maintenance`, `blacklisted`, `not in the whitelist`.
  public var description: String {
    switch self {
    case .notUp(let status): "status \(status.rawValue)"
    case .blacklisted: "blacklisted"
    case .notWhitelisted: "not in the whitelist"
    }
  }

  /// A stable word for JSON: `notUp`, `blacklisted`, `notWhitelisted`.
  public var key: String {
    switch self {
    case .notUp: "notUp"
    case .blacklisted: "blacklisted"
    case .notWhitelisted: "notWhitelisted"
    }
  }
}
