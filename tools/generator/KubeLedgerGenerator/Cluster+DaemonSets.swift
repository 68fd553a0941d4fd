// DaemonSets: one pod per node, ControllerRevisions, rolling updates one node at a time.

extension Cluster {
    func daemonSetHuman(_ slot: Int) {
        schedule(.daemonSetHuman(slot), after: nextChange(3))
        let actor = actors.humans[0]
        guard let ds = daemonSets[slot] else {
            createDaemonSet(slot, actor: actor)
            return
        }
        let roll = rng.below(100)
        if roll >= 75 {
            let history = ds.revisions.compactMap { revisions[$0] }.sorted { $0.revision > $1.revision }
            if history.count >= 2, !history[1].template.sameAs(ds.template) {
                let target = history[1]
                let t = stamp()
                ds.template = target.template
                ds.generation += 1
                ds.templateGeneration += 1
                recordHuman(&ds.humanManagers, HumanCommand.rolloutUndo.manager, undoFields, t)
                writeDaemonSet(
                    ds, "patch", nil, actor: actor, time: t, request: target.data,
                    fieldManager: HumanCommand.rolloutUndo.manager)
                requestDaemonSetSync(slot)
                return
            }
        }
        var params = ds.template.params
        let command: HumanCommand
        var request: [UInt8] = []
        if roll < 45 || roll >= 75 {
            params.version.bump(&rng)
            params.restartedAt = nil
            command = .setImage
            request.raw("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":")
            request.string(ds.profile.image + ":" + params.version.text)
            request.raw(",\"name\":")
            request.string(ds.profile.name)
            request.raw("}]}}}}")
        } else {
            var stampBytes: [UInt8] = []
            stampBytes.timestamp(now, .seconds)
            params.restartedAt = String(decoding: stampBytes, as: UTF8.self)
            command = .rolloutRestart
            request.raw(
                "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":")
            request.string(params.restartedAt!)
            request.raw("}}}}}")
        }
        let t = stamp()
        ds.template = PodTemplate(
            kind: .daemonSet, name: ds.name, profile: ds.profile, params: params, namespace: ds.namespace)
        ds.generation += 1
        ds.templateGeneration += 1
        recordHuman(
            &ds.humanManagers, command.manager, command == .setImage ? setImageFields(ds.profile.name) : restartFields,
            t)
        writeDaemonSet(ds, "patch", nil, actor: actor, time: t, request: request, fieldManager: command.manager)
        requestDaemonSetSync(slot)
    }

    private func createDaemonSet(_ slot: Int, actor: Actor) {
        let entry = Catalog.daemonApps[slot % Catalog.daemonApps.count]
        let round = slot / Catalog.daemonApps.count
        let name = round == 0 ? entry.profile.name : entry.profile.name + "-" + String(round + 1)
        let template = PodTemplate(
            kind: .daemonSet, name: name, profile: entry.profile,
            params: TemplateParams(version: entry.profile.version), namespace: entry.namespace)
        let t = stamp()
        let ds = DaemonSet(
            slot: slot, namespace: entry.namespace, name: name, profile: entry.profile, uid: rng.uuid(), created: t,
            template: template)
        ds.creatorFields = J.obj([
            ("metadata", J.obj([("labels", J.map(daemonSetLabels(ds)))])),
            (
                "spec",
                J.obj([
                    ("revisionHistoryLimit", J.int(10)), ("selector", J.obj([])),
                    ("template", J.presetFields(template.templateFields)),
                    (
                        "updateStrategy",
                        J.obj([
                            ("rollingUpdate", J.obj([("maxSurge", J.int(0)), ("maxUnavailable", J.int(1))])),
                            ("type", J.string("RollingUpdate")),
                        ])
                    ),
                ])
            ),
        ]).fieldSetBytes()
        daemonSets[slot] = ds
        writeDaemonSet(ds, "create", nil, actor: actor, time: t, fieldManager: "kubectl-create")
        requestDaemonSetSync(slot)
    }

    func requestDaemonSetSync(_ slot: Int) {
        guard let ds = daemonSets[slot], !ds.syncPending else { return }
        ds.syncPending = true
        schedule(.daemonSetSync(slot), after: ms(1, 20))
    }

    func daemonSetSync(_ slot: Int) {
        guard let ds = daemonSets[slot] else { return }
        ds.syncPending = false
        let revision = ensureRevision(
            kind: .daemonSet, ownerName: ds.name, ownerUID: ds.uid, namespace: ds.namespace,
            template: ds.template, list: &ds.revisions,
            ownerAnnotations: [("deprecated.daemonset.template.generation", String(ds.templateGeneration))],
            actor: actors.daemonSetController)
        ds.currentRevision = revision.id
        let eligible = nodeOrder.compactMap { nodes[$0] }.filter { !$0.gone }
        for node in eligible {
            if let podID = ds.podsByNode[node.id], pods[podID] != nil { continue }
            guard !node.down else { continue }
            createDaemonPod(ds, node: node, revision: revision)
        }
        // Rolling update with maxUnavailable 1: replace one out-of-date pod when all are available.
        var unavailable = 0
        var outdated: Pod? = nil
        for node in eligible {
            guard let pod = pods[ds.podsByNode[node.id] ?? -1] else {
                unavailable += 1
                continue
            }
            if !pod.available { unavailable += 1 }
            if outdated == nil && !pod.terminating && pod.revision != revision.hash { outdated = pod }
        }
        if unavailable == 0, let pod = outdated {
            gracefulDelete(pod, actor: actors.daemonSetController)
        }
        // Status.
        let live = eligible.compactMap { pods[ds.podsByNode[$0.id] ?? -1] }
        let scheduled = live.filter { $0.nodeName != nil }.count
        let ready = live.filter(\.available).count
        let updated = live.filter { $0.revision == revision.hash && $0.nodeName != nil }.count
        let changed =
            !ds.statusWritten || ds.desired != eligible.count || ds.current != scheduled || ds.ready != ready
            || ds.updated != updated || ds.observedGeneration != ds.generation
        if changed {
            let t = stamp()
            ds.statusWritten = true
            ds.desired = eligible.count
            ds.current = scheduled
            ds.ready = ready
            ds.availableCount = ready
            ds.unavailable = max(0, eligible.count - ready)
            ds.updated = updated
            ds.observedGeneration = ds.generation
            ds.statusTime = t
            writeDaemonSet(ds, "update", "status", actor: actors.daemonSetController, time: t)
        }
        truncateHistory(
            &ds.revisions, live: [ds.currentRevision], podRevisions: Set(live.map(\.revision)),
            actor: actors.daemonSetController)
    }

    private func createDaemonPod(_ ds: DaemonSet, node: Node, revision: ControllerRevision) {
        let labels =
            revision.template.labels + [
                ("controller-revision-hash", revision.hash),
                ("pod-template-generation", String(ds.templateGeneration)),
            ]
        if revision.podFields.isEmpty {
            revision.podFields = podControllerFields(
                template: revision.template, labelKeys: labels.map(\.0), ownerKind: "DaemonSet",
                ownerName: ds.name, ownerUID: ds.uid, generateName: true)
        }
        var name = ds.name + "-" + rng.nameSuffix()
        while ds.podsByNode.values.contains(where: { pods[$0]?.name == name }) {
            name = ds.name + "-" + rng.nameSuffix()
        }
        let pod = createPod(
            owner: .daemonSet(ds.slot), ownerKind: "DaemonSet", ownerName: ds.name, ownerUID: ds.uid,
            namespace: ds.namespace, template: revision.template, name: name,
            generateName: ds.name + "-", labelsJSON: J.map(labels).bytes, controllerFields: revision.podFields,
            actor: actors.daemonSetController, revision: revision.hash, daemonNode: node.name)
        ds.podsByNode[node.id] = pod.id
    }

    func daemonSetLabels(_ ds: DaemonSet) -> [(String, String)] {
        [
            ("app", ds.name), ("app.kubernetes.io/name", ds.profile.name),
            ("app.kubernetes.io/version", ds.profile.version.text),
        ]
    }

    func writeDaemonSet(
        _ ds: DaemonSet, _ verb: String, _ subresource: String?, actor: Actor, time: Int64,
        request: [UInt8]? = nil, fieldManager: String? = nil
    ) {
        let rv = nextRV()
        ds.rv = rv
        var o: [UInt8] = []
        o.reserveCapacity(ds.template.json.count + 1536)
        o.raw(
            """
            {\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\",\
            \"metadata\":{\"annotations\":{\"deprecated.daemonset.template.generation\":
            """
        )
        o.quotedInt(ds.templateGeneration)
        o.raw("},\"creationTimestamp\":")
        o.quotedTimestamp(ds.created)
        o.raw(",\"generation\":")
        o.int(ds.generation)
        o.raw(",\"labels\":")
        if ds.labelsJSON.isEmpty { ds.labelsJSON = J.map(daemonSetLabels(ds)).bytes }
        o.append(contentsOf: ds.labelsJSON)
        o.raw(",\"managedFields\":[")
        appendManagedEntry(
            &o, apiVersion: "apps/v1", fields: ds.creatorFields, manager: "kubectl-create", time: ds.created)
        appendHumanEntries(&o, ds.humanManagers)
        if let t = ds.statusTime {
            o.append(0x2C)
            appendManagedEntry(
                &o, apiVersion: "apps/v1", fields: daemonSetStatusFields, manager: "kube-controller-manager",
                subresource: "status", time: t)
        }
        o.raw("],\"name\":")
        o.string(ds.name)
        o.raw(",\"namespace\":")
        o.string(ds.namespace)
        o.raw(",\"resourceVersion\":")
        o.quotedInt(ds.rv)
        o.raw(",\"uid\":")
        o.string(ds.uid)
        o.raw("},\"spec\":{\"revisionHistoryLimit\":10,\"selector\":{\"matchLabels\":{\"app\":")
        o.string(ds.name)
        o.raw("}},\"template\":")
        o.append(contentsOf: ds.template.json)
        o.raw(
            """
            ,\"updateStrategy\":{\"rollingUpdate\":{\"maxSurge\":0,\"maxUnavailable\":1},\"type\":\"RollingUpdate\"}},\
            \"status\":{\"currentNumberScheduled\":
            """
        )
        o.int(ds.current)
        o.raw(",\"desiredNumberScheduled\":")
        o.int(ds.desired)
        if ds.availableCount > 0 {
            o.raw(",\"numberAvailable\":")
            o.int(ds.availableCount)
        }
        o.raw(",\"numberMisscheduled\":0,\"numberReady\":")
        o.int(ds.ready)
        if ds.unavailable > 0 {
            o.raw(",\"numberUnavailable\":")
            o.int(ds.unavailable)
        }
        if ds.observedGeneration > 0 {
            o.raw(",\"observedGeneration\":")
            o.int(ds.observedGeneration)
        }
        if ds.updated > 0 {
            o.raw(",\"updatedNumberScheduled\":")
            o.int(ds.updated)
        }
        o.raw("}}")
        emit(
            verb, subresource, actor: actor, apiVersion: "apps/v1", kind: "DaemonSet", namespace: ds.namespace,
            name: ds.name, uid: ds.uid, rv: rv, time: time, object: o, request: request, fieldManager: fieldManager)
    }
}

private let daemonSetStatusFields: [UInt8] = Array(
    #"""
    {"f:status":{"f:currentNumberScheduled":{},"f:desiredNumberScheduled":{},"f:numberAvailable":{},\#
    "f:numberMisscheduled":{},"f:numberReady":{},"f:numberUnavailable":{},"f:observedGeneration":{},\#
    "f:updatedNumberScheduled":{}}}
    """#
    .utf8)
