import Diagnostics
import Inventory

extension ClusterImport {
  /// Puts an affinity label on its hosts and VMs of the imported cluster; a label flagged
  /// `implicit_affinity_group` is kept as an `affinityLabels` object (with its VMs and hosts)
  /// so a cluster below 4.4 gets its implicit hard group (Docs/ovirt.md §2.3.11).
  mutating func readAffinityLabel(_ node: XMLNode, named name: String) {
    if node.text("implicit_affinity_group") == "true" {
      affinityLabels.append(
        AffinityLabel(
          name: name,
          vmNames: node.items("vms", "vm").compactMap { $0.id.flatMap { vmIndexByID[$0] } }.map {
            vms[$0].name
          },
          hostNames: node.items("hosts", "host").compactMap {
            $0.id.flatMap { hostIndexByID[$0] }
          }.map { hosts[$0].name },
          isImplicitAffinityGroup: true))
    }
    for host in node.items("hosts", "host") {
      if let hostID = host.id, let index = hostIndexByID[hostID],
        !hosts[index].labels.contains(name)
      {
        hosts[index].labels.append(name)
      }
    }
    for vm in node.items("vms", "vm") {
      if let vmID = vm.id, let index = vmIndexByID[vmID], !vms[index].labels.contains(name) {
        vms[index].labels.append(name)
      }
    }
  }

  /// Maps one `<affinity_group>` of the imported cluster.
  mutating func readAffinityGroup(_ node: XMLNode, _ file: SourceFile, _ shared: ImportLookups) {
    guard owns(node) else { return }
    let name = node.text("name") ?? node.id ?? ""
    let owner = "affinity group '\(name)'"
    guard claim(name, "affinity groups", in: \.groupOffsetByName, node, file) else { return }
    var group = AffinityGroup(name: name)
    group.vmNames = names(
      of: node.items("vms", "vm"), "VM", byID: vmIndexByID, { [vms] in vms[$0].name },
      of: owner, file)
    group.hostNames = names(
      of: node.items("hosts", "host"), "host", byID: hostIndexByID, { [hosts] in hosts[$0].name },
      of: owner, file)
    group.vmLabels = labels(
      node.items("vm_labels", "affinity_label"), of: owner, file, shared.labelNames)
    group.hostLabels = labels(
      node.items("host_labels", "affinity_label"), of: owner, file, shared.labelNames)
    group.vmRule = rule(node, "vms_rule", file, of: owner)
    group.hostRule = rule(node, "hosts_rule", file, of: owner)
    group.priority = max(0, double(node, "priority", file, of: owner) ?? 1)
    groups.append(group)
  }

  private mutating func labels(
    _ refs: [XMLNode], of owner: String, _ file: SourceFile, _ labelNames: [String: String]
  ) -> [String] {
    var names: [String] = []
    for ref in refs {
      guard let id = ref.id else { continue }
      if let name = ref.text("name") ?? labelNames[id] {
        names.append(name)
      } else {
        unresolved("affinity label", id, of: owner, file, ref.offset)
      }
    }
    return names
  }

  /// A rule from `<vms_rule>` / `<hosts_rule>`; engines before 4.1 had only the group's own
  /// `positive` and `enforcing`, which applied to the VM rule.
  private mutating func rule(
    _ node: XMLNode, _ element: String, _ file: SourceFile, of owner: String
  ) -> AffinityGroup.Rule {
    if node.child(element) != nil {
      guard bool(node, element + ".enabled", file, of: owner) ?? true else { return .disabled }
      let positive = bool(node, element + ".positive", file, of: owner) ?? true
      let enforcing = bool(node, element + ".enforcing", file, of: owner) ?? false
      return AffinityGroup.Rule(polarity: positive ? .positive : .negative, isEnforcing: enforcing)
    }
    guard element == "vms_rule", let positive = bool(node, "positive", file, of: owner) else {
      return .disabled
    }
    return AffinityGroup.Rule(
      polarity: positive ? .positive : .negative,
      isEnforcing: bool(node, "enforcing", file, of: owner) ?? false)
  }
}
