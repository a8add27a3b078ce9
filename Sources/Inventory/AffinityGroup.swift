public import Diagnostics

/// An affinity group: VM-to-VM and VM-to-host rules over its members.
/// See `Docs/fields.md` (`affinityGroups[].*`).
public struct AffinityGroup: Hashable, Sendable {
  /// One rule (VM-to-VM or VM-to-host).
  public struct Rule: Hashable, Sendable {
    /// Positive (together / on these hosts), negative (apart / not on these hosts) or disabled.
    public var polarity: AffinityPolarity
    /// Hard (a filter) when `true`, soft (a weight) when `false`.
    public var isEnforcing: Bool

    /// Creates a rule.
    public init(polarity: AffinityPolarity, isEnforcing: Bool) {
      self.polarity = polarity
      self.isEnforcing = isEnforcing
    }

    /// A disabled rule.
    public static let disabled = Rule(polarity: .disabled, isEnforcing: false)

    /// Whether the rule takes part in scheduling.
    public var isEnabled: Bool { polarity != .disabled }
  }

  /// The unique group name.
  public var name: String
  /// Member VMs named explicitly.
  public var vmNames: [String]
  /// The same, as VM indices.
  public var vmIndices: [Int]
  /// Member hosts named explicitly.
  public var hostNames: [String]
  /// The same, as host indices.
  public var hostIndices: [Int]
  /// VMs carrying any of these labels are members too.
  public var vmLabels: [String]
  /// Hosts carrying any of these labels are members too.
  public var hostLabels: [String]
  /// Every member VM (named or by label), ascending; resolved by ``ClusterSnapshot``.
  public internal(set) var resolvedVMMembers: [Int] = []
  /// Every member host (named or by label), ascending; resolved by ``ClusterSnapshot``.
  public internal(set) var resolvedHostMembers: [Int] = []
  /// The VM-to-VM rule.
  public var vmRule: Rule
  /// The VM-to-host rule.
  public var hostRule: Rule
  /// The group's priority among soft rules (higher matters more).
  public var priority: Double
  /// Whether the snapshot made this group from an implicit affinity label (cluster levels
  /// below 4.4, Docs/ovirt.md §2.3.11); such groups are not written back.
  public var isImplicitLabelGroup = false

  /// The group's mapping in the snapshot.
  public var span: SourceSpan?
  /// The `name` value.
  public var nameSpan: SourceSpan?

  /// Creates a group with no members and disabled rules.
  public init(name: String) {
    self.name = name
    self.vmNames = []
    self.vmIndices = []
    self.hostNames = []
    self.hostIndices = []
    self.vmLabels = []
    self.hostLabels = []
    self.vmRule = .disabled
    self.hostRule = .disabled
    self.priority = 1
    self.span = nil
    self.nameSpan = nil
  }
}
