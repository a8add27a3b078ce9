/// One collection of the oVirt REST API (v4) that `shepherd import ovirt` reads: the file it is
/// saved in, the request that fetches it, and its root and item elements.
///
/// The files of an import directory are named after their kind (`hosts.xml`, …); affinity
/// groups are per cluster and may be split over several files whose names start with
/// `affinitygroups` (`affinitygroups-prod-a.xml`, …).
public enum OvirtDocument: String, CaseIterable, Hashable, Sendable {
  case api
  case clusters
  case hosts
  case vms
  case affinityGroups = "affinitygroups"
  case affinityLabels = "affinitylabels"
  case schedulingPolicies = "schedulingpolicies"
  case schedulingPolicyUnits = "schedulingpolicyunits"
  case storageDomains = "storagedomains"
  case networks
  case vnicProfiles = "vnicprofiles"

  /// The file name in an import directory (affinity groups: the prefix of every such file).
  public var fileName: String { rawValue + ".xml" }

  /// The request path below `/ovirt-engine/api`, with the `follow` parameter that inlines the
  /// linked objects the import reads. Affinity groups are fetched per cluster: `{cluster}`
  /// stands for the cluster id.
  public var requestPath: String {
    switch self {
    case .api: "/"
    case .clusters: "/clusters?follow=networks"
    case .hosts:
      "/hosts?follow=statistics,host_numa_nodes.statistics,hooks,devices,network_attachments"
    case .vms: "/vms?follow=statistics,nics,disk_attachments.disk,host_devices"
    case .affinityGroups: "/clusters/{cluster}/affinitygroups"
    case .affinityLabels: "/affinitylabels?follow=hosts,vms"
    case .schedulingPolicies: "/schedulingpolicies?follow=filters,weight,balances"
    case .schedulingPolicyUnits: "/schedulingpolicyunits"
    case .storageDomains: "/storagedomains"
    case .networks: "/networks"
    case .vnicProfiles: "/vnicprofiles"
    }
  }

  /// The root element of the response.
  public var rootElement: String {
    switch self {
    case .api: "api"
    case .clusters: "clusters"
    case .hosts: "hosts"
    case .vms: "vms"
    case .affinityGroups: "affinity_groups"
    case .affinityLabels: "affinity_labels"
    case .schedulingPolicies: "scheduling_policies"
    case .schedulingPolicyUnits: "scheduling_policy_units"
    case .storageDomains: "storage_domains"
    case .networks: "networks"
    case .vnicProfiles: "vnic_profiles"
    }
  }

  /// The element of one entry (`nil` for the API root, whose children are its fields).
  var itemElement: String? {
    switch self {
    case .api: nil
    case .clusters: "cluster"
    case .hosts: "host"
    case .vms: "vm"
    case .affinityGroups: "affinity_group"
    case .affinityLabels: "affinity_label"
    case .schedulingPolicies: "scheduling_policy"
    case .schedulingPolicyUnits: "scheduling_policy_unit"
    case .storageDomains: "storage_domain"
    case .networks: "network"
    case .vnicProfiles: "vnic_profile"
    }
  }

  /// Whether an import fails without it.
  public var isRequired: Bool { self == .clusters || self == .hosts || self == .vms }

  /// The document a file name in an import directory holds, if any.
  public static func forFileName(_ name: String) -> OvirtDocument? {
    guard name.hasSuffix(".xml") else { return nil }
    let stem = String(name.dropLast(4))
    if let document = OvirtDocument(rawValue: stem) { return document }
    return stem.hasPrefix(OvirtDocument.affinityGroups.rawValue) ? .affinityGroups : nil
  }

  /// The files of a directory listing that hold engine documents, sorted by name, with the
  /// document each holds; other files are ignored.
  public static func importFiles(among names: [String]) -> [(name: String, document: OvirtDocument)]
  {
    names.sorted().compactMap { name in forFileName(name).map { (name, $0) } }
  }
}
