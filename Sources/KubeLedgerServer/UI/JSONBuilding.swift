import KubeLedger
import Ledger

/// Small constructors for the JSON the page's API answers with (ordered members).
enum J {
    /// An object with members in the order given; `nil` values are left out.
    static func object(_ members: [(String, JSONValue?)]) -> JSONValue {
        .object(JSONObject(members.compactMap { k, v in v.map { (k, $0) } }))
    }

    static func string(_ s: String?) -> JSONValue? { s.map { .string($0) } }

    static func int<T: BinaryInteger>(_ n: T) -> JSONValue { .number(String(n)) }

    /// Milliseconds since the epoch (the page's time unit).
    static func time(_ t: Timestamp) -> JSONValue { .number(String(t.nanoseconds / 1_000_000)) }

    /// A point in the log: revision, occurrence time (ms) and actor.
    static func point(_ p: LogPoint) -> JSONValue {
        object([("revision", int(p.revision)), ("time", time(p.time)), ("actor", .string(p.actor))])
    }
}
