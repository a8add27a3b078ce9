import Diagnostics
import Plan

/// What a step's reason data says about how its destination was chosen: the weights, the
/// total, the runner-up and the margin, the source and destination loads, the candidates; any
/// other fields are listed as they are.
struct StepDecision {
  var step: PlanStep
  var anchor: String
  /// Whether the details start open (small plans: so they print).
  var isOpen: Bool
  var fields: [(String, JSONValue)]

  /// `nil` when the step's reason carries no data.
  init?(step: PlanStep, anchor: String, isOpen: Bool) {
    guard case .object(let fields) = step.reason.data, !fields.isEmpty else { return nil }
    self.step = step
    self.anchor = anchor
    self.isOpen = isOpen
    // Sorted by key, so the page does not depend on the order the file wrote them in.
    self.fields = fields.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
  }

  /// How many of the balancer's candidate hosts are named.
  static let shownCandidates = 12

  func field(_ key: String) -> JSONValue? { fields.last { $0.0 == key }?.1 }

  func html() -> String {
    let decision = field("decision")
    var summary = "\(HTMLText.escape(step.id)): "
    summary += HTMLText.escape(WaveTimeline.label(step))
    if let runnerUp = decision?["runnerUp"]?.text {
      summary += "; runner-up \(HTMLText.name(runnerUp))"
      if let margin = decision?["margin"]?.number {
        summary += " by \(ReportNumber.short(margin))"
      }
    }
    var out = "<details class=\"decision\" id=\"\(anchor)\"\(isOpen ? " open" : "")>"
    out += "<summary>\(summary)</summary>"
    if let decision { out += weights(decision) }
    var facts: [(String, String)] = []
    for key in ["source", "destination"] {
      guard let side = field(key), let host = side["host"]?.text else { continue }
      var text = HTMLText.name(host)
      if let before = side["loadBefore"]?.number, let after = side["loadAfter"]?.number {
        text += ": balancer load \(ReportNumber.short(before)) → \(ReportNumber.short(after))"
      }
      facts.append((key == "source" ? "Source" : "Destination", text))
    }
    if case .array(let candidates)? = field("candidates") {
      // On a large cluster the balancer offers most hosts; the first few say enough.
      var text = candidates.prefix(Self.shownCandidates)
        .map { $0.text.map(HTMLText.name) ?? HTMLText.escape($0.compact) }
        .joined(separator: ", ")
      if candidates.count > Self.shownCandidates {
        text = "\(candidates.count) hosts, the first \(Self.shownCandidates): " + text + ", …"
      }
      facts.append(("Candidates the balancer offered", text))
    }
    if case .object(let thresholds)? = field("thresholds") {
      facts.append(
        (
          "Balancer thresholds",
          thresholds.sorted { $0.0 < $1.0 }.map {
            "\(HTMLText.escape($0.0)) \(HTMLText.escape($0.1.compact))"
          }.joined(separator: ", ")
        ))
    }
    let known: Set<String> = ["decision", "source", "destination", "candidates", "thresholds"]
    for (key, value) in fields where !known.contains(key) {
      facts.append((HTMLText.escape(key), HTMLText.escape(value.compact)))
    }
    if !facts.isEmpty {
      out += "<dl class=\"facts\">"
      out += facts.map { "<div><dt>\($0.0)</dt><dd>\($0.1)</dd></div>" }.joined()
      out += "</dl>"
    }
    return out + "</details>"
  }

  /// The winner's weights: unit, factor, rank points or raw score, contribution.
  func weights(_ decision: JSONValue) -> String {
    guard case .array(let weights)? = decision["weights"], !weights.isEmpty else { return "" }
    let destination = step.toHost.map(HTMLText.name) ?? "the destination"
    var out = "<table class=\"numbers\"><caption>Weights for \(destination)"
    if let selector = decision["selector"]?.text {
      out += " (\(HTMLText.escape(selector)) selector)"
    }
    out += "</caption><thead><tr><th scope=\"col\">Weight</th><th scope=\"col\">Factor</th>"
    out += "<th scope=\"col\">Raw score</th><th scope=\"col\">Points</th>"
    out += "<th scope=\"col\">Contribution</th></tr></thead><tbody>"
    for weight in weights {
      out += "<tr><th scope=\"row\">\(HTMLText.escape(weight["unit"]?.text ?? "?"))</th>"
      for key in ["factor", "rawScore", "points", "contribution"] {
        out += "<td>\(weight[key]?.number.map(ReportNumber.short) ?? "–")</td>"
      }
      out += "</tr>"
    }
    out += "</tbody>"
    if let total = decision["total"]?.number {
      out += "<tfoot><tr><th scope=\"row\" colspan=\"4\">Total</th>"
      out += "<td>\(ReportNumber.short(total))</td></tr>"
      if let runnerUp = decision["runnerUp"]?.text {
        out += "<tr><th scope=\"row\" colspan=\"4\">Runner-up \(HTMLText.name(runnerUp)), "
        out += "behind by</th><td>\(decision["margin"]?.number.map(ReportNumber.short) ?? "–")"
        out += "</td></tr>"
      }
      out += "</tfoot>"
    }
    return out + "</table>"
  }
}

extension JSONValue {
  /// A numeric value.
  var number: Double? {
    switch self {
    case .int(let value): Double(value)
    case .double(let value): value
    default: nil
    }
  }

  /// Compact JSON, or the string itself.
  var compact: String { text ?? serialized() }
}
