public import Diagnostics

/// A string-keyed map of scalar values in source order, with spans, such as a VM's
/// `customProperties` or the cluster's scheduling `properties`.
///
/// Kept as an ordered array (never a `Dictionary`) so that any output built from it is
/// deterministic; maps in a snapshot are small, so lookups are a linear scan.
public struct PropertyMap: Hashable, Sendable {
  /// One key/value pair.
  public struct Entry: Hashable, Sendable {
    /// The key.
    public var key: String
    /// The value as written (`12` reads as "12").
    public var value: String
    /// Where the value is written; `nil` for entries built in code.
    public var valueSpan: SourceSpan?

    /// Creates an entry.
    public init(key: String, value: String, valueSpan: SourceSpan? = nil) {
      self.key = key
      self.value = value
      self.valueSpan = valueSpan
    }
  }

  /// The entries, in source order; keys are unique (the YAML layer rejects duplicate keys).
  public var entries: [Entry]

  /// Creates a map.
  public init(_ entries: [Entry] = []) { self.entries = entries }

  /// The value for a key.
  /// - Complexity: O(n) in the number of entries.
  public subscript(key: String) -> String? { entries.first { $0.key == key }?.value }

  /// Whether the map is empty.
  public var isEmpty: Bool { entries.isEmpty }
}
