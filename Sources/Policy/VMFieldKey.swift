public import PolicyExpression

/// The values of some `vm.*` fields for one VM, as a hashable key: VMs with equal keys are
/// indistinguishable to an expression that reads only those fields (and host and cluster
/// fields), so they share its verdicts.
public struct VMFieldKey: Hashable, Sendable {
  var numbers: [UInt64] = []
  var strings: [String] = []
  var sets: [StringSet] = []
}

extension ClusterTables {
  /// The key of a VM for the given VM fields (other fields are ignored).
  /// - Complexity: O(fields + the sizes of their strings and sets).
  public func vmKey(_ fields: [FieldID], vm: Int) -> VMFieldKey {
    var key = VMFieldKey()
    guard vms.rowCount > vm, vm >= 0 else { return key }
    for id in fields where catalog.fields.indices.contains(id.rawValue) {
      guard case .vm(let k) = catalog.fields[id.rawValue].storage else { continue }
      switch catalog.fields[id.rawValue].type {
      case .int: key.numbers.append(UInt64(bitPattern: vms.ints[k * vms.rowCount + vm]))
      case .float: key.numbers.append(vms.floats[k * vms.rowCount + vm].bitPattern)
      case .bool: key.numbers.append(vms.bools[k * vms.rowCount + vm] ? 1 : 0)
      case .string: key.strings.append(vms.strings[k][vm])
      case .stringSet: key.sets.append(vms.sets[k][vm])
      }
    }
    return key
  }
}
