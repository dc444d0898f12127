internal import CStemmer

/// Snowball's French stemmer, through Snowball's own C library (libstemmer), not a port:
/// the algorithm stays the reference one and is checked against snowball-data's 20,805 pairs.
///
/// An `sb_stemmer` keeps per-call state, so one instance must never be used by two threads at
/// once: each `FrenchAnalyzer` owns its own stemmer (the type is deliberately not `Sendable`).
/// Stems are cached, because news vocabulary is Zipfian and the C call dominates otherwise.
public final class FrenchStemmer {
    private let stemmer: OpaquePointer
    private var cache: [String: String] = [:]
    private let cacheLimit: Int

    public init(cacheLimit: Int = 200_000) {
        // "french"/"UTF_8" is compiled into every libstemmer build; nil would mean a broken install.
        guard let s = sb_stemmer_new("french", "UTF_8") else {
            fatalError("libstemmer has no French UTF-8 stemmer")
        }
        stemmer = s
        self.cacheLimit = cacheLimit
    }

    deinit { sb_stemmer_delete(stemmer) }

    /// The Snowball stem of one lowercase word (accents kept: the algorithm needs é and è).
    public func stem(_ word: String) -> String {
        if let cached = cache[word] { return cached }
        var utf8 = Array(word.utf8)
        let count = Int32(utf8.count)
        let result: String = utf8.withUnsafeMutableBufferPointer { buffer in
            guard let out = sb_stemmer_stem(stemmer, buffer.baseAddress, count) else { return word }
            let length = Int(sb_stemmer_length(stemmer))
            return String(decoding: UnsafeBufferPointer(start: out, count: length), as: UTF8.self)
        }
        if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[word] = result
        return result
    }
}
