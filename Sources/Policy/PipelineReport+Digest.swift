public import Diagnostics

extension PipelineReport {
  /// The resolved policy as JSON without where its documents live (`source`: file and line),
  /// for a plan's policy digest: the same policies give the same digest however `--policies`
  /// is spelled (`d`, `./d`, an absolute path) or wherever the files are.
  public static func contentJSON(_ pipeline: SchedulingPipeline) -> JSONValue {
    func strip(_ value: JSONValue) -> JSONValue {
      switch value {
      case .array(let items): .array(items.map(strip))
      case .object(let fields):
        .object(fields.filter { $0.0 != "source" }.map { ($0.0, strip($0.1)) })
      default: value
      }
    }
    return strip(json(pipeline))
  }
}
