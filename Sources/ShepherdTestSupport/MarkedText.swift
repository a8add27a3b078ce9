/// Source text with emoji markers (1️⃣ 2️⃣ …) that name positions, swift-format style.
///
/// The markers are removed from ``text``; ``offsets`` maps each marker to the UTF-8 byte offset
/// where it stood in the cleaned text.
package struct MarkedText: Sendable {
  /// The text without markers.
  package let text: String
  /// Marker → byte offset in ``text``.
  package let offsets: [String: Int]

  /// The markers this type recognises, in order.
  package static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟"]

  /// Parses marked text.
  package init(_ marked: String) {
    var text = ""
    var offsets: [String: Int] = [:]
    var remaining = Substring(marked)
    outer: while !remaining.isEmpty {
      for marker in MarkedText.markers where remaining.hasPrefix(marker) {
        offsets[marker] = text.utf8.count
        remaining = remaining.dropFirst(marker.count)
        continue outer
      }
      if let first = remaining.first { text.append(first) }
      remaining = remaining.dropFirst()
    }
    self.text = text
    self.offsets = offsets
  }
}
