/// One per-host figure (CPU %, memory % or VM count) before and after a plan, drawn as a
/// sorted bar chart, or as a histogram when there are too many hosts to draw one bar each.
package struct HostChart {
  /// One host's values.
  package struct Row {
    var host: String
    var before: Double?
    var after: Double?

    /// Creates a row.
    package init(host: String, before: Double?, after: Double?) {
      self.host = host
      self.before = before
      self.after = after
    }
  }

  /// A policy threshold drawn across the chart.
  package struct Threshold {
    /// The property name, shown as the line's label.
    var name: String
    var value: Double
    /// `high` or `low`: the line's style (dash pattern and colour).
    var kind: String
  }

  /// A stable id fragment (`cpu`, `memory`, `vms`).
  var id: String
  /// The heading: "CPU usage".
  var title: String
  /// Unit suffix for values: `%` or empty.
  var unit: String
  /// Whether values are percentages (the axis then runs to at least 100).
  var isPercent: Bool
  var rows: [Row]
  var thresholds: [Threshold]
  /// What the two series are, in titles: "before" and "after" the plan, or two plans.
  var seriesNames = (first: "before", second: "after")

  /// Creates a chart.
  package init(
    id: String, title: String, unit: String, isPercent: Bool, rows: [Row],
    thresholds: [Threshold], seriesNames: (first: String, second: String) = ("before", "after")
  ) {
    self.id = id
    self.title = title
    self.unit = unit
    self.isPercent = isPercent
    self.rows = rows
    self.thresholds = thresholds
    self.seriesNames = seriesNames
  }

  static let width = 760.0
  static let labelWidth = 160.0
  static let valueWidth = 100.0
  static let rowHeight = 20.0

  /// The axis maximum: 100 for percentages (or more if a value exceeds it), else the largest
  /// value or threshold plus a margin.
  var axisMaximum: Double {
    let values =
      rows.flatMap { [$0.before, $0.after] }.compactMap { $0 }
      + thresholds.map(\.value)
    let largest = values.max() ?? 0
    if isPercent { return max(100, (largest / 10).rounded(.up) * 10) }
    return max(1, (largest * 1.1).rounded(.up))
  }

  /// Rows sorted by the value after the plan, largest first (then before, then name).
  var sortedRows: [Row] {
    rows.sorted { left, right in
      let a = left.after ?? -1
      let b = right.after ?? -1
      if a != b { return a > b }
      let c = left.before ?? -1
      let d = right.before ?? -1
      if c != d { return c > d }
      return Array(left.host.utf8).lexicographicallyPrecedes(Array(right.host.utf8))
    }
  }

  func value(_ number: Double?) -> String {
    number.map { ReportNumber.short($0) + unit } ?? "n/a"
  }

  // MARK: Sorted bars

  /// One horizontal pair of bars per host (before hatched, after solid), thresholds as labelled
  /// dashed lines.
  /// - Parameter keepOrder: draw the rows in the given order instead of sorting them.
  package func barsSVG(keepOrder: Bool = false) -> String {
    let top = 16.0 * Double(max(1, thresholds.count)) + 8
    let plotWidth = Self.width - Self.labelWidth - Self.valueWidth
    let height = top + Double(rows.count) * Self.rowHeight + 24
    let maximum = axisMaximum
    func x(_ value: Double) -> Double {
      Self.labelWidth + plotWidth * min(value, maximum) / maximum
    }
    let isPlan = seriesNames == ("before", "after")
    var svg = svgOpen(
      height: height,
      label: "\(title) per host, \(seriesNames.first) and \(seriesNames.second)"
        + (isPlan ? " the plan" : ""))
    svg += axis(top: top, bottom: height - 20, maximum: maximum, x: x)
    let hasBefore = rows.contains { $0.before != nil }
    for (index, row) in (keepOrder ? rows : sortedRows).enumerated() {
      let y = top + Double(index) * Self.rowHeight
      svg += "<g class=\"row\"><title>\(HTMLText.escape(row.host)): "
      svg +=
        hasBefore
        ? "\(value(row.before)) \(seriesNames.first), \(value(row.after)) \(seriesNames.second)"
        : value(row.after)
      svg += "</title>"
      svg += "<text class=\"label\" x=\"\(c(Self.labelWidth - 6))\" y=\"\(c(y + 14))\" "
      svg += "text-anchor=\"end\">\(HTMLText.escape(Self.truncated(row.host)))</text>"
      if let before = row.before {
        svg += "<rect class=\"before\" x=\"\(c(Self.labelWidth))\" y=\"\(c(y + 2))\" "
        svg += "width=\"\(c(max(0.5, x(before) - Self.labelWidth)))\" height=\"7\"/>"
      }
      if let after = row.after {
        svg += "<rect class=\"after\" x=\"\(c(Self.labelWidth))\" y=\"\(c(y + 10))\" "
        svg += "width=\"\(c(max(0.5, x(after) - Self.labelWidth)))\" height=\"7\"/>"
      }
      svg += "<text class=\"value\" x=\"\(c(Self.width - Self.valueWidth + 6))\" "
      svg += "y=\"\(c(y + 14))\">"
      svg += hasBefore ? "\(value(row.before)) → \(value(row.after))" : value(row.after)
      svg += "</text></g>"
    }
    svg += thresholdLines(top: top, bottom: height - 20, x: x)
    return svg + "</svg>"
  }

  // MARK: Histogram (large clusters)

  /// Bucket bounds: ten buckets of 10 % for percentages, else ten equal integer buckets.
  var buckets: [(low: Double, high: Double)] {
    let maximum = axisMaximum
    let width = isPercent ? maximum / 10 : max(1, (maximum / 10).rounded(.up))
    let count = Int((maximum / width).rounded(.up))
    return (0..<max(1, count)).map { (Double($0) * width, Double($0 + 1) * width) }
  }

  /// How many hosts fall in each bucket, before and after (hosts without a value are left out).
  var bucketCounts: [(before: Int, after: Int)] {
    let bounds = buckets
    var counts = [(before: Int, after: Int)](repeating: (0, 0), count: bounds.count)
    func index(_ value: Double) -> Int {
      bounds.firstIndex { value < $0.high } ?? bounds.count - 1
    }
    for row in rows {
      if let before = row.before { counts[index(before)].before += 1 }
      if let after = row.after { counts[index(after)].after += 1 }
    }
    return counts
  }

  func bucketLabel(_ bucket: (low: Double, high: Double), isLast: Bool) -> String {
    if isPercent {
      return ReportNumber.short(bucket.low) + "–" + ReportNumber.short(bucket.high) + "%"
    }
    let high = bucket.high - 1
    return bucket.low == high
      ? ReportNumber.short(bucket.low)
      : ReportNumber.short(bucket.low) + "–" + ReportNumber.short(high)
  }

  /// Columns per bucket: how many hosts before (hatched) and after (solid).
  package func histogramSVG() -> String {
    let bounds = buckets
    let counts = bucketCounts
    let top = 16.0 * Double(max(1, thresholds.count)) + 8
    let plotHeight = 180.0
    let height = top + plotHeight + 40
    let left = 50.0
    let plotWidth = Self.width - left - 20
    let maximum = axisMaximum
    let largest = Double(max(1, counts.map { max($0.before, $0.after) }.max() ?? 1))
    func x(_ value: Double) -> Double { left + plotWidth * min(value, maximum) / maximum }
    func y(_ count: Int) -> Double { top + plotHeight - plotHeight * Double(count) / largest }
    var svg = svgOpen(
      height: height,
      label: "\(title): hosts per range, \(seriesNames.first) and \(seriesNames.second)")
    let bottom = top + plotHeight
    svg += "<line class=\"axis\" x1=\"\(c(left))\" x2=\"\(c(left + plotWidth))\" "
    svg += "y1=\"\(c(bottom))\" y2=\"\(c(bottom))\"/>"
    for (index, bucket) in bounds.enumerated() {
      let x0 = x(bucket.low)
      let slot = x(bucket.high) - x0
      let barWidth = max(1, slot / 2 - 3)
      let count = counts[index]
      svg +=
        "<g class=\"bucket\"><title>\(bucketLabel(bucket, isLast: index == bounds.count - 1)): "
      svg += "\(count.before) \(seriesNames.first), \(count.after) \(seriesNames.second)</title>"
      svg += "<rect class=\"before\" x=\"\(c(x0 + 2))\" y=\"\(c(y(count.before)))\" "
      svg += "width=\"\(c(barWidth))\" height=\"\(c(bottom - y(count.before)))\"/>"
      svg += "<rect class=\"after\" x=\"\(c(x0 + 2 + barWidth + 2))\" y=\"\(c(y(count.after)))\" "
      svg += "width=\"\(c(barWidth))\" height=\"\(c(bottom - y(count.after)))\"/>"
      svg +=
        "<text class=\"value\" x=\"\(c(x0 + slot / 2))\" y=\"\(c(min(y(count.before), y(count.after)) - 3))\" "
      svg += "text-anchor=\"middle\">\(count.before)→\(count.after)</text>"
      svg += "<text class=\"tick\" x=\"\(c(x0 + slot / 2))\" y=\"\(c(bottom + 14))\" "
      svg +=
        "text-anchor=\"middle\">\(bucketLabel(bucket, isLast: index == bounds.count - 1))</text></g>"
    }
    svg += "<text class=\"tick\" x=\"\(c(left - 6))\" y=\"\(c(top + 10))\" text-anchor=\"end\">"
    svg += "\(Int(largest))</text>"
    svg +=
      "<text class=\"tick\" x=\"\(c(left - 6))\" y=\"\(c(bottom))\" text-anchor=\"end\">0</text>"
    svg += "<text class=\"tick\" x=\"\(c(left))\" y=\"\(c(bottom + 30))\">hosts per range</text>"
    svg += thresholdLines(top: top, bottom: bottom, x: x)
    return svg + "</svg>"
  }

  /// The histogram's table view.
  package func histogramTable() -> String {
    let bounds = buckets
    let counts = bucketCounts
    var out = "<table class=\"numbers\"><caption>\(HTMLText.escape(title)): hosts per range"
    out += "</caption><thead><tr><th scope=\"col\">Range</th><th scope=\"col\">Hosts before"
    out += "</th><th scope=\"col\">Hosts after</th></tr></thead><tbody>"
    for (index, bucket) in bounds.enumerated() {
      out += "<tr><th scope=\"row\">\(bucketLabel(bucket, isLast: index == bounds.count - 1))"
      out += "</th><td>\(counts[index].before)</td><td>\(counts[index].after)</td></tr>"
    }
    return out + "</tbody></table>"
  }

  // MARK: Pieces

  func svgOpen(height: Double, label: String) -> String {
    "<svg class=\"chart\" id=\"chart-\(id)\" role=\"img\" viewBox=\"0 0 \(c(Self.width)) \(c(height))\" "
      + "width=\"\(c(Self.width))\" height=\"\(c(height))\" aria-labelledby=\"chart-\(id)-title\">"
      + "<title id=\"chart-\(id)-title\">\(HTMLText.escape(label))</title>"
  }

  /// Grid lines and tick labels along the value axis.
  func axis(top: Double, bottom: Double, maximum: Double, x: (Double) -> Double) -> String {
    let step = Self.niceStep(maximum / 5)
    var svg = ""
    var tick = 0.0
    while tick <= maximum + step / 1000 {
      svg += "<line class=\"grid\" x1=\"\(c(x(tick)))\" x2=\"\(c(x(tick)))\" y1=\"\(c(top))\" "
      svg +=
        "y2=\"\(c(bottom))\"/><text class=\"tick\" x=\"\(c(x(tick)))\" y=\"\(c(bottom + 14))\" "
      svg += "text-anchor=\"middle\">\(ReportNumber.short(tick))\(unit)</text>"
      tick += step
    }
    return svg
  }

  /// Each threshold: a dashed line (its own dash pattern) with its name and value as text.
  func thresholdLines(top: Double, bottom: Double, x: (Double) -> Double) -> String {
    var svg = ""
    for (index, threshold) in thresholds.enumerated() {
      let position = x(threshold.value)
      let labelY = 12 + 16 * Double(index)
      svg += "<g class=\"threshold \(threshold.kind)\"><line x1=\"\(c(position))\" "
      svg += "x2=\"\(c(position))\" y1=\"\(c(labelY + 2))\" y2=\"\(c(bottom))\"/>"
      let anchor = position > Self.width - 200 ? "end" : "start"
      let offset = anchor == "end" ? -4.0 : 4.0
      svg += "<text x=\"\(c(position + offset))\" y=\"\(c(labelY))\" text-anchor=\"\(anchor)\">"
      svg += "\(HTMLText.escape(threshold.name)) \(ReportNumber.short(threshold.value))\(unit)"
      svg += "</text></g>"
    }
    return svg
  }

  /// A round step (1, 2, 2.5 or 5 × 10ⁿ) at least `raw`.
  static func niceStep(_ raw: Double) -> Double {
    guard raw > 0, raw.isFinite else { return 1 }
    var magnitude = 1.0
    while magnitude * 10 <= raw { magnitude *= 10 }
    while magnitude > raw { magnitude /= 10 }
    for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where magnitude * factor >= raw {
      return magnitude * factor
    }
    return magnitude * 10
  }

  /// A label short enough for the chart's label column; the full name is in the row's title
  /// and in the table.
  static func truncated(_ name: String, limit: Int = 24) -> String {
    let shown = HTMLText.visible(name)
    return shown.count <= limit ? shown : String(shown.prefix(limit - 1)) + "…"
  }
}

/// An SVG coordinate.
func c(_ value: Double) -> String { ReportNumber.coordinate(value) }
