import Inventory
import Plan

/// Affinity rules that contradict each other (Docs/ovirt.md §7.1): enforcement skips exactly
/// the rules in ``rules`` and still fixes every other violation; the plan reports the conflict
/// as an `affinity` unhandled item with its data.
struct AffinityRuleConflict {
  /// One of ``AffinityConflictData/types``.
  var type: String
  var groups: [String]
  var rules: [AffinityRuleRef]
  var vms: [Int]
  var hosts: [Int]
  var text: String

  func item(in snapshot: ClusterSnapshot) -> UnhandledItem {
    UnhandledItem(
      kind: "affinity", name: "conflicting affinity groups",
      reason: (type == Self.softAndHard
        ? "the soft rule cannot hold: " : "no placement satisfies them: ")
        + text,
      conflict: AffinityConflictData(
        type: type, groups: groups, vms: vms.sorted().map { snapshot.vms[$0].name },
        hosts: hosts.sorted().map { snapshot.hosts[$0].name }))
  }

  static let softAndHard = "vm-to-host-positive-and-negative"

  /// Every conflict of a snapshot, in oVirt's order of checks
  /// (`AffinityRulesUtils.checkForAffinityGroupHostsConflict`, then the VM-to-VM check):
  /// 1. a VM in a positive and a negative VM-to-host group that both hold one host: both
  ///    enforcing (`vm-to-host-enforcing-positive-and-negative`), or one enforcing and one soft
  ///    (`vm-to-host-positive-and-negative`: only the soft rule is skipped);
  /// 2. an enforcing positive VM-to-VM group whose members' enforcing VM-to-host groups allow
  ///    hosts, all of which some member's negative VM-to-host group forbids
  ///    (`vm-to-host-against-positive-vm-to-vm`);
  /// 3. an enforcing negative VM-to-VM group with two or more members that enforcing VM-to-host
  ///    groups leave exactly one and the same host (`vm-to-host-against-negative-vm-to-vm`);
  /// 4. an enforcing positive VM-to-VM group whose members' positive VM-to-host groups have no
  ///    host in common (`non-intersecting-positive-hosts`);
  /// 5. an enforcing positive and an enforcing negative VM-to-VM group sharing two or more VMs
  ///    (`vm-to-vm-positive-and-negative`).
  /// Positive VM-to-VM groups are unified transitively first, as enforcement sees them.
  static func all(in snapshot: ClusterSnapshot, enforcer: AffinityEnforcer)
    -> [AffinityRuleConflict]
  {
    let order = Dictionary(
      snapshot.affinityGroups.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    func sortedNames(_ names: [String]) -> [String] {
      Array(Set(names)).sorted { (order[$0] ?? 0) < (order[$1] ?? 0) }
    }
    var result: [AffinityRuleConflict] = []
    let hostGroups = snapshot.affinityGroups.filter(\.hostRule.isEnabled)
    // 1. Positive and negative VM-to-host groups sharing a VM and a host.
    for positive in hostGroups where positive.hostRule.polarity == .positive {
      for negative in hostGroups where negative.hostRule.polarity == .negative {
        guard positive.hostRule.isEnforcing || negative.hostRule.isEnforcing else { continue }
        let vms = Set(snapshot.memberVMIndices(of: positive))
          .intersection(snapshot.memberVMIndices(of: negative))
        let hosts = Set(snapshot.memberHostIndices(of: positive))
          .intersection(snapshot.memberHostIndices(of: negative))
        guard !vms.isEmpty, !hosts.isEmpty else { continue }
        let both = positive.hostRule.isEnforcing && negative.hostRule.isEnforcing
        let soft = positive.hostRule.isEnforcing ? negative : positive
        let hostNames = hosts.sorted().map { "'\(snapshot.hosts[$0].name)'" }
        result.append(
          AffinityRuleConflict(
            type: both ? "vm-to-host-enforcing-positive-and-negative" : softAndHard,
            groups: sortedNames([positive.name, negative.name]),
            rules: both
              ? [
                AffinityRuleRef(group: positive.name, isHostRule: true),
                AffinityRuleRef(group: negative.name, isHostRule: true),
              ] : [AffinityRuleRef(group: soft.name, isHostRule: true)],
            vms: Array(vms), hosts: Array(hosts),
            text: "VM-to-host group '\(positive.name)' keeps "
              + vms.sorted().map { "'\(snapshot.vms[$0].name)'" }.joined(separator: " and ")
              + " on " + hostNames.joined(separator: ", ")
              + ", VM-to-host group '\(negative.name)' "
              + "keeps \(vms.count == 1 ? "it" : "them") off"
              + (both ? "" : " (the enforcing rule wins)")))
      }
    }
    let enforcingHostGroups = hostGroups.filter(\.hostRule.isEnforcing)
    let positiveVMGroups = enforcer.vmGroups(snapshot, enforcing: true).filter(\.isPositive)
    // The enforcing VM-to-host groups of some VMs, positive and negative.
    func hostRules(of members: [Int]) -> (positive: [AffinityGroup], negative: [AffinityGroup]) {
      let related = enforcingHostGroups.filter {
        !Set(snapshot.memberVMIndices(of: $0)).isDisjoint(with: members)
      }
      return (
        related.filter { $0.hostRule.polarity == .positive },
        related.filter { $0.hostRule.polarity == .negative }
      )
    }
    func allowed(by positives: [AffinityGroup]) -> Set<Int> {
      positives.reduce(Set(snapshot.hosts.indices)) {
        $0.intersection(snapshot.memberHostIndices(of: $1))
      }
    }
    func forbidden(by negatives: [AffinityGroup]) -> Set<Int> {
      negatives.reduce(Set<Int>()) { $0.union(snapshot.memberHostIndices(of: $1)) }
    }
    func hostRuleRefs(_ groups: [AffinityGroup]) -> [AffinityRuleRef] {
      groups.map { AffinityRuleRef(group: $0.name, isHostRule: true) }
    }
    func members(_ group: AffinityEnforcer.UnifiedGroup, in hostGroups: [AffinityGroup]) -> [Int] {
      let inHostGroups = Set(hostGroups.flatMap { snapshot.memberVMIndices(of: $0) })
      return group.members.filter { inHostGroups.contains($0) }
    }
    // 2. A positive VM-to-VM group against VM-to-host groups.
    for group in positiveVMGroups {
      let (positives, negatives) = hostRules(of: group.members)
      let allowedHosts = allowed(by: positives)
      let forbiddenHosts = forbidden(by: negatives)
      guard !negatives.isEmpty, !allowedHosts.isEmpty, allowedHosts.isSubset(of: forbiddenHosts)
      else { continue }
      let involved = positives + negatives
      result.append(
        AffinityRuleConflict(
          type: "vm-to-host-against-positive-vm-to-vm",
          groups: sortedNames(group.rules.map(\.group) + involved.map(\.name)),
          rules: group.rules + hostRuleRefs(involved), vms: members(group, in: involved),
          hosts: Array(allowedHosts),
          text: "positive group '\(group.name)' must share a host, but VM-to-host groups "
            + involved.map { "'\($0.name)'" }.joined(separator: ", ")
            + " forbid every host its members may use"))
    }
    // 3. A negative VM-to-VM group against VM-to-host groups.
    for group in snapshot.affinityGroups
    where group.vmRule.isEnforcing && group.vmRule.polarity == .negative {
      var onlyHost: [Int: [Int]] = [:]
      var rulesOf: [Int: [AffinityGroup]] = [:]
      for vm in snapshot.memberVMIndices(of: group) {
        let (positives, negatives) = hostRules(of: [vm])
        let hosts = allowed(by: positives).subtracting(forbidden(by: negatives))
        guard !positives.isEmpty, hosts.count == 1, let host = hosts.first else { continue }
        onlyHost[host, default: []].append(vm)
        rulesOf[vm] = positives + negatives
      }
      for host in onlyHost.keys.sorted() {
        guard let vms = onlyHost[host], vms.count >= 2 else { continue }
        let involved = vms.flatMap { rulesOf[$0] ?? [] }
        let involvedNames = sortedNames(involved.map(\.name))
        result.append(
          AffinityRuleConflict(
            type: "vm-to-host-against-negative-vm-to-vm",
            groups: sortedNames([group.name] + involvedNames),
            rules: [AffinityRuleRef(group: group.name, isHostRule: false)]
              + involvedNames.map { AffinityRuleRef(group: $0, isHostRule: true) },
            vms: vms, hosts: [host],
            text: "negative group '\(group.name)' keeps "
              + vms.map { "'\(snapshot.vms[$0].name)'" }.joined(separator: " and ")
              + " apart, but VM-to-host groups "
              + involvedNames.map { "'\($0)'" }.joined(separator: ", ")
              + " leave them only '\(snapshot.hosts[host].name)'"))
      }
    }
    // 4. A positive VM-to-VM group whose positive VM-to-host groups do not intersect.
    for group in positiveVMGroups {
      let positives = hostRules(of: group.members).positive
      guard !positives.isEmpty, allowed(by: positives).isEmpty else { continue }
      result.append(
        AffinityRuleConflict(
          type: "non-intersecting-positive-hosts",
          groups: sortedNames(group.rules.map(\.group) + positives.map(\.name)),
          rules: group.rules + hostRuleRefs(positives), vms: members(group, in: positives),
          hosts: [],
          text: "positive group '\(group.name)' must share a host, but VM-to-host groups "
            + positives.map { "'\($0.name)'" }.joined(separator: ", ")
            + " leave no host they all allow"))
    }
    // 5. Positive and negative VM-to-VM groups sharing VMs.
    let negativeVMGroups = enforcer.vmGroups(snapshot, enforcing: true).filter { !$0.isPositive }
    for positive in positiveVMGroups {
      for negative in negativeVMGroups {
        let shared = Set(positive.members).intersection(negative.members).sorted()
        guard shared.count >= 2 else { continue }
        result.append(
          AffinityRuleConflict(
            type: "vm-to-vm-positive-and-negative",
            groups: sortedNames(positive.rules.map(\.group) + [negative.name]),
            rules: positive.rules + negative.rules, vms: shared, hosts: [],
            text: "positive group '\(positive.name)' keeps "
              + shared.map { "'\(snapshot.vms[$0].name)'" }.joined(separator: " and ")
              + " together, negative group '\(negative.name)' keeps them apart"))
      }
    }
    return result
  }
}
