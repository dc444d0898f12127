import ArgumentParser
import FeedParsing
import Foundation
import VeilleCore

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Subscribe to a feed: fetch URL, validate it (or find the feeds an HTML page advertises), append a [[feed]] block to Feeds.toml.",
        discussion: "Every other byte of Feeds.toml stays as it was. A running daemon notices the change within seconds.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The feed's URL, or a web page that advertises feeds.")
    var url: String

    @Option(name: .long, help: "The feed's name (default: the feed's own title).")
    var name: String?

    @Option(name: .long, help: "A tag (repeatable).")
    var tag: [String] = []

    func run() throws {
        _ = global.bootstrapLogging(quietDefault: .error)
        let path = global.configPath
        let config = try global.loadConfiguration()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        if let problem = FeedAdmission.problem(name: name, url: url, in: config) { fail(problem) }

        let subscriber = FeedSubscriber(daemon: config.daemon)
        var target = url
        var probe = subscriber.probe(url)
        if case .page(let alternates) = probe {
            guard let chosen = choose(alternates) else { throw ExitCode(1) }
            target = chosen.url
            if let problem = FeedAdmission.problem(name: name, url: target, in: config) { fail(problem) }
            probe = subscriber.probe(target)
        }
        switch probe {
        case .failure(let why):
            fail("\(target): \(why)")
        case .page:
            fail("\(target) is a web page, not a feed")
        case .feed(let feedURL, let title, let count):
            let finalName = (name ?? title).trimmingCharacters(in: .whitespacesAndNewlines)
            let chosenName = finalName.isEmpty ? (URL(string: feedURL)?.host ?? feedURL) : finalName
            if let problem = FeedAdmission.problem(name: chosenName, url: feedURL, in: config) { fail(problem) }
            let updated = FeedsFileEditor.appending(.init(name: chosenName, url: feedURL, tags: tag), to: text)
            do {
                _ = try ConfigLoader.parse(text: updated, fileName: path)
                try FeedsFileEditor.write(updated, to: path)
            } catch {
                fail("Feeds.toml not changed: \(error)")
            }
            print("added: \(chosenName) <\(feedURL)> (\(count) entries now in the feed)")
        }
    }

    /// Several advertised feeds: ask on a terminal, otherwise list them and let the user pick by URL.
    func choose(_ alternates: [DiscoveredFeed]) -> DiscoveredFeed? {
        if alternates.count == 1 {
            print("\(url) is a web page; it advertises \(alternates[0].url)")
            return alternates[0]
        }
        print("\(url) is a web page that advertises \(alternates.count) feeds:")
        for (i, a) in alternates.enumerated() { print("  \(i + 1). \(a.title ?? a.type) <\(a.url)>") }
        guard isatty(0) == 1 else {
            printError("veille add: choose one and run: veille add URL")
            return nil
        }
        print("Which one? [1-\(alternates.count)] ", terminator: "")
        guard let line = readLine(), let n = Int(line.trimmingCharacters(in: .whitespaces)), (1...alternates.count).contains(n) else {
            printError("veille add: nothing chosen")
            return nil
        }
        return alternates[n - 1]
    }

    func fail(_ message: String) -> Never {
        printError("veille add: \(message)")
        Foundation.exit(1)
    }
}

struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Unsubscribe: delete the feed's [[feed]] block from Feeds.toml (matched by name or URL).",
        discussion: "Its stored entries stay in past digests. Every other byte of Feeds.toml stays as it was.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The feed's name or URL.")
    var feed: String

    func run() throws {
        let path = global.configPath
        _ = try global.loadConfiguration()
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard let updated = try FeedsFileEditor.removing(feed, from: text, fileName: path) else {
                printError("veille remove: no feed named or at '\(feed)' in \(path)")
                throw ExitCode(1)
            }
            try FeedsFileEditor.write(updated, to: path)
            print("removed: \(feed)")
        } catch let e as ExitCode {
            throw e
        } catch {
            printError("veille remove: \(error)")
            throw ExitCode(1)
        }
    }
}

struct ImportOPMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-opml",
        abstract: "Append the subscriptions of an OPML file to Feeds.toml (folders and categories become tags; duplicates are skipped).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The OPML file.")
    var file: String

    func run() throws {
        let path = global.configPath
        var config = try global.loadConfiguration()
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("veille import-opml: cannot read \(file)")
            throw ExitCode(1)
        }
        let outlines: [OPMLOutline]
        do { outlines = try OPMLReader.outlines(Array(data)) } catch {
            printError("veille import-opml: \(file): \(error.description)")
            throw ExitCode(1)
        }
        var text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var added = 0
        for o in outlines {
            let tags = o.categories.map { $0.replacingOccurrences(of: "/", with: "-") }
            var name = o.title
            var n = 2
            while config.feeds.contains(where: { $0.name.lowercased() == name.lowercased() }) { name = "\(o.title) (\(n))"; n += 1 }
            if let problem = FeedAdmission.problem(name: name, url: o.xmlURL, in: config) {
                print("skipped: \(o.title) <\(o.xmlURL)>: \(problem)")
                continue
            }
            text = FeedsFileEditor.appending(.init(name: name, url: o.xmlURL, tags: tags), to: text)
            config.feeds.append(FeedConfig(name: name, url: URL(string: o.xmlURL)!, tags: tags))
            added += 1
        }
        do {
            _ = try ConfigLoader.parse(text: text, fileName: path)
            if added > 0 { try FeedsFileEditor.write(text, to: path) }
        } catch {
            printError("veille import-opml: Feeds.toml not changed: \(error)")
            throw ExitCode(1)
        }
        print("imported \(added) of \(outlines.count) feeds into \(path)")
    }
}

struct ExportOPMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-opml",
        abstract: "Print Feeds.toml's feeds as OPML 2.0 (tags become categories).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let config = try global.loadConfiguration()
        print(OPMLWriter.render(config), terminator: "")
    }
}
