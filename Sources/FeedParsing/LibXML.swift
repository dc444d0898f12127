internal import CLibXML2

/// Process-wide libxml2 setup, done once and thread-safely (a `static let` is initialised under a lock):
/// `xmlInitParser()` before any concurrent use, and an external-entity loader that refuses everything,
/// so no parser in this process ever reads a file or the network on a document's behalf.
/// `xmlCleanupParser()` is never called: other threads may be parsing.
enum LibXML {
    static let ready: Bool = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
        return true
    }()

    @inline(__always) static func ensureReady() { _ = ready }

    /// `(const xmlChar *)` -> String, nil-safe.
    @inline(__always) static func string(_ p: UnsafePointer<xmlChar>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }
}
