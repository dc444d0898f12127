/// One conditional GET to make. `etag` and `lastModified` are the validators the server sent last
/// time, byte for byte: they are echoed unchanged (newsboat's bug was to re-format the date).
public struct FetchRequest: Sendable, Equatable {
    /// The caller's key for this request (a feed id); results carry it back.
    public var key: Int64
    public var url: String
    public var etag: String?
    public var lastModified: String?

    public init(key: Int64, url: String, etag: String? = nil, lastModified: String? = nil) {
        self.key = key
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
    }
}
