public import Diagnostics

/// What type the caller needs the whole expression to have.
public enum ExpressionRequirement: Hashable, Sendable {
  /// Any type (reason-template holes).
  case any
  /// `int` or `float` (weights, orderings).
  case number
  /// Exactly this type (`bool` for filters and conditions); where `float` is required an `int`
  /// expression is accepted and widened.
  case exactly(ExpressionType)

  /// A bool: filters, conditions.
  public static let bool = ExpressionRequirement.exactly(.bool)

  var description: String {
    switch self {
    case .any: "any value"
    case .number: "a number (int or float)"
    case .exactly(let type): type.description
    }
  }

  func accepts(_ type: ExpressionType) -> Bool {
    switch self {
    case .any: true
    case .number: type.isNumeric
    case .exactly(let wanted): type == wanted || (wanted == .float && type == .int)
    }
  }
}

/// Resolves names against an ``ExpressionEnvironment`` and checks types, producing a
/// ``CheckedExpression``.
///
/// The checker keeps going after an error (an ill-typed operand does not cause further errors
/// in the nodes above it) and reports every problem it finds. It returns an expression only
/// when there is no error; warnings do not block. With folding on (the default), constant
/// subexpressions and environment constants are folded afterwards.
public struct ExpressionChecker: Sendable {
  /// The names expressions may use.
  public var environment: ExpressionEnvironment
  /// The limits for parsing.
  public var limits: ExpressionLimits
  /// Whether constant subexpressions are folded (on by default; tests turn it off).
  public var isFoldingEnabled: Bool

  /// Creates a checker.
  public init(
    environment: ExpressionEnvironment, limits: ExpressionLimits = .default,
    isFoldingEnabled: Bool = true
  ) {
    self.environment = environment
    self.limits = limits
    self.isFoldingEnabled = isFoldingEnabled
  }

  /// Parses, checks and folds one expression.
  ///
  /// - Parameters:
  ///   - source: the expression text and its mapping into the file.
  ///   - requirement: the type the caller needs (``ExpressionRequirement/bool`` for filters,
  ///     ``ExpressionRequirement/number`` for weights).
  /// - Returns: the checked expression (`nil` when any error was reported) and every
  ///   diagnostic, errors and warnings, sorted.
  /// - Complexity: O(n) in the length of the expression.
  public func check(_ source: ExpressionSource, expecting requirement: ExpressionRequirement)
    -> (CheckedExpression?, [Diagnostic])
  {
    let (syntax, parseDiagnostics) = ExpressionParser(limits: limits).parse(source)
    guard let syntax else { return (nil, parseDiagnostics) }
    return check(syntax, expecting: requirement)
  }

  /// Checks and folds a parsed expression.
  ///
  /// - Complexity: O(n) in the number of nodes.
  public func check(_ syntax: ExpressionSyntax, expecting requirement: ExpressionRequirement)
    -> (CheckedExpression?, [Diagnostic])
  {
    var state = CheckerState(environment: environment)
    guard let typed = state.check(syntax) else {
      return (nil, Diagnostic.sorted(state.bag.diagnostics))
    }
    if !requirement.accepts(typed.type) {
      state.bag.report(
        .exprWrongResultType,
        "expected the expression to be \(requirement.description), found \(typed.type)",
        at: typed.span, help: resultHelp(requirement, typed.type))
    }
    if state.bag.hasErrors { return (nil, Diagnostic.sorted(state.bag.diagnostics)) }
    var root = typed
    if requirement == .exactly(.float), root.type == .int {
      root = TypedExpression(kind: .toFloat(root), type: .float, span: root.span)
    }
    if isFoldingEnabled { root = ExpressionFolder.fold(root) }
    return (CheckedExpression(root: root), Diagnostic.sorted(state.bag.diagnostics))
  }

