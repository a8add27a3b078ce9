import Foundation
import ProgressReporting
import ShepherdTestSupport
import Synchronization
import Testing

@testable import ShepherdCLI

/// The progress line of `plan`, `import` and `test`: throttling and formatting with an injected
/// clock and writer, and no progress at all with `--quiet` or a stderr that is not a terminal.
@Suite("progress line")
struct ProgressLineTests {
  /// A clock the test moves by hand and the bytes written.
  final class Terminal: Sendable {
    let now = Mutex(0.0)
    let written = Mutex<[String]>([])

    func line(interval: Double = 0.1, width: Int = 79) -> ProgressLine {
      ProgressLine(
        interval: interval, width: width, clock: { self.now.withLock { $0 } },
        write: { text in self.written.withLock { $0.append(text) } })
    }
    func advance(_ seconds: Double) { now.withLock { $0 += seconds } }
    var output: [String] { written.withLock { $0 } }
  }

  @Test("updates closer together than the interval are dropped; the first always shows")
  func throttles() {
    let terminal = Terminal()
    let line = terminal.line()
    line.report(ProgressUpdate(stage: "balancing", done: 0, total: 20))
    terminal.advance(0.05)
    line.report(ProgressUpdate(stage: "balancing", done: 1, total: 20))
    terminal.advance(0.05)
    line.report(ProgressUpdate(stage: "balancing", done: 2, total: 20))
    terminal.advance(0.01)
    line.report(ProgressUpdate(stage: "balancing", done: 3, total: 20))
    #expect(
      terminal.output == [
        ProgressLine.erase + "balancing: 0/20", ProgressLine.erase + "balancing: 2/20",
      ])
  }

  @Test("finish erases a shown line once, and nothing when nothing was shown")
  func finishes() {
    let terminal = Terminal()
    let line = terminal.line()
    line.finish()
    #expect(terminal.output.isEmpty)
    line.handler(ProgressUpdate(stage: "testing", done: 1, total: 3, detail: "suite/case"))
    line.finish()
    line.finish()
    #expect(
      terminal.output == [
        ProgressLine.erase + "testing: 1/3 suite/case", ProgressLine.erase,
      ])
    // After finishing, the next update shows at once.
    line.report(ProgressUpdate(stage: "converting", done: 2))
    #expect(terminal.output.last == ProgressLine.erase + "converting: 2")
  }

  @Test("the text escapes control characters and is cut to the width")
  func formats() {
    #expect(
      ProgressLine.text(
        ProgressUpdate(stage: "fetching", done: 3, detail: "GET /a\u{1B}[2J"), width: 79)
        == "fetching: 3 GET /a\\x1B[2J")
    let long = ProgressLine.text(
      ProgressUpdate(
        stage: "testing", done: 1, total: 2, detail: String(repeating: "x", count: 100)),
      width: 20)
    #expect(long == "testing: 1/2 xxxxxx…")
    #expect(long.count == 20)
  }

  @Test("--quiet or a stderr that is not a terminal: no progress line")
  func quietAndPipes() {
    #expect(ProgressOptions.progressLine(quiet: false, isTerminal: true) != nil)
    #expect(ProgressOptions.progressLine(quiet: true, isTerminal: true) == nil)
    #expect(ProgressOptions.progressLine(quiet: false, isTerminal: false) == nil)
    #expect(ProgressOptions.progressLine(quiet: true, isTerminal: false) == nil)
  }

  @Test(
    "long commands write nothing to stderr through a pipe, with and without --quiet",
    arguments: [
      ["plan", "Fixtures/clusters/demo.yaml"],
      ["plan", "Fixtures/clusters/demo.yaml", "--quiet"],
      ["plan", "Fixtures/clusters/demo.yaml", "--maintenance", "host-04", "--quiet"],
      ["plan", "Fixtures/clusters/demo.yaml", "--optimize", "consolidate", "--quiet"],
      ["import", "ovirt", "--from", "Fixtures/ovirt/example", "--quiet"],
      ["test", "Fixtures/suites", "--quiet"],
    ])
  func pipedOutputHasNoProgress(arguments: [String]) throws {
    let result = try CLIRunner.run(arguments)
    #expect(!result.stderr.contains("\r"))
    #expect(!result.stderr.contains("\u{1B}[2K"))
    #expect(!result.stdout.contains("\r"))
  }
}
