public import PolicyExpression

// Leaf fusion for user policies (``PolicyFieldCatalog/fuser``). A fused leaf node is data, not
// a tree of closures: each operand is a small struct saying where the value lives (a column of
// the concrete tables, a constant, a flag choosing between two constants), read by a switch
// that the processor predicts, so a whole condition run or arithmetic chain costs one closure
// call instead of one per node and operand. Comparisons whose operands live in the common
// places (a host or VM column against a constant, a VM column against a host column) and host
// flags have leaf types of their own (``AnyCheck``), read with no switch at all.

/// Where a fused leaf reads a `bool`.
///
/// Sources and checks are plain structs with a payload-free kind, not enums with payloads:
/// reading one is a single switch on a byte, where a nested payload enum costs a decoding of
/// its tag bits and was measured slower than the closures it replaces.
struct BoolSource: FlagSource {
  enum Place: UInt8, Sendable { case host, vm, cluster, hostRunsVM }
  let place: Place
  /// The column (host, VM and cluster places).
  var k = 0

  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Bool {
    switch place {
    case .host: HostFlag(k: k).read(c)
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
  /// Column `k` of the host being evaluated.
  static func host(_ c: borrowing EvaluationContext, _ k: Int) -> Self
  /// Column `k` of the VM being scheduled.
  static func vm(_ c: borrowing EvaluationContext, _ k: Int) -> Self
  /// The specialised leaf for `a op b` over operands of these kinds (``AnyCheck``).
  static func check(_ compare: Compare<HostColumn<Self>, Constant<Self>>) -> AnyCheck
  static func check(_ compare: Compare<VMColumn<Self>, Constant<Self>>) -> AnyCheck
  static func check(_ compare: Compare<VMColumn<Self>, HostColumn<Self>>) -> AnyCheck
  static func check(_ compare: Compare<Source, Source>) -> AnyCheck
}

/// Where a fused leaf reads a number.
protocol FusedSource: Sendable {
  associatedtype Value: FusedNumber
  func read(_ c: borrowing EvaluationContext) -> Value
}

/// A number source resolved at compile time: where it lives, read by a switch.
protocol ResolvedSource: FusedSource {
  var place: NumberPlace { get }
  /// The column (host, VM and cluster places).
  var k: Int { get }
  /// The constant.
  var value: Value { get }
}

extension Int64: FusedNumber {
  typealias Source = IntSource
  @inline(__always)
  static func apply(_ op: ArithmeticOperation, _ a: Int64, _ b: Int64) -> Int64 { op.apply(a, b) }
  @inline(__always)
  static func host(_ c: borrowing EvaluationContext, _ k: Int) -> Int64 {
    c.tables.hosts.ints[k &* c.tables.hosts.rowCount &+ c.hostIndex]
  }
  @inline(__always)
  static func vm(_ c: borrowing EvaluationContext, _ k: Int) -> Int64 {
    c.tables.vms.ints[k &* c.tables.vms.rowCount &+ c.vmIndex]
  }
  static func check(_ x: Compare<HostColumn<Int64>, Constant<Int64>>) -> AnyCheck {
    .intHostConstant(x)
  }
  static func check(_ x: Compare<VMColumn<Int64>, Constant<Int64>>) -> AnyCheck {
    .intVMConstant(x)
  }
  static func check(_ x: Compare<VMColumn<Int64>, HostColumn<Int64>>) -> AnyCheck {
    .intVMHost(x)
  }
  static func check(_ x: Compare<IntSource, IntSource>) -> AnyCheck { .ints(x) }
}

extension Double: FusedNumber {
  typealias Source = FloatSource
  @inline(__always)
  static func apply(_ op: ArithmeticOperation, _ a: Double, _ b: Double) -> Double {
    op.apply(a, b)
  }
  @inline(__always)
  static func host(_ c: borrowing EvaluationContext, _ k: Int) -> Double {
    c.tables.hosts.floats[k &* c.tables.hosts.rowCount &+ c.hostIndex]
  }
  @inline(__always)
  static func vm(_ c: borrowing EvaluationContext, _ k: Int) -> Double {
    c.tables.vms.floats[k &* c.tables.vms.rowCount &+ c.vmIndex]
  }
  static func check(_ x: Compare<HostColumn<Double>, Constant<Double>>) -> AnyCheck {
    .floatHostConstant(x)
  }
  static func check(_ x: Compare<VMColumn<Double>, Constant<Double>>) -> AnyCheck {
    .floatVMConstant(x)
  }
  static func check(_ x: Compare<VMColumn<Double>, HostColumn<Double>>) -> AnyCheck {
    .floatVMHost(x)
  }
  static func check(_ x: Compare<FloatSource, FloatSource>) -> AnyCheck { .floats(x) }
}

// Specialised operands: a leaf whose operands live in these common places reads them with no
// switch on the place (the fuser picks the leaf's type when it builds the closure).

/// Column `k` of the host being evaluated.
struct HostColumn<Value: FusedNumber>: FusedSource {
  let k: Int
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Value { Value.host(c, k) }
}

/// Column `k` of the VM being scheduled.
struct VMColumn<Value: FusedNumber>: FusedSource {
  let k: Int
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Value { Value.vm(c, k) }
}

/// A constant.
struct Constant<Value: FusedNumber>: FusedSource {
  let value: Value
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Value { value }
}

/// A `bool` column of the host being evaluated.
struct HostFlag: FlagSource {
  let k: Int
  @inline(__always)
  func read(_ c: borrowing EvaluationContext) -> Bool {
    c.tables.hosts.bools[k &* c.tables.hosts.rowCount &+ c.hostIndex]
  }
}

/// Where a fused leaf reads a `bool`.
protocol FlagSource: Sendable {
  func read(_ c: borrowing EvaluationContext) -> Bool
}

/// Where a fused leaf reads an `int`: a column, a constant, or a flag choosing a constant.
struct IntSource: ResolvedSource {
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
    case .host: Int64.host(c, k)
    case .vm: Int64.vm(c, k)
    case .cluster: c.tables.cluster.ints[k]
    case .select: flag.read(c) ? value : otherwise
    case .constant, .balanceHostLoad, .balanceMaxHostLoad, .balanceMinHostLoad: value
    }
  }
}

