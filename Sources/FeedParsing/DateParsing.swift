import Foundation

/// Feed dates, parsed by hand: faster than DateFormatter and nothing shared between threads
/// (DateFormatter is not Sendable). Accepts RFC 822/1123 and its real-world variants, ISO 8601 /
/// RFC 3339 / W3CDTF, asctime, and French dates ("lun., 10 févr. 2025 18:00:00 +0100",
/// "10 février 2025 à 18h00"). A date without a zone is taken as UTC, as feedparser does.
public enum DateParsing {
    public static func parse(_ text: String) -> Date? {
        var bytes = Array(text.utf8)
        // Trim ASCII whitespace (and NBSP, which copy-pasted dates carry).
        while let l = bytes.last, l == 0x20 || l == 0x09 || l == 0x0A || l == 0x0D { bytes.removeLast() }
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0A || bytes[start] == 0x0D { start += 1 }
        guard start < bytes.count else { return nil }
        if start > 0 { bytes.removeFirst(start) }
        if bytes.count >= 4, bytes[0..<4].allSatisfy(isDigit) {
            if let d = parseISO(bytes) { return d }
        }
        return parseWords(bytes)
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    // MARK: ISO 8601 / W3CDTF

    /// `2025-02-10T18:00:00+01:00`, `2025-02-10 18:00`, `20250210T180000Z`, `2025-02-10`, `2025-02`, `2025`,
    /// fractions of seconds, one-digit hours, zones `Z`, `±HH`, `±HHMM`, `±HH:MM`, ` UTC`, ` CET`.
    static func parseISO(_ b: [UInt8]) -> Date? {
        var i = 0
        func num(_ maxDigits: Int) -> (Int, Int)? {   // (value, digit count)
            var v = 0, n = 0
            while i < b.count, n < maxDigits, isDigit(b[i]) { v = v * 10 + Int(b[i] - 0x30); i += 1; n += 1 }
            return n == 0 ? nil : (v, n)
        }
        guard let (year, _) = num(4) else { return nil }
        var month = 1, day = 1, hour = 0, minute = 0, second = 0
        if i < b.count, b[i] == UInt8(ascii: "-") {
            i += 1
            guard let (m, _) = num(2) else { return nil }
            month = m
            if i < b.count, b[i] == UInt8(ascii: "-") {
                i += 1
                guard let (d, _) = num(2) else { return nil }
                day = d
            }
        } else if i < b.count, isDigit(b[i]) {
            guard let (m, mn) = num(2), mn == 2, let (d, dn) = num(2), dn == 2 else { return nil }
            month = m; day = d
        }
        var offset = 0
        if i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == 0x20 {
            i += 1
            while i < b.count, b[i] == 0x20 { i += 1 }
            guard let (h, hn) = num(2) else { return nil }
            hour = h
            if i < b.count, b[i] == UInt8(ascii: ":") {
                i += 1
                guard let (m, _) = num(2) else { return nil }
                minute = m
                if i < b.count, b[i] == UInt8(ascii: ":") {
                    i += 1
                    guard let (s, _) = num(2) else { return nil }
                    second = s
                }
            } else if hn == 2, i < b.count, isDigit(b[i]) {   // basic format 180000
                guard let (m, _) = num(2) else { return nil }
                minute = m
                if let (s, _) = num(2) { second = s }
            }
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                while i < b.count, isDigit(b[i]) { i += 1 }
            }
            while i < b.count, b[i] == 0x20 { i += 1 }
            if i < b.count {
                guard let (off, end) = zone(b, i) else { return nil }
                offset = off; i = end
            }
        }
        while i < b.count, b[i] == 0x20 { i += 1 }
        guard i == b.count else { return nil }
        return make(year, month, day, hour, minute, second, offset)
    }

