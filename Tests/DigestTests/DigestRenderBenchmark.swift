import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Digest

/// Not a test of speed (no assertion on time): prints how long a big day takes to build and
/// render. Run with `VEILLE_DIGEST_BENCH=1 swift test -c release --filter DigestRenderBenchmark`.
/// Both wall time and this thread's CPU time are printed: on a shared machine the CPU time is the
/// steadier figure.
@Suite("Digest render benchmark", .enabled(if: ProcessInfo.processInfo.environment["VEILLE_DIGEST_BENCH"] == "1"))
struct DigestRenderBenchmark {
    /// 2,000 entries: 200 stories of 2 to 6 outlets (800 entries) and 1,200 single-source items.
    static func bigDay() -> [DigestStoryInput] {
        let outlets = ["Numerama", "01net", "Next", "Le Monde", "Frandroid", "Korben", "Clubic", "ZDNet", "LeMagIT",
                       "Les Echos", "Siècle Digital", "MacGeneration", "CERT-FR", "ZATAZ", "ActuIA", "LinuxFr.org"]
        let tags = [["tech"], ["tech", "mobile"], ["security"], ["tech", "ai"], ["tech", "apple"], ["tech", "enterprise-it"], []]
        let summary = "Depuis ce matin, une panne électrique dans le datacenter rend inaccessibles des milliers de sites "
            + "hébergés en France, dont plusieurs services publics ; l'hébergeur promet un retour progressif <dans> la "
            + "matinée & publiera un rapport détaillé sur l'incident dans les prochains jours, selon un porte-parole."
        var stories: [DigestStoryInput] = []
        var entry = 0
        func source(_ outlet: Int, _ minute: Int) -> DigestSource {
            entry += 1
            return DigestSource(
                entryID: "e\(entry)", outlet: outlets[outlet % outlets.count], feedTags: tags[outlet % tags.count],
                title: "Article \(entry) : un titre réaliste d'une soixantaine de caractères, « cité »",
                url: "https://www.example.fr/actualites/\(entry)-un-titre-realiste.html", summary: summary,
                published: DigestFixture.date("2026-11-28T00:00:00+01:00").addingTimeInterval(Double(minute * 60)))
        }
        for s in 0..<200 {
            let count = 2 + s % 5  // 2…6: 200 stories, 800 sources
            stories.append(DigestStoryInput(id: "m\(s)", sources: (0..<count).map { source(s + $0, (s * 7 + $0 * 13) % 1440) },
                                            representative: 0, joinReasons: ["event"], score: 0.8))
        }
        for s in 0..<1200 {
            stories.append(DigestStoryInput(id: "u\(s)", sources: [source(s, (s * 11) % 1440)]))
        }
        precondition(entry == 2000)
        return stories
    }

    @Test func renderTwoThousandEntries() {
        let stories = Self.bigDay()
        let clock = ContinuousClock()
        var model: DigestModel?
        var lines: [String] = []
        func cpuSeconds() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        }
        func ms(_ d: Duration) -> String {
            String(format: "%.1f ms", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        func measure(_ name: String, _ body: () -> Int) {
            var bytes = 0
            var bestWall = Duration.seconds(1000)
            var bestCPU = 1000.0
            for _ in 0..<5 {  // best of 5: the machine is shared
                let cpu = cpuSeconds()
                let elapsed = clock.measure { bytes = body() }
                bestCPU = min(bestCPU, cpuSeconds() - cpu)
                bestWall = min(bestWall, elapsed)
            }
            lines.append("\(name): wall \(ms(bestWall)), cpu \(String(format: "%.1f ms", bestCPU * 1000)) (\(bytes / 1024) KiB)")
        }
        measure("build") {
            model = DigestBuilder.build(day: LocalDay(isoString: "2026-11-28")!, stories: stories, language: .fr,
                                        timeZone: DigestFixture.paris, generatedAt: DigestFixture.date("2026-11-28T23:00:00+01:00"))
            return 0
        }
        let m = model!
        measure("markdown") { MarkdownRenderer.render(m).utf8.count }
        measure("html") { HTMLRenderer.render(m).utf8.count }
        measure("json") { JSONRenderer.render(m).utf8.count }
        measure("atom") {
            AtomRenderer.render(days: [m], feedID: "urn:veille:digest", selfURL: nil, now: m.generatedAt).utf8.count
        }
        let cpuBefore = cpuSeconds()
        let all = clock.measure {
            let built = DigestBuilder.build(day: LocalDay(isoString: "2026-11-28")!, stories: stories, language: .fr,
                                            timeZone: DigestFixture.paris, generatedAt: m.generatedAt)
            _ = MarkdownRenderer.render(built)
            _ = HTMLRenderer.render(built)
            _ = JSONRenderer.render(built)
            _ = AtomRenderer.render(days: [built], feedID: "urn:veille:digest", selfURL: nil, now: m.generatedAt)
        }
        lines.append("build + all four formats, once: wall \(ms(all)), cpu \(String(format: "%.1f ms", (cpuSeconds() - cpuBefore) * 1000))")
        print("2,000-entry day:\n  " + lines.joined(separator: "\n  "))
        #expect(m.articleCount == 2000)
    }
}
