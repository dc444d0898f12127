import Foundation
import Testing
@testable import StoryClustering

func fixture(_ name: String) throws -> [StoryFixtureItem] { try StoryFixtureItem.load(name) }

func date(_ hours: Double) -> Date { Date(timeIntervalSince1970: 1_740_000_000 + hours * 3600) }

@Suite("Story clusterer")
struct StoryClustererTests {
    /// Same entity, different events (GPT-4.5 vs the Musk bid, the bid vs its refusal, and their kin)
    /// stay apart; each event's own reports come together.
    @Test func hardNegativesStayApartAndEventsMerge() throws {
        let items = try fixture("hard-negatives.jsonl").sorted { $0.published < $1.published }
        let clusterer = StoryClusterer()
        var story: [String: String] = [:], thread: [String: String] = [:]
        for l in items {
            let a = clusterer.add(l.item)
            story[l.id] = a.storyID
            thread[l.id] = a.threadID
        }
        // The offer and its refusal a few hours later: two events of one developing story.
        #expect(clusterer.currentThreadID(for: thread["hn03"]!) == clusterer.currentThreadID(for: thread["hn04"]!))
        for a in items {
            for b in items where a.id < b.id {
                if a.event == b.event {
                    #expect(story[a.id] == story[b.id], "\(a.title) / \(b.title) should share a story")
                } else {
                    #expect(story[a.id] != story[b.id], "\(a.title) / \(b.title) must stay apart")
                }
            }
        }
    }

    /// A batch analyses items ahead on another core (`ItemAnalyser`); after priming with the batch,
    /// that gives exactly what `add` decides when it analyses them itself.
    @Test func itemsAnalysedAheadGetTheSameAssignments() throws {
        let items = try StoryFixtureItem.load().map(\.item).sorted { $0.published < $1.published }
        let plain = StoryClusterer(), ahead = StoryClusterer()
        plain.prime(with: items)
        ahead.prime(with: items)
        let analyser = ItemAnalyser(knownNames: ahead.knownNames)
        let analysed = items.map(analyser.analyse)
        #expect(items.map { plain.add($0) } == analysed.map { ahead.add($0) })
    }

    /// Analysed ahead with no names known at all (the daemon analyses the next chunk before the current
    /// one taught the clusterer its names), every assignment is still the one `add` makes itself: an
    /// item whose sentence-initial word became a known name meanwhile is read again.
    @Test func itemsAnalysedWithStaleNamesGetTheSameAssignments() throws {
        let items = try StoryFixtureItem.load().map(\.item).sorted { $0.published < $1.published }
        let plain = StoryClusterer(), ahead = StoryClusterer()
        let analyser = ItemAnalyser(knownNames: [])
        #expect(items.map { plain.add($0) } == items.map(analyser.analyse).map { ahead.add($0) })

        // "Vandermolen" opens the second headline: a name only once the first taught it.
        let first = ClusterItem(id: "v1", source: "a.fr", title: "La ministre Vandermolen présente la loi sur le numérique", published: date(0))
        let second = ClusterItem(id: "v2", source: "b.fr", title: "Vandermolen défend sa loi sur le numérique devant le Sénat", published: date(1))
        let early = analyser.analyse(second)
        #expect(early.nameQueries.map(\.word) == ["vandermolen"] && early.nameQueries.allSatisfy { !$0.known })
        let inline = StoryClusterer(), staged = StoryClusterer()
        #expect(inline.add(first) == staged.add(analyser.analyse(first)))
        #expect(staged.knownNames.contains("vandermolen"))
        #expect(inline.add(second) == staged.add(early))
    }

    @Test func sameInputGivesSameStories() throws {
        let items = try fixture("hard-negatives.jsonl").map(\.item)
        let run = { () -> [ClusterAssignment] in
            let c = StoryClusterer()
            return items.map { c.add($0) }
        }
        #expect(run() == run())
    }

    /// A report reaching an event that has been quiet for `quietAfter` needs `quietMargin` more
    /// probability: the same two headlines join within the quiet time and not after it.
    @Test(arguments: [(11.0, true), (13.0, false)])
    func aQuietEventNeedsAMarginToTakeAReport(gap: Double, joins: Bool) {
        var configuration = ClusteringConfiguration()
        configuration.quietAfter = 12 * 3600
        configuration.quietMargin = 1.0
        let c = StoryClusterer(configuration: configuration)
        let first = c.add(ClusterItem(id: "q1", source: "numerama.com",
                                      title: "Orange relève le prix de ses forfaits fibre de 3 euros par mois", published: date(0)))
        let later = c.add(ClusterItem(id: "q2", source: "01net.com",
                                      title: "Orange relève de 3 euros par mois le prix de ses forfaits fibre", published: date(gap)))
        #expect((later.storyID == first.storyID) == joins)
        let plain = StoryClusterer()
        _ = plain.add(ClusterItem(id: "q1", source: "numerama.com",
                                  title: "Orange relève le prix de ses forfaits fibre de 3 euros par mois", published: date(0)))
        let ref = plain.add(ClusterItem(id: "q2", source: "01net.com",
                                        title: "Orange relève de 3 euros par mois le prix de ses forfaits fibre", published: date(11)))
        #expect(ref.storyID == "s-q1", "the pair itself is one event")
    }

