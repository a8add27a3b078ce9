/// A scalar's value under the YAML 1.2 core schema.
public enum ResolvedScalar: Hashable, Sendable {
  case null
  case bool(Bool)
  case int(Int)
  case float(Double)
  case string(String)
  /// Matches the core-schema integer pattern but does not fit in 64 bits.
  case integerOutOfRange(String)

  /// "a string", "an integer", … for messages.
  public var kindName: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .int: "an integer"
    case .float: "a number"
    case .string: "a string"
    case .integerOutOfRange: "an out-of-range integer"
    }
  }
}

/// YAML 1.2 core-schema resolution, written by hand (no regular expressions).
///
/// Only plain scalars resolve to null, booleans and numbers; quoted and block scalars are
/// strings. `yes`, `no`, `on`, `off`, `y`, `n` stay strings (no "Norway problem"), and there
/// are no timestamps or merge keys. Explicit standard tags (`!!str`, `!!int`, `!!float`,
/// `!!bool`, `!!null`) force the type.
public enum CoreSchema {
  static let tagPrefix = "tag:yaml.org,2002:"
  // The standard tags, built once: `tagPrefix + "str"` in `resolve` allocated on every call.
  static let strTag = tagPrefix + "str"
  static let nullTag = tagPrefix + "null"
  static let boolTag = tagPrefix + "bool"
  static let intTag = tagPrefix + "int"
  static let floatTag = tagPrefix + "float"

  /// Resolves a scalar.
  public static func resolve(_ scalar: Scalar) -> ResolvedScalar {
    if let tag = scalar.tag {
      switch tag {
      case strTag: return .string(scalar.value)
      case nullTag: return .null
      case boolTag:
        return resolveBool(scalar.value).map(ResolvedScalar.bool) ?? .string(scalar.value)
      case intTag: return resolveInt(scalar.value) ?? .string(scalar.value)
      case floatTag:
        if let number = resolveFloat(scalar.value) { return .float(number) }
        if case .int(let value)? = resolveInt(scalar.value) { return .float(Double(value)) }
        return .string(scalar.value)
      default: return .string(scalar.value)
      }
    }
    guard scalar.style == .plain else { return .string(scalar.value) }
    return resolvePlain(scalar.value)
  }

  /// Resolves the text of an untagged plain scalar.
  public static func resolvePlain(_ text: String) -> ResolvedScalar {
    switch text {
    case "", "~", "null", "Null", "NULL": return .null
    default: break
    }
    if let value = resolveBool(text) { return .bool(value) }
    if let value = resolveInt(text) { return value }
    if let value = resolveFloat(text) { return .float(value) }
    return .string(text)
  }

  static func resolveBool(_ text: String) -> Bool? {
    switch text {
    case "true", "True", "TRUE": true
    case "false", "False", "FALSE": false
    default: nil
    }
  }

  /// Runs `body` over the UTF-8 bytes of `text` without copying them to the heap (native
  /// strings are contiguous; small strings are copied to the stack).
  private static func withBytes<Result>(
    _ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
    var text = text
    return text.withUTF8(body)
  }

  static func resolveInt(_ text: String) -> ResolvedScalar? {
    /// Whether the text matches an integer pattern; its magnitude (nil on 64-bit overflow).
    enum Parsed {
      case notInteger
      case integer(magnitude: UInt64?, isNegative: Bool)
    }
    let parsed = withBytes(text) { bytes -> Parsed in
      guard !bytes.isEmpty else { return .notInteger }
      var radix: UInt64 = 10
      var start = 0
      if bytes.count > 2, bytes[0] == 0x30, bytes[1] == 0x6F {  // 0o…
        radix = 8
        start = 2
      } else if bytes.count > 2, bytes[0] == 0x30, bytes[1] == 0x78 {  // 0x…
        radix = 16
        start = 2
      } else if bytes[0] == 0x2B || bytes[0] == 0x2D {  // + -
        start = 1
      }
      let digits = bytes[start...]
      guard !digits.isEmpty,
        digits.allSatisfy({ digitValue($0).map { $0 < radix } ?? false })
      else { return .notInteger }
      return .integer(magnitude: digitsValue(digits, radix: radix), isNegative: bytes[0] == 0x2D)
    }
    guard case .integer(let magnitude, let isNegative) = parsed else { return nil }
    guard let magnitude else { return .integerOutOfRange(text) }
    if isNegative {
      if magnitude == UInt64(Int.max) + 1 { return .int(Int.min) }
      guard magnitude <= UInt64(Int.max) else { return .integerOutOfRange(text) }
      return .int(-Int(magnitude))
    }
    guard magnitude <= UInt64(Int.max) else { return .integerOutOfRange(text) }
    return .int(Int(magnitude))
  }

  private static func digitValue(_ byte: UInt8) -> UInt64? {
    switch byte {
    case 0x30...0x39: UInt64(byte - 0x30)
    case 0x61...0x66: UInt64(byte - 0x61 + 10)
    case 0x41...0x46: UInt64(byte - 0x41 + 10)
    default: nil
    }
  }

  /// The value of digits already checked to be valid in `radix`; nil on 64-bit overflow.
  private static func digitsValue(_ digits: Slice<UnsafeBufferPointer<UInt8>>, radix: UInt64)
    -> UInt64?
  {
    var value: UInt64 = 0
    for byte in digits {
      guard let digit = digitValue(byte) else { return nil }
      let (shifted, overflow) = value.multipliedReportingOverflow(by: radix)
      let (sum, carry) = shifted.addingReportingOverflow(digit)
      if overflow || carry { return nil }
      value = sum
    }
    return value
  }

  static func resolveFloat(_ text: String) -> Double? {
    switch text {
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
    case "-.inf", "-.Inf", "-.INF": return -.infinity
    case ".nan", ".NaN", ".NAN": return .nan
    default: break
    }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let matches = withBytes(text) { bytes -> Bool in
      var index = 0
      func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
      if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
      var integerDigits = 0
      while index < bytes.count, isDigit(bytes[index]) {
        index += 1
        integerDigits += 1
      }
      var fractionDigits = 0
      if index < bytes.count, bytes[index] == 0x2E {
        index += 1
        while index < bytes.count, isDigit(bytes[index]) {
          index += 1
          fractionDigits += 1
        }
      }
      guard integerDigits > 0 || fractionDigits > 0 else { return false }
      if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
        index += 1
        if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
        var exponentDigits = 0
        while index < bytes.count, isDigit(bytes[index]) {
          index += 1
          exponentDigits += 1
        }
        guard exponentDigits > 0 else { return false }
      }
      return index == bytes.count
    }
    return matches ? Double(text) : nil
  }
}
