import Foundation

/// Prometheus's text exposition format (version 0.0.4), as node_exporter's textfile collector reads
/// it: one `# HELP` and one `# TYPE` line per metric family, then its samples. Only what veille
/// exports: gauges and counters, labels escaped as the format requires.
struct PrometheusText {
    enum Kind: String { case gauge, counter }

    struct Family {
        let name: String
        let kind: Kind
        let help: String
        var samples: [(labels: [(String, String)], value: Double)] = []
    }

    private(set) var families: [Family] = []

    /// Adds a family; its samples follow with `sample`. Names must be new (a repeated family is an
    /// error the collector rejects the whole file for).
    mutating func family(_ name: String, _ kind: Kind, _ help: String) {
        precondition(!families.contains { $0.name == name }, "metric family \(name) declared twice")
        families.append(Family(name: name, kind: kind, help: help))
    }

    /// A sample of the last family declared.
    mutating func sample(_ value: Double, _ labels: [(String, String)] = []) {
        families[families.count - 1].samples.append((labels, value))
    }

    /// One family with a single unlabelled sample.
    mutating func single(_ name: String, _ kind: Kind, _ help: String, _ value: Double) {
        family(name, kind, help)
        sample(value)
    }

    var text: String {
        var out = ""
        for f in families where !f.samples.isEmpty {
            out += "# HELP \(f.name) \(Self.escapeHelp(f.help))\n"
            out += "# TYPE \(f.name) \(f.kind.rawValue)\n"
            for s in f.samples {
                out += f.name
                if !s.labels.isEmpty {
                    out += "{" + s.labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
                }
                out += " " + Self.format(s.value) + "\n"
            }
        }
        return out
    }

    /// Label values: backslash, double quote and line feed escaped (feed names come from Feeds.toml).
    static func escapeLabel(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// HELP text: backslash and line feed escaped.
    static func escapeHelp(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Integers as integers; others with millisecond-or-better precision, never in a locale's format.
    static func format(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(format: "%.6f", v)
    }
}
