/// The elements veille understands, named after their namespace. RSS (all versions), Atom 0.3 and
/// Atom 1.0 elements share one "core" vocabulary, as in feedparser: real feeds mix them freely
/// (`<atom:link>` in RSS, `<entry>` in a namespace-less document).
enum FeedNamespace: UInt8 {
    case core, dc, dcterms, content, media, itunes, sy, rdf, xhtml, xml, other

    static func classify(uri: String?, prefix: String?) -> FeedNamespace {
        guard let uri, !uri.isEmpty else {
            // An unbound prefix (a namespace the author forgot to declare): trust the usual prefix.
            switch prefix {
            case nil, "atom", "rss": return .core
            case "dc": return .dc
            case "dcterms": return .dcterms
            case "content": return .content
            case "media": return .media
            case "itunes": return .itunes
            case "sy": return .sy
            case "rdf": return .rdf
            case "xhtml": return .xhtml
            default: return .other
            }
        }
        let u = uri.lowercased()
        switch u {
        case "http://www.w3.org/2005/atom", "http://purl.org/atom/ns#", "http://purl.org/rss/1.0/",
             "http://my.netscape.com/rdf/simple/0.9/", "http://purl.org/net/rss1.1#":
            return .core
        case "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/elements/1.0/": return .dc
        case "http://purl.org/dc/terms/": return .dcterms
        case "http://purl.org/rss/1.0/modules/content/": return .content
        case "http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss", "http://video.search.yahoo.com/mrss": return .media
        case "http://www.itunes.com/dtds/podcast-1.0.dtd", "https://www.itunes.com/dtds/podcast-1.0.dtd": return .itunes
        case "http://purl.org/rss/1.0/modules/syndication/": return .sy
        case "http://www.w3.org/1999/02/22-rdf-syntax-ns#": return .rdf
        case "http://www.w3.org/1999/xhtml": return .xhtml
        case "http://www.w3.org/xml/1998/namespace": return .xml
        default:
            if u.contains("backend.userland.com/rss") { return .core }
            return .other
        }
    }
}

enum FeedTag: UInt8 {
    case other
    case rss, rdf, channel, feed, item, entry
    case title, link, description, summary, content, guid, id
    case pubDate, published, issued, updated, modified, lastBuildDate
    case author, contributor, name, email, uri
    case category, enclosure, subtitle, tagline, language, image, textInput, source
    case ttl, skipHours, skipDays, hour, day
    case dcCreator, dcDate, dcSubject, dcLanguage, dcTitle, dcDescription, dcContributor
    case dctermsIssued, dctermsModified
    case contentEncoded, mediaContent, mediaThumbnail, mediaGroup, mediaDescription
    case itunesImage, itunesAuthor, itunesSummary, itunesSubtitle, itunesKeywords
    case syUpdatePeriod, syUpdateFrequency, xhtmlBody

    static func classify(_ ns: FeedNamespace, _ local: String) -> FeedTag {
        switch ns {
        case .core:
            switch local {
            case "rss": return .rss
            case "channel": return .channel
            case "feed": return .feed
            case "item": return .item
            case "entry": return .entry
            case "title": return .title
            case "link": return .link
            case "description": return .description
            case "summary": return .summary
            case "content": return .content
            case "guid": return .guid
            case "id": return .id
            case "pubDate", "pubdate": return .pubDate
            case "published": return .published
            case "issued": return .issued
            case "updated": return .updated
            case "modified": return .modified
            case "lastBuildDate", "lastbuilddate": return .lastBuildDate
            case "author": return .author
            case "contributor": return .contributor
            case "name": return .name
            case "email": return .email
            case "uri", "url": return .uri
            case "category": return .category
            case "enclosure": return .enclosure
            case "subtitle": return .subtitle
            case "tagline": return .tagline
            case "language": return .language
            case "image": return .image
            case "textInput", "textinput": return .textInput
            case "source": return .source
            case "ttl": return .ttl
            case "skipHours": return .skipHours
            case "skipDays": return .skipDays
            case "hour": return .hour
            case "day": return .day
            case "body": return .xhtmlBody
            case "RDF": return .rdf
            default: return .other
            }
        case .rdf: return local == "RDF" ? .rdf : .other
        case .dc:
            switch local {
            case "creator": return .dcCreator
            case "author": return .dcCreator
            case "date": return .dcDate
            case "subject": return .dcSubject
            case "language": return .dcLanguage
            case "title": return .dcTitle
            case "description": return .dcDescription
            case "contributor": return .dcContributor
            default: return .other
            }
        case .dcterms:
            switch local {
            case "issued": return .dctermsIssued
            case "modified": return .dctermsModified
            default: return .other
            }
        case .content: return local == "encoded" ? .contentEncoded : .other
        case .media:
            switch local {
            case "content": return .mediaContent
            case "thumbnail": return .mediaThumbnail
            case "group": return .mediaGroup
            case "description": return .mediaDescription
            default: return .other
            }
        case .itunes:
            switch local {
            case "image": return .itunesImage
            case "author": return .itunesAuthor
            case "summary": return .itunesSummary
            case "subtitle": return .itunesSubtitle
            case "keywords": return .itunesKeywords
            default: return .other
            }
        case .sy:
            switch local {
            case "updatePeriod": return .syUpdatePeriod
            case "updateFrequency": return .syUpdateFrequency
            default: return .other
            }
        case .xhtml: return local == "body" ? .xhtmlBody : .other
        case .xml, .other: return .other
        }
    }
}
