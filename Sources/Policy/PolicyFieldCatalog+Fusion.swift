public import PolicyExpression

// Leaf fusion for user policies (``PolicyFieldCatalog/fuser``). A fused leaf node is data, not
// a tree of closures: each operand is a small struct saying where the value lives (a column of
// the concrete tables, a constant, a flag choosing between two constants), read by a switch
// that the processor predicts, so a whole condition run or arithmetic chain costs one closure
// call instead of one per node and operand.

/// Where a fused leaf reads a `bool`.
///
/// Sources and checks are plain structs with a payload-free kind, not enums with payloads:
/// reading one is a single switch on a byte, where a nested payload enum costs a decoding of
/// its tag bits and was measured slower than the closures it replaces.
struct BoolSource: Sendable {
  enum Place: UInt8, Sendable { case host, vm, cluster, hostRunsVM }
  let place: Place
  /// The column (host, VM and cluster places).
  var k = 0

  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Bool {
    switch place {
    case .host: c.tables.hosts.bools[k &* c.tables.hosts.rowCount &+ c.hostIndex]
    case .vm: c.tables.vms.bools[k &* c.tables.vms.rowCount &+ c.vmIndex]
    case .cluster: c.tables.cluster.bools[k]
    case .hostRunsVM: c.tables.vmHostIndex[c.vmIndex] == c.hostIndex
    }
  }
}

