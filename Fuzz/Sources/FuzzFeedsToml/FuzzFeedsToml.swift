import Foundation
import VeilleCore

/// One fuzz input = one Feeds.toml. Whatever the bytes, the loader must return a configuration or
/// diagnostics that each name a line and column inside the file — never crash, never hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeedsToml(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let config = try ConfigLoader.parse(text: text, fileName: "Feeds.toml")
        // Touch what the daemon reads next.
        var n = config.feeds.count
        for f in config.feeds { n &+= f.name.utf8.count &+ f.url.absoluteString.utf8.count &+ f.tags.count }
        if n == -1 { print(n) }
    } catch {
        // Lines as the loader counts them: "\r\n" is one Character, so count the LF bytes.
        let lines = text.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        for d in error.diagnostics {
            // A diagnostic pointing outside the file is a bug in the key locator (an error at the
            // end of a file may name the line after the last).
            if d.line < 1 || d.line > lines + 1 || d.column < 1 { fatalError("diagnostic outside the file: \(d) (\(lines) lines)") }
            if d.message.isEmpty || d.message.contains("\n") { fatalError("unreadable diagnostic: \(d)") }
        }
    }
    return 0
}
