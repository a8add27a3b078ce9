public import Diagnostics

/// The arithmetic rules of the expression language, shared by the constant folder and the
/// compiled evaluators so both always agree.
///
/// The language is total: no operation traps or throws.
///
/// - `int` is a signed 64-bit integer. `+`, `-`, `*`, unary `-` and `abs` **saturate** at
///   `Int64.min` / `Int64.max` instead of overflowing (`9223372036854775807 + 1` is
///   `9223372036854775807`). Division truncates toward zero; `Int64.min / -1` saturates to
///   `Int64.max`.
/// - Division and remainder **by zero yield zero** of the result type (`7 / 0 == 0`,
///   `7.5 % 0.0 == 0.0`). A constant zero divisor is reported as a warning.
/// - `float` is IEEE 754 double otherwise: overflow gives infinity and `inf - inf` gives NaN;
///   NaN compares unequal to everything. `%` on floats is `truncatingRemainder`.
/// - Mixing `int` and `float` in arithmetic, comparisons, `min`/`max`/`clamp` and `?:` widens
///   the int to float first (exact up to 2^53); `float(x)` writes the widening explicitly.
/// - `ceil` and `floor` return `int`; the float result is converted saturating (NaN gives 0).
/// - `min(a, b)` is `b < a ? b : a` and `max(a, b)` is `b > a ? b : a`, left to right;
///   `clamp(x, lo, hi)` is `min(max(x, lo), hi)`.
/// - `size` counts the members of a set or the Unicode scalars of a string.
///
/// Public and inlinable for Swift generated from expressions (the built-in policies' evaluators),
/// which must compute exactly what the compiled closures compute.
public enum ExpressionSemantics {
  @inlinable @inline(__always)
  public static func add(_ a: Int64, _ b: Int64) -> Int64 {
    let (result, overflow) = a.addingReportingOverflow(b)
    return overflow ? (b > 0 ? .max : .min) : result
  }

  @inlinable @inline(__always)
  public static func subtract(_ a: Int64, _ b: Int64) -> Int64 {
    let (result, overflow) = a.subtractingReportingOverflow(b)
    return overflow ? (b < 0 ? .max : .min) : result
  }

  @inlinable @inline(__always)
  public static func multiply(_ a: Int64, _ b: Int64) -> Int64 {
    let (result, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? ((a < 0) != (b < 0) ? .min : .max) : result
  }

  @inlinable @inline(__always)
  public static func divide(_ a: Int64, _ b: Int64) -> Int64 {
    if b == 0 { return 0 }
    if b == -1 { return negate(a) }
    return a / b
  }

  @inlinable @inline(__always)
  public static func remainder(_ a: Int64, _ b: Int64) -> Int64 {
    if b == 0 || b == -1 { return 0 }
    return a % b
  }

  @inlinable @inline(__always)
  public static func negate(_ a: Int64) -> Int64 { a == .min ? .max : -a }

  @inlinable @inline(__always)
  public static func absolute(_ a: Int64) -> Int64 { a < 0 ? negate(a) : a }

  @inlinable @inline(__always)
  public static func divide(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }

  @inlinable @inline(__always)
  public static func remainder(_ a: Double, _ b: Double) -> Double {
    b == 0 ? 0 : a.truncatingRemainder(dividingBy: b)
  }

  @inlinable @inline(__always)
  public static func minimum<T: Comparable>(_ a: T, _ b: T) -> T { b < a ? b : a }

  @inlinable @inline(__always)
  public static func maximum<T: Comparable>(_ a: T, _ b: T) -> T { b > a ? b : a }

  /// Converts a float to an int, saturating; NaN becomes 0.
  @inlinable @inline(__always)
  public static func saturatingInt(_ value: Double) -> Int64 { Int64(saturating: value) }

  @inlinable @inline(__always)
  public static func ceiling(_ value: Double) -> Int64 { saturatingInt(value.rounded(.up)) }

  @inlinable @inline(__always)
  public static func flooring(_ value: Double) -> Int64 { saturatingInt(value.rounded(.down)) }

  /// The number of Unicode scalars in a string.
  @inlinable @inline(__always)
  public static func size(_ value: String) -> Int64 { Int64(value.unicodeScalars.count) }

  /// Formats a float for templates and the printer: integral values keep one decimal
  /// (`3.0`), others use the shortest round-trip form.
  static func display(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    if value == value.rounded(), abs(value) < 1e15 {
      let integral = Int64(value)
      if integral == 0, value.sign == .minus { return "-0.0" }
      return String(integral) + ".0"
    }
    return "\(value)"
  }
}
