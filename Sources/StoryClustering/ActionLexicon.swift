/// What happened, in French news headlines: verbs and their nouns grouped in action classes.
///
/// Why: two events of one developing story share every name and differ by their action ("Musk
/// *propose* de racheter…" → "le conseil *rejette* l'offre" → "… *accepte*"); a shared action is evidence
/// of one event, two different actions of two (Kumaran & Allan 2005: names, topic terms and the rest
/// are separate evidence). Forms are stemmed with the clusterer's own Snowball stemmer, so any
/// inflection of a listed form matches. Classes are a bit set (at most 32).
struct ActionLexicon: Sendable {
    /// (class, space-separated inflected forms). Deliberately general French news vocabulary.
    static let classes: [(name: String, forms: String)] = [
        ("acquire", "rachète rachètent racheter rachat rachats rachetée racheté acquiert acquérir acquisition acquisitions achète acheter achat absorbe fusion fusionne fusionner"),
        ("offer", "offre offres propose proposer proposition surenchère"),
        ("reject", "rejette rejettent rejeter rejet refuse refusent refuser refus décline déclinent"),
        ("accept", "accepte acceptent accepter approuve approuver approbation valide valider validation autorise autoriser autorisation"),
        ("ban", "interdit interdire interdiction bannit bannir bannissement bloque bloquer blocage suspend suspendre suspension suspendu retire retirer retrait censure censurer exclut expulse"),
        ("restore", "rétablit rétablir rétablissement rétabli restaure restaurer réintègre réintégrer réintégré débloque débloquer déblocage rouvre rouvrir réouverture revient retour"),
        ("launch", "lance lancer lancement lancé sort sortie dévoile dévoiler dévoilé présente présenter présentation officialise officialiser inaugure déploie déployer déploiement disponible arrive"),
        ("delay", "reporte reporter report reporté retarde retarder retard retardé repousse repousser décale décaler décalé ajourne"),
        ("cancel", "annule annuler annulation annulé abandonne abandonner abandon arrête arrêter ferme fermer fermeture"),
        ("resign", "démissionne démissionner démission quitte quitter départ limogé limoge limoger renvoyé évincé écarté licencié"),
        ("appoint", "nomme nommer nommé nomination recrute recruter embauche embaucher rejoint rejoindre succède successeur"),
        ("fine", "amende amendes condamne condamner condamnation condamné sanctionne sanctionner sanction sanctions inflige infliger pénalité"),
        ("probe", "enquête enquêtes poursuit poursuivre poursuite poursuites plainte procès perquisition assigne accuse accuser accusation"),
        ("vote", "vote voter votent adopte adopter adoption adopté promulgue ratifie accord"),
        ("attack", "piratage piraté pirate cyberattaque attaque attaques fuite fuites rançongiciel ransomware hack compromis dérobé"),
        ("outage", "panne pannes plantage coupure indisponible"),
        ("fund", "investit investir investissement investissements financement valorisation"),
        ("fall", "diminue diminuer diminution chute chuter baisse baisser plonge plonger recule reculer dégringole perd perte pertes"),
        ("rise", "augmente augmenter augmentation hausse bondit bondir grimpe grimper dépasse dépasser franchit franchir record"),
        ("sales", "commandes précommandes réservations ventes vend vendu vendus téléchargements téléchargé"),
        ("explain", "explique expliquer explication explications répond répondre réagit réagir dément démentir justifie excuse excuses"),
        ("layoff", "licenciements licenciement supprime supprimer suppression suppressions"),
        // "lève" alone raises funds ("lève 600 millions"); with a ban word it lifts it ("lève le blocage").
        ("lift", "lève lèvent lever levée"),
        ("fix", "corrige corriger correctif correctifs patch rectifie rectifier"),
        ("results", "résultats bénéfice bénéfices trimestre trimestriel"),
    ]

    /// Words whose stem is an action's but that name no happening: stems are cut to six letters and
    /// Snowball strips "-ement", so "département" reads as "départ" (resign), "processeur" as "procès"
    /// (probe), "restaurant" as "restaurer", "officielle" as "officialise", "licence" as "licencie",
    /// "Autorité de la concurrence" as "autorise", "amendement" as "amende".
    /// Each would give an action to a headline that has none, and a different action splits an event.
    /// Folded and lowercase: whole words (none is a listed form), then prefixes of the written word
    /// (none starts a listed form or a common inflection of one; tested).
    static let falseFriendWords: Set<String> = [
        "succes", "vent", "vents", "finances", "correct", "corrects", "declin", "sorte", "sortes", "sorts",
        "sortant", "sortante", "sortants", "sortantes", "present", "presents", "presence", "depit", "limoges",
        "suspens", "nominatif", "nominative", "nominatifs", "nominatives", "nomine", "nominee", "nomines",
        "nominees", "nommement", "ecarts", "propos", "accorde", "accordee", "accordees", "accordes", "accorder",
        "commando", "commandos", "beneficiant", "beneficiait", "beneficiaires", "amender", "amendee", "amendees",
        "penal", "penale", "penales", "penaux", "penalement", "fermement", "fermete", "fermes", "reporters",
        "reportrice", "reportrices",
    ]
    static let falseFriendPrefixes: [String] = [
        "departement", "departag", "processeur", "processus", "procession", "restaurant", "restaurateur",
        "restauratrice", "officiel", "officier", "officine", "officieu", "licence", "investiga", "investiture",
        "autorite", "autoritai", "autoritar", "franche", "franchise", "indispensable", "plantation", "plantaire",
        "interdisciplin", "interdepend", "reportage", "reservoir", "reserve", "commandant", "commandement",
        "commandeur", "commandit", "financier", "suspense", "retable", "accordeon", "adoptif", "adoptive",
        "resulte", "resultant", "recordman", "acquiesc", "correcte", "correctionn", "beneficie", "bonde",
        "presentateur", "presentatrice", "presentiel", "presentement", "amendement", "successif", "successive",
        "validite", "acceptabl", "declinaison", "justificatif", "dementiel", "compromettant",
    ]