  private func resultHelp(_ requirement: ExpressionRequirement, _ found: ExpressionType)
    -> String?
  {
    switch (requirement, found) {
    case (.exactly(.bool), .int), (.exactly(.bool), .float):
      "compare the number with something, e.g. '… > 0'"
    case (.exactly(.bool), .stringSet):
      "test membership with 'x in set' or use 'set.any(x, …)'"
    case (.number, .bool):
      "turn the condition into a number with 'condition ? 1 : 0'"
    default: nil
    }
  }
}

private struct CheckerState {
  let environment: ExpressionEnvironment
  var bag = DiagnosticBag()
  /// Names bound by enclosing macros; the index is the slot.
  var scope: [String] = []

  init(environment: ExpressionEnvironment) { self.environment = environment }

  func typed(_ kind: TypedExpression.Kind, _ type: ExpressionType, _ span: SourceSpan)
    -> TypedExpression
  {
    TypedExpression(kind: kind, type: type, span: span)
  }

  func widened(_ node: TypedExpression) -> TypedExpression {
    node.type == .int ? typed(.toFloat(node), .float, node.span) : node
  }

  mutating func check(_ syntax: ExpressionSyntax) -> TypedExpression? {
    switch syntax.kind {
    case .int(let value): return typed(.constant(.int(value)), .int, syntax.span)
    case .float(let value): return typed(.constant(.float(value)), .float, syntax.span)
    case .bool(let value): return typed(.constant(.bool(value)), .bool, syntax.span)
    case .string(let value): return typed(.constant(.string(value)), .string, syntax.span)
    case .set(let elements):
      var checked: [TypedExpression] = []
      var isValid = true
      for element in elements {
        guard let item = check(element) else {
          isValid = false
          continue
        }
        if item.type != .string {
          bag.report(
            .exprTypeMismatch, "set elements must be strings, found \(item.type)", at: item.span)
          isValid = false
        }
        checked.append(item)
      }
      return isValid ? typed(.set(checked), .stringSet, syntax.span) : nil
    case .identifier, .member:
      return checkPath(syntax)
    case .unary(let op, let operand):
      guard let value = check(operand) else { return nil }
      switch op {
      case .not:
        guard value.type == .bool else {
          bag.report(
            .exprTypeMismatch, "operator '!' expects a bool operand, found \(value.type)",
            at: value.span)
          return nil
        }
        return typed(.not(value), .bool, syntax.span)
      case .negate:
        guard value.type.isNumeric else {
          bag.report(
            .exprTypeMismatch, "operator '-' expects an int or float operand, found \(value.type)",
            at: value.span)
          return nil
        }
        return typed(.negate(value), value.type, syntax.span)
      }
    case .binary(let op, let lhsSyntax, let rhsSyntax, let operatorSpan):
      let lhs = check(lhsSyntax)
      let rhs = check(rhsSyntax)
      guard let lhs, let rhs else {
        // Still report a non-bool operand of `&&` / `||` next to an error in the other one.
        if op == .and || op == .or, let operand = lhs ?? rhs, operand.type != .bool {
          reportNonBool(op, operand)
        }
        return nil
      }
      return checkBinary(op, lhs, rhs, operatorSpan: operatorSpan, span: syntax.span)
    case .conditional(let conditionSyntax, let thenSyntax, let elseSyntax):
      let condition = check(conditionSyntax)
      let whenTrue = check(thenSyntax)
      let whenFalse = check(elseSyntax)
      guard let condition, let whenTrue, let whenFalse else { return nil }
      var isValid = true
      if condition.type != .bool {
        bag.report(
          .exprTypeMismatch, "condition of '?:' must be bool, found \(condition.type)",
          at: condition.span)
        isValid = false
      }
      if whenTrue.type == whenFalse.type {
        return isValid
          ? typed(.conditional(condition, whenTrue, whenFalse), whenTrue.type, syntax.span) : nil
      }
      if whenTrue.type.isNumeric, whenFalse.type.isNumeric {
        return isValid
          ? typed(
            .conditional(condition, widened(whenTrue), widened(whenFalse)), .float, syntax.span)
          : nil
      }
      bag.report(
        .exprTypeMismatch,
        "branches of '?:' must have the same type, found \(whenTrue.type) and \(whenFalse.type)",
        at: whenFalse.span, notes: [Diagnostic.Note("the other branch is here", at: whenTrue.span)]
      )
      return nil
    case .call(let name, let nameSpan, let arguments):
      return checkCall(name, nameSpan: nameSpan, arguments: arguments, span: syntax.span)
    case .method(let receiver, let name, let nameSpan, let arguments):
      return checkMethod(
        receiver, name: name, nameSpan: nameSpan, arguments: arguments, span: syntax.span)
    }
  }

