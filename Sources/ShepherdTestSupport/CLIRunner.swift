import Foundation

/// Runs the built `shepherd` binary as a subprocess, for end-to-end tests.
package enum CLIRunner {
  /// What one run printed and returned.
  package struct Result: Sendable {
    /// Standard output.
    package var stdout: String
    /// Standard error.
    package var stderr: String
    /// The exit status, or the signal's number when the process died of one.
    package var status: Int32
    /// Whether the process died of a signal (a trap, an abort) instead of exiting.
    package var diedOfSignal: Bool = false

    /// The run as a golden transcript: the command line, the exit status, stdout and stderr.
    package func transcript(_ arguments: [String]) -> String {
      "$ shepherd \(arguments.joined(separator: " "))\n"
        + "-- exit \(status)\n-- stdout\n\(stdout)-- stderr\n\(stderr)"
    }
  }

  /// The `shepherd` binary next to the test bundle (both live in the build products folder).
  package static var binaryPath: String {
    let runner = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
    var directory = runner.deletingLastPathComponent()
    // On Linux the runner is `…/debug/ShepherdPackageTests.xctest`; walk up until a
    // `shepherd` executable appears.
    for _ in 0..<4 {
      let candidate = directory.appendingPathComponent("shepherd").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    return Golden.path(".build/debug/shepherd")
  }

  /// Runs `shepherd` with arguments, from the repository root (or `directory`), with colour
  /// off.
  package static func run(
    _ arguments: [String], stdin: String? = nil, in directory: String? = nil,
    environment extra: [String: String] = [:]
  ) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binaryPath)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory ?? Golden.repositoryRoot())
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment["COLUMNS"] = "100"
    environment.merge(extra) { _, new in new }
    process.environment = environment
    let outPipe = Pipe()
    let errPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    let inPipe = stdin.map { _ in Pipe() }
    process.standardInput = inPipe ?? FileHandle.nullDevice
    try process.run()
    if let inPipe, let stdin {
      // Written on its own thread: the child may fill its output pipes before reading all.
      DispatchQueue.global().async {
        inPipe.fileHandleForWriting.write(Data(stdin.utf8))
        try? inPipe.fileHandleForWriting.close()
      }
    }
    // Read both pipes concurrently so a large output cannot deadlock the child.
    let outBox = DataBox()
    let errBox = DataBox()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      outBox.data = outPipe.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
      errBox.data = errPipe.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    group.wait()
    process.waitUntilExit()
    return Result(
      stdout: String(decoding: outBox.data, as: UTF8.self),
      stderr: String(decoding: errBox.data, as: UTF8.self),
      status: process.terminationStatus,
      diedOfSignal: process.terminationReason == .uncaughtSignal)
  }
}

/// A mutable box the reader threads fill; each is written by one thread and read after
/// `DispatchGroup.wait()`, which orders the accesses.
private final class DataBox: @unchecked Sendable {
  var data = Data()
}
