// Nodes: registration, readiness, heartbeats, failure (NotReady, taint eviction) and recovery or
// replacement.

private let nodeImages: [(String, Int)] = [
    ("registry.k8s.io/kube-proxy:v1.32.0", 30_907_611),
    ("public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.35.0", 36_103_512),
    ("quay.io/prometheus/node-exporter:v1.8.2", 12_302_414),
    ("cr.fluentbit.io/fluent/fluent-bit:3.1.9", 38_911_807),
    ("registry.k8s.io/pause:3.10", 320_368),
    ("public.ecr.aws/eks-distro/kubernetes-csi/livenessprobe:v2.14.0-eks-1-31-5", 9_822_306),
    ("public.ecr.aws/eks-distro/kubernetes-csi/node-driver-registrar:v2.12.0-eks-1-31-5", 9_543_120),
    ("602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:v1.18.5-eksbuild.1", 48_212_015),
]

extension Cluster {
    func nodeJoin() {
        let index = nodesJoined
        nodesJoined += 1
        let zone = zones[index % zones.count]
        let subnet = 16 * (index % zones.count) + 1 + (index / 200)
        let host = 10 + (index * 37) % 240
        let ip = "10.0." + String(subnet) + "." + String(host)
        let name = "ip-10-0-" + String(subnet) + "-" + String(host) + ".ec2.internal"
        let t = stamp()
        let node = Node(
            id: newID(), name: name, uid: rng.uuid(), ip: ip, zone: zone, cidrIndex: index + 1, created: t, rng: &rng)
        nodes[node.id] = node
        nodeOrder.append(node.id)
        writeNode(node, "create", nil, actor: node.kubelet, time: t)
        schedule(.nodeAssignCIDR(node.id), after: ms(20, 120))
        schedule(.nodeKubeletReady(node.id), after: sec(8, 25))
    }

    func nodeAssignCIDR(_ id: Int) {
        guard let node = nodes[id], !node.gone else { return }
        let t = stamp()
        node.podCIDRAssigned = true
        node.nodeControllerTime = t
        let cidr = node.podNetwork + ".0/24"
        var patch: [UInt8] = []
        patch.raw("{\"spec\":{\"podCIDR\":")
        patch.string(cidr)
        patch.raw(",\"podCIDRs\":[")
        patch.string(cidr)
        patch.raw("]}}")
        writeNode(node, "patch", nil, actor: actors.nodeController, time: t, request: patch)
    }

    func nodeKubeletReady(_ id: Int) {
        guard let node = nodes[id], !node.gone, !node.down else { return }
        let t = stamp()
        node.ready = true
        node.readyTransition = t
        node.heartbeat = t
        node.kubeletStatusTime = t
        writeNode(node, "patch", "status", actor: node.kubelet, time: t, request: nodeStatusPatch(node))
        schedule(.nodeUntaint(id), after: ms(30, 400))
    }

    func nodeUntaint(_ id: Int) {
        guard let node = nodes[id], !node.gone else { return }
        guard node.notReadyTaint || node.unreachableTaints else { return }
        let t = stamp()
        node.notReadyTaint = false
        node.unreachableTaints = false
        node.nodeControllerTime = t
        writeNode(
            node, "patch", nil, actor: actors.nodeController, time: t,
            request: Array("{\"spec\":{\"taints\":null}}".utf8))
        if !node.started {
            node.started = true
            schedule(.nodeHeartbeat(id), after: sec(270, 330))
            if options.meanSecondsBetweenNodeFailures > 0 {
                schedule(.nodeFail(id), after: rng.exponential(meanSeconds: options.meanSecondsBetweenNodeFailures))
            }
        }
        // Pending pods can now be placed; DaemonSets add their pod.
        for slot in daemonSets.indices where daemonSets[slot] != nil { requestDaemonSetSync(slot) }
        for (podID, pod) in pendingPods() where pod.nodeName == nil {
            schedule(.podSchedule(podID), after: ms(5, 200))
        }
    }

    /// Unbound, live pods (sorted by id so the order is stable).
    func pendingPods() -> [(Int, Pod)] {
        pods.filter { $0.value.nodeName == nil && !$0.value.terminating }.sorted { $0.key < $1.key }
    }

