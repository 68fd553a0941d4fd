public import KubeLedger
import Ledger

/// The timeline page (`/ui/`) and the JSON API behind it (`/kubeledger/v1/…`, docs/api.md):
/// every answer comes from ``History`` (points, objects at a point, versions, diff, field blame,
/// rollouts, StatefulSet identity, rollback proposals) and the `kubeledger get` columns. It only
/// reads: the rollback manifest is shown, never applied or recorded.
public struct LedgerAPI: Sendable {
    /// The store's history.
    public let history: History
    /// What each event does to the timeline, remembered across requests (in memory only).
    let timelineDigest = TimelineDigest()

    public init(history: History) { self.history = history }

    /// Whether `path` is the page's or its API's (the rest is the Kubernetes API's).
    public static func handles(_ path: String) -> Bool {
        path == "/" || path == "/ui" || path.hasPrefix("/ui/") || path.hasPrefix("/kubeledger/")
    }

    /// A failed API request: HTTP status and a one-line message.
    struct Failure: Error {
        var status: Int
        var message: String
    }

    /// Answers one request for the page or its API.
    public func reply(method: String, path: String, query: [String: String]) -> APIResponder.Reply {
        guard method == "GET" || method == "HEAD" else {
            return error(Failure(status: 405, message: "\(method) is not allowed: the page only reads"))
        }
        if path == "/" || path == "/ui" || path.hasPrefix("/ui/") {
            guard let (type, text) = UIAssets.file(String(path.dropFirst(min(path.count, 4)))) else {
                return error(Failure(status: 404, message: "no such page file: \(path)"))
            }
            return APIResponder.Reply(status: 200, contentType: type, body: .bytes(Array(text.utf8)))
        }
        do {
            let value: JSONValue
            switch String(path.dropFirst("/kubeledger/v1/".count)) {
            case "range": value = try range()
            case "timeline":
                let request = try timelineRequest(query)
                let bytes = try TimelineWindow(history: history, request: request, digest: timelineDigest).bytes()
                return APIResponder.Reply(status: 200, contentType: "application/json", body: .bytes(bytes))
            case "get": value = try table(query)
            case "versions": value = try versions(query)
            case "diff": value = try diff(query)
            case "blame": value = try blame(query)
            case "rollouts": value = try rollouts(query)
            case "rollback": value = try rollback(query)
            case "identity": value = try identity(query)
            default: throw Failure(status: 404, message: "no such API path: \(path) (see docs/api.md)")
            }
            return APIResponder.Reply.json(value)
        } catch let f as Failure {
            return error(f)
        } catch let e as HistoryError {
            return error(Failure(status: 404, message: "\(e)"))
        } catch {
            return self.error(Failure(status: 500, message: "\(error)"))
        }
    }

    func error(_ f: Failure) -> APIResponder.Reply {
        .json(J.object([("error", .string(f.message)), ("status", J.int(f.status))]), status: f.status)
    }

    // MARK: - Parameters

    func required(_ query: [String: String], _ name: String) throws -> String {
        guard let v = query[name], !v.isEmpty else {
            throw Failure(status: 400, message: "missing query parameter '\(name)'")
        }
        return v
    }

    /// A time parameter: RFC 3339, or milliseconds since the epoch.
    func time(_ query: [String: String], _ name: String) throws -> Timestamp? {
        guard let text = query[name], !text.isEmpty else { return nil }
        if let ms = Int64(text) { return Timestamp(nanoseconds: ms * 1_000_000) }
        guard let t = Timestamp(rfc3339: text) else {
            throw Failure(status: 400, message: "'\(name)=\(text)': expected RFC 3339 or milliseconds since the epoch")
        }
        return t
    }

    /// A point: `at` (time: the cluster as it was then) or `revision`; neither: the head.
    func point(_ query: [String: String]) throws -> HistoryPoint {
        if let r = query["revision"], !r.isEmpty {
            guard let n = UInt64(r) else { throw Failure(status: 400, message: "'revision=\(r)': expected a number") }
            return try history.point(.revision(n))
        }
        if let t = try time(query, "at") { return try history.point(.time(t)) }
        return try history.point(nil)
    }

    func objectKey(_ query: [String: String]) throws -> ObjectKey {
        let kind = try required(query, "kind")
        return try history.objectKey(
            kind: kind, group: query["group"], namespace: query["ns"] ?? "", name: try required(query, "name"))
    }

    /// Reads the page's default window (the latest 6 hours, and the page's margin before them)
    /// into the timeline's memory (``TimelineDigest``), so the first viewer's window folds without
    /// reading objects. `serve` calls it once in the background when it starts; a store with no
    /// event has nothing to prepare.
    public func prepareTimeline() throws {
        guard let latest = try history.ledger.occurrenceClock().latestOccurrence else { return }
        let span: Int64 = (6 * 60 + 10) * 60 * 1_000_000_000
        var request = TimelineWindow.Request(
            from: Timestamp(nanoseconds: latest - span), to: Timestamp(nanoseconds: latest))
        request.markers = false
        _ = try TimelineWindow(history: history, request: request, digest: timelineDigest).bytes()
    }

    func timelineRequest(_ query: [String: String]) throws -> TimelineWindow.Request {
        // The latest occurrence time (not the head revision's: a backfill appends older events last).
        let latest = try history.ledger.occurrenceClock().latestOccurrence.map { Timestamp(nanoseconds: $0) }
        let to = try time(query, "to") ?? latest ?? history.point(.revision(.max)).time
        let from = try time(query, "from") ?? Timestamp(nanoseconds: to.nanoseconds - 3_600_000_000_000)
        guard from < to else { throw Failure(status: 400, message: "'from' must be before 'to'") }
        var r = TimelineWindow.Request(from: from, to: to)
        r.namespace = query["ns"].flatMap { $0.isEmpty ? nil : $0 }
        r.kind = query["kind"].flatMap { $0.isEmpty ? nil : $0 }
        r.name = query["name"]
        r.actor = query["actor"]
        if let m = query["maxPods"], let n = Int(m) { r.maxPods = max(0, n) }
        switch query["markers"] ?? "1" {
        case "1", "": r.markers = true
        case "0": r.markers = false
        case let v: throw Failure(status: 400, message: "'markers=\(v)': expected 0 or 1")
        }
        return r
    }
}
