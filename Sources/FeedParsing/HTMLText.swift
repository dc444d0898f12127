/// HTML -> plain text for titles and summaries: tags dropped (block elements become spaces), entities
/// decoded, script/style dropped, whitespace collapsed. Text without markup or references skips the
/// HTML parser entirely (most titles), which keeps parsing close to libxml2's own speed.
enum HTMLText {
    static func plain(fromHTML s: String) -> String {
        if !XMLEscape.has(s, 0x3C, 0x26, 0x26) { return TextCollapse.collapse(s) }
        return HTMLSanitizer.run(s, base: nil, wantHTML: false, wantText: true).text
    }

    /// feedparser's guess for nominally plain RSS text that is really HTML: a closing tag or an
    /// entity reference, and only known HTML tags. Wrongly guessing HTML would lose text, so be strict.
    static func looksLikeHTML(_ s: String) -> Bool {
        let u = Array(s.utf8)
        var hasClose = false, hasRef = false
        var i = 0
        while i < u.count {
            if u[i] == 0x3C {
                var j = i + 1
                let closing = j < u.count && u[j] == 0x2F
                if closing { j += 1 }
                let st = j
                while j < u.count, (u[j] >= 0x61 && u[j] <= 0x7A) || (u[j] >= 0x41 && u[j] <= 0x5A) || (u[j] >= 0x30 && u[j] <= 0x39) || u[j] == 0x5F { j += 1 }
                if j > st {
                    let name = String(decoding: u[st..<j], as: UTF8.self).lowercased()
                    if !HTMLSanitizer.allowedElements.contains(name) && !knownExtra.contains(name) { return false }
                    if closing, j < u.count, u[j] == 0x3E { hasClose = true }
                }
                i = j
                continue
            }
            if u[i] == 0x26 {
                var j = i + 1
                if j < u.count, u[j] == 0x23 { j += 1 }
                let st = j
                while j < u.count, (u[j] >= 0x61 && u[j] <= 0x7A) || (u[j] >= 0x41 && u[j] <= 0x5A) || (u[j] >= 0x30 && u[j] <= 0x39) || u[j] == 0x5F { j += 1 }
                if j > st, j < u.count, u[j] == 0x3B {
                    if u[st - 1] != 0x23 {
                        let name = String(decoding: u[st..<j], as: UTF8.self)
                        if HTMLEntities.lookup(name) == nil { return false }
                    }
                    hasRef = true
                }
                i = j
                continue
            }
            i += 1
        }
        return hasClose || hasRef
    }

    static let knownExtra: Set<String> = ["form", "input", "label", "button", "select", "option", "textarea", "map", "area",
        "fieldset", "legend", "optgroup", "menu", "dir", "nobr", "noscript", "sound", "spacer", "meter", "datalist", "canvas", "output", "keygen", "progress", "dialog", "hgroup", "command"]
}

enum TextCollapse {
    /// Every run of whitespace becomes one space; leading and trailing whitespace go.
    static func collapse(_ s: String) -> String {
        var s = s
        return s.withUTF8 { p -> String in
            // Already collapsed (most titles): no copy.
            var clean = p.first != 0x20 && p.last != 0x20
            var prevSpace = false
            for b in p where clean {
                if b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C || (b == 0x20 && prevSpace) { clean = false }
                prevSpace = b == 0x20
            }
            if clean { return String(decoding: p, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: p.count) { out in
                var n = 0
                var pendingSpace = false
                for b in p {
                    if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C {
                        pendingSpace = n > 0
                    } else {
                        if pendingSpace { out[n] = 0x20; n += 1; pendingSpace = false }
                        out[n] = b; n += 1
                    }
                }
                return n
            }
        }
    }
}

extension String {
    func trimmingCharactersASCIIWhitespace() -> String {
        let u = self.utf8
        guard let first = u.firstIndex(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D || $0 == 0x0C) }) else { return "" }
        let last = u.lastIndex(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D || $0 == 0x0C) })!
        if first == u.startIndex && last == u.index(before: u.endIndex) { return self }
        return String(self[first...last])
    }
}
