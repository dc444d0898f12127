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
        if !text.unicodeScalars.contains(where: needsWork) {
            out += text
            return
        }
        // Copy the runs between special characters in one piece each.
        let scalars = text.unicodeScalars
        var runStart = scalars.startIndex
        var i = runStart
        while i < scalars.endIndex {
            let scalar = scalars[i]
            if needsWork(scalar) {
                out += Substring(scalars[runStart..<i])
                switch scalar {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&#39;"
                default: break  // dropped
                }
                runStart = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        out += Substring(scalars[runStart...])
    }

    private static func needsWork(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "&", "<", ">", "\"", "'": true
        default: PlainText.isDropped(scalar)
        }
    }
}
