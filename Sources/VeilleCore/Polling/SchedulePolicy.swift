import Foundation
import VeilleStore

/// When to poll a feed next: a pure function of the feed's history and the hints its server and
/// its document gave, so it is tested with a fake clock (Miniflux's `time.Now()` scheduling is not).
///
/// Order of reasoning: the configured interval, adapted to the observed publishing rhythm, kept in
/// [min, max]; failures back off exponentially (capped at 24 h); a random spread keeps feeds from
/// aligning; then nothing earlier than what the publisher asked (Retry-After, Cache-Control/Expires,
/// RSS `<ttl>`, `sy:updatePeriod`), and never inside `skipHours`/`skipDays`.
public enum SchedulePolicy {
    public enum Outcome: Sendable, Equatable {
        case fetched
        case notModified
        case failed(consecutiveFailures: Int)
        case gone
    }

    /// What the publisher asked for (feed-level `<ttl>`, `sy:*`, `skipHours`/`skipDays`; HTTP-level
    /// freshness and `Retry-After`): the store keeps exactly these, so the policy reads them as stored.
    public typealias PublisherHints = StoredFeedHints

    public struct Input: Sendable {
        public var now: Date
        public var outcome: Outcome
        /// The configured interval (the feed's own, else `[daemon] poll_interval`).
        public var interval: Seconds
        public var minInterval: Seconds
        public var maxInterval: Seconds
        /// Publication times of the feed's recent entries, any order.
        public var publications: [Date]
        public var hints: PublisherHints
        /// A random number in [0, 1), supplied by the caller (fixed in tests).
        public var jitter: Double

        public init(now: Date, outcome: Outcome, interval: Seconds, minInterval: Seconds, maxInterval: Seconds,
                    publications: [Date] = [], hints: PublisherHints = .init(), jitter: Double = 0.5) {
            self.now = now
            self.outcome = outcome
            self.interval = interval
            self.minInterval = minInterval
            self.maxInterval = maxInterval
            self.publications = publications
            self.hints = hints
            self.jitter = jitter
        }
    }

    public struct Decision: Sendable, Equatable {
        /// nil: never again (410 Gone).
        public var next: Date?
        /// Why, in a few words, for `veille feeds` and the logs.
        public var reason: String
    }

    /// Failures back off up to a day, as long as a feed is broken it is still retried daily.
    public static let maxBackoff: Seconds = 24 * 3600
    /// A publisher's own hints are obeyed up to this far (a typo'd `<ttl>` must not silence a feed for a year).
    static func hintCap(_ input: Input) -> Seconds { max(input.maxInterval, 24 * 3600) }
    static let retryAfterCap: Seconds = 7 * 24 * 3600

    public static func next(_ input: Input) -> Decision {
        var reason: String
        var seconds: Double
        switch input.outcome {
        case .gone:
            return Decision(next: nil, reason: "gone (HTTP 410): not polled again")
        case .failed(let failures):
            // 1st failure: the normal interval; then ×2 each time, ±25 % jitter, at most a day.
            let exponent = Double(min(max(failures - 1, 0), 20))
            let backoff = min(Double(input.interval) * pow(2, exponent), Double(maxBackoff))
            seconds = min(backoff * (0.75 + 0.5 * input.jitter), Double(maxBackoff))
            seconds = max(seconds, Double(input.minInterval))
            reason = "backoff after \(failures) failure\(failures > 1 ? "s" : "")"
        case .fetched, .notModified:
            if let rhythm = rhythmInterval(input.publications, now: input.now) {
                seconds = rhythm
                reason = "publishing rhythm"
            } else {
                seconds = Double(input.interval)
                reason = "configured interval"
            }
            // ±10 % spread so that feeds configured alike do not all fire on the same minute.
            seconds *= 0.9 + 0.2 * input.jitter
            seconds = min(max(seconds, Double(input.minInterval)), Double(input.maxInterval))
        }
        var next = input.now.addingTimeInterval(seconds)

        // The publisher's floors.
        let cap = input.now.addingTimeInterval(Double(hintCap(input)))
        var floors: [(Date, String)] = []
        if let r = input.hints.retryAfter {
            floors.append((min(r, input.now.addingTimeInterval(Double(retryAfterCap))), "Retry-After"))
        }
        if case .failed = input.outcome {} else {
            if let f = input.hints.freshUntil { floors.append((min(f, cap), "Cache-Control/Expires")) }
            if let ttl = input.hints.ttlMinutes, ttl > 0 { floors.append((min(input.now.addingTimeInterval(Double(ttl) * 60), cap), "RSS ttl")) }
            if let period = syndicationSeconds(input.hints) { floors.append((min(input.now.addingTimeInterval(period), cap), "sy:updatePeriod")) }
        }
        for (date, why) in floors where date > next {
            next = date
            reason = why
        }
        if let moved = skipForward(next, hours: input.hints.skipHours, days: input.hints.skipDays), moved != next {
            next = moved
            reason += ", after skipHours/skipDays"
        }
        return Decision(next: next, reason: reason)
    }

