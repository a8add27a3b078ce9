import Foundation
import ShepherdTestSupport
import Testing

/// A loopback stand-in for an engine (Fixtures/ovirt/test-server.py): 127.0.0.1, an ephemeral
/// port, HTTPS with a private CA's certificate when `tls`, stopped when the test ends (its stdin
/// closes) and in any case after 60 seconds.
private final class TestEngine {
  let process = Process()
  let input = Pipe()
  let port: Int
  let scheme: String

  init(tls: Bool = false) throws {
    let output = Pipe()
    scheme = tls ? "https" : "http"
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["python3", Golden.path("Fixtures/ovirt/test-server.py"), "--lifetime", "60"]
      + (tls ? ["--tls"] : [])
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    // The first line is "port N".
    var line = Data()
    let handle = output.fileHandleForReading
    while !line.contains(0x0A) {
      let chunk = handle.availableData
      if chunk.isEmpty { break }
      line.append(chunk)
    }
    let text = String(decoding: line, as: UTF8.self)
    guard text.hasPrefix("port "), let port = Int(text.dropFirst(5).prefix { $0.isNumber }) else {
      process.terminate()
      throw TestEngineError.didNotStart(text)
    }
    self.port = port
  }

  func url(_ mode: String = "") -> String {
    "\(scheme)://127.0.0.1:\(port)\(mode.isEmpty ? "" : "/" + mode)/ovirt-engine/api"
  }

  /// Closes the server's stdin (it shuts down) and ends the process.
  func stop() {
    try? input.fileHandleForWriting.close()
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
  }

  enum TestEngineError: Error { case didNotStart(String) }
}

/// `shepherd import ovirt --url` against the loopback engine, over HTTP and over HTTPS with a
/// private CA (Fixtures/ovirt/tls).
@Suite("import ovirt --url", .serialized)
struct ImportLiveTests {
  static let password = "s3cret pass&word"

  private func passwordFile(_ directory: String, _ password: String = password) throws -> String {
    let path = directory + "/password"
    try Data((password + "\n").utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test("a live import equals the import of the saved files, and --save replays with --from")
  func liveImport() throws {
    let engine = try TestEngine()
    defer { engine.stop() }
    let directory = try temporaryDirectory("shepherd-live")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let saved = directory + "/saved"
    let live = try CLIRunner.run([
      "import", "ovirt", "--url", engine.url(), "--user", "admin@internal", "--password-file",
      try passwordFile(directory), "--cluster", "prod-a", "--save", saved, "-o",
      directory + "/live.yaml",
    ])
    #expect(live.status == 0, "\(live.stderr)")
    #expect(live.stderr.contains("GET /hosts?follow="))
    #expect(live.stderr.contains("saved 11 responses to \(saved)"))
    let snapshot = try #require(Golden.readText(directory + "/live.yaml"))
    let fromFixture = try CLIRunner.run([
      "import", "ovirt", "--from", "Fixtures/ovirt/example", "--cluster", "prod-a",
    ])
    // Only the header line (the source) differs.
    #expect(
      snapshot.split(separator: "\n").dropFirst()
        == fromFixture.stdout.split(separator: "\n").dropFirst())
    let replay = try CLIRunner.run(["import", "ovirt", "--from", saved, "--cluster", "prod-a"])
    #expect(replay.status == 0)
    #expect(
      replay.stdout.split(separator: "\n").dropFirst()
        == fromFixture.stdout.split(separator: "\n").dropFirst())

    // The password is nowhere: not in the output, the snapshot or the saved responses.
    var everything = live.stdout + live.stderr + snapshot
    for name in (try? FileManager.default.contentsOfDirectory(atPath: saved)) ?? [] {
      everything += Golden.readText(saved + "/" + name) ?? ""
    }
    #expect(!everything.contains(Self.password))
    #expect(!everything.contains("s3cret"))
  }

