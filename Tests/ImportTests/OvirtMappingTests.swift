import Diagnostics
import Foundation
import Import
import Inventory
import Testing

/// Minimal documents in the engine's format, with the `<link>` and `<actions>` elements a real
/// engine adds around what the SDK writes.
private let clusters = """
  <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
  <clusters>
    <cluster href="/ovirt-engine/api/clusters/c1" id="c1">
      <actions><link href="/ovirt-engine/api/clusters/c1/resetemulatedmachine" rel="resetemulatedmachine"/></actions>
      <name>lab</name>
      <link href="/ovirt-engine/api/clusters/c1/networks" rel="networks"/>
      <version><major>4</major><minor>6</minor></version>
      <scheduling_policy href="/ovirt-engine/api/schedulingpolicies/p1" id="p1"/>
    </cluster>
    <cluster href="/ovirt-engine/api/clusters/c2" id="c2"><name>other</name></cluster>
  </clusters>
  """

private func hosts(status: String = "up") -> String {
  """
  <hosts>
    <host href="/ovirt-engine/api/hosts/h1" id="h1">
      <actions><link href="/ovirt-engine/api/hosts/h1/activate" rel="activate"/></actions>
      <name>host-01</name>
      <link href="/ovirt-engine/api/hosts/h1/statistics" rel="statistics"/>
      <memory>1073741824</memory>
      <max_scheduling_memory>805306368</max_scheduling_memory>
      <status>\(status)</status>
      <cluster href="/ovirt-engine/api/clusters/c1" id="c1"/>
    </host>
    <host id="h2"><name>elsewhere</name><memory>1073741824</memory><status>up</status><cluster id="c2"/></host>
  </hosts>
  """
}

private func vms(_ body: String) -> String { "<vms>\n\(body)\n</vms>\n" }

@Suite("oVirt mapping details")
struct OvirtMappingTests {
  @Test("engine links and actions are ignored; committed memory follows max_scheduling_memory")
  func engineExtras() throws {
    let imported = importTexts(
      [
        ("clusters.xml", clusters), ("hosts.xml", hosts()),
        (
          "vms.xml",
          vms(
            #"<vm id="v1"><name>a</name><memory>268435456</memory><status>down</status><cluster id="c1"/></vm>"#
          )
        ),
      ], cluster: "lab")
    let snapshot = try #require(imported.snapshot, "\(imported.rendered)")
    #expect(imported.rendered == "")
    #expect(snapshot.hosts.map(\.name) == ["host-01"])
    #expect(snapshot.cluster.compatibilityVersion == "4.6")
    // 1024 MiB × 100 % − 768 MiB schedulable = 256 MiB committed.
    #expect(snapshot.hosts[0].committedMemoryMiB == 256)
    // The policy is not in a saved schedulingpolicies.xml: that is an assumption.
    #expect(snapshot.assumptions.contains { $0.field == "cluster.scheduling.policy" })
    #expect(snapshot.assumptions.contains { $0.field == "takenAt" })
    #expect(snapshot.vms[0].vcpus == 1)
  }

