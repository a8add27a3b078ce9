import Diagnostics
package import Inventory
import Policy
package import Scheduler

/// Renders one placement decision (`shepherd explain`) as a self-contained HTML page: the
/// filter × host matrix, every rejection with its reason, the weight table, the totals as a
/// chart, the winner, the runner-up and the margin.
package enum ExplainHTMLRenderer {
  /// The page.
  /// - Complexity: O(hosts × (filters + weights)).
  package static func html(_ decision: PlacementDecision, snapshot: ClusterSnapshot) -> String {
    let vms = decision.vmIndices.filter { snapshot.vms.indices.contains($0) }
      .map { snapshot.vms[$0].name }
    var page = ReportPage(title: "Shepherd explain: \(vms.joined(separator: ", "))")
    page.heading =
      "Where " + vms.map(HTMLText.name).joined(separator: ", ") + " would go"
    page.lead = verdict(decision, snapshot)
    page.section("filters", "Filters × hosts", filterMatrix(decision))
    if decision.isWeighed {
      page.section("weights", "Weights", weightTable(decision) + totalsChart(decision))
    }
    page.footer =
      "Policy \(HTMLText.name(decision.policyName)) (\(decision.selector.rawValue) selector). "
      + "Written by <code>shepherd explain --format html</code>."
    return page.html()
  }

  static func verdict(_ decision: PlacementDecision, _ snapshot: ClusterSnapshot) -> String {
    switch decision.outcome {
    case .placed(let host):
      var text = "<p class=\"verdict complete\"><strong>✔ Winner:</strong> "
      text += HTMLText.name(snapshot.hosts[host].name)
      if let total = decision.evaluation(ofHost: host)?.total {
        text += " (total \(ReportNumber.short(total)))"
      }
      if let margin = decision.margin, snapshot.hosts.indices.contains(margin.runnerUp) {
        text += "; runner-up \(HTMLText.name(snapshot.hosts[margin.runnerUp].name))"
        text +=
          margin.difference == 0
          ? " ties and loses the tie-break"
          : " behind by \(ReportNumber.short(margin.difference))"
        if let flip = margin.flip {
          text += "; it would win if \(HTMLText.escape(flip.unitName))'s factor went from "
          text += "×\(flip.currentFactor) to ×\(flip.newFactor)"
        }
      }
      if decision.isProvisional {
        text += ". Provisional: not evaluated: "
        text += decision.unevaluatedUnits.map(HTMLText.escape).joined(separator: ", ")
      }
      return text + ".</p>"
    case .unschedulable(let reason):
      return "<p class=\"verdict incomplete\"><strong>✘ Unschedulable</strong> "
        + "<code>\(reason.code.rawValue)</code>: "
        + HTMLText.escape(DecisionReport.message(reason, snapshot)) + ".</p>"
    }
  }

  /// One row per host, one column per filter: ✔ pass, ✘ rejects (bold: the filter oVirt
  /// reports), – not evaluated; excluded hosts say why. The reasons follow the table.
  static func filterMatrix(_ decision: PlacementDecision) -> String {
    var out = "<ul class=\"legend\"><li>✔ passes</li><li><strong>✘</strong> rejects (the "
    out += "filter oVirt reports)</li><li>✘ also rejects</li><li>– not evaluated</li></ul>"
    out += "<div class=\"scroll\"><table class=\"matrix\"><caption>Each filter's verdict on "
    out += "each host</caption><thead><tr><th scope=\"col\">Host</th>"
    for (index, name) in decision.filterNames.enumerated() {
      let mandatory = index < decision.mandatoryFilterCount ? " (mandatory)" : ""
      out += "<th scope=\"col\" class=\"vertical\"><span>\(index + 1). "
      out += "\(HTMLText.escape(name))\(mandatory)</span></th>"
    }
    out += "</tr></thead><tbody>"
    for host in decision.hosts {
      out += "<tr><th scope=\"row\">\(HTMLText.escape(host.hostName))</th>"
      if let exclusion = host.exclusion {
        out += "<td colspan=\"\(max(1, decision.filterNames.count))\" class=\"excluded\">"
        out += "not a candidate: \(HTMLText.escape(exclusion.description))</td></tr>"
        continue
      }
      for index in decision.filterNames.indices {
        guard host.filterVerdicts.indices.contains(index) else {
          out += "<td></td>"
          continue
        }
        switch host.filterVerdicts[index] {
        case .pass: out += "<td class=\"pass\">✔</td>"
        case .notEvaluated: out += "<td>–</td>"
        case .fail(let reason, _):
          let decisive = host.decisiveFilter == index
          out += "<td class=\"fail\" title=\"\(HTMLText.escape(reason))\">"
          out += decisive ? "<strong>✘</strong></td>" : "✘</td>"
        }
      }
      out += "</tr>"
    }
    out += "</tbody></table></div>"
    let rejected = decision.rejections.filter { $0.exclusion == nil && !$0.filters.isEmpty }
    if !rejected.isEmpty {
      out += "<h3>Why each host is rejected</h3><ul class=\"unhandled\">"
      for host in rejected {
        out += "<li><strong>\(HTMLText.name(host.hostName))</strong><ol class=\"chain\">"
        for filter in host.filters {
          out += "<li>\(HTMLText.escape(filter.name)): \(HTMLText.escape(filter.reason))</li>"
        }
        out += "</ol></li>"
      }
      out += "</ul>"
    }
    return out
  }

  /// One row per weighed host (best first), one column per weight: raw score → points (rank
  /// selector) or contribution, then the total and the place.
  static func weightTable(_ decision: PlacementDecision) -> String {
    let weighed = ranked(decision)
    var out = "<div class=\"scroll\"><table class=\"numbers weights\"><caption>"
    out +=
      decision.selector == .rank
      ? "Raw score → rank points per weight; total = Σ factor × points, the highest wins"
      : "Raw score → factor × score per weight; total = Σ factor × score, the lowest wins"
    out += "</caption><thead><tr><th scope=\"col\">Host</th>"
    for column in decision.weightColumns {
      out += "<th scope=\"col\">\(HTMLText.escape(column.unitName)) ×\(column.factor)</th>"
    }
    out += "<th scope=\"col\">Total</th><th scope=\"col\">Place</th></tr></thead><tbody>"
    for host in weighed {
      out += "<tr><th scope=\"row\">\(HTMLText.escape(host.hostName))</th>"
      for (index, column) in decision.weightColumns.enumerated() {
        guard column.status == .evaluated, host.weights.indices.contains(index) else {
          out += "<td class=\"hint\">\(statusText(column.status))</td>"
          continue
        }
        let score = host.weights[index]
        let raw = score.rawScore.map(ReportNumber.short) ?? "–"
        let result = score.points.map(String.init) ?? ReportNumber.short(score.contribution)
        out += "<td>\(raw) → \(result)</td>"
      }
      out += "<td><strong>\(host.total.map(ReportNumber.short) ?? "")</strong></td>"
      out += "<td>\(host.place.map(String.init) ?? "")</td></tr>"
    }
    return out + "</tbody></table></div>"
  }

  static func statusText(_ status: WeightUnitStatus) -> String {
    switch status {
    case .evaluated: "–"
    case .recordedNothing: "records nothing"
    case .notImplemented: "not evaluated"
    case .notRun: "not run"
    }
  }

  /// The weighed hosts, best place first.
  static func ranked(_ decision: PlacementDecision) -> [HostEvaluation] {
    decision.hosts.filter { $0.total != nil }.sorted {
      ($0.place ?? Int.max, $0.hostIndex) < ($1.place ?? Int.max, $1.hostIndex)
    }
  }

  /// The totals as bars, best first; the weight table is its table view.
  static func totalsChart(_ decision: PlacementDecision) -> String {
    let rows = ranked(decision).map {
      HostChart.Row(host: $0.hostName, before: nil, after: $0.total)
    }
    guard !rows.isEmpty else { return "" }
    let chart = HostChart(
      id: "totals", title: "Weighted total", unit: "", isPercent: false, rows: rows,
      thresholds: [])
    return "<figure><figcaption><h3>Totals</h3> <span class=\"hint\">"
      + (decision.selector == .rank ? "highest wins" : "lowest wins")
      + "; the table above is the table view</span></figcaption>"
      + chart.barsSVG(keepOrder: true) + "</figure>"
  }
}
