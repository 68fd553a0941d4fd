import Foundation
import KubeLedger
import KubeLedgerGenerator
import Ledger
import LedgerTestSupport
import Testing

/// The timeline page served by `kubeledger serve` at `/ui/`, run in headless Chromium over a store
/// of kubectl-made objects and a generated cluster history: the DOM after the scripts ran shows
/// the timeline's rows and revision markers, the diff of two chosen versions, every revision past
/// `revisionHistoryLimit`, and the claim → volume of each StatefulSet ordinal; no page has a
/// script error.
@Suite(
    .enabled(
        if: CLIRunner.hasKubectl && HeadlessChromium.isAvailable,
        "needs kubectl 1.32 and Debian's chromium (make deps installs it): the page's browser checks are skipped"))
struct TimelinePageEndToEndTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }
    static let images = ["nginx:1.25", "nginx:1.26", "nginx:1.27", "nginx:1.28", "nginx:1.29"]
    static let actors = ["alice", "bob", "carol", "dave", "erin"]

    func write(_ name: String, _ text: String) -> String {
        FileManager.default.createFile(atPath: dir.file(name), contents: Data(text.utf8))
        return dir.file(name)
    }

    func append(_ json: String, at time: String, user: String = "alice") throws {
        let r = try cli.run(["append", "-f", write("o.json", json), "--at", time, "--user", user])
        try #require(r.status == 0, "\(r.stderr)")
    }

    /// A generated November (StatefulSets with claims and volumes), then on 1 December shop/web
    /// made by kubectl, its image set four times by four people (revisionHistoryLimit 2), and two
    /// of its pods (Pending, then Running).
    func store() throws {
        var options = GeneratorOptions(events: 1500, seed: 5)
        options.statefulSets = 2
        options.start = Timestamp(rfc3339: "2026-11-01T00:00:00Z")!.nanoseconds
        var lines: [UInt8] = []
        for event in HistoryGenerator(options) {
            event.appendNativeLine(to: &lines)
            lines.append(UInt8(ascii: "\n"))
        }
        FileManager.default.createFile(atPath: dir.file("gen.jsonl"), contents: Data(lines))
        let gen = try cli.run(["append", "--format", "events", "-f", dir.file("gen.jsonl")])
        try #require(gen.status == 0, "\(gen.stderr)")
        var web = try CLIRunner.kubectl([
            "create", "deployment", "web", "--image=nginx:1.25", "-n", "shop", "--dry-run=client", "-o", "json",
        ])
        .replacingOccurrences(of: "\"spec\": {", with: "\"spec\": {\"revisionHistoryLimit\": 2,")
        for (i, image) in Self.images.enumerated() {
            if i > 0 {
                web = try CLIRunner.kubectl(
                    ["set", "image", "--local", "-f", "-", "nginx=\(image)", "-o", "json"], stdin: web)
            }
            try append(web, at: "2026-12-01T\(10 + i):00:00Z", user: Self.actors[i])
        }
        for (i, phase) in ["Pending", "Running"].enumerated() {
            for pod in ["web-5d4f8c7b9-a1b2c", "web-5d4f8c7b9-d3e4f"] {
                try append(
                    """
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\(pod)","namespace":"shop","uid":"u-\(pod)",
                    "labels":{"app":"web","pod-template-hash":"5d4f8c7b9"},"ownerReferences":[{"apiVersion":"apps/v1",
                    "kind":"ReplicaSet","name":"web-5d4f8c7b9","uid":"rs","controller":true}]},
                    "spec":{"nodeName":"node-1","containers":[{"name":"nginx","image":"nginx:1.29"}]},
                    "status":{"phase":"\(phase)"}}
                    """, at: "2026-12-01T14:0\(i):00Z", user: "system:node:node-1")
            }
        }
    }

    /// The JSON of an API path (through curl, a real HTTP client).
    func json(_ url: String) throws -> JSONValue {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = ["-sf", url]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return try JSONReader.parse(Array(data))
    }

    /// The page's DOM after its scripts ran; fails on any script or API error.
    func page(_ browser: HeadlessChromium, _ url: String) throws -> String {
        let dom = try browser.dumpDOM(url)
        #expect(dom.contains("data-ready=\"1\""), "the page did not finish: \(url)\n\(dom.prefix(800))")
        #expect(!dom.contains("data-js-error=\""), "script error on \(url): \(Self.attribute("data-js-error", dom))")
        #expect(!dom.contains("data-api-error=\""), "API error on \(url): \(Self.attribute("data-api-error", dom))")
        return dom
    }

    static func attribute(_ name: String, _ dom: String) -> String {
        guard let r = dom.range(of: name + "=\"") else { return "" }
        return String(dom[r.upperBound...].prefix { $0 != "\"" })
    }

    @Test func `timeline, object, rollout and identity views in headless Chromium`() throws {
        try store()
        let before = cli.storeSnapshot()
        let server = try ServeRunner(store: dir.file("store"))
        defer {
            server.stop()
            #expect(cli.storeSnapshot() == before, "the page and its API never write")
        }
        let browser = try #require(HeadlessChromium(profile: dir.file("profile")))
        let ui = server.url + "/ui/"

        // Timeline: shop/web with its five revision markers (revision and actor), expanded to its pods.
        let from = "1796115600000"
        let to = "1796137200000"  // 2026-12-01T09:00Z … 15:00Z
        let timeline = try page(
            browser, ui + "?ns=shop&from=\(from)&to=\(to)&expand=Deployment/shop/web&at=2026-12-01T14:30:00Z")
        #expect(timeline.contains("data-row=\"Deployment/shop/web\""))
        for (i, actor) in Self.actors.enumerated() {
            #expect(timeline.contains("data-revision=\"\(i + 1)\" data-actor=\"\(actor)\""), "marker \(i + 1)")
        }
        #expect(timeline.contains("data-row=\"Pod/shop/web-5d4f8c7b9-a1b2c\""))
        #expect(timeline.contains("data-state=\"Pending\"") && timeline.contains("data-state=\"Running\""))
        // The time cursor's panel: `kubeledger get pods` at 14:30, both pods Running.
        let cursor = timeline.components(separatedBy: "id=\"cursor-table\"").last ?? ""
        #expect(cursor.contains("<td>web-5d4f8c7b9-a1b2c</td>") && cursor.contains("<td>Running</td>"), "\(cursor)")
        // The generated history's rows in a window of November, filtered by kind (the page draws
        // only the rows in view, so an unfiltered DOM need not hold the last ones).
        for kind in ["StatefulSet", "Node"] {
            let november = try page(browser, ui + "?from=1793491200000&to=1793577600000&kind=\(kind)")
            #expect(november.contains("data-kind=\"\(kind)\""), "\(kind) rows in November")
        }

        // Object view: the diff of revisions 2 and 4 of web (the chosen versions).
        let versions = try json(server.url + "/kubeledger/v1/versions?kind=Deployment&ns=shop&name=web")
        let revs = (versions["versions"]?.arrayValue ?? []).compactMap { v -> String? in
            if case .number(let n)? = v["revision"] { return n }
            return nil
        }
        try #require(revs.count == 5)
        let object = try page(browser, ui + "?view=object&kind=Deployment&ns=shop&name=web&a=\(revs[1])&b=\(revs[3])")
        #expect(object.contains("data-from=\"\(revs[1])\" data-to=\"\(revs[3])\""))
        #expect(object.contains("<span class=\"del\">-") && object.contains("image: nginx:1.26\n</span>"))
        #expect(object.contains("<span class=\"add\">+") && object.contains("image: nginx:1.28\n</span>"))
        #expect(object.contains("nginx:1.29") && object.contains("erin"), "field blame lists every image")

        // Rollout view: all five revisions, though revisionHistoryLimit is 2.
        let rollout = try page(browser, ui + "?view=rollout&kind=Deployment&ns=shop&name=web")
        for n in 1...5 { #expect(rollout.contains("<tr data-revision=\"\(n)\""), "revision \(n)") }

        // Identity view: each ordinal's claim and the volume it is bound to, as the API gives them.
        let sets = try json(server.url + "/kubeledger/v1/timeline?kind=StatefulSet&from=1793491200000&to=1796140800000")
        let set = try #require(sets["rows"]?[0])
        let ns = set["namespace"]?.stringValue ?? ""
        let name = set["name"]?.stringValue ?? ""
        let identity = try json(server.url + "/kubeledger/v1/identity?ns=\(ns)&name=\(name)")
        let identityPage = try page(browser, ui + "?view=identity&ns=\(ns)&name=\(name)")
        var bound = 0
        for o in identity["ordinals"]?.arrayValue ?? [] {
            let ordinal = o["ordinal"].flatMap { v -> String? in if case .number(let n) = v { n } else { nil } }
            #expect(identityPage.contains("data-ordinal=\"\(ordinal ?? "?")\""))
            for c in o["claims"]?.arrayValue ?? [] {
                let claim = c["name"]?.stringValue ?? ""
                let volume = c["volume"]?.stringValue ?? ""
                #expect(identityPage.contains("data-claim=\"\(claim)\" data-volume=\"\(volume)\""), "\(claim)")
                if !volume.isEmpty { bound += 1 }
            }
        }
        #expect(bound > 0, "the generated StatefulSet has bound claims")
    }

    /// One view read back from the DOM by tools/perf/ui-cdp.py: the URL's window (ms) and the
    /// axis labels (UTC).
    struct View: CustomStringConvertible {
        var step: String
        var from: Double
        var to: Double
        var axis: [String]
        var rows: Double
        var error: String?
        var width: Double { to - from }
        var description: String { "\(step): \(Int64(from))…\(Int64(to)) axis \(axis.first ?? "-")" }
    }

    @Test func `zoom and pan by keyboard, wheel and drag change the visible window without a script error`() throws {
        try store()
        let server = try ServeRunner(store: dir.file("store"))
        defer { server.stop() }
        let browser = try #require(HeadlessChromium(profile: dir.file("profile")))
        let from = 1_796_115_600_000.0
        let to = 1_796_137_200_000.0  // 2026-12-01T09:00Z … 15:00Z
        let steps = #"""
            [{"key":"ArrowRight"},{"key":"ArrowLeft"},{"key":"+"},{"key":"-"},{"wheel":120},{"drag":-300},{"key":"0"}]
            """#
        let run = try browser.drive(server.url + "/ui/?ns=shop&from=\(Int64(from))&to=\(Int64(to))", steps: steps)
        let parsed = try JSONReader.parse(Array(run.output.utf8))
        let views: [View] = (parsed.arrayValue ?? []).map { v in
            func number(_ name: String) -> Double {
                if case .number(let n)? = v[name] { return Double(n) ?? .nan }
                return .nan
            }
            let step = v["step"].map { $0.stringValue ?? String(decoding: JSONWriter().bytes($0), as: UTF8.self) }
            return View(
                step: step ?? "?", from: number("from"), to: number("to"),
                axis: (v["axis"]?.arrayValue ?? []).compactMap(\.stringValue), rows: number("rows"),
                error: v["error"]?.stringValue)
        }
        try #require(views.count == 8, "the driver's output: \(run.output.prefix(400)) \(run.errors.suffix(800))")
        for v in views {
            #expect(v.error == nil, "\(v.step): \(v.error ?? "")")
            #expect(v.rows > 0 && v.axis.count >= 2, "\(v)")
        }
        let (loaded, right, left, zoomIn, zoomOut, wheel, drag, fit) =
            (views[0], views[1], views[2], views[3], views[4], views[5], views[6], views[7])
        let w = to - from
        #expect(loaded.from == from && loaded.to == to, "\(loaded)")
        func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 2 }
        // → pans a tenth of the window later, ← back.
        #expect(near(right.from, from + w / 10) && near(right.to, to + w / 10), "\(right)")
        #expect(near(left.from, from) && near(left.to, to), "\(left)")
        // + halves the window about its middle, − doubles it back.
        #expect(near(zoomIn.width, w / 2) && near(zoomIn.from + zoomIn.width / 2, from + w / 2), "\(zoomIn)")
        #expect(near(zoomOut.from, from) && near(zoomOut.to, to), "\(zoomOut)")
        // A wheel turn down zooms out (×1.25) about the pointer, which was inside the window.
        #expect(near(wheel.width, w * 1.25) && wheel.from < from && wheel.to > to, "\(wheel)")
        // Dragging the lane 300 px to the left shows later times; the width stays.
        #expect(near(drag.width, wheel.width) && drag.from > wheel.from + 1000, "\(drag)")
        // 0 fits the whole log: from its first event (November) to its last.
        let range = try json(server.url + "/kubeledger/v1/range")
        if case .number(let first)? = range["first"] { #expect(fit.from == Double(first), "\(fit)") }
        #expect(fit.width > w, "\(fit)")
        // Every step changed what the axis shows.
        for (a, b) in zip(views, views.dropFirst()) {
            #expect(a.axis != b.axis, "the axis did not change from \(a) to \(b)")
        }
    }
}
