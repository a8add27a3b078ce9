package import Diagnostics

/// The SARIF 2.1.0 format: one run whose driver lists every rule of the registry, and one
/// result per finding (exempted findings included, with an `inSource` suppression).
///
/// Columns are 1-based Unicode scalars, declared with `columnKind: "unicodeCodePoints"`;
/// `endColumn` is one past the last character, as SARIF defines it. Artifact URIs are the
/// paths as given, percent-encoded.
package struct SARIFReporter: Sendable {
  /// The files spans point into.
  package var sources: SourceMap

  /// The tool name in `tool.driver.name`.
  package static let toolName = "shepherd-lint"
  /// The schema URI written in `$schema`.
  package static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

  /// Creates a reporter.
  package init(sources: SourceMap) { self.sources = sources }

  /// The SARIF log.
  package func document(_ result: LintResult, rules: [RuleMetadata] = LintRegistry.metadata)
    -> JSONValue
  {
    var results: [JSONValue] = result.findings.map { self.result($0, rules, isSuppressed: false) }
    results += result.exemptions.map { self.result($0, rules, isSuppressed: true) }
    let driver: JSONValue = .object([
      ("name", .string(Self.toolName)),
      ("semanticVersion", .string(LintRegistry.toolVersion)),
      ("rules", .array(rules.map(Self.descriptor))),
    ])
    let run: JSONValue = .object([
      ("tool", .object([("driver", driver)])),
      ("columnKind", .string("unicodeCodePoints")),
      ("results", .array(results)),
    ])
    return .object([
      ("$schema", .string(Self.schemaURI)),
      ("version", .string("2.1.0")),
      ("runs", .array([run])),
    ])
  }

  /// The whole output, pretty-printed.
  package func render(_ result: LintResult) -> String {
    document(result).serialized(pretty: true) + "\n"
  }

  static func level(_ level: LintLevel) -> String {
    switch level {
    case .error: "error"
    case .warning: "warning"
    case .ignore: "none"
    }
  }

  static func descriptor(_ rule: RuleMetadata) -> JSONValue {
    let text =
      "\(rule.summary)\n\n\(rule.rationale)\n\nAvoid:\n\(rule.avoid)\n\nPrefer:\n\(rule.prefer)"
    let markdown =
      "\(rule.summary)\n\n\(rule.rationale)\n\nAvoid:\n\n```yaml\n\(rule.avoid)\n```\n\n"
      + "Prefer:\n\n```yaml\n\(rule.prefer)\n```"
    return .object([
      ("id", .string(rule.code.rawValue)),
      ("name", .string(rule.name)),
      ("shortDescription", .object([("text", .string(rule.summary))])),
      ("fullDescription", .object([("text", .string(rule.rationale))])),
      ("help", .object([("text", .string(text)), ("markdown", .string(markdown))])),
      ("defaultConfiguration", .object([("level", .string(level(rule.defaultLevel)))])),
      (
        "properties",
        .object([
          ("category", .string(rule.category.rawValue)),
          ("tags", .array([.string(rule.category.rawValue)])),
        ])
      ),
    ])
  }

  func result(_ finding: LintFinding, _ rules: [RuleMetadata], isSuppressed: Bool) -> JSONValue {
    let diagnostic = finding.diagnostic
    var message = diagnostic.message
    if let help = diagnostic.help { message += " (help: \(help))" }
    var fields: [(String, JSONValue)] = [
      ("ruleId", .string(finding.rule.code.rawValue)),
      ("level", .string(diagnostic.severity == .error ? "error" : "warning")),
      ("message", .object([("text", .string(message))])),
      ("locations", .array([location(finding.path, diagnostic.span)])),
    ]
    if let index = rules.firstIndex(where: { $0.code == finding.rule.code }) {
      fields.append(("ruleIndex", .int(index)))
    }
    let related = diagnostic.notes.enumerated().compactMap { index, note -> JSONValue? in
      guard let span = note.span, let file = sources[span.file] else { return nil }
      guard case .object(var object) = location(file.path, span) else { return nil }
      object.append(("id", .int(index + 1)))
      object.append(("message", .object([("text", .string(note.message))])))
      return .object(object)
    }
    if !related.isEmpty { fields.append(("relatedLocations", .array(related))) }
    if isSuppressed {
      fields.append(
        (
          "suppressions",
          .array([
            .object([
              ("kind", .string("inSource")),
              ("justification", .string("# shepherd-lint: ignore \(finding.rule.name)")),
            ])
          ])
        ))
    }
    if let code = finding.underlyingCode {
      fields.append(("properties", .object([("underlyingCode", .string(code.rawValue))])))
    }
    return .object(fields)
  }

  func location(_ path: String, _ span: SourceSpan?) -> JSONValue {
    var physical: [(String, JSONValue)] = [
      ("artifactLocation", .object([("uri", .string(Self.uri(path)))]))
    ]
    if let region = FindingRegion(span, in: sources) {
      physical.append(
        (
          "region",
          .object([
            ("startLine", .int(region.startLine)),
            ("startColumn", .int(region.startColumn)),
            ("endLine", .int(region.endLine)),
            ("endColumn", .int(region.endColumn)),
          ])
        ))
    }
    return .object([("physicalLocation", .object(physical))])
  }

  /// A relative URI reference for a path: unreserved characters and `/` stay, everything else
  /// is percent-encoded as UTF-8.
  static func uri(_ path: String) -> String {
    var out = ""
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    return out
  }
}
