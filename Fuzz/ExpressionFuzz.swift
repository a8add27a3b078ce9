// libFuzzer harness for PolicyExpression: any text must parse, check, fold, print and compile
// or be rejected with diagnostics, never crash, trap or hang. Built by `Fuzz/run expr` (not
// part of `swift test`).
//
// Each input goes through the whole pipeline, and three oracles turn wrong answers into traps:
// - the canonical printed form parses and checks again, and prints to the same text;
// - folding never changes a result: the folded and the unfolded compiled expressions agree on
//   every context;
// - the re-parsed printed form evaluates to the same value as the original.
// The language is total (saturating ints, division by zero is zero), so evaluation over the
// extreme contexts below must not trap either.
import Diagnostics
import PolicyExpression

/// The evaluation context: one value per field id.
struct FuzzContext: Sendable {
  var values: [ExpressionValue]
}

/// The field names of Fixtures/expr (so the seed corpus type-checks) and one of each type.
let fields: [(path: String, type: ExpressionType)] = [
  ("host.memory.freeMiB", .int),
  ("host.cpu.cores", .int),
  ("host.cpu.loadPercent", .float),
  ("host.name", .string),
  ("host.networks", .stringSet),
  ("host.labels", .stringSet),
  ("host.isUp", .bool),
  ("host.vmCount", .int),
  ("vm.memoryMiB", .int),
  ("vm.cpuShare", .float),
  ("vm.name", .string),
  ("vm.networks", .stringSet),
  ("vm.isHighlyAvailable", .bool),
  ("cluster.name", .string),
  ("cluster.overcommitRatio", .float),
]

let constants: [(path: String, value: ExpressionValue)] = [
  ("params.HighVmCount", .int(10)),
  ("params.Ratio", .float(1.5)),
  ("params.Zone", .string("a")),
  ("params.Allowed", .stringSet(["net1", "net2"])),
  ("params.Strict", .bool(true)),
  ("params.Zero", .int(0)),
]

let environment: ExpressionEnvironment = {
  var environment = ExpressionEnvironment()
  for (index, field) in fields.enumerated() {
    environment.declareField(field.path, type: field.type, id: FieldID(index))
  }
  for constant in constants { environment.declareConstant(constant.path, value: constant.value) }
  return environment
}()

/// Contexts: all zero, ordinary values, and extremes (Int64.min/max, infinities, NaN).
let contexts: [FuzzContext] = {
  func context(
    int: Int64, float: Double, bool: Bool, string: String, set: StringSet
  ) -> FuzzContext {
    FuzzContext(
      values: fields.map { field in
        switch field.type {
        case .int: .int(int)
        case .float: .float(float)
        case .bool: .bool(bool)
        case .string: .string(string)
        case .stringSet: .stringSet(set)
        }
      })
  }
  return [
    context(int: 0, float: 0, bool: false, string: "", set: []),
    context(int: 7, float: 2.5, bool: true, string: "net1", set: ["net1", "a", ""]),
    context(int: .min, float: -.infinity, bool: true, string: "a", set: ["a"]),
    context(int: .max, float: .nan, bool: false, string: "\u{1F600}", set: ["net2"]),
    context(int: -1, float: -0.0, bool: true, string: "x", set: ["x", "y"]),
  ]
}()

func binder(_ id: FieldID) -> FieldAccessor<FuzzContext>? {
  let index = id.rawValue
  guard fields.indices.contains(index) else { return nil }
  switch fields[index].type {
  case .int:
    return .int { context in
      if case .int(let value) = context.values[index] { return value }
      return 0
    }
  case .float:
    return .float { context in
      if case .float(let value) = context.values[index] { return value }
      return 0
    }
  case .bool:
    return .bool { context in
      if case .bool(let value) = context.values[index] { return value }
      return false
    }
  case .string:
    return .string { context in
      if case .string(let value) = context.values[index] { return value }
      return ""
    }
  case .stringSet:
    return .stringSet { context in
      if case .stringSet(let value) = context.values[index] { return value }
      return []
    }
  }
}

