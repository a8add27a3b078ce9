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

  /// Resolves a scalar.
  public static func resolve(_ scalar: Scalar) -> ResolvedScalar {
    if let tag = scalar.tag {
      switch tag {
      case tagPrefix + "str": return .string(scalar.value)
      case tagPrefix + "null": return .null
      case tagPrefix + "bool":
        return resolveBool(scalar.value).map(ResolvedScalar.bool) ?? .string(scalar.value)
      case tagPrefix + "int": return resolveInt(scalar.value) ?? .string(scalar.value)
      case tagPrefix + "float":
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

  static func resolveInt(_ text: String) -> ResolvedScalar? {
    let bytes = Array(text.utf8)
    guard !bytes.isEmpty else { return nil }
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    func isHex(_ b: UInt8) -> Bool {
      isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
    }
    if bytes.count > 2, bytes[0] == 0x30, bytes[1] == 0x6F {  // 0o…
      let digits = bytes[2...]
      guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x37 }) else { return nil }
      guard let value = Int(String(decoding: digits, as: UTF8.self), radix: 8) else {
        return .integerOutOfRange(text)
      }
      return .int(value)
    }
    if bytes.count > 2, bytes[0] == 0x30, bytes[1] == 0x78 {  // 0x…
      let digits = bytes[2...]
      guard digits.allSatisfy(isHex) else { return nil }
      guard let value = Int(String(decoding: digits, as: UTF8.self), radix: 16) else {
        return .integerOutOfRange(text)
      }
      return .int(value)
    }
    var start = 0
    if bytes[0] == 0x2B || bytes[0] == 0x2D { start = 1 }  // + -
    guard start < bytes.count, bytes[start...].allSatisfy(isDigit) else { return nil }
    let unsigned = bytes[0] == 0x2B ? String(decoding: bytes[1...], as: UTF8.self) : text
    guard let value = Int(unsigned, radix: 10) else { return .integerOutOfRange(text) }
    return .int(value)
  }

  static func resolveFloat(_ text: String) -> Double? {
    switch text {
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
    case "-.inf", "-.Inf", "-.INF": return -.infinity
    case ".nan", ".NaN", ".NAN": return .nan
    default: break
    }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let bytes = Array(text.utf8)
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
    guard integerDigits > 0 || fractionDigits > 0 else { return nil }
    if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
      index += 1
      if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
      var exponentDigits = 0
      while index < bytes.count, isDigit(bytes[index]) {
        index += 1
        exponentDigits += 1
      }
      guard exponentDigits > 0 else { return nil }
    }
    guard index == bytes.count else { return nil }
    return Double(text)
  }
}
