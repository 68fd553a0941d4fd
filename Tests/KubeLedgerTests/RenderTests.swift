import Foundation
import KubeLedger
import Ledger
import Testing

@Suite struct KubectlYAMLTests {
    @Test(arguments: [
        ("web", KubectlFixtures.webJSON, KubectlFixtures.webYAML),
        ("configmap with tricky strings", KubectlFixtures.cmJSON, KubectlFixtures.cmYAML),
        ("numbers and nesting", KubectlFixtures.n2JSON, KubectlFixtures.n2YAML),
    ])
    func outputEqualsKubectlByteForByte(name: String, json: String, yaml: String) throws {
        let value = try JSONReader.parse(Array(json.utf8))
        let rendered = KubectlYAML.render(value)
        #expect(rendered == yaml + "\n", "\(name)")
        if rendered != yaml + "\n" {
            print(UnifiedDiff.diff(yaml + "\n", rendered, oldName: "kubectl", newName: "KubectlYAML"))
        }
    }

    @Test func scalarsAreQuotedOnlyWhenNeeded() throws {
        let v = try JSONReader.parse(
            Array(#"{"a":"1.25","b":"true","c":"","d":" x ","e":"nginx:1.25","f":"l1\nl2"}"#.utf8))
        #expect(
            KubectlYAML.render(v) == "a: \"1.25\"\nb: \"true\"\nc: \"\"\nd: ' x '\ne: nginx:1.25\nf: |-\n  l1\n  l2\n")
    }
}

@Suite struct UnifiedDiffTests {
    @Test func equalTextsHaveNoDiff() {
        #expect(UnifiedDiff.diff("a\nb\n", "a\nb\n") == "")
    }

    @Test func oneChangeGivesOneHunkWithThreeLinesOfContext() {
        let old = (1...10).map { "l\($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "l5\n", with: "five\n")
        #expect(
            UnifiedDiff.diff(old, new) == "--- a\n+++ b\n@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+five\n l6\n l7\n l8\n")
    }

    @Test func distantChangesGiveTwoHunksAndInsertionsAtTheEnd() {
        let old = (1...20).map { "l\($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "l2\n", with: "") + "l21\n"
        #expect(
            UnifiedDiff.diff(old, new, oldName: "rev 1", newName: "rev 2")
                == """
                --- rev 1\n+++ rev 2\n@@ -1,5 +1,4 @@\n l1\n-l2\n l3\n l4\n l5\n@@ -18,3 +17,4 @@\n l18\n l19\n \
                l20\n+l21\n
                """
        )
    }

    @Test func aMissingFinalNewlineIsMarked() {
        #expect(UnifiedDiff.diff("a\n", "b") == "--- a\n+++ b\n@@ -1 +1 @@\n-a\n+b\n\\ No newline at end of file\n")
        #expect(UnifiedDiff.diff("", "x\n") == "--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n")
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func kubectlEditBuffersDiffAndPatchBack() throws {
        let dir = "kubernetes__kubectl/pkg/cmd/edit/testdata/testcase-list"
        let old = String(decoding: try Corpus.bytes(dir + "/2.original"), as: UTF8.self)
        let new = String(decoding: try Corpus.bytes(dir + "/2.edited"), as: UTF8.self)
        let diff = UnifiedDiff.diff(old, new)
        #expect(diff.hasPrefix("--- a\n+++ b\n@@ -"))
        #expect(apply(diff, to: old) == new)
    }

    /// Applies a unified diff (test helper: checks hunks are self-consistent).
    func apply(_ diff: String, to text: String) -> String {
        var result: [String] = []
        let source = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var cursor = 0
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2) {
            if line.hasPrefix("@@") {
                let start = Int(line.split(separator: " ")[1].dropFirst().split(separator: ",")[0])!
                let to = max(start - 1, 0)
                while cursor < to {
                    result.append(source[cursor])
                    cursor += 1
                }
            } else if line.hasPrefix(" ") {
                result.append(String(line.dropFirst()))
                cursor += 1
            } else if line.hasPrefix("-") {
                cursor += 1
            } else if line.hasPrefix("+") {
                result.append(String(line.dropFirst()))
            }
        }
        while cursor < source.count {
            result.append(source[cursor])
            cursor += 1
        }
        return result.joined(separator: "\n")
    }
}