    @Test func storyIDsComeFromTheFoundingItem() {
        let c = StoryClusterer()
        let a = c.add(ClusterItem(id: "a1", source: "x.fr", title: "OpenAI lance GPT-4.5, son plus grand modèle", published: date(0)))
        #expect(a == ClusterAssignment(storyID: "s-a1", threadID: "t-a1", score: 1, sharedTerms: [], reason: .newStory))
    }

    @Test func identityDuplicates() {
        let c = StoryClusterer()
        _ = c.add(ClusterItem(id: "1", source: "numerama.com", url: "https://www.numerama.com/tech/1-x/?utm_source=rss",
                              guid: "numerama-1", title: "Un titre", published: date(0)))
        let byURL = c.add(ClusterItem(id: "2", source: "numerama.com", url: "http://numerama.com/tech/1-x/amp/",
                                      title: "Un autre titre sans rapport", published: date(1)))
        #expect(byURL.storyID == "s-1" && byURL.reason == .sameURL)
        let byGUID = c.add(ClusterItem(id: "3", source: "numerama.com", guid: "numerama-1", title: "Encore autre chose", published: date(2)))
        #expect(byGUID.storyID == "s-1" && byGUID.reason == .sameGUID)
    }

    @Test func syndicatedCopiesJoinDirectly() {
        let c = StoryClusterer()
        let lead = "Le gouvernement a annoncé mardi un plan de 2 milliards d'euros pour équiper les écoles en fibre optique d'ici la fin de l'année prochaine, selon le ministre."
        _ = c.add(ClusterItem(id: "afp1", source: "lefigaro.fr", title: "Fibre : 2 milliards pour les écoles", summary: lead, published: date(0)))
        let copy = c.add(ClusterItem(id: "afp2", source: "liberation.fr", title: "Fibre : 2 milliards d'euros pour les écoles", summary: lead, published: date(3)))
        #expect(copy.storyID == "s-afp1")
        #expect(copy.reason == .syndicatedCopy)
    }

    @Test func storiesCloseAfterTheWindow() {
        let c = StoryClusterer()
        let title = "Free victime d'une cyberattaque : les données de 19 millions d'abonnés dérobées"
        _ = c.add(ClusterItem(id: "1", source: "a.fr", title: title, published: date(0)))
        let inWindow = c.add(ClusterItem(id: "2", source: "b.fr", title: title, published: date(24)))
        #expect(inWindow.storyID == "s-1")
        let late = c.add(ClusterItem(id: "3", source: "c.fr", title: title, published: date(80)))
        #expect(late.storyID == "s-3" && late.reason == .newStory)
    }

    @Test func conflictingAmountsKeepDealsApart() {
        let c = StoryClusterer()
        let a = c.add(ClusterItem(id: "1", source: "a.fr", title: "Mistral AI lève 600 millions d'euros auprès de ses investisseurs", published: date(0)))
        let b = c.add(ClusterItem(id: "2", source: "b.fr", title: "Mistral AI lève 1,7 milliard d'euros auprès de ses investisseurs", published: date(10)))
        #expect(a.storyID != b.storyID)
    }

    /// Two milestones of one product: a count that differs by more than outlets round is another
    /// event (vetoed, and said so), in the same thread.
    @Test func conflictingCountsAreTwoMilestonesOfOneThread() {
        let c = StoryClusterer()
        _ = c.add(ClusterItem(id: "p1", source: "a.fr", title: "Déjà 120 000 précommandes pour la Volta E1 de Norvik", published: date(0)))
        let same = c.add(ClusterItem(id: "p2", source: "b.fr", title: "La Volta E1 de Norvik dépasse les 118 000 précommandes", published: date(5)))
        let later = c.add(ClusterItem(id: "p3", source: "c.fr", title: "Norvik revendique 200 000 précommandes pour la Volta E1", published: date(30)))
        #expect(same.storyID == "s-p1", "outlets round: 118 000 is the same milestone")
        #expect(later.storyID != "s-p1")
        #expect(later.rejections.contains { $0.eventID == "s-p1" && $0.kind == .amountConflict && $0.detail.contains("200000") })
        #expect(c.currentThreadID(for: later.threadID) == "t-p1")
    }

