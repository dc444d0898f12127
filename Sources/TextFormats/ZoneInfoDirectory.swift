#if canImport(Glibc)
import Glibc
#endif

/// The system's tz database (Debian's tzdata, a required package): `$TZDIR`, else /usr/share/zoneinfo.
public enum ZoneInfoDirectory {
    /// The zone named `identifier` ("Europe/Paris"), nil when it is not a zone the system knows.
    /// "UTC" is always known, with or without the database.
    public static func rules(named identifier: String, directory: String? = nil) -> TimeZoneRules? {
        guard isPlausibleName(identifier) else { return nil }
        let folder = directory ?? getenv("TZDIR").map { String(cString: $0) } ?? "/usr/share/zoneinfo"
        guard let bytes = readFile(folder + "/" + identifier) else {
            return identifier == "UTC" ? .utc : nil
        }
        return try? TZifReader.rules(identifier: identifier, bytes: bytes)
    }

    /// Region/City names only: no way out of the folder, no hidden or odd files.
    static func isPlausibleName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count < 256 && !name.hasPrefix("/") && !name.hasSuffix("/")
            && name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
                !part.isEmpty && part.first != "." && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_+-".contains($0)) }
            }
    }

    /// A zone file is a few KB; anything much larger is not one.
    private static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while out.count <= 1 << 20 {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { return out }
            out += buffer[0..<n]
        }
        return nil
    }
}
