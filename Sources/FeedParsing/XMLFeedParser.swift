import Foundation
internal import CLibXML2

/// The streaming XML side: libxml2's SAX2 parser drives `XMLFeedReader` (XMLFeedReader.swift), which keeps
/// only the element stack, the text being captured and the entry being built (memory proportional to one
/// entry). What the elements mean is in ElementHandlers.swift.
enum XMLFeedParser {
    static let maxDocumentBytes = 64 << 20
    static let maxDepth = 200

    static func parse(_ document: DecodedDocument, baseURL: String?, contentHTML: Bool = true) throws(FeedParseError) -> ParsedFeed {
        LibXML.ensureReady()
        guard document.utf8.count <= maxDocumentBytes else {
            throw FeedParseError(.limitExceeded, code: .tooLarge, "document larger than \(maxDocumentBytes >> 20) MB")
        }
        // Most feeds are well-formed UTF-8: libxml2 reads their bytes as they are (checking the UTF-8 as
        // it goes), and only a document it reports an error in is read again: its UTF-8 checked (else
        // read as windows-1252), then repaired (libxml2's recovery would lose text). For a well-formed
        // document the repair pass changes nothing libxml2 reports differently.
        let firstTry = run(document.utf8, baseURL: baseURL, warnings: document.warnings, stopAtFirstError: true, contentHTML: contentHTML)
        var reader: XMLFeedReader
        if firstTry.needsRepair {
            let checked = document.checked()
            let repaired = XMLRepair.repair(checked.utf8)
            reader = run(repaired.bytes ?? checked.utf8, baseURL: baseURL, warnings: checked.warnings + repaired.warnings,
                         stopAtFirstError: false, contentHTML: contentHTML, inputBytes: checked.utf8.count)
        } else {
            reader = firstTry
        }
        if let limit = reader.limitError { throw limit }
        return try reader.result()
    }

    /// One libxml2 SAX2 pass over `input` into a new reader. With `stopAtFirstError`, the first error
    /// stops the parse and sets `needsRepair`.
    private static func run(_ input: [UInt8], baseURL: String?, warnings: [String], stopAtFirstError: Bool,
                            contentHTML: Bool, inputBytes: Int? = nil) -> XMLFeedReader {
        // The reader lives at a fixed address for the callbacks (ctxt->_private), moved out at the end.
        let reader = UnsafeMutablePointer<XMLFeedReader>.allocate(capacity: 1)
        reader.initialize(to: XMLFeedReader(baseURL: baseURL, inputBytes: inputBytes ?? input.count))
        defer { reader.deallocate() }
        reader.pointee.warnings = warnings
        reader.pointee.stopAtFirstError = stopAtFirstError
        reader.pointee.contentHTML = contentHTML

        var sax = xmlSAXHandler()
        xmlSAXVersion(&sax, 2)
        // Keep libxml2's own DTD callbacks (internalSubset, entityDecl, getEntity) so that entities declared
        // in the document work; never load the external subset.
        // libxml2's own SAX2 callbacks (startDocument, internalSubset, entityDecl, getEntity…) expect the
        // parser context as their first argument, so the context stays the SAX user data and the reader
        // travels in ctxt->_private.
        sax.externalSubset = nil
        sax.endDocument = nil
        sax.comment = nil
        sax.processingInstruction = nil
        sax.reference = nil
        sax.startElement = nil
        sax.endElement = nil
        sax.startElementNs = { ctx, local, prefix, uri, nbNs, namespaces, nbAttrs, _, attrs in
            XMLFeedReader.from(ctx).pointee
                .start(local, prefix, uri, Int(nbNs), namespaces, Int(nbAttrs), attrs)
        }
        sax.endElementNs = { ctx, local, prefix, _ in
            XMLFeedReader.from(ctx).pointee.end(local, prefix)
        }
        sax.characters = { ctx, ch, len in
            XMLFeedReader.from(ctx).pointee.characters(ch, Int(len))
        }
        sax.cdataBlock = sax.characters
        sax.ignorableWhitespace = sax.characters
        sax.serror = { ctx, err in
            guard let err else { return }
            XMLFeedReader.from(ctx).pointee.error(err)
        }

        // Read in place (no mutable access, which would copy a document the caller still holds).
        let user = UnsafeMutableRawPointer(reader)
        input.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                guard let ctxt = xmlCreatePushParserCtxt(&sax, nil, nil, 0, nil) else { return }
                ctxt.pointee._private = user
                reader.pointee.ctxt = ctxt
                // RECOVER: keep going after well-formedness errors. NONET, no NOENT, no DTDLOAD: never fetch or
                // substitute external entities. IGNORE_ENC: the bytes are already UTF-8 whatever the declaration says.
                _ = xmlCtxtUseOptions(ctxt, Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue |
                    XML_PARSE_NOCDATA.rawValue | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_NOWARNING.rawValue))
                _ = xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8)
                let chunk = 1 << 20
                var off = 0
                while off < buf.count, reader.pointee.limitError == nil, !reader.pointee.needsRepair {
                    let n = min(chunk, buf.count - off)
                    _ = xmlParseChunk(ctxt, p + off, Int32(n), off + n >= buf.count ? 1 : 0)
                    off += n
                    if ctxt.pointee.instate == XML_PARSER_EOF { break }
                }
                if off < buf.count || buf.count == 0, !reader.pointee.needsRepair { _ = xmlParseChunk(ctxt, nil, 0, 1) }
                if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc); ctxt.pointee.myDoc = nil }
                reader.pointee.ctxt = nil
                xmlFreeParserCtxt(ctxt)
            }
        }
        return reader.move()
    }
}
