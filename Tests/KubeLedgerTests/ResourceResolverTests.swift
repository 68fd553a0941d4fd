import KubeLedger
import Testing

/// Resource type names as kubectl resolves them.
@Suite struct ResourceResolverTests {
    static let rollouts = KubeKind(
        kind: "Rollout", group: "argoproj.io", version: "v1alpha1", resource: "rollouts", singular: "rollout",
        shortNames: ["ro"], isNamespaced: true, categories: ["argo"])
    let resolver = ResourceResolver(
        entries: KubeKind.known + [
            rollouts,
            KubeKind(
                kind: "MutatingAdmissionPolicy", group: "admissionregistration.k8s.io", version: "v1alpha1",
                resource: ResourceResolver.plural(of: "MutatingAdmissionPolicy"),
                singular: "mutatingadmissionpolicy", shortNames: [], isNamespaced: false),
        ])

    func kinds(_ name: String) throws -> [String] { try resolver.resolve(name).map(\.groupKind) }

    @Test func `kind, plural, singular, short names, KIND.GROUP, RESOURCE.VERSION.GROUP, dotted groups`() throws {
        for name in [
            "deploy", "Deployment", "deployments", "deployment", "deployment.apps", "deployments.apps",
            "deployment.v1.apps", "DEPLOY",
        ] {
            #expect(try kinds(name) == ["apps/Deployment"], "\(name)")
        }
        #expect(try kinds("po") == ["/Pod"])
        #expect(try kinds("pods.core") == ["/Pod"])
        #expect(try kinds("ro") == ["argoproj.io/Rollout"])
        #expect(try kinds("rollout.argoproj.io") == ["argoproj.io/Rollout"])
        #expect(try kinds("rollouts.v1alpha1.argoproj.io") == ["argoproj.io/Rollout"])
        #expect(try kinds("argo") == ["argoproj.io/Rollout"])
        #expect(
            try kinds("mutatingadmissionpolicy.admissionregistration.k8s.io")
                == ["admissionregistration.k8s.io/MutatingAdmissionPolicy"])
        #expect(try kinds("mutatingadmissionpolicies") == ["admissionregistration.k8s.io/MutatingAdmissionPolicy"])
        #expect(try kinds("sc.storage.k8s.io") == ["storage.k8s.io/StorageClass"])
        #expect(try kinds("hpa") == ["autoscaling/HorizontalPodAutoscaler"])
    }

    @Test func `all names the workload kinds in kubectl's order`() throws {
        #expect(
            try kinds("all") == [
                "/Pod", "/ReplicationController", "/Service", "apps/DaemonSet", "apps/Deployment", "apps/ReplicaSet",
                "apps/StatefulSet", "autoscaling/HorizontalPodAutoscaler", "batch/CronJob", "batch/Job",
            ])
    }

    @Test func `an unknown type is kubectl's error, with no made-up plural`() {
        #expect(throws: ResourceTypeError(name: "widgetz")) { try resolver.resolve("widgetz") }
        #expect(
            ResourceTypeError(name: "x").description == #"the server doesn't have a resource type "x""#)
        #expect(throws: ResourceTypeError.self) { try resolver.resolve("deployment.batch") }
    }

    @Test func `a CRD names its kind: plural, short names, categories, scope, storage version`() throws {
        let crd = try JSONReader.parse(
            Array(
                #"""
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                 "metadata":{"name":"widgets.example.com"},
                 "spec":{"group":"example.com","scope":"Cluster",
                  "names":{"kind":"Widget","plural":"widgetses","singular":"widget","shortNames":["wg"],
                           "categories":["all","toys"]},
                  "versions":[{"name":"v1beta1","storage":false},{"name":"v1","storage":true}]}}
                """#.utf8))
        let entry = try #require(ResourceResolver.entry(ofCRD: crd))
        #expect(entry.resource == "widgetses" && entry.version == "v1" && !entry.isNamespaced)
        #expect(entry.shortNames == ["wg"] && entry.categories == ["all", "toys"])
    }

    @Test func `the plural rule for kinds no CRD names`() {
        #expect(ResourceResolver.plural(of: "Widget") == "widgets")
        #expect(ResourceResolver.plural(of: "Policy") == "policies")
        #expect(ResourceResolver.plural(of: "Ingress") == "ingresses")
        #expect(ResourceResolver.plural(of: "Gateway") == "gateways")
    }
}
