import Foundation
import KubeLedgerGenerator
import Testing

@Suite struct RendererTests {
    private func line(
        _ event: GeneratedEvent, _ render: (GeneratedEvent, inout [UInt8]) -> Void
    ) throws -> [String: Any] {
        try Fixtures.json(rendered(event, render))
    }

    /// The rendered line (checked to be appended to what the buffer held, without a newline).
    private func rendered(_ event: GeneratedEvent, _ render: (GeneratedEvent, inout [UInt8]) -> Void) -> [UInt8] {
        var bytes: [UInt8] = Array("prefix".utf8)
        render(event, &bytes)
        #expect(Array(bytes.prefix(6)) == Array("prefix".utf8), "renderers append")
        #expect(!bytes.contains(0x0A), "one line, no newline")
        return Array(bytes.dropFirst(6))
    }

    /// Whether `bytes` contains `key` immediately followed by the event's object bytes, verbatim.
    private func embeds(_ bytes: [UInt8], _ key: String, _ object: [UInt8]) -> Bool {
        Fixtures.find(Array(key.utf8) + object, in: bytes, from: 0) != nil
    }

    @Test func nativeLinesCarryTheEventEnvelope() throws {
        for event in Fixtures.history.prefix(800) {
            let json = try line(event) { $0.appendNativeLine(to: &$1) }
            #expect(json["verb"] as? String == event.verb)
            #expect(json["subresource"] as? String == event.subresource)
            #expect(event.subresource != nil || json.keys.contains("subresource") == false)
            let occurredAt = try #require(json["occurredAt"] as? String)
            #expect(occurredAt.count == "2026-01-01T00:00:05.123456789Z".count && occurredAt.hasSuffix("Z"))
            #expect(parseRFC3339(occurredAt) == event.occurredAtNanos)
            #expect(json["actor"] as? String == event.actor)
            #expect(json["groups"] as? [String] == event.groups)
            #expect(json["userAgent"] as? String == event.userAgent)
            #expect(json["sourceIP"] as? String == event.sourceIP)
            #expect(json["eventID"] as? String == event.auditID)
            #expect(json["resourceVersion"] as? String == event.resourceVersion)
            #expect(json["object"] is [String: Any])
            let bytes = rendered(event) { $0.appendNativeLine(to: &$1) }
            #expect(
                bytes.suffix(event.object.count + 1) == ArraySlice(event.object + [0x7D]), "the object, verbatim, last")
        }
    }

    @Test func nativeLinesKeepTheFieldOrder() {
        let event = Fixtures.history[0]
        var bytes: [UInt8] = []
        event.appendNativeLine(to: &bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        let keys = [
            "\"verb\":", "\"occurredAt\":", "\"actor\":", "\"groups\":", "\"userAgent\":", "\"sourceIP\":",
            "\"eventID\":", "\"resourceVersion\":", "\"object\":",
        ]
        let positions = keys.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == keys.count)
        #expect(positions == positions.sorted())
    }

    @Test func auditLinesAreResponseCompleteAuditEvents() throws {
        var generatedCreates = 0
        for event in Fixtures.history.prefix(1_000) {
            let json = try line(event) { $0.appendAuditLine(to: &$1) }
            #expect(json["kind"] as? String == "Event")
            #expect(json["apiVersion"] as? String == "audit.k8s.io/v1")
            #expect(json["level"] as? String == "RequestResponse")
            #expect(json["stage"] as? String == "ResponseComplete")
            #expect(json["auditID"] as? String == event.auditID)
            #expect(json["verb"] as? String == event.verb)
            #expect(json[path: "user", "username"] as? String == event.actor)
            #expect(json[path: "user", "groups"] as? [String] == event.groups)
            #expect(json["sourceIPs"] as? [String] == [event.sourceIP])
            #expect(json["userAgent"] as? String == event.userAgent)
            #expect(json[path: "responseStatus", "code"] as? Int == (event.verb == "create" ? 201 : 200))
            let ref = try #require(json["objectRef"] as? [String: Any])
            #expect(ref["resource"] as? String == event.resource)
            #expect(ref["namespace"] as? String == event.namespace)
            #expect(ref["subresource"] as? String == event.subresource)
            #expect(ref["apiVersion"] as? String == "v1")
            #expect(ref["apiGroup"] as? String == (event.apiVersion == "apps/v1" ? "apps" : nil))
            if event.verb == "create" && event.generatedName {
                #expect(ref["name"] == nil, "generateName creates have no objectRef.name")
                generatedCreates += 1
            } else {
                #expect(ref["name"] as? String == event.name)
            }
            if event.verb != "create" {
                #expect(ref["uid"] as? String == event.uid)
                #expect(ref["resourceVersion"] as? String == event.resourceVersion)
            }
            let uri = try #require(json["requestURI"] as? String)
            #expect(uri.hasPrefix(event.apiVersion == "apps/v1" ? "/apis/apps/v1/" : "/api/v1/"))
            #expect(uri.contains("/" + event.resource))
            #expect(json["responseObject"] is [String: Any])
            #expect(embeds(rendered(event) { $0.appendAuditLine(to: &$1) }, "\"responseObject\":", event.object))
            #expect(json["requestObject"] != nil)
            let received = try #require((json["requestReceivedTimestamp"] as? String).flatMap(parseRFC3339))
            let completed = try #require((json["stageTimestamp"] as? String).flatMap(parseRFC3339))
            #expect(received < completed && completed == event.occurredAtNanos)
            #expect(json[path: "annotations", "authorization.k8s.io/decision"] as? String == "allow")
        }
        #expect(generatedCreates > 20)
    }

    @Test func auditResourceNamesAreLowercasePlurals() {
        let resources = Set(Fixtures.history.map(\.resource))
        #expect(
            resources == [
                "pods", "replicasets", "deployments", "statefulsets", "daemonsets", "persistentvolumeclaims",
                "persistentvolumes", "nodes", "controllerrevisions",
            ])
    }

    @Test func watchLinesMapVerbsToEventTypes() throws {
        for event in Fixtures.history.prefix(800) {
            let json = try line(event) { $0.appendWatchLine(to: &$1) }
            let expected = event.verb == "create" ? "ADDED" : event.verb == "delete" ? "DELETED" : "MODIFIED"
            #expect(json["type"] as? String == expected)
            #expect(json.count == 2)
            let bytes = rendered(event) { $0.appendWatchLine(to: &$1) }
            #expect(bytes == Array("{\"type\":\"\(expected)\",\"object\":".utf8) + event.object + [0x7D])
        }
    }

    @Test func readEventsAreMetadataLevelAuditEventsOnly() throws {
        var options = GeneratorOptions(events: 300, seed: 11)
        options.includeReads = true
        let reads = HistoryGenerator(options).filter(\.isRead)
        #expect(!reads.isEmpty)
        for event in reads {
            var native: [UInt8] = []
            event.appendNativeLine(to: &native)
            event.appendWatchLine(to: &native)
            #expect(native.isEmpty)
            let json = try line(event) { $0.appendAuditLine(to: &$1) }
            #expect(json["level"] as? String == "Metadata")
            #expect(json["requestObject"] == nil && json["responseObject"] == nil)
            #expect(["get", "list", "watch"].contains(json["verb"] as? String ?? ""))
        }
    }
}

