/// Finds where each table header and key stands in TOML source text.
///
/// TOMLKit reports line and column for syntax errors only; decoded values carry no position. Semantic
/// errors ("unknown key", "invalid duration") must still name their line, so this scanner re-reads the
/// text: it tracks table headers (`[daemon]`, `[[feed]]` → `feed[0]`, `feed[1]`…) and the keys under
/// them, skipping the inside of strings, multi-line strings and multi-line arrays.
struct TOMLKeyLocator {
    struct Position: Equatable { var line: Int; var column: Int }
    struct KeyPlace { var key: Position; var value: Position }

    private(set) var headers: [String: Position] = [:]
    private(set) var keys: [String: KeyPlace] = [:]
    /// Table headers whose name does not start as a key can (`[#x]`, `[=]`, `[` alone): the TOML
    /// library vendored by TOMLKit 0.6.0 asserts on these instead of reporting them, which would
    /// abort veille (and a daemon reloading its edited Feeds.toml), so they are refused before it
    /// sees the text. Found by the Feeds.toml fuzzer.
    private(set) var malformedHeaders: [Position] = []
    /// A `}` where an array expects a value (`a = [}`, `[1, }`): the same library asserts on it too
    /// (`!is_value_terminator(*cp)`), so it is refused the same way. Found by the Feeds.toml fuzzer.
    private(set) var braceInArray: [Position] = []

