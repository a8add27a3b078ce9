package import ArgumentParser

/// The `shepherd` root command: a policy engine for VM placement and migration.
package struct ShepherdCommand: ParsableCommand {
  package static let configuration = CommandConfiguration(
    commandName: "shepherd",
    abstract: "Policy-as-data placement and migration planning for VM clusters (oVirt/RHV rules).",
    discussion: """
      Shepherd reads a cluster snapshot and YAML policies, and answers operators' questions \
      without touching a hypervisor.

      Exit codes: 0 ok, 1 findings (or a plan that is not fully possible), 2 usage or input error.

      Examples:
        shepherd inspect Fixtures/clusters/demo.yaml
        shepherd validate Fixtures/clusters/*.yaml --format json
        shepherd compile vm_evenly_distributed
        shepherd codes Y003
      """,
    version: ShepherdVersion.current,
    subcommands: [
      InspectCommand.self, ValidateCommand.self, CompileCommand.self, PlaceCommand.self,
      ExplainCommand.self, AuditCommand.self, PlanCommand.self, VerifyCommand.self,
      SimulateCommand.self,
      LintCommand.self, SchemaCommand.self, CodesCommand.self, FieldsCommand.self,
      TestCommand.self, DiffCommand.self, ReportCommand.self, ImportCommand.self,
    ]
  )

  package init() {}

  /// Every subcommand's name, in help order.
  package static var subcommandNames: [String] {
    configuration.subcommands.map { $0.configuration.commandName ?? "" }
  }
}

/// The version string printed by `--version`.
package enum ShepherdVersion {
  /// The release number.
  package static let number = "0.1.0"
  /// The git commit the binary was built from (stamped at build time; "unknown" outside a
  /// git checkout).
  package static let commit = BuildInfo.commit
  /// What `--version` prints: `0.1.0 (commit 1a2b3c4d5e6f)`.
  package static let current = "\(number) (commit \(commit))"
}
