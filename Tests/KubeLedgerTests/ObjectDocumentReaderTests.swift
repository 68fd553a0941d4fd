import KubeLedger
import Ledger
import Testing

@Suite struct ObjectDocumentReaderTests {
    let reader = ObjectDocumentReader()

    func read(_ text: String) throws(InputError) -> [ParsedObject] {
        try reader.objects(from: Array(text.utf8), source: "in.yaml")
    }

    func error(_ text: String) -> InputError? {
        do {
            _ = try read(text)
            return nil
        } catch { return error }
    }

    @Test func aJSONObjectIsStoredCompactWithNothingDroppedOrReordered() throws {
        let objects = try read(
            #"""
            { "kind": "Deployment", "apiVersion": "apps/v1", "metadata": { "name": "web", "uid": "u1", \#
            "resourceVersion": "7" }, "spec": { "z": 1, "a": "x y" } }
            """#
        )
        let o = try #require(objects.first)
        #expect(
            String(decoding: o.body, as: UTF8.self)
                == #"""
                {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","uid":"u1",\#
                "resourceVersion":"7"},"spec":{"z":1,"a":"x y"}}
                """#
        )
        #expect(
            o.reference
                == ObjectReference(
                    apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web", uid: "u1"))
        #expect(o.resourceVersion == "7")
    }

    @Test func multiDocumentYAMLGivesOneObjectPerDocument() throws {
        let objects = try read(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a, namespace: prod}
            data: {enabled: yes, mode: 0644, version: "1.25", when: 2026-01-01T00:00:00Z}
            ---
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: prod
            """)
        #expect(objects.count == 2)
        #expect(objects[0].reference.namespace == "prod")
        #expect(objects[1].reference.namespace == "", "Namespace is cluster-scoped")
        let json = String(decoding: objects[0].body, as: UTF8.self)
        #expect(json.contains(#""data":{"enabled":true,"mode":420,"version":"1.25","when":"2026-01-01T00:00:00Z"}"#))
        #expect(objects[1].line == 7)
    }

    @Test func aTypedListGivesItsItemsTheirKind() throws {
        let objects = try read(
            #"""
            {"apiVersion":"apps/v1","kind":"DeploymentList","items":[{"metadata":{"name":"a"}},\#
            {"metadata":{"name":"b"}}]}
            """#
        )
        #expect(objects.map(\.reference.name) == ["a", "b"])
        #expect(objects.allSatisfy { $0.reference.kind == "Deployment" && $0.reference.apiVersion == "apps/v1" })
        #expect(
            String(decoding: objects[0].body, as: UTF8.self)
                == #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a"}}"#)
    }

    @Test func aGenericListKeepsEachItemsOwnKind() throws {
        let objects = try read(
            #"""
            {"apiVersion":"v1","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}},\#
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"x"}}],"kind":"List",\#
            "metadata":{"resourceVersion":""}}
            """#
        )
        #expect(objects.map(\.reference.kind) == ["Pod", "Deployment"])
        #expect(objects.map(\.reference.namespace) == ["default", "x"])
    }

    @Test func generateNameGivesAStableName() throws {
        let a = try read(#"{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"web-"}}"#)
        let b = try read(#"{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"web-"}}"#)
        #expect(a[0].reference.name.hasPrefix("web-"))
        #expect(a[0].reference.name.count == 9)
        #expect(a[0].reference.name == b[0].reference.name)
    }

    @Test(arguments: [
        (#"{"kind":"Pod","metadata":{"name":"x"}}"#, "apiVersion"),
        (#"{"apiVersion":"v1","metadata":{"name":"x"}}"#, "kind"),
        (#"{"apiVersion":"v1","kind":"Pod","metadata":{}}"#, "metadata.name"),
        ("apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {}\n", "metadata.name"),
    ])
    func aMissingFieldIsNamed(input: String, field: String) {
        let e = error(input)
        #expect(e?.field == field, "\(String(describing: e))")
        #expect(e?.line == 1)
    }

    @Test func malformedJSONNamesTheLineAndColumn() {
        let e = error("{\n  \"apiVersion\": \"v1\",\n  \"kind\": Pod\n}")
        #expect(e?.line == 3)
        #expect(e?.description.hasPrefix("in.yaml:3:") == true)
        #expect(e?.message.contains("malformed JSON") == true)
    }

    @Test func malformedYAMLNamesTheLine() {
        let e = error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n")
        #expect(e?.message.contains("malformed YAML") == true)
        #expect(e?.line != nil)
    }

    @Test func invalidUTF8IsRejectedWithItsLine() {
        var bytes = Array("apiVersion: v1\nkind: Pod\nmetadata: {name: \"".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\"}\n".utf8)
        #expect(throws: InputError.self) { try reader.objects(from: bytes, source: "bad.yaml") }
        do {
            _ = try reader.objects(from: bytes, source: "bad.yaml")
        } catch {
            #expect(error.line == 3)
            #expect(error.message.contains("UTF-8"))
        }
    }

    @Test(arguments: ["", "   \n\n", "---\n---\n", #"{"apiVersion":"v1","kind":"List","items":[]}"#])
    func emptyInputIsAnError(input: String) {
        #expect(error(input)?.message.contains("empty input") == true)
    }

    @Test func anObjectOverTheLimitIsRejected() {
        var limits = InputLimits()
        limits.maxObjectBytes = 100
        let big =
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"x":""#
            + String(repeating: "a", count: 200) + #""}}"#
        #expect(throws: InputError.self) {
            try ObjectDocumentReader(limits: limits).objects(from: Array(big.utf8), source: "-")
        }
    }

    @Test func deepNestingIsRejected() {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(
            error(#"{"apiVersion":"v1","kind":"X","metadata":{"name":"x"},"a":"# + deep + "}")?.message.contains(
                "nesting") == true)
        #expect(error("a: " + String(repeating: "[", count: 5000))?.message.contains("deeper") == true)
    }

    @Test func aYAMLAliasBombIsRejected() {
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<9 {
            yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let e = error(yaml)
        #expect(e?.message.contains("alias") == true, "\(String(describing: e))")
    }

    @Test func aNameWithASlashIsRejected() {
        #expect(error(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a/b"}}"#)?.field == "metadata.name")
    }
}
