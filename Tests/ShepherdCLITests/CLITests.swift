import ShepherdTestSupport
import Testing

/// End-to-end: the built binary, its stdout, stderr and exit code.
@Suite("shepherd CLI")
struct CLITests {
  @Test("--help lists the commands and exits 0")
  func help() throws {
    let result = try CLIRunner.run(["--help"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("codes"))
  }

  @Test("an unknown option is a usage error: exit 2, not argument-parser's 64")
  func usageError() throws {
    let result = try CLIRunner.run(["--no-such-option"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("Unknown option"))
  }

  @Test("--max-yaml-depth is bounded: a depth that could exhaust the stack is a usage error")
  func depthCeiling() throws {
    let result = try CLIRunner.run([
      "validate", "Fixtures/clusters/minimal.yaml", "--max-yaml-depth", "50000",
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("--max-yaml-depth must be at most 1000"))
    let ceiling = try CLIRunner.run([
      "validate", "Fixtures/invalid/yaml/deep-nesting.yaml", "--max-yaml-depth", "1000",
    ])
    #expect(ceiling.status == 1)
    #expect(!ceiling.diedOfSignal)
  }

  @Test("codes explains a code; an unknown code suggests the closest one")
  func codes() throws {
    let known = try CLIRunner.run(["codes", "Y003"])
    #expect(known.status == 0)
    #expect(known.stdout.hasPrefix("Y003: duplicate mapping key"))
    let unknown = try CLIRunner.run(["codes", "Y03"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("did you mean 'Y003'?"))
  }
}
