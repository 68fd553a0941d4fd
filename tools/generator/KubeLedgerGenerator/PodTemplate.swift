// Pod templates: built once per template change, shared by every ReplicaSet, revision and pod that
// uses them, and pre-rendered (template JSON, pod spec fragment, managedFields) so that writing a
// pod costs little more than copying bytes.

/// The knobs a human turns on a workload's template.
struct TemplateParams: Equatable {
    var version: Version
    var logLevel = "info"
    var restartedAt: String? = nil
    var sidecarVersion = 0
}

/// An immutable pod template. Two templates are the same revision when their ``json`` is equal.
final class PodTemplate {
    let kind: WorkloadKind
    let profile: AppProfile
    let params: TemplateParams
    let namespace: String
    /// The workload's name (the `app` label).
    let name: String
    /// The template's labels (the selector's labels plus the version label).
    let labels: [(String, String)]
    /// Pod template annotations (scrape hints, `kubectl.kubernetes.io/restartedAt`).
    let annotations: [(String, String)]
    /// Containers: (name, image).
    let containers: [(name: String, image: String)]
    /// `{"metadata":{…},"spec":{…}}` as the workload's `spec.template` shows it.
    let json: [UInt8]
    /// The template's `spec`, rendered.
    let specJSON: [UInt8]
    /// The FieldsV1 a controller owns for the template's `spec` (the value of `"f:spec"`).
    let podSpecFields: [UInt8]
    /// The FieldsV1 of the whole template (the value of `"f:template"`).
    let templateFields: [UInt8]
    /// The pod-template-hash (10 characters of `456789bcdf`).
    let hash: String
    /// The priority admission gives pods of this template.
    let priority: Int
    let terminationGracePeriodSeconds: Int
    let hasReadinessProbe: Bool
    /// `sha256:…` image digests, per container.
    let imageIDs: [String]

    init(kind: WorkloadKind, name: String, profile: AppProfile, params: TemplateParams, namespace: String) {
        self.kind = kind
        self.name = name
        self.profile = profile
        self.params = params
        self.namespace = namespace
        var labels: [(String, String)] = [("app", name)]
        if kind != .deployment { labels.append(("app.kubernetes.io/name", profile.name)) }
        if kind != .daemonSet { labels.append(("app.kubernetes.io/version", params.version.text)) }
        if kind == .statefulSet { labels.append(("app.kubernetes.io/component", "database")) }
        self.labels = labels.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        var annotations: [(String, String)] = []
        if kind == .deployment && profile.portName == "http" && profile.secretEnv == nil {
            annotations.append(("prometheus.io/scrape", "true"))
        }
        if let restartedAt = params.restartedAt {
            annotations.append(("kubectl.kubernetes.io/restartedAt", restartedAt))
        }
        self.annotations = annotations.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        var containers = [(profile.name, profile.image + ":" + params.version.text)]
        if profile.sidecar {
            containers.append(
                ("log-shipper", "cr.fluentbit.io/fluent/fluent-bit:3.1." + String(9 + params.sidecarVersion)))
        }
        self.containers = containers
        priority = profile.priorityClassName == "system-node-critical" ? 2_000_001_000 : 0
        terminationGracePeriodSeconds = 30
        hasReadinessProbe = kind != .daemonSet
        imageIDs = containers.map { container in
            var digestSource = Array(container.1.utf8)
            var digest = ""
            for round in 0..<8 {
                digestSource.append(UInt8(round))
                let h = fnv1a32(digestSource)
                var bytes: [UInt8] = []
                for shift in stride(from: 28, through: 0, by: -4) {
                    bytes.append(hexDigit(UInt8(truncatingIfNeeded: h >> UInt32(shift)) & 0xF))
                }
                digest += String(decoding: bytes, as: UTF8.self)
            }
            let repository = container.1.split(separator: ":").first.map(String.init) ?? container.1
            let qualified =
                repository.contains("/") && repository.split(separator: "/")[0].contains(".")
                ? repository : "docker.io/" + (repository.contains("/") ? repository : "library/" + repository)
            return qualified + "@sha256:" + digest
        }
        let spec = PodTemplate.specTree(
            kind: kind, name: name, profile: profile, params: params, containers: containers, pod: nil)
        specJSON = spec.bytes
        let specFields = J.fieldsBytes(key: "spec", value: spec)
        podSpecFields = specFields
        var templateFields: [UInt8] = []
        templateFields.raw("{\"f:metadata\":{")
        if !self.annotations.isEmpty {
            templateFields.raw("\"f:annotations\":{\".\":{}")
            for (key, _) in self.annotations {
                templateFields.raw(",\"f:")
                templateFields.escaped(key)
                templateFields.raw("\":{}")
            }
            templateFields.raw("},")
        }
        templateFields.raw("\"f:labels\":{\".\":{}")
        for (key, _) in self.labels {
            templateFields.raw(",\"f:")
            templateFields.escaped(key)
            templateFields.raw("\":{}")
        }
        templateFields.raw("}},\"f:spec\":")
        templateFields.append(contentsOf: specFields)
        templateFields.append(0x7D)
        self.templateFields = templateFields
        var json: [UInt8] = []
        PodTemplate.appendTemplateJSON(&json, annotations: self.annotations, labels: self.labels, spec: specJSON)
        self.json = json
        hash = templateHash(json)
    }

