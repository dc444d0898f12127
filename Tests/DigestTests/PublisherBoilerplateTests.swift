import Testing
@testable import Digest

/// Publisher boilerplate is stripped; a summary never repeats its headline; a borrowed summary says whose it is.
@Suite("Clean text")
struct PublisherBoilerplateTests {
    @Test func wordPressTrailersAreStripped() {
        #expect(PublisherBoilerplate.cleanSummary(
            "Des milliers de foyers sans Internet. L'article Orange : une panne prive d'Internet des milliers de foyers est apparu en premier sur Numerama.")
            == "Des milliers de foyers sans Internet.")
        #expect(PublisherBoilerplate.cleanSummary("Noms et IBAN dérobés. The post Fuite de données appeared first on Numerama.")
            == "Noms et IBAN dérobés.")
        #expect(PublisherBoilerplate.cleanSummary("L’article Titre est apparu en premier sur Korben.") == "")
    }

    @Test func readMoreAndElisionsAreStripped() {
        #expect(PublisherBoilerplate.cleanSummary("Une carte défectueuse serait en cause. Lire la suite") == "Une carte défectueuse serait en cause.")
        #expect(PublisherBoilerplate.cleanSummary("Une carte défectueuse serait en cause… Lire la suite »") == "Une carte défectueuse serait en cause…")
        #expect(PublisherBoilerplate.cleanSummary("La bascule de secours n'a pas fonctionné. […]") == "La bascule de secours n'a pas fonctionné.")
        #expect(PublisherBoilerplate.cleanSummary("Le régulateur veut un rapport détaillé [...]") == "Le régulateur veut un rapport détaillé…")
        #expect(PublisherBoilerplate.cleanSummary("Un texte sans rien à retirer.") == "Un texte sans rien à retirer.")
    }

    @Test func aTrailingSiteNameIsStrippedOnlyWhenItIsTheFeedsSite() {
        let url = "https://www.lemonde.fr/pixels/article/2026/12/03/x.html"
        #expect(PublisherBoilerplate.cleanTitle("Panne d'Internet dans l'Ouest : Orange promet un geste | Le Monde.fr", outlet: "Le Monde", url: url)
            == "Panne d'Internet dans l'Ouest : Orange promet un geste")
        #expect(PublisherBoilerplate.cleanTitle("Orange : une panne prive d'Internet l'Ouest - Numerama", outlet: "Numerama", url: nil)
            == "Orange : une panne prive d'Internet l'Ouest")
        #expect(PublisherBoilerplate.cleanTitle("1,8 milliard d'euros : l'Europe frappe fort contre Meta – clubic.com", outlet: "Clubic",
                                                url: "https://www.clubic.com/a.html") == "1,8 milliard d'euros : l'Europe frappe fort contre Meta")
        // Another outlet, a section or a short title: kept as written.
        #expect(PublisherBoilerplate.cleanTitle("Le Deal du jour : l'iPhone à 699 euros - Tech", outlet: "Le Figaro", url: nil)
            == "Le Deal du jour : l'iPhone à 699 euros - Tech")
        #expect(PublisherBoilerplate.cleanTitle("Interview - Numerama", outlet: "Numerama", url: nil) == "Interview - Numerama")
        #expect(PublisherBoilerplate.cleanTitle("Orange et SFR - Bouygues : le rapprochement", outlet: "Next", url: nil)
            == "Orange et SFR - Bouygues : le rapprochement")
    }

    @Test func aSummaryThatRepeatsTheHeadlineIsNotShown() {
        let headline = "Panne Orange : des milliers d'abonnés privés d'Internet en Bretagne"
        #expect(SummaryChoice.echoes(headline, headline))
        #expect(SummaryChoice.echoes("PANNE ORANGE — des milliers d’abonnés privés d’internet en Bretagne.", headline))
        #expect(SummaryChoice.echoes("Panne Orange : des milliers d'abonnés privés", headline), "the headline cut short")
        #expect(SummaryChoice.echoes(headline + " (vidéo)", headline))
        #expect(!SummaryChoice.echoes("La coupure a duré six heures dans quatre départements bretons.", headline))
        let choice = SummaryChoice.choose(headline: headline, own: headline,
                                          others: [(outlet: "01net", summary: ""), (outlet: "Next", summary: "Un équipement de collecte défaillant serait en cause.")])
        #expect(choice == SummaryChoice.Choice(text: "Un équipement de collecte défaillant serait en cause.", otherOutlet: "Next"))
    }

    @Test func theMidnightCardsAreClean() throws {
        let model = try DigestFixture.midnightModel()
        let outage = try #require(model.allStories.first { $0.id == "s-e900" })
        // Ouest-France's headline; its summary only repeats it, so the next article's is shown, and named.
        #expect(outage.headline == "Panne Orange : des milliers d'abonnés privés d'Internet en Bretagne et en Pays de la Loire")
        #expect(outage.summary == "Une carte défectueuse dans un nœud de collecte de Rennes serait à l'origine de la coupure.")
        #expect(outage.summaryOutlet == "01net")
        #expect(outage.sources.first { $0.outlet == "Le Monde" }?.title == "Panne d'Internet dans l'Ouest : Orange promet un geste commercial")
        #expect(outage.earlierSources.first?.title == "Orange : une panne du réseau fixe prive d'Internet des milliers de foyers dans l'Ouest")
        let leak = try #require(model.allStories.first { $0.id == "s-e973" })
        #expect(leak.summary == "Noms, adresses et IBAN ont été dérobés via un prestataire.")
        let chrome = try #require(model.allStories.first { $0.id == "s-e974" })
        #expect(chrome.summary.isEmpty, "CERT-FR's description is its title")
        let html = HTMLRenderer.render(model)
        #expect(!html.contains("apparu en premier"))
        #expect(!html.contains("appeared first"))
        #expect(!html.contains("Lire la suite"))
        #expect(html.contains("<span class=\"from\">D&#39;après 01net\u{A0}:</span>"))
    }
}
