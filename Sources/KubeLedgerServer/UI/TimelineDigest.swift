import Dispatch
import KubeLedger
import Ledger
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The server's memory of what each event does to the timeline (``TimelineStep``), by revision,
/// so that a window whose events were folded before (by an earlier window, a pan, the page's
/// second request with markers, or another viewer) reads no object and parses no JSON again.
///
/// Derived data, kept in memory only (reads never write the store) and checked before each use:
/// a stored event never changes, except for its actor when an audit record is joined later (an
/// amendment) and when a damaged tail is repaired and appended again. So the memory is dropped
/// when the store's amendment count changes or the event at the newest revision it knows is no
/// longer the same (its hash), and is then refilled from the log. It holds at most
/// ``capacity`` steps (about 19 hours of the 1M-event generated history); beyond that it starts
/// again.
final class TimelineDigest: Sendable {
    /// The most steps kept (under 1 KB each with their strings: 60 MB for a 6 h window of 70,000).
    static let capacity = 200_000

    private struct Memory {
        var steps: [UInt64: TimelineStep] = [:]
        /// Revisions of events of kinds the timeline does not show.
        var others: Set<UInt64> = []
        var amendments: UInt64 = 0
        /// The newest revision remembered, and its event's hash.
        var newest: (revision: UInt64, hash: [UInt8]) = (0, [])
        /// Counts the times the memory was dropped: steps read before a drop are not kept after it.
        var generation: UInt64 = 0
    }

    private let memory = Mutex(Memory())

    init() {}

    /// Drops everything remembered unless it still describes the log of `history`.
    func validate(_ history: History) throws {
        let amendments = try history.ledger.amendmentCount()
        let newest = memory.withLock { $0.newest }
        var same = newest.revision == 0
        if !same, let e = try history.events(at: [newest.revision], includeBody: false).first {
            same = e.hash == newest.hash
        }
        memory.withLock { m in
            if !same || m.amendments != amendments {
                m = Memory(amendments: amendments, generation: m.generation + 1)
            }
        }
    }

    /// The steps of the events at `revisions`, in the order given; `nil` for events of kinds the
    /// timeline does not show (and for revisions with no event). Events not remembered are read
    /// (headers first, then the objects of the timeline's kinds only) and remembered.
    func steps(at revisions: [UInt64], history: History) throws -> [TimelineStep?] {
        var out: [TimelineStep?] = []
        out.reserveCapacity(revisions.count)
        var missing: [Int] = []
        var generation: UInt64 = 0
        memory.withLock { m in
            generation = m.generation
            for (i, r) in revisions.enumerated() {
                if let s = m.steps[r] {
                    out.append(s)
                } else {
                    out.append(nil)
                    if !m.others.contains(r) { missing.append(i) }
                }
            }
        }
        guard !missing.isEmpty else { return out }
        // Headers first (the object key's bytes only), then the objects of the timeline's kinds.
        var shown: [UInt64] = []
        var others: [UInt64] = []
        for w in try history.objectWrites(at: missing.map { revisions[$0] }) {
            if Self.showsKind(w.key) { shown.append(w.revision) } else { others.append(w.revision) }
        }
        var found: [UInt64: TimelineStep] = [:]
        found.reserveCapacity(shown.count)
        for step in try Self.read(shown, history: history) { found[step.revision] = step }
        var newest: (revision: UInt64, hash: [UInt8]) = (0, [])
        if let last = shown.max(), let e = try history.events(at: [last], includeBody: false).first {
            newest = (last, e.hash)
        }
        for i in missing { out[i] = found[revisions[i]] }
        memory.withLock { m in
            guard m.generation == generation else { return }
            if m.steps.count + m.others.count + found.count + others.count > Self.capacity {
                m.steps.removeAll(keepingCapacity: true)
                m.others.removeAll(keepingCapacity: true)
                m.newest = (0, [])
            }
            m.steps.merge(found) { _, new in new }
            m.others.formUnion(others)
            if newest.revision > m.newest.revision { m.newest = newest }
        }
        return out
    }

    /// The steps of the events at `revisions`, read and parsed (decompressing and parsing the
    /// objects is most of a window never seen before) on two threads when there are enough.
    static func read(_ revisions: [UInt64], history: History) throws -> [TimelineStep] {
        let n = revisions.count
        let workers = min(2, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))), n / parallelThreshold)
        guard workers > 1 else { return try history.events(at: revisions).map(TimelineStep.init) }
        var parts = [Result<[TimelineStep], any Error>](repeating: .success([]), count: workers)
        let chunk = (n + workers - 1) / workers
        parts.withUnsafeMutableBufferPointer { buffer in
            // Each worker writes its own element of `buffer`: no two threads touch the same one.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let mine = Array(revisions[(w * chunk)..<min(n, (w + 1) * chunk)])
                slots[w] = Result { try history.events(at: mine).map(TimelineStep.init) }
            }
        }
        return try parts.flatMap { try $0.get() }
    }

    /// Events per extra reading thread: fewer are read on the caller's thread.
    static let parallelThreshold = 512

    /// The kinds on the timeline (by kind, as the window's event filter selects them).
    static let kinds = Set(TimelineWindow.kinds.map(\.kind))

    /// Whether an object key (``ObjectKey/encoded``: `group/kind` 0 …) is of a kind on the timeline.
    static func showsKind(_ key: [UInt8]) -> Bool {
        guard let end = key.firstIndex(of: 0) else { return false }
        let slash = key[..<end].firstIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
        return kinds.contains(String(decoding: key[slash..<end], as: UTF8.self))
    }
}