    /// `{"metadata":{…},"spec":…}` from pre-rendered parts.
    private static func appendTemplateJSON(
        _ out: inout [UInt8], annotations: [(String, String)], labels: [(String, String)], spec: [UInt8]
    ) {
        out.raw("{\"metadata\":{")
        if !annotations.isEmpty {
            out.raw("\"annotations\":")
            out.append(contentsOf: J.map(annotations).bytes)
            out.append(0x2C)
        }
        out.raw("\"creationTimestamp\":null,\"labels\":")
        out.append(contentsOf: J.map(labels).bytes)
        out.raw("},\"spec\":")
        out.append(contentsOf: spec)
        out.append(0x7D)
    }

    /// How the pod form differs from the template form.
    struct PodForm {
        var owner: WorkloadKind
    }

    private static func container(
        _ profile: AppProfile, _ params: TemplateParams, image: String, pod: PodForm?
    ) -> J {
        var env: [J] = profile.env.map { name, value in
            J.obj([("name", J.string(name)), ("value", J.string(name == "LOG_LEVEL" ? params.logLevel : value))])
        }
        if let secret = profile.secretEnv {
            env.append(
                J.obj([
                    ("name", .string("DATABASE_URL")),
                    (
                        "valueFrom",
                        J.obj([("secretKeyRef", J.obj([("key", .string("url")), ("name", .string(secret))]))])
                    ),
                ]))
        }
        if profile.hostNetwork || profile.priorityClassName != nil {
            env.append(
                J.obj([
                    ("name", .string("NODE_NAME")),
                    (
                        "valueFrom",
                        J.obj([
                            (
                                "fieldRef",
                                J.obj([("apiVersion", .string("v1")), ("fieldPath", .string("spec.nodeName"))])
                            )
                        ])
                    ),
                ]))
        }
        func probe(period: Int, initialDelay: Int) -> J {
            let action: (String, J)
            if let path = profile.probePath {
                action = (
                    "httpGet",
                    J.obj([
                        ("path", .string(path)), ("port", .int(profile.port)),
                        ("scheme", .string(profile.portName == "https" ? "HTTPS" : "HTTP")),
                    ])
                )
            } else {
                action = ("tcpSocket", J.obj([("port", .int(profile.port))]))
            }
            return J.obj([
                ("failureThreshold", .int(3)), action, ("initialDelaySeconds", .int(initialDelay)),
                ("periodSeconds", .int(period)), ("successThreshold", .int(1)), ("timeoutSeconds", .int(1)),
            ])
        }
        let mounts = mountTrees(profile, container: 0, pod: pod != nil, status: false)
        var resources: [(String, J)] = [
            ("requests", J.obj([("cpu", .string(profile.cpu)), ("memory", .string(profile.memory))]))
        ]
        if let limit = profile.memoryLimit {
            resources.append(("limits", J.obj([("memory", .string(limit))])))
        }
        let security: J? =
            profile.restricted
            ? J.obj([
                ("allowPrivilegeEscalation", .bool(false)),
                ("capabilities", J.obj([("drop", J.strings(["ALL"]))])),
                ("readOnlyRootFilesystem", .bool(true)), ("runAsNonRoot", .bool(true)),
            ])
            : (profile.hostNetwork ? J.obj([("privileged", .bool(profile.name == "kube-proxy"))]) : nil)
        return J.obj([
            ("args", profile.args.map(J.strings)),
            ("command", profile.command.map(J.strings)),
            ("env", env.isEmpty ? nil : J.array(env)),
            ("image", J.string(image)),
            ("imagePullPolicy", J.string("IfNotPresent")),
            (
                "livenessProbe",
                profile.liveness ? probe(period: 10, initialDelay: profile.claims.isEmpty ? 10 : 30) : nil
            ),
            ("name", J.string(profile.name)),
            (
                "ports",
                J.array([
                    J.obj([
                        ("containerPort", .int(profile.port)), ("name", .string(profile.portName)),
                        ("protocol", .string("TCP")),
                    ])
                ])
            ),
            (
                "readinessProbe",
                profile.hostNetwork || profile.priorityClassName != nil ? nil : probe(period: 5, initialDelay: 5)
            ),
            ("resources", J.obj(resources)),
            ("securityContext", security),
            ("terminationMessagePath", J.string("/dev/termination-log")),
            ("terminationMessagePolicy", J.string("File")),
            ("volumeMounts", mounts.isEmpty ? nil : J.array(mounts)),
        ])
    }

