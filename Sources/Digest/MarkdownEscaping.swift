/// Escaping for feed text placed in CommonMark/GFM: it must render as the same text on a forge
/// and stay readable in a terminal, so only what could change the rendering is escaped.
enum MarkdownEscaping {
    /// Inline text (link text, list items, paragraphs). Backslash-escapes emphasis, code, link,
    /// HTML and table markers; `&` only where it would start an entity ("&lt;"); and a leading
    /// block marker ("# ", "- ", "1. ", "> ") so that the text cannot become a heading or a list.
    static func escape(_ text: String) -> String {
        // Most feed text has nothing to escape: return it whole.
        if let first = text.utf8.first, !isBlockMarker(first), !text.unicodeScalars.contains(where: needsWork) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        let scalars = Array(text.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "{", "}":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "&" where startsEntity(scalars, at: i):
                out += "\\&"
            case "!" where i + 1 < scalars.count && scalars[i + 1] == "[":
                out += "\\!"
            default:
                if !PlainText.isDropped(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return escapeBlockStart(out)
    }

    private static func isBlockMarker(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "#"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: ">"),
             UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: false
        }
    }

    private static func needsWork(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "{", "}", "&", "!": true
        default: PlainText.isDropped(scalar)
        }
    }

    /// A link destination in angle brackets, which allows parentheses and keeps the URL intact;
    /// `SafeLink` has already percent-encoded spaces, `<` and `>`.
    static func destination(_ url: String) -> String { "<" + url + ">" }

    // "&amp;", "&#60;", "&#x3C;": CommonMark would decode them.
    private static func startsEntity(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i + 1
        var length = 0
        while j < s.count, length <= 32 {
            let c = s[j]
            if c == ";" { return length > 0 }
            guard c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "#" else { return false }
            j += 1
            length += 1
        }
        return false
    }

    private static func escapeBlockStart(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        switch first {
        case "#", "-", "+", "=", ">":
            return "\\" + text
        case "0"..."9":
            // "2026. Une année…" or "3) …" would start an ordered list.
            let digits = text.unicodeScalars.prefix { ("0"..."9").contains($0) }
            let after = text.unicodeScalars.dropFirst(digits.count).first
            guard digits.count <= 9, after == "." || after == ")" else { return text }
            let index = text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: digits.count)
            return String(text.unicodeScalars[..<index]) + "\\" + String(text.unicodeScalars[index...])
        default:
            return text
        }
    }
}
