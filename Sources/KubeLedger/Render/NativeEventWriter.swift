public import Ledger

/// Writes ``RecordedEvent``s as native event lines (`kubeledger export`), readable by
/// ``NativeEventAdapter``.
///
/// Every field is written, in a fixed order: `revision`, `recordedAt`, `verb`, `objectRef`,
/// `subresource`, `resourceVersion`, `occurredAt`, `actor`, `groups`, `userAgent`, `sourceIP`,
/// `source`, `eventID`, `annotations`, `objectVersion`, `hash` (hex), and last `object` with the
/// body bytes verbatim (or `null`). Times keep all their digits, so importing an export into an
/// empty store reproduces the same records and the same chain head.
public enum NativeEventWriter {
    /// The line for `event`, with its final newline.
    public static func line(_ event: RecordedEvent) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + (event.body?.count ?? 0))
        append(event, to: &out)
        return out
    }

    /// Appends the line for `event`, with its final newline, to `out`.
    public static func append(_ event: RecordedEvent, to out: inout [UInt8]) {
        func key(_ k: String, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(k, to: &out)
            out.append(UInt8(ascii: ":"))
        }
        func string(_ k: String, _ v: String) {
            key(k)
            JSONWriter.writeString(v, to: &out)
        }
        out.append(UInt8(ascii: "{"))
        key("revision", first: true)
        out.append(contentsOf: String(event.revision).utf8)
        string("recordedAt", event.recordedAt.rfc3339())
        string("verb", event.verb.description)
        key("objectRef")
        out.append(UInt8(ascii: "{"))
        key("apiVersion", first: true)
        JSONWriter.writeString(event.object.apiVersion, to: &out)
        string("kind", event.object.kind)
        string("namespace", event.object.namespace)
        string("name", event.object.name)
        string("uid", event.object.uid)
        out.append(UInt8(ascii: "}"))
        string("subresource", event.subresource)
        string("resourceVersion", event.resourceVersion)
        string("occurredAt", event.occurredAt.rfc3339())
        string("actor", event.actor)
        key("groups")
        out.append(UInt8(ascii: "["))
        for (i, g) in event.groups.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(g, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        string("userAgent", event.userAgent)
        string("sourceIP", event.sourceIP)
        string("source", event.source.description)
        string("eventID", event.eventID)
        key("annotations")
        out.append(UInt8(ascii: "{"))
        for (i, a) in event.annotations.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(a.key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONWriter.writeString(a.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        key("objectVersion")
        out.append(contentsOf: String(event.objectVersion).utf8)
        string("hash", hex(event.hash))
        key("object")
        if let body = event.body { out.append(contentsOf: body) } else { out.append(contentsOf: "null".utf8) }
        out.append(UInt8(ascii: "}"))
        out.append(0x0A)
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var s: [UInt8] = []
        s.reserveCapacity(bytes.count * 2)
        for b in bytes {
            s.append(digits[Int(b >> 4)])
            s.append(digits[Int(b & 0xF)])
        }
        return String(decoding: s, as: UTF8.self)
    }
}
