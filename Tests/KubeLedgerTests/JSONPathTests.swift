import KubeLedger
import Testing

/// kubectl's JSONPathTemplate and custom columns. Every expected text below is what kubectl 1.32 printed
/// for the same object (`kubectl label --local -f Fixtures/jsonpath-pod.json dummy- -o
/// jsonpath=…`); `JSONPathTests.againstKubectl` in the CLI tests runs kubectl itself.
@Suite struct JSONPathTests {
    let pod = Fixture.json("jsonpath-pod.json")

    @Test func `templates print what kubectl prints`() throws {
        let cases: [(String, String)] = [
            ("{.metadata.name}", "web-0"),
            ("{.metadata.labels}", #"{"app":"web","tier":"front"}"#),
            ("{.spec.containers[*].name}", "app side"),
            (#"{range .spec.containers[*]}{.name}{"\t"}{.image}{"\n"}{end}"#, "app\tnginx:1.25\nside\tbusybox\n"),
            ("{.status.containerStatuses[?(@.ready==true)].name}", "app"),
            ("{.spec.containers[0].ports[*].containerPort}", "80 443"),
            ("{..image}", "nginx:1.25 busybox"),
            ("{.metadata.annotations}", #"{"x":"\u003ca\u0026b\u003e"}"#),
            ("{.spec.containers[-1:].name}", "side"),
            ("{.nothing}", ""),
            ("x{.metadata.name}y", "xweb-0y"),
            (#"{.spec.containers[?(@.name=="side")].image}"#, "busybox"),
            ("{.status.containerStatuses[?(@.restartCount>1)].name}", "app"),
            ("{.metadata['name','namespace']}", "web-0 shop"),
            ("{range .spec.containers}{.name}{end}", ""),
            (
                "{.spec.containers[*]}",
                #"{"image":"nginx:1.25","name":"app","ports":[{"containerPort":80},{"containerPort":443}]}"#
                    + #" {"image":"busybox","name":"side"}"#
            ),
            ("{$.kind}", "Pod"), ("{@.kind}", "Pod"), ("{ .kind }", "Pod"),
            ("{.metadata.labels.app}", "web"),
            ("{.metadata.name} {.kind}", "web-0 Pod"),
            (#"{"\n"}"#, "\n"),
            ("{.spec.containers[?(@.image)].name}", "app side"),
            ("{.spec..name}", "app side"),
            ("{.spec.containers[*].ports}", #"[{"containerPort":80},{"containerPort":443}]"#),
            (#"{.metadata.name}{.metadata.bad}{"|"}"#, "web-0|"),
            ("{range .a}", ""), ("{.a!b}", ""),
        ]
        for (template, expected) in cases {
            #expect(try JSONPathTemplate(template).text(pod) == expected, "\(template)")
        }
    }

    @Test func `malformed templates fail with kubectl's words`() {
        let cases: [(String, String)] = [
            ("{.a[}", "error parsing jsonpath {.a[}, unterminated array"),
            ("{.a", "error parsing jsonpath {.a, unclosed action"),
            (#"{"x}"#, #"error parsing jsonpath {"x}, unterminated quoted string"#),
            ("{.a[x]}", "error parsing jsonpath {.a[x]}, invalid array index x"),
            ("{{.a}}", "error parsing jsonpath {{.a}}, unrecognized character in action: U+007B '{'"),
        ]
        for (template, message) in cases {
            #expect(throws: JSONPathError(message), "\(template)") { try JSONPathTemplate(template) }
        }
    }

    @Test func `custom columns: relaxed paths, <none>, Go's %v, several values joined by commas`() throws {
        let columns = try CustomColumns(
            spec: "NAME:.metadata.name,IMAGES:.spec.containers[*].image,L:{.metadata.labels},X:nope")
        #expect(
            columns.table([pod]) == """
                NAME    IMAGES               L                         X
                web-0   nginx:1.25,busybox   map[app:web tier:front]   <none>

                """)
        #expect(columns.table([pod], noHeaders: true).hasPrefix("web-0 "))
        #expect(throws: JSONPathError("unexpected custom-columns spec: bad, expected <header>:<json-path-expr>")) {
            try CustomColumns(spec: "bad")
        }
        #expect(throws: JSONPathError("custom-columns format specified but no custom columns given")) {
            try CustomColumns(spec: "")
        }
        // Split at the first colon only, as kubectl does: slices keep theirs.
        let last = try CustomColumns(spec: "LAST:.spec.containers[-1:].name")
        #expect(last.headers == ["LAST"] && last.table([pod], noHeaders: true) == "side\n")
        let file = try CustomColumns(file: "NAME   KIND\n.metadata.name   {.kind}\n")
        #expect(file.headers == ["NAME", "KIND"])
    }

    @Test func `sort-by orders numbers by value and puts objects without the field first`() throws {
        let objects: [JSONValue] = [10, 9, -1].map { n in
            n < 0 ? .object(JSONObject()) : .object(JSONObject([("n", .number("\(n)"))]))
        }
        #expect(try JSONPathTemplate(relaxed: ".n").sortedIndices(objects) == [2, 1, 0])
    }
}
