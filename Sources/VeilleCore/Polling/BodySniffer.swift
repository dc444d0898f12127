import Foundation

/// Recognises bodies that are certainly not feeds (an image, a PDF, an archive…) from their first
/// bytes or their Content-Type, so that the feed's error says what the server really sent instead
/// of an XML parser's complaint about it.
enum BodySniffer {
    static let signatures: [(prefix: [UInt8], what: String)] = [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        (Array("GIF87a".utf8), "a GIF image"),
        (Array("GIF89a".utf8), "a GIF image"),
        (Array("%PDF-".utf8), "a PDF document"),
        ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive"),
        ([0x1F, 0x8B], "gzip-compressed data the server did not label"),
        ([0x28, 0xB5, 0x2F, 0xFD], "zstd-compressed data the server did not label"),
        ([0x00, 0x00, 0x01, 0x00], "an icon"),
        (Array("ID3".utf8), "an MP3 file"),
        ([0x7F, 0x45, 0x4C, 0x46], "an executable"),
    ]

    /// A description such as "a PNG image (image/png, 2 KB)", or nil when the body may be a feed.
    static func notAFeed(_ body: [UInt8], contentType: String?) -> String? {
        let type = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var what: String?
        if body.count >= 12, body[0..<4] == [0x52, 0x49, 0x46, 0x46], body[8..<12] == Array("WEBP".utf8)[...] {
            what = "a WebP image"
        } else if let s = signatures.first(where: { body.starts(with: $0.prefix) }) {
            what = s.what
        } else if let t = type, ["image/", "audio/", "video/", "font/"].contains(where: { t.hasPrefix($0) }) || t == "application/pdf" {
            // Labelled as media, and not XML or JSON either: believe the label.
            let first = body.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
            if first != UInt8(ascii: "<") && first != UInt8(ascii: "{") { what = "a \(t) file" }
        }
        guard let what else { return nil }
        let size = body.count >= 1 << 20 ? "\(body.count >> 20) MB" : body.count >= 1024 ? "\(body.count >> 10) KB" : "\(body.count) bytes"
        return "the server sent \(what) (\(type ?? "no Content-Type"), \(size))"
    }
}
