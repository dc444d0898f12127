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

    /// Runs libxml2's HTML parser over UTF-8 `bytes` with `sax` and `user` as callbacks and context, in
    /// recovery mode, with no network and no error output (markup errors in feed HTML are the norm).
    /// Not NOIMPLIED: without the implied <html><body>, the parser stops after the first top-level element.
    static func parseHTML(_ bytes: [UInt8], sax: inout htmlSAXHandler, user: UnsafeMutableRawPointer) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                guard let ctxt = htmlCreatePushParserCtxt(&sax, user, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else { return }
                _ = htmlCtxtUseOptions(ctxt, Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue |
                    HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_RECOVER.rawValue))
                _ = htmlParseChunk(ctxt, p, Int32(buf.count), 1)
                if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc); ctxt.pointee.myDoc = nil }
                htmlFreeParserCtxt(ctxt)
            }
        }
    }
}
