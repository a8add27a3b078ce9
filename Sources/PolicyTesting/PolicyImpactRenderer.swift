package import Diagnostics

/// Renders a ``PolicyImpact`` as text, JSON (sorted keys) or Markdown (for a pull-request
/// comment).
package enum PolicyImpactRenderer {
  /// The text report.
  package static func text(_ impact: PolicyImpact) -> String {
    var out = "policy diff: \(impact.oldDirectory) → \(impact.newDirectory) (balance plans)\n"
    for snapshot in impact.snapshots {
      out += "\n\(snapshot.path) (cluster \(snapshot.cluster), policy \(snapshot.policyName))\n"
      out += "  moves: \(snapshot.oldMoves.count) → \(snapshot.newMoves.count) "
      out += "(+\(snapshot.added.count) added, -\(snapshot.removed.count) removed)\n"
      for move in snapshot.added { out += "    + \(describe(move))\n" }
      for move in snapshot.removed { out += "    - \(describe(move))\n" }
      out += "  imbalance (std. dev. over Up hosts)   before  old after  new after\n"
      out += "    VM count                          "
      out +=
        [snapshot.before, snapshot.afterOld, snapshot.afterNew].map {
          format($0.vmCount).padded(toLeading: 8)
        }.joined(separator: "   ") + "\n"
      out += "    CPU %                             "
      out +=
        [snapshot.before, snapshot.afterOld, snapshot.afterNew].map {
          ($0.cpuPercent.map(format) ?? "-").padded(toLeading: 8)
        }.joined(separator: "   ") + "\n"
      if snapshot.newlyUnplaceable.isEmpty {
        out += "  newly unplaceable: none\n"
      } else {
        out += "  newly unplaceable:\n"
        for item in snapshot.newlyUnplaceable {
          out += "    + \(item.kind) \(item.name): \(item.reason)\n"
        }
      }
      for item in snapshot.noLongerUnplaceable {
        out += "  no longer unplaceable: \(item.kind) \(item.name)\n"
      }
      if snapshot.isOldComplete != snapshot.isNewComplete {
        out += "  plan complete: \(snapshot.isOldComplete) → \(snapshot.isNewComplete)\n"
      }
    }
    out += "\ntotal: \(impact.snapshots.count) snapshot\(impact.snapshots.count == 1 ? "" : "s"), "
    out += "moves \(impact.oldMoveCount) → \(impact.newMoveCount) "
    out += "(+\(impact.addedCount) added, -\(impact.removedCount) removed), "
    out += "\(impact.newlyUnplaceableCount) newly unplaceable, "
    out += "\(impact.noLongerUnplaceableCount) no longer unplaceable\n"
    return out
  }

  /// The JSON report (sorted keys, fixed number format).
  package static func json(_ impact: PolicyImpact) -> JSONValue {
    func moves(_ list: [PolicyImpact.Move]) -> JSONValue {
      .array(
        list.map {
          .object([("vm", .string($0.vm)), ("from", .string($0.from)), ("to", .string($0.to))])
        })
    }
    func spread(_ value: PolicyImpact.Spread) -> JSONValue {
      .object([
        ("vmCountStdDev", .double(round(value.vmCount))),
        ("cpuPercentStdDev", value.cpuPercent.map { .double(round($0)) } ?? .null),
      ])
    }
    func items(_ list: [PolicyImpact.Unhandled]) -> JSONValue {
      .array(
        list.map {
          .object([
            ("kind", .string($0.kind)), ("name", .string($0.name)), ("reason", .string($0.reason)),
          ])
        })
    }
    let snapshots: [JSONValue] = impact.snapshots.map { snapshot in
      .object([
        ("snapshot", .string(snapshot.path)), ("cluster", .string(snapshot.cluster)),
        ("policy", .string(snapshot.policyName)),
        ("oldMoves", moves(snapshot.oldMoves)), ("newMoves", moves(snapshot.newMoves)),
        ("added", moves(snapshot.added)), ("removed", moves(snapshot.removed)),
        (
          "imbalance",
          .object([
            ("before", spread(snapshot.before)), ("afterOld", spread(snapshot.afterOld)),
            ("afterNew", spread(snapshot.afterNew)),
          ])
        ),
        ("newlyUnplaceable", items(snapshot.newlyUnplaceable)),
        ("noLongerUnplaceable", items(snapshot.noLongerUnplaceable)),
        ("oldComplete", .bool(snapshot.isOldComplete)),
        ("newComplete", .bool(snapshot.isNewComplete)),
      ])
    }
    return .object([
      ("old", .string(impact.oldDirectory)), ("new", .string(impact.newDirectory)),
      ("trigger", .string("balance")),
      ("snapshots", .array(snapshots)),
      (
        "total",
        .object([
          ("oldMoves", .int(impact.oldMoveCount)), ("newMoves", .int(impact.newMoveCount)),
          ("added", .int(impact.addedCount)), ("removed", .int(impact.removedCount)),
          ("newlyUnplaceable", .int(impact.newlyUnplaceableCount)),
          ("noLongerUnplaceable", .int(impact.noLongerUnplaceableCount)),
        ])
      ),
    ])
  }

  /// The Markdown report: a summary table, then the moves of each snapshot in a collapsed
  /// section.
  package static func markdown(_ impact: PolicyImpact) -> String {
    var out = "### Policy impact: `\(impact.oldDirectory)` → `\(impact.newDirectory)`\n\n"
    out += "Balance plans per snapshot. Imbalance is the standard deviation over Up hosts "
    out += "(before → old → new).\n\n"
    out +=
      "| snapshot | policy | moves (old → new) | added | removed | VM count σ | CPU % σ | newly unplaceable |\n"
    out += "| --- | --- | ---: | ---: | ---: | --- | --- | ---: |\n"
    for snapshot in impact.snapshots {
      let spreads = [snapshot.before, snapshot.afterOld, snapshot.afterNew]
      out += "| `\(snapshot.path)` | \(snapshot.policyName) "
      out += "| \(snapshot.oldMoves.count) → \(snapshot.newMoves.count) "
      out += "| +\(snapshot.added.count) | -\(snapshot.removed.count) "
      out += "| " + spreads.map { format($0.vmCount) }.joined(separator: " → ") + " "
      out += "| " + spreads.map { $0.cpuPercent.map(format) ?? "-" }.joined(separator: " → ") + " "
      out += "| \(snapshot.newlyUnplaceable.count) |\n"
    }
    out += "| **total** | | \(impact.oldMoveCount) → \(impact.newMoveCount) "
    out += "| **+\(impact.addedCount)** | **-\(impact.removedCount)** | | "
    out += "| **\(impact.newlyUnplaceableCount)** |\n"
    for snapshot in impact.snapshots
    where !snapshot.added.isEmpty || !snapshot.removed.isEmpty || !snapshot.newlyUnplaceable.isEmpty
      || !snapshot.noLongerUnplaceable.isEmpty
    {
      out += "\n<details><summary><code>\(snapshot.path)</code>: +\(snapshot.added.count) "
      out += "added, -\(snapshot.removed.count) removed</summary>\n\n"
      if !snapshot.added.isEmpty || !snapshot.removed.isEmpty {
        out += "| | VM | from | to |\n| --- | --- | --- | --- |\n"
        for move in snapshot.added {
          out += "| added | `\(move.vm)` | \(move.from) | \(move.to) |\n"
        }
        for move in snapshot.removed {
          out += "| removed | `\(move.vm)` | \(move.from) | \(move.to) |\n"
        }
      }
      for item in snapshot.newlyUnplaceable {
        out += "\n- newly unplaceable: \(item.kind) `\(item.name)`: \(escapeMarkdown(item.reason))"
      }
      for item in snapshot.noLongerUnplaceable {
        out += "\n- no longer unplaceable: \(item.kind) `\(item.name)`"
      }
      if !snapshot.newlyUnplaceable.isEmpty || !snapshot.noLongerUnplaceable.isEmpty { out += "\n" }
      out += "\n</details>\n"
    }
    return out
  }

  static func describe(_ move: PolicyImpact.Move) -> String {
    "\(move.vm)  \(move.from) → \(move.to)"
  }

  /// Two decimals, trailing zeros dropped.
  static func format(_ value: Double) -> String {
    TextLayout.number(value, maxFractionDigits: 2)
  }

  static func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }

  static func escapeMarkdown(_ text: String) -> String {
    text.replacingPipes()
  }
}

extension String {
  /// `|` escaped for a Markdown table cell.
  func replacingPipes() -> String {
    var out = ""
    for character in self { out += character == "|" ? "\\|" : String(character) }
    return out
  }
}
