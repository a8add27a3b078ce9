import ArgumentParser
import Diagnostics
import Foundation
import Inventory
import Plan
import Policy

/// The documents Shepherd publishes a JSON Schema for.
///
/// Add a case (and its generator in ``SchemaCommand/schema(for:)``) when another document gets
/// one.
enum SchemaName: String, ExpressibleByArgument, CaseIterable, Sendable {
  /// A cluster snapshot (`kind: ClusterSnapshot`).
  case snapshot
  /// A migration plan (`kind: MigrationPlan`), the executor contract.
  case plan
  /// One document of a policy file (`kind: Filter`, `Weight`, `Balancer`, `SchedulingPolicy`,
  /// `MigrationPolicy` or `ResiliencePolicy`).
  case policy
}

/// `shepherd schema NAME`: prints a JSON Schema for editors and CI.
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print the JSON Schema (draft 2020-12) of a Shepherd document.",
    discussion: """
      The schema is generated from the same field registry (or, for policies, the same key \
      lists) the loader reads documents through, so it lists every field with its type, \
      bounds, default and description. Editors use it for completion and inline errors; the \
      checked-in copy lives in Docs/schemas/. The schema checks fields one at a time; checks \
      that relate fields (references, duplicate names, free ≤ total, expression types) are \
      `shepherd validate`'s and `shepherd compile`'s.

      Available schemas: \(SchemaName.allCases.map(\.rawValue).joined(separator: ", ")).

      Examples:
        shepherd schema snapshot
        shepherd schema snapshot --output Docs/schemas/snapshot.schema.json
        shepherd schema plan
        shepherd schema policy --output Docs/schemas/policy.schema.json
      """)

  @Argument(help: "The schema to print.")
  var name: SchemaName

  @Option(name: .shortAndLong, help: "Write the schema to this file instead of stdout.")
  var output: String?

  func validate() throws { try validateOutputPath(output) }

  func run() throws {
    try Console.write(
      SchemaCommand.schema(for: name).serialized(pretty: true) + "\n", toFile: output)
  }

  /// The schema of a document.
  static func schema(for name: SchemaName) -> JSONValue {
    switch name {
    case .snapshot: SnapshotSchema.json()
    case .plan: PlanSchema.json()
    case .policy: PolicySchema.json()
    }
  }
}
