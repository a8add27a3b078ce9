/// One step of a long operation (balance rounds, an evacuation, an optimization search, an
/// import, a test run), for a progress display.
///
/// The library modules never print: they call an optional ``ProgressHandler`` with these values
/// and the command line decides whether and how to show them. A handler that is `nil` costs one
/// branch per call site and builds no value.
public struct ProgressUpdate: Hashable, Sendable {
  /// What is being done, lower case (`balancing`, `evacuating`, `optimizing`, `fetching`, …).
  public var stage: String
  /// How many items of the stage are done.
  public var done: Int
  /// How many items the stage has, when known (or its limit).
  public var total: Int?
  /// A short free-form detail (the request just made, the document just read).
  public var detail: String?

  /// Creates an update.
  public init(stage: String, done: Int, total: Int? = nil, detail: String? = nil) {
    self.stage = stage
    self.done = done
    self.total = total
    self.detail = detail
  }
}

/// Receives the progress of a long operation; called on the thread doing the work.
public typealias ProgressHandler = @Sendable (ProgressUpdate) -> Void
