import Inventory
import Testing

@Suite("RFC 3339 timestamps")
struct TimestampTests {
  @Test(
    "valid timestamps parse to epoch seconds and nanoseconds",
    arguments: [
      ("1970-01-01T00:00:00Z", 0, 0),
      ("2026-11-28T10:00:00Z", 1_795_860_000, 0),
      ("2026-11-28t10:00:00z", 1_795_860_000, 0),
      ("2026-11-28 10:00:00Z", 1_795_860_000, 0),
      ("2026-11-28T11:00:00+01:00", 1_795_860_000, 0),
      ("2026-11-28T04:30:00-05:30", 1_795_860_000, 0),
      ("2026-11-28T10:00:00.5Z", 1_795_860_000, 500_000_000),
      ("2026-11-28T10:00:00.123456789Z", 1_795_860_000, 123_456_789),
      ("2026-11-28T10:00:00.1234567891Z", 1_795_860_000, 123_456_789),
      ("2024-02-29T00:00:00Z", 1_709_164_800, 0),
      ("2000-03-01T00:00:00Z", 951_868_800, 0),
      ("1969-12-31T23:59:59Z", -1, 0),
      ("2016-12-31T23:59:60Z", 1_483_228_800, 0),
    ] as [(String, Int64, Int32)])
  func parses(text: String, seconds: Int64, nanoseconds: Int32) throws {
    let timestamp = try Timestamp.parse(text).get()
    #expect(timestamp.epochSeconds == seconds)
    #expect(timestamp.nanoseconds == nanoseconds)
  }

  @Test(
    "invalid timestamps are rejected with a reason",
    arguments: [
      ("2026-11-28", "missing the time and time zone after the date"),
      ("2026-11-28T10:00:00", "missing the time zone; add 'Z' for UTC or an offset like +01:00"),
      ("2026-13-01T10:00:00Z", "month must be 01-12"),
      ("2026-02-29T10:00:00Z", "day 29 does not exist in 2026-02"),
      ("2026-04-31T10:00:00Z", "day 31 does not exist in 2026-04"),
      ("2026-11-28T24:00:00Z", "hour must be 00-23"),
      ("2026-11-28T10:60:00Z", "minute must be 00-59"),
      ("2026-11-28T10:00:61Z", "second must be 00-60"),
      ("2026-11-28T10:00:00.Z", "expected digits after the decimal point"),
      ("2026-11-28T10:00:00+1:00", "expected a time-zone offset as ±HH:MM"),
      ("2026-11-28T10:00:00+24:00", "time-zone offset must be between -23:59 and +23:59"),
      ("2026-11-28T10:00:00Zjunk", "unexpected text after the time zone"),
      ("2026-11-28X10:00:00Z", "expected 'T' between the date and the time"),
      ("26-11-28T10:00:00Z", "expected a date as YYYY-MM-DD"),
      ("2026-11-28T10:00Z", "expected a time as HH:MM:SS"),
      ("", "expected a date as YYYY-MM-DD"),
      ("1732790400", "expected a date as YYYY-MM-DD"),
    ])
  func rejects(text: String, reason: String) {
    #expect(throws: Timestamp.ParseError(reason: reason)) { try Timestamp.parse(text).get() }
  }

  @Test("description round-trips through the parser")
  func roundTrip() throws {
    for text in [
      "2026-11-28T10:00:00Z", "1969-07-20T20:17:40Z", "2024-02-29T23:59:59.25Z",
      "1900-01-01T00:00:00Z",
    ] {
      let timestamp = try Timestamp.parse(text).get()
      #expect(timestamp.description == text)
    }
  }

  @Test("durations are measured in seconds, fractions included")
  func durations() throws {
    let taken = try Timestamp.parse("2026-11-28T10:00:00Z").get()
    let since = try Timestamp.parse("2026-11-28T09:57:59.5Z").get()
    #expect(taken.durationSeconds(since: since) == 120.5)
    #expect(since.durationSeconds(since: taken) == -120.5)
    #expect(since < taken)
  }
}
