// The applications the generated cluster runs: names, images, ports, probes, resources, volumes.

/// What kind of controller owns a pod template.
enum WorkloadKind {
    case deployment, statefulSet, daemonSet
}

/// An image version that can be bumped (`1.25.3` → `1.25.4` → `1.26.0`).
struct Version: Equatable {
    var major: Int
    var minor: Int
    var patch: Int
    var parts: Int  // 2 → `16.4`, 3 → `1.25.3`
    var prefix: String = ""
    var suffix: String = ""

    var text: String {
        var s = prefix + String(major) + "." + String(minor)
        if parts == 3 { s += "." + String(patch) }
        return s + suffix
    }

    mutating func bump(_ rng: inout SeededRandom) {
        if rng.chance(0.15) {
            minor += 1
            patch = 0
        } else if parts == 2 {
            minor += 1
        } else {
            patch += 1
        }
    }
}

struct ClaimTemplateSpec {
    let name: String
    let size: String
    let mountPath: String
}

/// One kind of application.
struct AppProfile {
    let name: String
    let image: String  // repository, without tag
    var version: Version
    let port: Int
    let portName: String
    let probePath: String?  // nil: TCP probes
    let cpu: String
    let memory: String
    let memoryLimit: String?
    let env: [(String, String)]
    let secretEnv: String?  // name of a secret holding `url`
    let configMap: Bool
    let sidecar: Bool
    let command: [String]?
    let args: [String]?
    var claims: [ClaimTemplateSpec] = []
    var hostNetwork = false
    var hostPaths: [(String, String)] = []  // (volume name, path)
    var priorityClassName: String? = nil
    var tolerateAll = false
    var serviceAccount: String? = nil
    var restricted = true
    var replicas: ClosedRange<Int> = 1...4
    var liveness = true
}

enum Catalog {
    static let deploymentApps: [AppProfile] = [
        app(
            "frontend", "registry.example.com/shop/frontend", v(2, 14, 3), 8080, "http", "/healthz", "100m", "128Mi",
            "256Mi", configMap: true, replicas: 2...6),
        app(
            "api", "registry.example.com/shop/api", v(1, 42, 0), 8080, "http", "/readyz", "250m", "256Mi", "512Mi",
            secret: "api-db", replicas: 2...8),
        app(
            "cart", "registry.example.com/shop/cart", v(3, 2, 11), 8080, "http", "/health", "100m", "128Mi", "256Mi",
            secret: "cart-redis"),
        app(
            "checkout", "registry.example.com/shop/checkout", v(1, 8, 4), 8080, "http", "/healthz", "200m", "256Mi",
            "512Mi", secret: "checkout-db", restricted: true),
        app(
            "catalog", "registry.example.com/shop/catalog", v(4, 0, 2), 9090, "grpc", nil, "150m", "192Mi", "384Mi",
            configMap: true),
        app(
            "payments", "registry.example.com/payments/payments", v(2, 3, 7), 8443, "https", "/livez", "300m", "384Mi",
            "768Mi", secret: "payments-db", sidecar: true, restricted: true, replicas: 2...5),
        app(
            "auth", "registry.example.com/identity/auth", v(1, 19, 1), 8080, "http", "/healthz", "100m", "128Mi",
            "256Mi", secret: "auth-signing-key", restricted: true),
        app("search", "registry.example.com/shop/search", v(0, 31, 5), 8080, "http", "/status", "500m", "1Gi", "2Gi"),
        app(
            "orders", "registry.example.com/shop/orders", v(2, 0, 9), 8080, "http", "/healthz", "200m", "256Mi",
            "512Mi", secret: "orders-db"),
        app(
            "inventory", "registry.example.com/shop/inventory", v(1, 5, 0), 8080, "http", "/healthz", "100m", "128Mi",
            "256Mi"),
        app(
            "notifications", "registry.example.com/growth/notifications", v(1, 2, 3), 8080, "http", "/healthz", "50m",
            "96Mi", "192Mi", secret: "smtp-credentials"),
        app(
            "recommendations", "registry.example.com/growth/recommendations", v(0, 9, 14), 50051, "grpc", nil, "400m",
            "768Mi", "1536Mi"),
        app(
            "gateway", "envoyproxy/envoy", v(1, 31, 2, prefix: "v"), 10000, "http", "/ready", "200m", "128Mi", "512Mi",
            configMap: true, replicas: 2...4),
        app("web", "nginx", v(1, 25, 3), 80, "http", "/", "50m", "64Mi", "128Mi", configMap: true),
        app(
            "worker", "registry.example.com/shop/worker", v(2, 7, 1), 9102, "metrics", nil, "500m", "512Mi", "1Gi",
            secret: "worker-queue"),
        app(
            "billing", "registry.example.com/payments/billing", v(1, 11, 6), 8080, "http", "/healthz", "150m", "256Mi",
            "512Mi", secret: "billing-db"),
        app(
            "shipping", "registry.example.com/shop/shipping", v(0, 14, 2), 8080, "http", "/healthz", "100m", "128Mi",
            "256Mi"),
        app(
            "reports", "registry.example.com/data/reports", v(1, 0, 3), 8080, "http", "/healthz", "250m", "512Mi",
            "1Gi", secret: "warehouse-ro"),
        app(
            "profile", "registry.example.com/identity/profile", v(2, 4, 0), 8080, "http", "/healthz", "100m", "128Mi",
            "256Mi"),
        app("media", "registry.example.com/shop/media", v(1, 3, 8), 8080, "http", "/healthz", "200m", "256Mi", "1Gi"),
        app(
            "grafana", "grafana/grafana", v(11, 2, 2), 3000, "http", "/api/health", "100m", "256Mi", "512Mi",
            configMap: true, replicas: 1...2),
        app(
            "prometheus-adapter", "registry.k8s.io/prometheus-adapter/prometheus-adapter", v(0, 12, 0, prefix: "v"),
            6443, "https", "/healthz", "100m", "128Mi", "256Mi", replicas: 1...2),
    ]