    func nodeHeartbeat(_ id: Int) {
        guard let node = nodes[id], !node.gone else { return }
        schedule(.nodeHeartbeat(id), after: sec(285, 315))
        guard !node.down, node.ready else { return }
        let t = stamp()
        node.heartbeat = t
        node.kubeletStatusTime = t
        writeNode(node, "patch", "status", actor: node.kubelet, time: t, request: nodeStatusPatch(node))
    }

    func nodeFail(_ id: Int) {
        guard let node = nodes[id], !node.gone, !node.down, node.ready else { return }
        node.down = true
        // The node monitor grace period: 40 s without a status post.
        schedule(.nodeMarkUnreachable(id), after: sec(40, 50))
    }

    func nodeMarkUnreachable(_ id: Int) {
        guard let node = nodes[id], !node.gone, node.down else { return }
        var t = stamp()
        node.unreachable = true
        node.ready = false
        node.readyTransition = t
        node.nodeControllerTime = t
        writeNode(node, "update", "status", actor: actors.nodeController, time: t)
        t = stamp()
        node.unreachableTaints = true
        node.nodeControllerTime = t
        writeNode(
            node, "patch", nil, actor: actors.nodeController, time: t,
            request: Array(
                """
                {\"spec\":{\"taints\":[{\"effect\":\"NoSchedule\",\"key\":\"node.kubernetes.io/unreachable\"},\
                {\"effect\":\"NoExecute\",\"key\":\"node.kubernetes.io/unreachable\"}]}}
                """
                .utf8))
        for podID in node.pods {
            guard let pod = pods[podID], !pod.terminating, pod.phase == .running || pod.phase == .pending else {
                continue
            }
            let t = stamp()
            pod.ready = false
            pod.markedNotReady = true
            pod.containersReadyAt = t
            for i in pod.containers.indices { pod.containers[i].ready = false }
            pod.nodeControllerTime = t
            writePod(pod, "update", "status", actor: actors.nodeController, time: t)
            notifyOwner(pod)
        }
        schedule(.nodeEvict(id), after: sec(300, 305))
        if rng.chance(0.65) {
            schedule(.nodeRecover(id), after: sec(90, 200) + rng.exponential(meanSeconds: 600))
        } else {
            schedule(.nodeDelete(id), after: sec(900, 2700))
        }
    }

    func nodeEvict(_ id: Int) {
        guard let node = nodes[id], !node.gone, node.unreachable else { return }
        for podID in node.pods {
            guard let pod = pods[podID], !pod.terminating else { continue }
            if case .daemonSet = pod.owner { continue }
            let t = stamp()
            pod.disruptionAt = t
            pod.nodeControllerTime = t
            writePod(
                pod, "patch", "status", actor: actors.nodeController, time: t,
                request: Array(
                    """
                    {\"status\":{\"conditions\":[{\"message\":\"Taint manager: deleting due to NoExecute \
                    taint\",\"reason\":\"DeletionByTaintManager\",\"status\":\"True\",\"type\":\"DisruptionTarget\"}]}}
                    """
                    .utf8))
            gracefulDelete(pod, actor: actors.nodeController)
        }
    }

    func nodeRecover(_ id: Int) {
        guard let node = nodes[id], !node.gone, node.down else { return }
        node.down = false
        let t = stamp()
        node.unreachable = false
        node.ready = true
        node.readyTransition = t
        node.heartbeat = t
        node.kubeletStatusTime = t
        writeNode(node, "patch", "status", actor: node.kubelet, time: t, request: nodeStatusPatch(node))
        schedule(.nodeUntaint(id), after: ms(50, 600))
        if options.meanSecondsBetweenNodeFailures > 0 {
            schedule(.nodeFail(id), after: rng.exponential(meanSeconds: options.meanSecondsBetweenNodeFailures))
        }
        for podID in node.pods {
            guard let pod = pods[podID] else { continue }
            pod.incarnation += 1
            if pod.terminating {
                schedule(.podTerminate(podID), after: ms(500, 3000))
            } else {
                schedule(.podKubelet(podID, pod.incarnation), after: ms(800, 6000))
            }
        }
    }

