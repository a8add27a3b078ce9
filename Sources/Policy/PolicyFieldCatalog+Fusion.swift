public import PolicyExpression

// Leaf fusion for user policies (``PolicyFieldCatalog/fuser``). A fused leaf node is data, not
// a tree of closures: each operand is a small enum saying where the value lives (a column of
// the concrete tables, a constant, a flag choosing between two constants), read by a switch
// that the processor predicts, so a whole condition run or arithmetic chain costs one closure
// call instead of one per node and operand.

/// Where a fused leaf reads a `bool`.
enum BoolSource: Sendable {
  case host(Int), vm(Int), cluster(Int)
  /// `host.runsVm`: the VM's current host is the host.
  case hostRunsVM

  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Bool {
    switch self {
    case .host(let k): c.tables.hosts.bools[k &* c.tables.hosts.rowCount &+ c.hostIndex]
    case .vm(let k): c.tables.vms.bools[k &* c.tables.vms.rowCount &+ c.vmIndex]
    case .cluster(let k): c.tables.cluster.bools[k]
    case .hostRunsVM: c.tables.vmHostIndex[c.vmIndex] == c.hostIndex
    }
  }
}

/// A number type of fused leaves, with where its values live.
protocol FusedNumber: Comparable, Sendable {
  /// Where a fused leaf reads one.
  associatedtype Source: FusedSource where Source.Value == Self
  /// `a op b` with the language's semantics.
  static func apply(_ op: ArithmeticOperation, _ a: Self, _ b: Self) -> Self
}

/// Where a fused leaf reads a number.
protocol FusedSource: Sendable {
  associatedtype Value: FusedNumber
  func read(_ c: borrowing EvaluationContext) -> Value
}

extension Int64: FusedNumber {
  typealias Source = IntSource
  @inline(__always)
  static func apply(_ op: ArithmeticOperation, _ a: Int64, _ b: Int64) -> Int64 { op.apply(a, b) }
}

extension Double: FusedNumber {
  typealias Source = FloatSource
  @inline(__always)
  static func apply(_ op: ArithmeticOperation, _ a: Double, _ b: Double) -> Double {
    op.apply(a, b)
  }
}

/// Where a fused leaf reads an `int`: a column, a constant, or a flag choosing a constant.
enum IntSource: FusedSource {
  case host(Int), vm(Int), cluster(Int), constant(Int64)
  case select(BoolSource, Int64, Int64)

  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Int64 {
    switch self {
    case .host(let k): c.tables.hosts.ints[k &* c.tables.hosts.rowCount &+ c.hostIndex]
    case .vm(let k): c.tables.vms.ints[k &* c.tables.vms.rowCount &+ c.vmIndex]
    case .cluster(let k): c.tables.cluster.ints[k]
    case .constant(let value): value
    case .select(let flag, let a, let b): flag.read(c) ? a : b
    }
  }
}

/// Where a fused leaf reads a `float`: a column, a constant, a flag choosing a constant, or
/// the balancer's loads.
enum FloatSource: FusedSource {
  case host(Int), vm(Int), cluster(Int), constant(Double)
  case select(BoolSource, Double, Double)
  case balanceHostLoad, balanceMaxHostLoad, balanceMinHostLoad

  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Double {
    switch self {
    case .host(let k): c.tables.hosts.floats[k &* c.tables.hosts.rowCount &+ c.hostIndex]
    case .vm(let k): c.tables.vms.floats[k &* c.tables.vms.rowCount &+ c.vmIndex]
    case .cluster(let k): c.tables.cluster.floats[k]
    case .constant(let value): value
    case .select(let flag, let a, let b): flag.read(c) ? a : b
    case .balanceHostLoad: c.tables.balance.hostLoad[c.hostIndex]
    case .balanceMaxHostLoad: c.tables.balance.maxHostLoad
    case .balanceMinHostLoad: c.tables.balance.minHostLoad
    }
  }
}

/// A ``LeafChain`` with its operands resolved: `first op₁ x₁ op₂ x₂ …`, left to right.
struct Chain<Source: FusedSource>: Sendable {
  let first: Source
  let steps: [(ArithmeticOperation, Source)]

  @inline(__always)
  func value(_ c: borrowing EvaluationContext) -> Source.Value {
    var value = first.read(c)
    for (op, operand) in steps { value = Source.Value.apply(op, value, operand.read(c)) }
    return value
  }

