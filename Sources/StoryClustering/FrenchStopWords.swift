/// Words that say nothing about *which* event an article reports. Stored accent-folded, because
/// they are matched after folding (so "été"/"ete" and the accent-stripped feeds behave alike).
enum FrenchStopWords {
    /// Snowball's French stop list (function words, être/avoir forms), plus the frequent adverbs,
    /// determiners and pronouns it lacks ("cette", "tout", "plus"…).
    static let function: Set<String> = [
        "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "eux", "il", "ils",
        "je", "la", "le", "les", "leur", "lui", "ma", "mais", "me", "meme", "mes", "moi", "mon", "ne",
        "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses",
        "son", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "c", "d",
        "j", "l", "a", "m", "n", "s", "t", "y", "ete", "etee", "etees", "etes", "etant", "etante", "etants",
        "etantes", "suis", "es", "est", "sommes", "sont", "serai", "seras", "sera", "serons", "serez",
        "seront", "serais", "serait", "serions", "seriez", "seraient", "etais", "etait", "etions", "etiez",
        "etaient", "fus", "fut", "fumes", "futes", "furent", "sois", "soit", "soyons", "soyez", "soient",
        "fusse", "fusses", "fussions", "fussiez", "fussent", "ayant", "ayante", "ayantes", "ayants",
        "eu", "eue", "eues", "eus", "ai", "as", "avons", "avez", "ont", "aurai", "auras", "aura", "aurons",
        "aurez", "auront", "aurais", "aurait", "aurions", "auriez", "auraient", "avais", "avait", "avions",
        "aviez", "avaient", "eut", "eumes", "eutes", "eurent", "aie", "aies", "ait", "ayons", "ayez",
        "aient", "eusse", "eusses", "eussions", "eussiez", "eussent",
        // Beyond Snowball's list: determiners, pronouns, conjunctions, prepositions, adverbs.
        "cet", "cette", "ceux", "celle", "celles", "celui", "ci", "ca", "cela", "ceci", "la", "ici",
        "plus", "moins", "tres", "trop", "tout", "tous", "toute", "toutes", "aussi", "comme", "dont",
        "si", "sans", "sous", "entre", "vers", "chez", "apres", "avant", "depuis", "pendant", "contre",
        "selon", "lors", "alors", "donc", "car", "puis", "encore", "deja", "bien", "quand", "quoi",
        "quel", "quelle", "quels", "quelles", "leurs", "autre", "autres", "memes", "ainsi", "afin", "ni",
        "non", "oui", "peu", "beaucoup", "jamais", "toujours", "rien", "tout", "chaque", "certains",
        "certaines", "plusieurs", "aucun", "aucune", "sans", "via", "face", "lequel", "laquelle",
        "lesquels", "desquels", "auquel", "duquel", "ou", "sauf", "parmi", "outre", "environ", "pres",
        "loin", "fois", "etc", "vs", "the", "of", "and", "to", "in", "for", "is", "on",
        "il", "elles", "ceux-ci", "celle-ci", "faire", "fait", "faits", "faite", "font", "fera", "va",
        "vont", "veut", "peut", "peuvent", "doit", "doivent", "dit", "dire", "avoir", "etre",
        // Small number words: counts like "trois horloges" recur across unrelated events.
        "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "premier", "premiere",
        "dernier", "derniere",
        // Relative time words: every event happens "ce vendredi matin"; in a 72 h window they only
        // add accidental overlap between unrelated stories.
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "matin", "soir",
        "hier", "demain", "aujourd'hui", "semaine", "jour", "jours", "heure", "heures", "an", "ans",
        "annee", "annees", "mois", "nuit", "week-end",
    ]

    /// Headline fillers and feed boilerplate: teaser markers carry no event ("VIDÉO", "EN DIRECT",
    /// "ce qu'il faut savoir", "Lire la suite", "Cet article est apparu en premier sur…").
    static let filler: Set<String> = [
        "video", "videos", "direct", "live", "exclusif", "exclusive", "info", "infos", "officiel",
        "voici", "voila", "pourquoi", "comment", "savoir", "faut", "nouveau", "nouvelle", "nouveaux",
        "nouvelles", "photo", "photos", "diaporama", "replay", "lire", "suite", "article", "apparu",
        "urgent", "breaking", "podcast", "interview", "entretien", "temoignage", "tribune", "edito",
        "chronique", "decryptage",
    ]

    static func contains(_ folded: String) -> Bool {
        function.contains(folded) || filler.contains(folded)
    }
}
