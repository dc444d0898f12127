import Testing
@testable import Digest

/// Deal posts are recognised; news that mentions a price, a percentage, "promo" or "soldes" is not.
@Suite("Deal detection")
struct DealDetectorTests {
    static let deals: [(String, String)] = [
        ("Bon plan : le Samsung Galaxy S25 tombe à 599 € chez Amazon", ""),
        ("Soldes d'hiver anticipées : -40 % sur les AirPods Pro 2", ""),
        ("Prix en baisse pour la PS5 Slim, désormais à 399 €", ""),
        ("Code promo Sosh : 20 € de réduction sur le forfait 100 Go", ""),
        ("Black Friday : le MacBook Air M4 à 899 € au lieu de 1 199 €", ""),
        ("Vente flash sur les SSD Samsung 990 Pro chez Cdiscount", ""),
        ("Les meilleures offres forfaits mobiles de la semaine", ""),
        ("PROMO : la Freebox Pop à 19,99 € par mois pendant un an", ""),
        ("Soldes 2027 : la barre de son Sonos Beam a 349 euros au lieu de 499", ""),  // an unaccented feed
        ("Le Pixel 9 Pro à 649 € chez Fnac", "Cet article contient des liens affiliés : nous pouvons percevoir une commission."),
        ("French Days : jusqu'à -30 % sur les téléviseurs OLED LG", ""),
    ]

    static let news: [(String, String)] = [
        ("Apple lance l'iPhone 17e à partir de 719 €", ""),                          // a launch with its price
        ("Free augmente de 2 € le prix de sa Freebox Révolution", ""),               // a price rise
        ("Soldes d'hiver : la DGCCRF met en garde contre les fausses réductions en ligne", ""),
        ("Black Friday : les arnaques à éviter sur les sites marchands", ""),
        ("La promo 2027 de l'École 42 Paris compte 40 % de femmes", ""),             // a school year
        ("Tarifs réglementés du gaz : - 6,8 % au 1er février", ""),                   // economic news
        ("CAC 40 : quatre séances à -0,13 %, du jamais vu", ""),
        ("Électricité : les prix en baisse de 5 % en février", ""),
        ("Le prix Nobel de physique récompense deux pionniers de l'IA", ""),
        ("Ubisoft annonce un plan social dans ses studios français", ""),
        ("Test du Google Pixel 11a : le meilleur smartphone à 499 € ?",
         "Notre verdict. Cet article contient des liens affiliés."),                 // a review with a disclosure
        ("Amazon condamné pour de fausses promotions pendant le Prime Day", ""),
        ("Netflix : l'abonnement avec publicité passe à 7,99 € par mois", ""),
        ("Les ventes de smartphones en baisse de 12 % en Europe", ""),
        ("Wi-Fi 7 : les box des opérateurs français comparées", ""),
    ]

    @Test(arguments: deals)
    func dealPostsAreDeals(title: String, summary: String) {
        #expect(DealDetector.isDeal(title: title, summary: summary), "\(title): score \(DealDetector.score(title: title, summary: summary))")
    }

    @Test(arguments: news)
    func falseFriendsAreNews(title: String, summary: String) {
        #expect(!DealDetector.isDeal(title: title, summary: summary), "\(title): score \(DealDetector.score(title: title, summary: summary))")
    }

    /// The scalar reader is an optimisation of the character reader: same tokens wherever it applies,
    /// and it steps aside for text it cannot read scalar by scalar.
    @Test func scalarAndCharacterReadingsGiveTheSameTokens() {
        let texts = (Self.deals + Self.news).flatMap { [$0.0, $0.1] } + [
            "ÉNORME PROMO : l'Œuvre complète à 12,50 € (au lieu de 25.) – ÇA PART VITE",
            "Remise −35 % : ÀÂÄ éèêë îï ôö ùûü ç œ æ ÿ ñ ß ø ª º ² ³",
            "Prix : -20%, (-15 %), : - 46% et 1.099,99 EUR, 39.96. Fin,",
            "Ligne 1\r\nLigne 2\t« guillemets » “anglais” ‘simples’ … — tiret",
            "\u{A0}Espace insécable\u{202F}fine : 9\u{A0}€",
            "", "€", "-", "12,", "a-b -c (d) :e",
        ]
        for text in texts {
            #expect(DealDetector.Words.scalarTokens(text) == DealDetector.Words.characterTokens(text), "\(text)")
        }
        // Text a scalar reading would get wrong: a combining accent, a dotted capital I, an emoji.
        for text in ["Soldes cafe\u{301} à 2 €", "İstanbul : promo", "Promo 👍🏽 à 5 €", "Prix ﬁnal"] {
            #expect(DealDetector.Words.scalarTokens(text) == nil || DealDetector.Words.scalarTokens(text) == DealDetector.Words.characterTokens(text), "\(text)")
        }
        #expect(DealDetector.Words.scalarTokens("Soldes cafe\u{301} à 2 €") == nil)
    }

    @Test func dealsLeaveTheirStoriesAndGetTheirOwnSection() throws {
        let model = try DigestFixture.midnightModel()
        #expect(model.deals.map(\.entryID) == ["e962", "e961", "e960"], "latest first, the two once clustered together apart")
        #expect(!model.allStories.contains { $0.id == "s-e961" || $0.id == "s-d960" })
        #expect(model.allStories.contains { $0.id == "s-e970" }, "a launch with its price stays news")
        #expect(model.allStories.contains { $0.id == "s-e972" }, "news about fake discounts stays news")
        #expect(model.articleCount == model.allStories.reduce(0) { $0 + $1.sources.count } + 3)
        let html = HTMLRenderer.render(model)
        #expect(html.contains("<h2 id=\"deals\">Bons plans</h2>"))
        #expect(MarkdownRenderer.render(try DigestFixture.midnightModel(language: .en)).contains("## Deals"))
    }
}
