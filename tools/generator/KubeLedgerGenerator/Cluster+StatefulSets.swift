// StatefulSets: ordinal pods, volumeClaimTemplates → PVCs that bind to provisioned PVs,
// ControllerRevisions, ordered scale-up/down and rolling updates, undo.

extension Cluster {
    // MARK: - People

    func statefulSetHuman(_ slot: Int) {
        schedule(.statefulSetHuman(slot), after: nextChange(1.5))
        let actor = human()
        guard let sts = statefulSets[slot] else {
            createStatefulSet(slot, actor: actor)
            return
        }
        switch rng.below(100) {
        case 0..<40:
            var params = sts.template.params
            params.version.bump(&rng)
            var request: [UInt8] = []
            request.raw("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":")
            request.string(sts.profile.image + ":" + params.version.text)
            request.raw(",\"name\":")
            request.string(sts.profile.name)
            request.raw("}]}}}}")
            changeStatefulSetTemplate(
                sts, params, actor: actor, command: .setImage, fields: setImageFields(sts.profile.name),
                request: request)
        case 40..<70:
            var replicas = sts.replicas
            while replicas == sts.replicas { replicas = rng.chance(0.05) ? 0 : rng.int(1...5) }
            let t = stamp()
            sts.replicas = replicas
            sts.generation += 1
            recordHuman(&sts.humanManagers, HumanCommand.scale.manager, scaleFields, t)
            var request: [UInt8] = []
            request.raw("{\"spec\":{\"replicas\":")
            request.int(replicas)
            request.raw("}}")
            writeStatefulSet(
                sts, "patch", nil, actor: actor, time: t, request: request, fieldManager: HumanCommand.scale.manager)
            requestStatefulSetSync(slot)
        case 70..<85:
            let history = sts.revisions.compactMap { revisions[$0] }.sorted { $0.revision > $1.revision }
            if history.count >= 2, !history[1].template.sameAs(sts.template) {
                let target = history[1]
                let t = stamp()
                sts.template = target.template
                sts.templateJSON = target.template.json
                sts.generation += 1
                recordHuman(&sts.humanManagers, HumanCommand.rolloutUndo.manager, undoFields, t)
                writeStatefulSet(
                    sts, "patch", nil, actor: actor, time: t, request: target.data,
                    fieldManager: HumanCommand.rolloutUndo.manager)
                requestStatefulSetSync(slot)
            } else {
                restartStatefulSet(sts, actor: actor)
            }
        default:
            restartStatefulSet(sts, actor: actor)
        }
    }

    private func restartStatefulSet(_ sts: StatefulSet, actor: Actor) {
        var params = sts.template.params
        var stampBytes: [UInt8] = []
        stampBytes.timestamp(now, .seconds)
        params.restartedAt = String(decoding: stampBytes, as: UTF8.self)
        var request: [UInt8] = []
        request.raw("{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":")
        request.string(params.restartedAt!)
        request.raw("}}}}}")
        changeStatefulSetTemplate(
            sts, params, actor: actor, command: .rolloutRestart, fields: restartFields, request: request)
    }

    private func changeStatefulSetTemplate(
        _ sts: StatefulSet, _ params: TemplateParams, actor: Actor, command: HumanCommand,
        fields: [UInt8], request: [UInt8]
    ) {
        let t = stamp()
        sts.template = PodTemplate(
            kind: .statefulSet, name: sts.name, profile: sts.profile, params: params, namespace: sts.namespace)
        sts.templateJSON = sts.template.json
        sts.generation += 1
        recordHuman(&sts.humanManagers, command.manager, fields, t)
        writeStatefulSet(sts, "patch", nil, actor: actor, time: t, request: request, fieldManager: command.manager)
        requestStatefulSetSync(sts.slot)
    }

    private func createStatefulSet(_ slot: Int, actor: Actor) {
        let apps = Catalog.statefulApps
        var profile = apps[slot % apps.count]
        let round = slot / apps.count
        let name = round == 0 ? profile.name : profile.name + "-" + String(round + 1)
        let namespace = namespaces[(slot * 3 + 1) % namespaces.count]
        for _ in 0..<rng.below(3) { profile.version.bump(&rng) }
        let template = PodTemplate(
            kind: .statefulSet, name: name, profile: profile, params: TemplateParams(version: profile.version),
            namespace: namespace)
        let roll = rng.below(100)
        let start: Int? = roll < 25 ? 1 : (roll < 35 ? rng.int(2...9) : nil)
        let t = stamp()
        let sts = StatefulSet(
            slot: slot, namespace: namespace, name: name, profile: profile, uid: rng.uuid(), created: t,
            ordinalStart: start, parallel: rng.chance(0.25), replicas: rng.int(profile.replicas), template: template)
        sts.selectorLabels = [("app", name)]
        sts.creatorFields = J.obj([
            ("metadata", J.obj([("labels", J.map([("app", name)]))])),
            (
                "spec",
                J.obj([
                    ("ordinals", start.map { J.obj([("start", J.int($0))]) }),
                    ("podManagementPolicy", J.string("")), ("replicas", J.int(0)), ("selector", J.obj([])),
                    ("serviceName", J.string("")), ("template", J.presetFields(template.templateFields)),
                    ("volumeClaimTemplates", J.array([])),
                ])
            ),
        ]).fieldSetBytes()
        statefulSets[slot] = sts
        writeStatefulSet(sts, "create", nil, actor: actor, time: t, fieldManager: "kubectl-create")
        requestStatefulSetSync(slot)
    }

    // MARK: - StatefulSet controller

    func requestStatefulSetSync(_ slot: Int) {
        guard let sts = statefulSets[slot], !sts.syncPending else { return }
        sts.syncPending = true
        schedule(.statefulSetSync(slot), after: ms(1, 15))
    }

    func statefulSetSync(_ slot: Int) {
        guard let sts = statefulSets[slot] else { return }
        sts.syncPending = false
        let update = ensureRevision(
            kind: .statefulSet, ownerName: sts.name, ownerUID: sts.uid, namespace: sts.namespace,
            template: sts.template, list: &sts.revisions, ownerAnnotations: [], actor: actors.statefulSetController)
        sts.updateRevision = update.id
        if sts.currentRevision == nil || revisions[sts.currentRevision!] == nil { sts.currentRevision = update.id }

        let range = sts.start..<(sts.start + sts.replicas)
        var healthy = true
        for ordinal in range {
            if let podID = sts.pods[ordinal], let pod = pods[podID] {
                if pod.terminating || !pod.ready {
                    healthy = false
                    if !sts.parallel { break }
                }
                continue
            }
            healthy = false
            createStatefulSetPod(sts, ordinal: ordinal, revision: update)
            if !sts.parallel { break }
        }
        // Scale down: the highest ordinal first, one at a time unless Parallel.
        let condemned = sts.pods.keys.filter { !range.contains($0) }.sorted(by: >)
        if !condemned.isEmpty && (healthy || sts.parallel) {
            for ordinal in condemned {
                guard let pod = pods[sts.pods[ordinal]!] else { continue }
                if pod.terminating {
                    if !sts.parallel { break }
                    continue
                }
                gracefulDelete(pod, actor: actors.statefulSetController)
                if !sts.parallel { break }
            }
        }
        // Rolling update: the highest ordinal not at the update revision, one at a time.
        if healthy && condemned.isEmpty {
            for ordinal in range.reversed() {
                guard let pod = pods[sts.pods[ordinal] ?? -1] else { continue }
                if pod.revision != update.name {
                    gracefulDelete(pod, actor: actors.statefulSetController)
                    break
                }
            }
        }
        // Status.
        let live = sts.pods.values.compactMap { pods[$0] }
        let replicas = live.count
        let ready = live.filter { $0.ready && !$0.terminating }.count
        let currentName = revisions[sts.currentRevision!]?.name ?? update.name
        var current = live.filter { $0.revision == currentName }.count
        let updated = live.filter { $0.revision == update.name }.count
        if updated == sts.replicas && ready == sts.replicas && replicas == sts.replicas {
            sts.currentRevision = update.id
            current = updated
        }
        let changed =
            !sts.statusWritten || sts.statusReplicas != replicas || sts.readyReplicas != ready
            || sts.currentReplicas != current || sts.updatedReplicas != updated
            || sts.observedGeneration != sts.generation || sts.availableReplicas != ready
            || statusRevisionChanged(sts)
        if changed {
            let t = stamp()
            sts.statusWritten = true
            sts.statusReplicas = replicas
            sts.readyReplicas = ready
            sts.availableReplicas = ready
            sts.currentReplicas = current
            sts.updatedReplicas = updated
            sts.observedGeneration = sts.generation
            sts.renderedCurrent = revisions[sts.currentRevision!]?.name ?? ""
            sts.renderedUpdate = update.name
            sts.statusTime = t
            writeStatefulSet(sts, "update", "status", actor: actors.statefulSetController, time: t)
        }
        truncateHistory(
            &sts.revisions, live: [sts.currentRevision, sts.updateRevision], podRevisions: Set(live.map(\.revision)),
            actor: actors.statefulSetController)
    }

    private func statusRevisionChanged(_ sts: StatefulSet) -> Bool {
        sts.renderedCurrent != (revisions[sts.currentRevision!]?.name ?? "")
            || sts.renderedUpdate != (revisions[sts.updateRevision!]?.name ?? "")
    }

    private func createStatefulSetPod(_ sts: StatefulSet, ordinal: Int, revision: ControllerRevision) {
        var claimRefs: [(String, String)] = []
        for template in sts.profile.claims {
            let claimName = template.name + "-" + sts.name + "-" + String(ordinal)
            claimRefs.append((template.name, claimName))
            if sts.claims[claimName] == nil {
                createClaim(sts, name: claimName, template: template, ordinal: ordinal)
            }
        }
        let name = sts.name + "-" + String(ordinal)
        let labels =
            (revision.template.labels + [
                ("apps.kubernetes.io/pod-index", String(ordinal)),
                ("controller-revision-hash", revision.name),
                ("statefulset.kubernetes.io/pod-name", name),
            ])
        if revision.podFields.isEmpty {
            revision.podFields = podControllerFields(
                template: revision.template, labelKeys: labels.map(\.0), ownerKind: "StatefulSet",
                ownerName: sts.name, ownerUID: sts.uid, generateName: false)
        }
        let pod = createPod(
            owner: .statefulSet(sts.slot), ownerKind: "StatefulSet", ownerName: sts.name, ownerUID: sts.uid,
            namespace: sts.namespace, template: revision.template, name: name, generateName: nil,
            labelsJSON: J.map(labels).bytes, controllerFields: revision.podFields,
            actor: actors.statefulSetController, ordinal: ordinal, subdomain: sts.serviceName,
            claims: claimRefs, revision: revision.name)
        sts.pods[ordinal] = pod.id
    }

    // MARK: - ControllerRevisions (StatefulSets and DaemonSets)

    /// The revision for `template`: an existing one (renumbered to the top when it is older than the
    /// newest, as a rollback does) or a new one.
    func ensureRevision(
        kind: WorkloadKind, ownerName: String, ownerUID: String, namespace: String, template: PodTemplate,
        list: inout [Int], ownerAnnotations: [(String, String)], actor: Actor
    ) -> ControllerRevision {
        let existing = list.compactMap { revisions[$0] }
        let maxRevision = existing.map(\.revision).max() ?? 0
        if let match = existing.first(where: { $0.template.sameAs(template) }) {
            if match.revision < maxRevision {
                let t = stamp()
                match.revision = maxRevision + 1
                match.updatedAt = t
                writeRevision(match, "update", actor: actor, time: t)
            }
            return match
        }
        var data: [UInt8] = []
        data.reserveCapacity(template.json.count + 48)
        data.raw("{\"spec\":{\"template\":{\"$patch\":\"replace\",")
        data.append(contentsOf: template.json.dropFirst())
        data.raw("}}")
        let hash: String
        var labels = template.labels
        if kind == .statefulSet {
            hash = safeEncode(fnv1_32(data + Array("0".utf8)))
            labels.append(("controller.kubernetes.io/hash", hash))
        } else {
            hash = templateHash(template.json)
            labels.append(("controller-revision-hash", hash))
        }
        let t = stamp()
        let revision = ControllerRevision(
            id: newID(), name: ownerName + "-" + hash, uid: rng.uuid(), namespace: namespace, ownerKind: kind,
            ownerName: ownerName, ownerUID: ownerUID, created: t, template: template, data: data, hash: hash,
            labelsJSON: J.map(labels).bytes, annotations: ownerAnnotations, revision: maxRevision + 1)
        revisions[revision.id] = revision
        list.append(revision.id)
        writeRevision(revision, "create", actor: actor, time: t)
        return revision
    }

    /// Deletes the oldest revisions beyond the history limit (10) that no pod or status uses.
    func truncateHistory(_ list: inout [Int], live: [Int?], podRevisions: Set<String>, actor: Actor) {
        guard list.count > 11 else { return }
        let candidates = list.compactMap { revisions[$0] }
            .filter { cr in !live.contains(cr.id) && !podRevisions.contains(cr.name) && !podRevisions.contains(cr.hash)
            }
            .sorted { $0.revision < $1.revision }
        let excess = list.count - 10 - live.compactMap { $0 }.count
        for cr in candidates.prefix(max(0, excess)) {
            let t = stamp()
            writeRevision(
                cr, "delete", actor: actor, time: t, request: deleteOptions(cr.uid, propagation: "Background"))
            revisions[cr.id] = nil
            list.removeAll { $0 == cr.id }
        }
    }

    func writeRevision(_ cr: ControllerRevision, _ verb: String, actor: Actor, time: Int64, request: [UInt8]? = nil) {
        let rv = nextRV()
        cr.rv = rv
        var o: [UInt8] = []
        o.reserveCapacity(cr.data.count + 1536)
        o.raw("{\"apiVersion\":\"apps/v1\",\"data\":")
        o.append(contentsOf: cr.data)
        o.raw(",\"kind\":\"ControllerRevision\",\"metadata\":{")
        if !cr.annotations.isEmpty {
            o.raw("\"annotations\":")
            o.append(contentsOf: J.map(cr.annotations).bytes)
            o.append(0x2C)
        }
        o.raw("\"creationTimestamp\":")
        o.quotedTimestamp(cr.created)
        o.raw(",\"labels\":")
        o.append(contentsOf: cr.labelsJSON)
        o.raw(",\"managedFields\":[")
        appendManagedEntry(
            &o, apiVersion: "apps/v1", fields: revisionFields(cr), manager: "kube-controller-manager",
            time: cr.updatedAt)
        o.raw("],\"name\":")
        o.string(cr.name)
        o.raw(",\"namespace\":")
        o.string(cr.namespace)
        o.raw(
            """
            ,\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"blockOwnerDeletion\":true,\"controller\":true,\"kind\":
            """
        )
        o.raw(cr.ownerKind == .statefulSet ? "\"StatefulSet\"" : "\"DaemonSet\"")
        o.raw(",\"name\":")
        o.string(cr.ownerName)
        o.raw(",\"uid\":")
        o.string(cr.ownerUID)
        o.raw("}],\"resourceVersion\":")
        o.quotedInt(cr.rv)
        o.raw(",\"uid\":")
        o.string(cr.uid)
        o.raw("},\"revision\":")
        o.int(cr.revision)
        o.append(0x7D)
        emit(
            verb, nil, actor: actor, apiVersion: "apps/v1", kind: "ControllerRevision", namespace: cr.namespace,
            name: cr.name, uid: cr.uid, rv: rv, time: time, object: o, request: request)
    }

    private func revisionFields(_ cr: ControllerRevision) -> [UInt8] {
        var o: [UInt8] = []
        o.raw("{\"f:data\":{},\"f:metadata\":{")
        if !cr.annotations.isEmpty {
            o.raw("\"f:annotations\":{\".\":{}")
            for (key, _) in cr.annotations {
                o.raw(",\"f:")
                o.escaped(key)
                o.raw("\":{}")
            }
            o.raw("},")
        }
        o.raw("\"f:labels\":{\".\":{}")
        for (key, _) in cr.template.labels {
            o.raw(",\"f:")
            o.escaped(key)
            o.raw("\":{}")
        }
        o.raw(
            cr.ownerKind == .statefulSet
                ? ",\"f:controller.kubernetes.io/hash\":{}}" : ",\"f:controller-revision-hash\":{}}")
        o.raw(",\"f:ownerReferences\":{\".\":{},\"k:{\\\"uid\\\":\\\"")
        o.escaped(cr.ownerUID)
        o.raw("\\\"}\":{}}},\"f:revision\":{}}")
        return o
    }

    // MARK: - PVCs and PVs

    private func createClaim(_ sts: StatefulSet, name: String, template: ClaimTemplateSpec, ordinal: Int) {
        let t = stamp()
        let claim = Claim(
            id: newID(), name: name, uid: rng.uuid(), namespace: sts.namespace, size: template.size,
            labelsJSON: J.map(sts.selectorLabels).bytes, created: t, stsSlot: sts.slot, ordinal: ordinal)
        claims[claim.id] = claim
        sts.claims[name] = claim.id
        writeClaim(claim, "create", nil, actor: actors.statefulSetController, time: t)
        schedule(.claimAnnotate(claim.id), after: ms(3, 25))
    }

    func claimAnnotate(_ id: Int) {
        guard let claim = claims[id], !claim.provisionerAnnotated else { return }
        let t = stamp()
        claim.provisionerAnnotated = true
        claim.binderTime = t
        writeClaim(claim, "update", nil, actor: actors.volumeBinder, time: t)
        schedule(.claimProvision(id), after: sec(1, 4.5))
    }

    func claimProvision(_ id: Int) {
        guard let claim = claims[id], claim.volumeID == nil else { return }
        let t = stamp()
        let live = nodeOrder.compactMap { nodes[$0] }.filter(\.schedulable).map(\.zone)
        let zone = live.isEmpty ? zones[rng.below(zones.count)] : live[rng.below(live.count)]
        let volume = Volume(
            id: newID(), name: "pvc-" + claim.uid, uid: rng.uuid(), created: t, claim: claim, zone: zone,
            volumeHandle: "vol-0" + rng.hex(16))
        volumes[volume.id] = volume
        claim.volumeID = volume.id
        writeVolume(volume, "create", nil, actor: actors.provisioner, time: t)
        schedule(.claimBind(id), after: ms(10, 150))
    }

    func claimBind(_ id: Int) {
        guard let claim = claims[id], !claim.bound, let volumeID = claim.volumeID, let volume = volumes[volumeID] else {
            return
        }
        var t = stamp()
        volume.bound = true
        volume.phaseTime = t
        volume.binderTime = t
        writeVolume(volume, "update", "status", actor: actors.volumeBinder, time: t)
        t = stamp()
        claim.volumeName = volume.name
        claim.binderTime = t
        writeClaim(claim, "update", nil, actor: actors.volumeBinder, time: t)
        t = stamp()
        claim.bound = true
        claim.binderStatusTime = t
        writeClaim(claim, "update", "status", actor: actors.volumeBinder, time: t)
        if let sts = statefulSets[claim.stsSlot], let podID = sts.pods[claim.ordinal], let pod = pods[podID],
            pod.nodeName == nil
        {
            schedule(.podSchedule(podID), after: ms(5, 60))
        }
    }

    func writeClaim(_ claim: Claim, _ verb: String, _ subresource: String?, actor: Actor, time: Int64) {
        let rv = nextRV()
        claim.rv = rv
        var o: [UInt8] = []
        o.reserveCapacity(1800)
        o.raw("{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{")
        if claim.provisionerAnnotated {
            o.raw("\"annotations\":{")
            if claim.volumeName != nil {
                o.raw("\"pv.kubernetes.io/bind-completed\":\"yes\",\"pv.kubernetes.io/bound-by-controller\":\"yes\",")
            }
            o.raw(
                """
                \"volume.beta.kubernetes.io/storage-provisioner\":\"ebs.csi.aws.com\",\
                \"volume.kubernetes.io/storage-provisioner\":\"ebs.csi.aws.com\"},
                """
            )
        }
        o.raw("\"creationTimestamp\":")
        o.quotedTimestamp(claim.created)
        o.raw(",\"finalizers\":[\"kubernetes.io/pvc-protection\"],\"labels\":")
        o.append(contentsOf: claim.labelsJSON)
        o.raw(",\"managedFields\":[")
        appendManagedEntry(
            &o, apiVersion: "v1", fields: claimCreatorFields, manager: "kube-controller-manager", time: claim.created)
        if let t = claim.binderTime {
            o.append(0x2C)
            appendManagedEntry(
                &o, apiVersion: "v1", fields: claim.volumeName != nil ? claimBoundFields : claimAnnotatedFields,
                manager: "kube-controller-manager", time: t)
        }
        if let t = claim.binderStatusTime {
            o.append(0x2C)
            appendManagedEntry(
                &o, apiVersion: "v1", fields: claimStatusFields, manager: "kube-controller-manager",
                subresource: "status", time: t)
        }
        o.raw("],\"name\":")
        o.string(claim.name)
        o.raw(",\"namespace\":")
        o.string(claim.namespace)
        o.raw(",\"resourceVersion\":")
        o.quotedInt(claim.rv)
        o.raw(",\"uid\":")
        o.string(claim.uid)
        o.raw("},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":")
        o.string(claim.size)
        o.raw("}},\"storageClassName\":\"gp3\",\"volumeMode\":\"Filesystem\"")
        if let volumeName = claim.volumeName {
            o.raw(",\"volumeName\":")
            o.string(volumeName)
        }
        if claim.bound {
            o.raw("},\"status\":{\"accessModes\":[\"ReadWriteOnce\"],\"capacity\":{\"storage\":")
            o.string(claim.size)
            o.raw("},\"phase\":\"Bound\"}}")
        } else {
            o.raw("},\"status\":{\"phase\":\"Pending\"}}")
        }
        emit(
            verb, subresource, actor: actor, apiVersion: "v1", kind: "PersistentVolumeClaim",
            namespace: claim.namespace,
            name: claim.name, uid: claim.uid, rv: rv, time: time, object: o)
    }

    func writeVolume(_ volume: Volume, _ verb: String, _ subresource: String?, actor: Actor, time: Int64) {
        let rv = nextRV()
        volume.rv = rv
        var o: [UInt8] = []
        o.reserveCapacity(2200)
        o.raw(
            """
            {\"apiVersion\":\"v1\",\"kind\":\"PersistentVolume\",\
            \"metadata\":{\"annotations\":{\"pv.kubernetes.io/provisioned-by\":\"ebs.csi.aws.com\",\
            \"volume.kubernetes.io/provisioner-deletion-secret-name\":\"\",\
            \"volume.kubernetes.io/provisioner-deletion-secret-namespace\":\"\"},\"creationTimestamp\":
            """
        )
        o.quotedTimestamp(volume.created)
        o.raw(
            """
            ,\"finalizers\":[\"external-provisioner.volume.kubernetes.io/finalizer\",\"kubernetes.io/pv-protection\"],\
            \"managedFields\":[
            """
        )
        appendManagedEntry(
            &o, apiVersion: "v1", fields: volumeCreatorFields, manager: "csi-provisioner", time: volume.created)
        if let t = volume.binderTime {
            o.append(0x2C)
            appendManagedEntry(
                &o, apiVersion: "v1", fields: volumeStatusFields, manager: "kube-controller-manager",
                subresource: "status", time: t)
        }
        o.raw("],\"name\":")
        o.string(volume.name)
        o.raw(",\"resourceVersion\":")
        o.quotedInt(volume.rv)
        o.raw(",\"uid\":")
        o.string(volume.uid)
        o.raw("},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"capacity\":{\"storage\":")
        o.string(volume.size)
        o.raw("},\"claimRef\":{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"name\":")
        o.string(volume.claimName)
        o.raw(",\"namespace\":")
        o.string(volume.claimNamespace)
        o.raw(",\"resourceVersion\":")
        o.quotedInt(volume.claimRV)
        o.raw(",\"uid\":")
        o.string(volume.claimUID)
        o.raw(
            """
            },\"csi\":{\"driver\":\"ebs.csi.aws.com\",\"fsType\":\"ext4\",\
            \"volumeAttributes\":{\"storage.kubernetes.io/csiProvisionerIdentity\":\"
            """
        )
        o.int(Int(options.start / 1_000_000))
        o.raw("-9460-ebs.csi.aws.com\"},\"volumeHandle\":")
        o.string(volume.volumeHandle)
        o.raw(
            """
            },\
            \"nodeAffinity\":{\"required\":{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"topology.kubernete\
            s.io/zone\",\"operator\":\"In\",\"values\":[
            """
        )
        o.string(volume.zone)
        o.raw(
            """
            ]}]}]}},\"persistentVolumeReclaimPolicy\":\"Delete\",\"storageClassName\":\"gp3\",\
            \"volumeMode\":\"Filesystem\"},\"status\":{\"lastPhaseTransitionTime\":
            """
        )
        o.quotedTimestamp(volume.phaseTime)
        o.raw(volume.bound ? ",\"phase\":\"Bound\"}}" : ",\"phase\":\"Pending\"}}")
        emit(
            verb, subresource, actor: actor, apiVersion: "v1", kind: "PersistentVolume", namespace: nil,
            name: volume.name, uid: volume.uid, rv: rv, time: time, object: o)
    }

    // MARK: - Rendering

    func writeStatefulSet(
        _ sts: StatefulSet, _ verb: String, _ subresource: String?, actor: Actor, time: Int64,
        request: [UInt8]? = nil, fieldManager: String? = nil
    ) {
        let rv = nextRV()
        sts.rv = rv
        var o: [UInt8] = []
        o.reserveCapacity(sts.templateJSON.count + 2048)
        o.raw("{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":{\"creationTimestamp\":")
        o.quotedTimestamp(sts.created)
        o.raw(",\"generation\":")
        o.int(sts.generation)
        o.raw(",\"labels\":{\"app\":")
        o.string(sts.name)
        o.raw("},\"managedFields\":[")
        appendManagedEntry(
            &o, apiVersion: "apps/v1", fields: sts.creatorFields, manager: "kubectl-create", time: sts.created)
        appendHumanEntries(&o, sts.humanManagers)
        if let t = sts.statusTime {
            o.append(0x2C)
            appendManagedEntry(
                &o, apiVersion: "apps/v1", fields: statefulSetStatusFields, manager: "kube-controller-manager",
                subresource: "status", time: t)
        }
        o.raw("],\"name\":")
        o.string(sts.name)
        o.raw(",\"namespace\":")
        o.string(sts.namespace)
        o.raw(",\"resourceVersion\":")
        o.quotedInt(sts.rv)
        o.raw(",\"uid\":")
        o.string(sts.uid)
        o.raw("},\"spec\":{")
        if let start = sts.ordinalStart {
            o.raw("\"ordinals\":{\"start\":")
            o.int(start)
            o.raw("},")
        }
        o.raw(
            """
            \"persistentVolumeClaimRetentionPolicy\":{\"whenDeleted\":\"Retain\",\"whenScaled\":\"Retain\"},\
            \"podManagementPolicy\":
            """
        )
        o.raw(sts.parallel ? "\"Parallel\"" : "\"OrderedReady\"")
        o.raw(",\"replicas\":")
        o.int(sts.replicas)
        o.raw(",\"revisionHistoryLimit\":10,\"selector\":{\"matchLabels\":{\"app\":")
        o.string(sts.name)
        o.raw("}},\"serviceName\":")
        o.string(sts.serviceName)
        o.raw(",\"template\":")
        o.append(contentsOf: sts.templateJSON)
        o.raw(
            """
            ,\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0},\"type\":\"RollingUpdate\"},\
            \"volumeClaimTemplates\":[
            """
        )
        for (index, claim) in sts.profile.claims.enumerated() {
            if index > 0 { o.append(0x2C) }
            o.raw(
                """
                {\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"creationTimestamp\":null,\
                \"name\":
                """
            )
            o.string(claim.name)
            o.raw("},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":")
            o.string(claim.size)
            o.raw("}},\"storageClassName\":\"gp3\",\"volumeMode\":\"Filesystem\"},\"status\":{\"phase\":\"Pending\"}}")
        }
        o.raw("]},\"status\":{\"availableReplicas\":")
        o.int(sts.availableReplicas)
        if sts.statusWritten {
            o.raw(",\"collisionCount\":0")
            if sts.currentReplicas > 0 {
                o.raw(",\"currentReplicas\":")
                o.int(sts.currentReplicas)
            }
            o.raw(",\"currentRevision\":")
            o.string(sts.renderedCurrent)
            o.raw(",\"observedGeneration\":")
            o.int(sts.observedGeneration)
            if sts.readyReplicas > 0 {
                o.raw(",\"readyReplicas\":")
                o.int(sts.readyReplicas)
            }
        }
        o.raw(",\"replicas\":")
        o.int(sts.statusReplicas)
        if sts.statusWritten {
            o.raw(",\"updateRevision\":")
            o.string(sts.renderedUpdate)
            if sts.updatedReplicas > 0 {
                o.raw(",\"updatedReplicas\":")
                o.int(sts.updatedReplicas)
            }
        }
        o.raw("}}")
        emit(
            verb, subresource, actor: actor, apiVersion: "apps/v1", kind: "StatefulSet", namespace: sts.namespace,
            name: sts.name, uid: sts.uid, rv: rv, time: time, object: o, request: request, fieldManager: fieldManager)
    }
}

private let statefulSetStatusFields: [UInt8] = Array(
    #"""
    {"f:status":{"f:availableReplicas":{},"f:collisionCount":{},"f:currentReplicas":{},"f:currentRevision":{},\#
    "f:observedGeneration":{},"f:readyReplicas":{},"f:replicas":{},"f:updateRevision":{},"f:updatedReplicas":{}}}
    """#
    .utf8)
private let claimCreatorFields: [UInt8] = Array(
    #"""
    {"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:accessModes":{},"f:resources":{"f:requests":{".":{},\#
    "f:storage":{}}},"f:storageClassName":{},"f:volumeMode":{}}}
    """#
    .utf8)
private let claimAnnotatedFields: [UInt8] = Array(
    #"""
    {"f:metadata":{"f:annotations":{".":{},"f:volume.beta.kubernetes.io/storage-provisioner":{},\#
    "f:volume.kubernetes.io/storage-provisioner":{}}}}
    """#
    .utf8)
private let claimBoundFields: [UInt8] = Array(
    #"""
    {"f:metadata":{"f:annotations":{".":{},"f:pv.kubernetes.io/bind-completed":{},\#
    "f:pv.kubernetes.io/bound-by-controller":{},"f:volume.beta.kubernetes.io/storage-provisioner":{},\#
    "f:volume.kubernetes.io/storage-provisioner":{}}},"f:spec":{"f:volumeName":{}}}
    """#
    .utf8)
private let claimStatusFields: [UInt8] = Array(
    #"{"f:status":{"f:accessModes":{},"f:capacity":{".":{},"f:storage":{}},"f:phase":{}}}"#.utf8)
private let volumeCreatorFields: [UInt8] = Array(
    #"""
    {"f:metadata":{"f:annotations":{".":{},"f:pv.kubernetes.io/provisioned-by":{},\#
    "f:volume.kubernetes.io/provisioner-deletion-secret-name":{},\#
    "f:volume.kubernetes.io/provisioner-deletion-secret-namespace":{}}},"f:spec":{"f:accessModes":{},\#
    "f:capacity":{".":{},"f:storage":{}},"f:claimRef":{".":{},"f:apiVersion":{},"f:kind":{},"f:name":{},\#
    "f:namespace":{},"f:resourceVersion":{},"f:uid":{}},"f:csi":{".":{},"f:driver":{},"f:fsType":{},\#
    "f:volumeAttributes":{".":{},"f:storage.kubernetes.io/csiProvisionerIdentity":{}},"f:volumeHandle":{}},\#
    "f:nodeAffinity":{".":{},"f:required":{}},"f:persistentVolumeReclaimPolicy":{},"f:storageClassName":{},\#
    "f:volumeMode":{}}}
    """#
    .utf8)
private let volumeStatusFields: [UInt8] = Array(#"{"f:status":{"f:phase":{}}}"#.utf8)
