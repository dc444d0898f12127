import Foundation
import TextFormats
internal import CCurl

/// One easy handle and everything it accumulates. Lives on the fetch thread only.
final class Transfer {
    let request: FetchRequest
    let host: String
    let easy: UnsafeMutableRawPointer
    let maxBytes: Int
    let started: Date
    var body: [UInt8] = []
    var exceededLimit = false
    /// Status and headers of the response being received; earlier responses of a redirect chain go to `hops`.
    var status: Int?
    var headers: [String: String] = [:]
    var hops: [(status: Int, location: String?)] = []
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// `host`: the request's host, lowercased, when the caller has it already (URL parsing is not free).
    init?(_ request: FetchRequest, host: String? = nil, options: FetchOptions) {
        guard let easy = curl_easy_init() else { return nil }
        self.request = request
        self.host = host ?? URLHost.lowercased(of: request.url) ?? ""
        self.easy = easy
        self.maxBytes = options.maxBytes
        self.started = Date()
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(to: 0)
        configure(options)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    private func configure(_ o: FetchOptions) {
        // libcurl copies string options (>= 7.17), so temporary C strings are fine here.
        _ = vl_easy_setopt_string(easy, CURLOPT_URL, request.url)
        // http(s) only, also after redirects: a feed must never make veille read file:// or talk gopher.
        _ = vl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = vl_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        _ = vl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 1)
        _ = vl_easy_setopt_long(easy, CURLOPT_MAXREDIRS, o.maxRedirects)
        // "" = every encoding this libcurl decodes (deflate, gzip, br, zstd), decoded before the write callback.
        _ = vl_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, "")
        _ = vl_easy_setopt_string(easy, CURLOPT_USERAGENT, o.userAgent)
        _ = vl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = vl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT, o.connectTimeoutSeconds)
        _ = vl_easy_setopt_long(easy, CURLOPT_TIMEOUT, o.timeoutSeconds)
        _ = vl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, o.lowSpeedBytesPerSecond)
        _ = vl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, o.lowSpeedSeconds)
        // Stops bodies announced too large; chunked ones are stopped in the write callback (libcurl 7.88).
        _ = vl_easy_setopt_off(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(o.maxBytes))
        _ = vl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1)
        _ = vl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2)
        if let ca = o.caBundlePath { _ = vl_easy_setopt_string(easy, CURLOPT_CAINFO, ca) }
        // No CURLOPT_FAILONERROR: the headers of error responses (Retry-After) matter.
        _ = vl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer)
        var list: UnsafeMutablePointer<curl_slist>? = nil
        list = Self.append(list, "Accept: \(o.accept)")
        if let etag = request.etag { list = Self.append(list, "If-None-Match: \(etag)") }
        if let lm = request.lastModified { list = Self.append(list, "If-Modified-Since: \(lm)") }
        headerList = list
        _ = vl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list)
        let me = Unmanaged.passUnretained(self).toOpaque()   // the fetcher keeps self alive until done
        _ = vl_easy_setopt_write_function(easy, CURLOPT_WRITEFUNCTION, transferWriteCallback)
        _ = vl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me)
        _ = vl_easy_setopt_write_function(easy, CURLOPT_HEADERFUNCTION, transferHeaderCallback)
        _ = vl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me)
        _ = vl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, me)
    }

    /// Header values are kept as ISO-8859-1 characters (one per byte) so validators go back byte-exact.
    private static func append(_ list: UnsafeMutablePointer<curl_slist>?, _ line: String) -> UnsafeMutablePointer<curl_slist>? {
        var bytes = line.unicodeScalars.map { CChar(bitPattern: UInt8(truncatingIfNeeded: $0.value)) }
        bytes.removeAll { $0 == 10 || $0 == 13 || $0 == 0 }   // no header injection through a stored validator
        bytes.append(0)
        return curl_slist_append(list, bytes)
    }

    func receiveBody(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        if body.count + buffer.count > maxBytes {
            exceededLimit = true
            return false
        }
        if body.isEmpty, let cl = headers["content-length"], let n = Int(cl), n > 0, n <= maxBytes {
            body.reserveCapacity(n)
        }
        body.append(contentsOf: buffer)
        return true
    }

    func receiveHeaderLine(_ buffer: UnsafeBufferPointer<UInt8>) {
        var end = buffer.count
        while end > 0, buffer[end - 1] == 10 || buffer[end - 1] == 13 { end -= 1 }
        let bytes = UnsafeBufferPointer(rebasing: buffer[0..<end])
        let ascii = bytes.allSatisfy { $0 < 0x80 }
        if ascii, !bytes.starts(with: "HTTP/".utf8), let field = Self.asciiField(bytes) {
            // Nearly every line: an ASCII field, split and trimmed on its bytes (no Foundation, no
            // Character per byte); this runs for every header of every response on the transfer thread.
            store(name: field.name, value: field.value)
            return
        }
        // One character per byte (ISO-8859-1), so validators go back byte-exact.
        let line = ascii ? String(decoding: bytes, as: UTF8.self) : String(bytes.map { Character(Unicode.Scalar($0)) })
        if line.hasPrefix("HTTP/") {
            if let s = status { hops.append((s, headers["location"])) }
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count >= 2 ? Int(parts[1]) : nil
            headers = [:]
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        store(name: line[..<colon].lowercased(), value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    private func store(name: String, value: String) {
        if let existing = headers[name], name != "etag", name != "last-modified", name != "location" {
            headers[name] = existing + ", " + value
        } else {
            headers[name] = value
        }
    }

    /// "Name: value" of an ASCII line: the name lowercased, the value without surrounding spaces
    /// and tabs (what `lowercased()` and `trimmingCharacters(in: .whitespaces)` give for ASCII).
    static func asciiField(_ line: UnsafeBufferPointer<UInt8>) -> (name: String, value: String)? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let name = String(unsafeUninitializedCapacity: colon, initializingUTF8With: { out in
            for i in 0..<colon {
                let b = line[i]
                out[i] = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b
            }
            return colon
        })
        var start = colon + 1, stop = line.count
        while start < stop, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        while stop > start, line[stop - 1] == 0x20 || line[stop - 1] == 0x09 { stop -= 1 }
        return (name, String(decoding: UnsafeBufferPointer(rebasing: line[start..<stop]), as: UTF8.self))
    }

    /// Turns libcurl's verdict into the result the caller sees.
    func finish(_ code: CURLcode) -> FetchResult {
        var effective: UnsafeMutablePointer<CChar>? = nil
        _ = vl_easy_getinfo_string(easy, CURLINFO_EFFECTIVE_URL, &effective)
        let effectiveURL = effective.map { String(cString: $0) } ?? request.url
        var responseCode = 0
        _ = vl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &responseCode)
        let finalStatus = responseCode > 0 ? responseCode : status
        let elapsed = Date().timeIntervalSince(started)
        var result = FetchResult(request: request, outcome: .fetched, effectiveURL: effectiveURL,
                                 permanentRedirect: permanentRedirectTarget(), status: finalStatus,
                                 headers: headers, body: [], elapsedSeconds: elapsed)
        if code == CURLE_OK {
            switch finalStatus ?? 0 {
            case 304:
                result.outcome = .notModified
            case 200..<300:
                result.outcome = .fetched
                result.body = body
            case 300..<400:
                result.outcome = .failed(FetchError(.redirect, "HTTP \(finalStatus!) redirect without a usable Location"))
            default:
                let s = finalStatus ?? 0
                var message = "HTTP \(s) \(HTTPStatus.reason(s))"
                if let ra = headers["retry-after"] { message += " (Retry-After: \(ra))" }
                result.outcome = .failed(FetchError(.http, message))
            }
            return result
        }
        result.outcome = .failed(error(for: code, elapsed: elapsed))
        return result
    }

    private func error(for code: CURLcode, elapsed: Double) -> FetchError {
        let detail = String(cString: errorBuffer).trimmingCharacters(in: .whitespacesAndNewlines)
        let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return FetchError(.dns, "DNS: could not resolve \(host.isEmpty ? "the host" : host)")
        case CURLE_COULDNT_CONNECT:
            return FetchError(.connect, "cannot connect: \(text)")
        case CURLE_OPERATION_TIMEDOUT:
            return FetchError(.timeout, "timed out: \(text)")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
             CURLE_USE_SSL_FAILED, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE:
            return FetchError(.tls, "TLS: \(text)")
        case CURLE_FILESIZE_EXCEEDED:
            return FetchError(.tooLarge, "too large: the feed exceeds max_feed_size (\(Self.sizeText(maxBytes)))")
        case CURLE_WRITE_ERROR where exceededLimit:
            return FetchError(.tooLarge, "too large: more than \(Self.sizeText(maxBytes)) after decompression (max_feed_size)")
        case CURLE_TOO_MANY_REDIRECTS:
            return FetchError(.redirect, "too many redirects (more than 5)")
        case CURLE_UNSUPPORTED_PROTOCOL:
            // The refused hop is the response being received when libcurl stopped.
            if let target = (status.map { (300..<400).contains($0) } == true ? headers["location"] : nil) ?? hops.last?.location {
                return FetchError(.redirect, "redirect to a non-HTTP URL refused: \(target)")
            }
            return FetchError(.redirect, "unsupported URL scheme: only http and https are fetched")
        case CURLE_ABORTED_BY_CALLBACK:
            return FetchError(.cancelled, "cancelled")
        default:
            return FetchError(.network, "network error: \(text)")
        }
    }

    /// The URL to use from now on when the redirect chain starts with permanent redirects (301/308):
    /// a temporary hop (302/303/307) stops the chain, since only permanent moves should be remembered.
    private func permanentRedirectTarget() -> String? {
        var current = request.url
        var target: String?
        for hop in hops {
            guard (300..<400).contains(hop.status), let loc = hop.location,
                  let next = URL(string: loc, relativeTo: URL(string: current))?.absoluteURL.absoluteString else { break }
            guard hop.status == 301 || hop.status == 308 else { break }
            target = next
            current = next
        }
        guard let t = target, t != request.url, t.lowercased().hasPrefix("http") else { return nil }
        return t
    }

    static func sizeText(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB" : bytes >= 1024 ? "\(bytes >> 10) KB" : "\(bytes) B"
    }
}

private let transferWriteCallback: curl_write_callback = { ptr, size, count, userdata in
    guard let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let n = size * count
    guard n > 0, let ptr else { return n }
    let ok = ptr.withMemoryRebound(to: UInt8.self, capacity: n) { transfer.receiveBody(UnsafeBufferPointer(start: $0, count: n)) }
    return ok ? n : 0   // 0 makes libcurl stop with CURLE_WRITE_ERROR
}

private let transferHeaderCallback: curl_write_callback = { ptr, size, count, userdata in
    guard let userdata else { return 0 }
    let n = size * count
    guard n > 0, let ptr else { return n }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    ptr.withMemoryRebound(to: UInt8.self, capacity: n) { transfer.receiveHeaderLine(UnsafeBufferPointer(start: $0, count: n)) }
    return n
}