    func nodeDelete(_ id: Int) {
        guard let node = nodes[id], !node.gone, node.down else { return }
        let t = stamp()
        node.gone = true
        writeNode(node, "delete", nil, actor: actors.cloudNodeLifecycle, time: t, request: deleteOptions(nil))
        nodes[id] = nil
        nodeOrder.removeAll { $0 == id }
        // The pod garbage collector removes the pods bound to the vanished node.
        for podID in node.pods {
            guard let pod = pods[podID] else { continue }
            let t = stamp()
            if pod.deletionTimestamp == nil { pod.deletionTimestamp = t }
            pod.deletionGrace = 0
            removePod(pod, actor: actors.podGarbageCollector, time: t, request: deleteOptions(pod.uid, grace: 0))
        }
        node.pods.removeAll()
        for slot in daemonSets.indices where daemonSets[slot] != nil { requestDaemonSetSync(slot) }
        schedule(.nodeJoin, after: sec(60, 240))
    }

    // MARK: - Rendering

    func nodeStatusPatch(_ node: Node) -> [UInt8] {
        var patch: [UInt8] = []
        patch.raw(
            """
            {\"status\":{\"$setElementOrder/conditions\":[{\"type\":\"MemoryPressure\"},{\"type\":\"DiskPressure\"},\
            {\"type\":\"PIDPressure\"},{\"type\":\"Ready\"}],\"conditions\":[{\"lastHeartbeatTime\":
            """
        )
        patch.quotedTimestamp(node.heartbeat)
        patch.raw(",\"type\":\"Ready\"}]}}")
        return patch
    }

    func writeNode(
        _ node: Node, _ verb: String, _ subresource: String?, actor: Actor, time: Int64, request: [UInt8]? = nil
    ) {
        let rv = nextRV()
        node.rv = rv
        var o: [UInt8] = []
        o.reserveCapacity(sizeHint[0] + 256)
        renderNode(node, into: &o)
        sizeHint[0] = o.count
        emit(
            verb, subresource, actor: actor, apiVersion: "v1", kind: "Node", namespace: nil, name: node.name,
            uid: node.uid, rv: rv, time: time, object: o, request: request)
    }

