import Diagnostics
import Testing

/// Terminal output and the HTML report hide the same characters: zero-width characters and the
/// byte-order mark can disguise a name as much as a bidi override can.
@Suite("terminal text: hidden characters")
struct TerminalTextSetTests {
  @Test(
    "zero-width characters and the BOM are shown visibly",
    arguments: ["\u{200B}", "\u{200D}", "\u{2060}", "\u{FEFF}"])
  func zeroWidth(_ character: String) {
    let escaped = TerminalText.escaped("web" + character + "01")
    #expect(escaped != "web" + character + "01")
    #expect(escaped.hasPrefix("web\\u{") && escaped.hasSuffix("}01"))
  }
}
