public import Diagnostics

// Policy structure (`P`) and compile (`C`) diagnostics. Every code is listed in
// ``PolicyDiagnostics/all`` and documented in `Docs/diagnostics.md`.

extension DiagnosticDescriptor {
  /// A policy document has a key its kind does not read.
  public static let policyUnknownKey = DiagnosticDescriptor(
    "P001", title: "unknown key in a policy document",
    explanation: """
      The key is not one this document kind reads. Check the spelling (the help line suggests \
      the closest known key) and the document's `kind`.
      """)
  /// A document's `kind` is missing or not a policy kind.
  public static let policyUnknownKind = DiagnosticDescriptor(
    "P002", title: "unknown or missing policy kind",
    explanation: """
      Every policy document starts with `kind:`, one of Filter, Weight, Balancer, \
      SchedulingPolicy, MigrationPolicy or ResiliencePolicy.
      """)
  /// A required key is missing.
  public static let policyMissingKey = DiagnosticDescriptor(
    "P003", title: "missing required key",
    explanation: """
      The document lacks a key its kind requires, e.g. a Filter without `when:` (or \
      `native:`), or a document without `name:`.
      """)
  /// A value has the wrong YAML shape or type.
  public static let policyInvalidValue = DiagnosticDescriptor(
    "P004", title: "invalid value in a policy document",
    explanation: """
      A value has the wrong shape (a sequence where a mapping is expected, a string where a \
      number is expected) or is not one of the allowed words.
      """)
  /// Two documents of the same kind share a name.
  public static let policyDuplicateName = DiagnosticDescriptor(
    "P005", title: "duplicate unit or policy name",
    explanation: """
      Names are unique per kind across the built-in policies and across every file of one \
      `--policies` directory (a directory may override a built-in by reusing its name). The \
      note points at the first definition.
      """)
  /// A property declaration is malformed.
  public static let policyInvalidProperty = DiagnosticDescriptor(
    "P006", title: "invalid property declaration",
    explanation: """
      A unit's property needs `type` (int, float or bool) and `default`; `min` and `max` are \
      optional numbers with min ≤ default ≤ max. The default must have the declared type.
      """)
  /// A unit names a native implementation that does not exist.
  public static let policyUnknownNative = DiagnosticDescriptor(
    "P007", title: "unknown native unit",
    explanation: """
      `native:` names a unit written in Swift. The name must be one of the registered native \
      units of the same kind (`shepherd compile` lists them); the help suggests the closest.
      """)
  /// A unit mixes `native:` with expression keys.
  public static let policyNativeWithExpressions = DiagnosticDescriptor(
    "P008", title: "native unit with expressions or properties",
    explanation: """
      A native unit's logic and properties are defined in Swift; it cannot also have `when:`, \
      `score:`, balancer rules or `properties:`. Remove them, or drop `native:`.
      """)

  /// A scheduling policy references a unit that does not exist.
  public static let compileUnknownUnit = DiagnosticDescriptor(
    "C001", title: "unknown unit",
    explanation: """
      A SchedulingPolicy's `filters`, `weights` or `balancer` names a unit that is defined \
      nowhere (built-ins or `--policies`). The help suggests the closest name.
      """)
  /// A unit of one kind is listed where another kind is expected.
  public static let compileWrongUnitKind = DiagnosticDescriptor(
    "C002", title: "unit of the wrong kind",
    explanation: """
      `filters` lists Filter units, `weights` lists Weight units and `balancer` names a \
      Balancer. The named unit exists, but as another kind.
      """)
  /// A policy or snapshot sets a property no unit of the policy declares.
  public static let compileUnusedProperty = DiagnosticDescriptor(
    "C003", title: "property not declared by any unit of the policy",
    explanation: """
      Properties are declared by the units that read them. A value for a key that no unit of \
      the policy (its filters, weights, balancer and the mandatory filters) declares is ignored. \
      In a snapshot override it is an error; in the policy itself a warning, because oVirt's \
      policy builder accepts such keys (policies exported from an engine carry them). It is \
      usually a typo; lint's L010 (undeclared-property) reports both as errors.
      """)
  /// A property value has the wrong type.
  public static let compilePropertyType = DiagnosticDescriptor(
    "C004", title: "property value of the wrong type",
    explanation: """
      The value does not have the type its units declare (int, float or bool). Snapshot \
      overrides are read from their text: `12` is an int, `0.5` a float, `true` a bool.
      """)
  /// A property value is outside its declared bounds.
  public static let compilePropertyBounds = DiagnosticDescriptor(
    "C005", title: "property value out of bounds",
    explanation: """
      The value is outside the `min`/`max` the units declare (oVirt's own bounds, e.g. \
      HighUtilization 50–99, LowUtilization 0–49, MigrationThreshold ≥ 2).
      """)
  /// A weight factor is not a positive integer.
  public static let compileBadFactor = DiagnosticDescriptor(
    "C006", title: "invalid weight factor",
    explanation: """
      A weight's `factor` is an integer from 1 to 1000000. To disable a weight, remove it from \
      the list.
      """)
  /// Two units declare one property differently.
  public static let compileConflictingProperty = DiagnosticDescriptor(
    "C007", title: "units declare a property differently",
    explanation: """
      Two units of one policy declare the same property with a different type or bounds. \
      Defaults may differ (oVirt's fallbacks are per unit); type and bounds may not.
      """)
  /// The requested policy does not exist.
  public static let compileUnknownPolicy = DiagnosticDescriptor(
    "C008", title: "unknown policy",
    explanation: """
      No SchedulingPolicy, MigrationPolicy or ResiliencePolicy of this name is defined. The \
      help suggests the closest name.
      """)
  /// A unit is listed twice in one policy.
  public static let compileRepeatedUnit = DiagnosticDescriptor(
    "C009", title: "unit listed twice",
    explanation: """
      A filter or weight appears twice in one policy's list (or a listed filter is also \
      mandatory and therefore already first). List each unit once.
      """)
}

/// The policy structure (`P`) and compile (`C`) diagnostics.
public enum PolicyDiagnostics {
  /// Every descriptor of the Policy module, in code order.
  public static let all: [DiagnosticDescriptor] = [
    .policyUnknownKey, .policyUnknownKind, .policyMissingKey, .policyInvalidValue,
    .policyDuplicateName, .policyInvalidProperty, .policyUnknownNative,
    .policyNativeWithExpressions,
    .compileUnknownUnit, .compileWrongUnitKind, .compileUnusedProperty, .compilePropertyType,
    .compilePropertyBounds, .compileBadFactor, .compileConflictingProperty, .compileUnknownPolicy,
    .compileRepeatedUnit,
  ]
}