/// Where a fused leaf reads a `float`: a column, a constant, a flag choosing a constant, or
/// the balancer's loads.
struct FloatSource: ResolvedSource {
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
    case .host: Double.host(c, k)
    case .vm: Double.vm(c, k)
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
struct FlagCheck<Flag: FlagSource>: Check {
  let flag: Flag
  let negated: Bool

  @inline(__always)
  func holds(_ c: borrowing EvaluationContext) -> Bool { flag.read(c) != negated }
}

/// Which of the four relations of two numbers (less, equal, greater, unordered: a NaN) make a
/// comparison hold, as bits: the operator costs a shift instead of a switch.
struct Relations: Sendable {
  let bits: UInt8

  init(_ op: Comparison) {
    switch op {
    case .equal: bits = 0b0010
    case .notEqual: bits = 0b1101
    case .less: bits = 0b0001
    case .lessOrEqual: bits = 0b0011
    case .greater: bits = 0b0100
    case .greaterOrEqual: bits = 0b0110
    }
  }

  /// Whether `a op b` holds: ``Comparison/holds(_:_:)``, NaN and ±0 included.
  @inline(__always)
  func hold<T: Comparable>(_ a: T, _ b: T) -> Bool {
    let (less, equal, greater) = (a < b, a == b, a > b)
    let relation: UInt8 =
      (equal ? 1 : 0) | (greater ? 2 : 0) | (less || equal || greater ? 0 : 3)
    return bits >> relation & 1 != 0
  }
}

/// `a op b` over two numbers of one type.
struct Compare<A: FusedSource, B: FusedSource>: Check where A.Value == B.Value {
  let op: Relations
  let a: A
  let b: B

  @inline(__always)
  func holds(_ c: borrowing EvaluationContext) -> Bool { op.hold(a.read(c), b.read(c)) }
}

extension Compare where A: ResolvedSource, A == B, A.Value.Source == A {
  /// `a op b` as the specialised leaf for where its operands live: a host or VM column against
  /// a constant, or a VM column against a host column (`k op x` is taken as `x op' k`, and
  /// `host op vm` as `vm op' host`, with the comparison swapped), else the general one.
  static func check(_ op: Comparison, _ a: A, _ b: A) -> AnyCheck {
    let swaps =
      (a.place == .constant && b.place != .constant) || (a.place == .host && b.place == .vm)
    let (op, a, b) = swaps ? (op.swapped, b, a) : (op, a, b)
    let relations = Relations(op)
    switch (a.place, b.place) {
    case (.host, .constant):
      return A.Value.check(
        Compare<HostColumn, Constant>(op: relations, a: .init(k: a.k), b: .init(value: b.value)))
    case (.vm, .constant):
      return A.Value.check(
        Compare<VMColumn, Constant>(op: relations, a: .init(k: a.k), b: .init(value: b.value)))
    case (.vm, .host):
      return A.Value.check(
        Compare<VMColumn, HostColumn>(op: relations, a: .init(k: a.k), b: .init(k: b.k)))
    default:
      return A.Value.check(Compare(op: relations, a: a, b: b))
    }
  }
}

/// A resolved leaf, by kind: the fuser switches on it once, when it builds a closure, so the
/// closure calls each leaf's `holds` directly, inlined. The common shapes (a host flag; a host
/// or VM column against a constant; a VM column against a host column) have their own kinds,
/// read with no switch on where the operands live; pairs of leaves get one closure per pair of
/// kinds (10 × 10 × `&&`/`||`), longer runs switch on the kind of each leaf.
enum AnyCheck: Sendable {
  case hostFlag(FlagCheck<HostFlag>)
  case flag(FlagCheck<BoolSource>)
  case intHostConstant(Compare<HostColumn<Int64>, Constant<Int64>>)
  case intVMConstant(Compare<VMColumn<Int64>, Constant<Int64>>)
  case intVMHost(Compare<VMColumn<Int64>, HostColumn<Int64>>)
  case ints(Compare<IntSource, IntSource>)
  case floatHostConstant(Compare<HostColumn<Double>, Constant<Double>>)
  case floatVMConstant(Compare<VMColumn<Double>, Constant<Double>>)
  case floatVMHost(Compare<VMColumn<Double>, HostColumn<Double>>)
  case floats(Compare<FloatSource, FloatSource>)