/// Where a fused leaf reads a number.
enum NumberPlace: UInt8, Sendable {
  case host, vm, cluster, constant
  /// `flag ? value : otherwise`.
  case select
  /// The balancer's loads (floats only).
  case balanceHostLoad, balanceMaxHostLoad, balanceMinHostLoad
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
struct IntSource: FusedSource {
  let place: NumberPlace
  /// The column (host, VM and cluster places).
  var k = 0
  /// The constant, or the select's value when the flag holds.
  var value: Int64 = 0
  /// The select's value when the flag does not hold.
  var otherwise: Int64 = 0
  /// The select's flag.
  var flag = BoolSource(place: .hostRunsVM)

  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Int64 {
    switch place {
    case .host: c.tables.hosts.ints[k &* c.tables.hosts.rowCount &+ c.hostIndex]
    case .vm: c.tables.vms.ints[k &* c.tables.vms.rowCount &+ c.vmIndex]
    case .cluster: c.tables.cluster.ints[k]
    case .select: flag.read(c) ? value : otherwise
    case .constant, .balanceHostLoad, .balanceMaxHostLoad, .balanceMinHostLoad: value
    }
  }
}

/// Where a fused leaf reads a `float`: a column, a constant, a flag choosing a constant, or
/// the balancer's loads.
struct FloatSource: FusedSource {
  let place: NumberPlace
  /// The column (host, VM and cluster places).
  var k = 0
  /// The constant, or the select's value when the flag holds.
  var value: Double = 0
  /// The select's value when the flag does not hold.
  var otherwise: Double = 0
  /// The select's flag.
  var flag = BoolSource(place: .hostRunsVM)

  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Double {
    switch place {
    case .host: c.tables.hosts.floats[k &* c.tables.hosts.rowCount &+ c.hostIndex]
    case .vm: c.tables.vms.floats[k &* c.tables.vms.rowCount &+ c.vmIndex]
    case .cluster: c.tables.cluster.floats[k]
    case .constant: value
    case .select: flag.read(c) ? value : otherwise
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
}

/// A leaf condition of a fused run: a flag, or a comparison of two ints or of two floats.
protocol Check: Sendable {
  func holds(_ c: borrowing EvaluationContext) -> Bool
}

/// A `bool` field, or its negation.
struct FlagCheck: Check {
  let flag: BoolSource
  let negated: Bool

  @inline(__always)
  func holds(_ c: borrowing EvaluationContext) -> Bool { flag.read(c) != negated }
}

/// `a op b` over two numbers of one type.
struct Compare<Source: FusedSource>: Check {
  let op: Comparison
  let a: Source
  let b: Source

  @inline(__always)
  func holds(_ c: borrowing EvaluationContext) -> Bool { op.holds(a.read(c), b.read(c)) }
}

/// A resolved leaf, by kind: the fuser switches on it once, when it builds a closure, so the
/// closure calls each leaf's `holds` directly, inlined.
enum AnyCheck: Sendable {
  case flag(FlagCheck)
  case ints(Compare<IntSource>)
  case floats(Compare<FloatSource>)

  /// The closure of `self && next` (`all`) or `self || next`, for leaves of any kind.
  func fused(with next: AnyCheck, all: Bool) -> FusedBool<EvaluationContext> {
    switch self {
    case .flag(let x): next.fused(after: x, all: all)
    case .ints(let x): next.fused(after: x, all: all)
    case .floats(let x): next.fused(after: x, all: all)
    }
  }

  func fused<First: Check>(after first: First, all: Bool) -> FusedBool<EvaluationContext> {
    switch self {
    case .flag(let y): Self.fused(first, y, all: all)
    case .ints(let y): Self.fused(first, y, all: all)
    case .floats(let y): Self.fused(first, y, all: all)
    }
  }

  static func fused<X: Check, Y: Check>(_ x: X, _ y: Y, all: Bool) -> FusedBool<EvaluationContext> {
    let leaves = Captured((x, y))
    if all { return FusedBool { c in leaves.value.0.holds(c) && leaves.value.1.holds(c) } }
    return FusedBool { c in leaves.value.0.holds(c) || leaves.value.1.holds(c) }
  }

  /// The closure of this leaf alone.
  var fused: FusedBool<EvaluationContext> {
    switch self {
    case .flag(let x): FusedBool { c in x.holds(c) }
    case .ints(let x): Self.fused(x)
    case .floats(let x): Self.fused(x)
    }
  }

  static func fused<X: Check>(_ x: X) -> FusedBool<EvaluationContext> {
    let leaf = Captured(x)
    return FusedBool { c in leaf.value.holds(c) }
  }

  @inline(__always)
  func holds(_ c: borrowing EvaluationContext) -> Bool {
    switch self {
    case .flag(let x): x.holds(c)
    case .ints(let x): x.holds(c)
    case .floats(let x): x.holds(c)
    }
  }
}

/// What a fused closure captures, behind one reference: a closure that captures a struct of
/// several words directly has it copied onto the stack at every call by its context forwarder.
final class Captured<Value: Sendable>: Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
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
        var checks: [AnyCheck] = []
        for leaf in leaves {
          guard let check = check(leaf) else { return nil }
          checks.append(check)
        }
        switch (checks.count, all) {
        case (1, _): return checks[0].fused
        case (2, _): return checks[0].fused(with: checks[1], all: all)
        case (_, true):
          let every = checks
          return FusedBool { c in every.allSatisfy { $0.holds(c) } }
        case (_, false):
          let some = checks
          return FusedBool { c in some.contains { $0.holds(c) } }
        }
      },
      intChain: { chain in
        guard let chain = resolve(chain, intSource).map(Captured.init) else { return nil }
        return FusedInt { c in chain.value.value(c) }
      },
      floatChain: { chain in
        guard let chain = resolve(chain, floatSource).map(Captured.init) else { return nil }
        return FusedFloat { c in chain.value.value(c) }
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
  func check(_ leaf: BoolLeaf) -> AnyCheck? {
    switch leaf {
    case .field(let id, let negated):
      return boolSource(id).map { .flag(FlagCheck(flag: $0, negated: negated)) }
    case .ints(let op, let a, let b):
      guard let x = intSource(a), let y = intSource(b) else { return nil }
      return .ints(Compare(op: op, a: x, b: y))
    case .floats(let op, let a, let b):
      guard let x = floatSource(a), let y = floatSource(b) else { return nil }
      return .floats(Compare(op: op, a: x, b: y))
    }
  }

  /// Where a `bool` field lives, when fused leaves can read it.
  func boolSource(_ id: FieldID) -> BoolSource? {
    guard fields.indices.contains(id.rawValue), fields[id.rawValue].type == .bool else {
      return nil
    }
    switch fields[id.rawValue].storage {
    case .host(let k): return BoolSource(place: .host, k: k)
    case .vm(let k): return BoolSource(place: .vm, k: k)
    case .cluster(let k): return BoolSource(place: .cluster, k: k)
    case .hostRunsVM: return BoolSource(place: .hostRunsVM)
    default: return nil
    }
  }

  func intSource(_ operand: LeafOperand<Int64>) -> IntSource? {
    switch operand {
    case .constant(let k): return IntSource(place: .constant, value: k)
    case .select(let flag, let a, let b):
      return boolSource(flag).map { IntSource(place: .select, value: a, otherwise: b, flag: $0) }
    case .field(let id):
      guard fields.indices.contains(id.rawValue), fields[id.rawValue].type == .int else {
        return nil
      }
      switch fields[id.rawValue].storage {
      case .host(let k): return IntSource(place: .host, k: k)
      case .vm(let k): return IntSource(place: .vm, k: k)
      case .cluster(let k): return IntSource(place: .cluster, k: k)
      default: return nil
      }
    }
  }

  func floatSource(_ operand: LeafOperand<Double>) -> FloatSource? {
    switch operand {
    case .constant(let k): return FloatSource(place: .constant, value: k)
    case .select(let flag, let a, let b):
      return boolSource(flag).map { FloatSource(place: .select, value: a, otherwise: b, flag: $0) }
    case .field(let id):
      guard fields.indices.contains(id.rawValue), fields[id.rawValue].type == .float else {
        return nil
      }
      switch fields[id.rawValue].storage {
      case .host(let k): return FloatSource(place: .host, k: k)
      case .vm(let k): return FloatSource(place: .vm, k: k)
      case .cluster(let k): return FloatSource(place: .cluster, k: k)
      case .balanceHostLoad: return FloatSource(place: .balanceHostLoad)
      case .balanceMaxHostLoad: return FloatSource(place: .balanceMaxHostLoad)
      case .balanceMinHostLoad: return FloatSource(place: .balanceMinHostLoad)
      default: return nil
      }
    }
  }
}
