import Foundation
import KubeLedger
import Testing

/// Hostile JSON and YAML: each rejected with a clear error, in bounded time and memory. Every
/// input here is at most a few MiB; alias bombs stop at the 2,000,000-value budget, nesting at the
/// depth limit: the error names the budget that stopped the input, which is what bounds the work.
/// Time is not asserted (a busy machine makes any bound flaky; the fuzz harnesses run the parsers
/// under libFuzzer's own timeout).
@Suite struct HostileInputTests {
    func reject(_ text: String, limits: InputLimits = InputLimits()) -> InputError? {
        do { _ = try ObjectDocumentReader(limits: limits).objects(from: Array(text.utf8), source: "hostile") } catch {
            return error
        }
        return nil
    }

    static let head = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: h}\n"

    @Test func aBillionLaughsAliasBombIsRejectedQuickly() {
        var yaml = Self.head + "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1..<10 {
            yaml += "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ",") + "]\n"
        }
        let e = reject(yaml)
        #expect(e?.message.contains("alias bomb") == true, "\(String(describing: e))")
    }

    @Test func anAliasBombThroughMergeKeysIsRejected() {
        var yaml = Self.head + "m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}\n"
        for i in 1..<12 {
            yaml += "m\(i): &m\(i)\n" + (0..<8).map { "  k\($0): *m\(i - 1)\n" }.joined()
        }
        let e = reject(yaml)
        #expect(e?.message.contains("alias bomb") == true, "\(String(describing: e))")
    }

    @Test func deepBlockNestingIsRejected() {
        var yaml = Self.head + "data:\n"
        for i in 0..<2000 { yaml += String(repeating: " ", count: 2 * (i + 1)) + "k\(i):\n" }
        let e = reject(yaml)
        #expect(e?.message.contains("deeper") == true, "\(String(describing: e))")
    }

    @Test func deepBlockSequenceNestingIsRejected() {
        let yaml = Self.head + "data:\n  " + String(repeating: "- ", count: 3000) + "x\n"
        let e = reject(yaml)
        #expect(e?.message.contains("deeper") == true, "\(String(describing: e))")
    }

    @Test func deepFlowNestingInYAMLIsRejected() {
        let e = reject(
            Self.head + "data: " + String(repeating: "{a: ", count: 5000) + "1" + String(repeating: "}", count: 5000)
                + "\n")
        #expect(e?.message.contains("deeper") == true, "\(String(describing: e))")
    }

    @Test func aHugeYAMLScalarIsRejectedByTheObjectLimit() {
        let e = reject(Self.head + "data: {x: \"" + String(repeating: "a", count: 3 << 20) + "\"}\n")
        #expect(e?.message.contains("over the 1572864-byte limit") == true, "\(String(describing: e))")
    }

    @Test func aHugeJSONStringIsRejectedByTheObjectLimit() {
        let e = reject(
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"h"},"data":{"x":""#
                + String(repeating: "a", count: 3 << 20) + "\"}}")
        #expect(e?.message.contains("limit") == true, "\(String(describing: e))")
    }

    @Test func deepJSONObjectNestingIsRejected() {
        let deep = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        let e = reject(
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"h"},"data":"# + deep + "}")
        #expect(e?.message.contains("nest") == true, "\(String(describing: e))")
    }

    @Test(arguments: [
        String(repeating: "9", count: 100_000),
        "1" + String(repeating: "0", count: 400),
        "1e999999999",
        "-1.5E+400",
        "0." + String(repeating: "1", count: 200),
    ])
    func aHugeJSONNumberIsRejected(number: String) {
        let e = reject(
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"h"},"data":{"n":"# + number + "}}")
        #expect(e?.message.contains("number") == true, "\(String(describing: e))")
    }

    @Test func aHugeYAMLFloatIsRejected() {
        let e = reject(Self.head + "data:\n  n: 1e999\n")
        #expect(
            e?.message.contains("number out of float64 range") == true
                || e?.message.contains("cannot be represented") == true, "\(String(describing: e))")
    }

    @Test func ordinaryNumbersStillPass() throws {
        let objects = try ObjectDocumentReader().objects(
            from: Array(
                #"""
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"h"},"n":[0,-1,9223372036854775807,1.5e300,\#
                3.14159,18446744073709551616]}
                """#
                .utf8), source: "-")
        #expect(objects.count == 1)
    }

    @Test func manyEmptyYAMLDocumentsEndQuickly() {
        let e = reject(String(repeating: "---\n", count: 200_000))
        #expect(e?.message.contains("empty input") == true)
    }
}
