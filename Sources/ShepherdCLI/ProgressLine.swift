import ArgumentParser
import Diagnostics
import Foundation
import ProgressReporting
import Synchronization

/// `--quiet`, shared by the long commands (`plan`, `import`, `test`).
struct ProgressOptions: ParsableArguments {
  @Flag(help: "Show no progress line (shown on stderr only when it is a terminal).")
  var quiet = false

  /// The progress line for this run: nil with `--quiet` or when stderr is not a terminal, so
  /// piped and CI output never carries it.
  func progressLine() -> ProgressLine? {
    Self.progressLine(quiet: quiet, isTerminal: isatty(STDERR_FILENO) != 0)
  }

  /// A progress line only on a terminal and without `--quiet`.
  static func progressLine(quiet: Bool, isTerminal: Bool) -> ProgressLine? {
    quiet || !isTerminal ? nil : ProgressLine()
  }
}

/// A long operation's progress as one updating line on a terminal: each update rewrites the
/// line (carriage return, erase line), at most once per ``interval``; ``finish()`` erases it,
/// so the command's own output starts on a clean line.
final class ProgressLine: Sendable {
  /// Carriage return and ANSI "erase the whole line".
  static let erase = "\r\u{1B}[2K"

  /// The shortest time between two updates shown, in seconds.
  let interval: Double
  /// The widest line written, in characters (a wrapped line could not be rewritten).
  let width: Int
  private let clock: @Sendable () -> Double
  private let write: @Sendable (String) -> Void
  private let lastShown = Mutex<Double?>(nil)

  /// Creates a progress line; `clock` returns monotonic seconds and `write` receives the bytes
  /// for the terminal (both injectable for tests).
  init(
    interval: Double = 0.1, width: Int = 79,
    clock: @escaping @Sendable () -> Double = ProgressLine.monotonicSeconds,
    write: @escaping @Sendable (String) -> Void = ProgressLine.writeToStandardError
  ) {
    self.interval = interval
    self.width = width
    self.clock = clock
    self.write = write
  }

  /// The handler to give a library operation.
  var handler: ProgressHandler { { [self] update in report(update) } }

  /// Shows `update` unless the previous one was shown less than ``interval`` ago.
  func report(_ update: ProgressUpdate) {
    let now = clock()
    lastShown.withLock { last in
      if let shown = last, now - shown < interval { return }
      last = now
      write(Self.erase + Self.text(update, width: width))
    }
  }

  /// Erases the line if anything was shown; the next update starts afresh.
  func finish() {
    lastShown.withLock { last in
      guard last != nil else { return }
      last = nil
      write(Self.erase)
    }
  }

  /// `stage: done/total detail`, control characters escaped, cut to `width` characters.
  static func text(_ update: ProgressUpdate, width: Int) -> String {
    var line =
      update.stage + ": " + (update.total.map { "\(update.done)/\($0)" } ?? "\(update.done)")
    if let detail = update.detail, !detail.isEmpty { line += " " + detail }
    let escaped = TerminalText.escaped(line)
    return escaped.count > width ? String(escaped.prefix(max(0, width - 1))) + "…" : escaped
  }

  /// Seconds since boot, monotonic.
  @Sendable static func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
  }

  /// Writes the bytes as they are: the line's own text is escaped in ``text(_:width:)``.
  @Sendable static func writeToStandardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}
