public import KubeLedger
public import Ledger

/// A LIST's `continue` token: the view the first page showed and the last key served, so that
/// every page shows the same state (as the API server's token carries its etcd revision) and a
/// page costs what it serves, not the whole list.
///
/// Text: `REVISION.HORIZON.TIME.PREFIX.KEY`, with `_` for no horizon, `1`/`0` for whether the
/// view is a revision prefix, and the last `namespace/name` served in hexadecimal. Clients treat
/// it as opaque.
public struct ContinueToken: Sendable, Hashable {
    /// The view every page shows.
    public var view: HistoryPoint
    /// The API order key (`namespace/name`, or `name`) of the last object served.
    public var after: [UInt8]

    public init(view: HistoryPoint, after: [UInt8]) {
        self.view = view
        self.after = after
    }

    /// Parses a token this server issued; `nil` when it is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, let revision = UInt64(parts[0]), let time = Int64(parts[2]),
            parts[3] == "0" || parts[3] == "1", parts[4].utf8.count % 2 == 0
        else { return nil }
        var horizon: Timestamp?
        if parts[1] != "_" {
            guard let h = Int64(parts[1]) else { return nil }
            horizon = Timestamp(nanoseconds: h)
        }
        var key: [UInt8] = []
        key.reserveCapacity(parts[4].utf8.count / 2)
        var digits = parts[4].utf8.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            guard let h = Self.nibble(high), let l = Self.nibble(low) else { return nil }
            key.append(h << 4 | l)
        }
        self.view = HistoryPoint(
            revision: revision, horizon: horizon, time: Timestamp(nanoseconds: time), isRevisionPrefix: parts[3] == "1")
        self.after = key
    }

    /// The token's text.
    public var text: String {
        let hex = Array("0123456789abcdef".utf8)
        var key: [UInt8] = []
        key.reserveCapacity(after.count * 2)
        for b in after {
            key.append(hex[Int(b >> 4)])
            key.append(hex[Int(b & 0x0F)])
        }
        return "\(view.revision).\(view.horizon.map { String($0.nanoseconds) } ?? "_").\(view.time.nanoseconds)."
            + "\(view.isRevisionPrefix ? 1 : 0).\(String(decoding: key, as: UTF8.self))"
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
