import Inventory

/// A native filter: it excludes hosts and records no weight.
public protocol NativeFilterEvaluator: NativeUnitEvaluator {}

extension NativeFilterEvaluator {
  /// A filter records no weight.
  public func weight(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> Double?
  { nil }
}

/// A native weight: it scores hosts and never excludes one.
public protocol NativeWeightEvaluator: NativeUnitEvaluator {}

extension NativeWeightEvaluator {
  /// A weight never excludes a host.
  public func filter(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> NativeFilterVerdict
  { .pass }
}

/// A native weight whose scores depend on the whole candidate set (stretching, ranks,
/// normalisation): the single-host form scores the host among every `Up` host of the snapshot.
public protocol NativeCandidateSetWeightEvaluator: NativeWeightEvaluator {}

extension NativeCandidateSetWeightEvaluator {
  /// The host's score among every `Up` host (and itself); the scheduler calls the batch form.
  public func weight(host: Int, vm: Int, tables: ClusterTables, properties: UnitProperties)
    -> Double?
  {
    guard tables.snapshot.hosts.indices.contains(host) else { return nil }
    let candidates = NativeUnitSupport.defaultCandidates(including: host, in: tables)
    let scores = weights(hosts: candidates, vm: vm, tables: tables, properties: properties)
    guard let position = candidates.firstIndex(of: host), scores.indices.contains(position) else {
      return nil
    }
    return scores[position]
  }
}
