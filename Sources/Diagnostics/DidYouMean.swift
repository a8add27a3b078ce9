/// Suggests the closest known name for a misspelled one.
public enum DidYouMean {
  /// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
  ///
  /// Case differences cost nothing extra beyond one edit per character; a candidate is close
  /// enough when its distance is at most a third of the longer name (and at least 1 edit is
  /// allowed). Ties break by the candidate's order in `candidates`.
  public static func suggestion(for name: String, among candidates: some Sequence<String>)
    -> String?
  {
    let lowered = Array(name.lowercased().unicodeScalars)
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != name {
      let other = Array(candidate.lowercased().unicodeScalars)
      let distance = editDistance(lowered, other)
      let allowed = max(1, max(lowered.count, other.count) / 3)
      guard distance <= allowed else { continue }
      if best == nil || distance < best?.distance ?? Int.max { best = (candidate, distance) }
    }
    return best?.name
  }

  /// A `help:` text for a suggestion, or `nil`.
  public static func help(for name: String, among candidates: some Sequence<String>) -> String? {
    suggestion(for: name, among: candidates).map { "did you mean '\($0)'?" }
  }

  /// Levenshtein distance with transpositions counted as one edit.
  /// - Complexity: O(m × n).
  public static func editDistance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previousPrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          value = min(value, previousPrevious[j - 2] + 1)
        }
        current[j] = value
      }
      (previousPrevious, previous, current) = (previous, current, previousPrevious)
    }
    return previous[b.count]
  }
}
