import Diagnostics
import Inventory
import ShepherdTestSupport
import Testing

@testable import PolicyExpression

/// Generates random well-typed expression text over ``TestEnvironment``.
struct ExpressionGenerator {
  var rng: SplitMix64
  var boundVariables: [String] = []

  static let strings = ["a", "b", "net1", "net2", "", "🐑"]

  mutating func pick<T>(_ options: [T]) -> T {
    options[Int.random(in: 0..<options.count, using: &rng)]
  }

  mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

  func fields(_ type: ExpressionType) -> [String] {
    TestEnvironment.fields.filter { $0.type == type }.map(\.path)
      + TestEnvironment.constants.filter { $0.value.type == type }.map(\.path)
  }

  mutating func intLiteral() -> String {
    let value: Int64 = pick([
      0, 1, -1, 2, 3, 7, 10, -10, 1000, .max, .min, .max - 1, 4_294_967_296,
      Int64.random(in: -1000...1000, using: &rng), Int64.random(in: .min ... .max, using: &rng),
    ])
    return String(value)
  }

  mutating func floatLiteral() -> String {
    let value: Double = pick([
      0, 0.5, -1.5, 2, 1e300, -1e300, 1e-300, Double.random(in: -100...100, using: &rng),
    ])
    return ExpressionSemantics.display(value)
  }

  mutating func stringLiteral() -> String { ExpressionPrinter.quoted(pick(Self.strings)) }

  mutating func expression(_ type: ExpressionType, depth: Int) -> String {
    if depth <= 0 || chance(20) { return leaf(type) }
    let d = depth - 1
    switch type {
    case .int:
      switch Int.random(in: 0..<11, using: &rng) {
      case 0:
        return
          "(\(expression(.int, depth: d)) \(pick(["+", "-", "*", "/", "%"])) \(expression(.int, depth: d)))"
      case 1: return "-\(atom(.int, depth: d))"
      case 2:
        return
          "\(pick(["min", "max"]))(\(expression(.int, depth: d)), \(expression(.int, depth: d)))"
      case 3:
        return
          "max(\(expression(.int, depth: d)), \(expression(.int, depth: d)), \(expression(.int, depth: d)))"
      case 4: return "abs(\(expression(.int, depth: d)))"
      case 5: return "\(pick(["ceil", "floor"]))(\(expression(pick([.int, .float]), depth: d)))"
      case 6:
        return
          "clamp(\(expression(.int, depth: d)), \(expression(.int, depth: d)), \(expression(.int, depth: d)))"
      case 7: return "size(\(expression(pick([.string, .stringSet]), depth: d)))"
      case 8: return conditional(.int, depth: d)
      case 9: return macro("count", depth: d)
      default: return "(\(expression(.int, depth: d)) \(pick(["+", "*"])) \(intLiteral()))"
      }
    case .float:
      let (a, b) = mixedNumbers(depth: d)
      switch Int.random(in: 0..<8, using: &rng) {
      case 6: return "float(\(expression(.int, depth: d)))"
      case 0: return "(\(a) \(pick(["+", "-", "*", "/", "%"])) \(b))"
      case 1: return "-\(atom(.float, depth: d))"
      case 2: return "\(pick(["min", "max"]))(\(a), \(b))"
      case 3: return "abs(\(expression(.float, depth: d)))"
      case 4: return "clamp(\(a), \(b), \(expression(pick([.int, .float]), depth: d)))"
      case 5: return "(\(expression(.bool, depth: d)) ? \(a) : \(b))"
      default: return conditional(.float, depth: d)
      }
    case .bool:
      switch Int.random(in: 0..<10, using: &rng) {
      case 0: return "!\(atom(.bool, depth: d))"
      case 1:
        return
          "(\(expression(.bool, depth: d)) \(pick(["&&", "||", "==", "!="])) \(expression(.bool, depth: d)))"
      case 2, 3:
        let (a, b) =
          chance(50)
          ? mixedNumbers(depth: d) : (expression(.int, depth: d), expression(.int, depth: d))
        return "(\(a) \(pick(["==", "!=", "<", "<=", ">", ">="])) \(b))"
      case 4:
        return
          "(\(expression(.string, depth: d)) \(pick(["==", "!="])) \(expression(.string, depth: d)))"
      case 5: return "(\(expression(.string, depth: d)) in \(expression(.stringSet, depth: d)))"
      case 6:
        return
          "(\(expression(.stringSet, depth: d)) \(pick(["==", "!="])) \(expression(.stringSet, depth: d)))"
      case 7: return macro(pick(["any", "all"]), depth: d)
      case 8: return conditional(.bool, depth: d)
      default: return "(\(expression(.int, depth: d)) > \(intLiteral()))"
      }
    case .string:
      return chance(50) ? conditional(.string, depth: d) : leaf(.string)
    case .stringSet:
      if chance(40) { return conditional(.stringSet, depth: d) }
      let count = Int.random(in: 0...3, using: &rng)
      let elements = (0..<count).map { _ in expression(.string, depth: d) }
      return "[" + elements.joined(separator: ", ") + "]"
    }
  }

