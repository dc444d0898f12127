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
                                   "article_count", "outlet_count", "top_stories", "topics"])
        #expect(root["schema_version"] as? Int == JSONRenderer.schemaVersion)
        let topics = try #require(root["topics"] as? [[String: Any]])
        #expect(topics.allSatisfy { Set($0.keys) == ["tag", "stories"] })
        #expect(topics.last?["tag"] is NSNull)
        let stories = try #require(root["top_stories"] as? [[String: Any]])
            + topics.flatMap { $0["stories"] as? [[String: Any]] ?? [] }
        #expect(stories.count == 15)
        for story in stories {
            #expect(Set(story.keys) == ["id", "headline", "url", "outlet", "summary", "first_reported", "updated",
                                        "outlet_count", "score", "explanation", "sources"])
            #expect(story["outlet_count"] is Int)
            #expect(story["score"] is NSNull || story["score"] is Double)
            for source in try #require(story["sources"] as? [[String: Any]]) {
                #expect(Set(source.keys) == ["entry_id", "outlet", "title", "url", "published", "tags", "representative"])
                #expect(source["tags"] is [String])
                #expect(source["representative"] is Bool)
            }
        }
        // The keys are written in the documented order.
        let order = ["\"schema_version\"", "\"day\"", "\"title\"", "\"language\"", "\"time_zone\"", "\"generated_at\"",
                     "\"article_count\"", "\"outlet_count\"", "\"top_stories\"", "\"topics\""]
        let positions = order.map { json.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
    }
}