  @Test(
    "each failure is one clear diagnostic and exit 2",
    arguments: [
      ("", "wrong password", "error[O012]: the engine's SSO rejected user 'admin@internal'"),
      ("expired", Self.password, "error[O012]: the engine rejected the token for GET"),
      (
        "missing", Self.password,
        "error[O013]: GET http://127.0.0.1:PORT/missing/ovirt-engine/api → HTTP 404"
      ),
      (
        "garbage", Self.password,
        "error[O014]: http://127.0.0.1:PORT/garbage/ovirt-engine/sso/oauth/token did not answer with an oVirt SSO token"
      ),
      ("fault", Self.password, "→ HTTP 500: Operation Failed: Internal Engine Error"),
      (
        "slow", Self.password,
        "error[O015]: http://127.0.0.1:PORT/slow/ovirt-engine/sso/oauth/token did not answer within 1 s"
      ),
    ])
  func failures(mode: String, password: String, expected: String) throws {
    let engine = try TestEngine()
    defer { engine.stop() }
    let directory = try temporaryDirectory("shepherd-live")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try CLIRunner.run([
      "import", "ovirt", "--url", engine.url(mode), "--user", "admin@internal",
      "--password-file", try passwordFile(directory, password), "--timeout", "1",
    ])
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    let message = expected.replacingOccurrences(of: "PORT", with: String(engine.port))
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(!result.stderr.contains(password))
  }

  @Test("a port nobody listens on is a connection error")
  func refused() throws {
    let directory = try temporaryDirectory("shepherd-live")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try CLIRunner.run([
      "import", "ovirt", "--url", "http://127.0.0.1:1/ovirt-engine/api", "--user", "a@internal",
      "--password-file", try passwordFile(directory),
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("error[O010]: cannot connect to http://127.0.0.1:1/"))
  }

  /// Runs `import ovirt --url URL` as admin@internal with the right password, plus
  /// `arguments`, in a fresh directory that `body` gets and that is removed afterwards.
  private func importLive(
    _ url: String, _ arguments: [String],
    _ body: (CLIRunner.Result, _ directory: String) throws -> Void
  ) throws {
    let directory = try temporaryDirectory("shepherd-live")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try CLIRunner.run(
      [
        "import", "ovirt", "--url", url, "--user", "admin@internal", "--password-file",
        try passwordFile(directory),
      ] + arguments.map { $0.replacingOccurrences(of: "DIR", with: directory) })
    try body(result, directory)
  }

  @Test(
    "HTTPS with the engine's CA in --ca-file, or --insecure, imports what HTTP imports",
    arguments: [["--ca-file", Golden.path("Fixtures/ovirt/tls/ca.pem")], ["--insecure"]])
  func tls(trust: [String]) throws {
    let engine = try TestEngine(tls: true)
    defer { engine.stop() }
    let fromFixture = try CLIRunner.run([
      "import", "ovirt", "--from", Golden.path("Fixtures/ovirt/example"), "--cluster", "prod-a",
    ])
    try importLive(engine.url(), ["--cluster", "prod-a", "-o", "DIR/live.yaml"] + trust) {
      result, directory in
      #expect(result.status == 0, "\(result.stderr)")
      // Only the header line (the source) differs.
      let snapshot = try #require(Golden.readText(directory + "/live.yaml"))
      #expect(
        snapshot.split(separator: "\n").dropFirst()
          == fromFixture.stdout.split(separator: "\n").dropFirst())
    }
  }

  @Test(
    "HTTPS with a CA the system store does not know is a TLS error (O011), not a hang",
    arguments: [[], ["--ca-file", Golden.path("Fixtures/ovirt/tls/other-ca.pem")]])
  func untrusted(trust: [String]) throws {
    let engine = try TestEngine(tls: true)
    defer { engine.stop() }
    try importLive(engine.url(), ["--timeout", "10"] + trust) { result, _ in
      #expect(result.status == 2)
      let prefix =
        "error[O011]: TLS with https://127.0.0.1:\(engine.port)/ovirt-engine/sso/oauth/token"
      #expect(result.stderr.contains(prefix), "\(result.stderr)")
      #expect(result.stderr.contains("--ca-file"))
      #expect(!result.stderr.contains(Self.password))
    }
  }

  @Test("an unreadable --ca-file is refused before anything is sent")
  func missingCAFile() throws {
    try importLive("https://127.0.0.1:1/ovirt-engine/api", ["--ca-file", "DIR/nope.pem"]) {
      result, directory in
      #expect(result.status != 0)
      #expect(result.stderr.contains("cannot read --ca-file '\(directory)/nope.pem'"))
    }
  }

  @Test("a response over --max-input-bytes is refused (O016) instead of held in memory")
  func tooLarge() throws {
    let engine = try TestEngine()
    defer { engine.stop() }
    try importLive(engine.url(), ["--cluster", "prod-a", "--max-input-bytes", "2000"]) {
      result, _ in
      #expect(result.status == 2)
      #expect(
        result.stderr.contains("error[O016]: http://127.0.0.1:\(engine.port)/ovirt-engine/api"))
    }
  }
}