  /// Two numeric operands of which at least one is a float.
  mutating func mixedNumbers(depth: Int) -> (String, String) {
    let floatFirst = chance(50)
    let a = expression(floatFirst ? .float : pick([.int, .float]), depth: depth)
    let b = expression(floatFirst ? pick([.int, .float]) : .float, depth: depth)
    return (a, b)
  }

  mutating func conditional(_ type: ExpressionType, depth: Int) -> String {
    "(\(expression(.bool, depth: depth)) ? \(expression(type, depth: depth)) : \(expression(type, depth: depth)))"
  }

  mutating func macro(_ name: String, depth: Int) -> String {
    let variable = "v\(boundVariables.count)"
    let collection = expression(.stringSet, depth: depth)
    boundVariables.append(variable)
    let predicate = expression(.bool, depth: depth)
    boundVariables.removeLast()
    return "\(atomize(collection)).\(name)(\(variable), \(predicate))"
  }

  func atomize(_ text: String) -> String {
    text.hasPrefix("(") || text.hasPrefix("[") || !text.contains(" ") ? text : "(\(text))"
  }

  mutating func atom(_ type: ExpressionType, depth: Int) -> String {
    "(\(expression(type, depth: depth)))"
  }

  mutating func leaf(_ type: ExpressionType) -> String {
    switch type {
    case .int: return chance(50) ? intLiteral() : pick(fields(.int))
    case .float: return chance(40) ? floatLiteral() : pick(fields(.float))
    case .bool: return chance(30) ? pick(["true", "false"]) : pick(fields(.bool))
    case .string:
      if !boundVariables.isEmpty, chance(60) { return pick(boundVariables) }
      return chance(40) ? stringLiteral() : pick(fields(.string))
    case .stringSet:
      if chance(30) {
        return "[" + (0..<2).map { _ in stringLiteral() }.joined(separator: ", ") + "]"
      }
      return pick(fields(.stringSet))
    }
  }

  mutating func context() -> TestContext {
    TestContext(
      values: TestEnvironment.fields.map { field in
        switch field.type {
        case .int:
          let value: Int64 = pick([
            0, 1, -1, 5, 100, .max, .min, Int64.random(in: .min ... .max, using: &rng),
          ])
          return .int(value)
        case .float:
          let value: Double = pick([
            0, -0.0, 0.5, 3, -2.5, 1e300, .infinity, .nan,
            Double.random(in: -1e6...1e6, using: &rng),
          ])
          return .float(value)
        case .bool: return .bool(chance(50))
        case .string: return .string(pick(Self.strings))
        case .stringSet: return .stringSet(StringSet(Self.strings.filter { _ in chance(40) }))
        }
      })
  }
}

@Suite("Compiled evaluation agrees with the reference interpreter")
struct PropertyTests {
  @Test("random well-typed expressions: compiled (folded and unfolded) == interpreted == reprinted")
  func compiledMatchesReference() async {
    for seed in PropertySeeds.seeds(count: 600, salt: 5) {
      var generator = ExpressionGenerator(rng: SplitMix64(seed: seed))
      let type = generator.pick(ExpressionType.allCases)
      let text = generator.expression(type, depth: 5)
      let context = generator.context()
      check(text, context: context)
    }
  }

  func check(_ text: String, context: TestContext) {
    let source = ExpressionSource(text: text, file: SourceFileID(rawValue: 0), baseOffset: 0)
    guard let syntax = ExpressionParser().parse(source).0 else {
      Issue.record("generated expression does not parse: \(text)")
      return
    }
    let want = ReferenceInterpreter(values: TestEnvironment.valuesByPath(context)).evaluate(syntax)
    for folding in [false, true] {
      let pipeline = Pipeline(text, folding: folding)
      guard let compiled = pipeline.compiled, let checked = pipeline.checked else {
        Issue.record("generated expression rejected: \(text)\n\(pipeline.rendered)")
        return
      }
      let got = compiled.evaluate(context)
      #expect(
        sameValue(got, want), "folding \(folding): \(text)\ncompiled \(got), reference \(want)")
      if folding {
        // The folded, printed form means the same thing.
        let printed = ExpressionPrinter.print(checked)
        let reprinted = Pipeline(printed)
        if let again = reprinted.compiled {
          let value = again.evaluate(context)
          #expect(sameValue(value, want), "printed \(printed) gives \(value), want \(want)")
        } else {
          Issue.record("printed form rejected: \(printed)\n\(reprinted.rendered)")
        }
      }
    }
  }

  @Test("random byte strings never crash the front end and always produce a result or an error")
  func fuzzFrontEnd() async {
    let alphabet = Array(
      "host.vm.networks memoryMiB ()[],!&|=<>+-*/%?:'\"\\ 0123456789 abc in true e🐑\n{}")
    for seed in PropertySeeds.seeds(count: 2000, salt: 6) {
      var rng = SplitMix64(seed: seed)
      let length = Int.random(in: 0...40, using: &rng)
      let text = String(
        (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
      let pipeline = Pipeline(text)
      #expect(pipeline.compiled != nil || !pipeline.errors.isEmpty, "\(text)")
      let source = ExpressionSource(text: text, file: SourceFileID(rawValue: 0), baseOffset: 0)
      let template = ExpressionChecker(environment: TestEnvironment.environment).checkTemplate(
        source)
      #expect(template.0 != nil || template.1.contains { $0.severity == .error })
    }
  }
}