    static let statefulApps: [AppProfile] = [
        stateful(
            "postgres", "postgres", v2(16, 4), 5432, "postgres", "250m", "512Mi",
            [ClaimTemplateSpec(name: "data", size: "20Gi", mountPath: "/var/lib/postgresql/data")]),
        stateful(
            "redis", "redis", v(7, 2, 5), 6379, "redis", "100m", "256Mi",
            [ClaimTemplateSpec(name: "data", size: "5Gi", mountPath: "/data")]),
        stateful(
            "kafka", "bitnami/kafka", v(3, 8, 0), 9092, "kafka", "500m", "2Gi",
            [
                ClaimTemplateSpec(name: "data", size: "50Gi", mountPath: "/bitnami/kafka"),
                ClaimTemplateSpec(name: "logs", size: "10Gi", mountPath: "/opt/bitnami/kafka/logs"),
            ]),
        stateful(
            "zookeeper", "zookeeper", v(3, 9, 2), 2181, "client", "100m", "512Mi",
            [
                ClaimTemplateSpec(name: "data", size: "10Gi", mountPath: "/data"),
                ClaimTemplateSpec(name: "datalog", size: "10Gi", mountPath: "/datalog"),
            ]),
        stateful(
            "elasticsearch", "docker.elastic.co/elasticsearch/elasticsearch", v(8, 15, 1), 9200, "http", "1", "4Gi",
            [ClaimTemplateSpec(name: "elasticsearch-data", size: "100Gi", mountPath: "/usr/share/elasticsearch/data")]),
        stateful(
            "mongodb", "mongo", v(7, 0, 14), 27017, "mongodb", "500m", "1Gi",
            [ClaimTemplateSpec(name: "datadir", size: "20Gi", mountPath: "/data/db")]),
        stateful(
            "rabbitmq", "rabbitmq", v(3, 13, 7, suffix: "-management"), 5672, "amqp", "250m", "512Mi",
            [ClaimTemplateSpec(name: "data", size: "8Gi", mountPath: "/var/lib/rabbitmq")]),
        stateful(
            "etcd", "quay.io/coreos/etcd", v(3, 5, 16, prefix: "v"), 2379, "client", "200m", "512Mi",
            [ClaimTemplateSpec(name: "data", size: "8Gi", mountPath: "/var/run/etcd")]),
        stateful(
            "clickhouse", "clickhouse/clickhouse-server", v(24, 8, 4), 8123, "http", "1", "2Gi",
            [ClaimTemplateSpec(name: "data", size: "100Gi", mountPath: "/var/lib/clickhouse")]),
        stateful(
            "minio", "quay.io/minio/minio", v(2024, 10, 2, prefix: "RELEASE."), 9000, "api", "250m", "1Gi",
            [ClaimTemplateSpec(name: "export", size: "200Gi", mountPath: "/export")]),
    ]

