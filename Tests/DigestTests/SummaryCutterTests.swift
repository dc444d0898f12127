import Foundation
import Testing
@testable import Digest

@Suite("Cutting summaries at a word boundary")
struct SummaryCutterTests {
    @Test func shortTextIsUnchanged() {
        let text = String(repeating: "mot ", count: 70).trimmingCharacters(in: .whitespaces)  // 279 characters
        #expect(text.count == 279)
        #expect(SummaryCutter.cut(text, limit: 280) == text)
        let exact = text + "s"
        #expect(SummaryCutter.cut(exact, limit: 280) == exact)
    }

    @Test func longTextIsCutBetweenWords() {
        let text = String(repeating: "Numerama, ", count: 40)
        let cut = SummaryCutter.cut(text, limit: 280)
        #expect(cut.count <= 280)
        #expect(cut.hasSuffix("Numerama…"))  // the comma before the ellipsis is dropped
        #expect(text.hasPrefix(String(cut.dropLast())))
    }

    @Test func cutNeverSplitsAWord() {
        let words = ["panne", "géante", "chez", "OVHcloud", "datacenter", "Roubaix", "électrique", "à", "l'hébergeur"]
        var text = ""
        var i = 0
        while text.count < 600 {
            text += words[i % words.count] + " "
            i += 1
        }
        for limit in [20, 50, 100, 279, 280, 281] {
            let cut = SummaryCutter.cut(text, limit: limit)
            #expect(cut.count <= limit)
            #expect(cut.hasSuffix("…"))
            let lastWord = cut.dropLast().split(separator: " ").last.map(String.init) ?? ""
            #expect(words.contains(lastWord), "limit \(limit): \(cut)")
        }
    }

    @Test func boundaryRightAtTheBudget() {
        // 279 characters of words, then a space: the whole head is kept.
        let head = String(repeating: "a", count: 139) + " " + String(repeating: "b", count: 139)
        let cut = SummaryCutter.cut(head + " suite de la phrase", limit: 280)
        #expect(cut == head + "…")
    }

    @Test func oneHugeWordIsCutInside() {
        let url = "https://example.org/" + String(repeating: "x", count: 400)
        let cut = SummaryCutter.cut("Voir " + url, limit: 280)
        #expect(cut.count == 280)
        #expect(cut.hasPrefix("Voir https://example.org/xxx"))
        #expect(cut.hasSuffix("x…"))
    }

    @Test func charactersNotBytesAreCounted() {
        let text = String(repeating: "é🇫🇷 ", count: 100)  // 300 characters, far more bytes
        let cut = SummaryCutter.cut(text, limit: 280)
        #expect(cut.count <= 280 && cut.count >= 270)
        #expect(cut.hasSuffix("é🇫🇷…"))
    }

    @Test func builderCutsSummariesAndTitles() {
        let long = String(repeating: "Une phrase assez longue pour déborder. ", count: 20)
        let source = DigestFixture.source("a", outlet: "Numerama", at: "2026-11-28T09:00:00+01:00",
                                          title: long, summary: long)
        let story = DigestFixture.build([DigestStoryInput(id: "s", sources: [source])]).allStories[0]
        #expect(story.summary.count <= DigestBuilder.summaryLimit)
        let kept = String(story.summary.dropLast())
        #expect(story.summary.hasSuffix("…") && long.hasPrefix(kept))
        let next = long[long.index(long.startIndex, offsetBy: kept.count)]
        #expect(next == " " || next == ".")  // the cut fell between words
        #expect(story.headline.count <= DigestBuilder.titleLimit)
        #expect(story.headline.hasSuffix("…"))
    }
}
