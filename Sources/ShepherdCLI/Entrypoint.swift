import ArgumentParser
import Diagnostics
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Shepherd's exit codes, mapped in one place.
package enum ShepherdExit: Int32, Sendable {
  /// Everything asked for was done and nothing was found.
  case success = 0
  /// Findings were reported, or a plan is not fully possible.
  case findings = 1
  /// Usage error or unreadable / malformed input.
  case usage = 2
  /// An internal error: Shepherd's own checks reject what it produced (a bug).
  case internalError = 3
}

/// An error thrown by a command after it has printed its own output, carrying the exit code.
struct CommandExit: Error {
  let code: ShepherdExit
}

/// Runs the CLI and returns the process exit code (argument-parser's 64 becomes 2).
package enum ShepherdMain {
  /// Parses `arguments` (without the program name), runs the command and maps every outcome to
  /// Shepherd's exit codes.
  package static func run(_ arguments: [String]) -> Int32 {
    do {
      var command = try ShepherdCommand.parseAsRoot(arguments)
      try command.run()
      return ShepherdExit.success.rawValue
    } catch let exit as CommandExit {
      return exit.code.rawValue
    } catch {
      let code = ShepherdCommand.exitCode(for: error)
      let message = ShepherdCommand.fullMessage(for: error)
      if code == .success {
        if !message.isEmpty { Console.out(message + "\n") }
        return ShepherdExit.success.rawValue
      }
      Console.err(message + "\n")
      return ShepherdExit.usage.rawValue
    }
  }
}

/// The only place that writes to the terminal.
enum Console {
  static func out(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  /// Writes human-readable text to stderr, control and bidi characters escaped
  /// (`TerminalText.sanitizedOutput`).
  static func err(_ text: String) {
    FileHandle.standardError.write(Data(TerminalText.sanitizedOutput(text).utf8))
  }

  /// Writes human-readable text (a report, a table) to stdout, control and bidi characters
  /// escaped; data formats (JSON, SARIF, JUnit, Markdown for files) go through ``out(_:)``.
  static func text(_ text: String) {
    out(TerminalText.sanitizedOutput(text))
  }

  /// Whether stderr is a terminal that wants colour (never with `NO_COLOR`).
  static var stderrWantsColor: Bool {
    if getenv("NO_COLOR") != nil { return false }
    return isatty(STDERR_FILENO) != 0
  }
}

extension Console {
  /// Writes a command's result to a file, or to stdout without one; a file that cannot be
  /// written is a usage error (exit 2). Human-readable text (`isText`) has its control and bidi
  /// characters escaped (`TerminalText.sanitizedOutput`); data formats are written as they are.
  static func write(_ text: String, toFile path: String?, isText: Bool = false) throws {
    let text = isText ? TerminalText.sanitizedOutput(text) : text
    guard let path else { return out(text) }
    try write(Data(text.utf8), toFile: path)
  }

  /// Writes bytes to a file; a file that cannot be written is a usage error (exit 2).
  static func write(_ data: Data, toFile path: String) throws {
    do {
      try data.write(to: URL(fileURLWithPath: path))
    } catch {
      err("error: cannot write '\(path)': \(error.localizedDescription)\n")
      throw CommandExit(code: .usage)
    }
  }
}
