import KubeLedger
import Ledger

/// The JSON shape of a stored event in `log -o json|jsonl` and `show -o json` (documented in
/// docs/cli.md): the native event line fields plus revision, object version and hashes.
enum EventJSON {
    static func value(_ e: RecordedEvent, includeObject: Bool) -> JSONValue {
        var o = JSONObject()
        o["revision"] = .number(String(e.revision))
        o["recordedAt"] = .string(e.recordedAt.description)
        o["occurredAt"] = .string(e.occurredAt.description)
        o["verb"] = .string(e.verb.description)
        if !e.subresource.isEmpty { o["subresource"] = .string(e.subresource) }
        var ref = JSONObject()
        ref["apiVersion"] = .string(e.object.apiVersion)
        ref["kind"] = .string(e.object.kind)
        if !e.object.namespace.isEmpty { ref["namespace"] = .string(e.object.namespace) }
        ref["name"] = .string(e.object.name)
        if !e.object.uid.isEmpty { ref["uid"] = .string(e.object.uid) }
        o["objectRef"] = .object(ref)
        o["objectVersion"] = .number(String(e.objectVersion))
        if !e.resourceVersion.isEmpty { o["resourceVersion"] = .string(e.resourceVersion) }
        if !e.actor.isEmpty { o["actor"] = .string(e.actor) }
        if !e.groups.isEmpty { o["groups"] = .array(e.groups.map { .string($0) }) }
        if !e.userAgent.isEmpty { o["userAgent"] = .string(e.userAgent) }
        if !e.sourceIP.isEmpty { o["sourceIP"] = .string(e.sourceIP) }
        o["source"] = .string(e.source.description)
        if !e.eventID.isEmpty { o["eventID"] = .string(e.eventID) }
        if !e.annotations.isEmpty {
            o["annotations"] = .object(JSONObject(e.annotations.map { ($0.key, JSONValue.string($0.value)) }))
        }
        o["prevHash"] = .string(Hex.encode(e.previousHash))
        o["hash"] = .string(Hex.encode(e.hash))
        if includeObject, let body = e.body {
            o["object"] =
                (try? JSONReader.parse(body, maxDepth: 10_000)) ?? .string(String(decoding: body, as: UTF8.self))
        }
        return .object(o)
    }
}
