import Plan
import Report

extension PolicyImpactRenderer {
  /// The HTML report, for a pull-request artifact: per snapshot, the old and the new plan's
  /// moves side by side (added and removed marked in words), the load spread before and after
  /// each plan as a chart with its table, and each host's VM count after each plan.
  package static func html(_ impact: PolicyImpact) -> String {
    var page = ReportPage(
      title: "Shepherd policy diff: \(impact.oldDirectory) → \(impact.newDirectory)")
    page.heading =
      "Policy diff: " + HTMLText.name(impact.oldDirectory) + " → "
      + HTMLText.name(impact.newDirectory)
    let changed = impact.addedCount + impact.removedCount + impact.newlyUnplaceableCount > 0
    var lead = "<p class=\"verdict \(changed ? "incomplete" : "complete")\"><strong>"
    lead += changed ? "± Changes:" : "✔ No change:"
    lead += "</strong> balance plans of \(ReportNumber.count(impact.snapshots.count, "snapshot"))"
    lead += ": moves \(impact.oldMoveCount) → \(impact.newMoveCount) (+\(impact.addedCount) "
    lead += "added, −\(impact.removedCount) removed), \(impact.newlyUnplaceableCount) newly "
    lead += "unplaceable, \(impact.noLongerUnplaceableCount) no longer unplaceable.</p>"
    page.lead = lead
    page.section("summary", "Summary", summaryTable(impact))
    for (index, snapshot) in impact.snapshots.enumerated() {
      page.section("snapshot-\(index + 1)", snapshot.path, section(snapshot, index: index + 1))
    }
    page.footer = "Written by <code>shepherd diff --format html</code>."
    return page.html()
  }

  static func summaryTable(_ impact: PolicyImpact) -> String {
    var out = "<table class=\"numbers\"><caption>Per snapshot; imbalance is the standard "
    out += "deviation over Up hosts (before → old plan → new plan)</caption><thead><tr>"
    out += "<th scope=\"col\">Snapshot</th><th scope=\"col\">Policy</th>"
    out += "<th scope=\"col\">Moves (old → new)</th><th scope=\"col\">Added</th>"
    out += "<th scope=\"col\">Removed</th><th scope=\"col\">VM count σ</th>"
    out += "<th scope=\"col\">CPU % σ</th><th scope=\"col\">Newly unplaceable</th></tr>"
    out += "</thead><tbody>"
    for (index, snapshot) in impact.snapshots.enumerated() {
      let spreads = [snapshot.before, snapshot.afterOld, snapshot.afterNew]
      out += "<tr><th scope=\"row\"><a href=\"#snapshot-\(index + 1)\">"
      out += "\(HTMLText.escape(snapshot.path))</a></th>"
      out += "<td>\(HTMLText.escape(snapshot.policyName))</td>"
      out += "<td>\(snapshot.oldMoves.count) → \(snapshot.newMoves.count)</td>"
      out += "<td>+\(snapshot.added.count)</td><td>−\(snapshot.removed.count)</td>"
      out += "<td>" + spreads.map { format($0.vmCount) }.joined(separator: " → ") + "</td>"
      out += "<td>" + spreads.map { $0.cpuPercent.map(format) ?? "–" }.joined(separator: " → ")
      out += "</td><td>\(snapshot.newlyUnplaceable.count)</td></tr>"
    }
    return out + "</tbody></table>"
  }

  static func section(_ snapshot: PolicyImpact.SnapshotImpact, index: Int) -> String {
    var out = "<p>Cluster \(HTMLText.name(snapshot.cluster)), scheduling policy "
    out += "\(HTMLText.name(snapshot.policyName)); old plan "
    out += snapshot.isOldComplete ? "complete" : "NOT complete"
    out += ", new plan " + (snapshot.isNewComplete ? "complete" : "NOT complete") + ".</p>"
    out += "<div class=\"columns\">"
    out += movesColumn(
      "Old plan", snapshot.oldMoves, marked: snapshot.removed, mark: "✖ removed")
    out += movesColumn("New plan", snapshot.newMoves, marked: snapshot.added, mark: "✚ added")
    out += "</div>"
    out += spreadChart(snapshot, index: index)
    if !snapshot.oldHosts.isEmpty, snapshot.oldHosts.map(\.host) == snapshot.newHosts.map(\.host) {
      let chart = HostChart(
        id: "vms-\(index)", title: "Running VMs after each plan", unit: "", isPercent: false,
        rows: zip(snapshot.oldHosts, snapshot.newHosts).map {
          HostChart.Row(
            host: $0.host, before: Double($0.after.vmCount), after: Double($1.after.vmCount))
        }, thresholds: [], seriesNames: ("after the old plan", "after the new plan"))
      out += "<figure><figcaption><h3>Running VMs per host</h3> <span class=\"hint\">hatched: "
      out += "after the old plan, solid: after the new plan</span></figcaption>"
      out +=
        snapshot.oldHosts.count > 200
        ? chart.histogramSVG() + chart.histogramTable()
        : chart.barsSVG()
      out += "</figure>"
    }
    if !snapshot.newlyUnplaceable.isEmpty || !snapshot.noLongerUnplaceable.isEmpty {
      out += "<h3>Unplaceable</h3><ul class=\"unhandled\">"
      for item in snapshot.newlyUnplaceable {
        out += "<li><span class=\"kind\">newly unplaceable</span> \(HTMLText.escape(item.kind)) "
        out += "<strong>\(HTMLText.name(item.name))</strong>: \(HTMLText.escape(item.reason))</li>"
      }
      for item in snapshot.noLongerUnplaceable {
        out += "<li><span class=\"kind\">no longer unplaceable</span> "
        out += "\(HTMLText.escape(item.kind)) <strong>\(HTMLText.name(item.name))</strong></li>"
      }
      out += "</ul>"
    }
    return out
  }

