public import Diagnostics
import YAMLDocument

/// The plans for the clusters of one snapshot, one per cluster in snapshot order: what
/// `shepherd plan` prints for a data-center snapshot (`clusters:`).
///
/// A one-cluster snapshot keeps the one-cluster form everywhere (``isDataCenter`` false): its
/// JSON is the plan itself and its text the plan's report, exactly as before data centers.
/// A data center's JSON is one document with a `clusters` list of complete plans; its text
/// is one section per cluster under a heading.
///
/// ```json
/// { "apiVersion": "shepherd/v1", "kind": "DataCenterPlan", "complete": true,
///   "clusters": [ { "apiVersion": "shepherd/v1", "kind": "MigrationPlan", … }, … ] }
/// ```
public struct DataCenterPlan: Sendable {
  /// The document kind of a data center's plans.
  public static let kind = "DataCenterPlan"

  /// The plans, one per cluster, in snapshot order; never empty.
  public var plans: [MigrationPlan]
  /// Whether the plans are for a data-center snapshot (written in the data-center form).
  public var isDataCenter: Bool

  /// Creates the plans of a snapshot's clusters.
  public init(plans: [MigrationPlan], isDataCenter: Bool) {
    self.plans = plans
    self.isDataCenter = isDataCenter
  }

  /// Whether every cluster's plan does everything its trigger asked.
  public var isComplete: Bool { plans.allSatisfy(\.isComplete) }

  /// The JSON: the plan itself for one cluster, else the data-center document.
  public func json() -> JSONValue {
    if !isDataCenter, plans.count == 1, let plan = plans.first { return plan.json() }
    return .object([
      ("apiVersion", .string(MigrationPlan.apiVersion)),
      ("kind", .string(Self.kind)),
      ("complete", .bool(isComplete)),
      ("clusters", .array(plans.map { $0.json() })),
    ])
  }

  /// The text report: the plan's for one cluster, else one section per cluster.
  public func text(_ render: (MigrationPlan) -> String = PlanTextRenderer.text) -> String {
    Self.sections(plans.map { ($0.cluster, render($0)) }, isDataCenter: isDataCenter)
  }

  /// JSON documents per cluster as one document: a one-cluster document unchanged, else
  /// `{"clusters": [...]}` in order (`audit`, `inspect`, `simulate`).
  public static func document(_ parts: [JSONValue], isDataCenter: Bool) -> JSONValue {
    if !isDataCenter, parts.count == 1, let only = parts.first { return only }
    return .object([("clusters", .array(parts))])
  }

  /// Texts per cluster joined as one document: a one-cluster text unchanged, else each under
  /// a `== cluster NAME ==` heading, separated by a blank line, in order.
  public static func sections(_ parts: [(cluster: String, text: String)], isDataCenter: Bool)
    -> String
  {
    if !isDataCenter, parts.count == 1, let only = parts.first { return only.text }
    return parts.map { part in
      TerminalText.escaped("== cluster \(part.cluster) ==") + "\n" + part.text
    }.joined(separator: "\n")
  }
}

extension PlanReader {
  /// Parses a plan file of one cluster (a `MigrationPlan`) or of a data center (a
  /// `DataCenterPlan` with a `clusters` list of plans).
  /// - Returns: the plans, or `nil` when an error was reported.
  public func readPlans(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> DataCenterPlan? {
    var local = DiagnosticBag(limit: diagnostics.limit)
    defer { diagnostics.merge(local) }
    guard let root = rootMapping(file, &local) else { return nil }
    guard root["kind"]?.scalarValue?.value == DataCenterPlan.kind else {
      return read(root, &local).map { DataCenterPlan(plans: [$0], isDataCenter: false) }
    }
    for entry in root.entries
    where !["apiVersion", "kind", "complete", "clusters"].contains(entry.keyString) {
      local.report(
        .planMalformed, "unknown field '\(entry.keyString)' in the data-center plan",
        at: entry.key.span, help: "known fields here: apiVersion, kind, complete, clusters")
    }
    if let node = root["apiVersion"], node.scalarValue?.value != MigrationPlan.apiVersion {
      local.report(
        .planMalformed,
        "unsupported plan apiVersion '\(node.scalarValue?.value ?? "")'; expected "
          + "'\(MigrationPlan.apiVersion)'", at: node.span)
    }
    guard let clustersNode = root["clusters"],
      let sequence = clustersNode.expectSequence("'clusters'", &local, code: .planMalformed)
    else {
      if root["clusters"] == nil {
        local.report(.planMalformed, "the data-center plan has no 'clusters'", at: root.span)
      }
      return nil
    }
    var plans: [MigrationPlan] = []
    for item in sequence.items {
      guard let mapping = item.expectMapping("a cluster's plan", &local, code: .planMalformed)
      else { continue }
      if let plan = read(mapping, &local) { plans.append(plan) }
    }
    if sequence.items.isEmpty {
      local.report(.planMalformed, "the data-center plan lists no cluster", at: sequence.span)
    }
    var seen: Set<String> = []
    for (plan, item) in zip(plans, sequence.items) where !seen.insert(plan.cluster).inserted {
      local.report(
        .planMalformed, "the data-center plan has two plans for cluster '\(plan.cluster)'",
        at: item.span)
    }
    return local.hasErrors ? nil : DataCenterPlan(plans: plans, isDataCenter: true)
  }
}
