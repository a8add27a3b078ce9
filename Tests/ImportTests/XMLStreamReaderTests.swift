import Diagnostics
import Testing

@testable import Import

@Suite("XML stream reader")
struct XMLStreamReaderTests {
  @Test("a document over libxml2's 10 MB look-up limit parses (it failed when fed as one buffer)")
  func largeDocument() {
    var text = "<?xml version=\"1.0\"?>\n<vms>\n"
    let item = "  <vm id=\"00000000-0000-0000-0000-000000000000\"><name>v</name></vm>\n"
    let count = 11_000_000 / item.utf8.count
    text.reserveCapacity(count * item.utf8.count + 64)
    for _ in 0..<count { text += item }
    text += "</vms>\n"
    var sources = SourceMap()
    let file = sources.add(path: "vms.xml", text: text)
    var bag = DiagnosticBag()
    var items = 0
    let info = XMLStreamReader.read(
      file, diagnostics: &bag, onRoot: { _, _ in true }, onItem: { _ in items += 1 })
    #expect(info.completed)
    #expect(bag.isEmpty, "\(DiagnosticRenderer(sources: sources).render(bag))")
    #expect(items == count)
  }

  @Test("elements keep the offset of their '<'; links, actions and statistic details are dropped")
  func offsetsAndSkipping() throws {
    let text = """
      <hosts>
        <host id="h1"><actions><link rel="x"/></actions><name> a b </name>
          <statistics><statistic><description>d</description><name>cpu</name><unit>percent</unit>
            <values><value><datum>1.5</datum></value></values><host id="h1"/></statistic></statistics>
        </host>
      </hosts>
      """
    var sources = SourceMap()
    let file = sources.add(path: "hosts.xml", text: text)
    var bag = DiagnosticBag()
    var nodes: [XMLNode] = []
    _ = XMLStreamReader.read(
      file, diagnostics: &bag, onRoot: { _, _ in true }, onItem: { nodes.append($0) })
    let host = try #require(nodes.first)
    #expect(file.location(of: host.offset) == SourceLocation(line: 2, column: 3))
    #expect(host.children.map(\.name) == ["name", "statistics"])
    #expect(host.text("name") == "a b")
    let statistic = try #require(host.items("statistics", "statistic").first)
    #expect(statistic.children.map(\.name) == ["name", "values"])
    #expect(statistic.text("values.value.datum") == "1.5")
  }
}
