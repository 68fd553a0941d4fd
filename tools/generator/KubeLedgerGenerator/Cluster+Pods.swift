// Pods: creation by a controller, binding by the scheduler, status from the kubelet, container
// restarts, graceful deletion and removal.

extension Cluster {
    /// Creates a pod (one `create` event by the owning controller) and asks the scheduler to place it.
    @discardableResult
    func createPod(
        owner: PodOwner, ownerKind: StaticString, ownerName: String, ownerUID: String,
        namespace: String, template: PodTemplate, name: String, generateName: String?,
        labelsJSON: [UInt8], controllerFields: [UInt8], actor: Actor, ordinal: Int = -1,
        subdomain: String? = nil, claims: [(String, String)] = [], revision: String = "",
        daemonNode: String? = nil
    ) -> Pod {
        let t = stamp()
        let pod = Pod(
            id: newID(), name: name, uid: rng.uuid(), namespace: namespace, owner: owner,
            ownerName: ownerName, ownerUID: ownerUID, template: template, generateName: generateName,
            apiAccess: rng.nameSuffix(), created: t, labelsJSON: labelsJSON,
            controllerFields: controllerFields, ordinal: ordinal, subdomain: subdomain, claims: claims,
            revision: revision, daemonNode: daemonNode)
        pod.ownerKind = ownerKind
        pods[pod.id] = pod
        writePod(pod, "create", nil, actor: actor, time: t, generatedName: generateName != nil)
        schedule(.podSchedule(pod.id), after: ms(2, 40))
        return pod
    }

    /// The FieldsV1 a controller owns on the pods it creates.
    func podControllerFields(
        template: PodTemplate, labelKeys: [String], ownerKind: String, ownerName: String,
        ownerUID: String, generateName: Bool
    ) -> [UInt8] {
        let metadata = J.obj([
            (
                "metadata",
                J.obj([
                    ("generateName", generateName ? J.string("") : nil),
                    ("labels", J.obj(labelKeys.map { ($0, J.string("")) })),
                    (
                        "ownerReferences",
                        J.array([
                            J.obj([
                                ("apiVersion", .string("apps/v1")), ("blockOwnerDeletion", .bool(true)),
                                ("controller", .bool(true)), ("kind", .string(ownerKind)),
                                ("name", .string(ownerName)), ("uid", .string(ownerUID)),
                            ])
                        ])
                    ),
                ])
            )
        ]).fieldSetBytes()
        // {"f:metadata":{…}} + ,"f:spec":{…}}
        var out = Array(metadata.dropLast())
        out.raw(",\"f:spec\":")
        out.append(contentsOf: template.podSpecFields)
        out.append(0x7D)
        return out
    }

