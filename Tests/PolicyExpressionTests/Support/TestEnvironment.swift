import Diagnostics
import PolicyExpression

/// The evaluation context the tests compile against: one value per field id.
struct TestContext: Sendable {
  var values: [ExpressionValue]

  subscript(id: Int) -> ExpressionValue { values[id] }
}

/// The fields and constants every expression test uses.
enum TestEnvironment {
  struct Field: Sendable {
    var path: String
    var type: ExpressionType
  }

  static let fields: [Field] = [
    Field(path: "host.memory.freeMiB", type: .int),
    Field(path: "host.memory.totalMiB", type: .int),
    Field(path: "host.cpu.cores", type: .int),
    Field(path: "host.cpu.loadPercent", type: .float),
    Field(path: "host.name", type: .string),
    Field(path: "host.networks", type: .stringSet),
    Field(path: "host.labels", type: .stringSet),
    Field(path: "host.isUp", type: .bool),
    Field(path: "host.vmCount", type: .int),
    Field(path: "vm.memoryMiB", type: .int),
    Field(path: "vm.cpuShare", type: .float),
    Field(path: "vm.name", type: .string),
    Field(path: "vm.networks", type: .stringSet),
    Field(path: "vm.isHighlyAvailable", type: .bool),
    Field(path: "cluster.name", type: .string),
    Field(path: "cluster.overcommitRatio", type: .float),
  ]

  static let constants: [(path: String, value: ExpressionValue)] = [
    ("params.HighVmCount", .int(10)),
    ("params.Ratio", .float(1.5)),
    ("params.Zone", .string("a")),
    ("params.Allowed", .stringSet(["net1", "net2"])),
    ("params.Strict", .bool(true)),
    ("params.Zero", .int(0)),
  ]

  static let environment: ExpressionEnvironment = {
    var environment = ExpressionEnvironment()
    for (index, field) in fields.enumerated() {
      environment.declareField(field.path, type: field.type, id: FieldID(index))
    }
    for constant in constants {
      environment.declareConstant(constant.path, value: constant.value)
    }
    return environment
  }()

  static func index(of path: String) -> Int? { fields.firstIndex { $0.path == path } }

  /// Zero values for every field.
  static var zeroContext: TestContext {
    TestContext(values: fields.map { zero($0.type) })
  }

  static func zero(_ type: ExpressionType) -> ExpressionValue {
    switch type {
    case .int: .int(0)
    case .float: .float(0)
    case .bool: .bool(false)
    case .string: .string("")
    case .stringSet: .stringSet([])
    }
  }

  /// The binder: a typed accessor per field that reads the context's value array.
  static func binder(_ id: FieldID) -> FieldAccessor<TestContext>? {
    let index = id.rawValue
    guard fields.indices.contains(index) else { return nil }
    switch fields[index].type {
    case .int:
      return .int { context in
        if case .int(let value) = context[index] { return value }
        return 0
      }
    case .float:
      return .float { context in
        if case .float(let value) = context[index] { return value }
        return 0
      }
    case .bool:
      return .bool { context in
        if case .bool(let value) = context[index] { return value }
        return false
      }
    case .string:
      return .string { context in
        if case .string(let value) = context[index] { return value }
        return ""
      }
    case .stringSet:
      return .stringSet { context in
        if case .stringSet(let value) = context[index] { return value }
        return []
      }
    }
  }

  /// Values by path, for the reference interpreter.
  static func valuesByPath(_ context: TestContext) -> [String: ExpressionValue] {
    var out: [String: ExpressionValue] = [:]
    for (index, field) in fields.enumerated() { out[field.path] = context.values[index] }
    for constant in constants { out[constant.path] = constant.value }
    return out
  }
}

/// One expression compiled end to end, plus the pieces tests look at.
struct Pipeline {
  var sources = SourceMap()
  var file: SourceFile
  var source: ExpressionSource
  var checked: CheckedExpression?
  var compiled: CompiledExpression<TestContext>?
  var diagnostics: [Diagnostic] = []

  init(
    _ text: String, expecting requirement: ExpressionRequirement = .any, folding: Bool = true,
    limits: ExpressionLimits = .default, path: String = "expr"
  ) {
    file = sources.add(path: path, text: text)
    source = ExpressionSource(text: text, file: file.id, baseOffset: 0)
    let checker = ExpressionChecker(
      environment: TestEnvironment.environment, limits: limits, isFoldingEnabled: folding)
    let (checked, diagnostics) = checker.check(source, expecting: requirement)
    self.checked = checked
    self.diagnostics = diagnostics
    if let checked {
      let (compiled, compileDiagnostics) = ExpressionCompiler(binder: TestEnvironment.binder)
        .compile(checked)
      self.compiled = compiled
      self.diagnostics += compileDiagnostics
    }
  }

  var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

  var rendered: String { DiagnosticRenderer(sources: sources).render(diagnostics) }
}

/// Float-aware equality: NaN equals NaN, so compiled and reference results can be compared.
func sameValue(_ a: ExpressionValue, _ b: ExpressionValue) -> Bool {
  if case .float(let x) = a, case .float(let y) = b { return x == y || (x.isNaN && y.isNaN) }
  return a == b
}
