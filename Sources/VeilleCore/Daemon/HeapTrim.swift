#if canImport(Glibc)
import Glibc
#endif

/// Gives the memory a cycle freed back to the kernel. glibc keeps freed blocks in its arenas (one
/// per thread that allocated, and a cycle parses on every core), so without this a daemon's RSS
/// stays at its busiest cycle's level for the hours it then sleeps.
public enum HeapTrim {
    /// Set once, before any thread but the main one has allocated (`veille`'s `main` does it for
    /// `veille run`): glibc keeps an arena made by a thread, so set later they no longer hold.
    ///
    /// - A fixed mmap threshold of 128 KiB: glibc otherwise raises the threshold to the size of every
    ///   large block freed (up to 32 MiB), so feed bodies and digest texts of later cycles land inside
    ///   the arenas, where the small blocks allocated around them keep their pages resident for good:
    ///   the 2-hour soak's RSS crept up in steps while the live heap stayed at 11 MB. Blocks that size
    ///   are mapped and unmapped on their own instead (a few hundred mmaps a cycle).
    /// - One arena: one per thread that ever allocated (transfer thread, parsing workers, the
    ///   concurrency pool) multiplies that fragmentation. With two, the second held 10.7 MB of address
    ///   space for 1.9 MB in use after the first cycle; the daemon's threads rarely allocate at the
    ///   same instant, and a cycle is bound by its transfers, not by the allocator's lock.
    ///
    /// Measured on the footprint bench (500 feeds, idle 30 s after the first cycle): 64.2 → 59.8 MB,
    /// anonymous memory 21.7 → 17.3 MB, peak 94.5 → 83.4 MB (threshold and two arenas); static binary,
    /// two arenas → one: 51.2–51.7 → 48.7–49.0 MB, peak 56–57 → 52–53 MB. The environment
    /// (`GLIBC_TUNABLES`) still wins for anyone who sets it.
    public static func configureAllocator() {
        #if os(Linux)
        guard getenv("GLIBC_TUNABLES") == nil else { return }
        _ = glibcMallopt(mMmapThreshold, 128 * 1024)
        _ = glibcMallopt(mArenaMax, 1)
        #endif
    }

    static func releaseFreedMemory() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
/// `int malloc_trim(size_t pad)` and `int mallopt(int param, int value)` from <malloc.h>, which the
/// Glibc module does not export; integer arguments and results pass the same way in Swift's and C's
/// calling conventions on Linux.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
/// <malloc.h>'s M_MMAP_THRESHOLD and M_ARENA_MAX.
private let mMmapThreshold: Int32 = -3
private let mArenaMax: Int32 = -8
#endif
