/// Escaping for HTML and XML (Atom), text and double- or single-quoted attributes alike.
///
/// All five special characters are always escaped, so one function is safe in every position;
/// characters that XML forbids or HTML treats as parse errors are dropped, so a hostile feed can
/// neither inject markup nor make the document invalid.
enum MarkupEscaping {
    static func escape(_ text: String) -> String {
        var out = ""
        append(text, to: &out)
        return out
    }

    static func append(_ text: String, to out: inout String) {
        // Most feed text needs no escaping: copy it whole.
        if !text.utf8.contains(where: needsWork) {
            out += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if !PlainText.isDropped(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
    }

    // Bytes that may need escaping or dropping: the five specials, C0 controls and any non-ASCII
    // byte (C1 controls, noncharacters and bidi controls are all non-ASCII).
    private static func needsWork(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        case 0x00..<0x20, 0x7F: byte != 0x09 && byte != 0x0A && byte != 0x0D
        case 0x80...: true
        default: false
        }
    }
}
