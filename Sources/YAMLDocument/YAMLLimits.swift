/// Limits that keep a hostile YAML file from using unbounded time or memory.
///
/// Breaking any limit is an ordinary diagnostic reported as soon as it happens; composition
/// stops there, so a "billion laughs" file or a 10,000-deep nesting fails in milliseconds.
public struct YAMLLimits: Hashable, Sendable {
  /// Largest input accepted, in bytes (default 256 MiB).
  public var maxInputBytes: Int
  /// Deepest nesting of sequences and mappings (default 128, at most ``depthCeiling``).
  public var maxDepth: Int
  /// Most nodes composed in one stream, alias expansions included (default 5,000,000: a
  /// 100,000-VM snapshot has about 2,000,000).
  public var maxNodes: Int
  /// Longest scalar, in UTF-8 bytes (default 1 MiB). libyaml reads a whole scalar before the
  /// composer sees it, so the reader also stops once ``inputBytesPerNode`` bytes pass without
  /// a node: a 100 MB scalar is refused after a few megabytes, not after reading it all.
  public var maxScalarBytes: Int
  /// Most keys in one mapping (default 10,000).
  public var maxMappingKeys: Int
  /// Most items in one sequence (default 250,000: a snapshot's `vms` list of 100,000 VMs
  /// fits; a ten-million-item list is refused after a few megabytes).
  public var maxSequenceItems: Int
  /// Most nodes materialised through aliases in one stream (default 100,000).
  public var maxAliasExpansionNodes: Int
  /// Most documents in one stream (default 10,000).
  public var maxDocuments: Int

  /// Creates limits; every parameter has a default.
  public init(
    maxInputBytes: Int = 256 * 1024 * 1024,
    maxDepth: Int = 128,
    maxNodes: Int = 5_000_000,
    maxScalarBytes: Int = 1 << 20,
    maxMappingKeys: Int = 10_000,
    maxSequenceItems: Int = 250_000,
    maxAliasExpansionNodes: Int = 100_000,
    maxDocuments: Int = 10_000
  ) {
    self.maxInputBytes = maxInputBytes
    self.maxDepth = maxDepth
    self.maxNodes = maxNodes
    self.maxScalarBytes = maxScalarBytes
    self.maxMappingKeys = maxMappingKeys
    self.maxSequenceItems = maxSequenceItems
    self.maxAliasExpansionNodes = maxAliasExpansionNodes
    self.maxDocuments = maxDocuments
  }

  /// Most input bytes the parser may consume between two nodes: eight times the scalar limit
  /// (escapes and folded indentation make a scalar's source longer than its value) plus
  /// 1 MiB of slack for comments and whitespace.
  public var inputBytesPerNode: Int {
    let (scaled, overflow) = maxScalarBytes.multipliedReportingOverflow(by: 8)
    if overflow { return Int.max }
    let (total, overflowAgain) = scaled.addingReportingOverflow(1 << 20)
    return overflowAgain ? Int.max : total
  }

  /// The defaults.
  public static let `default` = YAMLLimits()

  /// The deepest nesting any setting may allow: freeing a deeper tree recurses once per level
  /// and could overflow the stack.
  public static let depthCeiling = 1_000

  /// The largest input any setting may allow (2 GiB): source positions are 32-bit offsets.
  public static let inputBytesCeiling = 1 << 31
}
