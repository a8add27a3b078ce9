// swift-tools-version: 6.1
// Shepherd's benchmarks: a separate package (the swift-nio pattern) so the main package's
// build and tests never pay for ordo-one/benchmark. Run from this folder:
//   swift package --disable-sandbox benchmark
import PackageDescription

let package = Package(
  name: "ShepherdBenchmarks",
  dependencies: [
    .package(name: "Shepherd", path: ".."),
    .package(
      url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
  ],
  targets: [
    // The table's workloads, shared by the suite and `scripts/bench`.
    .target(
      name: "PlanningScenarios",
      dependencies: [.product(name: "ShepherdKit", package: "Shepherd")]
    ),
    // One row of the table per run (`scripts/bench` prints them all).
    .executableTarget(
      name: "bench-table",
      dependencies: ["PlanningScenarios", .product(name: "ShepherdKit", package: "Shepherd")]),
    .executableTarget(
      name: "PlanningBenchmarks",
      dependencies: [
        "PlanningScenarios",
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "ShepherdKit", package: "Shepherd"),
      ],
      path: "Benchmarks/PlanningBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    .executableTarget(
      name: "SnapshotBenchmarks",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "ShepherdKit", package: "Shepherd"),
      ],
      path: "Benchmarks/SnapshotBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    .executableTarget(
      name: "EvaluatorBenchmarks",
      dependencies: [
        "PlanningScenarios",
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "ShepherdKit", package: "Shepherd"),
      ],
      path: "Benchmarks/EvaluatorBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    .executableTarget(
      name: "ImportBenchmarks",
      dependencies: [
        "PlanningScenarios",
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "ShepherdKit", package: "Shepherd"),
      ],
      path: "Benchmarks/ImportBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
  ],
  swiftLanguageModes: [.v6]
)
