import KubeLedger
import Testing

@Suite struct JSONReaderTests {
    @Test func parsesAndWritesBackCompactJSON() throws {
        let text = #"{"a":[1,-2.5e3,true,false,null,"s\"\\\n\u00e9\ud83d\ude00"],"b":{}}"#
        let v = try JSONReader.parse(Array(text.utf8))
        #expect(v["a"]?[1] == .number("-2.5e3"))
        #expect(v["a"]?[5]?.stringValue == "s\"\\\né😀")
        #expect(JSONWriter().string(v) == #"{"a":[1,-2.5e3,true,false,null,"s\"\\\né😀"],"b":{}}"#)
    }

    @Test(arguments: [
        "{", #"{"a":}"#, "[1,]", "01", "1.", "-", #""\x""#, "\"a\nb\"", "tru", #"{"a":1}x"#, #""\ud800""#, "[1 2]",
    ])
    func rejectsMalformedJSON(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(Array(text.utf8)) }
    }

    @Test func objectsCompareAsUnorderedMaps() throws {
        #expect(
            try JSONReader.parse(Array(#"{"a":1,"b":[2]}"#.utf8)) == JSONReader.parse(Array(#"{"b":[2],"a":1.0}"#.utf8))
        )
    }

    @Test func valueAtPathFollowsKeysIndexesAndQuotedKeys() throws {
        let v = try JSONReader.parse(
            Array(#"{"spec":{"containers":[{"image":"nginx"}]},"metadata":{"annotations":{"a.b/c":"d"}}}"#.utf8))
        #expect(v.value(atPath: "spec.containers[0].image")?.stringValue == "nginx")
        #expect(v.value(atPath: #"metadata.annotations["a.b/c"]"#)?.stringValue == "d")
        #expect(v.value(atPath: "spec.containers[3].image") == nil)
    }

    @Test func envelopeReadsIdentifyingFieldsWithoutATree() throws {
        let text =
            #"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"prod","uid":"u",\#
            "resourceVersion":"9","annotations":{"x":"y","kubernetes.io/change-cause":"because"}},\#
            "spec":{"replicas":3}}
            """#
        let env = try Array(text.utf8).withUnsafeBytes { b in
            var r = JSONReader(bytes: b)
            return try r.readEnvelope()
        }
        #expect(env.kind == "Deployment" && env.name == "web" && env.namespace == "prod" && env.uid == "u")
        #expect(env.resourceVersion == "9" && env.changeCause == "because")
    }

    @Test func utf8ValidationFindsTheFirstBadByte() {
        let good = Array("héllo 😀 world, plenty of ascii to pass the fast path".utf8)
        #expect(good.withUnsafeBytes { UTF8Validation.firstInvalidOffset(in: $0) } == nil)
        for bad: [UInt8] in [[0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82]] {
            let input = Array("abcdefghij".utf8) + bad
            #expect(input.withUnsafeBytes { UTF8Validation.firstInvalidOffset(in: $0) } == 10)
        }
    }

    @Test func `parsing only the metadata accepts and refuses what a full parse does and keeps the same metadata`()
        throws
    {
        let texts = [
            #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","namespace":"n","managedFields":[{"manager":"x"}],\#
            "labels":{"k":"v"}},"spec":{"x":[1,2,{"y":null}]},"status":{"phase":"Running"}}
            """#,
            #"{"metadata":{"name":"first"},"metadata":{"name":"second"}}"#,
            #"{"me\u0074adata":{"na\u006de":"escaped"},"spec":{}}"#,
            #"{"metadata":"not an object","spec":1}"#,
            #"{}"#, #"[1,2]"#, #""pod""#, #"null"#, " { \"metadata\" : { } } ",
            #"{"metadata":{"name":"a"},"spec":{"bad":"\q"}}"#, #"{"metadata":{"name":"a"},"spec":[1,]}"#,
            #"{"metadata":{"name":"a","managedFields":[tru]}}"#, #"{"metadata":{"name":"a"}} x"#,
            #"{"metadata":{"name":"a"},"spec":[[[[[1]]]]]}"#,
            #"{"metadata":{"name":"a"}"#, "",
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            let full = try? JSONReader.parse(bytes, maxDepth: 4)
            let meta = try? JSONReader.parseMetadata(bytes, maxDepth: 4)
            #expect((full == nil) == (meta == nil), "\(text)")
            guard let full, let meta else { continue }
            if full.objectValue == nil {
                #expect(meta == full, "\(text)")
                continue
            }
            let metadata = full["metadata"]
            if let m = metadata?.objectValue {
                #expect(meta["metadata"]?.objectValue?.keys == m.keys.filter { $0 != "managedFields" }, "\(text)")
            } else {
                #expect(meta["metadata"] == metadata, "\(text)")
            }
            for field in ["name", "namespace", "labels", "creationTimestamp"] {
                #expect(meta["metadata"]?[field] == metadata?[field], "\(text)")
            }
            #expect(meta["spec"] == nil && meta["metadata"]?["managedFields"] == nil)
        }
    }
}
