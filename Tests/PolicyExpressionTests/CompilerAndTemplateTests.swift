import Diagnostics
import PolicyExpression
import Testing

@Suite("Compiled evaluators and reason templates")
struct CompilerAndTemplateTests {
  static func context(_ values: [String: ExpressionValue]) -> TestContext {
    var context = TestEnvironment.zeroContext
    for (path, value) in values {
      if let index = TestEnvironment.index(of: path) { context.values[index] = value }
    }
    return context
  }

  @Test("a filter evaluates per host with the typed entry point")
  func filter() throws {
    let pipeline = Pipeline(
      "host.memory.freeMiB >= vm.memoryMiB && vm.networks.all(n, n in host.networks)",
      expecting: .bool)
    let compiled = try #require(pipeline.compiled)
    #expect(compiled.resultType == .bool)
    let fits = Self.context([
      "host.memory.freeMiB": .int(4096), "vm.memoryMiB": .int(2048),
      "vm.networks": .stringSet(["a"]), "host.networks": .stringSet(["a", "b"]),
    ])
    #expect(compiled.evaluateBool(fits))
    var tooSmall = fits
    tooSmall.values[0] = .int(1024)
    #expect(!compiled.evaluateBool(tooSmall))
  }

  @Test("a weight evaluates as a number; ints widen")
  func weight() throws {
    let intWeight = try #require(Pipeline("host.vmCount * 2", expecting: .number).compiled)
    #expect(intWeight.evaluateNumber(Self.context(["host.vmCount": .int(3)])) == 6)
    #expect(intWeight.evaluateInt(Self.context(["host.vmCount": .int(3)])) == 6)
    let floatWeight = try #require(
      Pipeline("host.cpu.loadPercent / 2", expecting: .number).compiled)
    #expect(floatWeight.evaluateNumber(Self.context(["host.cpu.loadPercent": .float(50)])) == 25)
    let widened = try #require(Pipeline("host.vmCount", expecting: .exactly(.float)).compiled)
    #expect(widened.resultType == .float)
  }

  @Test("a weight that computes NaN or an infinity leaves the language as a finite number")
  func nonFiniteWeights() throws {
    let nan = try #require(
      Pipeline("host.cpu.loadPercent * 1e308 - host.cpu.loadPercent * 1e308", expecting: .number)
        .compiled)
    let huge = Self.context(["host.cpu.loadPercent": .float(10)])
    #expect(nan.evaluateNumber(huge) == 0)
    let infinite = try #require(
      Pipeline("host.cpu.loadPercent * 1e308", expecting: .number).compiled)
    #expect(infinite.evaluateNumber(huge) == CompiledExpression<TestContext>.finiteLimit)
    let negative = try #require(
      Pipeline("0.0 - host.cpu.loadPercent * 1e308", expecting: .number).compiled)
    #expect(negative.evaluateNumber(huge) == -CompiledExpression<TestContext>.finiteLimit)
  }

  @Test("string and set entry points")
  func otherEntryPoints() throws {
    let name = try #require(Pipeline("host.isUp ? host.name : 'down'").compiled)
    #expect(
      name.evaluateString(Self.context(["host.isUp": .bool(true), "host.name": .string("h1")]))
        == "h1")
    let set = try #require(Pipeline("[vm.name, 'x']").compiled)
    #expect(set.evaluateStringSet(Self.context(["vm.name": .string("v")])) == ["v", "x"])
  }

  @Test(
    "wrong result type is an error with help",
    arguments: [
      (
        "host.vmCount + 1", ExpressionRequirement.bool,
        "expected the expression to be bool, found int"
      ),
      (
        "host.isUp", ExpressionRequirement.number,
        "expected the expression to be a number (int or float), found bool"
      ),
      (
        "vm.name", ExpressionRequirement.exactly(.stringSet),
        "expected the expression to be set<string>, found string"
      ),
    ])
  func resultType(_ text: String, _ requirement: ExpressionRequirement, _ message: String) {
    let pipeline = Pipeline(text, expecting: requirement)
    #expect(pipeline.errors.map(\.message) == [message])
    #expect(pipeline.errors.first?.code == DiagnosticDescriptor.exprWrongResultType.code)
  }

  @Test("a field the binder cannot supply is a compile diagnostic")
  func unboundField() throws {
    let checked = try #require(Pipeline("host.vmCount > 1 && vm.memoryMiB > 2").checked)
    // A host-only context: VM fields are not available, and one field has the wrong type.
    let compiler = ExpressionCompiler<TestContext> { id in
      if id.rawValue == 8 { return .float { _ in 0 } }
      return nil
    }
    let (compiled, diagnostics) = compiler.compile(checked)
    #expect(compiled == nil)
    #expect(
      diagnostics.map(\.message) == [
        "field 'host.vmCount' is declared as int but the context supplies float",
        "field 'vm.memoryMiB' is not available in this context",
      ])
  }

  @Test("several errors are reported in one pass, in source order")
  func severalErrors() {
    let pipeline = Pipeline("hots.name == 1 && host.memry > 0 && size(1) > 0", expecting: .bool)
    #expect(pipeline.errors.map(\.code.rawValue) == ["E009", "E010", "E012"])
  }

  @Test("a division by a constant zero warns but compiles")
  func divisionWarning() throws {
    let pipeline = Pipeline("host.vmCount / (1 - 1)", expecting: .number, folding: false)
    // Only a literal or property zero is detected; `(1 - 1)` is not, by design.
    #expect(pipeline.diagnostics.isEmpty)
    let literal = Pipeline("host.vmCount % 0", expecting: .number)
    #expect(literal.diagnostics.map(\.severity) == [.warning])
    let compiled = try #require(literal.compiled)
    #expect(compiled.evaluateInt(Self.context(["host.vmCount": .int(7)])) == 0)
  }

  @Test("reason templates render holes of every type")
  func template() throws {
    var sources = SourceMap()
    let text =
      "needs {vm.memoryMiB} MiB, host has {host.memory.freeMiB} MiB; {{load}} {host.cpu.loadPercent}%, up={host.isUp}, nets={host.networks}, {params.HighVmCount * 2} max, '{vm.name}'"
    let file = sources.add(path: "t", text: text)
    let source = ExpressionSource(text: text, file: file.id, baseOffset: 0)
    let (checked, diagnostics) = ExpressionChecker(environment: TestEnvironment.environment)
      .checkTemplate(source)
    #expect(diagnostics.isEmpty)
    let template = try #require(checked)
    #expect(template.holes.count == 7)
    #expect(
      template.printed
        == "needs {vm.memoryMiB} MiB, host has {host.memory.freeMiB} MiB; {{load}} {host.cpu.loadPercent}%, up={host.isUp}, nets={host.networks}, {20} max, '{vm.name}'"
    )
    let (compiled, compileDiagnostics) = ExpressionCompiler(binder: TestEnvironment.binder).compile(
      template)
    #expect(compileDiagnostics.isEmpty)
    let renderer = try #require(compiled)
    let rendered = renderer.render(
      Self.context([
        "vm.memoryMiB": .int(2048), "host.memory.freeMiB": .int(1024),
        "host.cpu.loadPercent": .float(12.5), "host.isUp": .bool(true),
        "host.networks": .stringSet(["b", "a"]), "vm.name": .string("web-1"),
      ]))
    #expect(
      rendered
        == "needs 2048 MiB, host has 1024 MiB; {load} 12.5%, up=true, nets=a, b, 20 max, 'web-1'")
  }

  @Test("a hole may contain braces inside string literals")
  func templateStrings() throws {
    let text = "{host.isUp ? '}' : \"{\"}"
    let source = ExpressionSource(text: text, file: SourceFileID(rawValue: 0), baseOffset: 0)
    let (checked, diagnostics) = ExpressionChecker(environment: TestEnvironment.environment)
      .checkTemplate(source)
    #expect(diagnostics.isEmpty)
    let template = try #require(checked)
    let compiled = try #require(
      ExpressionCompiler(binder: TestEnvironment.binder).compile(template).0)
    #expect(compiled.render(Self.context(["host.isUp": .bool(true)])) == "}")
    #expect(compiled.render(Self.context([:])) == "{")
  }

  @Test("diagnostic codes are unique, E-prefixed and documented")
  func registry() {
    let registry = DiagnosticRegistry([ExpressionDiagnostics.all])
    #expect(registry.duplicateCodes.isEmpty)
    #expect(
      ExpressionDiagnostics.all.allSatisfy {
        $0.code.rawValue.hasPrefix("E") && $0.code.rawValue.count == 4
      })
    #expect(
      ExpressionDiagnostics.all.allSatisfy {
        !$0.title.isEmpty && !$0.explanation.isEmpty && !$0.title.hasSuffix(".")
      })
  }

  @Test("environment declarations reject conflicts")
  func environment() {
    var environment = ExpressionEnvironment()
    let results = [
      environment.declareField("host.memory.freeMiB", type: .int, id: FieldID(0)),
      environment.declareField("host.memory.freeMiB", type: .int, id: FieldID(1)),
      environment.declareField("host.memory", type: .int, id: FieldID(2)),
      environment.declareField("host.memory.freeMiB.x", type: .int, id: FieldID(3)),
      environment.declareField("host", type: .int, id: FieldID(4)),
      environment.declareConstant("params..x", value: .int(1)),
    ]
    #expect(results == [true, false, false, false, false, false])
    environment.declareRoot("params")
    #expect(environment.rootNames == ["host", "params"])
    #expect(environment.entry(for: "host.memory.freeMiB") == .field(FieldID(0), .int))
    #expect(environment.allEntries.map(\.path) == ["host.memory.freeMiB"])
  }
}