  // MARK: Names

  mutating func checkPath(_ syntax: ExpressionSyntax) -> TypedExpression? {
    guard let path = syntax.dottedPath, let first = path.first else {
      // `base.name` on something that is not a name path, e.g. `(a + b).c`.
      guard case .member(let base, let name, let nameSpan) = syntax.kind,
        let value = check(base)
      else { return nil }
      bag.report(
        .exprTypeMismatch, "cannot access field '\(name)' on a value of type \(value.type)",
        at: nameSpan)
      return nil
    }
    if let slot = scope.lastIndex(of: first.name) {
      if path.count > 1 {
        bag.report(
          .exprTypeMismatch,
          "cannot access field '\(path[1].name)' on '\(first.name)', a string", at: path[1].span)
        return nil
      }
      return typed(.local(slot: slot, name: first.name), .string, first.span)
    }
    guard var node = environment.roots[first.name] else {
      var candidates = environment.rootNames
      candidates.append(contentsOf: scope)
      var help = DidYouMean.help(for: first.name, among: candidates)
      if help == nil, BuiltinFunction(rawValue: first.name) != nil {
        help = "'\(first.name)' is a function; call it as '\(first.name)(…)'"
      }
      bag.report(.exprUnknownName, "unknown name '\(first.name)'", at: first.span, help: help)
      return nil
    }
    var walked = first.name
    for component in path.dropFirst() {
      if let entry = node.entry {
        bag.report(
          .exprTypeMismatch,
          "cannot access field '\(component.name)' on '\(walked)', a value of type \(entry.type)",
          at: component.span)
        return nil
      }
      guard let child = node.children[component.name] else {
        let known = node.children.keys.sorted()
        let help =
          DidYouMean.help(for: component.name, among: known)
          ?? (known.isEmpty ? nil : "fields of '\(walked)': " + listed(known))
        bag.report(
          .exprUnknownField, "unknown field '\(component.name)' on '\(walked)'",
          at: component.span, help: help)
        return nil
      }
      node = child
      walked += "." + component.name
    }
    switch node.entry {
    case .field(let id, let type):
      return typed(.field(id, path: walked), type, syntax.span)
    case .constant(let value):
      return typed(.namedConstant(path: walked, value), value.type, syntax.span)
    case nil:
      let known = node.children.keys.sorted()
      bag.report(
        .exprIncompletePath, "expected a value, found '\(walked)' which is a group of fields",
        at: syntax.span,
        help: known.isEmpty ? nil : "name one of its fields: " + listed(known))
      return nil
    }
  }

  func listed(_ names: [String]) -> String {
    let shown = names.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
    return names.count > 8 ? shown + ", …" : shown
  }

  // MARK: Operators

