import KubeLedger
import Testing

/// Label and field selectors as the API server and kubectl take them.
@Suite struct SelectorTests {
    let labels = ["app": "web", "env": "prod", "tier": "front"]

    @Test func `label selectors: equality, set-based and existence requirements all hold`() throws {
        let cases: [(String, Bool)] = [
            ("", true), ("app=web", true), ("app==web", true), ("app!=web", false), ("app=db", false),
            ("env in (prod,staging)", true), ("env in (dev)", false), ("env notin (dev, qa)", true),
            ("env notin (prod)", false), ("tier", true), ("!tier", false), ("!canary", true), ("canary", false),
            ("app=web,env in (prod),!canary", true), ("app=web, tier!=front", false), ("missing!=x", true),
        ]
        for (text, expected) in cases {
            #expect(try LabelSelector(text).matches(labels) == expected, "\(text)")
        }
        let object = JSONValue.object(
            JSONObject([
                ("metadata", .object(JSONObject([("labels", .object(JSONObject([("app", .string("web"))])))])))
            ]))
        #expect(try LabelSelector("app=web").matches(object))
        #expect(try !LabelSelector("app=db").matches(object))
    }

    @Test func `malformed label selectors are errors that name the selector`() {
        for text in [
            "app=web,", "app in prod", "app in ()", "app in (a b)", "=web", "app=we b", "app ~ web", "!", "a/b c",
        ] {
            #expect(throws: SelectorError.self, "\(text)") { try LabelSelector(text) }
        }
        #expect((try? LabelSelector("app in prod")) == nil)
        do {
            _ = try LabelSelector("app in prod")
        } catch {
            #expect(error.description.hasPrefix("unable to parse requirement 'app in prod'"))
        }
    }

    @Test func `field selectors match fields, refuse unsupported ones and malformed text`() throws {
        let pod = JSONValue.object(
            JSONObject([
                ("metadata", .object(JSONObject([("name", .string("web-1")), ("namespace", .string("prod"))]))),
                ("spec", .object(JSONObject([("nodeName", .string("n1"))]))),
                ("status", .object(JSONObject([("phase", .string("Running"))]))),
            ]))
        #expect(try FieldSelector("status.phase=Running").matches(pod))
        #expect(try FieldSelector("status.phase==Running,spec.nodeName!=n2").matches(pod))
        #expect(try !FieldSelector("metadata.name=web-2").matches(pod))
        #expect(try FieldSelector("spec.nodeName=").matches(.object(JSONObject())))
        #expect(try FieldSelector("status.phase=Running").unsupportedField(kind: "Pod") == nil)
        #expect(try FieldSelector("involvedObject.name=web").unsupportedField(kind: "Event") == nil)
        #expect(try FieldSelector("spec.replicas=3").unsupportedField(kind: "Deployment") == "spec.replicas")
        for text in ["status.phase", "=x", "a!b"] {
            #expect(throws: SelectorError.self, "\(text)") { try FieldSelector(text) }
        }
    }
}
