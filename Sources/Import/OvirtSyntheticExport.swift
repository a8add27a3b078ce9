/// A deterministic generator of large engine exports (the documents of an import directory) in
/// the element layout the official SDK writes, for benchmarks and scale tests.
///
/// `clusterCount` clusters (one by default), `hostCount` hosts (every 40th in maintenance) with
/// statistics, two NUMA nodes, network attachments and hooks; `vmCount` VMs (every 10th down)
/// with statistics, a NIC, a disk, HA settings and a placement policy; affinity labels and one
/// negative group per 50 VMs. Host, VM and group `i` belong to cluster `i % clusterCount`, VMs
/// run on hosts of their cluster and groups hold VMs of theirs. The same counts always give
/// the same text.
///
/// ```swift
/// let documents = OvirtSyntheticExport(hostCount: 5_000, vmCount: 100_000).documents()
/// let tenClusters = OvirtSyntheticExport(hostCount: 5_000, vmCount: 100_000, clusterCount: 10)
/// ```
public struct OvirtSyntheticExport: Hashable, Sendable {
  /// Hosts to generate.
  public var hostCount: Int
  /// VMs to generate.
  public var vmCount: Int
  /// Clusters to spread them over.
  public var clusterCount: Int

  /// Creates a generator; negative host and VM counts are treated as 0, a cluster count below
  /// 1 as 1.
  public init(hostCount: Int, vmCount: Int, clusterCount: Int = 1) {
    self.hostCount = max(0, hostCount)
    self.vmCount = max(0, vmCount)
    self.clusterCount = max(1, clusterCount)
  }

  private static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  private static let gib = 1_073_741_824

  /// Every document as (file name, text), in a stable order.
  public func documents() -> [(fileName: String, text: String)] {
    [
      ("api.xml", api()), ("clusters.xml", clusters()), ("networks.xml", networks()),
      ("vnicprofiles.xml", vnicProfiles()), ("storagedomains.xml", storageDomains()),
      ("hosts.xml", hosts()), ("vms.xml", vms()), ("affinitylabels.xml", labels()),
      ("affinitygroups-big.xml", groups()),
    ]
  }

  /// The id of the cluster of host, VM or group `index`.
  private func clusterID(_ index: Int) -> String { "c\(index % clusterCount)" }

  private func hostID(_ index: Int) -> String { "00000000-0000-4000-8000-1\(padded(index, 11))" }
  private func vmID(_ index: Int) -> String { "00000000-0000-4000-8000-2\(padded(index, 11))" }
  private func padded(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }

  private func statistic(_ name: String, _ value: String, _ unit: String, owner: String) -> String {
    """
          <statistic>
            <description>\(name)</description>
            <kind>gauge</kind>
            <name>\(name)</name>
            <type>decimal</type>
            <unit>\(unit)</unit>
            <values>
              <value>
                <datum>\(value)</datum>
              </value>
            </values>
            \(owner)
          </statistic>

    """
  }

  private func api() -> String {
    Self.header + """
      <api>
        <product_info><name>oVirt Engine</name><version><full_version>4.5.6-1.el8</full_version></version></product_info>
        <time>2026-11-28T10:00:00.000+00:00</time>
      </api>

      """
  }

  private func clusters() -> String {
    var out = Self.header + "<clusters>\n"
    for index in 0..<clusterCount {
      // The first cluster keeps the name of the one-cluster export.
      let name = index == 0 ? "big" : "big-\(index)"
      out += """
          <cluster href="/ovirt-engine/api/clusters/c\(index)" id="c\(index)">
            <cpu><architecture>x86_64</architecture><type>Intel Icelake Server Family</type></cpu>
            <error_handling><on_error>migrate</on_error></error_handling>
            <memory_policy><over_commit><percent>100</percent></over_commit></memory_policy>
            <migration><bandwidth><assignment_method>auto</assignment_method></bandwidth>
              <policy id="80554327-0569-496b-bdeb-fcbbf52b827b"/></migration>
            <name>\(name)</name>
            <threads_as_cores>false</threads_as_cores>
            <version><major>4</major><minor>7</minor></version>
            <data_center id="dc0"/>
            <networks>
              <network id="n0"><name>ovirtmgmt</name><required>true</required><usages><usage>vm</usage></usages></network>
              <network id="n1"><name>vm-net</name><required>true</required><usages><usage>vm</usage></usages></network>
            </networks>
            <scheduling_policy id="p0"><name>evenly_distributed</name></scheduling_policy>
          </cluster>

        """
    }
    return out + "</clusters>\n"
  }

