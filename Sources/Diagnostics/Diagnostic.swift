/// How serious a diagnostic is.
public enum Severity: String, Comparable, Sendable, CaseIterable, Codable {
  /// Information attached to another diagnostic, or a remark.
  case note
  /// Something suspicious that does not stop the stage.
  case warning
  /// The input is wrong; the stage's result must not be used.
  case error

  private var rank: Int {
    switch self {
    case .note: 0
    case .warning: 1
    case .error: 2
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One message from any stage: YAML, snapshot, policy, expression, solver or lint.
///
/// Every stage reports through this type, so a YAML syntax error and a lint finding render
/// the same way: `file:line:col: error[CODE]: message`, the source line and a caret.
public struct Diagnostic: Hashable, Sendable {
  /// A secondary message, optionally with its own location.
  public struct Note: Hashable, Sendable {
    /// The note's text, lowercase, no trailing period.
    public var message: String
    /// Where the note points, if anywhere.
    public var span: SourceSpan?

    /// Creates a note.
    public init(_ message: String, at span: SourceSpan? = nil) {
      self.message = message
      self.span = span
    }
  }

  /// The stable code.
  public var code: DiagnosticCode
  /// How serious it is.
  public var severity: Severity
  /// What is wrong: lowercase, no trailing period, user text quoted in '…'.
  public var message: String
  /// Where it is wrong; `nil` for whole-input problems (e.g. an unreadable file).
  public var span: SourceSpan?
  /// Related locations (e.g. the first occurrence of a duplicate key).
  public var notes: [Note]
  /// How to fix it, or a did-you-mean.
  public var help: String?
  /// The file path for diagnostics with no span (e.g. "cannot read file").
  public var path: String?

  /// Creates a diagnostic with an explicit code and severity.
  public init(
    code: DiagnosticCode, severity: Severity = .error, message: String, span: SourceSpan?,
    notes: [Note] = [], help: String? = nil, path: String? = nil
  ) {
    self.code = code
    self.severity = severity
    self.message = message
    self.span = span
    self.notes = notes
    self.help = help
    self.path = path
  }

  /// Creates a diagnostic for a registered descriptor, with its default severity.
  public init(
    _ descriptor: DiagnosticDescriptor, _ message: String, at span: SourceSpan?,
    notes: [Note] = [], help: String? = nil
  ) {
    self.init(
      code: descriptor.code, severity: descriptor.defaultSeverity, message: message, span: span,
      notes: notes, help: help)
  }
}
