package import Plan

/// The plan's waves on a time axis (a Gantt chart), from the steps' duration estimates.
///
/// Waves run one after another and a wave lasts as long as its longest step, as the plan's
/// duration model says; every step of a wave starts with the wave. Steps without an estimate
/// (host actions) are drawn as a diamond at their wave's start.
package struct WaveTimeline: Sendable {
  /// When each wave starts, in seconds from the start of the plan (index 0 is wave 1).
  package var waveStartSeconds: [Double]
  /// The end of the last wave.
  package var totalSeconds: Double

  /// The timeline of a plan.
  package init(plan: MigrationPlan) {
    var starts: [Double] = []
    var clock = 0.0
    for wave in 1...max(1, plan.waveCount) {
      starts.append(clock)
      let longest =
        plan.steps.filter { $0.wave == wave }
        .compactMap(\.estimatedDurationSeconds).max() ?? 0
      clock += longest
    }
    waveStartSeconds = starts
    totalSeconds = clock
  }

  /// When a step starts.
  package func startSeconds(of step: PlanStep) -> Double {
    let index = step.wave - 1
    return waveStartSeconds.indices.contains(index) ? waveStartSeconds[index] : 0
  }

  static let width = 760.0
  static let labelWidth = 250.0
  static let rowHeight = 18.0

  /// The chart: one row per step, or one row per wave when there are more than `maxRows`
  /// steps.
  func svg(_ plan: MigrationPlan, maxRows: Int) -> String {
    let perWave = plan.steps.count > maxRows
    let rowCount = perWave ? max(1, plan.waveCount) : plan.steps.count
    let top = 24.0
    let plotWidth = Self.width - Self.labelWidth - 50
    let height = top + Double(rowCount) * Self.rowHeight + 28
    let total = max(totalSeconds, 1)
    func x(_ seconds: Double) -> Double { Self.labelWidth + plotWidth * seconds / total }
    var svg = "<svg class=\"chart\" id=\"chart-timeline\" role=\"img\" "
    svg += "viewBox=\"0 0 \(c(Self.width)) \(c(height))\" width=\"\(c(Self.width))\" "
    svg += "height=\"\(c(height))\" aria-labelledby=\"chart-timeline-title\">"
    svg += "<title id=\"chart-timeline-title\">Wave timeline: "
    svg += "\(ReportNumber.count(plan.waveCount, "wave")), "
    svg += "\(PlanTextRenderer.duration(totalSeconds)) in total</title>"
    let bottom = top + Double(rowCount) * Self.rowHeight
    // Time axis.
    let step = HostChart.niceStep(total / 6)
    var tick = 0.0
    while tick <= total + step / 1000 {
      svg += "<line class=\"grid\" x1=\"\(c(x(tick)))\" x2=\"\(c(x(tick)))\" y1=\"\(c(top))\" "
      svg += "y2=\"\(c(bottom))\"/><text class=\"tick\" x=\"\(c(x(tick)))\" "
      svg += "y=\"\(c(bottom + 14))\" text-anchor=\"middle\">"
      svg += "\(PlanTextRenderer.duration(tick))</text>"
      tick += step
    }
    // Wave boundaries, labelled.
    for (index, start) in waveStartSeconds.enumerated() {
      svg += "<g class=\"wave-mark\"><line x1=\"\(c(x(start)))\" x2=\"\(c(x(start)))\" "
      svg += "y1=\"\(c(top - 10))\" y2=\"\(c(bottom))\"/><text x=\"\(c(x(start) + 3))\" "
      svg += "y=\"\(c(top - 12))\">wave \(index + 1)</text></g>"
    }
    if perWave {
      for wave in 1...max(1, plan.waveCount) {
        let steps = plan.steps.filter { $0.wave == wave }
        let y = top + Double(wave - 1) * Self.rowHeight
        let start = waveStartSeconds[wave - 1]
        let end = wave < waveStartSeconds.count ? waveStartSeconds[wave] : totalSeconds
        let label = "wave \(wave): \(ReportNumber.count(steps.count, "step"))"
        svg += "<g class=\"row\"><title>\(label), \(PlanTextRenderer.duration(end - start))</title>"
        svg += "<text class=\"label\" x=\"\(c(Self.labelWidth - 6))\" y=\"\(c(y + 13))\" "
        svg += "text-anchor=\"end\">\(label)</text>"
        svg += "<rect class=\"after\" x=\"\(c(x(start)))\" y=\"\(c(y + 4))\" "
        svg += "width=\"\(c(max(1, x(end) - x(start))))\" height=\"10\"/></g>"
      }
    } else {
      for (index, planStep) in plan.steps.enumerated() {
        svg += row(planStep, y: top + Double(index) * Self.rowHeight, x: x)
      }
    }
    return svg + "</svg>"
  }

  /// One step's row: its label, and a bar (VM moves) or a diamond (host actions).
  func row(_ step: PlanStep, y: Double, x: (Double) -> Double) -> String {
    let start = startSeconds(of: step)
    let label = Self.label(step)
    var svg = "<g class=\"row \(step.action.rawValue)\"><title>\(HTMLText.escape(step.id)) "
    svg += "(wave \(step.wave)): \(HTMLText.escape(label))"
    if let duration = step.estimatedDurationSeconds {
      svg += ", starts at \(PlanTextRenderer.duration(start)), takes about "
      svg += PlanTextRenderer.duration(duration)
    }
    svg += "</title><text class=\"label\" x=\"\(c(Self.labelWidth - 6))\" y=\"\(c(y + 13))\" "
    svg += "text-anchor=\"end\">\(HTMLText.escape(HostChart.truncated(label, limit: 36)))</text>"
    if let duration = step.estimatedDurationSeconds, duration > 0 {
      let css = step.action == .restart ? "restart" : "after"
      svg += "<rect class=\"\(css)\" x=\"\(c(x(start)))\" y=\"\(c(y + 4))\" "
      svg += "width=\"\(c(max(1, x(start + duration) - x(start))))\" height=\"10\"/>"
      svg += "<text class=\"value\" x=\"\(c(x(start + duration) + 3))\" y=\"\(c(y + 13))\">"
      svg += "\(PlanTextRenderer.duration(duration))</text>"
    } else {
      let cx = x(start)
      svg += "<polygon class=\"marker\" points=\"\(c(cx)),\(c(y + 3)) \(c(cx + 6)),\(c(y + 9)) "
      svg += "\(c(cx)),\(c(y + 15)) \(c(cx - 6)),\(c(y + 9))\"/>"
      svg += "<text class=\"value\" x=\"\(c(cx + 9))\" y=\"\(c(y + 13))\">"
      svg += "\(HTMLText.escape(step.action.rawValue))</text>"
    }
    return svg + "</g>"
  }

  /// "mon-01: host-01 → host-03", "host-maintenance host-06".
  static func label(_ step: PlanStep) -> String {
    if let vm = step.vm {
      return "\(vm): \(step.fromHost ?? "?") → \(step.toHost ?? "?")"
    }
    return "\(step.action.rawValue) \(step.host ?? "")"
  }
}