  mutating func checkBinary(
    _ op: BinaryOperator, _ lhs: TypedExpression, _ rhs: TypedExpression,
    operatorSpan: SourceSpan, span: SourceSpan
  ) -> TypedExpression? {
    switch op {
    case .and, .or:
      var isValid = true
      for operand in [lhs, rhs] where operand.type != .bool {
        reportNonBool(op, operand)
        isValid = false
      }
      return isValid ? typed(.binary(op, lhs, rhs), .bool, span) : nil
    case .in:
      var isValid = true
      if lhs.type != .string {
        bag.report(
          .exprTypeMismatch, "operator 'in' expects a string on the left, found \(lhs.type)",
          at: lhs.span)
        isValid = false
      }
      if rhs.type != .stringSet {
        bag.report(
          .exprTypeMismatch, "operator 'in' expects a set<string> on the right, found \(rhs.type)",
          at: rhs.span)
        isValid = false
      }
      return isValid ? typed(.binary(op, lhs, rhs), .bool, span) : nil
    case .equal, .notEqual:
      if lhs.type == rhs.type { return typed(.binary(op, lhs, rhs), .bool, span) }
      if lhs.type.isNumeric, rhs.type.isNumeric {
        return typed(.binary(op, widened(lhs), widened(rhs)), .bool, span)
      }
      bag.report(
        .exprTypeMismatch,
        "operator '\(op.rawValue)' expects operands of the same type, found \(lhs.type) and \(rhs.type)",
        at: operatorSpan)
      return nil
    case .less, .lessOrEqual, .greater, .greaterOrEqual, .add, .subtract, .multiply, .divide,
      .remainder:
      var isValid = true
      for operand in [lhs, rhs] where !operand.type.isNumeric {
        bag.report(
          .exprTypeMismatch,
          "operator '\(op.rawValue)' expects int or float operands, found \(operand.type)",
          at: operand.span,
          help: op == .add && operand.type == .string
            ? "strings cannot be concatenated; use a reason template" : nil)
        isValid = false
      }
      guard isValid else { return nil }
      if op == .divide || op == .remainder, isConstantZero(rhs) {
        bag.report(
          .exprDivisionByZero, "division by constant zero always yields 0", at: rhs.span,
          help: "division and remainder by zero are defined as 0")
      }
      let resultType: ExpressionType =
        op.isArithmetic ? (lhs.type == .int && rhs.type == .int ? .int : .float) : .bool
      if lhs.type == rhs.type { return typed(.binary(op, lhs, rhs), resultType, span) }
      return typed(.binary(op, widened(lhs), widened(rhs)), resultType, span)
    }
  }

  mutating func reportNonBool(_ op: BinaryOperator, _ operand: TypedExpression) {
    bag.report(
      .exprTypeMismatch, "operator '\(op.rawValue)' expects bool operands, found \(operand.type)",
      at: operand.span,
      help: operand.type.isNumeric ? "compare the number with something, e.g. '… > 0'" : nil)
  }

  func isConstantZero(_ node: TypedExpression) -> Bool {
    let value: ExpressionValue
    switch node.kind {
    case .constant(let v), .namedConstant(_, let v): value = v
    default: return false
    }
    switch value {
    case .int(let x): return x == 0
    case .float(let x): return x == 0
    default: return false
    }
  }

  // MARK: Calls

  mutating func checkCall(
    _ name: String, nameSpan: SourceSpan, arguments: [ExpressionSyntax], span: SourceSpan
  ) -> TypedExpression? {
    if name == "float" { return checkFloatConversion(nameSpan: nameSpan, arguments, span: span) }
    guard let function = BuiltinFunction(rawValue: name) else {
      var help = DidYouMean.help(
        for: name, among: BuiltinFunction.allCases.map(\.rawValue) + ["float"])
      if CollectionMacro(rawValue: name) != nil {
        help = "'\(name)' is a collection macro; write 'set.\(name)(x, predicate)'"
      }
      bag.report(.exprUnknownFunction, "unknown function '\(name)'", at: nameSpan, help: help)
      return nil
    }
    let expectedCount: String? =
      switch function {
      case .min, .max: arguments.count >= 2 ? nil : "at least 2 arguments"
      case .clamp: arguments.count == 3 ? nil : "3 arguments (value, lower, upper)"
      case .abs, .ceil, .floor, .size: arguments.count == 1 ? nil : "1 argument"
      }
    if let expectedCount {
      bag.report(
        .exprArgumentCount,
        "function '\(name)' expects \(expectedCount), found \(arguments.count)", at: span)
      return nil
    }
    var checked: [TypedExpression] = []
    for argument in arguments {
      if let item = check(argument) { checked.append(item) }
    }
    guard checked.count == arguments.count else { return nil }
    if function == .size {
      guard let argument = checked.first, argument.type == .string || argument.type == .stringSet
      else {
        let found = checked.first?.type.description ?? "nothing"
        bag.report(
          .exprTypeMismatch, "function 'size' expects a string or set<string>, found \(found)",
          at: checked.first?.span ?? span)
        return nil
      }
      return typed(.call(.size, checked), .int, span)
    }
    var isValid = true
    for argument in checked where !argument.type.isNumeric {
      bag.report(
        .exprTypeMismatch,
        "function '\(name)' expects int or float arguments, found \(argument.type)",
        at: argument.span)
      isValid = false
    }
    guard isValid else { return nil }
    switch function {
    case .ceil, .floor:
      return typed(.call(function, checked), .int, span)
    case .abs:
      return typed(.call(function, checked), checked[0].type, span)
    default:
      if checked.allSatisfy({ $0.type == .int }) {
        return typed(.call(function, checked), .int, span)
      }
      return typed(.call(function, checked.map(widened)), .float, span)
    }
  }

