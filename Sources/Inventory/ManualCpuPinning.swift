/// A parsed manual CPU pinning string such as `0#1_1#2-3,^3`: per vCPU, the pCPUs it may run on.
///
/// The grammar is oVirt's: entries separated by `_`, each `vcpu#cpuset`; a cpuset is a
/// comma-separated list of `n`, `a-b` and `^n` (exclude), applied left to right.
public struct ManualCpuPinning: Hashable, Sendable {
  /// One vCPU's pins.
  public struct Pin: Hashable, Sendable {
    /// The vCPU.
    public var vcpu: Int
    /// The pCPUs it may run on, ascending.
    public var pcpus: [Int]
  }

  /// CPU numbers are below the most CPUs a host may have (FieldRegistry.Bounds.hostCPUs).
  public static let cpuLimit = Int(FieldRegistry.Bounds.hostCPUs)

  /// The pins, in the string's order.
  public var pins: [Pin]

  /// Every pinned pCPU, ascending, without repeats.
  public var pinnedCPUs: [Int] { Array(Set(pins.flatMap(\.pcpus))).sorted() }

  /// The pCPUs a vCPU is pinned to, or `nil` when it is not pinned.
  public func pcpus(ofVCPU vcpu: Int) -> [Int]? { pins.first { $0.vcpu == vcpu }?.pcpus }

  /// Parses a pinning string; `nil` when it is malformed.
  public init?(parsing text: String) {
    var pins: [Pin] = []
    for entry in text.split(separator: "_", omittingEmptySubsequences: false) {
      let parts = entry.split(separator: "#", omittingEmptySubsequences: false)
      guard parts.count == 2, let vcpu = Int(parts[0].trimmingSpaces), vcpu >= 0,
        vcpu < Self.cpuLimit
      else {
        return nil
      }
      var set: [Int] = []
      for item in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
        let token = item.trimmingSpaces
        if token.hasPrefix("^") {
          guard let excluded = Int(token.dropFirst()) else { return nil }
          set.removeAll { $0 == excluded }
        } else if let dash = token.firstIndex(of: "-") {
          guard let low = Int(token[..<dash]), let high = Int(token[token.index(after: dash)...]),
            low >= 0, low <= high, high < Self.cpuLimit, high - low < 65_536
          else { return nil }
          set.append(contentsOf: low...high)
        } else {
          guard let single = Int(token), single >= 0, single < Self.cpuLimit else { return nil }
          set.append(single)
        }
      }
      guard !set.isEmpty else { return nil }
      pins.append(Pin(vcpu: vcpu, pcpus: Array(Set(set)).sorted()))
    }
    guard !pins.isEmpty else { return nil }
    self.pins = pins
  }
}

extension Substring {
  fileprivate var trimmingSpaces: Substring {
    var out = self
    while out.first == " " { out = out.dropFirst() }
    while out.last == " " { out = out.dropLast() }
    return out
  }
}
