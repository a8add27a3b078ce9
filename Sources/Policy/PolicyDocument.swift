public import Diagnostics
public import PolicyExpression

/// The kinds of policy document.
public enum PolicyKind: String, Hashable, Sendable, CaseIterable {
  /// A predicate over (host, VM): hosts failing it are excluded, with a reason.
  case filter = "Filter"
  /// A score over (host, VM); lower is better.
  case weight = "Weight"
  /// Decides what to move: sources, VMs, destinations.
  case balancer = "Balancer"
  /// Filters, weights with factors, a balancer and property values.
  case schedulingPolicy = "SchedulingPolicy"
  /// A migration convergence schedule.
  case migrationPolicy = "MigrationPolicy"
  /// What happens to a failed host's VMs.
  case resiliencePolicy = "ResiliencePolicy"

  /// Whether documents of this kind are units (used by scheduling policies).
  public var isUnit: Bool { self == .filter || self == .weight || self == .balancer }
}

/// Where a document comes from: its file, spans and whether it is built in.
public struct DocumentOrigin: Hashable, Sendable {
  /// The file path as shown in output (`Policies/units/filters/memory.yaml` for built-ins).
  public var path: String
  /// The whole document's span.
  public var span: SourceSpan
  /// The `name` value's span.
  public var nameSpan: SourceSpan
  /// The 1-based line of the `name` value, for `compile` output.
  public var line: Int
  /// Whether it is one of the built-in policies embedded in the binary.
  public var isBuiltin: Bool

  /// Creates an origin.
  public init(path: String, span: SourceSpan, nameSpan: SourceSpan, line: Int, isBuiltin: Bool) {
    self.path = path
    self.span = span
    self.nameSpan = nameSpan
    self.line = line
    self.isBuiltin = isBuiltin
  }

  /// `path:line`, as `explain` and `compile` cite it.
  public var citation: String { "\(path):\(line)" }
}

/// An expression as written in a policy: its text and the map back into the file.
public struct ExpressionText: Sendable {
  /// The source, ready for ``ExpressionChecker``.
  public var source: ExpressionSource
  /// The scalar's span in the file.
  public var span: SourceSpan

  /// Creates an expression text.
  public init(source: ExpressionSource, span: SourceSpan) {
    self.source = source
    self.span = span
  }

  /// The text as written (after YAML unquoting).
  public var text: String { source.text }
}

/// A balancer's rules, all expressions over the same fields as filters and weights, plus the
/// `balance` root (the host's load and the largest and smallest load among the candidates).
///
/// ```yaml
/// kind: Balancer
/// name: OptimalForEvenGuestDistribution
/// hostLoad: host.vmCount + (host.isSPM ? params.SpmVmGrace : 0)
/// source: { when: balance.maxHostLoad >= params.HighVmCount && balance.hostLoad >= balance.maxHostLoad, order: -balance.hostLoad }
/// vm: { when: vm.isRunning && vm.migrationMode == 'migratable', order: vm.cpuLoadPoints }
/// destination: { when: balance.maxHostLoad - balance.hostLoad >= params.MigrationThreshold }
/// ```
public struct BalancerRules: Sendable {
  /// The per-host load metric (`balance.hostLoad`); its extremes over the candidate hosts are
  /// `balance.maxHostLoad` and `balance.minHostLoad`.
  public var hostLoad: ExpressionText
  /// Which hosts are sources (bool).
  public var sourceWhen: ExpressionText
  /// The order sources are tried in: ascending by this number.
  public var sourceOrder: ExpressionText?
  /// Which VMs on a source may move (bool, evaluated with the source as `host`).
  public var vmWhen: ExpressionText
  /// The order VMs are tried in: ascending by this number.
  public var vmOrder: ExpressionText?
  /// Which hosts may receive the VM (bool).
  public var destinationWhen: ExpressionText
  /// Named numeric thresholds handed to the scheduler (e.g. `cpuPercent`), in source order.
  public var thresholds: [(name: String, expression: ExpressionText)]

  /// Creates rules.
  public init(
    hostLoad: ExpressionText, sourceWhen: ExpressionText, sourceOrder: ExpressionText?,
    vmWhen: ExpressionText, vmOrder: ExpressionText?, destinationWhen: ExpressionText,
    thresholds: [(name: String, expression: ExpressionText)]
  ) {
    self.hostLoad = hostLoad
    self.sourceWhen = sourceWhen
    self.sourceOrder = sourceOrder
    self.vmWhen = vmWhen
    self.vmOrder = vmOrder
    self.destinationWhen = destinationWhen
    self.thresholds = thresholds
  }
}

/// One named sub-check of a filter (`checks:`): its own condition and reason, so a verdict
/// says which part of the filter failed.
public struct FilterCheck: Sendable {
  /// The check's name, e.g. `over-commit`.
  public var name: String
  /// The condition a host must meet (bool).
  public var when: ExpressionText
  /// Why a host fails the check: a template; the check's name when absent.
  public var reason: ExpressionText?

  /// Creates a check.
  public init(name: String, when: ExpressionText, reason: ExpressionText?) {
    self.name = name
    self.when = when
    self.reason = reason
  }
}

