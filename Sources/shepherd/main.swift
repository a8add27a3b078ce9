import ShepherdCLI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

exit(ShepherdMain.run(Array(CommandLine.arguments.dropFirst())))