  /// One plan's moves in order; those only this plan has are marked in words.
  static func movesColumn(
    _ title: String, _ moves: [PolicyImpact.Move], marked: [PolicyImpact.Move], mark: String
  ) -> String {
    var remaining = marked
    var out = "<div><h3>\(title): \(ReportNumber.count(moves.count, "move"))</h3>"
    guard !moves.isEmpty else { return out + "<p>No moves.</p></div>" }
    out += "<ol class=\"moves\">"
    for move in moves {
      var label = ""
      if let found = remaining.firstIndex(of: move) {
        remaining.remove(at: found)
        label = " <span class=\"kind\">\(mark)</span>"
      }
      out += "<li>\(HTMLText.name(move.vm)): \(HTMLText.name(move.from)) → "
      out += "\(HTMLText.name(move.to))\(label)</li>"
    }
    return out + "</ol></div>"
  }

  /// Standard deviations before, after the old plan and after the new plan, as grouped bars.
  static func spreadChart(_ snapshot: PolicyImpact.SnapshotImpact, index: Int) -> String {
    let spreads = [
      ("before", snapshot.before), ("old plan", snapshot.afterOld),
      ("new plan", snapshot.afterNew),
    ]
    let metrics: [(String, [Double?])] = [
      ("VM count σ", spreads.map { $0.1.vmCount }), ("CPU % σ", spreads.map { $0.1.cpuPercent }),
    ]
    var out = "<figure><figcaption><h3>Load spread</h3> <span class=\"hint\">standard "
    out += "deviation over Up hosts, lower is more even: hatched before any move, outlined "
    out += "after the old plan, solid after the new plan</span></figcaption>"
    let width = 760.0
    let labelWidth = 110.0
    let rowHeight = 16.0
    let height = Double(metrics.count) * (rowHeight * 3 + 14) + 10
    let largest = max(0.1, metrics.flatMap { $0.1.compactMap { $0 } }.max() ?? 0.1)
    let plotWidth = width - labelWidth - 120
    var svg = "<svg class=\"chart\" id=\"chart-spread-\(index)\" role=\"img\" "
    svg += "viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" "
    svg += "height=\"\(Int(height))\" aria-labelledby=\"chart-spread-\(index)-title\">"
    svg += "<title id=\"chart-spread-\(index)-title\">Load spread before, after the old and "
    svg += "after the new plan</title>"
    var y = 6.0
    for (name, values) in metrics {
      svg += "<text class=\"label\" x=\"\(Int(labelWidth - 6))\" y=\"\(Int(y + 28))\" "
      svg += "text-anchor=\"end\">\(name)</text>"
      for (series, value) in zip(["before", "old", "after"], values) {
        let label = series == "before" ? "before" : series == "old" ? "old plan" : "new plan"
        if let value {
          let barWidth = max(0.5, plotWidth * value / largest)
          svg += "<rect class=\"\(series == "old" ? "outline" : series)\" "
          svg += "x=\"\(Int(labelWidth))\" y=\"\(Int(y))\" width=\"\(format(barWidth))\" "
          svg += "height=\"\(Int(rowHeight - 4))\"/>"
          svg += "<text class=\"value\" x=\"\(format(labelWidth + barWidth + 6))\" "
          svg += "y=\"\(Int(y + 10))\">\(label) \(format(value))</text>"
        } else {
          svg += "<text class=\"value\" x=\"\(Int(labelWidth))\" y=\"\(Int(y + 10))\">"
          svg += "\(label): no CPU figures</text>"
        }
        y += rowHeight
      }
      y += 14
    }
    out += svg + "</svg>"
    out += "<table class=\"numbers\"><caption>Load spread (table view)</caption><thead><tr>"
    out += "<th scope=\"col\"></th><th scope=\"col\">Before</th><th scope=\"col\">Old plan</th>"
    out += "<th scope=\"col\">New plan</th></tr></thead><tbody>"
    for (name, values) in metrics {
      out += "<tr><th scope=\"row\">\(name)</th>"
      out += values.map { "<td>\($0.map(format) ?? "–")</td>" }.joined() + "</tr>"
    }
    return out + "</tbody></table></figure>"
  }
}