    /// `recordKeys: false` finds headers (and the library's fatal shapes) only: a valid file's keys
    /// need no position, and building 6,000 key paths was a fifth of an all-304 cycle's config load.
    init(text: String, recordKeys: Bool = true) {
        var arrayCounts: [String: Int] = [:]
        var current = ""
        var depth = 0                      // open [ or { inside a value
        var openString: String? = nil      // """ or ''' spanning lines
        var brackets = Brackets()
        // Unicode scalars, not Characters: a combining mark after '[', '"' or '=' would merge with it
        // into one Character and hide it ("[\u{651}" is not "[" + a name: the Feeds.toml fuzzer's fifth
        // find, an assertion in toml++ behind a header this scanner no longer saw), and "\r\n" is one
        // Character that splitting on "\n" misses.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, rawLine) in lines.enumerated() {
            let lineNo = i + 1
            var line = Array(rawLine.last == "\r" ? rawLine.dropLast() : rawLine)
            // A byte-order mark is skipped by the TOML library: the first header starts after it.
            if i == 0, line.first == "\u{FEFF}" { line.removeFirst() }
            var pos = 0
            if openString != nil || depth > 0 {
                if let bad = Self.scanValue(line, from: 0, depth: &depth, openString: &openString, brackets: &brackets) {
                    braceInArray.append(Position(line: lineNo, column: bad + 1))
                }
                continue
            }
            while pos < line.count, line[pos] == " " || line[pos] == "\t" { pos += 1 }
            guard pos < line.count, line[pos] != "#" else { continue }
            if line[pos] == "[" {
                let isArray = pos + 1 < line.count && line[pos + 1] == "["
                let start = pos + (isArray ? 2 : 1)
                var first = start
                while first < line.count, line[first] == " " || line[first] == "\t" { first += 1 }
                guard first < line.count, Self.canStartKey(line[first]) else {
                    malformedHeaders.append(Position(line: lineNo, column: first + 1))
                    continue
                }
                guard let close = line[start...].firstIndex(of: "]") else { continue }
                let name = Self.normaliseKey(Self.string(line[start..<close]))
                if isArray {
                    let n = arrayCounts[name, default: 0]
                    arrayCounts[name] = n + 1
                    current = "\(name)[\(n)]"
                } else {
                    current = name
                }
                headers[current] = Position(line: lineNo, column: pos + 1)
                continue
            }
            // key = value
            guard let eq = Self.findEquals(line, from: pos) else { continue }
            var vpos = eq + 1
            while vpos < line.count, line[vpos] == " " || line[vpos] == "\t" { vpos += 1 }
            if recordKeys {
                let key = Self.normaliseKey(Self.string(line[pos..<eq]))
                let path = current.isEmpty ? key : "\(current).\(key)"
                keys[path] = KeyPlace(key: Position(line: lineNo, column: pos + 1),
                                      value: Position(line: lineNo, column: vpos + 1))
            }
            brackets = Brackets()
            if let bad = Self.scanValue(line, from: vpos, depth: &depth, openString: &openString, brackets: &brackets) {
                braceInArray.append(Position(line: lineNo, column: bad + 1))
            }
        }
    }

    /// A bare key character (A–Z, a–z, 0–9, `_`, `-`) or a quote. Non-ASCII names must be quoted in
    /// TOML 1.0, and the library asserts on them too (`[é]`, `[€]`: found by the fuzzer).
    private static func canStartKey(_ c: Unicode.Scalar) -> Bool {
        guard c.isASCII else { return false }
        let a = UInt8(c.value)
        return (a >= 0x41 && a <= 0x5A) || (a >= 0x61 && a <= 0x7A) || (a >= 0x30 && a <= 0x39)
            || a == 0x5F || a == 0x2D || a == 0x22 || a == 0x27
    }

    /// The `=` that ends a key, skipping quoted keys.
    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var s = ""
        s.unicodeScalars.append(contentsOf: scalars)
        return s
    }

    private static func findEquals(_ line: [Unicode.Scalar], from start: Int) -> Int? {
        var i = start
        var quote: Unicode.Scalar? = nil
        while i < line.count {
            let c = line[i]
            if let q = quote {
                if c == "\\" && q == "\"" { i += 2; continue }
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "=" {
                return i
            }
            i += 1
        }
        return nil
    }

    /// `"a b" . c` → `a b.c`: the dotted path as TOMLKit names it.
    static func normaliseKey(_ raw: String) -> String {
        var parts: [String] = []
        var cur = ""
        var quote: Unicode.Scalar? = nil
        for c in raw.unicodeScalars {
            if let q = quote {
                if c == q { quote = nil } else { cur.unicodeScalars.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "." {
                parts.append(cur.trimmingWhitespace()); cur = ""
            } else {
                cur.unicodeScalars.append(c)
            }
        }
        parts.append(cur.trimmingWhitespace())
        return parts.joined(separator: ".")
    }

    /// The brackets open in the value being scanned, and its last character that was not a blank or a
    /// comment (a `,` or an opening `[` means an array value is expected next).
    struct Brackets {
        var open: [Unicode.Scalar] = []
        var last: Unicode.Scalar? = nil
    }

    /// Follows strings and brackets through a value so that the next line is known to be inside it or not.
    /// Scans a value's text on one line; returns the index of a `}` standing where an array expects a
    /// value (the first one on the line), if any.
    @discardableResult
    private static func scanValue(_ line: [Unicode.Scalar], from start: Int, depth: inout Int, openString: inout String?,
                                  brackets: inout Brackets) -> Int? {
        var bad: Int? = nil
        var i = start
        while i < line.count {
            if let delim = openString {
                let d = Array(delim.unicodeScalars)
                if delim == "\"\"\"" && line[i] == "\\" { i += 2; continue }
                if i + 2 < line.count, line[i] == d[0], line[i + 1] == d[1], line[i + 2] == d[2] {
                    openString = nil; i += 3; continue
                }
                i += 1; continue
            }
            let c = line[i]
            switch c {
            case "#":
                return bad
            case "\"", "'":
                brackets.last = c
                if i + 2 < line.count, line[i + 1] == c, line[i + 2] == c {
                    openString = String(repeating: String(c), count: 3); i += 3; continue
                }
                // single-line string: skip to its end
                i += 1
                while i < line.count, line[i] != c {
                    if c == "\"" && line[i] == "\\" { i += 1 }
                    i += 1
                }
            case "[", "{":
                depth += 1
                brackets.open.append(c); brackets.last = c
            case "]", "}":
                if c == "}", bad == nil, brackets.open.last == "[", brackets.last == "[" || brackets.last == "," { bad = i }
                depth = max(0, depth - 1)
                if !brackets.open.isEmpty { brackets.open.removeLast() }
                brackets.last = c
            case " ", "\t":
                break
            default:
                brackets.last = c
            }
            i += 1
        }
        return bad
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
