import Foundation
import PackagePlugin

/// Stamps the git commit the binary is built from into `shepherd --version`: before each build
/// it runs `scripts/version-stamp`, which writes `BuildInfo.swift` (rewritten only when the
/// commit changes, so an unchanged tree recompiles nothing).
@main
struct VersionStamp: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let output = context.pluginWorkDirectoryURL.appending(path: "BuildInfo")
    let root = context.package.directoryURL
    return [
      .prebuildCommand(
        displayName: "Stamping the git commit into shepherd --version",
        executable: URL(fileURLWithPath: "/bin/sh"),
        arguments: [
          root.appending(path: "scripts/version-stamp").path, root.path, output.path,
        ],
        outputFilesDirectory: output)
    ]
  }
}
