/// The bounds every expression stage enforces, in one place.
///
/// Breaking a limit is an ordinary diagnostic (``DiagnosticDescriptor/exprTooLong``,
/// ``DiagnosticDescriptor/exprTooDeep``, ``DiagnosticDescriptor/exprTooManyNodes``) reported
/// before any expensive work: the length is checked before lexing, and the parser stops the
/// moment the tree would grow deeper than ``maxDepth``, so no stage ever recurses deeper than
/// that (a hostile `((((…` cannot overflow the stack).
public struct ExpressionLimits: Hashable, Sendable {
  /// The most Unicode scalars in one expression or reason template.
  public var maxLengthScalars: Int
  /// The deepest syntax tree allowed; every stage recurses at most this deep.
  public var maxDepth: Int
  /// The most syntax nodes in one expression.
  public var maxNodes: Int

  /// The defaults: 4096 scalars, depth 64, 1024 nodes.
  public static let `default` = ExpressionLimits()

  /// Creates limits; values below 1 are raised to 1.
  public init(maxLengthScalars: Int = 4096, maxDepth: Int = 64, maxNodes: Int = 1024) {
    self.maxLengthScalars = max(1, maxLengthScalars)
    self.maxDepth = max(1, maxDepth)
    self.maxNodes = max(1, maxNodes)
  }
}