    func podSchedule(_ id: Int) {
        guard let pod = pods[id], pod.nodeName == nil, !pod.terminating else { return }
        var candidates: [Node] = []
        var reason = ""
        if let target = pod.daemonNode {
            if let node = nodeOrder.lazy.compactMap({ self.nodes[$0] }).first(where: { $0.name == target }), !node.down
            {
                candidates = [node]
            } else {
                reason =
                    "0/" + String(nodeOrder.count)
                    + " nodes are available: 1 node(s) didn't match Pod's node affinity/selector."
            }
        } else {
            var zone: String? = nil
            for claimRef in pod.claims {
                guard let sts = stsFor(pod), let claimID = sts.claims[claimRef.claim], let claim = claims[claimID],
                    claim.bound,
                    let volumeID = claim.volumeID, let volume = volumes[volumeID]
                else {
                    reason =
                        "0/" + String(nodeOrder.count)
                        + " nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/"
                        + String(nodeOrder.count) + " nodes are available: " + String(nodeOrder.count)
                        + " Preemption is not helpful for scheduling."
                    break
                }
                zone = volume.zone
            }
            if reason.isEmpty {
                candidates = nodeOrder.compactMap { nodes[$0] }.filter {
                    $0.schedulable && (zone == nil || $0.zone == zone)
                }
                if candidates.isEmpty {
                    let total = nodeOrder.count
                    let tainted = nodeOrder.compactMap { nodes[$0] }.filter { !$0.schedulable }.count
                    reason =
                        "0/" + String(total) + " nodes are available: "
                        + (tainted > 0
                            ? String(tainted) + " node(s) had untolerated taint {node.kubernetes.io/unreachable: }"
                            : "")
                        + (zone != nil && tainted < total
                            ? (tainted > 0 ? ", " : "") + String(total - tainted)
                                + " node(s) had volume node affinity conflict" : "")
                        + ". preemption: 0/" + String(total) + " nodes are available: " + String(total)
                        + " Preemption is not helpful for scheduling."
                }
            }
        }
        guard !candidates.isEmpty else {
            if pod.unschedulable == nil {
                let t = stamp()
                pod.unschedulable = (t, reason)
                pod.schedulerTime = t
                var patch: [UInt8] = []
                patch.raw("{\"status\":{\"conditions\":[{\"lastProbeTime\":null,\"lastTransitionTime\":")
                patch.quotedTimestamp(t)
                patch.raw(",\"message\":")
                patch.string(reason)
                patch.raw(",\"reason\":\"Unschedulable\",\"status\":\"False\",\"type\":\"PodScheduled\"}]}}")
                writePod(pod, "patch", "status", actor: actors.scheduler, time: t, request: patch)
            }
            schedule(.podSchedule(id), after: sec(2, 20))
            return
        }
        // Least-loaded of two random picks.
        var node = candidates[rng.below(candidates.count)]
        let other = candidates[rng.below(candidates.count)]
        if other.pods.count < node.pods.count { node = other }
        let t = stamp()
        pod.nodeID = node.id
        pod.nodeName = node.name
        pod.scheduledAt = t
        pod.unschedulable = nil
        node.pods.append(pod.id)
        var binding: [UInt8] = []
        binding.raw("{\"kind\":\"Binding\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":")
        binding.string(pod.name)
        binding.raw(",\"namespace\":")
        binding.string(pod.namespace)
        binding.raw(",\"uid\":")
        binding.string(pod.uid)
        binding.raw(",\"creationTimestamp\":null},\"target\":{\"kind\":\"Node\",\"name\":")
        binding.string(node.name)
        binding.raw("}}")
        writePod(pod, "update", "binding", actor: actors.scheduler, time: t, request: binding)
        schedule(.podKubelet(id, pod.incarnation), after: ms(300, 1500))
    }

    /// The kubelet's next status report for a live pod: sandbox, containers started, ready.
    func podKubelet(_ id: Int, _ incarnation: Int) {
        guard let pod = pods[id], pod.incarnation == incarnation, !pod.terminating,
            let nodeID = pod.nodeID, let node = nodes[nodeID], !node.down
        else { return }
        let t: Int64
        var request: [UInt8] = []
        if pod.initializedAt == nil {
            // Accepted: Initialized, sandbox being created, containers waiting.
            t = stamp()
            pod.initializedAt = t
            pod.startTime = t
            pod.containersReadyAt = t
            pod.hostIP = node.ip
            request.raw("{\"metadata\":{\"uid\":")
            request.string(pod.uid)
            request.raw(
                """
                },\"status\":{\"$setElementOrder/conditions\":[{\"type\":\"PodReadyToStartContainers\"},\
                {\"type\":\"Initialized\"},{\"type\":\"Ready\"},{\"type\":\"ContainersReady\"},\
                {\"type\":\"PodScheduled\"}],\"hostIP\":
                """
            )
            request.string(node.ip)
            request.raw(",\"startTime\":")
            request.quotedTimestamp(t)
            request.raw("}}")
            schedule(.podKubelet(id, incarnation), after: sec(1.5, 14))
        } else if pod.phase == .pending || pod.sandboxReadyAt == nil {
            // Image pulled, containers running.
            t = stamp()
            pod.sandboxReadyAt = t
            pod.phase = .running
            pod.podIP = pod.template.profile.hostNetwork ? node.ip : node.allocatePodIP()
            for i in pod.containers.indices {
                pod.containers[i].containerID = "containerd://" + rng.hex(64)
                pod.containers[i].runningSince = t
                pod.containers[i].started = true
                pod.containers[i].waitingReason = nil
                pod.containers[i].ready = !pod.template.hasReadinessProbe
            }
            if !pod.template.hasReadinessProbe {
                pod.ready = true
                pod.containersReadyAt = t
            } else {
                schedule(.podKubelet(id, incarnation), after: sec(3, 15))
            }
            request.raw("{\"metadata\":{\"uid\":")
            request.string(pod.uid)
            request.raw("},\"status\":{\"phase\":\"Running\",\"podIP\":")
            request.string(pod.podIP ?? "")
            request.raw(",\"podIPs\":[{\"ip\":")
            request.string(pod.podIP ?? "")
            request.raw("}]}}")
        } else if !pod.ready || pod.markedNotReady {
            // Readiness probe passed (or the node is back).
            t = stamp()
            let wasMarked = pod.markedNotReady
            pod.markedNotReady = false
            pod.ready = true
            pod.containersReadyAt = t
            for i in pod.containers.indices {
                pod.containers[i].ready = true
                if pod.containers[i].runningSince == nil { pod.containers[i].runningSince = t }
            }
            request.raw("{\"metadata\":{\"uid\":")
            request.string(pod.uid)
            request.raw("},\"status\":{\"conditions\":[{\"lastTransitionTime\":")
            request.quotedTimestamp(t)
            request.raw(",\"message\":null,\"reason\":null,\"status\":\"True\",\"type\":\"Ready\"}]}}")
            if !wasMarked && rng.chance(0.08) {
                schedule(.podCrash(id, incarnation), after: rng.exponential(meanSeconds: 6 * 3600))
            }
        } else {
            return
        }
        pod.kubeletTime = t
        writePod(pod, "patch", "status", actor: node.kubelet, time: t, request: request)
        notifyOwner(pod)
    }

    /// A container exits (OOM or error) and is restarted.
    func podCrash(_ id: Int, _ incarnation: Int) {
        guard let pod = pods[id], pod.incarnation == incarnation, !pod.terminating, pod.ready,
            let nodeID = pod.nodeID, let node = nodes[nodeID], !node.down
        else { return }
        let t = stamp()
        let oom = rng.chance(0.4)
        let previous = pod.containers[0]
        pod.containers[0].lastExit = (
            oom ? 137 : 1, oom ? "OOMKilled" : "Error", previous.runningSince ?? t, t - ms(100, 900),
            previous.containerID ?? ""
        )
        pod.containers[0].restartCount += 1
        pod.containers[0].containerID = "containerd://" + rng.hex(64)
        pod.containers[0].runningSince = t
        pod.containers[0].ready = false
        pod.ready = false
        pod.containersReadyAt = t
        pod.kubeletTime = t
        pod.incarnation += 1
        writePod(pod, "patch", "status", actor: node.kubelet, time: t)
        notifyOwner(pod)
        schedule(.podKubelet(id, pod.incarnation), after: sec(5, 40))
    }

    /// A graceful delete: the pod gets its deletionTimestamp (an `update`); the kubelet then stops
    /// it and removes it. Unbound pods are removed at once.
    func gracefulDelete(_ pod: Pod, actor: Actor) {
        guard !pod.terminating else { return }
        let t = stamp()
        pod.incarnation += 1
        if pod.nodeName == nil {
            pod.deletionTimestamp = t
            pod.deletionGrace = 0
            removePod(pod, actor: actor, time: t, request: deleteOptions(nil))
            return
        }
        let grace = pod.template.terminationGracePeriodSeconds
        pod.deletionTimestamp = t - t % 1_000_000_000 + Int64(grace) * 1_000_000_000
        pod.deletionGrace = grace
        writePod(pod, "update", nil, actor: actor, time: t)
        notifyOwner(pod)
        if let nodeID = pod.nodeID, let node = nodes[nodeID], !node.down {
            schedule(.podTerminate(pod.id), after: sec(1, min(Double(grace) * 0.6, 12)))
        }
    }

    /// The kubelet reports the containers stopped (terminal phase), then deletes the pod.
    func podTerminate(_ id: Int) {
        guard let pod = pods[id], pod.terminating, let nodeID = pod.nodeID, let node = nodes[nodeID], !node.down else {
            return
        }
        if pod.phase == .succeeded || pod.phase == .failed || pod.initializedAt == nil {
            schedule(.podFinalDelete(id), after: ms(100, 800))
            return
        }
        let t = stamp()
        let failed = rng.chance(0.1)
        for i in pod.containers.indices {
            let started = pod.containers[i].runningSince ?? t
            pod.containers[i].terminated = (
                failed && i == 0 ? 143 : 0, failed && i == 0 ? "Error" : "Completed", started, t - ms(20, 400)
            )
            pod.containers[i].ready = false
            pod.containers[i].started = false
        }
        pod.phase = failed ? .failed : .succeeded
        pod.ready = false
        pod.containersReadyAt = t
        pod.kubeletTime = t
        writePod(pod, "patch", "status", actor: node.kubelet, time: t)
        schedule(.podFinalDelete(id), after: ms(200, 1500))
    }

    func podFinalDelete(_ id: Int) {
        guard let pod = pods[id], pod.terminating, let nodeID = pod.nodeID, let node = nodes[nodeID], !node.down else {
            return
        }
        let t = stamp()
        pod.deletionGrace = 0
        removePod(pod, actor: node.kubelet, time: t, request: deleteOptions(pod.uid, grace: 0))
    }

    /// Emits the `delete` and forgets the pod.
    func removePod(_ pod: Pod, actor: Actor, time: Int64, request: [UInt8]?) {
        writePod(pod, "delete", nil, actor: actor, time: time, request: request)
        pods[pod.id] = nil
        pod.incarnation += 1
        if let nodeID = pod.nodeID, let node = nodes[nodeID] {
            if let index = node.pods.firstIndex(of: pod.id) { node.pods.remove(at: index) }
        }
        switch pod.owner {
        case .replicaSet(let rsID):
            if let rs = replicaSets[rsID], let index = rs.pods.firstIndex(of: pod.id) { rs.pods.remove(at: index) }
        case .statefulSet(let slot):
            if let sts = statefulSets[slot], sts.pods[pod.ordinal] == pod.id { sts.pods[pod.ordinal] = nil }
        case .daemonSet(let slot):
            if let ds = daemonSets[slot], let nodeID = pod.nodeID ?? nodeID(named: pod.daemonNode),
                ds.podsByNode[nodeID] == pod.id
            {
                ds.podsByNode[nodeID] = nil
            }
        }
        notifyOwner(pod)
    }

    func nodeID(named name: String?) -> Int? {
        guard let name else { return nil }
        return nodeOrder.first { nodes[$0]?.name == name }
    }

    func stsFor(_ pod: Pod) -> StatefulSet? {
        if case .statefulSet(let slot) = pod.owner { return statefulSets[slot] }
        return nil
    }

    /// Asks the owning controller to sync soon.
    func notifyOwner(_ pod: Pod) {
        switch pod.owner {
        case .replicaSet(let id): requestReplicaSetSync(id)
        case .statefulSet(let slot): requestStatefulSetSync(slot)
        case .daemonSet(let slot): requestDaemonSetSync(slot)
        }
    }

    func deleteOptions(_ uid: String?, grace: Int? = nil, propagation: StaticString? = nil) -> [UInt8] {
        var o: [UInt8] = []
        o.raw("{\"kind\":\"DeleteOptions\",\"apiVersion\":\"meta.k8s.io/__internal\"")
        if let grace {
            o.raw(",\"gracePeriodSeconds\":")
            o.int(grace)
        }
        if let uid {
            o.raw(",\"preconditions\":{\"uid\":")
            o.string(uid)
            o.raw("}")
        }
        if let propagation {
            o.raw(",\"propagationPolicy\":\"")
            o.raw(propagation)
            o.raw("\"")
        }
        o.raw("}")
        return o
    }

    // MARK: - Rendering

    func writePod(
        _ pod: Pod, _ verb: String, _ subresource: String?, actor: Actor, time: Int64,
        request: [UInt8]? = nil, generatedName: Bool = false
    ) {
        let rv = nextRV()
        pod.rv = rv
        var o: [UInt8] = []
        o.reserveCapacity(sizeHint[1] + 512)
        renderPod(pod, into: &o)
        sizeHint[1] = o.count
        emit(
            verb, subresource, actor: actor, apiVersion: "v1", kind: "Pod", namespace: pod.namespace,
            name: pod.name, uid: pod.uid, rv: rv, time: time, object: o, request: request,
            generatedName: generatedName)
    }

    func renderPod(_ pod: Pod, into o: inout [UInt8]) {
        let template = pod.template
        o.raw("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{")
        if !template.annotationsJSON.isEmpty {
            o.raw("\"annotations\":")
            o.append(contentsOf: template.annotationsJSON)
            o.append(0x2C)
        }
        o.raw("\"creationTimestamp\":")
        o.quotedTimestamp(pod.created)
        if let deletion = pod.deletionTimestamp {
            o.raw(",\"deletionGracePeriodSeconds\":")
            o.int(pod.deletionGrace)
            o.raw(",\"deletionTimestamp\":")
            o.quotedTimestamp(deletion)
        }
        if let generateName = pod.generateName {
            o.raw(",\"generateName\":")
            o.string(generateName)
        }
        o.raw(",\"labels\":")
        o.append(contentsOf: pod.labelsJSON)
        o.raw(",\"managedFields\":[")
        appendManagedEntry(
            &o, apiVersion: "v1", fields: pod.controllerFields, manager: "kube-controller-manager", time: pod.created)
        if let t = pod.schedulerTime {
            o.append(0x2C)
            appendManagedEntry(
                &o, apiVersion: "v1", fields: schedulerPodFields, manager: "kube-scheduler", subresource: "status",
                time: t)
        }
        if let t = pod.kubeletTime {
            o.append(0x2C)
            var fields: [UInt8] = []
            fields.reserveCapacity(900)
            kubeletPodFields(pod, into: &fields)
            appendManagedEntry(&o, apiVersion: "v1", fields: fields, manager: "kubelet", subresource: "status", time: t)
        }
        if let t = pod.nodeControllerTime {
            o.append(0x2C)
            appendManagedEntry(
                &o, apiVersion: "v1", fields: pod.disruptionAt != nil ? disruptionPodFields : readyPodFields,
                manager: "kube-controller-manager", subresource: "status", time: t)
        }
        o.raw("],\"name\":")
        o.string(pod.name)
        o.raw(",\"namespace\":")
        o.string(pod.namespace)
        o.raw(
            """
            ,\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"blockOwnerDeletion\":true,\"controller\":true,\
            \"kind\":\"
            """
        )
        o.raw(pod.ownerKind)
        o.raw("\",\"name\":")
        o.string(pod.ownerName)
        o.raw(",\"uid\":")
        o.string(pod.ownerUID)
        o.raw("}],\"resourceVersion\":")
        o.quotedInt(pod.rv)
        o.raw(",\"uid\":")
        o.string(pod.uid)
        o.raw("},\"spec\":")
        template.podSpec.write(into: &o) { hole, o in
            switch hole {
            case .apiAccessSuffix:
                o.escaped(pod.apiAccess)
            case .nodeNameField:
                if let nodeName = pod.nodeName {
                    o.raw(",\"nodeName\":")
                    o.string(nodeName)
                }
            case .hostnameField:
                if pod.subdomain != nil {
                    o.raw(",\"hostname\":")
                    o.string(pod.name)
                }
            case .subdomainField:
                if let subdomain = pod.subdomain {
                    o.raw(",\"subdomain\":")
                    o.string(subdomain)
                }
            case .daemonAffinity:
                o.raw(
                    """
                    {\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":[{\"ma\
                    tchFields\":[{\"key\":\"metadata.name\",\"operator\":\"In\",\"values\":[
                    """
                )
                o.string(pod.daemonNode ?? "")
                o.raw("]}]}]}}}")
            case .claimVolumeItems:
                for claim in pod.claims {
                    o.raw("{\"name\":")
                    o.string(claim.volume)
                    o.raw(",\"persistentVolumeClaim\":{\"claimName\":")
                    o.string(claim.claim)
                    o.raw("}},")
                }
            }
        }
        o.raw(",\"status\":{")
        renderPodStatus(pod, into: &o)
        o.raw("}}")
    }

    private func condition(
        _ o: inout [UInt8], _ type: StaticString, _ status: Bool, _ time: Int64, reason: StaticString? = nil,
        message: String? = nil
    ) {
        o.raw("{\"lastProbeTime\":null,\"lastTransitionTime\":")
        o.quotedTimestamp(time)
        if let message {
            o.raw(",\"message\":")
            o.string(message)
        }
        if let reason {
            o.raw(",\"reason\":\"")
            o.raw(reason)
            o.append(0x22)
        }
        o.raw(status ? ",\"status\":\"True\",\"type\":\"" : ",\"status\":\"False\",\"type\":\"")
        o.raw(type)
        o.raw("\"}")
    }

    func renderPodStatus(_ pod: Pod, into o: inout [UInt8]) {
        let terminal = pod.phase == .succeeded || pod.phase == .failed
        if let initialized = pod.initializedAt, let scheduled = pod.scheduledAt {
            o.raw("\"conditions\":[")
            condition(
                &o, "PodReadyToStartContainers", pod.sandboxReadyAt != nil && !terminal,
                terminal ? pod.containersReadyAt ?? initialized : pod.sandboxReadyAt ?? initialized)
            o.append(0x2C)
            condition(&o, "Initialized", true, initialized)
            o.append(0x2C)
            let readyTime = pod.containersReadyAt ?? initialized
            if pod.ready {
                condition(&o, "Ready", true, readyTime)
                o.append(0x2C)
                condition(&o, "ContainersReady", true, readyTime)
            } else if terminal {
                condition(&o, "Ready", false, readyTime, reason: "PodCompleted")
                o.append(0x2C)
                condition(&o, "ContainersReady", false, readyTime, reason: "PodCompleted")
            } else if pod.markedNotReady {
                condition(&o, "Ready", false, readyTime, reason: "NodeNotReady", message: "")
                o.append(0x2C)
                condition(&o, "ContainersReady", true, pod.sandboxReadyAt ?? readyTime)
            } else {
                let message = unreadyMessage(pod)
                condition(&o, "Ready", false, readyTime, reason: "ContainersNotReady", message: message)
                o.append(0x2C)
                condition(&o, "ContainersReady", false, readyTime, reason: "ContainersNotReady", message: message)
            }
            o.append(0x2C)
            condition(&o, "PodScheduled", true, scheduled)
            if let disruption = pod.disruptionAt {
                o.append(0x2C)
                condition(
                    &o, "DisruptionTarget", true, disruption, reason: "DeletionByTaintManager",
                    message: "Taint manager: deleting due to NoExecute taint")
            }
            o.raw("],\"containerStatuses\":[")
            for (index, state) in pod.containers.enumerated() {
                if index > 0 { o.append(0x2C) }
                renderContainerStatus(pod, index, state, into: &o)
            }
            o.raw("],\"hostIP\":")
            o.string(pod.hostIP ?? "")
            o.raw(",\"hostIPs\":[{\"ip\":")
            o.string(pod.hostIP ?? "")
            o.raw("}],\"phase\":")
        } else if let scheduled = pod.scheduledAt {
            o.raw("\"conditions\":[")
            condition(&o, "PodScheduled", true, scheduled)
            if let disruption = pod.disruptionAt {
                o.append(0x2C)
                condition(
                    &o, "DisruptionTarget", true, disruption, reason: "DeletionByTaintManager",
                    message: "Taint manager: deleting due to NoExecute taint")
            }
            o.raw("],\"phase\":")
        } else if let unschedulable = pod.unschedulable {
            o.raw("\"conditions\":[")
            condition(
                &o, "PodScheduled", false, unschedulable.time, reason: "Unschedulable", message: unschedulable.message)
            o.raw("],\"phase\":")
        } else {
            o.raw("\"phase\":")
        }
        switch pod.phase {
        case .pending: o.raw("\"Pending\"")
        case .running: o.raw("\"Running\"")
        case .succeeded: o.raw("\"Succeeded\"")
        case .failed: o.raw("\"Failed\"")
        }
        if let podIP = pod.podIP {
            o.raw(",\"podIP\":")
            o.string(podIP)
            o.raw(",\"podIPs\":[{\"ip\":")
            o.string(podIP)
            o.raw("}]")
        }
        o.raw(",\"qosClass\":\"Burstable\"")
        if let start = pod.startTime {
            o.raw(",\"startTime\":")
            o.quotedTimestamp(start)
        }
    }

    private func unreadyMessage(_ pod: Pod) -> String {
        var names: [String] = []
        for (index, state) in pod.containers.enumerated() where !state.ready {
            names.append(pod.template.containers[index].name)
        }
        return "containers with unready status: [" + names.joined(separator: " ") + "]"
    }

    private func renderContainerStatus(_ pod: Pod, _ index: Int, _ state: ContainerState, into o: inout [UInt8]) {
        let container = pod.template.containers[index]
        o.append(0x7B)
        if let containerID = state.containerID {
            o.raw("\"containerID\":")
            o.string(containerID)
            o.append(0x2C)
        }
        o.raw("\"image\":")
        o.string(container.image)
        o.raw(",\"imageID\":")
        if state.containerID != nil {
            o.string(pod.template.imageIDs[index])
        } else {
            o.raw("\"\"")
        }
        o.raw(",\"lastState\":{")
        if let last = state.lastExit {
            o.raw("\"terminated\":{\"containerID\":")
            o.string(last.containerID)
            o.raw(",\"exitCode\":")
            o.int(last.code)
            o.raw(",\"finishedAt\":")
            o.quotedTimestamp(last.finished)
            o.raw(",\"reason\":")
            o.string(last.reason)
            o.raw(",\"startedAt\":")
            o.quotedTimestamp(last.started)
            o.append(0x7D)
        }
        o.raw("},\"name\":")
        o.string(container.name)
        o.raw(",\"ready\":")
        o.bool(state.ready)
        o.raw(",\"restartCount\":")
        o.int(state.restartCount)
        o.raw(",\"started\":")
        o.bool(state.started)
        o.raw(",\"state\":{")
        if let terminated = state.terminated {
            o.raw("\"terminated\":{\"containerID\":")
            o.string(state.containerID ?? "")
            o.raw(",\"exitCode\":")
            o.int(terminated.code)
            o.raw(",\"finishedAt\":")
            o.quotedTimestamp(terminated.finished)
            o.raw(",\"reason\":")
            o.string(terminated.reason)
            o.raw(",\"startedAt\":")
            o.quotedTimestamp(terminated.started)
            o.append(0x7D)
        } else if let since = state.runningSince {
            o.raw("\"running\":{\"startedAt\":")
            o.quotedTimestamp(since)
            o.append(0x7D)
        } else {
            o.raw("\"waiting\":{\"reason\":\"ContainerCreating\"}")
        }
        o.raw("},\"volumeMounts\":")
        pod.template.statusMounts[index].write(into: &o) { _, o in o.escaped(pod.apiAccess) }
        o.append(0x7D)
    }

    /// The kubelet's FieldsV1 (its status fields, keyed by condition type and pod IP).
    func kubeletPodFields(_ pod: Pod, into o: inout [UInt8]) {
        o.raw("{\"f:status\":{\"f:conditions\":{")
        o.raw(
            """
            \"k:{\\\"type\\\":\\\"ContainersReady\\\"}\":{\".\":{},\"f:lastProbeTime\":{},\"f:lastTransitionTime\":{},\
            \"f:message\":{},\"f:reason\":{},\"f:status\":{},\"f:type\":{}},
            """
        )
        o.raw(
            """
            \"k:{\\\"type\\\":\\\"Initialized\\\"}\":{\".\":{},\"f:lastProbeTime\":{},\"f:lastTransitionTime\":{},\
            \"f:status\":{},\"f:type\":{}},
            """
        )
        o.raw(
            """
            \"k:{\\\"type\\\":\\\"PodReadyToStartContainers\\\"}\":{\".\":{},\"f:lastProbeTime\":{},\
            \"f:lastTransitionTime\":{},\"f:status\":{},\"f:type\":{}},
            """
        )
        o.raw(
            """
            \"k:{\\\"type\\\":\\\"Ready\\\"}\":{\".\":{},\"f:lastProbeTime\":{},\"f:lastTransitionTime\":{},\
            \"f:message\":{},\"f:reason\":{},\"f:status\":{},\"f:type\":{}}
            """
        )
        o.raw("},\"f:containerStatuses\":{},\"f:hostIP\":{},\"f:hostIPs\":{},\"f:phase\":{}")
        if let podIP = pod.podIP {
            o.raw(",\"f:podIP\":{},\"f:podIPs\":{\".\":{},\"k:{\\\"ip\\\":\\\"")
            o.escaped(podIP)
            o.raw("\\\"}\":{\".\":{},\"f:ip\":{}}}")
        }
        o.raw(",\"f:startTime\":{}}}")
    }
}

private let schedulerPodFields: [UInt8] = Array(
    #"""
    {"f:status":{"f:conditions":{".":{},"k:{\"type\":\"PodScheduled\"}":{".":{},"f:lastProbeTime":{},\#
    "f:lastTransitionTime":{},"f:message":{},"f:reason":{},"f:status":{},"f:type":{}}}}}
    """#
    .utf8)
private let readyPodFields: [UInt8] = Array(
    #"{"f:status":{"f:conditions":{"k:{\"type\":\"Ready\"}":{"f:lastTransitionTime":{},"f:reason":{},"f:status":{}}}}}"#
        .utf8)
private let disruptionPodFields: [UInt8] = Array(
    #"""
    {"f:status":{"f:conditions":{"k:{\"type\":\"DisruptionTarget\"}":{".":{},"f:lastProbeTime":{},\#
    "f:lastTransitionTime":{},"f:message":{},"f:reason":{},"f:status":{},"f:type":{}},\#
    "k:{\"type\":\"Ready\"}":{"f:lastTransitionTime":{},"f:reason":{},"f:status":{}}}}}
    """#
    .utf8)
