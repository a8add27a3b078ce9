/// One NUMA node of a host, or one virtual NUMA node of a VM.
public struct NUMANode: Hashable, Sendable {
  /// The node id, unique within its host or VM.
  public var id: Int
  /// The CPU indices of the node (physical CPUs on a host, vCPUs on a VM).
  public var cpus: [Int]
  /// The node's memory.
  public var memoryMiB: Int
  /// Free memory on a host node; `nil` when unknown or for a VM node.
  public var freeMiB: Int?
  /// For a VM node: the host nodes it is pinned to; empty when not pinned.
  public var pinnedHostNodes: [Int]

  /// Creates a node.
  public init(
    id: Int, cpus: [Int], memoryMiB: Int, freeMiB: Int? = nil, pinnedHostNodes: [Int] = []
  ) {
    self.id = id
    self.cpus = cpus
    self.memoryMiB = memoryMiB
    self.freeMiB = freeMiB
    self.pinnedHostNodes = pinnedHostNodes
  }
}
