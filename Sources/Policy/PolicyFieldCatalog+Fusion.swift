public import PolicyExpression

// Leaf fusion for user policies (``PolicyFieldCatalog/fuser``): each operand shape is a small
// reader type, and the closures are built by generic functions called with concrete readers, so
// the optimiser writes one specialised closure per shape (host column vs constant, VM column vs
// host column, …) that reads both columns inline: no accessor call, no switch at run time.

/// Reads an `int` operand.
protocol IntReader: Sendable {
  func read(_ c: borrowing EvaluationContext) -> Int64
}

/// Reads a `float` operand.
protocol FloatReader: Sendable {
  func read(_ c: borrowing EvaluationContext) -> Double
}

struct HostInt: IntReader {
  let k: Int
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Int64 {
    c.tables.hosts.ints[k &* c.tables.hosts.rowCount &+ c.hostIndex]
  }
}

struct VMInt: IntReader {
  let k: Int
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Int64 {
    c.tables.vms.ints[k &* c.tables.vms.rowCount &+ c.vmIndex]
  }
}

struct ClusterInt: IntReader {
  let k: Int
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Int64 { c.tables.cluster.ints[k] }
}

struct ConstantInt: IntReader {
  let value: Int64
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Int64 { value }
}

struct HostFloat: FloatReader {
  let k: Int
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Double {
    c.tables.hosts.floats[k &* c.tables.hosts.rowCount &+ c.hostIndex]
  }
}

struct VMFloat: FloatReader {
  let k: Int
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Double {
    c.tables.vms.floats[k &* c.tables.vms.rowCount &+ c.vmIndex]
  }
}

struct ClusterFloat: FloatReader {
  let k: Int
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Double { c.tables.cluster.floats[k] }
}

struct ConstantFloat: FloatReader {
  let value: Double
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Double { value }
}

struct BalanceHostLoad: FloatReader {
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Double { c.tables.balance.hostLoad[c.hostIndex] }
}

struct BalanceMaxHostLoad: FloatReader {
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Double { c.tables.balance.maxHostLoad }
}

struct BalanceMinHostLoad: FloatReader {
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Double { c.tables.balance.minHostLoad }
}

/// Builds a closure from two concrete `int` readers.
protocol IntPairBuilder {
  associatedtype IntResult
  func build<X: IntReader, Y: IntReader>(_ x: X, _ y: Y) -> IntResult
}

/// Builds a closure from two concrete `float` readers.
protocol FloatPairBuilder {
  associatedtype FloatResult
  func build<X: FloatReader, Y: FloatReader>(_ x: X, _ y: Y) -> FloatResult
}

/// A fused closure over the evaluation context.
typealias Fused<Value> = LeafFuser<EvaluationContext>.Read<Value>

struct CompareBuilder: IntPairBuilder, FloatPairBuilder {
  typealias IntResult = PolicyFieldCatalog.Check
  typealias FloatResult = PolicyFieldCatalog.Check
  let op: Comparison
  func build<X: IntReader, Y: IntReader>(_ x: X, _ y: Y) -> PolicyFieldCatalog.Check {
    let op = op
    return PolicyFieldCatalog.Check { c in op.holds(x.read(c), y.read(c)) }
  }
  func build<X: FloatReader, Y: FloatReader>(_ x: X, _ y: Y) -> PolicyFieldCatalog.Check {
    let op = op
    return PolicyFieldCatalog.Check { c in op.holds(x.read(c), y.read(c)) }
  }
}

struct ArithmeticBuilder: IntPairBuilder, FloatPairBuilder {
  typealias IntResult = FusedInt<EvaluationContext>
  typealias FloatResult = FusedFloat<EvaluationContext>
  let op: ArithmeticOperation
  func build<X: IntReader, Y: IntReader>(_ x: X, _ y: Y) -> FusedInt<EvaluationContext> {
    let op = op
    return FusedInt { c in op.apply(x.read(c), y.read(c)) }
  }
  func build<X: FloatReader, Y: FloatReader>(_ x: X, _ y: Y) -> FusedFloat<EvaluationContext> {
    let op = op
    return FusedFloat { c in op.apply(x.read(c), y.read(c)) }
  }
}

/// Where a numeric leaf operand lives.
enum IntSource {
  case host(Int), vm(Int), cluster(Int), constant(Int64)
}

/// Where a float leaf operand lives.
enum FloatSource {
  case host(Int), vm(Int), cluster(Int), constant(Double)
  case balanceHostLoad, balanceMaxHostLoad, balanceMinHostLoad
}

enum PairDispatch {
  static func build<B: IntPairBuilder>(_ a: IntSource, _ b: IntSource, _ builder: B)
    -> B.IntResult
  {
    switch a {
    case .host(let k): build(HostInt(k: k), b, builder)
    case .vm(let k): build(VMInt(k: k), b, builder)
    case .cluster(let k): build(ClusterInt(k: k), b, builder)
    case .constant(let v): build(ConstantInt(value: v), b, builder)
    }
  }

  static func build<X: IntReader, B: IntPairBuilder>(_ x: X, _ b: IntSource, _ builder: B)
    -> B.IntResult
  {
    switch b {
    case .host(let k): builder.build(x, HostInt(k: k))
    case .vm(let k): builder.build(x, VMInt(k: k))
    case .cluster(let k): builder.build(x, ClusterInt(k: k))
    case .constant(let v): builder.build(x, ConstantInt(value: v))
    }
  }

