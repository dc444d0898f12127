/// One indexing term of a text, as produced by `FrenchAnalyzer`.
///
/// The kind matters twice: names, codes and amounts weigh more than plain words (they say *which*
/// event), and amounts feed the "conflicting numbers" guard ("97,4 milliards" is not "40 milliards").
public struct Term: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: UInt8, Sendable, CaseIterable {
        /// A common word, stemmed (Snowball) then accent-folded: "annoncé" → "annonc".
        case word
        /// A proper name or acronym, folded but never stemmed: "OpenAI" → "openai", "CNIL" → "cnil".
        case name
        /// Letters and digits together, kept whole: "GPT-4.5" → "gpt-4.5", "M4", "Covid-19".
        case code
        /// An amount: a number with a magnitude, a currency or a percent: "97,4 milliards" → "#97400000000".
        case amount
        /// A bare number ("3 morts", "200 000") or an ordinal.
        case number
        /// A four-digit year: weak evidence (many events share a year).
        case year
    }

    /// The indexing key: equal keys are the same term ("#…" for numbers, so they never collide with words).
    public let key: String
    public let kind: Kind
    /// The text as written (first form seen), for explanations: "97,4 milliards", "OpenAI".
    public let display: String
    /// The numeric value of amounts and numbers (nil for words, names, codes).
    public let value: Double?

    public init(key: String, kind: Kind, display: String, value: Double? = nil) {
        self.key = key
        self.kind = kind
        self.display = display
        self.value = value
    }

    public var description: String { key }
}
