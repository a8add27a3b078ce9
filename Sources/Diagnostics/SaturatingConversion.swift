// Float-to-integer conversion that cannot trap: every module that turns a computed number
// (a load, a duration, a property value) into an integer goes through here, because Swift's
// `Int(_: Double)` traps on NaN, infinities and values beyond the integer's range.

extension Int64 {
  /// `value` rounded toward zero and clamped to `Int64.min ... Int64.max`; NaN becomes 0.
  @inline(__always)
  public init(saturating value: Double) {
    if value.isNaN {
      self = 0
    } else if value >= 9_223_372_036_854_775_807.0 {
      self = .max
    } else if value <= -9_223_372_036_854_775_808.0 {
      self = .min
    } else {
      self = Int64(value)
    }
  }
}

extension Int {
  /// `value` rounded toward zero and clamped to `Int.min ... Int.max`; NaN becomes 0.
  @inline(__always)
  public init(saturating value: Double) {
    self = Int(truncatingIfNeeded: Int64(saturating: value))
  }
}
