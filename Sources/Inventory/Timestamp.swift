/// An instant, as whole seconds since the Unix epoch (1970-01-01T00:00:00Z) plus nanoseconds.
///
/// Parsed by hand from RFC 3339 / ISO 8601 text (no Foundation date formatters), so parsing is
/// deterministic, locale-free and fast. Durations in the snapshot (e.g. how long a host has
/// been over its CPU threshold) are measured against the snapshot's `takenAt`.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Whole seconds since the epoch; negative before 1970.
  public var epochSeconds: Int64
  /// Nanoseconds within the second, `0..<1_000_000_000`.
  public var nanoseconds: Int32

  /// Creates a timestamp; `nanoseconds` must be in `0..<1_000_000_000`.
  public init(epochSeconds: Int64, nanoseconds: Int32 = 0) {
    self.epochSeconds = epochSeconds
    self.nanoseconds = nanoseconds
  }

  public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
    (lhs.epochSeconds, lhs.nanoseconds) < (rhs.epochSeconds, rhs.nanoseconds)
  }

  /// Seconds from `earlier` to `self` (negative when `earlier` is later).
  public func durationSeconds(since earlier: Timestamp) -> Double {
    Double(epochSeconds - earlier.epochSeconds)
      + Double(nanoseconds - earlier.nanoseconds) / 1_000_000_000
  }

  /// The instant as UTC RFC 3339 text, e.g. `2026-11-28T10:00:00Z` (fraction only when non-zero).
  public var description: String {
    let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
    let secondsOfDay = epochSeconds - days * 86_400
    let (year, month, day) = Timestamp.civil(fromDays: days)
    func pad(_ value: Int64, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    var out = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
    out += "\(pad(secondsOfDay / 3600, 2)):\(pad(secondsOfDay / 60 % 60, 2)):"
    out += pad(secondsOfDay % 60, 2)
    if nanoseconds != 0 {
      var fraction = pad(Int64(nanoseconds), 9)
      while fraction.hasSuffix("0") { fraction.removeLast() }
      out += "." + fraction
    }
    return out + "Z"
  }

  /// Why a text is not a valid timestamp.
  public struct ParseError: Error, Hashable, Sendable {
    /// What is wrong, lowercase, e.g. "month must be 01-12".
    public var reason: String

    /// Creates an error.
    public init(reason: String) { self.reason = reason }
  }

  /// Parses an RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
  ///
  /// `T` may also be `t` or a space, `Z` may be `z`; the fraction may have any number of
  /// digits (kept to nanoseconds). A second of `60` (a leap second) is accepted and counts as
  /// the first second of the next minute.
  public static func parse(_ text: String) -> Result<Timestamp, ParseError> {
    let bytes = Array(text.utf8)
    var index = 0
    func fail(_ reason: String) -> Result<Timestamp, ParseError> {
      .failure(ParseError(reason: reason))
    }
    func digits(_ count: Int) -> Int64? {
      guard index + count <= bytes.count else { return nil }
      var value: Int64 = 0
      for offset in 0..<count {
        let byte = bytes[index + offset]
        guard byte >= 0x30, byte <= 0x39 else { return nil }
        value = value * 10 + Int64(byte - 0x30)
      }
      index += count
      return value
    }
    func expect(_ byte: UInt8) -> Bool {
      guard index < bytes.count, bytes[index] == byte else { return false }
      index += 1
      return true
    }
    guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D),
      let day = digits(2)
    else { return fail("expected a date as YYYY-MM-DD") }
    guard (1...12).contains(month) else { return fail("month must be 01-12") }
    guard day >= 1, day <= daysInMonth(year: year, month: month) else {
      return fail("day \(day) does not exist in \(year)-\(month < 10 ? "0" : "")\(month)")
    }
    guard index < bytes.count else { return fail("missing the time and time zone after the date") }
    guard bytes[index] == 0x54 || bytes[index] == 0x74 || bytes[index] == 0x20 else {
      return fail("expected 'T' between the date and the time")
    }
    index += 1
    guard let hour = digits(2), expect(0x3A), let minute = digits(2), expect(0x3A),
      let second = digits(2)
    else { return fail("expected a time as HH:MM:SS") }
    guard hour <= 23 else { return fail("hour must be 00-23") }
    guard minute <= 59 else { return fail("minute must be 00-59") }
    guard second <= 60 else { return fail("second must be 00-60") }
    var nanoseconds: Int64 = 0
    if expect(0x2E) {
      var count = 0
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
        if count < 9 { nanoseconds = nanoseconds * 10 + Int64(bytes[index] - 0x30) }
        count += 1
        index += 1
      }
      guard count > 0 else { return fail("expected digits after the decimal point") }
      for _ in count..<max(count, 9) { nanoseconds *= 10 }
    }
    var offsetSeconds: Int64 = 0
    guard index < bytes.count else {
      return fail("missing the time zone; add 'Z' for UTC or an offset like +01:00")
    }
    switch bytes[index] {
    case 0x5A, 0x7A:  // Z z
      index += 1
    case 0x2B, 0x2D:  // + -
      let sign: Int64 = bytes[index] == 0x2D ? -1 : 1
      index += 1
      guard let offsetHours = digits(2), expect(0x3A), let offsetMinutes = digits(2) else {
        return fail("expected a time-zone offset as ±HH:MM")
      }
      guard offsetHours <= 23, offsetMinutes <= 59 else {
        return fail("time-zone offset must be between -23:59 and +23:59")
      }
      offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
    default:
      return fail("expected 'Z' or an offset like +01:00 after the time")
    }
    guard index == bytes.count else { return fail("unexpected text after the time zone") }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
    return .success(Timestamp(epochSeconds: seconds, nanoseconds: Int32(nanoseconds)))
  }

  static func isLeapYear(_ year: Int64) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  static func daysInMonth(year: Int64, month: Int64) -> Int64 {
    switch month {
    case 2: isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
  static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The proleptic Gregorian date of a day count since 1970-01-01.
  static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
