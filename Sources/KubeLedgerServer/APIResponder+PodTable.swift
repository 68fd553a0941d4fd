import KubeLedger
import Ledger

extension APIResponder {
    /// The `Table` of Pods kubectl asks for (`kubectl get pods`, no selectors, rows with their
    /// metadata), written straight to bytes: each row's cells from the pod-rows cache
    /// (``PodRowCache``, as `kubeledger get pods` prints them) and its `PartialObjectMetadata`
    /// spliced from the stored bytes (``ServedObject/spliceMetadata(body:namespace:event:to:)``),
    /// so no pod is parsed. Objects are read on up to four threads, as
    /// ``storedList(_:entry:at:after:limit:)`` reads them. The bytes are those ``TableBuilder``
    /// writes for the parsed pods (checked by the server's tests).
    func podTable(
        _ q: ObjectQuery, entry: ResourceCatalog.Entry, at view: HistoryPoint, after: [UInt8]?, limit: Int?
    ) throws -> Reply {
        let ordered = try orderedEntries(q, at: view)
        let start = Self.firstIndex(after: after, in: ordered)
        let end = limit.map { min(ordered.count, start + $0) } ?? ordered.count
        let page = ordered[start..<end].map(\.entry)
        let more = end < ordered.count && end > start
        var out = JSONWriter().bytes(
            TableBuilder.table(
                kind: entry.kind, objects: [], at: view.time, resourceVersion: String(view.revision),
                continueToken: more ? ContinueToken(view: view, after: ordered[end - 1].order).text : nil,
                remainingItemCount: more ? ordered.count - end : nil))
        out.removeLast(2)  // `]}`: the empty rows and the Table's closing brace
        let ledger = history.ledger
        let parts = try ParallelChunks.map(page, minimumPerThread: 128) { chunk throws -> [UInt8] in
            let found = try Self.events(of: chunk, in: ledger)
            let rows = PodRowCache(ledger: ledger).rows(of: found)
            var part: [UInt8] = []
            part.reserveCapacity(chunk.count * 1024)
            for ((key, event), row) in zip(found, rows) {
                guard let row, let body = event.body else { continue }
                if !part.isEmpty { part.append(UInt8(ascii: ",")) }
                Self.appendRow(row, key: key, body: body, event: event, entry: entry, at: view.time, to: &part)
            }
            return part
        }
        for part in parts where !part.isEmpty {
            if out.last != UInt8(ascii: "[") { out.append(UInt8(ascii: ",")) }
            out += part
        }
        out += "]}".utf8
        return Reply(status: 200, contentType: "application/json", body: .bytes(out))
    }

    /// The events the live set names at `entries`, in their order, each with its key.
    ///
    /// - Throws: ``LedgerError/corruptRecord(revision:reason:)`` when the log lacks one of them.
    static func events(
        of entries: some Collection<(key: ObjectKey, revision: UInt64)>, in ledger: Ledger
    ) throws -> [(key: ObjectKey, event: RecordedEvent)] {
        let events = try ledger.events(at: entries.map(\.revision))
        guard events.count == entries.count else {
            let found = Set(events.map(\.revision))
            let missing = entries.first { !found.contains($0.revision) }?.revision ?? 0
            throw LedgerError.corruptRecord(
                revision: missing, reason: "the live set names it; the log has no such event")
        }
        return zip(entries.map(\.key), events).map { ($0, $1) }
    }

    /// One Table row of a pod: `{"cells":[…],"object":{PartialObjectMetadata}}`.
    static func appendRow(
        _ row: PodRow, key: ObjectKey, body: [UInt8], event: RecordedEvent, entry: ResourceCatalog.Entry,
        at time: Timestamp, to out: inout [UInt8]
    ) {
        out += #"{"cells":["#.utf8
        let (standard, wide) = row.cells(at: time)
        for (i, cell) in (standard + wide).enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(cell, to: &out)
        }
        out += #"],"object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":"#.utf8
        if !ServedObject.spliceMetadata(body: body, namespace: key.namespace, event: event, to: &out) {
            // Not in the plain shape the splice handles: the metadata parsed and served.
            let parsed = (try? JSONReader.parseMetadata(body, maxDepth: 10_000)) ?? .object(JSONObject())
            let served = ServedObject.value(History.namespaced(parsed, key), event: event, entry: entry)
            out += JSONWriter().bytes(served["metadata"] ?? .object(JSONObject()))
        }
        out += "}}".utf8
    }
}