/// NaN-aware value equality.
func same(_ a: ExpressionValue, _ b: ExpressionValue) -> Bool {
  if case .float(let x) = a, case .float(let y) = b { return x == y || (x.isNaN && y.isNaN) }
  return a == b
}

/// Values of every context, or `nil` when the expression does not compile.
func evaluate(_ checked: CheckedExpression) -> [ExpressionValue]? {
  let (compiled, _) = ExpressionCompiler(binder: binder).compile(checked)
  guard let compiled else { return nil }
  return contexts.map { compiled.evaluate($0) }
}

/// Roomier limits for re-parsing: printing may lengthen the text (folded literals, `float(…)`).
let reparseLimits = ExpressionLimits(maxLengthScalars: 1 << 20, maxDepth: 512, maxNodes: 1 << 16)

func run(_ text: String) {
  var sources = SourceMap()
  let file = sources.add(path: "fuzz.expr", text: text)
  let source = ExpressionSource(text: text, file: file.id, baseOffset: 0)
  let renderer = DiagnosticRenderer(sources: sources)

  let (syntax, parseDiagnostics) = ExpressionParser().parse(source)
  _ = renderer.render(parseDiagnostics)
  guard let syntax else { return }

  // Every requirement exercises its own result-type check (and `float` the root widening).
  for requirement in [ExpressionRequirement.bool, .number, .exactly(.float), .exactly(.string)] {
    let (_, diagnostics) = ExpressionChecker(environment: environment).check(
      syntax, expecting: requirement)
    _ = renderer.render(diagnostics)
  }
  let unfoldedChecker = ExpressionChecker(environment: environment, isFoldingEnabled: false)
  let (unfolded, diagnostics) = unfoldedChecker.check(syntax, expecting: .any)
  _ = renderer.render(diagnostics)
  guard let unfolded else { return }
  let (folded, foldedDiagnostics) = ExpressionChecker(environment: environment).check(
    syntax, expecting: .any)
  guard let folded else {
    preconditionFailure("folding rejected a checked expression: \(foldedDiagnostics)")
  }
  precondition(folded.resultType == unfolded.resultType, "folding changed the type")

  // Oracle 1: the canonical form parses back and is a fixed point of printing.
  _ = ExpressionPrinter.print(unfolded)
  let printed = ExpressionPrinter.print(folded)
  let reparsedFile = sources.add(path: "printed.expr", text: printed)
  let reparsedSource = ExpressionSource(text: printed, file: reparsedFile.id, baseOffset: 0)
  let (reparsed, reparsedDiagnostics) = ExpressionChecker(
    environment: environment, limits: reparseLimits
  ).check(reparsedSource, expecting: .any)
  guard let reparsed else {
    preconditionFailure(
      "printed form does not check: \(printed)\n"
        + DiagnosticRenderer(sources: sources).render(reparsedDiagnostics))
  }
  let reprinted = ExpressionPrinter.print(reparsed)
  precondition(reprinted == printed, "printing is not a fixed point: \(printed) → \(reprinted)")

  // Oracle 2 and 3: folding and printing never change a value.
  let unfoldedValues = evaluate(unfolded)
  let foldedValues = evaluate(folded)
  let reparsedValues = evaluate(reparsed)
  guard let unfoldedValues, let foldedValues, let reparsedValues else {
    preconditionFailure("a checked expression does not compile: \(printed)")
  }
  for index in contexts.indices {
    precondition(
      same(unfoldedValues[index], foldedValues[index]),
      "folding changed a value: \(unfoldedValues[index]) vs \(foldedValues[index]) for \(printed)")
    precondition(
      same(foldedValues[index], reparsedValues[index]),
      "printing changed a value: \(foldedValues[index]) vs \(reparsedValues[index]) "
        + "for \(printed)")
  }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  run(String(decoding: bytes, as: UTF8.self))
  return 0
}