  /// Calls `visitor` with the leaf as its concrete type.
  @inline(__always)
  func visit<Visitor: CheckVisitor>(_ visitor: Visitor) -> Visitor.Result {
    switch self {
    case .hostFlag(let x): visitor.visit(x)
    case .flag(let x): visitor.visit(x)
    case .intHostConstant(let x): visitor.visit(x)
    case .intVMConstant(let x): visitor.visit(x)
    case .intVMHost(let x): visitor.visit(x)
    case .ints(let x): visitor.visit(x)
    case .floatHostConstant(let x): visitor.visit(x)
    case .floatVMConstant(let x): visitor.visit(x)
    case .floatVMHost(let x): visitor.visit(x)
    case .floats(let x): visitor.visit(x)
    }
  }

  /// The closure of `self && next` (`all`) or `self || next`, for leaves of any kind.
  func fused(with next: AnyCheck, all: Bool) -> FusedBool<EvaluationContext> {
    visit(Second(next: next, all: all))
  }

  /// Visits the first leaf of a pair, then the second with the first's type known.
  struct Second: CheckVisitor {
    let next: AnyCheck
    let all: Bool
    func visit<First: Check>(_ first: First) -> FusedBool<EvaluationContext> {
      next.visit(Pair(first: first, all: all))
    }
  }

  /// Builds the closure of a pair of leaves of known types.
  struct Pair<First: Check>: CheckVisitor {
    let first: First
    let all: Bool
    func visit<Second: Check>(_ second: Second) -> FusedBool<EvaluationContext> {
      let leaves = Captured((first, second))
      if all { return FusedBool { c in leaves.value.0.holds(c) && leaves.value.1.holds(c) } }
      return FusedBool { c in leaves.value.0.holds(c) || leaves.value.1.holds(c) }
    }
  }

  /// Builds the closure of one leaf of a known type.
  struct Single: CheckVisitor {
    func visit<X: Check>(_ x: X) -> FusedBool<EvaluationContext> {
      let leaf = Captured(x)
      return FusedBool { c in leaf.value.holds(c) }
    }
  }

  /// The closure of this leaf alone.
  var fused: FusedBool<EvaluationContext> { visit(Single()) }

  /// Evaluates the leaf.
  @inline(__always)
  func holds(_ c: borrowing EvaluationContext) -> Bool {
    switch self {
    case .hostFlag(let x): x.holds(c)
    case .flag(let x): x.holds(c)
    case .intHostConstant(let x): x.holds(c)
    case .intVMConstant(let x): x.holds(c)
    case .intVMHost(let x): x.holds(c)
    case .ints(let x): x.holds(c)
    case .floatHostConstant(let x): x.holds(c)
    case .floatVMConstant(let x): x.holds(c)
    case .floatVMHost(let x): x.holds(c)
    case .floats(let x): x.holds(c)
    }
  }
}

/// Code generic over the concrete type of a leaf (``AnyCheck/visit(_:)``).
protocol CheckVisitor {
  associatedtype Result
  func visit<X: Check>(_ x: X) -> Result
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
      guard let flag = boolSource(id) else { return nil }
      if flag.place == .host {
        return .hostFlag(FlagCheck(flag: HostFlag(k: flag.k), negated: negated))
      }
      return .flag(FlagCheck(flag: flag, negated: negated))
    case .ints(let op, let a, let b):
      guard let x = intSource(a), let y = intSource(b) else { return nil }
      return Compare<IntSource, IntSource>.check(op, x, y)
    case .floats(let op, let a, let b):
      guard let x = floatSource(a), let y = floatSource(b) else { return nil }
      return Compare<FloatSource, FloatSource>.check(op, x, y)
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
