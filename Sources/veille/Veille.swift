import ArgumentParser
import VeilleCore

/// The command-line surface: parse arguments, call the core, print. Nothing else lives here.
@main
struct Veille: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "veille",
        abstract: "A self-hosted news aggregator that groups the articles reporting the same event into one story.",
        discussion: """
        Configuration: --config PATH, else $VEILLE_CONFIG, else /etc/veille/Feeds.toml if it exists, \
        else ./Feeds.toml. State: $STATE_DIRECTORY, else state_dir from the configuration, else ./state.
        """,
        version: VeilleVersion.string,
        subcommands: [RunCommand.self, PollCommand.self, DigestCommand.self, FeedsCommand.self, AddCommand.self, RemoveCommand.self,
                      ImportOPMLCommand.self, ExportOPMLCommand.self, CheckCommand.self, ParseCommand.self, ClusterCommand.self]
    )

    /// The daemon's allocator settings (`HeapTrim`) hold only when set before a second thread
    /// allocates (glibc keeps the arena each thread made): set inside `veille run`, they left two
    /// arenas and 2.5 MB more at rest. So they are set here, before anything else runs.
    static func main() async {
        if CommandLine.arguments.dropFirst().first == RunCommand.configuration.commandName { HeapTrim.configureAllocator() }
        await main(nil)
    }
}
