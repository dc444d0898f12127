import Foundation
import Testing
@testable import VeilleCore

@Suite("Where configuration and state live")
struct ConfigLocationTests {
    @Test func explicitWinsThenEnvironmentThenEtcThenCwd() {
        #expect(ConfigLocation.resolve(explicit: "/x.toml", environment: ["VEILLE_CONFIG": "/y.toml"], fileExists: { _ in true }) == "/x.toml")
        #expect(ConfigLocation.resolve(explicit: nil, environment: ["VEILLE_CONFIG": "/y.toml"], fileExists: { _ in true }) == "/y.toml")
        #expect(ConfigLocation.resolve(explicit: nil, environment: [:], fileExists: { $0 == "/etc/veille/Feeds.toml" }) == "/etc/veille/Feeds.toml")
        #expect(ConfigLocation.resolve(explicit: nil, environment: [:], fileExists: { _ in false }) == "Feeds.toml")
    }

    @Test func stateDirectoryFromSystemdWins() {
        var c = Configuration()
        c.daemon.stateDir = "mine"
        let p = StatePaths.resolve(c, environment: ["STATE_DIRECTORY": "/var/lib/veille:/var/lib/other"], currentDirectory: "/home/u")
        #expect(p.stateDir == "/var/lib/veille")
        #expect(p.digestDir == "/var/lib/veille/digests")
        #expect(p.database == "/var/lib/veille/veille.sqlite")
    }

    @Test func relativeStateDirIsBesideTheConfigFile() {
        var c = Configuration()
        c.daemon.stateDir = "state"
        c.sourcePath = "/home/u/veille/Feeds.toml"
        #expect(StatePaths.resolve(c, environment: [:], currentDirectory: "/tmp").stateDir == "/home/u/veille/state")
        c.sourcePath = "conf/Feeds.toml"
        #expect(StatePaths.resolve(c, environment: [:], currentDirectory: "/tmp").stateDir == "/tmp/conf/state")
    }

    @Test func absentStateDirIsCurrentDirectoryState() {
        var c = Configuration()
        c.sourcePath = "/etc/veille/Feeds.toml"
        c.digest.dir = "/srv/digests"
        let p = StatePaths.resolve(c, environment: [:], currentDirectory: "/home/u")
        #expect(p.stateDir == "/home/u/state")
        #expect(p.digestDir == "/srv/digests")
    }
}
