/// The identity of a unit's expression for the verdict and score rows (its name and folded
/// expressions), with its hash computed once: a decision looks up one row per unit, and hashing
/// the whole text each time cost more than reading the row.
struct RowSignature: Hashable, Sendable {
  let text: String
  private let hash: Int

  init(_ text: String) {
    self.text = text
    hash = text.hashValue
  }

  func hash(into hasher: inout Hasher) { hasher.combine(hash) }

  static func == (lhs: RowSignature, rhs: RowSignature) -> Bool {
    lhs.hash == rhs.hash && lhs.text == rhs.text
  }
}
