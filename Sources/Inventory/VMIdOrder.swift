extension ClusterSnapshot {
  /// Whether VM `a` comes before VM `b` in oVirt's VM-id order, where oVirt breaks ties by VM id
  /// (Docs/fields.md, `vms[].id`; Docs/ovirt.md §7.1).
  ///
  /// oVirt compares GUIDs as Java's `UUID.compareTo` does: the high 64 bits as a signed number,
  /// then the low 64 bits as a signed number. VMs without an id sort after those with one, in
  /// snapshot order; equal ids (impossible in a valid snapshot) fall back to snapshot order too.
  public func vmIdPrecedes(_ a: Int, _ b: Int) -> Bool {
    let left = vms[a].id.flatMap(Self.guidKey)
    let right = vms[b].id.flatMap(Self.guidKey)
    switch (left, right) {
    case (let l?, let r?): return l != r ? (l.high, l.low) < (r.high, r.low) : a < b
    case (.some, nil): return true
    case (nil, .some): return false
    case (nil, nil): return a < b
    }
  }

  /// The smallest of `vmIndices` in VM-id order (nil when empty).
  public func smallestVMById(_ vmIndices: [Int]) -> Int? {
    vmIndices.min(by: vmIdPrecedes)
  }

  /// A GUID's two halves as Java's signed longs; nil when the text is not 32 hex digits.
  static func guidKey(_ text: String) -> (high: Int64, low: Int64)? {
    let digits = text.filter { $0 != "-" }
    guard digits.count == 32 else { return nil }
    guard let high = UInt64(digits.prefix(16), radix: 16),
      let low = UInt64(digits.suffix(16), radix: 16)
    else { return nil }
    return (Int64(bitPattern: high), Int64(bitPattern: low))
  }
}
