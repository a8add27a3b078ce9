/// A value an importer could not read from its source and filled in itself, recorded in the
/// snapshot under `x-assumed` so that a reader of the snapshot (or of a plan made from it) can
/// see which inputs were guessed. See `Docs/fields.md` (`x-assumed[].*`).
///
/// ```yaml
/// x-assumed:
///   - field: hosts[].cpu.overThresholdSince
///     value: unset
///     reason: the engine API does not expose how long a host's CPU has been over the threshold
///     count: 4
/// ```
public struct SnapshotAssumption: Hashable, Sendable {
  /// The registry path of the field, e.g. `hosts[].cpu.overThresholdSince`.
  public var field: String
  /// The value that was assumed, as text (`unset` when the field was left out).
  public var value: String
  /// Why: what the source does not expose.
  public var reason: String
  /// How many hosts, VMs or groups the assumption was applied to; `nil` for a cluster field.
  public var count: Int?

  /// Creates an assumption.
  public init(field: String, value: String, reason: String, count: Int? = nil) {
    self.field = field
    self.value = value
    self.reason = reason
    self.count = count
  }
}
