import Diagnostics
import Inventory
import Policy
import Testing

/// `string` and `list<string>` properties: declared, set by the policy and by a snapshot
/// override, folded into expressions, and checked against `enum`.
@Suite("text properties")
struct TextPropertyTests {
  static let units = """
    kind: Filter
    name: AvoidLabel
    properties:
      Label: { type: string, default: draining, enum: [draining, retiring, quarantine] }
    when: "!(params.Label in host.labels)"
    ---
    kind: Weight
    name: PreferLabels
    properties:
      Wanted: { type: list<string>, default: [ssd] }
    score: -params.Wanted.count(l, l in host.labels)
    ---
    kind: SchedulingPolicy
    name: labels
    filters: [AvoidLabel]
    weights: [PreferLabels]
    properties: { Wanted: [ssd, nvme] }

    """

  static func compile(overrides: [(String, String)]) throws -> (
    SchedulingPipeline?, DiagnosticBag
  ) {
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let file = sources.add(path: "units.yaml", text: units)
    let library = PolicyLibrary.load(userFiles: [file], sources: &sources, diagnostics: &bag)
    #expect(bag.isEmpty, "\(DiagnosticRenderer(sources: sources).render(bag))")
    var map = PropertyMap()
    for (key, value) in overrides {
      map.entries.append(PropertyMap.Entry(key: key, value: value, valueSpan: nil))
    }
    let pipeline = PolicyCompiler(library: library).compileSchedulingPolicy(
      named: "labels", overrides: overrides.isEmpty ? nil : map, diagnostics: &bag)
    return (pipeline, bag)
  }

  @Test("defaults, policy values and snapshot overrides reach the expressions")
  func values() throws {
    let (pipeline, bag) = try Self.compile(overrides: [("Label", "retiring")])
    #expect(!bag.hasErrors)
    let compiled = try #require(pipeline)
    #expect(compiled.properties["Label"]?.value == .string("retiring"))
    #expect(compiled.properties["Label"]?.source == .snapshot)
    #expect(compiled.properties["Wanted"]?.value == .stringList(["ssd", "nvme"]))
    let report = PipelineReport.text(compiled)
    #expect(report.contains(#"!("retiring" in host.labels)"#), "\(report)")
  }

  @Test("a value outside the enum is an error naming the allowed values")
  func outsideEnum() throws {
    let (pipeline, bag) = try Self.compile(overrides: [("Label", "gone")])
    #expect(pipeline == nil)
    let messages = bag.diagnostics.map(\.message)
    #expect(
      messages.contains { $0.contains("one of draining, retiring, quarantine") }, "\(messages)")
  }

  @Test("a number where a string is declared is a type error")
  func wrongType() throws {
    let (pipeline, bag) = try Self.compile(overrides: [("Label", "42")])
    #expect(pipeline == nil)
    #expect(
      bag.diagnostics.contains { $0.message.contains("must be string, found the integer 42") })
  }
}