  private func networks() -> String {
    Self.header
      + "<networks>\n  <network id=\"n0\"><name>ovirtmgmt</name></network>\n"
      + "  <network id=\"n1\"><name>vm-net</name></network>\n</networks>\n"
  }

  private func vnicProfiles() -> String {
    Self.header
      + "<vnic_profiles>\n  <vnic_profile id=\"vp0\"><name>ovirtmgmt</name><network id=\"n0\"/></vnic_profile>\n"
      + "  <vnic_profile id=\"vp1\"><name>vm-net</name><network id=\"n1\"/></vnic_profile>\n"
      + "</vnic_profiles>\n"
  }

  private func storageDomains() -> String {
    Self.header
      + "<storage_domains>\n  <storage_domain id=\"sd0\"><name>data1</name>"
      + "<type>data</type><data_centers><data_center id=\"dc0\"/></data_centers></storage_domain>\n"
      + "</storage_domains>\n"
  }

  private func hosts() -> String {
    var out = Self.header + "<hosts>\n"
    out.reserveCapacity(hostCount * 7_000)
    for index in 0..<hostCount {
      let id = hostID(index)
      let memory = [256, 512, 768][index % 3] * Self.gib
      let isUp = index % 40 != 39
      let free = memory / 2
      let cpu = Double(index % 90)
      let owner = "<host id=\"\(id)\"/>"
      out += """
          <host href="/ovirt-engine/api/hosts/\(id)" id="\(id)">
            <cpu>
              <name>Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz</name>
              <speed>2000.0</speed>
              <topology><cores>16</cores><sockets>2</sockets><threads>2</threads></topology>
              <type>Intel Icelake Server Family</type>
            </cpu>
            <device_passthrough><enabled>false</enabled></device_passthrough>
            <hosted_engine><configured>false</configured><score>0</score></hosted_engine>
            <max_scheduling_memory>\(isUp ? memory / 2 : 0)</max_scheduling_memory>
            <memory>\(memory)</memory>
            <name>host-\(padded(index + 1, 5))</name>
            <os><type>RHEL</type><version><major>8</major><minor>9</minor></version></os>
            <power_management><enabled>true</enabled></power_management>
            <spm><priority>5</priority><status>\(index < clusterCount ? "spm" : "none")</status></spm>
            <status>\(isUp ? "up" : "maintenance")</status>
            <cluster href="/ovirt-engine/api/clusters/\(clusterID(index))" id="\(clusterID(index))"/>
            <hooks><hook id="hk\(index)"><event_name>before_vm_start</event_name><name>50_vhostmd</name></hook></hooks>
            <network_attachments>
              <network_attachment id="na\(index)a"><network id="n0"/></network_attachment>
              <network_attachment id="na\(index)b"><network id="n1"/></network_attachment>
            </network_attachments>
            <host_numa_nodes>

        """
      for node in 0..<2 {
        out += "      <host_numa_node id=\"nn\(index)-\(node)\"><cpu><cores>"
        for core in 0..<8 { out += "<core><index>\(node * 8 + core)</index></core>" }
        out += "</cores></cpu><index>\(node)</index><memory>\(memory / 2 / 1_048_576)</memory>"
        out += "<statistics><statistic><name>memory.free</name><values><value><datum>"
        out += "\(free / 2)</datum></value></values></statistic></statistics></host_numa_node>\n"
      }
      out += "    </host_numa_nodes>\n    <statistics>\n"
      if isUp {
        for (name, value, unit) in [
          ("memory.total", "\(memory).0", "bytes"), ("memory.used", "\(memory - free).0", "bytes"),
          ("memory.free", "\(free).0", "bytes"), ("memory.buffers", "0.0", "bytes"),
          ("memory.cached", "0.0", "bytes"), ("swap.total", "8589934592.0", "bytes"),
          ("swap.free", "8589934592.0", "bytes"), ("swap.used", "0.0", "bytes"),
          ("ksm.cpu.current", "0.0", "percent"), ("cpu.current.user", "\(cpu * 0.8)", "percent"),
          ("cpu.current.system", "\(cpu * 0.2)", "percent"),
          ("cpu.current.idle", "\(100 - cpu)", "percent"), ("cpu.load.avg.5m", "1.5", "none"),
          ("boot.time", "1795000000.0", "seconds"), ("hugepages.2048.free", "0.0", "none"),
          ("hugepages.2048.total", "0.0", "none"),
        ] {
          out += statistic(name, value, unit, owner: owner)
        }
      }
      out += "    </statistics>\n  </host>\n"
    }
    return out + "</hosts>\n"
  }