  /// oVirt's affinity label carries `implicit_affinity_group`; a flagged label is kept as an
  /// `affinityLabels` object (its hosts and VMs of the cluster), others only as `labels`.
  @Test("an affinity label flagged implicit_affinity_group is kept as a label object")
  func implicitLabel() throws {
    let labels = """
      <affinity_labels>
        <affinity_label id="l1"><name>legacy</name><implicit_affinity_group>true</implicit_affinity_group>
          <hosts><host id="h1"/></hosts><vms><vm id="v1"/></vms></affinity_label>
        <affinity_label id="l2"><name>plain</name><hosts><host id="h1"/></hosts><vms/></affinity_label>
      </affinity_labels>
      """
    let imported = importTexts(
      [
        (
          "clusters.xml",
          clusters.replacingOccurrences(of: "<minor>6</minor>", with: "<minor>3</minor>")
        ),
        ("hosts.xml", hosts()),
        (
          "vms.xml",
          vms(
            #"<vm id="v1"><name>a</name><memory>268435456</memory><status>down</status><cluster id="c1"/></vm>"#
          )
        ),
        ("affinitylabels.xml", labels),
      ], cluster: "lab")
    let snapshot = try #require(imported.snapshot, "\(imported.rendered)")
    #expect(
      snapshot.affinityLabels
        == [
          AffinityLabel(
            name: "legacy", vmNames: ["a"], hostNames: ["host-01"], isImplicitAffinityGroup: true)
        ])
    #expect(snapshot.hosts[0].labels == ["legacy", "plain"])
    // Cluster level 4.3: the implicit label is a hard positive VM-to-host group.
    #expect(snapshot.affinityGroups.map(\.name) == ["label:legacy"])
    #expect(snapshot.affinityGroups.first?.isImplicitLabelGroup == true)
  }

  @Test("a VM on a host of another cluster is an error at the host reference")
  func vmOnHostOfOtherCluster() {
    let imported = importTexts(
      [
        ("clusters.xml", clusters), ("hosts.xml", hosts()),
        (
          "vms.xml",
          vms(
            #"<vm id="v1"><name>a</name><memory>268435456</memory><status>up</status><cluster id="c1"/><host id="h2"/></vm>"#
          )
        ),
      ], cluster: "lab")
    #expect(imported.snapshot == nil)
    #expect(
      imported.rendered.contains(
        "vms.xml:2:90: error[O005]: VM 'a' runs on host 'h2' of another cluster ('c2')"))
  }

  @Test("unknown enumeration values are warnings with a fallback")
  func unknownStatus() throws {
    let imported = importTexts(
      [
        ("clusters.xml", clusters), ("hosts.xml", hosts(status: "hibernating")),
        ("vms.xml", vms("")),
      ], cluster: "lab")
    let snapshot = try #require(imported.snapshot, "\(imported.rendered)")
    #expect(snapshot.hosts[0].status == .unassigned)
    #expect(
      imported.rendered.contains(
        "warning[O006]: unknown value 'hibernating' in <status> of host 'host-01'"))
  }

  @Test("a running VM without a host becomes Down, recorded as assumed")
  func runningWithoutHost() throws {
    let imported = importTexts(
      [
        ("clusters.xml", clusters), ("hosts.xml", hosts()),
        (
          "vms.xml",
          vms(
            #"<vm id="v1"><name>a</name><memory>268435456</memory><status>up</status><cluster id="c1"/></vm>"#
          )
        ),
      ], cluster: "lab")
    let snapshot = try #require(imported.snapshot, "\(imported.rendered)")
    #expect(snapshot.vms[0].status == .down)
    #expect(snapshot.assumptions.contains { $0.field == "vms[].status" && $0.count == 1 })
  }

  @Test("an empty file and a file that is not XML are reported, not crashed on")
  func notXML() {
    for text in ["", "   \n", "{\"hosts\": []}", "<hosts><host id=\"h1\"><name>x</name></hosts>"] {
      let imported = importTexts(
        [("clusters.xml", clusters), ("hosts.xml", text), ("vms.xml", vms(""))], cluster: "lab")
      #expect(imported.snapshot == nil)
      #expect(imported.rendered.contains("hosts.xml:"), "\(text)")
      #expect(imported.rendered.contains("error[O001]"), "\(imported.rendered)")
    }
  }

  @Test("file names map to documents; affinity groups may be split per cluster")
  func fileNames() {
    #expect(OvirtDocument.forFileName("hosts.xml") == .hosts)
    #expect(OvirtDocument.forFileName("affinitygroups-prod-a.xml") == .affinityGroups)
    #expect(OvirtDocument.forFileName("hosts.json") == nil)
    #expect(OvirtDocument.forFileName("README.md") == nil)
    let files = OvirtDocument.importFiles(among: ["vms.xml", "notes.txt", "api.xml"])
    #expect(files.map(\.name) == ["api.xml", "vms.xml"])
  }
}

@Suite("synthetic engine export")
struct OvirtSyntheticExportTests {
  @Test("a generated export imports without diagnostics and loads back")
  func importsCleanly() throws {
    let texts = OvirtSyntheticExport(hostCount: 80, vmCount: 400).documents()
    let imported = importTexts(texts.map { ($0.fileName, $0.text) })
    let snapshot = try #require(imported.snapshot, "\(imported.rendered)")
    #expect(imported.rendered == "")
    #expect(snapshot.hosts.count == 80 && snapshot.vms.count == 400)
    #expect(snapshot.affinityGroups.count == 8)
    #expect(snapshot.hosts.filter { $0.labels == ["ssd"] }.count == 27)
    var sources = SourceMap()
    let result = SnapshotLoader().load(
      sources.add(path: "big", text: SnapshotWriter.yaml(snapshot)))
    #expect(DiagnosticRenderer(sources: sources).render(result.diagnostics) == "")
  }

  @Test("the same counts give the same text")
  func deterministic() {
    let a = OvirtSyntheticExport(hostCount: 5, vmCount: 20).documents()
    let b = OvirtSyntheticExport(hostCount: 5, vmCount: 20).documents()
    #expect(a.map(\.text) == b.map(\.text))
  }
}
