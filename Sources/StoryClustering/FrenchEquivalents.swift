/// Spellings that French news uses interchangeably for one thing, read as one term by `FrenchAnalyzer`.
///
/// Why: reports of one event were kept apart because one wrote "cyber-attaque" and the other
/// "cyberattaque", or "un milliard d'euros" and "1 milliard d'euros" (the first was no amount at
/// all, so the two sums could neither agree nor conflict). These are facts of the language, not of
/// any story.
enum FrenchEquivalents {
    /// Bound prefixes written with or without a hyphen ("cyber-attaque" = "cyberattaque",
    /// "e-mail" = "email"): such a compound is read as one word, as it is when written solid.
    static let boundPrefixes: Set<String> = [
        "cyber", "anti", "auto", "multi", "micro", "mini", "maxi", "ultra", "super", "hyper", "mega", "giga",
        "nano", "crypto", "neo", "semi", "co", "e", "re", "inter", "extra", "macro", "tele", "bio", "eco",
    ]

    /// Number words that count before a magnitude ("un milliard", "trois millions"); alone they are
    /// stop words.
    static let numberWords: [String: Double] = [
        "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
        "neuf": 9, "dix": 10, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30, "quarante": 40,
        "cinquante": 50, "cent": 100,
    ]
}
