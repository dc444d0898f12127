import Foundation
import Testing
@testable import StoryClustering

@Suite("French analyzer")
struct FrenchAnalyzerTests {
    let analyzer = FrenchAnalyzer()

    func keys(_ text: String) -> [String] { analyzer.terms(text).map(\.key) }
    func term(_ text: String, _ key: String) -> Term? { analyzer.terms(text).first { $0.key == key } }

    @Test func elisionsWithEitherApostrophe() {
        #expect(keys("l’IA") == ["ia"])
        #expect(keys("l'IA") == ["ia"])
        #expect(term("le rachat d’OpenAI", "openai")?.kind == .name)
        #expect(keys("jusqu’à lorsqu’il qu’elle n’est s’il c’est j’ai") == [])
        #expect(keys("aujourd’hui") == [])                      // one word, and a stop word
        #expect(keys("L’Autorité") == keys("l'autorité"))
    }

    @Test func namesAcronymsAndCodesStayWhole() {
        let t = analyzer.terms("OpenAI lance GPT-4.5 avec la CNIL et l’iPhone 16e aux États-Unis")
        let byKey = Dictionary(t.map { ($0.key, $0.kind) }, uniquingKeysWith: { a, _ in a })
        #expect(byKey["openai"] == .name)        // sentence-initial, but an internal capital
        #expect(byKey["gpt-4.5"] == .code)
        #expect(byKey["cnil"] == .name)
        #expect(byKey["iphone"] == .name)
        #expect(byKey["16e"] == nil && byKey["#16e"] == .number)
        #expect(byKey["etats-unis"] == .name)
        #expect(byKey["lanc"] == .word)          // Snowball stem of "lance"
    }

    @Test func numbersAmountsAndUnits() {
        #expect(term("une offre de 97,4 milliards de dollars", "#97400000000")?.kind == .amount)
        #expect(term("une offre de 97,4 Md$", "#97400000000")?.kind == .amount)
        #expect(term("97,4 milliards d’euros", "#97400000000")?.display == "97,4 milliards euros")
        #expect(term("200 000 manifestants", "#200000")?.kind == .number)
        #expect(term("200\u{202F}000 manifestants", "#200000")?.kind == .number)
        #expect(term("1 200 000 abonnés", "#1200000") != nil)
        #expect(term("une hausse de 4,5 %", "#4.5%")?.kind == .amount)
        #expect(term("10 M€ levés", "#10000000")?.kind == .amount)
        #expect(term("en 2025", "#2025")?.kind == .year)
        #expect(term("600 millions de noisettes", "#600000000")?.kind == .amount)
    }

    @Test func spelledOutNumbersBeforeAMagnitudeAreAmounts() {
        // "un milliard d'euros" was no amount at all, so it could neither agree with "1 milliard" nor conflict with "2 milliards".
        #expect(term("Macron présente un plan d’un milliard d’euros", "#1000000000")?.kind == .amount)
        #expect(keys("un plan d'un milliard d'euros").contains("#1000000000"))
        #expect(term("deux millions de dollars", "#2000000")?.kind == .amount)
        #expect(term("trois milliards", "#3000000000")?.kind == .amount)
        #expect(keys("un plan pour deux hôpitaux") == keys("plan pour hôpitaux"))   // alone, still stop words
    }

    @Test func hyphenatedBoundPrefixesReadAsTheSolidWord() {
        #expect(keys("une cyber-attaque") == keys("une cyberattaque"))
        #expect(keys("un e-mail") == keys("un email"))
        #expect(keys("Cyber-attaque à l’hôpital") == keys("Cyberattaque à l’hôpital"))
        // Other compounds still split, and capitalised ones stay one name.
        #expect(keys("porte-parole") == keys("porte parole"))
        #expect(term("aux États-Unis", "etats-unis")?.kind == .name)
    }

    @Test func aNounAndItsVerbShareAStem() {
        // Snowball alone gives "demiss" and "demission".
        #expect(keys("démission") == keys("démissionne"))
        #expect(keys("réservés") == keys("réservations"))
        #expect(keys("précommande") == keys("précommandes"))
        #expect(keys("interdiction") == keys("interdit"))
        #expect(analyzer.terms("démissionne").allSatisfy { $0.key.count <= FrenchAnalyzer.stemLength })
    }

    @Test func caseAndAccentFolding() {
        #expect(keys("Les États-Unis") == keys("les Etats-Unis"))
        #expect(keys("élections présidentielles") == keys("elections presidentielles"))
        #expect(keys("cœur") == ["coeur"])
    }

    @Test func stopWordsAndFillersAreDropped() {
        #expect(keys("VIDÉO. Ce qu’il faut savoir sur le nouveau modèle") == ["model"])
    }

    @Test func sentenceInitialCapitalIsANameOnlyWhenSeenAsOne() {
        #expect(analyzer.terms("Betancourt: l’opération a été impeccable").first?.kind == .word)
        #expect(analyzer.terms("Betancourt: l’opération", isKnownName: { $0 == "betancourt" }).first?.kind == .name)
        #expect(term("Musk répond. Le patron de Tesla, Musk, insiste", "musk")?.kind == .name)
    }

    /// Debian's snowball-data: 20,805 French words and their reference stems.
    @Test func snowballReferencePairs() throws {
        let dir = "/usr/share/snowball/data/french"
        guard let voc = try? String(contentsOfFile: dir + "/voc.txt", encoding: .utf8),
              let output = try? String(contentsOfFile: dir + "/output.txt", encoding: .utf8) else {
            Issue.record("snowball-data is not installed (apt-get install snowball-data)")
            return
        }
        let words = voc.split(separator: "\n"), stems = output.split(separator: "\n")
        #expect(words.count == 20_805 && stems.count == 20_805)
        let stemmer = FrenchStemmer()
        var mismatches: [String] = []
        for (w, s) in zip(words, stems) where stemmer.stem(String(w)) != s {
            mismatches.append("\(w) → \(stemmer.stem(String(w))) (expected \(s))")
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, e.g. \(mismatches.prefix(5))")
    }
}
