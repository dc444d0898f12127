import Foundation
import Testing
@testable import Digest

/// The JSON digest has exactly the keys README.md documents, with the documented types.
@Suite("JSON digest schema")
struct JSONSchemaTests {
    @Test func keysAndTypesMatchTheREADME() throws {
        let json = JSONRenderer.render(try DigestFixture.model())
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(root.keys) == ["schema_version", "day", "title", "language", "time_zone", "generated_at",
                                   "article_count", "outlet_count", "navigation", "top_stories", "topics", "threads", "deals"])
        #expect(Set(try #require(root["navigation"] as? [String: Any]).keys) == ["previous_day", "next_day", "index"])
        #expect(root["schema_version"] as? Int == JSONRenderer.schemaVersion)
        let topics = try #require(root["topics"] as? [[String: Any]])
        #expect(topics.allSatisfy { Set($0.keys) == ["tag", "label", "stories"] })
        #expect(topics.last?["tag"] is NSNull)
        let stories = try #require(root["top_stories"] as? [[String: Any]])
            + topics.flatMap { $0["stories"] as? [[String: Any]] ?? [] }
        #expect(stories.count == 15)
        for story in stories {
            #expect(Set(story.keys) == ["id", "thread", "headline", "url", "outlet", "summary", "summary_from", "continuing",
                                        "first_day", "first_reported", "updated", "outlet_count", "outlet_count_today", "score",
                                        "confidence", "shared_words", "explanation", "sources", "earlier_sources"])
            #expect(story["outlet_count"] is Int)
            #expect(story["score"] is NSNull || story["score"] is Double)
            #expect(story["confidence"] is NSNull || ["high", "medium", "low"].contains(story["confidence"] as? String))
            #expect(story["shared_words"] is [String])
            for source in try #require(story["sources"] as? [[String: Any]]) + (try #require(story["earlier_sources"] as? [[String: Any]])) {
                #expect(Set(source.keys) == ["entry_id", "outlet", "title", "url", "published", "tags", "representative"])
                #expect(source["tags"] is [String])
                #expect(source["representative"] is Bool)
            }
        }
        // The keys are written in the documented order.
        let order = ["\"schema_version\"", "\"day\"", "\"title\"", "\"language\"", "\"time_zone\"", "\"generated_at\"",
                     "\"article_count\"", "\"outlet_count\"", "\"navigation\"", "\"top_stories\"", "\"topics\"", "\"threads\"", "\"deals\""]
        let positions = order.map { json.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
        // Scores keep three decimals at most.
        for line in json.split(separator: "\n") where line.contains("\"score\": ") && !line.contains("null") {
            let digits = line.split(separator: ".").last.map { $0.filter(\.isNumber).count } ?? 0
            #expect(digits <= 3, "\(line)")
        }
    }

    @Test func scoresAreRoundedToThreeDecimals() {
        #expect(JSONRenderer.score(0.46123456789012345) == "0.461")
        #expect(JSONRenderer.score(0.8700000000000001) == "0.87")
        #expect(JSONRenderer.score(1) == "1")
        #expect(JSONRenderer.score(0.9996) == "1")
    }

    @Test func threadsListEveryThreadWithItsStoriesAndEarlierEvents() throws {
        let json = JSONRenderer.render(try DigestFixture.threadModel())
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let threads = try #require(root["threads"] as? [[String: Any]])
        for thread in threads {
            #expect(Set(thread.keys) == ["id", "title", "events", "earlier"])
            for event in try #require(thread["earlier"] as? [[String: Any]]) {
                #expect(Set(event.keys) == ["id", "headline", "url", "day", "first_reported"])
            }
        }
        // Every story of the day is in exactly one thread, and carries that thread's id.
        let stories = try #require(root["top_stories"] as? [[String: Any]])
            + (try #require(root["topics"] as? [[String: Any]])).flatMap { $0["stories"] as? [[String: Any]] ?? [] }
        let events = threads.flatMap { $0["events"] as? [String] ?? [] }
        #expect(events == stories.compactMap { $0["id"] as? String }, "threads and stories in the same order")
        for thread in threads {
            for id in thread["events"] as? [String] ?? [] {
                #expect(stories.first { $0["id"] as? String == id }?["thread"] as? String == thread["id"] as? String)
            }
        }
        let mistral = try #require(threads.first { $0["id"] as? String == "t-e501" })
        #expect(mistral["events"] as? [String] == ["s-e601", "s-e615", "s-e630"])
        #expect(mistral["title"] as? String == "Mistral AI dépose son dossier d'introduction en Bourse auprès de l'AMF")
        let earlier = try #require(mistral["earlier"] as? [[String: Any]])
        #expect(earlier.map { $0["id"] as? String } == ["s-e560", "s-e501"], "newest first")
        #expect(earlier.map { $0["day"] as? String } == ["2026-11-27", "2026-11-26"])
        #expect(earlier.first?["headline"] as? String == "Mistral AI & l'AMF : le prospectus approuvé « sans réserve »")
        #expect(earlier.first?["first_reported"] as? String == "2026-11-27T15:10:00Z")
    }
}
