import Diagnostics
import Testing

@testable import PolicyExpression

@Suite("Folding and the folded printer")
struct PrinterAndFoldingTests {
  @Test(
    "folded expressions print canonically",
    arguments: [
      ("host.memory.freeMiB >= params.HighVmCount * 2", "host.memory.freeMiB >= 20"),
      ("host.vmCount > params.HighVmCount + 0.5", "host.vmCount > 10.5"),
      ("vm.memoryMiB * params.Ratio", "vm.memoryMiB * 1.5"),
      ("host.name in params.Allowed", "host.name in [\"net1\", \"net2\"]"),
      ("params.Strict && host.isUp", "host.isUp"),
      ("!params.Strict && host.isUp", "false"),
      ("params.Strict || host.isUp", "true"),
      ("host.isUp || !params.Strict", "host.isUp"),
      ("params.Strict ? vm.memoryMiB : 0", "vm.memoryMiB"),
      ("(1 + 2) * host.cpu.cores", "3 * host.cpu.cores"),
      ("host.cpu.cores * (1 + host.vmCount)", "host.cpu.cores * (1 + host.vmCount)"),
      ("(host.cpu.cores * 2) + 1", "host.cpu.cores * 2 + 1"),
      ("host.cpu.cores - (host.vmCount - 1)", "host.cpu.cores - (host.vmCount - 1)"),
      ("(host.cpu.cores - host.vmCount) - 1", "host.cpu.cores - host.vmCount - 1"),
      ("-(host.cpu.cores + 1)", "-(host.cpu.cores + 1)"),
      ("-(-host.cpu.cores)", "-(-host.cpu.cores)"),
      ("host.cpu.cores - -5", "host.cpu.cores - -5"),
      ("!(host.isUp && vm.isHighlyAvailable)", "!(host.isUp && vm.isHighlyAvailable)"),
      ("(host.isUp ? 1 : 2) + 3", "(host.isUp ? 1 : 2) + 3"),
      ("host.cpu.cores + 1.0", "host.cpu.cores + 1.0"),
      ("2 + 2 == 4 ? 'yes' : \"no\"", "\"yes\""),
      ("['b', 'a', 'b']", "[\"a\", \"b\"]"),
      ("['b', host.name]", "[\"b\", host.name]"),
      ("vm.networks.all(n,n in host.networks)", "vm.networks.all(n, n in host.networks)"),
      ("['x', 'y'].count(v, v in ['x'])", "1"),
      ("size('a\\\"b\\\\c\\n')", "6"),
      ("'a\\\"b\\\\c\\n' == vm.name", "\"a\\\"b\\\\c\\n\" == vm.name"),
      ("min(host.cpu.cores, 2, 3.5)", "min(host.cpu.cores, 2.0, 3.5)"),
      ("ceil(params.Ratio) + host.vmCount", "2 + host.vmCount"),
      ("1e308 * 10.0 > host.cpu.loadPercent", "1e+308 * 10.0 > host.cpu.loadPercent"),
      ("-9223372036854775808 + host.vmCount", "-9223372036854775808 + host.vmCount"),
      ("host.vmCount / 0", "host.vmCount / 0"),
      ("true ? host.vmCount : 2.5", "float(host.vmCount)"),
      (
        "(true ? host.vmCount : 2.5) < (false ? 1.5 : host.cpu.cores)",
        "float(host.vmCount) < float(host.cpu.cores)"
      ),
      ("float(host.vmCount) * 2", "host.vmCount * 2.0"),
      ("float(2.5)", "2.5"),
    ])
  func printed(_ text: String, _ expected: String) throws {
    let pipeline = Pipeline(text)
    let checked = try #require(pipeline.checked, "\(pipeline.rendered)")
    let printed = ExpressionPrinter.print(checked)
    #expect(printed == expected)
    // The printed form parses back to the same folded form.
    let again = Pipeline(printed)
    let reparsed = try #require(again.checked, "\(again.rendered)")
    #expect(ExpressionPrinter.print(reparsed) == printed)
  }

  @Test("without folding the printer shows the source structure and property names")
  func unfolded() throws {
    let pipeline = Pipeline("host.memory.freeMiB >= params.HighVmCount * (1 + 1)", folding: false)
    let checked = try #require(pipeline.checked)
    #expect(
      ExpressionPrinter.print(checked) == "host.memory.freeMiB >= params.HighVmCount * (1 + 1)")
    #expect(checked.referencedFields == [FieldID(0)])
  }

  @Test("a constant expression reports its value")
  func constantValue() throws {
    let checked = try #require(Pipeline("params.HighVmCount * 2 > 5").checked)
    #expect(checked.constantValue == .bool(true))
    #expect(checked.referencedFields.isEmpty)
  }

  @Test("value literals and display text")
  func literals() {
    #expect(ExpressionValue.float(3).description == "3.0")
    #expect(ExpressionValue.float(-0.0).description == "-0.0")
    #expect(ExpressionValue.stringSet(["b", "a"]).displayText == "a, b")
    #expect(ExpressionValue.string("it's").description == "\"it's\"")
  }
}
