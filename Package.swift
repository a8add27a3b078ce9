// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "Shepherd",
  products: [
    .executable(name: "shepherd", targets: ["shepherd"]),
    // One library product so the separate Benchmarks/ package can import the engine.
    .library(
      name: "ShepherdKit",
      targets: [
        "Diagnostics", "YAMLDocument", "Inventory", "PolicyExpression", "Policy", "Scheduler",
        "Plan", "Planner", "Optimizer", "Workspace", "Import", "ProgressReporting",
      ]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.6.0")
  ],
  targets: [
    .systemLibrary(
      name: "CLibYAML",
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"])]
    ),
    .target(name: "Diagnostics"),
    // The progress values long operations report (the CLI shows them on a terminal).
    .target(name: "ProgressReporting"),
    .target(name: "YAMLDocument", dependencies: ["CLibYAML", "Diagnostics"]),
    .target(name: "Inventory", dependencies: ["YAMLDocument", "Diagnostics"]),
    .target(name: "PolicyExpression", dependencies: ["Diagnostics"]),
    .target(
      name: "Policy",
      dependencies: ["Inventory", "PolicyExpression", "YAMLDocument", "Diagnostics"]
    ),
    // The one loader every command uses: files, policy libraries (built-ins + --policies
    // layers), snapshots (+ --new-vms), compiled policies and the policies a snapshot names.
    .target(
      name: "Workspace",
      dependencies: ["Policy", "Inventory", "YAMLDocument", "Diagnostics"]
    ),
    .target(
      name: "Scheduler",
      dependencies: ["Policy", "Inventory", "Diagnostics"],
      // The solver state and decision invariants are checked after every change in debug
      // builds (the tests); release builds skip them.
      swiftSettings: [.define("SHEPHERD_INVARIANTS", .when(configuration: .debug))]
    ),
    // The plan model, its JSON and schema, and the independent verifier: deliberately no
    // dependency on Scheduler, so the verifier cannot reuse the solver's code path.
    .target(
      name: "Plan",
      dependencies: ["Policy", "Inventory", "YAMLDocument", "Diagnostics"]
    ),
    // Balancing, evacuation, resilience and manual-migration planners: Scheduler decisions
    // assembled into Plans.
    .target(
      name: "Planner",
      dependencies: [
        "Scheduler", "Plan", "Policy", "PolicyExpression", "Inventory", "Diagnostics",
        "ProgressReporting",
      ]
    ),
    // `plan --optimize`: a target placement for an objective (consolidate, spread) with its
    // lower bound, reached by the planners' safe waves; beside the other planners, below the CLI.
    .target(
      name: "Optimizer",
      dependencies: [
        "Planner", "Scheduler", "Plan", "Policy", "Inventory", "Diagnostics", "ProgressReporting",
      ]
    ),
    // Self-contained HTML reports (inline CSS and SVG) for plans; beside Planner, below the CLI.
    .target(
      name: "Report",
      dependencies: ["Plan", "Scheduler", "Policy", "Inventory", "Diagnostics"]
    ),
    // libcurl (Debian: libcurl4-openssl-dev) for the importer's live fetch: a C shim, because
    // Swift cannot call libcurl's variadic setopt.
    .target(name: "CCurlShim", linkerSettings: [.linkedLibrary("curl")]),
    // Engine API documents (oVirt XML, saved or fetched live) → snapshots and policy YAML;
    // beside Planner, below the CLI.
    .target(
      name: "Import",
      dependencies: ["Inventory", "Diagnostics", "ProgressReporting", "CCurlShim"]),
    .target(
      name: "Lint",
      dependencies: [
        "Workspace", "Policy", "Inventory", "PolicyExpression", "YAMLDocument", "Diagnostics",
      ]
    ),
    .target(
      name: "PolicyTesting",
      dependencies: [
        "Workspace", "Planner", "Plan", "Scheduler", "Policy", "Inventory", "YAMLDocument",
        "Diagnostics", "Report", "ProgressReporting",
      ]
    ),
    .target(
      name: "ShepherdCLI",
      dependencies: [
        "Diagnostics", "YAMLDocument", "Inventory", "PolicyExpression", "Policy",
        "Scheduler", "Plan", "Planner", "Optimizer", "Lint", "PolicyTesting", "Workspace", "Report",
        "Import", "ProgressReporting",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      plugins: ["VersionStamp"]
    ),
    // Stamps the git commit into `shepherd --version` (scripts/version-stamp).
    .plugin(name: "VersionStamp", capability: .buildTool()),
    .executableTarget(name: "shepherd", dependencies: ["ShepherdCLI"]),
    // Writes the generated files (Docs/ references and schemas, embedded built-ins): scripts/generate.
    .executableTarget(name: "shepherd-generate", dependencies: ["ShepherdCLI"]),
    .target(
      name: "ShepherdTestSupport", dependencies: ["PolicyExpression", "Inventory"]),

    .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "ShepherdTestSupport"]),
    .testTarget(
      name: "YAMLDocumentTests",
      dependencies: ["YAMLDocument", "Diagnostics", "ShepherdTestSupport"]
    ),
    .testTarget(
      name: "InventoryTests",
      dependencies: ["Inventory", "YAMLDocument", "Diagnostics", "ShepherdTestSupport"]
    ),
    .testTarget(
      name: "PolicyExpressionTests",
      dependencies: [
        "PolicyExpression", "Diagnostics", "ShepherdTestSupport", "Inventory",
      ]
    ),
    .testTarget(
      name: "PolicyTests",
      dependencies: [
        "Policy", "Inventory", "PolicyExpression", "YAMLDocument", "Diagnostics",
        "ShepherdTestSupport",
      ]
    ),
    .testTarget(
      name: "SchedulerTests",
      dependencies: [
        "Scheduler", "Policy", "Inventory", "Diagnostics", "ShepherdTestSupport",
      ]
    ),
    .testTarget(
      name: "PlanTests",
      dependencies: [
        "Plan", "Inventory", "Diagnostics", "ShepherdTestSupport",
      ]
    ),
    .testTarget(
      name: "PlannerTests",
      dependencies: [
        "Planner", "Plan", "Scheduler", "Policy", "Inventory", "Diagnostics",
        "ProgressReporting", "ShepherdTestSupport",
      ]
    ),
    .testTarget(
      name: "OptimizerTests",
      dependencies: [
        "Optimizer", "Planner", "Plan", "Scheduler", "Policy", "Inventory", "Diagnostics",
        "ProgressReporting", "ShepherdTestSupport",
      ]
    ),
    .testTarget(
      name: "PolicyTestingTests",
      dependencies: [
        "PolicyTesting", "Workspace", "Plan", "Inventory", "Diagnostics", "ProgressReporting",
        "ShepherdTestSupport",
      ]
    ),
    .testTarget(
      name: "ReportTests",
      dependencies: [
        "Report", "Plan", "Policy", "Inventory", "Diagnostics", "ShepherdTestSupport",
      ]
    ),
    .testTarget(
      name: "LintTests",
      dependencies: ["Lint", "Policy", "Diagnostics", "ShepherdTestSupport"]
    ),
    .testTarget(
      name: "ImportTests",
      dependencies: [
        "Import", "Inventory", "Diagnostics", "ProgressReporting", "ShepherdTestSupport",
      ]
    ),
    .testTarget(
      name: "ShepherdCLITests",
      dependencies: ["ShepherdCLI", "Diagnostics", "ProgressReporting", "ShepherdTestSupport"]
    ),
  ],
  swiftLanguageModes: [.v6]
)

// Upcoming features for every Swift target, from one loop.
for target in package.targets where target.type != .system && target.type != .plugin {
  // libm: `rounded()`/`trunc` lower to C calls that some release links leave unresolved.
  var linker = target.linkerSettings ?? []
  linker.append(.linkedLibrary("m", .when(platforms: [.linux])))
  target.linkerSettings = linker
  var settings = target.swiftSettings ?? []
  settings.append(.enableUpcomingFeature("ExistentialAny"))
  settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
  settings.append(.enableUpcomingFeature("MemberImportVisibility"))
  target.swiftSettings = settings
}
