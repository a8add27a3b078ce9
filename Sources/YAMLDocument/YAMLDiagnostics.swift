public import Diagnostics

extension DiagnosticDescriptor {
  /// libyaml rejected the text (scanner or parser error).
  public static let yamlSyntax = DiagnosticDescriptor(
    "Y001", title: "YAML syntax error",
    explanation: """
      libyaml could not parse the text. The message is libyaml's own; a note points at the \
      construct it was reading ("while scanning a quoted scalar"). Tabs cannot indent YAML: \
      use spaces.
      """)
  /// The bytes are not valid UTF-8 or contain forbidden control characters.
  public static let yamlEncoding = DiagnosticDescriptor(
    "Y002", title: "invalid characters in input",
    explanation: """
      Shepherd reads YAML as UTF-8. The input has an invalid UTF-8 sequence or a control \
      character YAML does not allow (such as NUL). Re-save the file as UTF-8 text.
      """)
  /// A mapping has the same key twice.
  public static let yamlDuplicateKey = DiagnosticDescriptor(
    "Y003", title: "duplicate mapping key",
    explanation: """
      A mapping lists the same key twice. YAML forbids it, and many parsers silently keep the \
      last value; Shepherd rejects the file and points at both occurrences.
      """)
  /// An alias names no anchor.
  public static let yamlUndefinedAlias = DiagnosticDescriptor(
    "Y004", title: "undefined alias",
    explanation: "An alias (`*name`) refers to an anchor (`&name`) that is not defined before it.")
  /// Aliases expand to too many nodes.
  public static let yamlAliasBudget = DiagnosticDescriptor(
    "Y005", title: "alias expansion budget exceeded",
    explanation: """
      Aliases would expand to more nodes than the limit allows (default 100,000). This is how \
      "billion laughs" files exhaust memory; Shepherd stops at the alias that crosses the budget.
      """)
  /// Nesting deeper than allowed.
  public static let yamlDepthLimit = DiagnosticDescriptor(
    "Y006", title: "nesting too deep",
    explanation: "Sequences and mappings are nested deeper than the limit (default 128 levels).")
  /// Too many nodes.
  public static let yamlNodeLimit = DiagnosticDescriptor(
    "Y007", title: "too many nodes",
    explanation: """
      The stream has more nodes than the limit allows (default 5,000,000; --max-yaml-nodes \
      raises it).
      """)
  /// A mapping key that is not a scalar.
  public static let yamlComplexKey = DiagnosticDescriptor(
    "Y008", title: "complex mapping key",
    explanation: "Mapping keys must be scalars; sequences and mappings as keys are not supported.")
  /// `<<` merge keys.
  public static let yamlMergeKey = DiagnosticDescriptor(
    "Y009", title: "merge keys are not supported",
    explanation: """
      `<<` merge keys belong to YAML 1.1 and are not part of YAML 1.2. Shepherd rejects them \
      instead of merging silently; write the keys out, or use an alias for a whole value.
      """)
  /// A tag Shepherd does not understand.
  public static let yamlUnsupportedTag = DiagnosticDescriptor(
    "Y010", title: "unsupported tag",
    explanation: """
      Only the core-schema tags `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq` and \
      `!!map` are supported.
      """)
  /// A node has a different kind or type than expected.
  public static let yamlTypeMismatch = DiagnosticDescriptor(
    "Y011", title: "unexpected node type",
    explanation: """
      A value has the wrong shape, e.g. a sequence where a mapping is expected, or a string \
      where a number is expected. Under YAML 1.2, `yes`/`no`/`on`/`off` are strings, not \
      booleans: write `true` or `false`.
      """)
  /// Too many documents.
  public static let yamlDocumentLimit = DiagnosticDescriptor(
    "Y012", title: "too many documents",
    explanation: "The stream has more documents than the limit allows (default 10,000).")
  /// A scalar longer than the limit.
  public static let yamlScalarLimit = DiagnosticDescriptor(
    "Y013", title: "scalar too long",
    explanation: """
      A scalar (a name, a value) is longer than the limit (default 1 MiB; \
      --max-yaml-scalar-bytes raises it). Composition stops there.
      """)
  /// A mapping with more keys than the limit.
  public static let yamlMappingKeyLimit = DiagnosticDescriptor(
    "Y014", title: "too many keys in a mapping",
    explanation: """
      A mapping has more keys than the limit (default 10,000; --max-yaml-keys raises it). \
      Composition stops there.
      """)
  /// A sequence with more items than the limit.
  public static let yamlSequenceItemLimit = DiagnosticDescriptor(
    "Y015", title: "too many items in a sequence",
    explanation: """
      A sequence (a list) has more items than the limit (default 250,000; --max-yaml-items \
      raises it). Composition stops there, before the items use much memory.
      """)
}

/// Every diagnostic the YAML layer reports.
public enum YAMLDiagnostics {
  /// Every YAML descriptor.
  public static let all: [DiagnosticDescriptor] = [
    .yamlSyntax, .yamlEncoding, .yamlDuplicateKey, .yamlUndefinedAlias, .yamlAliasBudget,
    .yamlDepthLimit, .yamlNodeLimit, .yamlComplexKey, .yamlMergeKey, .yamlUnsupportedTag,
    .yamlTypeMismatch, .yamlDocumentLimit, .yamlScalarLimit, .yamlMappingKeyLimit,
    .yamlSequenceItemLimit,
  ]
}
