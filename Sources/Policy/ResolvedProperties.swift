public import Diagnostics

/// Where a property's value comes from.
public enum PropertySource: String, Hashable, Sendable {
  /// The unit's own declared default (oVirt's per-unit fallback).
  case unitDefault = "default"
  /// The SchedulingPolicy's `properties:`.
  case policy
  /// The snapshot's `cluster.scheduling.properties`.
  case snapshot = "snapshot override"
}

/// The value one unit sees for one property.
public struct UnitPropertyValue: Hashable, Sendable {
  /// The property name.
  public var name: String
  /// The value.
  public var value: PropertyValue
  /// Where it comes from.
  public var source: PropertySource

  /// Creates a value.
  public init(name: String, value: PropertyValue, source: PropertySource) {
    self.name = name
    self.value = value
    self.source = source
  }
}

/// One property of a compiled policy: its declaration, and its value with provenance.
public struct ResolvedProperty: Hashable, Sendable {
  /// The name.
  public var name: String
  /// The declaration (type, bounds, doc) shared by the units; defaults may differ per unit.
  public var declaration: PropertyDeclaration
  /// The value set by the snapshot or the policy, if either sets it.
  public var value: PropertyValue?
  /// Where ``value`` comes from; ``PropertySource/unitDefault`` when neither sets it.
  public var source: PropertySource
  /// Where the value is written (policy or snapshot), if set.
  public var valueSpan: SourceSpan?
  /// The units that declare it, in pipeline order, with their own defaults.
  public var declaringUnits: [(unit: String, defaultValue: PropertyValue)]

  /// Creates a resolved property.
  public init(
    name: String, declaration: PropertyDeclaration, value: PropertyValue?,
    source: PropertySource, valueSpan: SourceSpan? = nil,
    declaringUnits: [(unit: String, defaultValue: PropertyValue)] = []
  ) {
    self.name = name
    self.declaration = declaration
    self.value = value
    self.source = source
    self.valueSpan = valueSpan
    self.declaringUnits = declaringUnits
  }

  public static func == (lhs: ResolvedProperty, rhs: ResolvedProperty) -> Bool {
    lhs.name == rhs.name && lhs.value == rhs.value && lhs.source == rhs.source
      && lhs.declaringUnits.map(\.unit) == rhs.declaringUnits.map(\.unit)
      && lhs.declaringUnits.map(\.defaultValue) == rhs.declaringUnits.map(\.defaultValue)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(name)
    hasher.combine(value)
    hasher.combine(source)
  }

  /// The value a unit sees: the set value, else the unit's default.
  public func value(forUnit unit: String) -> PropertyValue? {
    value ?? declaringUnits.first { $0.unit == unit }?.defaultValue
  }
}

/// Every property of a compiled policy, sorted by name.
public struct ResolvedProperties: Hashable, Sendable {
  /// The properties, sorted by name.
  public var properties: [ResolvedProperty]

  /// Creates resolved properties.
  public init(properties: [ResolvedProperty]) {
    self.properties = properties.sorted { $0.name < $1.name }
  }

  /// The property of a name.
  public subscript(name: String) -> ResolvedProperty? { properties.first { $0.name == name } }

  /// The value a unit sees for a property.
  public func value(of name: String, forUnit unit: String) -> PropertyValue? {
    self[name]?.value(forUnit: unit)
  }
}

/// The property values one native unit sees: every property its descriptor declares, each the
/// value the policy or the snapshot sets, else the unit's own default. The compiler resolves
/// them once per pipeline, so an evaluator never repeats a default.
public struct UnitProperties: Hashable, Sendable {
  /// The values, in declaration order.
  public var values: [UnitPropertyValue]

  /// Creates the values of a unit.
  public init(_ values: [UnitPropertyValue]) { self.values = values }

  /// Every declaration at its default (for a unit evaluated outside a policy).
  public init(defaultsOf declarations: [PropertyDeclaration]) {
    values = declarations.map {
      UnitPropertyValue(name: $0.name, value: $0.defaultValue, source: .unitDefault)
    }
  }

  /// The value of a property, if the unit declares it.
  public subscript(name: String) -> PropertyValue? {
    values.first { $0.name == name }?.value
  }

  /// An int property (a float is truncated toward zero); 0 when the unit does not declare it,
  /// which the compiler rules out for a compiled unit.
  public func int(_ name: String) -> Int64 {
    switch self[name] {
    case .int(let value): value
    case .float(let value) where value.isFinite && abs(value) < 9.2e18:
      Int64(value.rounded(.towardZero))
    default: 0
    }
  }
}