  private func vms() -> String {
    var out = Self.header + "<vms>\n"
    out.reserveCapacity(vmCount * 5_000)
    // The hosts that are up, per cluster.
    var upHosts = [[Int]](repeating: [], count: clusterCount)
    for index in 0..<hostCount where index % 40 != 39 {
      upHosts[index % clusterCount].append(index)
    }
    for index in 0..<vmCount {
      let id = vmID(index)
      let memory = [1, 2, 4, 8, 16][index % 5] * Self.gib
      let hosts = upHosts[index % clusterCount]
      let isUp = index % 10 != 9 && !hosts.isEmpty
      let host = isUp ? hosts[(index * 7919) % hosts.count] : -1
      let owner = "<vm id=\"\(id)\"/>"
      out += """
          <vm href="/ovirt-engine/api/vms/\(id)" id="\(id)">
            <cpu><architecture>x86_64</architecture><topology><cores>\(1 + index % 4)</cores><sockets>1</sockets><threads>1</threads></topology></cpu>
            <cpu_pinning_policy>none</cpu_pinning_policy>
            <custom_properties/>
            <high_availability><enabled>\(index % 5 == 0)</enabled><priority>\([1, 50, 100][index % 3])</priority></high_availability>
            <io><threads>1</threads></io>
            <memory>\(memory)</memory>
            <memory_policy><ballooning>true</ballooning><guaranteed>\(memory / 2)</guaranteed><max>\(memory * 4)</max></memory_policy>
            <name>vm-\(padded(index + 1, 6))</name>
            <numa_tune_mode>interleave</numa_tune_mode>
            <origin>ovirt</origin>
            <placement_policy><affinity>migratable</affinity></placement_policy>
            <status>\(isUp ? "up" : "down")</status>
            <type>server</type>
            <cluster href="/ovirt-engine/api/clusters/\(clusterID(index))" id="\(clusterID(index))"/>
            <disk_attachments>
              <disk_attachment id="da\(index)"><active>true</active><bootable>true</bootable><interface>virtio_scsi</interface>
                <disk id="d\(index)"><alias>vm-\(index)_Disk1</alias><format>cow</format><provisioned_size>53687091200</provisioned_size>
                  <storage_domains><storage_domain id="sd0"/></storage_domains></disk>
              </disk_attachment>
            </disk_attachments>

        """
      if isUp {
        out +=
          "    <host href=\"/ovirt-engine/api/hosts/\(hostID(host))\" id=\"\(hostID(host))\"/>\n"
      }
      out += """
            <nics>
              <nic id="nic\(index)"><interface>virtio</interface><linked>true</linked><name>nic1</name><plugged>true</plugged>
                <vnic_profile id="vp\(index % 2)"/></nic>
            </nics>
            <statistics>

        """
      if isUp {
        let cpu = Double(index % 100)
        for (name, value, unit) in [
          ("memory.installed", "\(memory).0", "bytes"), ("memory.used", "\(memory / 2).0", "bytes"),
          ("memory.free", "\(memory / 2).0", "bytes"),
          ("cpu.current.guest", "\(cpu * 0.9)", "percent"),
          ("cpu.current.hypervisor", "\(cpu * 0.1)", "percent"),
          ("cpu.current.total", "\(cpu)", "percent"), ("migration.progress", "0.0", "percent"),
          ("network.current.total", "0.0", "percent"), ("elapsed.time", "86400.0", "seconds"),
        ] {
          out += statistic(name, value, unit, owner: owner)
        }
      }
      out += "    </statistics>\n  </vm>\n"
    }
    return out + "</vms>\n"
  }

  private func labels() -> String {
    var out = Self.header + "<affinity_labels>\n  <affinity_label id=\"l0\"><name>ssd</name><hosts>"
    for index in stride(from: 0, to: hostCount, by: 3) { out += "<host id=\"\(hostID(index))\"/>" }
    out += "</hosts><vms/></affinity_label>\n</affinity_labels>\n"
    return out
  }

  private func groups() -> String {
    var out = Self.header + "<affinity_groups>\n"
    for group in 0..<(vmCount / 50) {
      out +=
        "  <affinity_group id=\"g\(group)\"><name>spread-\(group)</name><priority>1.0</priority>"
      out +=
        "<vms_rule><enabled>true</enabled><enforcing>false</enforcing><positive>false</positive></vms_rule>"
      out += "<cluster id=\"\(clusterID(group * 50))\"/><vms>"
      // Two VMs of the group's cluster.
      for member in [group * 50, group * 50 + clusterCount] where member < vmCount {
        out += "<vm id=\"\(vmID(member))\"/>"
      }
      out += "</vms></affinity_group>\n"
    }
    return out + "</affinity_groups>\n"
  }
}
