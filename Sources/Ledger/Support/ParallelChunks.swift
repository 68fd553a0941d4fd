import Foundation

/// Work split over the machine's cores in contiguous chunks, results in input order.
///
/// For CPU-bound work on independent elements (decompressing and rewriting the objects of a long
/// list, compressing a batch's bodies): up to ``maximumThreads`` threads, each given one
/// contiguous chunk, and none when the input is too short to pay for a thread.
///
/// ```swift
/// let parts = try ParallelChunks.map(revisions, minimumPerThread: 256) { chunk in
///     try ledger.events(at: Array(chunk))
/// }
/// ```
public enum ParallelChunks {
    /// The most threads one call uses.
    public static let maximumThreads = 4

    /// `transform` applied to consecutive chunks of `elements`, one chunk per thread, the
    /// results in the chunks' order. Chunks hold at least `minimumPerThread` elements, so a
    /// short input runs on the caller's thread alone (one chunk, possibly empty).
    ///
    /// - Throws: the error of the first chunk (in input order) whose `transform` threw.
    public static func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], minimumPerThread: Int,
        _ transform: @Sendable (ArraySlice<Element>) throws -> Result
    ) throws -> [Result] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let threads = min(maximumThreads, cores, max(1, elements.count / max(1, minimumPerThread)))
        guard threads > 1 else { return [try transform(elements[...])] }
        let chunk = (elements.count + threads - 1) / threads
        var results = [Swift.Result<Result, any Error>?](repeating: nil, count: threads)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each thread writes its own slot of `buffer`: no two threads touch the same element.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                let range = (t * chunk)..<min(elements.count, (t + 1) * chunk)
                slots[t] = Swift.Result { try transform(elements[range]) }
            }
        }
        return try results.map { try $0!.get() }
    }
}
