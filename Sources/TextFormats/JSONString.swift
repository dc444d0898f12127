/// JSON string literals, written the one way every veille output does (`veille parse --json`, the
/// digest's JSON, `veille cluster`'s lines): quotes, backslashes and control characters escaped
/// (`\n`, `\r`, `\t`, else `\u00XX`), and U+2028/U+2029 too, so the output can be pasted into
/// JavaScript. Everything else is copied as it is (UTF-8).
public enum JSONString {
    /// `text` as a quoted JSON string.
    public static func quoted(_ text: String) -> String {
        var out = ""
        append(text, to: &out)
        return out
    }

    /// Appends `text` as a quoted JSON string; the runs between escapes are copied in one piece each
    /// (as Substrings: appending through `out.unicodeScalars` from another module copied all of `out`
    /// each time).
    public static func append(_ text: String, to out: inout String) {
        out += "\""
        let scalars = text.unicodeScalars
        var runStart = scalars.startIndex
        var i = runStart
        while i < scalars.endIndex {
            let scalar = scalars[i]
            if scalar.value < 0x20 || scalar == "\"" || scalar == "\\" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                out += Substring(scalars[runStart..<i])
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
                runStart = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        out += Substring(scalars[runStart...])
        out += "\""
    }
}
