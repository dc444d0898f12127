import VeilleStore

extension Configuration {
    /// Feeds.toml's feeds as the store keeps them (`Store.syncFeeds`): the one place they are built,
    /// for the engine's start and reloads, each poll cycle, and `veille feeds`.
    public var feedSpecs: [FeedSpec] {
        feeds.map { FeedSpec(url: $0.url.absoluteString, name: $0.name, tags: $0.tags, enabled: $0.enabled) }
    }
}
