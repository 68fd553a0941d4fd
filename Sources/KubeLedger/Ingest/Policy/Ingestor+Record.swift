public import Ledger

extension Ingestor {
    /// Commits a recorder's batch in ONE write transaction, with its cursors: the ingest policy of
    /// ``ingest(input:open:progress:read:)`` applied to a live stream.
    ///
    /// - `.event` items (watch) join a stored version of the same object (uid + resourceVersion)
    ///   from another source (an audit webhook) instead of being stored twice;
    /// - `.observed` items (a list) become a create (unknown or deleted object), an update (body
    ///   differs from the ledger's latest, or from an earlier item of this batch) or nothing;
    /// - for each ``RecordBatch/Relist``, objects of that kind the ledger holds live and the list
    ///   lacks are recorded as deleted, source `list`, with their last known body;
    /// - an event id already stored is skipped (so a replayed watch event adds nothing).
    ///
    /// - Throws: ``LedgerError`` from the store; nothing is stored then.
    public func commit(_ batch: RecordBatch, to ledger: Ledger) throws -> IngestReport {
        var events: [NewEvent] = []
        events.reserveCapacity(batch.items.count)
        // Latest body per object key among this batch's events (nil body: deleted).
        var batchState: [ObjectKey: [UInt8]?] = [:]
        var unchanged = 0
        for item in batch.items {
            switch item {
            case .event(var e, _):
                e.joinsSameObjectVersion = e.source != .cli
                batchState[e.object.key] = e.verb == .delete ? .some(nil) : .some(e.body)
                events.append(e)
            case .observed(var e, _):
                let current: [UInt8]??
                if let s = batchState[e.object.key] {
                    current = s
                } else if let latest = try ledger.latest(of: e.object.key), latest.verb != .delete,
                    let stored = try ledger.event(at: latest.revision)
                {
                    // The same resourceVersion is the same version (an API server's list items
                    // lack kind and apiVersion, so their bytes differ from the watched object's).
                    if !e.resourceVersion.isEmpty, stored.resourceVersion == e.resourceVersion {
                        unchanged += 1
                        continue
                    }
                    current = .some(stored.body ?? [])
                } else {
                    current = nil
                }
                if case .some(.some(let body)) = current {
                    if body == e.body {
                        unchanged += 1
                        continue
                    }
                    e.verb = .update
                } else {
                    e.verb = .create
                }
                e.joinsSameObjectVersion = true
                batchState[e.object.key] = .some(e.body)
                events.append(e)
            case .restored, .skipped, .rejected:
                continue
            }
        }
        for relist in batch.relists {
            events += try listDeletes(relist, ledger: ledger, batchState: batchState)
        }
        let r = try store(events, cursors: batch.cursors, in: ledger)
        var report = IngestReport(r)
        if unchanged > 0 { report.skippedByReason.append(("unchanged", unchanged)) }
        if r.appended > 0 { try maintainReadModels(ledger, touched: WorkloadSet(events)) }
        return report
    }

    /// Deletes for the objects of `relist`'s kind that are live in the ledger (and not deleted
    /// in this batch) but absent from the list.
    private func listDeletes(
        _ relist: RecordBatch.Relist, ledger: Ledger, batchState: [ObjectKey: [UInt8]?]
    ) throws -> [NewEvent] {
        let live = try WorkloadQueries(ledger: ledger).liveObjects(groupKind: relist.groupKind, namespace: nil)
        var out: [NewEvent] = []
        for (key, event) in live where !relist.present.contains("\(key.namespace)/\(key.name)") {
            if case .some(nil) = batchState[key] { continue }
            let identity = event.object.uid.isEmpty ? "\(key.namespace)/\(key.name)" : event.object.uid
            var annotations = [Annotation(Annotation.observedWhileNotWatching, "true")]
            annotations.append(Annotation(Annotation.listResourceVersion, relist.resourceVersion))
            out.append(
                NewEvent(
                    verb: .delete, object: event.object, resourceVersion: event.resourceVersion,
                    occurredAt: relist.observedAt, source: .list,
                    eventID: "\(identity)/\(event.resourceVersion)/LIST-DELETED@\(relist.resourceVersion)",
                    annotations: annotations, body: event.body))
        }
        return out
    }
}
