import Testing
@testable import Digest

/// "Pourquoi ces articles sont regroupés" says what the titles share, in their own words, and how
/// sure the grouping is, in words; in English when the digest is.
@Suite("Why articles are grouped")
struct GroupingReasonTests {
    @Test func sharedWordsAreTheTitlesOwnWords() {
        let words = GroupingReason.sharedWords([
            "Panne Orange : des milliers d'abonnés privés d'Internet en Bretagne",
            "Orange explique la panne de son réseau fixe dans l'Ouest",
            "Panne d'Internet dans l'Ouest : Orange promet un geste commercial",
        ])
        // Accents, case and plurals match; the words are shown as written, never as stems ("pann").
        #expect(words == ["panne", "Orange", "Internet", "Ouest"])
        #expect(GroupingReason.sharedWords(["Mistral AI lève 1,2 milliard", "Mistral AI : une levée à 1,2 milliard"])
            == ["Mistral", "AI", "1,2", "milliard"])
        #expect(GroupingReason.sharedWords(["Un titre seul"]).isEmpty)
    }

    @Test func confidenceIsWords() {
        #expect(GroupingReason.Confidence(score: 0.91) == .high)
        #expect(GroupingReason.Confidence(score: 0.7) == .medium)
        #expect(GroupingReason.Confidence(score: 0.52) == .low)
    }

    @Test func frenchAndEnglishSentences() {
        let reason = GroupingReason(sharedWords: ["panne", "Orange", "Ouest"], hasCopies: true, confidence: .high)
        #expect(DigestLanguage.fr.words.why(reason)
            == "Leurs titres ont en commun «\u{A0}panne\u{A0}», «\u{A0}Orange\u{A0}» et «\u{A0}Ouest\u{A0}». Certains sont le même texte, repris presque mot pour mot. Très probablement le même événement.")
        #expect(DigestLanguage.en.words.why(reason)
            == "Their headlines share “panne”, “Orange” and “Ouest”. Some are the same text, copied almost word for word. Very likely the same event.")
        let weak = GroupingReason(sharedWords: [], confidence: .low)
        #expect(DigestLanguage.fr.words.why(weak) == "Leurs titres diffèrent ; ce sont leurs résumés et leurs dates qui concordent. Peut-être le même événement : à vérifier.")
        #expect(DigestLanguage.en.words.why(GroupingReason(sharedWords: ["Meta"], confidence: .medium))
            == "Their headlines share “Meta”. Probably the same event.")
    }

    @Test func thePagesShowNoRawScore() throws {
        let html = HTMLRenderer.render(try DigestFixture.midnightModel())
        #expect(!html.contains("score"))
        #expect(html.contains("<summary>Pourquoi ces articles sont regroupés</summary>\n<p>Leurs titres ont en commun «\u{A0}Meta\u{A0}», «\u{A0}1,8\u{A0}», «\u{A0}milliard\u{A0}»"))
        let en = HTMLRenderer.render(try DigestFixture.midnightModel(language: .en))
        #expect(en.contains("<summary>Why these articles are grouped</summary>\n<p>Their headlines share “Meta”, “1,8”"))
        #expect(en.contains("Some are the same text, copied almost word for word. Very likely the same event."))
    }
}
