/// The machine-readable form of diagnostics: the same fields as the text form.
///
/// ```json
/// {"code":"Y004","severity":"error","message":"duplicate key 'name' in mapping",
///  "location":{"file":"demo.yaml","line":4,"column":3,"endLine":4,"endColumn":7},
///  "notes":[{"message":"'name' first appears here","location":{…}}],"help":"…"}
/// ```
public struct DiagnosticJSONRenderer: Sendable {
  /// The files spans point into.
  public var sources: SourceMap

  /// Creates a renderer.
  public init(sources: SourceMap) { self.sources = sources }

  /// A JSON object for one diagnostic, keys sorted, no trailing newline.
  public func object(_ diagnostic: Diagnostic) -> JSONValue {
    var fields: [(String, JSONValue)] = [
      ("code", .string(diagnostic.code.rawValue)),
      ("severity", .string(diagnostic.severity.rawValue)),
      ("message", .string(diagnostic.message)),
    ]
    if let location = location(diagnostic.span) {
      fields.append(("location", location))
    } else if let path = diagnostic.path {
      fields.append(("location", .object([("file", .string(path))])))
    }
    if !diagnostic.notes.isEmpty {
      fields.append(
        (
          "notes",
          .array(
            diagnostic.notes.map { note in
              var noteFields: [(String, JSONValue)] = [("message", .string(note.message))]
              if let location = location(note.span) { noteFields.append(("location", location)) }
              return .object(noteFields)
            })
        ))
    }
    if let help = diagnostic.help { fields.append(("help", .string(help))) }
    return .object(fields)
  }

  /// A JSON document `{"diagnostics":[…],"dropped":N}` for a list of diagnostics, sorted.
  public func document(_ diagnostics: [Diagnostic], droppedCount: Int = 0) -> JSONValue {
    .object([
      ("diagnostics", .array(Diagnostic.sorted(diagnostics).map(object))),
      ("dropped", .int(droppedCount)),
    ])
  }

  private func location(_ span: SourceSpan?) -> JSONValue? {
    guard let span, let file = sources[span.file] else { return nil }
    let start = file.location(of: Int(span.start))
    let end = file.location(of: Int(span.end))
    return .object([
      ("file", .string(file.path)),
      ("line", .int(start.line)),
      ("column", .int(start.column)),
      ("endLine", .int(end.line)),
      ("endColumn", .int(end.column)),
      ("offset", .int(Int(span.start))),
      ("endOffset", .int(Int(span.end))),
    ])
  }
}
