import Diagnostics
import Foundation
import PolicyExpression
import ShepherdTestSupport
import Testing

/// One conformance case from `Fixtures/expr/*.json` (cel-spec style).
struct ConformanceCase: CustomTestStringConvertible, Sendable {
  var file: String
  var name: String
  var expression: String
  var values: [String: ExpressionValue]
  var want: ExpressionValue?
  var wantError: String?
  var wantMessage: String?

  var testDescription: String { "\(file): \(name)" }

  static func loadAll() -> [ConformanceCase] {
    Golden.files(in: "Fixtures/expr", withExtensions: ["json"]).flatMap(load)
  }

  static func load(_ relativePath: String) -> [ConformanceCase] {
    let name = String(relativePath.split(separator: "/").last ?? "")
    guard let bytes = Golden.readBytes(Golden.path(relativePath)),
      let root = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
      let tests = root["tests"] as? [[String: Any]]
    else {
      return [
        ConformanceCase(
          file: name, name: "<unreadable>", expression: "", values: [:], want: nil,
          wantError: "unreadable fixture")
      ]
    }
    return tests.map { test in
      var values: [String: ExpressionValue] = [:]
      for (path, raw) in test["values"] as? [String: Any] ?? [:] {
        guard let index = TestEnvironment.index(of: path) else { continue }
        values[path] = decode(raw, as: TestEnvironment.fields[index].type)
      }
      var want: ExpressionValue?
      if let tagged = test["want"] as? [String: Any], let (tag, raw) = tagged.first {
        let type: ExpressionType =
          switch tag {
          case "int": .int
          case "float": .float
          case "bool": .bool
          case "string": .string
          default: .stringSet
          }
        want = decode(raw, as: type)
      }
      return ConformanceCase(
        file: name, name: test["name"] as? String ?? "?", expression: test["expr"] as? String ?? "",
        values: values, want: want, wantError: test["want_error"] as? String,
        wantMessage: test["want_message"] as? String)
    }
  }

  /// Decodes a JSON value as the given type; ints and special floats may be strings.
  static func decode(_ raw: Any, as type: ExpressionType) -> ExpressionValue? {
    switch type {
    case .int:
      if let text = raw as? String { return Int64(text).map(ExpressionValue.int) }
      return (raw as? NSNumber).map { .int($0.int64Value) }
    case .float:
      if let text = raw as? String {
        switch text {
        case "nan": return .float(.nan)
        case "inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        default: return Double(text).map(ExpressionValue.float)
        }
      }
      return (raw as? NSNumber).map { .float($0.doubleValue) }
    case .bool: return (raw as? Bool).map(ExpressionValue.bool)
    case .string: return (raw as? String).map(ExpressionValue.string)
    case .stringSet: return (raw as? [String]).map { .stringSet(StringSet($0)) }
    }
  }

  var context: TestContext {
    var context = TestEnvironment.zeroContext
    for (path, value) in values {
      if let index = TestEnvironment.index(of: path) { context.values[index] = value }
    }
    return context
  }
}

@Suite("Conformance cases from Fixtures/expr")
struct ConformanceTests {
  @Test("fixture files exist and parse")
  func fixturesLoad() {
    let cases = ConformanceCase.loadAll()
    #expect(cases.count >= 50)
    #expect(!cases.contains { $0.wantError == "unreadable fixture" })
    #expect(cases.allSatisfy { ($0.want == nil) != ($0.wantError == nil) })
  }

  @Test(
    "compiled result, with and without folding, and the reference interpreter agree with the fixture",
    arguments: ConformanceCase.loadAll())
  func conformance(_ testCase: ConformanceCase) throws {
    for folding in [true, false] {
      let pipeline = Pipeline(testCase.expression, folding: folding)
      if let wantError = testCase.wantError {
        let first = pipeline.errors.first
        #expect(first?.code.rawValue == wantError, "\(pipeline.rendered)")
        if let wantMessage = testCase.wantMessage {
          #expect(first?.message == wantMessage)
        }
        continue
      }
      let want = try #require(testCase.want)
      #expect(pipeline.errors.isEmpty, "\(pipeline.rendered)")
      let compiled = try #require(pipeline.compiled)
      let got = compiled.evaluate(testCase.context)
      #expect(sameValue(got, want), "folding \(folding): got \(got), want \(want)")
    }
    if let want = testCase.want {
      let (syntax, _) = ExpressionParser().parse(
        ExpressionSource(text: testCase.expression, file: SourceFileID(rawValue: 0), baseOffset: 0))
      let reference = ReferenceInterpreter(
        values: TestEnvironment.valuesByPath(testCase.context))
      let got = try reference.evaluate(#require(syntax))
      #expect(sameValue(got, want), "reference interpreter: got \(got), want \(want)")
    }
  }
}