    /// A zone at `i`: `Z`, `±HH`, `±HHMM`, `±HH:MM`, or a name (UTC, GMT, EST, CET…). -> (seconds east, end)
    static func zone(_ b: [UInt8], _ start: Int) -> (Int, Int)? {
        var i = start
        let c = b[i]
        if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
            let sign = c == UInt8(ascii: "-") ? -1 : 1
            i += 1
            var digits: [Int] = []
            while i < b.count, digits.count < 4 {
                if isDigit(b[i]) { digits.append(Int(b[i] - 0x30)); i += 1 }
                else if b[i] == UInt8(ascii: ":"), digits.count == 2 { i += 1 }
                else { break }
            }
            let h: Int, m: Int
            switch digits.count {
            case 1: h = digits[0]; m = 0
            case 2: h = digits[0] * 10 + digits[1]; m = 0
            case 3: h = digits[0]; m = digits[1] * 10 + digits[2]
            case 4: h = digits[0] * 10 + digits[1]; m = digits[2] * 10 + digits[3]
            default: return nil
            }
            guard h <= 14, m < 60 else { return nil }
            return (sign * (h * 3600 + m * 60), i)
        }
        var name = ""
        while i < b.count, (b[i] >= 0x41 && b[i] <= 0x5A) || (b[i] >= 0x61 && b[i] <= 0x7A) {
            name.unicodeScalars.append(Unicode.Scalar(b[i] | 0x20)); i += 1
        }
        guard let off = zoneNames[name] else { return nil }
        // "GMT+01:00", "UTC-5"
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), let (extra, end) = zone(b, i) {
            return (off + extra, end)
        }
        return (off, i)
    }

    static let zoneNames: [String: Int] = {
        let h = 3600
        return ["z": 0, "ut": 0, "utc": 0, "gmt": 0, "wet": 0, "west": h, "bst": h,
                "cet": h, "cest": 2 * h, "met": h, "mest": 2 * h, "mez": h, "mesz": 2 * h,
                "eet": 2 * h, "eest": 3 * h, "msk": 3 * h,
                "est": -5 * h, "edt": -4 * h, "cst": -6 * h, "cdt": -5 * h, "mst": -7 * h, "mdt": -6 * h,
                "pst": -8 * h, "pdt": -7 * h, "akst": -9 * h, "akdt": -8 * h, "hst": -10 * h,
                "ast": -4 * h, "adt": -3 * h, "nst": -12600, "ndt": -9000,
                "jst": 9 * h, "kst": 9 * h, "hkt": 8 * h, "sgt": 8 * h, "ist": 19800,
                "aest": 10 * h, "aedt": 11 * h, "acst": 34200, "awst": 8 * h, "nzst": 12 * h, "nzdt": 13 * h]
    }()

    // MARK: RFC 822 and friends, French dates, asctime

    static let months: [String: Int] = {
        var m: [String: Int] = [:]
        let names: [(Int, [String])] = [
            (1, ["jan", "january", "janvier", "janv"]), (2, ["feb", "february", "fevrier", "fevr", "fev"]),
            (3, ["march", "mars"]), (4, ["apr", "april", "avril", "avr"]), (5, ["may", "mai"]),
            (6, ["jun", "june", "juin"]), (7, ["jul", "july", "juillet", "juil"]),
            (8, ["aug", "august", "aout", "aou"]), (9, ["sep", "sept", "september", "septembre"]),
            (10, ["oct", "october", "octobre"]), (11, ["nov", "november", "novembre"]),
            (12, ["dec", "december", "decembre"]),
        ]
        for (n, list) in names { for s in list { m[s] = n } }
        return m
    }()

    /// Words that carry no date information: day names (English and French), "à", "at", "le"…
    static let fillers: Set<String> = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "lun", "lundi", "mardi", "mer", "mercredi", "jeu", "jeudi", "ven", "vendredi", "sam", "samedi",
        "dim", "dimanche", "a", "at", "le", "de", "du", "the", "on", "of", "h", "et", "st", "nd", "rd", "th", "er"]

    /// ASCII-folds the accented letters French month and day names use.
    @inline(__always) static func fold(_ u: Unicode.Scalar) -> Unicode.Scalar? {
        switch u {
        case "é", "è", "ê", "ë", "É", "È", "Ê": return "e"
        case "à", "â", "À", "Â": return "a"
        case "û", "ù", "ü", "Û": return "u"
        case "ô", "Ô": return "o"
        case "î", "ï": return "i"
        case "ç": return "c"
        default:
            if u.isASCII, let c = Optional(u.value), (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) {
                return Unicode.Scalar(c | 0x20)
            }
            return nil
        }
    }

    static func parseWords(_ b: [UInt8]) -> Date? {
        let scalars = Array(String(decoding: b, as: UTF8.self).unicodeScalars)
        var i = 0
        var day: Int?, month: Int?, year: Int?
        var hour = 0, minute = 0, second = 0, haveTime = false
        var offset: Int?
        var pm: Bool?
        var sawMarWord = false
        var numbers: [(Int, Int)] = []    // loose numbers (value, digits) in order
        func digitsAt(_ j: Int) -> Bool { j < scalars.count && scalars[j].value >= 0x30 && scalars[j].value <= 0x39 }
        func readNum() -> (Int, Int) {
            var v = 0, n = 0
            while digitsAt(i), n < 9 { v = v * 10 + Int(scalars[i].value - 0x30); i += 1; n += 1 }
            return (v, n)
        }
        while i < scalars.count {
            let u = scalars[i]
            if digitsAt(i) {
                let (v, n) = readNum()
                // A time: 18:00[:00] or French 18h[00]
                if i < scalars.count, scalars[i] == ":", digitsAt(i + 1), !haveTime {
                    i += 1
                    let (m, _) = readNum()
                    hour = v; minute = m; haveTime = true
                    if i < scalars.count, scalars[i] == ":", digitsAt(i + 1) {
                        i += 1
                        second = readNum().0
                    }
                    if i < scalars.count, scalars[i] == "." || scalars[i] == "," , digitsAt(i + 1) {
                        i += 1; _ = readNum()
                    }
                    continue
                }
                if i < scalars.count, scalars[i] == "h" || scalars[i] == "H", !haveTime, n <= 2,
                   !(i + 1 < scalars.count && fold(scalars[i + 1]) != nil) {
                    i += 1
                    hour = v; haveTime = true
                    if digitsAt(i) { minute = readNum().0 }
                    continue
                }
                numbers.append((v, n))
                continue
            }
            if (u == "+" || u == "-"), digitsAt(i + 1), haveTime || numbers.count >= 2 || month != nil {
                let utf8 = Array(String(String.UnicodeScalarView(scalars[i...])).utf8)
                if let (off, end) = zone(utf8, 0) {
                    offset = (offset ?? 0) + off
                    i += String(decoding: utf8[0..<end], as: UTF8.self).unicodeScalars.count
                    continue
                }
            }
            if fold(u) != nil {
                var w = ""
                while i < scalars.count, let f = fold(scalars[i]) { w.unicodeScalars.append(f); i += 1 }
                if w == "mar" { sawMarWord = true; continue }
                if let m = months[w] { month = m; continue }
                if fillers.contains(w) { continue }
                if w == "am" { pm = false; continue }
                if w == "pm" { pm = true; continue }
                if let z = zoneNames[w] {
                    var off = z
                    if i < scalars.count, scalars[i] == "+" || scalars[i] == "-" {
                        let utf8 = Array(String(String.UnicodeScalarView(scalars[i...])).utf8)
                        if let (extra, end) = zone(utf8, 0) {
                            off += extra
                            i += String(decoding: utf8[0..<end], as: UTF8.self).unicodeScalars.count
                        }
                    }
                    offset = off
                    continue
                }
                // Military one-letter zones other than Z and unknown zone abbreviations after the time: UTC.
                if haveTime, w.count <= 5 { offset = offset ?? 0; continue }
                return nil
            }
            i += 1   // punctuation: , . / and spaces
        }
        if month == nil, sawMarWord { month = 3 }
        guard let month else {
            // Numeric dates "10/02/2025": day first (the French and RFC-ish reading).
            return nil
        }
        for (v, n) in numbers {
            if n >= 3 { if year == nil { year = v } else { return nil } }
            else if day == nil, v >= 1, v <= 31 { day = v }
            else if year == nil { year = v }
            else { return nil }
        }
        guard let d = day, var y = year else { return nil }
        if y < 100 { y += y > 90 ? 1900 : 2000 }
        if let pm {
            if pm, hour < 12 { hour += 12 }
            if !pm, hour == 12 { hour = 0 }
        }
        return make(y, month, d, hour, minute, second, offset ?? 0)
    }

    static func make(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ offset: Int) -> Date? {
        guard y >= 1, y <= 9999, let t = CivilTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s).unixTime
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(t - Int64(offset)))
    }
}
