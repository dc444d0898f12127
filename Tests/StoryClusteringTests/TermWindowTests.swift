import Testing
@testable import StoryClustering

/// The known names start over past half a million (a daemon's memory stays bounded); noting a name's
/// occurrences at once must leave the set as noting them one by one did.
@Suite("Term window")
struct TermWindowTests {
    @Test func noteNameStartsOverPastTheBoundAsOneByOneNotesDid() {
        var full = TermWindow()
        for k in 0..<500_000 { full.noteName("nom\(k)") }
        #expect(full.knownNames.count == 500_000)
        var once = full, twice = full, oneByOne = full
        once.noteName("Zoé", occurrences: 1)
        twice.noteName("Zoé", occurrences: 3)
        for _ in 0..<3 { oneByOne.noteName("Zoé") }
        #expect(once.knownNames.isEmpty)
        #expect(twice.knownNames == ["Zoé"])
        #expect(twice.knownNames == oneByOne.knownNames)
        var known = full
        known.noteName("nom7", occurrences: 2)
        #expect(known.knownNames.count == 500_000)
    }
}
