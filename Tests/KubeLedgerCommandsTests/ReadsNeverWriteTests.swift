import Foundation
import KubeLedgerGenerator
import LedgerTestSupport
import Testing

/// Reads never write: `get`, `rollout history`, `identity`, `diff`, `audit` and `replay --at`
/// print the same bytes on a store opened read-only and on the same store opened writable, and
/// leave its data file unchanged.
@Suite(.enabled(if: CLIRunner.hasKubectl, "kubectl is needed to make real objects"))
struct ReadsNeverWriteTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }

    func write(_ name: String, _ text: String) -> String {
        FileManager.default.createFile(atPath: dir.file(name), contents: Data(text.utf8))
        return dir.file(name)
    }

    @Test func `every read prints the same bytes read-only and writable and leaves data.mdb unchanged`() throws {
        // A Deployment rolled out 600 times (past the rollout cache's threshold), a StatefulSet
        // with its pods and claims, and a generated history between them.
        let deployment = try CLIRunner.kubectl([
            "create", "deployment", "web", "--image=nginx:1.0", "--dry-run=client", "-o", "json",
        ]).replacingOccurrences(of: "\n", with: "")
        let lines = (0..<600).map { i in
            deployment.replacingOccurrences(of: "nginx:1.0", with: "nginx:1.\(i % 7)")
        }
        try #require(
            try cli.run(["append", "-f", write("web.json", lines[0]), "--at", "2026-11-26T09:00:00Z"]).status == 0)
        let list =
            "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + lines.dropFirst().joined(separator: ",") + "]}"
        try #require(
            try cli.run(["append", "-f", write("rollouts.json", list), "--at", "2026-11-26T10:00:00Z"]).status == 0)
        let sts = """
            {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"default"},
             "spec":{"serviceName":"db","replicas":2,"selector":{"matchLabels":{"app":"db"}},
             "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"pg",\
            "image":"postgres:16"}]}},
             "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],
             "resources":{"requests":{"storage":"1Gi"}}}}]}}
            """
        try #require(try cli.run(["append", "-f", write("sts.json", sts), "--at", "2026-11-26T11:00:00Z"]).status == 0)
        for i in 0..<2 {
            let pod = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"db-\(i)","namespace":"default","uid":"p\(i)",
                 "labels":{"app":"db"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"db",
                 "uid":"s1","controller":true}]},"spec":{"nodeName":"n\(i)","containers":[{"name":"pg",\
                "image":"postgres:16"}],
                 "volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"data-db-\(i)"}}]},
                 "status":{"phase":"Running"}}
                """
            let claim = """
                {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data-db-\(i)",\
                "namespace":"default",
                 "uid":"c\(i)"},"spec":{"volumeName":"pv-\(i)","accessModes":["ReadWriteOnce"]},\
                "status":{"phase":"Bound"}}
                """
            try #require(
                try cli.run(["append", "-f", write("pod\(i).json", pod), "--at", "2026-11-26T11:0\(i + 1):00Z"]).status
                    == 0)
            try #require(
                try cli.run(["append", "-f", write("pvc\(i).json", claim), "--at", "2026-11-26T11:0\(i + 1):30Z"])
                    .status == 0)
        }
        let reads: [[String]] = [
            ["get", "pods", "-A"], ["get", "deploy", "-A", "-o", "wide"], ["get", "deploy/web", "-o", "yaml"],
            ["get", "pods", "-l", "app=db", "-o", "json"], ["get", "pods", "--field-selector", "spec.nodeName=n1"],
            ["get", "deploy", "-A", "--at", "2026-11-26T09:30:00Z"], ["get", "pods", "--revision", "3"],
            ["rollout", "history", "deploy/web"], ["rollout", "history", "deploy/web", "-o", "json"],
            ["rollout", "history", "sts/db"],
            ["identity", "sts/db"], ["identity", "sts/db", "-o", "json"],
            ["diff", "deploy/web", "--from", "1", "--to", "300"],
            [
                "audit", "deploy/web", "--field",
                "spec.template.spec.containers[0].image",
            ], ["replay", "--at", "2026-11-26T11:00:30Z"],
        ]
        let before = cli.storeSnapshot()
        try #require(before["data.mdb"] != nil)
        for args in reads {
            let writable = try cli.run(args)
            let readOnly = try cli.run(args + ["--read-only"])
            #expect(writable.status == 0, "\(args): \(writable.stderr)")
            #expect(writable.stdout == readOnly.stdout, "\(args)")
            #expect(writable.stderr == readOnly.stderr, "\(args)")
            #expect(writable.status == readOnly.status, "\(args)")
            #expect(cli.storeSnapshot() == before, "\(args) changed the store")
        }
        // The write side cached the long rollout history when it was appended.
        #expect(try cli.run(["stats", "-o", "json"]).stdout.contains("\"caches\""))
    }
}
