import Inventory
import Policy
import PolicyExpression
import Synchronization

/// One expression weight of a pipeline, for the score rows: its score and applicability, the
/// `vm.*` fields they read and its identity.
struct ScoredExpressionWeight: Sendable {
  let weight: CompiledWeight
  /// The unit name and folded expressions: schedulers built from equal pipelines share rows.
  let signature: RowSignature

  init(_ weight: CompiledWeight) {
    self.weight = weight
    signature = RowSignature(
      weight.unitName + "\u{1}" + weight.printedScore + "\u{1}" + (weight.printedAppliesWhen ?? ""))
  }
}

/// Expression weights' raw scores of a solver state, per weight and VM key, each host's score
/// stored with the host's stamp (``HostStamps``) when it was evaluated: a one-VM decision
/// evaluates a weight again only on the hosts whose stamp changed since, for every VM with an
/// equal key. The same dependencies as ``DynamicVerdictStore``'s rows, with the same rules: the
/// key adds the VM's hugepage size and memory when it has hugepages, and the VM's own host is
/// never stored nor read (`host.runsVm`). Stretching stays per decision (it depends on the
/// candidates).
final class WeightScoreStore: Sendable {
  typealias Key = DynamicVerdictStore.Key

  struct Row {
    var scores: [Double?]
    var stamps: [UInt64]

    init(hostCount: Int) {
      scores = Array(repeating: nil, count: hostCount)
      stamps = Array(repeating: 0, count: hostCount)
    }
  }

  private let rows = Mutex<[Key: Row]>([:])

  /// The score of `weight` for `vm` on each of `hosts`, in order (`nil` where the unit does
  /// not apply), from the row where the host's stamp is unchanged.
  /// - Complexity: O(VM key + hosts), plus an evaluation per stale host.
  func scores(
    _ weight: ScoredExpressionWeight, hosts: [Int], vm: Int, stamps: HostStamps,
    _ context: inout EvaluationContext
  ) -> [Double?] {
    let tables = context.tables
    let record = tables.snapshot.vms[vm]
    let ownHost = record.hostIndex ?? -1
    let hostCount = tables.snapshot.hosts.count
    let key = Key(
      signature: weight.signature, fields: weight.weight.vmFields, vm: vm, tables: tables)
    context.vmIndex = vm
    var out = [Double?](repeating: nil, count: hosts.count)
    rows.withLock { rows in
      rows[key, default: Row(hostCount: hostCount)].fill(
        &out, hosts: hosts, weight: weight.weight, ownHost: ownHost, stamps: stamps.stamps,
        &context)
    }
    return out
  }
}

extension WeightScoreStore.Row {
  /// Reads `hosts`' scores into `out`, evaluating the stale ones (and the VM's own host, never
  /// stored).
  mutating func fill(
    _ out: inout [Double?], hosts: [Int], weight: CompiledWeight, ownHost: Int,
    stamps: [UInt64], _ context: inout EvaluationContext
  ) {
    // Positions whose host is the own host or whose stamp changed; the rest are copied.
    var stale: [Int] = []
    self.stamps.withUnsafeBufferPointer { stored in
      stamps.withUnsafeBufferPointer { current in
        scores.withUnsafeBufferPointer { scores in
          out.withUnsafeMutableBufferPointer { out in
            for (position, host) in hosts.enumerated() {
              if host != ownHost, host < stored.count, host < current.count,
                stored[host] == current[host]
              {
                out[position] = scores[host]
              } else {
                stale.append(position)
              }
            }
          }
        }
      }
    }
    for position in stale {
      let host = hosts[position]
      context.hostIndex = host
      let score = weight.evaluate(context)
      out[position] = score
      if host != ownHost, host < self.stamps.count, host < stamps.count {
        scores[host] = score
        self.stamps[host] = stamps[host]
      }
    }
  }
}