    /// A restart puts stored items back under their event and thread without deciding anything; the
    /// next report of that event joins it, and a follow-up (the refusal of the offer) joins the thread.
    @Test func restoreRebuildsEventsAndThreadsWithoutDeciding() {
        let c = StoryClusterer()
        c.restore(ClusterItem(id: "old1", source: "a.fr", title: "Elon Musk propose 97,4 milliards de dollars pour racheter OpenAI", published: date(0)),
                  storyID: "s-stored", threadID: "t-stored")
        let same = c.add(ClusterItem(id: "n1", source: "b.fr", title: "Elon Musk offre 97,4 milliards de dollars pour racheter OpenAI", published: date(2)))
        #expect(same.storyID == "s-stored" && same.threadID == "t-stored")
        #expect(same.reason == .event)
        #expect(same.sharedTerms.contains("97,4 milliards de dollars"))
        let refusal = c.add(ClusterItem(id: "n2", source: "c.fr", title: "OpenAI : Sam Altman refuse l'offre de 97,4 milliards d'Elon Musk", published: date(20)))
        #expect(refusal.storyID != "s-stored")
        #expect(refusal.rejections.contains { $0.eventID == "s-stored" && $0.kind == .differentAction })
        #expect(c.currentThreadID(for: refusal.threadID) == "t-stored")
    }

    @Test func representativeHeadlineIsInformativeNotATeaser() {
        let titles = [
            "VIDÉO. OpenAI : ce qu'il faut savoir",
            "OpenAI lance GPT-4.5, son plus grand modèle, pour les abonnés Pro",
            "GPT-4.5 : faut-il vraiment l'essayer ?",
            "EN DIRECT - OpenAI lance GPT-4.5",
        ]
        #expect(Headline.representative(titles) == 1)
        #expect(Headline.representative([]) == 0)
    }

    @Test func outletSuffixesAreStripped() {
        #expect(Headline.strippingOutletSuffix("Apple présente l'iPhone 16e à 719 euros - Le Monde") == "Apple présente l'iPhone 16e à 719 euros")
        #expect(Headline.strippingOutletSuffix("Canicule - la France en alerte") == "Canicule - la France en alerte")
    }

    /// Events are never merged or renamed (a merge would hide one event inside another); reports
    /// that share little with the first one still end up in its thread, whose id is the oldest.
    @Test func fragmentsOfOneHappeningShareAThreadUnderTheOldestID() {
        let items = [
            ClusterItem(id: "a", source: "x.fr", title: "SpaceX lance sa fusée Starship depuis le Texas",
                        summary: "La fusée géante de SpaceX a décollé jeudi de Boca Chica, au Texas, pour son huitième vol d'essai.", published: date(0)),
            ClusterItem(id: "b", source: "x.fr", title: "Le huitième vol d'essai explose quatre minutes après le décollage",
                        summary: "L'engin a explosé au-dessus du golfe du Mexique, les débris ont perturbé le trafic aérien.", published: date(1)),
            ClusterItem(id: "c", source: "x.fr", title: "Starship : la fusée de SpaceX explose quatre minutes après son décollage du Texas",
                        summary: "Le huitième vol d'essai de la fusée géante de SpaceX a explosé au-dessus du golfe du Mexique après son décollage de Boca Chica.", published: date(2)),
            ClusterItem(id: "d", source: "x.fr", title: "Trafic aérien perturbé après l'explosion de Starship",
                        summary: "Des débris de la fusée sont retombés, la FAA a suspendu des vols.", published: date(3)),
        ]
        let c = StoryClusterer()
        let assignments = items.map { c.add($0) }
        #expect(assignments[2].storyID == "s-a")
        #expect(Set(assignments.map { c.currentThreadID(for: $0.threadID) }) == ["t-a"])
        for a in assignments { #expect(c.currentStoryID(for: a.storyID) == a.storyID) }
    }

    /// The outlet never decides: one source for every item (as in RPM2) gives the same stories.
    @Test func sourceDoesNotChangeStories() throws {
        let items = try fixture("hard-negatives.jsonl").sorted { $0.published < $1.published }.map(\.item)
        let one = items.map { var i = $0; i.source = "same.fr"; return i }
        let c1 = StoryClusterer(), c2 = StoryClusterer()
        #expect(items.map { c1.add($0).storyID } == one.map { c2.add($0).storyID })
    }
}