    func renderNode(_ node: Node, into o: inout [UInt8]) {
        o.raw(
            """
            {\"apiVersion\":\"v1\",\"kind\":\"Node\",\
            \"metadata\":{\"annotations\":{\"alpha.kubernetes.io/provided-node-ip\":
            """
        )
        o.string(node.ip)
        o.raw(
            """
            ,\"node.alpha.kubernetes.io/ttl\":\"0\",\
            \"volumes.kubernetes.io/controller-managed-attach-detach\":\"true\"},\"creationTimestamp\":
            """
        )
        o.quotedTimestamp(node.created)
        o.raw(",\"labels\":{\"beta.kubernetes.io/arch\":\"amd64\",\"beta.kubernetes.io/instance-type\":")
        o.string(node.instanceType)
        o.raw(
            """
            ,\"beta.kubernetes.io/os\":\"linux\",\"failure-domain.beta.kubernetes.io/region\":\"us-east-1\",\
            \"failure-domain.beta.kubernetes.io/zone\":
            """
        )
        o.string(node.zone)
        o.raw(
            """
            ,\"k8s.io/cloud-provider-aws\":\"8a1b2c3d4e5f60718293a4b5c6d7e8f9\",\"kubernetes.io/arch\":\"amd64\",\
            \"kubernetes.io/hostname\":
            """
        )
        o.string(node.name)
        o.raw(
            """
            ,\"kubernetes.io/os\":\"linux\",\"node-role.kubernetes.io/worker\":\"\",\
            \"node.kubernetes.io/instance-type\":
            """
        )
        o.string(node.instanceType)
        o.raw(",\"topology.ebs.csi.aws.com/zone\":")
        o.string(node.zone)
        o.raw(",\"topology.k8s.aws/zone-id\":\"use1-az")
        o.int(zones.firstIndex(of: node.zone).map { $0 + 1 } ?? 1)
        o.raw("\",\"topology.kubernetes.io/region\":\"us-east-1\",\"topology.kubernetes.io/zone\":")
        o.string(node.zone)
        o.raw("},\"managedFields\":[")
        appendManagedEntry(&o, apiVersion: "v1", fields: kubeletNodeFields, manager: "kubelet", time: node.created)
        if let t = node.nodeControllerTime {
            o.append(0x2C)
            var fields: [UInt8] = []
            fields.raw(
                """
                {\"f:metadata\":{\"f:annotations\":{\"f:node.alpha.kubernetes.io/ttl\":{}}},\
                \"f:spec\":{\"f:podCIDR\":{},\"f:podCIDRs\":{\".\":{},\"v:\\\"
                """
            )
            fields.escaped(node.podNetwork)
            fields.raw(".0/24\\\"\":{}},\"f:taints\":{}}}")
            appendManagedEntry(&o, apiVersion: "v1", fields: fields, manager: "kube-controller-manager", time: t)
        }
        o.append(0x2C)
        appendManagedEntry(
            &o, apiVersion: "v1", fields: kubeletNodeStatusFields, manager: "kubelet", subresource: "status",
            time: node.kubeletStatusTime)
        o.raw("],\"name\":")
        o.string(node.name)
        o.raw(",\"resourceVersion\":")
        o.quotedInt(node.rv)
        o.raw(",\"uid\":")
        o.string(node.uid)
        o.raw("},\"spec\":{")
        if node.podCIDRAssigned {
            let network = node.podNetwork
            o.raw("\"podCIDR\":\"")
            o.escaped(network)
            o.raw(".0/24\",\"podCIDRs\":[\"")
            o.escaped(network)
            o.raw(".0/24\"],")
        }
        o.raw("\"providerID\":\"aws:///")
        o.raw(zoneStatic(node.zone))
        o.append(0x2F)
        o.escaped(node.instanceID)
        o.append(0x22)
        if node.notReadyTaint || node.unreachableTaints {
            o.raw(",\"taints\":[")
            if node.unreachableTaints {
                o.raw("{\"effect\":\"NoSchedule\",\"key\":\"node.kubernetes.io/unreachable\",\"timeAdded\":")
                o.quotedTimestamp(node.readyTransition)
                o.raw("},{\"effect\":\"NoExecute\",\"key\":\"node.kubernetes.io/unreachable\",\"timeAdded\":")
                o.quotedTimestamp(node.readyTransition)
                o.raw("}")
            } else {
                o.raw("{\"effect\":\"NoSchedule\",\"key\":\"node.kubernetes.io/not-ready\"}")
            }
            o.raw("]")
        }
        o.raw("},\"status\":{\"addresses\":[{\"address\":")
        o.string(node.ip)
        o.raw(",\"type\":\"InternalIP\"},{\"address\":")
        o.string(node.name)
        o.raw(",\"type\":\"InternalDNS\"},{\"address\":")
        o.string(node.name)
        o.raw(
            """
            ,\"type\":\"Hostname\"}],\"allocatable\":{\"cpu\":\"3920m\",\"ephemeral-storage\":\"95551679124\",\
            \"hugepages-1Gi\":\"0\",\"hugepages-2Mi\":\"0\",\"memory\":\"15146960Ki\",\"pods\":\"58\"},\
            \"capacity\":{\"cpu\":\"4\",\"ephemeral-storage\":\"104845292Ki\",\"hugepages-1Gi\":\"0\",\
            \"hugepages-2Mi\":\"0\",\"memory\":\"16164816Ki\",\"pods\":\"58\"},\"conditions\":[
            """
        )
        let unknown = node.unreachable
        func condition(_ type: StaticString, _ okReason: StaticString, _ okMessage: StaticString) {
            o.raw("{\"lastHeartbeatTime\":")
            o.quotedTimestamp(node.heartbeat)
            o.raw(",\"lastTransitionTime\":")
            o.quotedTimestamp(unknown ? node.readyTransition : node.created)
            if unknown {
                o.raw(
                    """
                    ,\"message\":\"Kubelet stopped posting node \
                    status.\",\"reason\":\"NodeStatusUnknown\",\"status\":\"Unknown\",\"type\":\"
                    """
                )
            } else {
                o.raw(",\"message\":\"")
                o.raw(okMessage)
                o.raw("\",\"reason\":\"")
                o.raw(okReason)
                o.raw("\",\"status\":\"False\",\"type\":\"")
            }
            o.raw(type)
            o.raw("\"},")
        }
        condition("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available")
        condition("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure")
        condition("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available")
        o.raw("{\"lastHeartbeatTime\":")
        o.quotedTimestamp(node.heartbeat)
        o.raw(",\"lastTransitionTime\":")
        o.quotedTimestamp(node.readyTransition)
        if unknown {
            o.raw(
                """
                ,\"message\":\"Kubelet stopped posting node \
                status.\",\"reason\":\"NodeStatusUnknown\",\"status\":\"Unknown\",\"type\":\"Ready\"}
                """
            )
        } else if node.ready {
            o.raw(
                """
                ,\"message\":\"kubelet is posting ready \
                status\",\"reason\":\"KubeletReady\",\"status\":\"True\",\"type\":\"Ready\"}
                """
            )
        } else {
            o.raw(
                """
                ,\"message\":\"container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady \
                message:Network plugin returns error: cni plugin not \
                initialized\",\"reason\":\"KubeletNotReady\",\"status\":\"False\",\"type\":\"Ready\"}
                """
            )
        }
        o.raw("],\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":10250}},\"images\":")
        o.append(contentsOf: nodeImagesJSON)
        o.raw(",\"nodeInfo\":{\"architecture\":\"amd64\",\"bootID\":")
        o.string(node.bootID)
        o.raw(
            """
            ,\"containerRuntimeVersion\":\"containerd://1.7.22\",\"kernelVersion\":\"6.1.112-124.190.amzn2023.x86_64\",\
            \"kubeProxyVersion\":\"v1.32.0\",\"kubeletVersion\":\"v1.32.0\",\"machineID\":
            """
        )
        o.string(node.machineID)
        o.raw(",\"operatingSystem\":\"linux\",\"osImage\":\"Amazon Linux 2023.6.20241010\",\"systemUUID\":")
        o.string(node.machineID)
        o.raw("}}}")
    }

    private func zoneStatic(_ zone: String) -> StaticString {
        switch zone {
        case "us-east-1a": "us-east-1a"
        case "us-east-1b": "us-east-1b"
        default: "us-east-1c"
        }
    }
}

