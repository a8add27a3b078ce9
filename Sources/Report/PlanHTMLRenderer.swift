package import Diagnostics
package import Inventory
package import Plan

/// Options for an HTML plan report.
package struct PlanReportOptions: Hashable, Sendable {
  /// Above this many hosts the host charts become histograms and the top movers are listed.
  package var aggregateAboveHosts: Int
  /// Above this many steps the timeline has one row per wave instead of one per step.
  package var maxTimelineRows: Int
  /// How many hosts the top-movers table lists.
  package var topMovers: Int

  /// Creates options.
  package init(aggregateAboveHosts: Int = 200, maxTimelineRows: Int = 150, topMovers: Int = 20) {
    self.aggregateAboveHosts = aggregateAboveHosts
    self.maxTimelineRows = maxTimelineRows
    self.topMovers = topMovers
  }
}

/// Renders a plan as one self-contained HTML page: inline CSS and SVG, no script, nothing
/// fetched at view time, and the same bytes for the same inputs.
///
/// The page shows a summary, per-host CPU %, memory % and VM count before and after (sorted
/// bars with the policy's thresholds, or histograms and the top movers for large clusters), the
/// wave timeline, every step with its reason and the weights that chose its destination, what
/// could not be done with its reason chain, affinity conflicts, N+1 headroom and the HA
/// reservation. Every chart has a table beside it; every name is escaped text.
package enum PlanHTMLRenderer {
  /// The report.
  /// - Parameters:
  ///   - plan: the plan (as computed, or read back from its JSON).
  ///   - snapshot: the snapshot it was computed from, for host status and VM sizes.
  ///   - thresholds: the policy's thresholds to draw.
  ///   - verification: the verifier's findings: `nil` when the plan was not verified, empty
  ///     when it is valid.
  ///   - options: size limits.
  package static func html(
    plan: MigrationPlan, snapshot: ClusterSnapshot?, thresholds: ReportThresholds,
    verification: [Diagnostic]? = nil, options: PlanReportOptions = PlanReportOptions()
  ) -> String {
    var page = ReportPage(title: "Shepherd plan: \(plan.cluster), \(triggerText(plan.trigger))")
    page.heading = "Migration plan for cluster " + HTMLText.name(plan.cluster)
    page.lead = verdict(plan)
    let timeline = WaveTimeline(plan: plan)
    page.section("summary", "Summary", summary(plan, timeline: timeline, verification))
    page.section("hosts", "Hosts before and after", hosts(plan, snapshot, thresholds, options))
    page.section("timeline", "Wave timeline", timelineSection(plan, timeline, options))
    page.section("steps", "Steps and why", steps(plan, snapshot, timeline))
    page.section("unhandled", "What could not be done", unhandled(plan))
    if let affinity = affinity(plan) { page.section("affinity", "Affinity", affinity) }
    page.section("headroom", "N+1 headroom and HA reservation", headroom(plan))
    if !plan.notes.isEmpty {
      page.section(
        "notes", "Notes",
        "<ul>" + plan.notes.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul>")
    }
    page.footer =
      "Snapshot <code>\(HTMLText.escape(plan.snapshotDigest))</code> taken "
      + "\(HTMLText.escape(plan.snapshotTakenAt)); policy "
      + "\(HTMLText.name(plan.policyName)) <code>\(HTMLText.escape(plan.policyDigest))</code>. "
      + "Written by <code>shepherd report</code>."
    return page.html()
  }

  // MARK: Summary

  static func triggerText(_ trigger: PlanTrigger) -> String {
    var text = trigger.kind.rawValue
    if !trigger.hosts.isEmpty { text += " " + trigger.hosts.joined(separator: ", ") }
    if !trigger.vms.isEmpty { text += " " + trigger.vms.joined(separator: ", ") }
    if let destination = trigger.destination { text += " → " + destination }
    return text
  }

  static func verdict(_ plan: MigrationPlan) -> String {
    let moves = plan.steps.filter(\.action.movesVM).count
    var text =
      plan.isComplete
      ? "<p class=\"verdict complete\"><strong>✔ Complete:</strong> the plan does everything "
        + "the trigger asked"
      : "<p class=\"verdict incomplete\"><strong>✘ Not complete:</strong> "
        + (plan.unhandled.isEmpty
          ? HTMLText.escape(plan.notes.first ?? "the trigger's work is not finished")
          : "\(ReportNumber.count(plan.unhandled.count, "item")) could not be handled "
            + "(<a href=\"#unhandled\">see why</a>)")
    text += "; \(ReportNumber.count(moves, "VM move")) in "
    text += "\(ReportNumber.count(plan.waveCount, "wave")), about "
    text += "\(PlanTextRenderer.duration(plan.estimatedDurationSeconds)).</p>"
    return text
  }

  static func summary(
    _ plan: MigrationPlan, timeline: WaveTimeline, _ verification: [Diagnostic]?
  ) -> String {
    let migrations = plan.steps.filter { $0.action == .migrate }.count
    let restarts = plan.steps.filter { $0.action == .restart }.count
    let hostActions = plan.steps.count - migrations - restarts
    let emptied = plan.hostSummary.filter { $0.before.vmCount > 0 && $0.after.vmCount == 0 }
    func hostsOf(_ action: StepAction) -> [String] {
      plan.steps.filter { $0.action == action }.compactMap(\.host)
    }
    func names(_ list: [String]) -> String {
      list.isEmpty ? "none" : list.map(HTMLText.name).joined(separator: ", ")
    }
    var rows: [(String, String)] = [
      ("Trigger", HTMLText.escape(triggerText(plan.trigger))),
      ("Scheduling policy", HTMLText.name(plan.policyName)),
      (
        "Moves",
        "\(ReportNumber.count(migrations, "migration")), \(ReportNumber.count(restarts, "restart")), "
          + ReportNumber.count(hostActions, "host action")
      ),
      ("Waves", String(plan.waveCount)),
      ("Estimated duration", PlanTextRenderer.duration(plan.estimatedDurationSeconds)),
      ("Hosts emptied", names(emptied.map(\.host))),
      ("Hosts put into maintenance", names(hostsOf(.hostMaintenance))),
      ("Hosts powered off", names(hostsOf(.hostPowerOff))),
    ]
    let powered = hostsOf(.hostPowerOn) + hostsOf(.hostActivate)
    if !powered.isEmpty { rows.append(("Hosts powered on or activated", names(powered))) }
    rows.append(
      (
        "Could not be done",
        plan.unhandled.isEmpty
          ? "nothing"
          : "<a href=\"#unhandled\">\(ReportNumber.count(plan.unhandled.count, "item"))</a>: "
            + plan.unhandled.map { "\(HTMLText.escape($0.kind)) \(HTMLText.name($0.name))" }
            .joined(separator: ", ")
      ))
    if let headroom = plan.headroom {
      rows.append(
        (
          "N+1 headroom after the plan",
          headroom.isSufficient
            ? "✔ every HA VM could restart if any one host failed"
            : "✘ NOT sufficient: failure of \(names(headroom.problemHosts)) would strand HA VMs"
        ))
    }
    let limits = plan.limits
    var limitText =
      "\(limits.maxConcurrentMigrationsPerCluster) concurrent migrations per cluster, "
      + "\(limits.maxConcurrentMigrationsPerHost) per host"
    if let bandwidth = limits.bandwidthMbps {
      limitText += ", \(ReportNumber.short(bandwidth)) Mbps per migration"
    }
    if let maxMigrations = limits.maxMigrations { limitText += ", at most \(maxMigrations) moves" }
    rows.append(("Limits", limitText))
    if let verification {
      rows.append(
        (
          "Verified against the snapshot",
          verification.isEmpty
            ? "✔ valid: every hard rule holds after every step and wave"
            : "✘ \(ReportNumber.count(verification.count, "violation")): <ul>"
              + verification.map {
                "<li><code>\($0.code.rawValue)</code> \(HTMLText.escape($0.message))</li>"
              }.joined() + "</ul>"
        ))
    }
    rows.append(
      (
        "Snapshot",
        "cluster \(HTMLText.name(plan.cluster)), taken \(HTMLText.escape(plan.snapshotTakenAt))"
      ))
    return "<dl class=\"summary\">"
      + rows.map { "<div><dt>\($0.0)</dt><dd>\($0.1)</dd></div>" }.joined() + "</dl>"
  }

  // MARK: Hosts

  static func charts(_ plan: MigrationPlan, _ thresholds: ReportThresholds) -> [HostChart] {
    var cpuThresholds: [HostChart.Threshold] = []
    if let high = thresholds.highUtilizationPercent {
      cpuThresholds.append(.init(name: "HighUtilization", value: high, kind: "high"))
    }
    if let low = thresholds.lowUtilizationPercent {
      cpuThresholds.append(.init(name: "LowUtilization", value: low, kind: "low"))
    }
    let vmThresholds =
      thresholds.highVmCount.map {
        [HostChart.Threshold(name: "HighVmCount", value: $0, kind: "high")]
      }
      ?? []
    let rows = plan.hostSummary
    return [
      HostChart(
        id: "cpu", title: "CPU usage", unit: "%", isPercent: true,
        rows: rows.map {
          .init(host: $0.host, before: $0.before.cpuPercent, after: $0.after.cpuPercent)
        },
        thresholds: cpuThresholds),
      HostChart(
        id: "memory", title: "Committed memory", unit: "%", isPercent: true,
        rows: rows.map {
          .init(host: $0.host, before: $0.before.memoryPercent, after: $0.after.memoryPercent)
        }, thresholds: []),
      HostChart(
        id: "vms", title: "Running VMs", unit: "", isPercent: false,
        rows: rows.map {
          .init(host: $0.host, before: Double($0.before.vmCount), after: Double($0.after.vmCount))
        }, thresholds: vmThresholds),
    ]
  }

  static func hosts(
    _ plan: MigrationPlan, _ snapshot: ClusterSnapshot?, _ thresholds: ReportThresholds,
    _ options: PlanReportOptions
  ) -> String {
    guard !plan.hostSummary.isEmpty else {
      return "<p>The plan has no host summary.</p>"
    }
    let isLarge = plan.hostSummary.count > options.aggregateAboveHosts
    var out = legend(thresholds)
    if isLarge {
      out +=
        "<p>\(plan.hostSummary.count) hosts: too many for one bar each, so each chart counts "
        + "the hosts in each range before and after. The hosts that change most are listed "
        + "below, and <a href=\"#host-table\">every host</a> is in the table.</p>"
    }
    for chart in charts(plan, thresholds) {
      out += "<figure aria-describedby=\"\(isLarge ? "table-\(chart.id)" : "host-table")\">"
      out += "<figcaption><h3>\(HTMLText.escape(chart.title))</h3>"
      if isLarge {
        out += "</figcaption>" + chart.histogramSVG()
        out += "<div class=\"table-view\" id=\"table-\(chart.id)\">\(chart.histogramTable())</div>"
      } else {
        out += " <span class=\"hint\">sorted by the value after the plan; "
        out += "<a href=\"#host-table\">table view</a></span></figcaption>" + chart.barsSVG()
      }
      out += "</figure>"
    }
    if isLarge { out += topMovers(plan, count: options.topMovers) }
    out += hostTable(plan, snapshot, collapsed: isLarge)
    return out
  }

  static func legend(_ thresholds: ReportThresholds) -> String {
    var items = [
      "<li><svg width=\"22\" height=\"10\" aria-hidden=\"true\"><rect class=\"before\" "
        + "width=\"22\" height=\"10\"/></svg> before the plan (hatched)</li>",
      "<li><svg width=\"22\" height=\"10\" aria-hidden=\"true\"><rect class=\"after\" "
        + "width=\"22\" height=\"10\"/></svg> after the plan (solid)</li>",
    ]
    if thresholds.highUtilizationPercent != nil || thresholds.highVmCount != nil {
      items.append(
        "<li><svg width=\"22\" height=\"10\" aria-hidden=\"true\"><g class=\"threshold high\">"
          + "<line x1=\"0\" x2=\"22\" y1=\"5\" y2=\"5\"/></g></svg> high threshold (long dashes)</li>"
      )
    }
    if thresholds.lowUtilizationPercent != nil {
      items.append(
        "<li><svg width=\"22\" height=\"10\" aria-hidden=\"true\"><g class=\"threshold low\">"
          + "<line x1=\"0\" x2=\"22\" y1=\"5\" y2=\"5\"/></g></svg> low threshold (dots)</li>")
    }
    return "<ul class=\"legend\">" + items.joined() + "</ul>"
  }

  /// The hosts whose figures change most (VM count, then memory, then CPU), for large clusters.
  static func topMovers(_ plan: MigrationPlan, count: Int) -> String {
    func change(_ row: HostSummary) -> (Int, Double, Double) {
      (
        abs(row.after.vmCount - row.before.vmCount),
        abs(row.after.memoryPercent - row.before.memoryPercent),
        abs((row.after.cpuPercent ?? 0) - (row.before.cpuPercent ?? 0))
      )
    }
    let movers = plan.hostSummary.filter { change($0) != (0, 0, 0) }.sorted { left, right in
      let a = change(left)
      let b = change(right)
      if a.0 != b.0 { return a.0 > b.0 }
      if a.1 != b.1 { return a.1 > b.1 }
      if a.2 != b.2 { return a.2 > b.2 }
      return Array(left.host.utf8).lexicographicallyPrecedes(Array(right.host.utf8))
    }
    var out = "<h3 id=\"top-movers\">Top movers</h3>"
    guard !movers.isEmpty else { return out + "<p>No host changes.</p>" }
    out += "<p>\(ReportNumber.count(movers.count, "host")) change; "
    out += movers.count > count ? "the \(count) that change most:</p>" : "all of them:</p>"
    out += "<table class=\"numbers\"><thead><tr><th scope=\"col\">Host</th>"
    out += "<th scope=\"col\">VMs</th><th scope=\"col\">Committed memory %</th>"
    out += "<th scope=\"col\">CPU %</th>"
    out += "</tr></thead><tbody>"
    for row in movers.prefix(count) {
      out += "<tr><th scope=\"row\">\(HTMLText.escape(row.host))</th>"
      out += "<td>\(row.before.vmCount) → \(row.after.vmCount) "
      out += "(\(ReportNumber.delta(Double(row.after.vmCount - row.before.vmCount))))</td>"
      out += "<td>\(ReportNumber.short(row.before.memoryPercent)) → "
      out += "\(ReportNumber.short(row.after.memoryPercent))</td>"
      out += "<td>\(optional(row.before.cpuPercent)) → \(optional(row.after.cpuPercent))</td></tr>"
    }
    return out + "</tbody></table>"
  }

  static func optional(_ value: Double?) -> String { value.map(ReportNumber.short) ?? "n/a" }

  /// Every host's figures: the table view of the three host charts.
  static func hostTable(_ plan: MigrationPlan, _ snapshot: ClusterSnapshot?, collapsed: Bool)
    -> String
  {
    var out = collapsed ? "<details id=\"host-table\"><summary>All hosts (table)</summary>" : ""
    out += "<table class=\"numbers hosts\"\(collapsed ? "" : " id=\"host-table\"")><caption>"
    out += "Every host before and after the plan (table view of the charts)</caption>"
    out += "<thead><tr><th scope=\"col\" rowspan=\"2\">Host</th>"
    out += "<th scope=\"col\" rowspan=\"2\">Status</th><th scope=\"colgroup\" colspan=\"2\">"
    out += "CPU %</th><th scope=\"colgroup\" colspan=\"2\">Committed memory %</th>"
    out += "<th scope=\"colgroup\" colspan=\"2\">VMs</th></tr><tr>"
    out += String(repeating: "<th scope=\"col\">before</th><th scope=\"col\">after</th>", count: 3)
    out += "</tr></thead><tbody>"
    for row in plan.hostSummary {
      let status =
        snapshot?.hostIndexByName[row.host].map { snapshot?.hosts[$0].status.rawValue ?? "" }
        ?? ""
      // A table cell is its own bidirectional paragraph: names need no <bdi> here.
      out += "<tr><th scope=\"row\">\(HTMLText.escape(row.host))</th><td>\(status)</td>"
      out += "<td>\(optional(row.before.cpuPercent))</td><td>\(optional(row.after.cpuPercent))</td>"
      out += "<td>\(ReportNumber.short(row.before.memoryPercent))</td>"
      out += "<td>\(ReportNumber.short(row.after.memoryPercent))</td>"
      out += "<td>\(row.before.vmCount)</td><td>\(row.after.vmCount)</td></tr>"
    }
    out += "</tbody></table>"
    return collapsed ? out + "</details>" : out
  }

  // MARK: Timeline and steps

  static func timelineSection(
    _ plan: MigrationPlan, _ timeline: WaveTimeline, _ options: PlanReportOptions
  ) -> String {
    guard !plan.steps.isEmpty else { return "<p>No steps: nothing to do.</p>" }
    var out = "<figure aria-describedby=\"step-table\"><figcaption>"
    out += "Waves run one after another; a wave lasts as long as its longest step. "
    out += "Bars are VM moves (hatched: restarts), diamonds host actions. "
    out += "<a href=\"#step-table\">Table view</a>.</figcaption>"
    out += timeline.svg(plan, maxRows: options.maxTimelineRows)
    return out + "</figure>"
  }

  static func steps(_ plan: MigrationPlan, _ snapshot: ClusterSnapshot?, _ timeline: WaveTimeline)
    -> String
  {
    guard !plan.steps.isEmpty else { return "<p>No steps.</p>" }
    var out = "<table id=\"step-table\" class=\"steps\"><caption>Every step, in order "
    out += "(table view of the timeline)</caption><thead><tr><th scope=\"col\">Step</th>"
    out += "<th scope=\"col\">Wave</th><th scope=\"col\">Starts</th><th scope=\"col\">Takes</th>"
    out += "<th scope=\"col\">Action</th><th scope=\"col\">VM / host</th>"
    out += "<th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\">Reason</th>"
    out += "</tr></thead><tbody>"
    for (index, step) in plan.steps.enumerated() {
      let anchor = "step-\(index + 1)"
      var subject = HTMLText.name(step.vm ?? step.host ?? "")
      if let vm = step.vm, let vmIndex = snapshot?.vmIndexByName[vm],
        let memory = snapshot?.vms[vmIndex].memoryMiB
      {
        subject += " <span class=\"hint\">\(ReportNumber.short(Double(memory) / 1024)) GiB</span>"
      }
      out += "<tr id=\"\(anchor)\"><th scope=\"row\">\(HTMLText.escape(step.id))</th>"
      out +=
        "<td>\(step.wave)</td><td>\(PlanTextRenderer.duration(timeline.startSeconds(of: step)))</td>"
      out += "<td>\(step.estimatedDurationSeconds.map(PlanTextRenderer.duration) ?? "–")</td>"
      out += "<td>\(HTMLText.escape(step.action.rawValue))</td><td>\(subject)</td>"
      out += "<td>\(step.fromHost.map(HTMLText.name) ?? "")</td>"
      out += "<td>\(step.toHost.map(HTMLText.name) ?? "")</td>"
      out += "<td>\(HTMLText.escape(step.reason.text))"
      if !step.reason.proposedBy.isEmpty {
        out += " <span class=\"hint\">(\(HTMLText.escape(step.reason.proposedBy)))</span>"
      }
      if !step.dependsOn.isEmpty {
        out += " <span class=\"hint\">after "
        out += step.dependsOn.map(HTMLText.escape).joined(separator: ", ") + "</span>"
      }
      if case .object(let fields) = step.reason.data, !fields.isEmpty {
        out += " <a href=\"#\(anchor)-why\">weights</a>"
      }
      out += "</td></tr>"
    }
    out += "</tbody></table>"
    let decisions = plan.steps.enumerated().compactMap { index, step in
      StepDecision(
        step: step, anchor: "step-\(index + 1)-why", isOpen: plan.steps.count <= 30)
    }
    if !decisions.isEmpty {
      out += "<h3>Why each destination</h3>"
      out += "<p>The weights that chose each step's destination (lower total wins, as in oVirt), "
      out += "the runner-up and the margin.</p>"
      out += decisions.map { $0.html() }.joined()
    }
    return out
  }

  // MARK: Unhandled, affinity, headroom

  static func unhandled(_ plan: MigrationPlan) -> String {
    guard !plan.unhandled.isEmpty else {
      return "<p>✔ Nothing: every VM and host the trigger named was handled.</p>"
    }
    var out = "<ul class=\"unhandled\">"
    for item in plan.unhandled {
      out += "<li><span class=\"kind\">\(HTMLText.escape(item.kind))</span> "
      out += "<strong>\(HTMLText.name(item.name))</strong>: \(HTMLText.escape(item.reason))"
      if !item.details.isEmpty {
        out += "<ol class=\"chain\">"
        out += item.details.map { "<li>\(HTMLText.escape($0))</li>" }.joined()
        out += "</ol>"
      }
      out += "</li>"
    }
    return out + "</ul>"
  }

  /// Affinity conflicts the plan reports and the moves affinity enforcement made; `nil` when
  /// there are none.
  static func affinity(_ plan: MigrationPlan) -> String? {
    let conflicts = plan.unhandled.filter { $0.kind == "affinity" }
    let moves = plan.steps.filter { $0.reason.proposedBy.hasPrefix("affinity") }
    guard !conflicts.isEmpty || !moves.isEmpty else { return nil }
    var out = ""
    if !conflicts.isEmpty {
      out += "<h3>Conflicts</h3><ul>"
      for item in conflicts {
        out += "<li><strong>\(HTMLText.name(item.name))</strong>: \(HTMLText.escape(item.reason))"
        if let conflict = item.conflict { out += conflictFacts(conflict) }
        out += "</li>"
      }
      out += "</ul>"
    }
    if !moves.isEmpty {
      out += "<h3>Moves that enforce affinity rules</h3><ul>"
      for step in moves {
        out += "<li>\(HTMLText.escape(step.id)): \(HTMLText.escape(step.reason.text))</li>"
      }
      out += "</ul>"
    }
    return out
  }

  /// A conflict as data (the plan's `unhandled[].conflict`): its type, the groups in conflict
  /// and the VMs and hosts they concern (a row only when there are some).
  static func conflictFacts(_ conflict: AffinityConflictData) -> String {
    func names(_ list: [String]) -> String {
      list.map { HTMLText.name($0) }.joined(separator: ", ")
    }
    var rows = [("type", "<code>\(HTMLText.escape(conflict.type))</code>")]
    rows.append(("groups", names(conflict.groups)))
    if !conflict.vms.isEmpty { rows.append(("VMs", names(conflict.vms))) }
    if !conflict.hosts.isEmpty { rows.append(("hosts", names(conflict.hosts))) }
    return "<dl class=\"facts conflict\">"
      + rows.map { "<div><dt>\($0.0)</dt><dd>\($0.1)</dd></div>" }.joined() + "</dl>"
  }

  static func headroom(_ plan: MigrationPlan) -> String {
    var out = ""
    if let headroom = plan.headroom {
      out += "<h3>After the plan (N+1)</h3>"
      out +=
        headroom.isSufficient
        ? "<p>✔ Every HA VM could restart if any one host failed.</p>"
        : "<p>✘ NOT sufficient: some HA VMs would have nowhere to restart.</p>"
      out += scenarioTable(headroom, caption: "If one host fails after the plan")
    }
    if let reservation = plan.haReservation {
      out += "<h3>HA reservation (cluster setting), now</h3>"
      out +=
        reservation.isSufficient
        ? "<p>✔ Every host's HA VMs could restart on the other hosts.</p>"
        : "<p>✘ NOT met: oVirt raises CLUSTER_ALERT_HA_RESERVATION.</p>"
      out += scenarioTable(reservation, caption: "If one host fails now")
    }
    return out.isEmpty ? "<p>The plan has no headroom analysis.</p>" : out
  }

  static func scenarioTable(_ report: HeadroomReport, caption: String) -> String {
    guard !report.scenarios.isEmpty else { return "<p>No host runs HA VMs.</p>" }
    var out = "<table><caption>\(caption)</caption><thead><tr><th scope=\"col\">Failed host</th>"
    out += "<th scope=\"col\">Its HA VMs</th><th scope=\"col\">Stranded</th></tr></thead><tbody>"
    for scenario in report.scenarios {
      out += "<tr><th scope=\"row\">\(HTMLText.escape(scenario.host))</th><td>"
      out += scenario.haVMs.map(HTMLText.name).joined(separator: ", ") + "</td><td>"
      out +=
        scenario.stranded.isEmpty
        ? "none"
        : scenario.stranded.map { "\(HTMLText.name($0.vm)): \(HTMLText.escape($0.reason))" }
          .joined(separator: "; ")
      out += "</td></tr>"
    }
    return out + "</tbody></table>"
  }
}
