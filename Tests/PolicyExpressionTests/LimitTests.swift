import Diagnostics
import PolicyExpression
import Testing

@Suite("Limits are diagnostics, reached fast, without deep recursion")
struct LimitTests {
  @Test("100000 nested parentheses stop at the depth limit, without overflowing the stack")
  func deepParentheses() {
    let text = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
    let limits = ExpressionLimits(maxLengthScalars: 1_000_000)
    let pipeline = Pipeline(text, limits: limits)
    #expect(pipeline.errors.map(\.code.rawValue) == ["E002"])
    // Reported where the 65th parenthesis opens.
    #expect(pipeline.errors.first?.span?.start == UInt32(limits.maxDepth))
  }

  @Test(
    "deep unary chains, operator chains and call nesting are all bounded",
    arguments: [
      String(repeating: "!", count: 50_000) + "true",
      String(repeating: "-", count: 50_000) + "1",
      Array(repeating: "1", count: 50_000).joined(separator: " + "),
      String(repeating: "abs(", count: 50_000) + "1" + String(repeating: ")", count: 50_000),
      String(repeating: "[", count: 50_000) + "'a'" + String(repeating: "]", count: 50_000),
      String(repeating: "true ? 1 : ", count: 20_000) + "2",
      "host" + String(repeating: ".name", count: 50_000),
    ])
  func deepChains(_ text: String) {
    let pipeline = Pipeline(
      text, limits: ExpressionLimits(maxLengthScalars: 10_000_000, maxNodes: 1_000_000))
    #expect(pipeline.errors.map(\.code.rawValue) == ["E002"], "\(pipeline.errors.map(\.message))")
  }

  @Test("an expression at the depth limit is accepted")
  func atTheLimit() {
    let limits = ExpressionLimits(maxDepth: 8)
    // Seven `!` and the literal: a tree of height 8. (A path `a.b.c` is 3 levels itself.)
    let ok = String(repeating: "!", count: 7) + "true"
    #expect(Pipeline(ok, limits: limits).errors.isEmpty)
    let tooDeep = String(repeating: "!", count: 8) + "true"
    #expect(Pipeline(tooDeep, limits: limits).errors.map(\.code.rawValue) == ["E002"])
  }

  @Test("an over-long expression is rejected before lexing")
  func overLength() {
    // Full of characters the lexer would reject: the length error must come first and alone.
    let text = String(repeating: "@", count: 5000)
    let pipeline = Pipeline(text)
    #expect(pipeline.errors.map(\.code.rawValue) == ["E001"])
    #expect(
      pipeline.errors.first?.message == "expression is longer than the limit of 4096 characters")
    // The limit counts Unicode scalars, not bytes.
    let sheep = String(repeating: "🐑", count: 4096)
    #expect(Pipeline("'" + sheep + "' == vm.name").errors.map(\.code.rawValue) == ["E001"])
    #expect(Pipeline("'" + String(repeating: "🐑", count: 4000) + "' == vm.name").errors.isEmpty)
  }

  @Test("the node limit is a diagnostic")
  func nodeCount() {
    let text = Array(repeating: "host.cpu.cores > 1", count: 40).joined(separator: " && ")
    let pipeline = Pipeline(text, limits: ExpressionLimits(maxNodes: 50))
    #expect(pipeline.errors.map(\.code.rawValue) == ["E003"])
  }

  @Test("defaults are documented values")
  func defaults() {
    #expect(
      ExpressionLimits.default
        == ExpressionLimits(maxLengthScalars: 4096, maxDepth: 64, maxNodes: 1024))
    #expect(ExpressionLimits(maxLengthScalars: 0, maxDepth: -1, maxNodes: 0).maxDepth == 1)
  }
}