/// How a unit is implemented.
public enum UnitImplementation: Sendable {
  /// A filter: `when:` (bool), an optional `reason:` template and named `checks:`. A host
  /// passes when `when` holds or every check passes; without checks `when` is required.
  case filter(when: ExpressionText?, reason: ExpressionText?, checks: [FilterCheck])
  /// A weight: `score:` (a number; lower is better).
  case weight(score: ExpressionText)
  /// A balancer's rules.
  case balancer(BalancerRules)
  /// A unit written in Swift.
  case native(NativeUnitDescriptor)

  /// Whether the unit is native.
  public var isNative: Bool {
    if case .native = self { return true }
    return false
  }
}

/// A Filter, Weight or Balancer document.
///
/// ```yaml
/// kind: Filter
/// name: Memory
/// description: Exclude hosts that cannot fit the VM's memory.
/// when: vm.requiredMemoryMiB <= host.maxSchedulingMemoryMiB
/// reason: "needs {vm.requiredMemoryMiB} MiB, host has {host.maxSchedulingMemoryMiB} MiB schedulable"
/// ```
public struct PolicyUnit: Sendable {
  /// Filter, Weight or Balancer.
  public var kind: PolicyKind
  /// The unit's name, unique per kind.
  public var name: String
  /// One or more sentences for people.
  public var description: String
  /// Filters only: whether it runs first in every policy (oVirt's mandatory filters).
  public var isMandatory: Bool
  /// The properties it reads, in source order.
  public var properties: [PropertyDeclaration]
  /// Expressions or a native unit.
  public var implementation: UnitImplementation
  /// Weights only: when this is false for the VM, the unit records nothing for it and so
  /// contributes nothing (oVirt's PreferredHosts for running VMs, Docs/ovirt.md §2.4.6).
  public var appliesWhen: ExpressionText?
  /// Weights only: the hosts whose scores are stretched to [1, 1000] over the candidates of each
  /// decision (oVirt's `stretchScores`, Docs/ovirt.md §2.4); a host where it is false keeps its
  /// score and takes no part in the stretch. Absent: no stretching.
  public var stretchWhen: ExpressionText?
  /// Where it is defined.
  public var origin: DocumentOrigin

  /// Creates a unit.
  public init(
    kind: PolicyKind, name: String, description: String, isMandatory: Bool,
    properties: [PropertyDeclaration], implementation: UnitImplementation, origin: DocumentOrigin
  ) {
    self.kind = kind
    self.name = name
    self.description = description
    self.isMandatory = isMandatory
    self.properties = properties
    self.implementation = implementation
    self.appliesWhen = nil
    self.stretchWhen = nil
    self.origin = origin
  }

  /// The declaration of a property, if the unit declares it.
  public func property(named name: String) -> PropertyDeclaration? {
    properties.first { $0.name == name }
  }
}

/// A reference to a unit by name, with where it is written.
public struct UnitReference: Hashable, Sendable {
  /// The unit's name.
  public var name: String
  /// The reference's span.
  public var span: SourceSpan
  /// For weights: the factor (1 when a filter or balancer).
  public var factor: Int
  /// For weights: where the factor is written, if it is.
  public var factorSpan: SourceSpan?

  /// Creates a reference.
  public init(name: String, span: SourceSpan, factor: Int = 1, factorSpan: SourceSpan? = nil) {
    self.name = name
    self.span = span
    self.factor = factor
    self.factorSpan = factorSpan
  }
}

/// How weights are combined into one host choice.
public enum SelectorKind: String, Hashable, Sendable, CaseIterable {
  /// oVirt's RankSelector (Docs/ovirt.md §3.6): per unit, ranks become points × factor.
  case rank
  /// oVirt's BasicWeighting: the smallest Σ factor × score wins.
  case weightedSum = "weighted_sum"
}

/// A value a policy (or a snapshot) gives a property.
public struct PropertySetting: Hashable, Sendable {
  /// The key.
  public var name: String
  /// The value as written.
  public var literal: PropertyLiteral
  /// The key's span.
  public var keySpan: SourceSpan?
  /// The value's span.
  public var valueSpan: SourceSpan?

  /// Creates a setting.
  public init(
    name: String, literal: PropertyLiteral, keySpan: SourceSpan?, valueSpan: SourceSpan?
  ) {
    self.name = name
    self.literal = literal
    self.keySpan = keySpan
    self.valueSpan = valueSpan
  }
}

/// A SchedulingPolicy document.
///
/// ```yaml
/// kind: SchedulingPolicy
/// name: vm_evenly_distributed
/// filters: [CPU, CPUOverloaded, Memory, Network, Migration, VmAffinityGroups]
/// weights:
///   - { unit: OptimalForEvenGuestDistribution, factor: 2 }
///   - { unit: PreferredHosts, factor: 99 }
/// balancer: OptimalForEvenGuestDistribution
/// properties: { HighUtilization: 80, HighVmCount: 10 }
/// ```
public struct SchedulingPolicyDocument: Sendable {
  /// The policy name.
  public var name: String
  /// For people.
  public var description: String
  /// Filters, in order (after the mandatory filters).
  public var filters: [UnitReference]
  /// Weights with factors.
  public var weights: [UnitReference]
  /// The balancer, if any.
  public var balancer: UnitReference?
  /// How weights are combined.
  public var selector: SelectorKind
  /// Property values, in source order.
  public var properties: [PropertySetting]
  /// Where it is defined.
  public var origin: DocumentOrigin

