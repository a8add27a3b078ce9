/// The page skeleton: head with the inline style sheet, a table of contents, sections, footer.
package struct ReportPage {
  /// The document title.
  package var title: String
  /// The `<h1>`'s content (HTML).
  package var heading = ""
  /// What a reader sees first, under the heading (HTML).
  package var lead = ""
  /// The footer's content (HTML).
  package var footer = ""
  var sections: [(id: String, title: String, body: String)] = []

  /// An empty page.
  package init(title: String) { self.title = title }

  /// Appends a section with its heading; it is listed in the table of contents.
  package mutating func section(_ id: String, _ title: String, _ body: String) {
    sections.append((id, title, body))
  }

  /// The whole document.
  package func html() -> String {
    var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    out += "<meta name=\"generator\" content=\"shepherd\">\n"
    out += "<title>\(HTMLText.escape(title))</title>\n<style>\n\(Self.style)</style>\n</head>\n"
    out += "<body>\n" + Self.patterns + "\n<header>\n<h1>\(heading)</h1>\n\(lead)\n"
    out += "<nav aria-label=\"Sections\"><ul>"
    out += sections.map { "<li><a href=\"#\($0.id)\">\(HTMLText.escape($0.title))</a></li>" }
      .joined()
    out += "</ul></nav>\n</header>\n<main>\n"
    for section in sections {
      out += "<section id=\"\(section.id)\" aria-labelledby=\"\(section.id)-heading\">\n"
      out += "<h2 id=\"\(section.id)-heading\">\(HTMLText.escape(section.title))</h2>\n"
      out += section.body + "\n</section>\n"
    }
    out += "</main>\n<footer>\n<p>\(footer)</p>\n</footer>\n</body>\n</html>\n"
    return out
  }

  /// Fill patterns shared by every chart: hatching marks "before" and restarts, so the charts
  /// read without colour.
  static let patterns =
    "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\"><defs>"
    + "<pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
    + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#d5dbe3\"/>"
    + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#5b6b7f\" stroke-width=\"2.5\"/>"
    + "</pattern><pattern id=\"hatch-restart\" width=\"6\" height=\"6\" "
    + "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\">"
    + "<rect width=\"6\" height=\"6\" fill=\"#f6d7b0\"/><line x1=\"0\" y1=\"0\" x2=\"0\" "
    + "y2=\"6\" stroke=\"#a35a00\" stroke-width=\"2.5\"/></pattern></defs></svg>"

  static let style = """
    :root { color-scheme: light; --ink: #1b2430; --muted: #5b6b7f; --line: #d5dbe3;
      --after: #2f6db5; --high: #b3261e; --low: #8a5a00; --ok: #1e6b35; --bad: #b3261e; }
    * { box-sizing: border-box; }
    body { margin: 0 auto; max-width: 66rem; padding: 1rem 1.25rem 3rem; color: var(--ink);
      font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
    h1 { font-size: 1.6rem; margin: 0.5rem 0; }
    h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; border-bottom: 2px solid var(--line); }
    h3 { font-size: 1.05rem; margin: 1.25rem 0 0.25rem; }
    code { font: 0.85em ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
      overflow-wrap: anywhere; }
    bdi { unicode-bidi: isolate; }
    .verdict { font-size: 1.05rem; padding: 0.5rem 0.75rem; border-left: 6px solid; }
    .verdict.complete { border-color: var(--ok); background: #eef7f0; }
    .verdict.incomplete { border-color: var(--bad); background: #fbeeed; }
    nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
    dl.summary, dl.facts { display: grid; grid-template-columns: max-content 1fr;
      gap: 0.2rem 1rem; margin: 0.5rem 0; }
    dl.summary div, dl.facts div { display: contents; }
    dt { font-weight: 600; }
    dd { margin: 0; }
    dd ul { margin: 0; padding-left: 1.2rem; }
    figure { margin: 1rem 0; }
    figcaption h3 { display: inline; margin: 0; }
    .hint { color: var(--muted); font-size: 0.9em; }
    svg.chart { display: block; max-width: 100%; height: auto; margin: 0.25rem 0; }
    svg.defs { position: absolute; }
    svg text { font: 11px system-ui, sans-serif; fill: var(--ink); }
    svg .tick { fill: var(--muted); }
    svg .grid { stroke: var(--line); stroke-width: 1; }
    svg .axis { stroke: var(--muted); }
    .before { fill: url(#hatch); stroke: #5b6b7f; stroke-width: 0.5; }
    .after { fill: var(--after); }
    .outline { fill: #ffffff; stroke: var(--after); stroke-width: 1.5; }
    .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
    ol.moves { padding-left: 1.5rem; margin: 0; }
    .restart { fill: url(#hatch-restart); stroke: #a35a00; stroke-width: 0.5; }
    .marker { fill: var(--ink); }
    .threshold line { stroke-width: 2; fill: none; }
    .threshold.high line { stroke: var(--high); stroke-dasharray: 7 3; }
    .threshold.low line { stroke: var(--low); stroke-dasharray: 2 3; }
    .threshold.high text { fill: var(--high); font-weight: 600; }
    .threshold.low text { fill: var(--low); font-weight: 600; }
    .wave-mark line { stroke: var(--muted); stroke-dasharray: 1 2; }
    .wave-mark text { fill: var(--muted); }
    ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
    ul.legend svg { vertical-align: -1px; }
    table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.9rem; }
    caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
    th, td { border-bottom: 1px solid var(--line); padding: 0.2rem 0.5rem; text-align: left;
      vertical-align: top; }
    thead th { border-bottom: 2px solid var(--muted); }
    table.numbers td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    table.hosts td:nth-child(2) { text-align: left; }
    table.steps th[scope=row], table.steps td:nth-child(-n+5) { white-space: nowrap; }
    table.steps td { overflow-wrap: anywhere; }
    table.steps td:last-child { min-width: 18rem; }
    .scroll { overflow-x: auto; }
    table.weights th, table.weights td { white-space: nowrap; }
    table.matrix td { text-align: center; }
    table.matrix td.fail { background: #fbeeed; }
    table.matrix td.excluded { text-align: left; color: var(--muted); }
    th.vertical { vertical-align: bottom; }
    th.vertical span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
      font-weight: 500; }
    details { margin: 0.4rem 0; }
    details > summary { cursor: pointer; }
    details.decision { border-left: 3px solid var(--line); padding-left: 0.6rem; }
    .unhandled .kind { display: inline-block; font-size: 0.8em; text-transform: uppercase;
      border: 1px solid var(--muted); border-radius: 3px; padding: 0 0.3em; }
    ol.chain { margin: 0.2rem 0 0.5rem; color: var(--muted); }
    footer { margin-top: 3rem; color: var(--muted); font-size: 0.85rem; }
    @media print {
      body { max-width: none; font-size: 11px; }
      nav { display: none; }
      a { color: inherit; text-decoration: none; }
      figure, tr, dl.summary, details.decision { break-inside: avoid; }
      h2, h3 { break-after: avoid; }
      details > summary { list-style: none; }
    }

    """
}
