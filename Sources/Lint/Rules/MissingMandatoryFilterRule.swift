import Diagnostics
import Policy

/// Reports an override of one of oVirt's mandatory filters that is no longer mandatory.
///
/// oVirt runs eight filters first in every policy (Docs/ovirt.md §2.2): CPU level, topology,
/// pinning, host devices, pin-to-host, leases, mediated devices and compatibility version. The
/// library prepends them to every policy, so overriding one without `mandatory: true` silently
/// drops it from every policy, built-ins included, and VMs land on hosts that cannot run them.
///
/// Avoid:
/// ```yaml
/// kind: Filter
/// name: PinToHost
/// description: Pinned VMs may go anywhere during the migration window.
/// when: "true"
/// ```
///
/// Prefer:
/// ```yaml
/// kind: Filter
/// name: PinToHost
/// mandatory: true
/// description: A pinned VM runs only on its pinned hosts.
/// when: "vm.migrationMode != 'pinned' || host.name in vm.pinnedHosts"
/// ```
struct MissingMandatoryFilterRule: LintRule {
  static let metadata = RuleMetadata(
    code: "L008", name: "missing-mandatory-filter", category: .ovirtCompat,
    defaultLevel: .error,
    summary: "Reports an override of one of oVirt's mandatory filters that is no longer mandatory.",
    rationale: """
      oVirt runs eight filters first in every policy (Docs/ovirt.md §2.2): CPU level, topology, \
      pinning, host devices, pin-to-host, leases, mediated devices and compatibility version. \
      The library prepends them to every policy, so overriding one without `mandatory: true` \
      silently drops it from every policy, built-ins included, and VMs land on hosts that \
      cannot run them.
      """,
    avoid: """
      kind: Filter
      name: PinToHost
      description: Pinned VMs may go anywhere during the migration window.
      when: "true"
      """,
    prefer: """
      kind: Filter
      name: PinToHost
      mandatory: true
      description: A pinned VM runs only on its pinned hosts.
      when: "vm.migrationMode != 'pinned' || host.name in vm.pinnedHosts"
      """)

  func check(_ context: LintContext, into findings: inout [RuleFinding]) {
    for unit in context.lintedUnits
    where unit.kind == .filter && !unit.isMandatory
      && OvirtReference.mandatoryFilters.contains(unit.name)
    {
      findings.append(
        RuleFinding(
          "filter '\(unit.name)' is mandatory in oVirt, but this definition drops it from "
            + "every policy",
          at: unit.origin.nameSpan, help: "add 'mandatory: true' so it runs first in every policy"))
    }
  }
}