  /// The chain as one closure.
  var closure: Fused<Source.Value> {
    switch steps.count {
    case 0:
      let first = first
      return { c in first.read(c) }
    case 1:
      let (first, (op, x)) = (first, steps[0])
      return { c in Source.Value.apply(op, first.read(c), x.read(c)) }
    default:
      let chain = self
      return { c in chain.value(c) }
    }
  }
}

/// A leaf condition of a fused run.
enum Check: Sendable {
  case flag(BoolSource, negated: Bool)
  case ints(Comparison, IntSource, IntSource)
  case floats(Comparison, FloatSource, FloatSource)

  @inline(__always)
  func holds(_ c: borrowing EvaluationContext) -> Bool {
    switch self {
    case .flag(let source, let negated): source.read(c) != negated
    case .ints(let op, let a, let b): op.holds(a.read(c), b.read(c))
    case .floats(let op, let a, let b): op.holds(a.read(c), b.read(c))
    }
  }
}

/// A fused closure over the evaluation context.
typealias Fused<Value> = LeafFuser<EvaluationContext>.Read<Value>

extension PolicyFieldCatalog {
  /// The leaf fuser for ``ExpressionCompiler``: arithmetic chains over stored columns and
  /// constants, `flag ? k1 : k2`, comparisons of them, and runs of `&&`/`||` over such
  /// comparisons and `bool` fields become one closure each, written for ``EvaluationContext``,
  /// that reads the columns directly (no closure call per node or operand), so a user policy
  /// compiled at run time stays close to Swift written by hand.
  public var fuser: LeafFuser<EvaluationContext> {
    LeafFuser(
      condition: { leaves, all in
        var checks: [Check] = []
        for leaf in leaves {
          guard let check = check(leaf) else { return nil }
          checks.append(check)
        }
        switch (checks.count, all) {
        case (1, _):
          let x = checks[0]
          return FusedBool { c in x.holds(c) }
        case (2, true):
          let (x, y) = (checks[0], checks[1])
          return FusedBool { c in x.holds(c) && y.holds(c) }
        case (2, false):
          let (x, y) = (checks[0], checks[1])
          return FusedBool { c in x.holds(c) || y.holds(c) }
        case (_, true):
          let every = checks
          return FusedBool { c in every.allSatisfy { $0.holds(c) } }
        case (_, false):
          let some = checks
          return FusedBool { c in some.contains { $0.holds(c) } }
        }
      },
      intChain: { chain in
        resolve(chain, intSource).map { FusedInt($0.closure) }
      },
      floatChain: { chain in
        resolve(chain, floatSource).map { FusedFloat($0.closure) }
      })
  }

  /// A chain with every operand resolved, if they all are.
  func resolve<Value, Source>(
    _ chain: LeafChain<Value>, _ source: (LeafOperand<Value>) -> Source?
  ) -> Chain<Source>? {
    guard let first = source(chain.first) else { return nil }
    var steps: [(ArithmeticOperation, Source)] = []
    for step in chain.steps {
      guard let operand = source(step.operand) else { return nil }
      steps.append((step.operation, operand))
    }
    return Chain(first: first, steps: steps)
  }

  /// One leaf of a condition, resolved.
  func check(_ leaf: BoolLeaf) -> Check? {
    switch leaf {
    case .field(let id, let negated):
      return boolSource(id).map { .flag($0, negated: negated) }
    case .ints(let op, let a, let b):
      guard let x = intSource(a), let y = intSource(b) else { return nil }
      return .ints(op, x, y)
    case .floats(let op, let a, let b):
      guard let x = floatSource(a), let y = floatSource(b) else { return nil }
      return .floats(op, x, y)
    }
  }

  /// Where a `bool` field lives, when fused leaves can read it.
  func boolSource(_ id: FieldID) -> BoolSource? {
    guard fields.indices.contains(id.rawValue), fields[id.rawValue].type == .bool else {
      return nil
    }
    switch fields[id.rawValue].storage {
    case .host(let k): return .host(k)
    case .vm(let k): return .vm(k)
    case .cluster(let k): return .cluster(k)
    case .hostRunsVM: return .hostRunsVM
    default: return nil
    }
  }

  func intSource(_ operand: LeafOperand<Int64>) -> IntSource? {
    switch operand {
    case .constant(let k): return .constant(k)
    case .select(let flag, let a, let b): return boolSource(flag).map { .select($0, a, b) }
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
    case .select(let flag, let a, let b): return boolSource(flag).map { .select($0, a, b) }
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
