/// Several clusters at one instant (a data center): the `clusters:` form of a snapshot, or a
/// one-cluster snapshot as a data center of one.
///
/// Each cluster is a complete ``ClusterSnapshot`` with its own host and VM indices, so the
/// scheduler and planners work on one cluster at a time, as oVirt's loops do (each runs per
/// cluster). Host and VM names are unique across the clusters (the loader checks it).
///
/// ```yaml
/// apiVersion: shepherd/v1
/// kind: ClusterSnapshot
/// takenAt: 2026-11-28T10:00:00Z
/// clusters:
///   - cluster: { name: prod-a }
///     hosts: [ … ]
///     vms: [ … ]
///   - cluster: { name: prod-b }
///     hosts: [ … ]
/// ```
public struct DataCenterSnapshot: Hashable, Sendable {
  /// The clusters, in file order; never empty.
  public var clusters: [ClusterSnapshot]
  /// Whether the file lists `clusters:` (a data center) rather than one cluster at the top
  /// level; outputs for a one-cluster file keep the one-cluster form.
  public var isDataCenter: Bool

  /// Creates a data center; `isDataCenter` false for a one-cluster file.
  public init(clusters: [ClusterSnapshot], isDataCenter: Bool) {
    self.clusters = clusters
    self.isDataCenter = isDataCenter
  }

  /// A one-cluster snapshot as a data center of one.
  public init(_ snapshot: ClusterSnapshot) {
    self.init(clusters: [snapshot], isDataCenter: false)
  }

  /// The instant the snapshot describes.
  public var takenAt: Timestamp? { clusters.first?.takenAt }

  /// The cluster names, in file order.
  public var clusterNames: [String] { clusters.map(\.cluster.name) }

  /// The cluster with this name.
  public func cluster(named name: String) -> ClusterSnapshot? {
    clusters.first { $0.cluster.name == name }
  }

  /// The cluster that has a VM of this name.
  public func cluster(withVM name: String) -> ClusterSnapshot? {
    clusters.first { $0.vmIndexByName[name] != nil }
  }

  /// The cluster that has a host of this name.
  public func cluster(withHost name: String) -> ClusterSnapshot? {
    clusters.first { $0.hostIndexByName[name] != nil }
  }
}
