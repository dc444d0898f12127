/// A term's key with its hash computed once, where the item is read (`ItemReading`, on the analysing
/// core): the window's vocabulary is looked up for every term of every item on the clusterer's own
/// thread, and hashing a String there (Unicode-aware, over every byte) was 2 % of that thread.
/// Equality is still the String's: the stored hash only saves the rehash.
struct TermKey: Hashable, Sendable {
    let text: String
    let hash: Int

    init(_ text: String) { self.init(text, hash: text.hashValue) }

    /// `hash` must be `text.hashValue` (this process's hashing seed).
    init(_ text: String, hash: Int) {
        self.text = text
        self.hash = hash
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    static func == (a: TermKey, b: TermKey) -> Bool { a.hash == b.hash && a.text == b.text }
}
