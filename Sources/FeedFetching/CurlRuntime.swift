internal import CCurl

/// `curl_global_init` must run once before any other libcurl call and before threads use it.
enum CurlRuntime {
    private static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    static func ensureInitialised() {
        precondition(initialised, "libcurl failed to initialise")
    }

    /// Encodings this libcurl decodes itself (sent in `Accept-Encoding`): "deflate, gzip, br, zstd" on Debian 12.
    static var version: String { String(cString: curl_version()) }
}
