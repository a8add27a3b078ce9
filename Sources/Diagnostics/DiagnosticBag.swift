/// Collects diagnostics from a stage, up to a cap, and hands them out sorted.
///
/// Stages keep going after an error so one run reports as much as possible; the cap keeps a
/// hostile input from producing millions of lines.
public struct DiagnosticBag: Sendable {
  /// The most diagnostics kept; more are counted in ``droppedCount``.
  public let limit: Int
  /// The kept diagnostics, in the order they were reported.
  public private(set) var diagnostics: [Diagnostic] = []
  /// How many diagnostics were dropped because of ``limit``.
  public private(set) var droppedCount = 0
  /// Whether any error was reported (kept or dropped).
  public private(set) var hasErrors = false

  /// Default cap on kept diagnostics.
  public static let defaultLimit = 100

  /// Creates an empty bag.
  public init(limit: Int = DiagnosticBag.defaultLimit) { self.limit = max(1, limit) }

  /// Whether the cap has been reached; stages may stop early when it has.
  public var isFull: Bool { diagnostics.count >= limit }

  /// Whether nothing was reported.
  public var isEmpty: Bool { diagnostics.isEmpty && droppedCount == 0 }

  /// Reports one diagnostic.
  public mutating func append(_ diagnostic: Diagnostic) {
    if diagnostic.severity == .error { hasErrors = true }
    if diagnostics.count < limit {
      diagnostics.append(diagnostic)
    } else {
      droppedCount += 1
    }
  }

  /// Reports several diagnostics.
  public mutating func append(contentsOf others: some Sequence<Diagnostic>) {
    for diagnostic in others { append(diagnostic) }
  }

  /// Reports a diagnostic for a registered descriptor.
  public mutating func report(
    _ descriptor: DiagnosticDescriptor, _ message: String, at span: SourceSpan?,
    notes: [Diagnostic.Note] = [], help: String? = nil
  ) {
    append(Diagnostic(descriptor, message, at: span, notes: notes, help: help))
  }

  /// Merges another bag, keeping its dropped count.
  public mutating func merge(_ other: DiagnosticBag) {
    append(contentsOf: other.diagnostics)
    droppedCount += other.droppedCount
    if other.hasErrors { hasErrors = true }
  }

  /// The diagnostics sorted by (file, offset, code, message), the order every output uses.
  public var sorted: [Diagnostic] { Diagnostic.sorted(diagnostics) }
}

extension Diagnostic {
  /// Sorts diagnostics by file, offset, code and message so output never depends on the order
  /// in which a stage happened to find them.
  public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.enumerated().sorted { lhs, rhs in
      let a = lhs.element
      let b = rhs.element
      let fileA = a.span?.file.rawValue ?? UInt32.max
      let fileB = b.span?.file.rawValue ?? UInt32.max
      if fileA != fileB { return fileA < fileB }
      let startA = a.span?.start ?? 0
      let startB = b.span?.start ?? 0
      if startA != startB { return startA < startB }
      if a.code != b.code { return a.code < b.code }
      if a.message != b.message { return a.message < b.message }
      return lhs.offset < rhs.offset
    }.map(\.element)
  }
}