    /// The volume mounts of a container: in the spec (template or pod form) or as the kubelet
    /// reports them in `containerStatuses` (`status`).
    static func mountTrees(_ profile: AppProfile, container: Int, pod: Bool, status: Bool) -> [J] {
        var mounts: [(String, String, Bool)] = []
        if container == 0 {
            for claim in profile.claims { mounts.append((claim.mountPath, claim.name, false)) }
            if profile.configMap { mounts.append(("/etc/" + profile.name, "config", true)) }
            for (name, path) in profile.hostPaths {
                mounts.append((path == "/" ? "/host/root" : "/host" + path, name, true))
            }
            if profile.restricted { mounts.append(("/tmp", "tmp", false)) }
        } else {
            mounts.append(("/var/log/app", "app-logs", false))
        }
        var trees: [J] = mounts.map { path, name, readOnly in
            J.obj([
                ("mountPath", J.string(path)), ("name", J.string(name)),
                ("readOnly", readOnly ? J.bool(true) : nil),
                ("recursiveReadOnly", readOnly && status ? J.string("Disabled") : nil),
            ])
        }
        if pod {
            trees.append(
                J.obj([
                    ("mountPath", .string("/var/run/secrets/kubernetes.io/serviceaccount")),
                    ("name", .stringWithHole("kube-api-access-", .apiAccessSuffix)), ("readOnly", .bool(true)),
                    ("recursiveReadOnly", status ? J.string("Disabled") : nil),
                ]))
        }
        return trees
    }

    /// Each container's `volumeMounts` as the kubelet reports them (`[…]`).
    lazy var statusMounts: [Fragment] = containers.indices.map { index in
        J.array(PodTemplate.mountTrees(profile, container: index, pod: true, status: true)).fragment
    }

    /// The template annotations as a JSON object, or empty when there are none.
    lazy var annotationsJSON: [UInt8] = annotations.isEmpty ? [] : J.map(annotations).bytes

    private static func sidecar(_ profile: AppProfile, image: String, pod: PodForm?) -> J {
        let mounts = mountTrees(profile, container: 1, pod: pod != nil, status: false)
        return J.obj([
            ("args", J.strings(["--config=/fluent-bit/etc/fluent-bit.yaml"])),
            ("image", J.string(image)),
            ("imagePullPolicy", J.string("IfNotPresent")),
            ("name", J.string("log-shipper")),
            (
                "resources",
                J.obj([
                    ("limits", J.obj([("memory", .string("64Mi"))])),
                    ("requests", J.obj([("cpu", .string("10m")), ("memory", .string("32Mi"))])),
                ])
            ),
            ("terminationMessagePath", J.string("/dev/termination-log")),
            ("terminationMessagePolicy", J.string("File")),
            ("volumeMounts", J.array(mounts)),
        ])
    }