    /// Set phrases in which an action word names something else: "départ de feu" is a fire, "arrêt
    /// maladie" a sick leave, "retour d'expérience" feedback, "offre d'emploi" a job ad. The action
    /// word as written (folded), then a prefix of the next word.
    static let setPhrases: [(word: String, next: String)] = [
        ("depart", "feu"), ("departs", "feu"), ("depart", "vacances"), ("departs", "vacances"),
        ("arret", "maladie"), ("arrets", "maladie"), ("arret", "travail"), ("arrets", "travail"), ("arret", "cardiaque"),
        ("retour", "experience"), ("retours", "experience"), ("proces", "verba"), ("fusion", "nucleaire"),
        ("offre", "emploi"), ("offres", "emploi"), ("fuite", "cerveaux"), ("sortie", "crise"),
    ]

    /// Pairs of classes that contradict each other: one cannot be the same happening as the other.
    static let opposed: [(String, String)] = [
        ("ban", "restore"), ("offer", "reject"), ("accept", "reject"), ("launch", "delay"), ("launch", "cancel"),
        ("appoint", "resign"), ("rise", "fall"), ("offer", "accept"), ("acquire", "reject"),
    ]
    /// (earlier, later): a headline with both reports the later one, the earlier being its object
    /// ("rejette l'offre", "lève le blocage", "rétabli après 24 heures de blocage", "retarde le lancement").
    static let supersedes: [(String, String)] = [
        ("offer", "reject"), ("offer", "accept"), ("acquire", "reject"), ("acquire", "accept"), ("ban", "restore"),
        ("launch", "delay"), ("launch", "cancel"),
    ]

    /// Stem → classes (bit set).
    let classesByStem: [String: UInt32]
    let opposedMasks: [(UInt32, UInt32)]
    let supersedeMasks: [(earlier: UInt32, later: UInt32)]
    private let lift: UInt32, ban: UInt32, restore: UInt32, fund: UInt32

    init(analyzer: FrenchAnalyzer) {
        var map: [String: UInt32] = [:]
        for (index, entry) in Self.classes.enumerated() {
            for form in entry.forms.split(separator: " ") {
                for term in analyzer.terms("le " + form) where term.kind == .word {
                    map[term.key, default: 0] |= 1 << UInt32(index)
                }
            }
        }
        classesByStem = map
        let bit = { (name: String) -> UInt32 in 1 << UInt32(Self.classes.firstIndex { $0.name == name }!) }
        opposedMasks = Self.opposed.map { (bit($0.0), bit($0.1)) }
        supersedeMasks = Self.supersedes.map { (bit($0.0), bit($0.1)) }
        lift = bit("lift"); ban = bit("ban"); restore = bit("restore"); fund = bit("fund")
    }

    /// One field's classes from its action words in order: "lève" read in context, and a later
    /// action absorbing an earlier one named after it, its object ("rejette l'offre", "refuse l'offre de
    /// rachat", "rétabli après 24 heures de blocage"); named before it, both happened ("Musk offre…,
    /// Altman refuse").
    func fieldActions(_ sequence: [UInt32]) -> UInt32 {
        var seq = sequence
        let all = seq.reduce(0, |)
        if all & lift != 0 {
            let reading = all & ban != 0 ? restore : fund
            seq = seq.map { $0 & lift != 0 ? ($0 & ~lift) | reading : $0 }
        }
        var c = seq.reduce(0, |)
        for (earlier, later) in supersedeMasks where c & earlier != 0 && c & later != 0 {
            if let e = seq.firstIndex(where: { $0 & earlier != 0 }), let l = seq.firstIndex(where: { $0 & later != 0 }), e > l {
                c &= ~earlier
            }
        }
        return c
    }

    /// A word term's classes: its stem's, none for a false friend (`falseFriendWords`,
    /// `falseFriendPrefixes`) or in a set phrase with the term that follows it (`setPhrases`).
    func classes(of term: Term, before next: Term? = nil) -> UInt32 {
        guard let c = classesByStem[term.key] else { return 0 }
        let written = FrenchAnalyzer.fold(term.display.lowercased())
        if Self.isFalseFriend(written) { return 0 }
        if let next, next.kind == .word {
            let following = FrenchAnalyzer.fold(next.display.lowercased())
            if Self.setPhrases.contains(where: { written == $0.word && following.hasPrefix($0.next) }) { return 0 }
        }
        return c
    }

    static func isFalseFriend(_ folded: String) -> Bool {
        falseFriendWords.contains(folded) || falseFriendPrefixes.contains { folded.hasPrefix($0) }
    }

    func areOpposed(_ a: UInt32, _ b: UInt32) -> Bool {
        for (x, y) in opposedMasks where (a & x != 0 && b & y != 0) || (a & y != 0 && b & x != 0) { return true }
        return false
    }
}