    /// DaemonSets, in the order they are added, with their namespace.
    static let daemonApps: [(namespace: String, profile: AppProfile)] = [
        (
            "monitoring",
            daemon(
                "node-exporter", "quay.io/prometheus/node-exporter", v(1, 8, 2, prefix: "v"), 9100, "metrics",
                hostNetwork: true, hostPaths: [("proc", "/proc"), ("sys", "/sys"), ("root", "/")],
                args: [
                    "--path.procfs=/host/proc", "--path.sysfs=/host/sys", "--path.rootfs=/host/root",
                    "--web.listen-address=0.0.0.0:9100",
                ])
        ),
        (
            "logging",
            daemon(
                "fluent-bit", "cr.fluentbit.io/fluent/fluent-bit", v(3, 1, 9), 2020, "http", hostNetwork: false,
                hostPaths: [("varlog", "/var/log"), ("varlibcontainers", "/var/lib/containerd")], args: nil)
        ),
        (
            "kube-system",
            daemon(
                "kube-proxy", "registry.k8s.io/kube-proxy", v(1, 32, 0, prefix: "v"), 10249, "metrics",
                hostNetwork: true, hostPaths: [("xtables-lock", "/run/xtables.lock"), ("lib-modules", "/lib/modules")],
                args: nil,
                command: [
                    "kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)",
                ], priority: "system-node-critical")
        ),
        (
            "kube-system",
            daemon(
                "ebs-csi-node", "public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver", v(1, 35, 0, prefix: "v"), 9808,
                "healthz", hostNetwork: false,
                hostPaths: [
                    ("kubelet-dir", "/var/lib/kubelet"), ("plugin-dir", "/var/lib/kubelet/plugins/ebs.csi.aws.com/"),
                    ("device-dir", "/dev"),
                ], args: ["node", "--endpoint=$(CSI_ENDPOINT)", "--logging-format=text", "--v=2"],
                priority: "system-node-critical")
        ),
    ]

    static let namespaceNames = [
        "shop", "payments", "platform", "identity", "growth", "data", "search", "media", "ops", "internal-tools",
    ]

    // MARK: builders

    private static func v(_ a: Int, _ b: Int, _ c: Int, prefix: String = "", suffix: String = "") -> Version {
        Version(major: a, minor: b, patch: c, parts: 3, prefix: prefix, suffix: suffix)
    }

    private static func v2(_ a: Int, _ b: Int) -> Version {
        Version(major: a, minor: b, patch: 0, parts: 2)
    }

    private static func app(
        _ name: String, _ image: String, _ version: Version, _ port: Int, _ portName: String,
        _ probe: String?, _ cpu: String, _ memory: String, _ limit: String, configMap: Bool = false,
        secret: String? = nil, sidecar: Bool = false, restricted: Bool = false,
        replicas: ClosedRange<Int> = 1...4
    ) -> AppProfile {
        // Many real workloads only have a readiness probe.
        let readinessOnly: Set<String> = [
            "cart", "catalog", "inventory", "shipping", "profile", "notifications", "worker", "web", "media", "reports",
        ]
        return AppProfile(
            name: name, image: image, version: version, port: port, portName: portName,
            probePath: probe, cpu: cpu, memory: memory, memoryLimit: limit,
            env: [("LOG_LEVEL", "info")],
            secretEnv: secret, configMap: configMap, sidecar: sidecar, command: nil, args: nil,
            restricted: restricted, replicas: replicas, liveness: !readinessOnly.contains(name))
    }

    private static func stateful(
        _ name: String, _ image: String, _ version: Version, _ port: Int, _ portName: String,
        _ cpu: String, _ memory: String, _ claims: [ClaimTemplateSpec]
    ) -> AppProfile {
        AppProfile(
            name: name, image: image, version: version, port: port, portName: portName,
            probePath: nil, cpu: cpu, memory: memory, memoryLimit: memory,
            env: [("POD_NAMESPACE_DOMAIN", "svc.cluster.local")], secretEnv: name + "-credentials",
            configMap: false, sidecar: false, command: nil, args: nil, claims: claims,
            restricted: false, replicas: 1...3)
    }

    private static func daemon(
        _ name: String, _ image: String, _ version: Version, _ port: Int, _ portName: String,
        hostNetwork: Bool, hostPaths: [(String, String)], args: [String]?, command: [String]? = nil,
        priority: String = "system-node-critical"
    ) -> AppProfile {
        AppProfile(
            name: name, image: image, version: version, port: port, portName: portName,
            probePath: nil, cpu: "50m", memory: "64Mi", memoryLimit: "256Mi",
            env: [], secretEnv: nil, configMap: false, sidecar: false, command: command, args: args,
            hostNetwork: hostNetwork, hostPaths: hostPaths, priorityClassName: priority,
            tolerateAll: true, serviceAccount: name, restricted: false, replicas: 1...1)
    }
}
