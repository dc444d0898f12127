import Foundation
import Testing
@testable import StoryClustering

@Suite("Item profile")
struct ItemProfileTests {
    /// The channels `PairEvidence` reads side by side must each hold their own ids: the title's weights
    /// are kept aligned with all the keys (0 where the title lacks one), so a shifted index would give
    /// the lead's words title weight and every title cosine would change.
    @Test func eachChannelHoldsItsOwnIDs() throws {
        let profiler = ItemProfiler(configuration: ClusteringConfiguration())
        var window = TermWindow()
        // Words of the lead seen first get the lower ids: the profile's keys, sorted by id, are then not
        // in reading order.
        let earlier = ClusterItem(id: "0", source: "lesechos.fr", title: "Logiciels de paie : le spécialiste français lève 2 milliards d’euros",
                                  published: Date(timeIntervalSince1970: 1_795_850_000))
        _ = profiler.profile(profiler.reading(earlier, knownNames: []), time: 0, window: &window)
        let item = ClusterItem(id: "1", source: "numerama.com", title: "Orvane rachète l’éditeur lyonnais Brelis",
                               summary: "Le groupe français paiera 2 milliards d’euros pour le spécialiste des logiciels de paie.",
                               published: Date(timeIntervalSince1970: 1_795_860_000))
        let reading = profiler.reading(item, knownNames: [])
        let p = profiler.profile(reading, time: 0, window: &window)
        let titleIDs = Set(reading.entries.filter { $0.title > 0 }.map { window.ids[$0.key]! })
        try #require(!titleIDs.isEmpty && titleIDs.count < p.keys.count, "the lead brings words the title lacks")
        #expect(p.all.ids == p.keys)
        for (k, id) in p.keys.enumerated() {
            #expect((p.channels[k].y > 0) == titleIDs.contains(id), "\(window.display[Int(id)])")
            #expect(p.channels[k].x == p.all.weights[k])
            #expect((p.channels[k].w > 0) == p.names.contains(id), "\(window.display[Int(id)])")
            #expect((p.channels[k].z > 0) == p.words.contains(id), "\(window.display[Int(id)])")
        }
    }
}