@Suite struct TimestampTests {
    @Test func formatsAndParsesRFC3339() {
        #expect(formatRFC3339Nanos(GeneratorOptions.defaultStart) == "2026-01-01T00:00:00.000000000Z")
        #expect(formatRFC3339Nanos(GeneratorOptions.defaultStart + 5_123_456_789) == "2026-01-01T00:00:05.123456789Z")
        #expect(parseRFC3339("2026-01-01T00:00:00Z") == GeneratorOptions.defaultStart)
        #expect(parseRFC3339("2026-01-01T01:00:00+01:00") == GeneratorOptions.defaultStart)
        #expect(parseRFC3339("2024-02-29T23:59:59.5Z") == 1_709_251_199_500_000_000)
        #expect(parseRFC3339("2026-13-01T00:00:00Z") == nil)
        #expect(parseRFC3339("yesterday") == nil)
        for nanos: Int64 in [0, 951_782_400_123_456_789, 4_102_444_799_999_999_999] {
            #expect(parseRFC3339(formatRFC3339Nanos(nanos)) == nanos)
        }
    }

    @Test func theStartOptionMovesTheWholeHistory() throws {
        var options = GeneratorOptions(events: 50, seed: 5)
        options.start = try #require(parseRFC3339("2030-06-15T12:00:00Z"))
        let first = try #require(HistoryGenerator(options).first { _ in true })
        #expect(formatRFC3339Nanos(first.occurredAtNanos).hasPrefix("2030-06-15T12:00:00."))
    }
}
