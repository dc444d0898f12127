/// The merges of one kind of group (events or threads): which id each absorbed id now leads to, and
/// the merges not yet handed to the daemon, which moves the stored rows of each absorbed id.
struct MergeLog {
    private var aliases: [String: String] = [:]
    private var pending: [(from: String, into: String)] = []

    /// The surviving id of the group first issued as `id` (merges chain: a survivor may be absorbed later).
    func current(_ id: String) -> String {
        var id = id
        while let next = aliases[id] { id = next }
        return id
    }

    mutating func record(_ from: String, into: String) {
        aliases[from] = into
        pending.append((from, into))
    }

    /// The merges since the last call, in order (absorbed id, surviving id).
    mutating func take() -> [(from: String, into: String)] {
        defer { pending.removeAll() }
        return pending
    }
}