  static func build<B: FloatPairBuilder>(_ a: FloatSource, _ b: FloatSource, _ builder: B)
    -> B.FloatResult
  {
    switch a {
    case .host(let k): build(HostFloat(k: k), b, builder)
    case .vm(let k): build(VMFloat(k: k), b, builder)
    case .cluster(let k): build(ClusterFloat(k: k), b, builder)
    case .constant(let v): build(ConstantFloat(value: v), b, builder)
    case .balanceHostLoad: build(BalanceHostLoad(), b, builder)
    case .balanceMaxHostLoad: build(BalanceMaxHostLoad(), b, builder)
    case .balanceMinHostLoad: build(BalanceMinHostLoad(), b, builder)
    }
  }

  static func build<X: FloatReader, B: FloatPairBuilder>(_ x: X, _ b: FloatSource, _ builder: B)
    -> B.FloatResult
  {
    switch b {
    case .host(let k): builder.build(x, HostFloat(k: k))
    case .vm(let k): builder.build(x, VMFloat(k: k))
    case .cluster(let k): builder.build(x, ClusterFloat(k: k))
    case .constant(let v): builder.build(x, ConstantFloat(value: v))
    case .balanceHostLoad: builder.build(x, BalanceHostLoad())
    case .balanceMaxHostLoad: builder.build(x, BalanceMaxHostLoad())
    case .balanceMinHostLoad: builder.build(x, BalanceMinHostLoad())
    }
  }
}

extension PolicyFieldCatalog {
  /// The leaf fuser for ``ExpressionCompiler``: comparisons and arithmetic over stored columns
  /// and constants, `flag ? k1 : k2`, and runs of `&&`/`||` over them become closures written
  /// for ``EvaluationContext`` that read the columns directly (no accessor call per operand),
  /// so a user policy compiled at run time stays close to Swift written by hand.
  public var fuser: LeafFuser<EvaluationContext> {
    LeafFuser(
      condition: { leaves, all in
        var checks: [Check] = []
        for leaf in leaves {
          guard let check = check(leaf) else { return nil }
          checks.append(check)
        }
        switch (checks.count, all) {
        case (1, _): return FusedBool(checks[0].holds)
        case (2, true):
          let (x, y) = (checks[0].holds, checks[1].holds)
          return FusedBool { c in x(c) && y(c) }
        case (2, false):
          let (x, y) = (checks[0].holds, checks[1].holds)
          return FusedBool { c in x(c) || y(c) }
        case (_, true):
          let every = checks
          return FusedBool { c in every.allSatisfy { $0.holds(c) } }
        case (_, false):
          let some = checks
          return FusedBool { c in some.contains { $0.holds(c) } }
        }
      },
      intArithmetic: { op, a, b in
        guard let x = intSource(a), let y = intSource(b) else { return nil }
        return PairDispatch.build(x, y, ArithmeticBuilder(op: op))
      },
      floatArithmetic: { op, a, b in
        guard let x = floatSource(a), let y = floatSource(b) else { return nil }
        return PairDispatch.build(x, y, ArithmeticBuilder(op: op))
      },
      intSelect: { flag, a, b in
        guard let flag = check(.field(flag, negated: false)) else { return nil }
        let read = flag.holds
        return FusedInt { c in read(c) ? a : b }
      })
  }

  /// A leaf closure, in a struct so that it keeps its direct calling convention inside an
  /// Optional or an Array (see ``FusedBool``).
  struct Check {
    let holds: Fused<Bool>
  }

  /// The closure for one leaf of a condition.
  func check(_ leaf: BoolLeaf) -> Check? {
    switch leaf {
    case .field(let id, let negated):
      guard fields.indices.contains(id.rawValue), fields[id.rawValue].type == .bool else {
        return nil
      }
      switch (fields[id.rawValue].storage, negated) {
      case (.host(let k), false):
        return Check { c in c.tables.hosts.bools[k &* c.tables.hosts.rowCount &+ c.hostIndex] }
      case (.host(let k), true):
        return Check { c in !c.tables.hosts.bools[k &* c.tables.hosts.rowCount &+ c.hostIndex] }
      case (.vm(let k), false):
        return Check { c in c.tables.vms.bools[k &* c.tables.vms.rowCount &+ c.vmIndex] }
      case (.vm(let k), true):
        return Check { c in !c.tables.vms.bools[k &* c.tables.vms.rowCount &+ c.vmIndex] }
      case (.cluster(let k), false): return Check { c in c.tables.cluster.bools[k] }
      case (.cluster(let k), true): return Check { c in !c.tables.cluster.bools[k] }
      case (.hostRunsVM, false):
        return Check { c in c.tables.vmHostIndex[c.vmIndex] == c.hostIndex }
      case (.hostRunsVM, true): return Check { c in c.tables.vmHostIndex[c.vmIndex] != c.hostIndex }
      default: return nil
      }
    case .ints(let op, let a, let b):
      guard let x = intSource(a), let y = intSource(b) else { return nil }
      return PairDispatch.build(x, y, CompareBuilder(op: op))
    case .floats(let op, let a, let b):
      guard let x = floatSource(a), let y = floatSource(b) else { return nil }
      return PairDispatch.build(x, y, CompareBuilder(op: op))
    }
  }

  func intSource(_ operand: LeafOperand<Int64>) -> IntSource? {
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
    case .constant(let k): return .constant(k)
    case .field(let id):
      guard fields.indices.contains(id.rawValue), fields[id.rawValue].type == .float else {
        return nil
      }
      switch fields[id.rawValue].storage {
      case .host(let k): return .host(k)
      case .vm(let k): return .vm(k)
      case .cluster(let k): return .cluster(k)
      case .balanceHostLoad: return .balanceHostLoad
      case .balanceMaxHostLoad: return .balanceMaxHostLoad
      case .balanceMinHostLoad: return .balanceMinHostLoad
      default: return nil
      }
    }
  }
}
