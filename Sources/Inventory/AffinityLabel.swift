public import Diagnostics

/// An affinity label as its own object (oVirt's `AffinityLabel`): the VMs and hosts that carry
/// it, and whether it is an "implicit affinity group". See `Docs/fields.md`
/// (`affinityLabels[].*`).
///
/// A label object puts its name in the `labels` of every VM and host it lists, so groups'
/// `vmLabels` / `hostLabels` see it. At cluster levels below 4.4, an implicit label is also a
/// hard positive VM-to-host group over its VMs and hosts (Docs/ovirt.md §2.3.11, §7.1): the
/// snapshot resolves it into such a group (``AffinityGroup/isImplicitLabelGroup``).
///
/// ```yaml
/// affinityLabels:
///   - { name: gpu, vms: [ml-train-01], hosts: [host-03], implicitAffinityGroup: true }
/// ```
public struct AffinityLabel: Hashable, Sendable {
  /// The unique label name.
  public var name: String
  /// The VMs carrying it.
  public var vmNames: [String]
  /// The hosts carrying it.
  public var hostNames: [String]
  /// Whether oVirt treats it as an implicit hard positive VM-to-host group (below 4.4).
  public var isImplicitAffinityGroup: Bool
  /// The label's mapping in the snapshot.
  public var span: SourceSpan?

  /// Creates a label.
  public init(
    name: String, vmNames: [String] = [], hostNames: [String] = [],
    isImplicitAffinityGroup: Bool = false
  ) {
    self.name = name
    self.vmNames = vmNames
    self.hostNames = hostNames
    self.isImplicitAffinityGroup = isImplicitAffinityGroup
  }

  /// The name of the group an implicit label becomes.
  public var implicitGroupName: String { "label:\(name)" }
}

extension Cluster {
  /// Whether the cluster level is below `major.minor` (a version that does not parse as
  /// numbers counts as not below).
  public func compatibilityVersionIsBelow(major: Int, minor: Int) -> Bool {
    let parts = compatibilityVersion.split(separator: ".").map { Int($0) }
    guard let first = parts.first, let clusterMajor = first else { return false }
    let clusterMinor = parts.count > 1 ? (parts[1] ?? 0) : 0
    return (clusterMajor, clusterMinor) < (major, minor)
  }
}
