/// The static hugepages of one page size on a host.
public struct HugepagePool: Hashable, Sendable {
  /// The page size, e.g. 2048 (2 MiB) or 1048576 (1 GiB).
  public var pageSizeKiB: Int
  /// Pages allocated at boot.
  public var totalPages: Int
  /// Pages not in use.
  public var freePages: Int

  /// Creates a pool.
  public init(pageSizeKiB: Int, totalPages: Int, freePages: Int) {
    self.pageSizeKiB = pageSizeKiB
    self.totalPages = totalPages
    self.freePages = freePages
  }

  /// The free pages' memory in MiB.
  public var freeMiB: Int {
    let (product, overflow) = freePages.multipliedReportingOverflow(by: pageSizeKiB)
    return overflow ? Int.max : product / 1024
  }
}
