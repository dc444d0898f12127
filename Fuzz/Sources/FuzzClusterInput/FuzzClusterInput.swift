import Foundation
import StoryClustering

/// One fuzz input = one `veille cluster` JSON Lines document: read strictly (a bad line is an error
/// naming it), then clustered with explanations, as `veille cluster --explain` does. Titles and
/// summaries of any bytes, any dates, repeated ids, urls and guids must never crash the clusterer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClusterInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    let items: [ClusterItem]
    do {
        items = try ClusterInput.items(from: bytes)
    } catch {
        if error.line < 1 { fatalError("bad line number \(error.line)") }
        return 0
    }
    let clusterer = StoryClusterer(explains: true)
    var n = 0
    // In input order, not sorted as the command does: late entries (out of time order) reach the
    // daemon's clusterer too.
    for item in items {
        let a = clusterer.add(item)
        n &+= a.storyID.utf8.count &+ a.sharedTerms.count &+ a.rejections.count
        _ = clusterer.currentThreadID(for: a.threadID)
    }
    _ = clusterer.takeThreadMerges()
    if n == -1 { print(n) }
    return 0
}