    /// The pod spec: template form (`pod == nil`) or the form a created pod has (admission
    /// defaults, service-account volume, holes for per-pod values).
    static func specTree(
        kind: WorkloadKind, name: String, profile: AppProfile, params: TemplateParams,
        containers: [(String, String)], pod: PodForm?
    ) -> J {
        var containerTrees = [container(profile, params, image: containers[0].1, pod: pod)]
        if containers.count > 1 {
            containerTrees.append(sidecar(profile, image: containers[1].1, pod: pod))
        }
        var volumes: [J] = []
        if pod != nil && kind == .statefulSet {
            volumes.append(.leadingItems(.claimVolumeItems))
        }
        if profile.configMap {
            volumes.append(
                J.obj([
                    ("configMap", J.obj([("defaultMode", .int(420)), ("name", .string(profile.name + "-config"))])),
                    ("name", .string("config")),
                ]))
        }
        if profile.sidecar {
            volumes.append(J.obj([("emptyDir", J.obj([])), ("name", .string("app-logs"))]))
        }
        for (name, path) in profile.hostPaths {
            volumes.append(
                J.obj([
                    (
                        "hostPath",
                        J.obj([
                            ("path", .string(path)), ("type", .string(path.hasSuffix(".lock") ? "FileOrCreate" : "")),
                        ])
                    ), ("name", .string(name)),
                ]))
        }
        if profile.restricted {
            volumes.append(J.obj([("emptyDir", J.obj([])), ("name", .string("tmp"))]))
        }
        if pod != nil {
            volumes.append(
                J.obj([
                    ("name", .stringWithHole("kube-api-access-", .apiAccessSuffix)),
                    (
                        "projected",
                        J.obj([
                            ("defaultMode", .int(420)),
                            (
                                "sources",
                                J.array([
                                    J.obj([
                                        (
                                            "serviceAccountToken",
                                            J.obj([("expirationSeconds", .int(3607)), ("path", .string("token"))])
                                        )
                                    ]),
                                    J.obj([
                                        (
                                            "configMap",
                                            J.obj([
                                                (
                                                    "items",
                                                    J.array([
                                                        J.obj([("key", .string("ca.crt")), ("path", .string("ca.crt"))])
                                                    ])
                                                ), ("name", .string("kube-root-ca.crt")),
                                            ])
                                        )
                                    ]),
                                    J.obj([
                                        (
                                            "downwardAPI",
                                            J.obj([
                                                (
                                                    "items",
                                                    J.array([
                                                        J.obj([
                                                            (
                                                                "fieldRef",
                                                                J.obj([
                                                                    ("apiVersion", .string("v1")),
                                                                    ("fieldPath", .string("metadata.namespace")),
                                                                ])
                                                            ), ("path", .string("namespace")),
                                                        ])
                                                    ])
                                                )
                                            ])
                                        )
                                    ]),
                                ])
                            ),
                        ])
                    ),
                ]))
        }
        var tolerations: [J] = []
        if profile.tolerateAll {
            tolerations.append(J.obj([("operator", .string("Exists"))]))
        }
        if let pod {
            if pod.owner == .daemonSet {
                tolerations.append(contentsOf: [
                    toleration("node.kubernetes.io/not-ready", "NoExecute", nil),
                    toleration("node.kubernetes.io/unreachable", "NoExecute", nil),
                    toleration("node.kubernetes.io/disk-pressure", "NoSchedule", nil),
                    toleration("node.kubernetes.io/memory-pressure", "NoSchedule", nil),
                    toleration("node.kubernetes.io/pid-pressure", "NoSchedule", nil),
                    toleration("node.kubernetes.io/unschedulable", "NoSchedule", nil),
                ])
                if profile.hostNetwork {
                    tolerations.append(toleration("node.kubernetes.io/network-unavailable", "NoSchedule", nil))
                }
            } else {
                tolerations.append(toleration("node.kubernetes.io/not-ready", "NoExecute", 300))
                tolerations.append(toleration("node.kubernetes.io/unreachable", "NoExecute", 300))
            }
        }
        let serviceAccount = profile.serviceAccount ?? (pod != nil ? "default" : nil)
        let podSecurity: J =
            profile.restricted
            ? J.obj([
                ("fsGroup", .int(10001)), ("runAsNonRoot", .bool(true)),
                ("seccompProfile", J.obj([("type", .string("RuntimeDefault"))])),
            ])
            : (kind == .statefulSet ? J.obj([("fsGroup", .int(999))]) : J.obj([]))
        var affinity: J? = nil
        if pod?.owner == .daemonSet {
            affinity = .hole(.daemonAffinity)
        } else if kind == .deployment && profile.replicas.upperBound >= 5 {
            affinity = J.obj([
                (
                    "podAntiAffinity",
                    J.obj([
                        (
                            "preferredDuringSchedulingIgnoredDuringExecution",
                            J.array([
                                J.obj([
                                    (
                                        "podAffinityTerm",
                                        J.obj([
                                            ("labelSelector", J.obj([("matchLabels", J.map([("app", name)]))])),
                                            ("topologyKey", .string("kubernetes.io/hostname")),
                                        ])
                                    ),
                                    ("weight", .int(100)),
                                ])
                            ])
                        )
                    ])
                )
            ])
        }
        let priority = profile.priorityClassName == "system-node-critical" ? 2_000_001_000 : 0
        return J.obj([
            ("affinity", affinity),
            ("containers", J.array(containerTrees)),
            ("dnsPolicy", J.string(profile.hostNetwork ? "ClusterFirstWithHostNet" : "ClusterFirst")),
            ("enableServiceLinks", pod != nil ? J.bool(true) : nil),
            ("hostNetwork", profile.hostNetwork ? J.bool(true) : nil),
            ("hostname", pod != nil ? J.optionalMember(.hostnameField) : nil),
            ("nodeName", pod != nil ? J.optionalMember(.nodeNameField) : nil),
            ("nodeSelector", kind == .daemonSet ? J.map([("kubernetes.io/os", "linux")]) : nil),
            ("preemptionPolicy", pod != nil ? J.string("PreemptLowerPriority") : nil),
            ("priority", pod != nil ? J.int(priority) : nil),
            ("priorityClassName", profile.priorityClassName.map(J.string)),
            ("restartPolicy", J.string("Always")),
            ("schedulerName", J.string("default-scheduler")),
            ("securityContext", podSecurity),
            ("serviceAccount", serviceAccount.map(J.string)),
            ("serviceAccountName", serviceAccount.map(J.string)),
            ("subdomain", pod != nil ? J.optionalMember(.subdomainField) : nil),
            ("terminationGracePeriodSeconds", J.int(30)),
            ("tolerations", tolerations.isEmpty ? nil : J.array(tolerations)),
            ("volumes", volumes.isEmpty ? nil : J.array(volumes)),
        ])
    }

    private static func toleration(_ key: String, _ effect: String, _ seconds: Int?) -> J {
        J.obj([
            ("effect", J.string(effect)), ("key", J.string(key)), ("operator", J.string("Exists")),
            ("tolerationSeconds", seconds.map(J.int)),
        ])
    }

    /// The pod's `spec` as a fragment (holes: service-account volume suffix, node name, hostname…).
    lazy var podSpec: Fragment = PodTemplate.specTree(
        kind: kind, name: name, profile: profile, params: params, containers: containers, pod: PodForm(owner: kind)
    ).fragment

    /// The `spec` part of the FieldsV1 a controller owns on pods it creates from this template.
    /// This template with `pod-template-hash` (or other) labels added, as JSON.
    func json(extraLabels: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(json.count + 64)
        PodTemplate.appendTemplateJSON(&out, annotations: annotations, labels: labels + extraLabels, spec: specJSON)
        return out
    }

    /// Same revision?
    func sameAs(_ other: PodTemplate) -> Bool {
        self === other || json == other.json
    }
}
