extension DiagnosticDescriptor {
  /// A file could not be read (missing, a directory, permission denied).
  public static let unreadableInput = DiagnosticDescriptor(
    "G001", title: "input cannot be read",
    explanation: """
      The file does not exist, is a directory, or cannot be opened. Check the path; paths are \
      taken relative to the current directory.
      """)
  /// A file is larger than the input-size limit.
  public static let inputTooLarge = DiagnosticDescriptor(
    "G002", title: "input exceeds the size limit",
    explanation: """
      The file is larger than the configured input-size limit (default 256 MiB), so it is \
      rejected before parsing. Raise the limit with `--max-input-bytes` if the file is trusted.
      """)
}

/// The diagnostics owned by the Diagnostics module itself (general input handling, `G` codes).
public enum GeneralDiagnostics {
  /// Every general descriptor.
  public static let all: [DiagnosticDescriptor] = [.unreadableInput, .inputTooLarge]
}
