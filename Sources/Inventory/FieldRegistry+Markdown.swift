extension FieldRegistry {
  /// The registry as Markdown, exactly as checked in at `Docs/fields.md`.
  ///
  /// One section per object (the document, `cluster`, `hosts[]`, …), each with a table of its
  /// fields. A test fails when the checked-in file differs; regenerate it with
  /// `scripts/generate`.
  public static func markdown() -> String {
    var out = "# Snapshot fields\n\n"
    out += "Generated from `FieldRegistry` (Sources/Inventory/FieldRegistry.swift); do not edit. "
    out += "A test fails when this file is out of date: regenerate it with `scripts/generate`.\n\n"
    out += "A snapshot is a YAML (or JSON) document describing one cluster (or, with `clusters`, "
    out += "several: a data center) at one instant. "
    out += "Unknown fields are errors (I001). Host CPU `cores` and `threads` are totals over all "
    out += "sockets. Timestamps are RFC 3339 with a time zone, e.g. `2026-11-28T10:00:00Z`; "
    out += "durations are measured against `takenAt`.\n"
    writeSection(root, title: "The document", to: &out)
    return out
  }

  /// Escapes `|` so a value cannot break a table row.
  private static func escaped(_ text: String) -> String {
    var out = ""
    for character in text {
      if character == "|" { out += "\\|" } else { out.append(character) }
    }
    return out
  }

  private static func writeSection(
    _ descriptor: FieldDescriptor, title: String, to out: inout String
  ) {
    out += "\n## \(title)\n\n"
    if !descriptor.path.isEmpty { out += descriptor.doc + "\n\n" }
    out += "| field | type | unit | required / default | bounds | description |\n"
    out += "| --- | --- | --- | --- | --- | --- |\n"
    for child in descriptor.children {
      let presence: String
      switch child.presence {
      case .required: presence = "required"
      case .optional: presence = "optional"
      case .defaulted(let value): presence = "default " + value.displayText
      case .requiredUnless(let other): presence = "required unless `\(other)` is given"
      }
      out += "| `\(child.name)` | \(escaped(child.type.displayName)) | \(child.unit ?? "") "
      out += "| \(escaped(presence)) | \(child.boundsText) | \(escaped(child.doc)) |\n"
    }
    // The entries of `clusters[]` carry the top-level per-cluster fields: no second copy.
    if descriptor.path == "clusters" {
      out += "\nEach entry's fields are those of the same names at the top level, above.\n"
      return
    }
    for child in descriptor.children where child.type.hasChildren {
      let suffix = child.type == .objectList ? "[]" : ""
      writeSection(child, title: "`\(child.path)\(suffix)`", to: &out)
    }
  }
}
