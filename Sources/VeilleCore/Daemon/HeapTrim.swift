/// Gives the memory a cycle freed back to the kernel. glibc keeps freed blocks in its arenas (one
/// per thread that allocated, and a cycle parses on every core), so without this a daemon's RSS
/// stays at its busiest cycle's level for the hours it then sleeps.
enum HeapTrim {
    static func releaseFreedMemory() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
/// `int malloc_trim(size_t pad)` from <malloc.h>, which the Glibc module does not export; integer
/// arguments and result pass the same way in Swift's and C's calling conventions on Linux.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
