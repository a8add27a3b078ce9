public import PolicyExpression

/// Where a numeric leaf operand comes from: a column of a table, a balancer value, or a
/// constant. Read with one switch on the captured value, not through an accessor closure.
enum NumberSource<Value: Sendable>: Sendable {
  case host(Int)
  case vm(Int)
  case cluster(Int)
  case constant(Value)
}

/// Where a float leaf operand comes from (a number source, or one of the balancer's loads).
enum FloatSource: Sendable {
  case number(NumberSource<Double>)
  case balanceHostLoad
  case balanceMaxHostLoad
  case balanceMinHostLoad
}

extension NumberSource<Int64> {
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Int64 {
    switch self {
    case .host(let k): c.tables.hosts.ints[k &* c.tables.hosts.rowCount &+ c.hostIndex]
    case .vm(let k): c.tables.vms.ints[k &* c.tables.vms.rowCount &+ c.vmIndex]
    case .cluster(let k): c.tables.cluster.ints[k]
    case .constant(let k): k
    }
  }
}

extension FloatSource {
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Double {
    switch self {
    case .number(.host(let k)): c.tables.hosts.floats[k &* c.tables.hosts.rowCount &+ c.hostIndex]
    case .number(.vm(let k)): c.tables.vms.floats[k &* c.tables.vms.rowCount &+ c.vmIndex]
    case .number(.cluster(let k)): c.tables.cluster.floats[k]
    case .number(.constant(let k)): k
    case .balanceHostLoad: c.tables.balance.hostLoad[c.hostIndex]
    case .balanceMaxHostLoad: c.tables.balance.maxHostLoad
    case .balanceMinHostLoad: c.tables.balance.minHostLoad
    }
  }
}

/// A leaf of a fused condition, resolved to where its values live.
enum LeafCheck: Sendable {
  case hostFlag(Int, negated: Bool)
  case vmFlag(Int, negated: Bool)
  case clusterFlag(Int, negated: Bool)
  case hostRunsVM(negated: Bool)
  case ints(Comparison, NumberSource<Int64>, NumberSource<Int64>)
  case floats(Comparison, FloatSource, FloatSource)

  @inline(__always)
  func holds(_ c: borrowing EvaluationContext) -> Bool {
    switch self {
    case .hostFlag(let k, let negated):
      c.tables.hosts.bools[k &* c.tables.hosts.rowCount &+ c.hostIndex] != negated
    case .vmFlag(let k, let negated):
      c.tables.vms.bools[k &* c.tables.vms.rowCount &+ c.vmIndex] != negated
    case .clusterFlag(let k, let negated): c.tables.cluster.bools[k] != negated
    case .hostRunsVM(let negated): (c.tables.vmHostIndex[c.vmIndex] == c.hostIndex) != negated
    case .ints(let op, let x, let y): op.holds(x.read(c), y.read(c))
    case .floats(let op, let x, let y): op.holds(x.read(c), y.read(c))
    }
  }
}

extension PolicyFieldCatalog {
  /// The leaf fuser for ``ExpressionCompiler``: comparisons and arithmetic over stored columns
  /// and constants become one closure reading the columns directly (no accessor call per
  /// operand), as a user policy compiled at run time needs to stay close to Swift written by
  /// hand.
  public var fuser: LeafFuser<EvaluationContext> {
    LeafFuser(
      condition: { leaves, all in
        var checks: [LeafCheck] = []
        for leaf in leaves {
          guard let check = check(leaf) else { return nil }
          checks.append(check)
        }
        switch (checks.count, all) {
        case (1, _):
          let x = checks[0]
          return { c in x.holds(c) }
        case (2, true):
          let (x, y) = (checks[0], checks[1])
          return { c in x.holds(c) && y.holds(c) }
        case (2, false):
          let (x, y) = (checks[0], checks[1])
          return { c in x.holds(c) || y.holds(c) }
        case (_, true):
          let all = checks
          return { c in all.allSatisfy { $0.holds(c) } }
        case (_, false):
          let any = checks
          return { c in any.contains { $0.holds(c) } }
        }
      },
      intArithmetic: { op, a, b in
        guard let x = intSource(a), let y = intSource(b) else { return nil }
        return { c in op.apply(x.read(c), y.read(c)) }
      },
      floatArithmetic: { op, a, b in
        guard let x = floatSource(a), let y = floatSource(b) else { return nil }
        return { c in op.apply(x.read(c), y.read(c)) }
      },
      intSelect: { flag, a, b in
        guard fields.indices.contains(flag.rawValue), fields[flag.rawValue].type == .bool else {
          return nil
        }
        switch fields[flag.rawValue].storage {
        case .host(let k):
          return { c in c.tables.hosts.bools[k &* c.tables.hosts.rowCount &+ c.hostIndex] ? a : b }
        case .vm(let k):
          return { c in c.tables.vms.bools[k &* c.tables.vms.rowCount &+ c.vmIndex] ? a : b }
        case .cluster(let k): return { c in c.tables.cluster.bools[k] ? a : b }
        case .hostRunsVM: return { c in c.tables.vmHostIndex[c.vmIndex] == c.hostIndex ? a : b }
        default: return nil
        }
      })
  }

  func check(_ leaf: BoolLeaf) -> LeafCheck? {
    switch leaf {
    case .field(let id, let negated):
      guard fields.indices.contains(id.rawValue), fields[id.rawValue].type == .bool else {
        return nil
      }
      switch fields[id.rawValue].storage {
      case .host(let k): return .hostFlag(k, negated: negated)
      case .vm(let k): return .vmFlag(k, negated: negated)
      case .cluster(let k): return .clusterFlag(k, negated: negated)
      case .hostRunsVM: return .hostRunsVM(negated: negated)
      default: return nil
      }
    case .ints(let op, let a, let b):
      guard let x = intSource(a), let y = intSource(b) else { return nil }
      return .ints(op, x, y)
    case .floats(let op, let a, let b):
      guard let x = floatSource(a), let y = floatSource(b) else { return nil }
      return .floats(op, x, y)
    }
  }

  func intSource(_ operand: LeafOperand<Int64>) -> NumberSource<Int64>? {
    switch operand {
    case .constant(let k): return .constant(k)
    case .field(let id):
      guard fields.indices.contains(id.rawValue), fields[id.rawValue].type == .int else {
        return nil
      }
      switch fields[id.rawValue].storage {
      case .host(let k): return .host(k)
      case .vm(let k): return .vm(k)
      case .cluster(let k): return .cluster(k)
      default: return nil
      }
    }
  }

  func floatSource(_ operand: LeafOperand<Double>) -> FloatSource? {
    switch operand {
    case .constant(let k): return .number(.constant(k))
    case .field(let id):
      guard fields.indices.contains(id.rawValue), fields[id.rawValue].type == .float else {
        return nil
      }
      switch fields[id.rawValue].storage {
      case .host(let k): return .number(.host(k))
      case .vm(let k): return .number(.vm(k))
      case .cluster(let k): return .number(.cluster(k))
      case .balanceHostLoad: return .balanceHostLoad
      case .balanceMaxHostLoad: return .balanceMaxHostLoad
      case .balanceMinHostLoad: return .balanceMinHostLoad
      default: return nil
      }
    }
  }
}