    /// Half the median gap between recent publications (so a new article waits, on average, a quarter
    /// of the gap); when the feed has gone quiet for much longer than its usual gap, a quarter of the
    /// silence instead. Needs at least 3 publications in the last 30 days.
    static func rhythmInterval(_ publications: [Date], now: Date) -> Double? {
        let recent = publications.filter { $0 <= now && now.timeIntervalSince($0) <= 30 * 86_400 }.sorted(by: >).prefix(20)
        guard recent.count >= 3 else { return nil }
        let times = Array(recent)
        var gaps: [Double] = []
        for i in 1..<times.count { gaps.append(times[i - 1].timeIntervalSince(times[i])) }
        gaps.sort()
        let median = gaps.count % 2 == 1 ? gaps[gaps.count / 2] : (gaps[gaps.count / 2 - 1] + gaps[gaps.count / 2]) / 2
        let silence = now.timeIntervalSince(times[0])
        if median > 0, silence > 4 * median { return silence / 4 }
        return median / 2
    }

    /// `sy:updatePeriod` / `sy:updateFrequency`: the publisher updates `frequency` times per period.
    static func syndicationSeconds(_ h: PublisherHints) -> Double? {
        guard let p = h.updatePeriod?.lowercased() else { return nil }
        let period: Double
        switch p {
        case "hourly": period = 3600
        case "daily": period = 86_400
        case "weekly": period = 7 * 86_400
        case "monthly": period = 30 * 86_400
        case "yearly": period = 365 * 86_400
        default: return nil
        }
        let f = Double(max(h.updateFrequency ?? 1, 1))
        return period / f
    }

    /// The first moment at or after `date` outside the skipped hours and days (GMT, as RSS defines them).
    static func skipForward(_ date: Date, hours: Set<Int>, days: Set<String>) -> Date? {
        guard !hours.isEmpty || !days.isEmpty else { return date }
        // GMT has no offset: hours and weekdays are plain arithmetic (no Calendar, which pages in ICU).
        // 1970-01-01 was a Thursday.
        let names = ["thursday", "friday", "saturday", "sunday", "monday", "tuesday", "wednesday"]
        let lowerDays = Set(days.map { $0.lowercased() })
        var candidate = date
        for _ in 0...(7 * 24) {
            let seconds = Int64(candidate.timeIntervalSince1970.rounded(.down))
            let hourStart = seconds >= 0 ? seconds / 3600 * 3600 : (seconds - 3599) / 3600 * 3600
            let day = Int(hourStart >= 0 ? hourStart / 86_400 : (hourStart - 86_399) / 86_400)
            let hour = Int(hourStart - Int64(day) * 86_400) / 3600
            let skipped = hours.contains(hour) || lowerDays.contains(names[(day % 7 + 7) % 7])
            if !skipped { return candidate }
            // Start of the next hour.
            candidate = Date(timeIntervalSince1970: TimeInterval(hourStart + 3600))
        }
        return date   // everything skipped: the hints are nonsense, ignore them
    }
}
