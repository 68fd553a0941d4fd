import Foundation
import LedgerTestSupport
import Testing

/// `kubeledger get` as kubectl reads its arguments and prints its formats, on the built binary
/// and a real store; JSONPath output is compared with kubectl 1.32's on the same object.
@Suite struct GetEndToEndTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }
    static let kubectl132 = "/usr/lib/google-cloud-sdk/bin/kubectl.1.32"

    static let pod = #"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-0","namespace":"shop","labels":{"app":"web",
        "tier":"front"},"creationTimestamp":"2026-11-01T00:00:00Z","managedFields":[{"manager":"kubectl",
        "operation":"Update"}]},"spec":{"containers":[{"name":"app","image":"nginx:1.25","ports":[{"containerPort":80},
        {"containerPort":443}]},{"name":"side","image":"busybox"}],"nodeName":"n1"},"status":{"phase":"Running",
        "containerStatuses":[{"name":"app","ready":true,"restartCount":3},{"name":"side","ready":false,
        "restartCount":0}]}}
        """#
    static let objects = [
        pod,
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"db-0","namespace":"shop","labels":{"app":"db"},"#
            + #""creationTimestamp":"2026-11-01T00:00:00Z"},"spec":{"containers":[{"name":"pg","image":"pg:16"}]}}"#,
        #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop","#
            + #""creationTimestamp":"2026-11-01T00:00:00Z"},"spec":{"replicas":1,"selector":{"matchLabels":"#
            + #"{"app":"web"}},"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.25"}]}}}}"#,
        #"{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"fast","#
            + #""creationTimestamp":"2026-11-01T00:00:00Z"},"provisioner":"x"}"#,
        #"{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"#
            + #""rollouts.argoproj.io"},"spec":{"group":"argoproj.io","scope":"Namespaced","names":{"kind":"Rollout","#
            + #""plural":"rollouts","singular":"rollout","shortNames":["ro"],"categories":["all"]},"#
            + #""versions":[{"name":"v1alpha1","storage":true,"served":true}]}}"#,
        #"{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"canary","namespace":"shop","#
            + #""creationTimestamp":"2026-11-01T00:00:00Z"}}"#,
        #"{"apiVersion":"admissionregistration.k8s.io/v1alpha1","kind":"MutatingAdmissionPolicy","#
            + #""metadata":{"name":"defaults","creationTimestamp":"2026-11-01T00:00:00Z"}}"#,
    ]

    func store() throws {
        let file = dir.file("objects.json")
        let items = Self.objects.map { $0.replacingOccurrences(of: "\n", with: "") }.joined(separator: ",")
        let list = #"{"apiVersion":"v1","kind":"List","items":["# + items + "]}"
        try list.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try cli.run(["append", "-f", file])
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func `every name kubectl accepts, several types, TYPE NAME…, all, CRDs, cluster scope`() throws {
        try store()
        let names: [([String], String)] = [
            (["deploy", "-n", "shop"], "deployment.apps/web"),
            (["deployment.v1.apps/web", "-n", "shop"], "deployment.apps/web"),
            (["deployments.apps", "web", "-n", "shop"], "deployment.apps/web"),
            (["pods", "db-0", "web-0", "-n", "shop"], "pod/db-0\npod/web-0"),
            (["po/web-0", "deploy/web", "-n", "shop"], "pod/web-0\ndeployment.apps/web"),
            (["deploy,po", "-n", "shop"], "deployment.apps/web\npod/db-0\npod/web-0"),
            (["ro", "-n", "shop"], "rollout.argoproj.io/canary"),
            (["rollout.argoproj.io/canary", "-n", "shop"], "rollout.argoproj.io/canary"),
            (["all", "-n", "shop"], "pod/db-0\npod/web-0\ndeployment.apps/web\nrollout.argoproj.io/canary"),
            (["sc", "-n", "shop"], "storageclass.storage.k8s.io/fast"),
            (
                ["mutatingadmissionpolicy.admissionregistration.k8s.io/defaults"],
                "mutatingadmissionpolicy.admissionregistration.k8s.io/defaults"
            ),
            (["pods", "-n", "shop", "-l", "app in (web)"], "pod/web-0"),
            (["pods", "-A", "--field-selector", "metadata.name!=web-0"], "pod/db-0"),
        ]
        for (args, expected) in names {
            let r = try cli.run(["get"] + args + ["-o", "name"])
            #expect(r.status == 0 && r.stdout == expected + "\n", "\(args): \(r.stdout) \(r.stderr)")
        }
        let unknown = try cli.run(["get", "widgetz"])
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains(#"error: the server doesn't have a resource type "widgetz""#))
        let missing = try cli.run(["get", "pods", "web-0", "nope", "-n", "shop", "-o", "name"])
        #expect(missing.status == 3 && missing.stdout == "pod/web-0\n")
        #expect(missing.stderr.contains(#"Error from server (NotFound): pods "nope" not found"#), "\(missing.stderr)")
        let crdMissing = try cli.run(["get", "ro/x", "-n", "shop"])
        #expect(crdMissing.stderr.contains(#"rollouts.argoproj.io "x" not found"#), "\(crdMissing.stderr)")
    }

    @Test func `managedFields are hidden unless asked for; tables take kubectl's options`() throws {
        try store()
        let yaml = try cli.run(["get", "pod/web-0", "-n", "shop", "-o", "yaml"])
        #expect(yaml.status == 0 && !yaml.stdout.contains("managedFields") && yaml.stdout.hasPrefix("apiVersion: v1"))
        let shown = try cli.run(["get", "pods", "-n", "shop", "-o", "json", "--show-managed-fields"])
        #expect(shown.stdout.contains("managedFields") && shown.stdout.contains(#""kind": "List""#))
        let table = try cli.run(["get", "pods", "-n", "shop", "--show-labels", "-L", "tier", "--no-headers"])
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[1].hasSuffix("front   app=web,tier=front"), "\(table.stdout)")
        let sorted = try cli.run(["get", "pods", "-n", "shop", "-o", "name", "--sort-by", "{.metadata.labels.app}"])
        #expect(sorted.stdout == "pod/db-0\npod/web-0\n")
        let columns = try cli.run([
            "get", "pods", "-n", "shop", "-o", "custom-columns=N:.metadata.name,P:.status.phase",
        ])
        #expect(columns.stdout == "N       P\ndb-0    <none>\nweb-0   Running\n", "\(columns.stdout)")
        let several = try cli.run(["get", "deploy,sc", "-n", "shop"])
        #expect(several.stdout.contains("deployment.apps/web") && several.stdout.contains("\n\nNAME"))
    }

    @Test func `malformed templates and selectors are usage errors`() throws {
        try store()
        for (args, message) in [
            (["-o", "jsonpath={.a[}"], "error parsing jsonpath {.a[}, unterminated array"),
            (["-o", "custom-columns=bad"], "unexpected custom-columns spec: bad, expected <header>:<json-path-expr>"),
            (["-l", "app in (web"], "unable to parse requirement"), (["--sort-by", "{.a}}"], "unexpected path string"),
        ] {
            let r = try cli.run(["get", "pods"] + args)
            #expect(r.status == 2 && r.stderr.contains(message), "\(args): \(r.status) \(r.stderr)")
        }
        let other = try cli.run(["log", "-o", "name"])
        #expect(other.status == 2 && other.stderr.contains("-o name: only get prints this format"), "\(other.stderr)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: kubectl132), "kubectl 1.32 is needed"))
    func `JSONPath prints what kubectl 1.32 prints on the same object`() throws {
        try store()
        let file = dir.file("pod.json")
        try Self.pod.replacingOccurrences(of: "\n", with: "").write(toFile: file, atomically: true, encoding: .utf8)
        for template in [
            "{.metadata.name}", "{.metadata.labels}", #"{range .spec.containers[*]}{.name}{"\t"}{.image}{"\n"}{end}"#,
            "{.status.containerStatuses[?(@.ready==true)].name}", "{..image}", "{.spec.containers[*]}",
            "{.metadata['name','namespace']}", "{.spec.containers[-1:].name}", #"{.metadata.name}{.x}{"|"}"#,
            "{.status.containerStatuses[?(@.restartCount>1)].name}", "{.spec.containers[0].ports[*].containerPort}",
        ] {
            let ours = try cli.run(["get", "pod/web-0", "-n", "shop", "-o", "jsonpath=\(template)"])
            let theirs = try Self.runKubectl(["label", "--local", "-f", file, "dummy-", "-o", "jsonpath=\(template)"])
            #expect(ours.stdout == theirs, "\(template)")
        }
    }

    static func runKubectl(_ args: [String]) throws -> String {
        try CLIRunner.output(of: kubectl132, args)
    }
}