  /// `float(x)`: the explicit form of the implicit int→float widening.
  mutating func checkFloatConversion(
    nameSpan: SourceSpan, _ arguments: [ExpressionSyntax], span: SourceSpan
  ) -> TypedExpression? {
    guard arguments.count == 1 else {
      bag.report(
        .exprArgumentCount, "function 'float' expects 1 argument, found \(arguments.count)",
        at: span)
      return nil
    }
    guard let argument = check(arguments[0]) else { return nil }
    guard argument.type.isNumeric else {
      bag.report(
        .exprTypeMismatch,
        "function 'float' expects an int or float argument, found \(argument.type)",
        at: argument.span)
      return nil
    }
    var result = widened(argument)
    result.span = span
    return result
  }

  mutating func checkMethod(
    _ receiverSyntax: ExpressionSyntax, name: String, nameSpan: SourceSpan,
    arguments: [ExpressionSyntax], span: SourceSpan
  ) -> TypedExpression? {
    guard let macro = CollectionMacro(rawValue: name) else {
      _ = check(receiverSyntax)
      var help = DidYouMean.help(for: name, among: CollectionMacro.allCases.map(\.rawValue))
      if help == nil, BuiltinFunction(rawValue: name) != nil {
        help = "'\(name)' is a function; call it as '\(name)(…)'"
      }
      bag.report(.exprUnknownFunction, "unknown method '\(name)'", at: nameSpan, help: help)
      return nil
    }
    guard let receiver = check(receiverSyntax) else { return nil }
    var isValid = true
    if receiver.type != .stringSet {
      bag.report(
        .exprTypeMismatch, "macro '\(name)' expects a set<string> receiver, found \(receiver.type)",
        at: receiver.span)
      isValid = false
    }
    guard arguments.count == 2 else {
      bag.report(
        .exprArgumentCount,
        "macro '\(name)' expects 2 arguments (variable, predicate), found \(arguments.count)",
        at: span, help: "write '\(name)(x, predicate)'")
      return nil
    }
    guard case .identifier(let variable) = arguments[0].kind else {
      bag.report(
        .exprInvalidVariable, "expected a variable name as the first argument of '\(name)'",
        at: arguments[0].span, help: "write '\(name)(x, predicate)'")
      return nil
    }
    if environment.roots[variable] != nil || scope.contains(variable) {
      let what = scope.contains(variable) ? "an enclosing variable" : "the root"
      bag.report(
        .exprInvalidVariable, "variable '\(variable)' shadows \(what) '\(variable)'",
        at: arguments[0].span, help: "choose another name")
      return nil
    }
    let slot = scope.count
    scope.append(variable)
    let predicate = check(arguments[1])
    scope.removeLast()
    guard let predicate, isValid else { return nil }
    guard predicate.type == .bool else {
      bag.report(
        .exprTypeMismatch, "predicate of '\(name)' must be bool, found \(predicate.type)",
        at: predicate.span)
      return nil
    }
    return typed(
      .macro(macro, receiver, slot: slot, name: variable, predicate: predicate),
      macro == .count ? .int : .bool, span)
  }
}
