/// Who sends a request: user name, groups, user agent and source IP, as the audit log shows them.
final class Actor: Sendable {
    let name: String
    let groups: [String]
    let userAgent: String
    let ip: String
    /// The managedFields manager name this client writes as.
    let manager: String

    init(name: String, groups: [String], userAgent: String, ip: String, manager: String) {
        self.name = name
        self.groups = groups
        self.userAgent = userAgent
        self.ip = ip
        self.manager = manager
    }
}

/// The Kubernetes build the generated cluster runs.
let kubeVersion = "v1.32.0"
let kubeCommit = "70d3cc9"

private let controllerGroups = ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]
private let controlPlaneIP = "10.0.0.12"

private func controller(_ name: String) -> Actor {
    let user = "system:serviceaccount:kube-system:" + name
    return Actor(
        name: user, groups: controllerGroups,
        userAgent: "kube-controller-manager/\(kubeVersion) (linux/amd64) kubernetes/\(kubeCommit)/" + user,
        ip: controlPlaneIP, manager: "kube-controller-manager")
}

/// The cluster's fixed cast of controllers and people.
struct Actors {
    let deploymentController = controller("deployment-controller")
    let replicaSetController = controller("replicaset-controller")
    let statefulSetController = controller("statefulset-controller")
    let daemonSetController = controller("daemon-set-controller")
    let volumeBinder = controller("persistent-volume-binder")
    let nodeController = controller("node-controller")
    let podGarbageCollector = controller("pod-garbage-collector")
    let garbageCollector = controller("generic-garbage-collector")
    let scheduler = Actor(
        name: "system:kube-scheduler", groups: ["system:authenticated"],
        userAgent: "kube-scheduler/\(kubeVersion) (linux/amd64) kubernetes/\(kubeCommit)/scheduler",
        ip: controlPlaneIP, manager: "kube-scheduler")
    let provisioner = Actor(
        name: "system:serviceaccount:kube-system:ebs-csi-controller-sa",
        groups: controllerGroups, userAgent: "csi-provisioner/v5.1.0 (linux/amd64) kubernetes/$Format",
        ip: "10.244.0.17", manager: "csi-provisioner")
    let cloudNodeLifecycle = Actor(
        name: "system:serviceaccount:kube-system:cloud-node-lifecycle-controller",
        groups: controllerGroups,
        userAgent:
            """
            aws-cloud-controller-manager/v1.32.1 (linux/amd64) \
            kubernetes/$Format/system:serviceaccount:kube-system:cloud-node-lifecycle-controller
            """,
        ip: controlPlaneIP, manager: "aws-cloud-controller-manager")
    let humans: [Actor] = [
        human("alice@example.com", ["platform-admins", "system:authenticated"], "203.0.113.24"),
        human("bob@example.com", ["developers", "system:authenticated"], "198.51.100.7"),
        human("carol@example.com", ["developers", "sre", "system:authenticated"], "203.0.113.91"),
        Actor(
            name: "system:serviceaccount:ci:deployer",
            groups: ["system:serviceaccounts", "system:serviceaccounts:ci", "system:authenticated"],
            userAgent: "kubectl/\(kubeVersion) (linux/amd64) kubernetes/\(kubeCommit)", ip: "10.0.4.31",
            manager: "kubectl"),
    ]

    /// The kubelet of `node`.
    static func kubelet(node: String, ip: String) -> Actor {
        Actor(
            name: "system:node:" + node, groups: ["system:nodes", "system:authenticated"],
            userAgent: "kubelet/\(kubeVersion) (linux/amd64) kubernetes/\(kubeCommit)", ip: ip,
            manager: "kubelet")
    }
}

private func human(_ name: String, _ groups: [String], _ ip: String) -> Actor {
    Actor(
        name: name, groups: groups,
        userAgent: "kubectl/\(kubeVersion) (linux/amd64) kubernetes/\(kubeCommit)", ip: ip,
        manager: "kubectl")
}