  /// Creates a policy document.
  public init(
    name: String, description: String, filters: [UnitReference], weights: [UnitReference],
    balancer: UnitReference?, selector: SelectorKind, properties: [PropertySetting],
    origin: DocumentOrigin
  ) {
    self.name = name
    self.description = description
    self.filters = filters
    self.weights = weights
    self.balancer = balancer
    self.selector = selector
    self.properties = properties
    self.origin = origin
  }
}

/// One step of a migration convergence schedule (Docs/ovirt.md §5.2).
public enum ConvergenceAction: Hashable, Sendable, CustomStringConvertible {
  /// Raise the allowed downtime.
  case setDowntime(milliseconds: Int)
  /// Switch to post-copy.
  case postcopy
  /// Abort the migration.
  case abort

  public var description: String {
    switch self {
    case .setDowntime(let milliseconds): "setDowntime \(milliseconds) ms"
    case .postcopy: "postcopy"
    case .abort: "abort"
    }
  }
}

/// A MigrationPolicy document: the convergence schedule and migration flags.
///
/// ```yaml
/// kind: MigrationPolicy
/// name: minimal_downtime
/// maxMigrations: 2
/// autoConverge: true
/// initialDowntimeMs: 100
/// stalling: [{ limit: 1, downtimeMs: 150 }, { limit: 2, downtimeMs: 200 }]
/// finally: [abort]
/// ```
public struct MigrationPolicyDocument: Hashable, Sendable {
  /// One stalling step: when the stalling counter reaches `limit`, do `action`.
  public struct StallingStep: Hashable, Sendable {
    /// VDSM's stalling counter.
    public var limit: Int
    /// What to do.
    public var action: ConvergenceAction

    /// Creates a step.
    public init(limit: Int, action: ConvergenceAction) {
      self.limit = limit
      self.action = action
    }
  }

  /// The policy name.
  public var name: String
  /// For people.
  public var description: String
  /// Migrations in and out of one host at once.
  public var maxMigrations: Int
  /// Whether auto-converge is on.
  public var isAutoConverge: Bool
  /// Whether compression is on.
  public var isCompressed: Bool
  /// Whether guest events are sent.
  public var sendsGuestEvents: Bool
  /// Whether zero-copy migration is used where possible.
  public var isZeroCopy: Bool
  /// The lowest cluster compatibility version it applies to, if limited.
  public var minimumCompatibilityVersion: String?
  /// The initial downtime.
  public var initialDowntimeMs: Int
  /// Stalling steps, in order.
  public var stalling: [StallingStep]
  /// Actions when everything else has been used (limit −1).
  public var finalActions: [ConvergenceAction]
  /// Where it is defined.
  public var origin: DocumentOrigin
}

/// What a ResiliencePolicy migrates off a NonOperational host (Docs/ovirt.md §6).
public enum ResilienceScope: String, Hashable, Sendable, CaseIterable {
  /// Every running VM.
  case all
  /// Only highly available VMs.
  case highlyAvailable = "highly_available"
  /// Nothing.
  case none
}

/// A ResiliencePolicy document.
///
/// ```yaml
/// kind: ResiliencePolicy
/// name: migrate_ha_only
/// migrates: highly_available
/// ```
public struct ResiliencePolicyDocument: Hashable, Sendable {
  /// The policy name (the snapshot's `cluster.resilience` value).
  public var name: String
  /// For people.
  public var description: String
  /// Which VMs leave.
  public var migrates: ResilienceScope
  /// Where it is defined.
  public var origin: DocumentOrigin
}

/// One policy document of any kind.
public enum PolicyDocument: Sendable {
  /// A Filter, Weight or Balancer.
  case unit(PolicyUnit)
  /// A SchedulingPolicy.
  case scheduling(SchedulingPolicyDocument)
  /// A MigrationPolicy.
  case migration(MigrationPolicyDocument)
  /// A ResiliencePolicy.
  case resilience(ResiliencePolicyDocument)

  /// The document's kind.
  public var kind: PolicyKind {
    switch self {
    case .unit(let unit): unit.kind
    case .scheduling: .schedulingPolicy
    case .migration: .migrationPolicy
    case .resilience: .resiliencePolicy
    }
  }

  /// The document's name.
  public var name: String {
    switch self {
    case .unit(let unit): unit.name
    case .scheduling(let policy): policy.name
    case .migration(let policy): policy.name
    case .resilience(let policy): policy.name
    }
  }

  /// Where it is defined.
  public var origin: DocumentOrigin {
    switch self {
    case .unit(let unit): unit.origin
    case .scheduling(let policy): policy.origin
    case .migration(let policy): policy.origin
    case .resilience(let policy): policy.origin
    }
  }
}