private let kubeletNodeFields: [UInt8] = Array(
    #"""
    {"f:metadata":{"f:annotations":{".":{},"f:alpha.kubernetes.io/provided-node-ip":{},\#
    "f:volumes.kubernetes.io/controller-managed-attach-detach":{}},"f:labels":{".":{},"f:beta.kubernetes.io/arch":{},\#
    "f:beta.kubernetes.io/os":{},"f:kubernetes.io/arch":{},"f:kubernetes.io/hostname":{},"f:kubernetes.io/os":{},\#
    "f:node-role.kubernetes.io/worker":{},"f:node.kubernetes.io/instance-type":{},\#
    "f:topology.ebs.csi.aws.com/zone":{},"f:topology.k8s.aws/zone-id":{}}},"f:spec":{"f:providerID":{}}}
    """#
    .utf8)
private let kubeletNodeStatusFields: [UInt8] = Array(
    #"""
    {"f:status":{"f:allocatable":{"f:cpu":{},"f:ephemeral-storage":{},"f:memory":{}},"f:capacity":{"f:cpu":{},\#
    "f:ephemeral-storage":{},"f:memory":{}},\#
    "f:conditions":{"k:{\"type\":\"DiskPressure\"}":{"f:lastHeartbeatTime":{}},\#
    "k:{\"type\":\"MemoryPressure\"}":{"f:lastHeartbeatTime":{}},\#
    "k:{\"type\":\"PIDPressure\"}":{"f:lastHeartbeatTime":{}},"k:{\"type\":\"Ready\"}":{"f:lastHeartbeatTime":{},\#
    "f:lastTransitionTime":{},"f:message":{},"f:reason":{},"f:status":{}}},"f:images":{},"f:nodeInfo":{"f:bootID":{},\#
    "f:containerRuntimeVersion":{},"f:kernelVersion":{},"f:kubeProxyVersion":{},"f:kubeletVersion":{},\#
    "f:machineID":{},"f:osImage":{},"f:systemUUID":{}}}}
    """#
    .utf8)

/// The node's image list (the same on every node), rendered once.
private let nodeImagesJSON: [UInt8] = {
    var o: [UInt8] = [0x5B]
    for (index, image) in nodeImages.enumerated() {
        if index > 0 { o.append(0x2C) }
        let repository = image.0.split(separator: ":").dropLast().joined(separator: ":")
        o.raw("{\"names\":[\"")
        o.escaped(repository)
        o.raw("@sha256:")
        let h = fnv1a32(Array(image.0.utf8))
        for round in 0..<8 {
            let v = h &* UInt32(2 * round + 1) ^ UInt32(truncatingIfNeeded: image.1 &+ round)
            for shift in stride(from: 28, through: 0, by: -4) {
                o.append(hexDigit(UInt8(truncatingIfNeeded: v >> UInt32(shift)) & 0xF))
            }
        }
        o.raw("\",")
        o.string(image.0)
        o.raw("],\"sizeBytes\":")
        o.int(image.1)
        o.append(0x7D)
    }
    o.append(0x5D)
    return o
}()
