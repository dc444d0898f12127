import Foundation
import Synchronization

/// Where a digest rewrite spends its time, phase by phase: wall seconds summed over days and over
/// the threads that build and render side by side (so the phases may add up to more than the
/// rewrite's wall time). What the digest benchmark prints.
public final class DigestTimings: Sendable {
    private let state = Mutex<[(name: String, seconds: Double)]>([])

    public init() {}

    /// Phases in the order they first ran, with their summed seconds.
    public var phases: [(name: String, seconds: Double)] { state.withLock { $0 } }

    /// Runs `body`, adding its wall time to phase `name`.
    public func measure<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        let start = ContinuousClock.now
        defer { add(name, ContinuousClock.now - start) }
        return try body()
    }

    func add(_ name: String, _ duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        state.withLock { phases in
            if let i = phases.firstIndex(where: { $0.name == name }) {
                phases[i].seconds += seconds
            } else {
                phases.append((name, seconds))
            }
        }
    }

    /// "read 0.120 s, inputs 0.080 s, …".
    public var line: String { Self.line(phases) }

    /// These phases as `line` writes them.
    public static func line(_ phases: [(name: String, seconds: Double)]) -> String {
        phases.map { $0.name + String(format: " %.3f s", $0.seconds) }.joined(separator: ", ")
    }
}
