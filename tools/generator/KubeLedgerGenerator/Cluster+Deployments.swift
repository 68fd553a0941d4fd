// Deployments and ReplicaSets: people change Deployments (image, env, scale, restart, undo,
// change-cause, delete); the deployment controller rolls them out through ReplicaSets (revision
// numbers as Kubernetes assigns them); the ReplicaSet controller creates and deletes pods.

private struct DeploymentStatus: Equatable {
    var observedGeneration: Int
    var replicas: Int
    var updated: Int
    var ready: Int
    var available: Int
    var unavailable: Int
    var availableReason: String
    var progressingReason: String
    var progressingMessage: String
    var revision: Int
}

extension Cluster {
    // MARK: - People

    func deploymentHuman(_ slot: Int) {
        let d = deployments[slot]
        schedule(.deploymentHuman(slot), after: nextChange())
        let actor = human()
        guard d.exists else {
            createDeployment(d, actor: actor)
            return
        }
        let rss = liveReplicaSets(d)
        let stable = deploymentStable(d, rss)
        switch rng.below(100) {
        case 0..<45:
            setImage(d, actor: actor)
        case 45..<60:
            if stable { scaleDeployment(d, actor: actor) } else { setImage(d, actor: actor) }
        case 60..<72:
            if !undoDeployment(d, rss, actor: actor) { setImage(d, actor: actor) }
        case 72..<82:
            restartDeployment(d, actor: actor)
        case 82..<91:
            setEnv(d, actor: actor)
        case 91..<97:
            annotateDeployment(d, actor: actor)
        default:
            if stable && rng.chance(0.5) { deleteDeployment(d, actor: actor) } else { setImage(d, actor: actor) }
        }
    }

    func createDeployment(_ d: Deployment, actor: Actor) {
        let t = stamp()
        d.uid = rng.uuid()
        d.exists = true
        d.created = t
        d.generation = 1
        d.observedGeneration = 0
        d.revision = 0
        d.rsIDs = []
        d.changeCause = nil
        d.humanManagers = []
        d.controllerTime = nil
        d.statusReplicas = 0
        d.updatedReplicas = 0
        d.readyReplicas = 0
        d.availableReplicas = 0
        d.unavailableReplicas = 0
        d.available = nil
        d.progressing = nil
        d.replicas = rng.int(d.profile.replicas)
        d.creatorFields = J.obj([
            ("metadata", J.obj([("labels", J.map(deploymentLabels(d)))])),
            (
                "spec",
                J.obj([
                    ("progressDeadlineSeconds", J.int(600)), ("replicas", J.int(d.replicas)),
                    ("revisionHistoryLimit", J.int(10)),
                    ("selector", J.obj([("matchLabels", J.map([("app", d.name)]))])),
                    (
                        "strategy",
                        J.obj([
                            (
                                "rollingUpdate",
                                J.obj([("maxSurge", J.string("25%")), ("maxUnavailable", J.string("25%"))])
                            ), ("type", J.string("RollingUpdate")),
                        ])
                    ),
                    ("template", J.presetFields(d.template.templateFields)),
                ])
            ),
        ]).fieldSetBytes()
        writeDeployment(d, "create", nil, actor: actor, time: t, fieldManager: "kubectl-create")
        requestDeploymentSync(d.slot)
    }

    private func changeTemplate(
        _ d: Deployment, _ params: TemplateParams, actor: Actor, command: HumanCommand,
        fields: [UInt8], request: [UInt8]
    ) {
        let t = stamp()
        // A template equal to one a ReplicaSet still has is that same template (and revision).
        if let known = liveReplicaSets(d).first(where: { $0.template.params == params })?.template {
            d.template = known
        } else {
            d.template = PodTemplate(
                kind: .deployment, name: d.name, profile: d.profile, params: params, namespace: d.namespace)
        }
        d.generation += 1
        recordHuman(&d.humanManagers, command.manager, fields, t)
        writeDeployment(d, "patch", nil, actor: actor, time: t, request: request, fieldManager: command.manager)
        requestDeploymentSync(d.slot)
    }

    func setImage(_ d: Deployment, actor: Actor) {
        var params = d.template.params
        params.version.bump(&rng)
        let image = d.profile.image + ":" + params.version.text
        if rng.chance(0.35) {
            d.changeCause =
                "kubectl set image deployment/" + d.name + " " + d.profile.name + "=" + image + " --record=true"
        }
        var request: [UInt8] = []
        if d.changeCause != nil && d.changeCause!.hasSuffix(image + " --record=true") {
            request.raw("{\"metadata\":{\"annotations\":{\"kubernetes.io/change-cause\":")
            request.string(d.changeCause!)
            request.raw("}},\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":")
        } else {
            request.raw("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":")
        }
        request.string(image)
        request.raw(",\"name\":")
        request.string(d.profile.name)
        request.raw("}]}}}}")
        changeTemplate(
            d, params, actor: actor, command: .setImage, fields: setImageFields(d.profile.name), request: request)
    }

    func setEnv(_ d: Deployment, actor: Actor) {
        var params = d.template.params
        params.logLevel = params.logLevel == "info" ? "debug" : "info"
        var request: [UInt8] = []
        request.raw("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"env\":[{\"name\":\"LOG_LEVEL\",\"value\":")
        request.string(params.logLevel)
        request.raw("}],\"name\":")
        request.string(d.profile.name)
        request.raw("}]}}}}")
        changeTemplate(
            d, params, actor: actor, command: .setEnv, fields: setEnvFields(d.profile.name), request: request)
    }

    func restartDeployment(_ d: Deployment, actor: Actor) {
        var params = d.template.params
        var stampBytes: [UInt8] = []
        stampBytes.timestamp(now, .seconds)
        params.restartedAt = String(decoding: stampBytes, as: UTF8.self)
        var request: [UInt8] = []
        request.raw("{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":")
        request.string(params.restartedAt!)
        request.raw("}}}}}")
        changeTemplate(d, params, actor: actor, command: .rolloutRestart, fields: restartFields, request: request)
    }

    func scaleDeployment(_ d: Deployment, actor: Actor) {
        var replicas = d.replicas
        while replicas == d.replicas {
            replicas = rng.int(max(1, d.profile.replicas.lowerBound - 1)...(d.profile.replicas.upperBound + 2))
        }
        let t = stamp()
        d.replicas = replicas
        d.generation += 1
        recordHuman(&d.humanManagers, HumanCommand.scale.manager, scaleFields, t)
        var request: [UInt8] = []
        request.raw("{\"spec\":{\"replicas\":")
        request.int(replicas)
        request.raw("}}")
        writeDeployment(
            d, "patch", nil, actor: actor, time: t, request: request, fieldManager: HumanCommand.scale.manager)
        requestDeploymentSync(d.slot)
    }

    func annotateDeployment(_ d: Deployment, actor: Actor) {
        let t = stamp()
        let causes = [
            "hotfix: revert connection pool size", "release " + d.template.params.version.text,
            "JIRA-" + String(1000 + rng.below(9000)) + ": tune resources", "rollout after config change",
        ]
        d.changeCause = rng.pick(causes)
        d.generation += 1
        recordHuman(&d.humanManagers, HumanCommand.annotate.manager, annotateFields, t)
        var request: [UInt8] = []
        request.raw("{\"metadata\":{\"annotations\":{\"kubernetes.io/change-cause\":")
        request.string(d.changeCause!)
        request.raw("}}}")
        writeDeployment(
            d, "patch", nil, actor: actor, time: t, request: request, fieldManager: HumanCommand.annotate.manager)
        requestDeploymentSync(d.slot)
    }

    /// `kubectl rollout undo`: the template of the previous (or an older) revision, and that
    /// revision's change-cause, sent as a JSON patch. False when there is nothing to roll back to.
    func undoDeployment(_ d: Deployment, _ rss: [ReplicaSet], actor: Actor) -> Bool {
        let byRevision = rss.sorted { $0.revision > $1.revision }
        guard byRevision.count >= 2 else { return false }
        let target = rng.chance(0.75) ? byRevision[1] : byRevision[1 + rng.below(byRevision.count - 1)]
        guard !target.template.sameAs(d.template) else { return false }
        let t = stamp()
        d.template = target.template
        d.changeCause = target.annotationsFromDeployment.first { $0.0 == "kubernetes.io/change-cause" }?.1
        d.generation += 1
        recordHuman(&d.humanManagers, HumanCommand.rolloutUndo.manager, undoFields, t)
        var request: [UInt8] = []
        request.raw("[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":")
        request.append(contentsOf: target.template.json)
        request.raw("},{\"op\":\"replace\",\"path\":\"/metadata/annotations\",\"value\":{")
        request.raw("\"deployment.kubernetes.io/revision\":")
        request.quotedInt(d.revision)
        if let cause = d.changeCause {
            request.raw(",\"kubernetes.io/change-cause\":")
            request.string(cause)
        }
        request.raw("}}]")
        writeDeployment(
            d, "patch", nil, actor: actor, time: t, request: request, fieldManager: HumanCommand.rolloutUndo.manager)
        requestDeploymentSync(d.slot)
        return true
    }

    func deleteDeployment(_ d: Deployment, actor: Actor) {
        let t = stamp()
        writeDeployment(d, "delete", nil, actor: actor, time: t, request: deleteOptions(nil, propagation: "Background"))
        d.exists = false
        for rsID in d.rsIDs {
            schedule(.garbageCollectReplicaSet(rsID), after: ms(40, 900))
        }
        d.rsIDs = []
        // Someone re-creates it later (a new uid, revisions from 1 again).
        var params = d.template.params
        params.version.bump(&rng)
        params.restartedAt = nil
        d.template = PodTemplate(
            kind: .deployment, name: d.name, profile: d.profile, params: params, namespace: d.namespace)
    }

    func garbageCollectReplicaSet(_ id: Int) {
        guard let rs = replicaSets[id], !rs.deleted else { return }
        let t = stamp()
        rs.deleted = true
        writeReplicaSet(
            rs, "delete", nil, actor: actors.garbageCollector, time: t,
            request: deleteOptions(rs.uid, propagation: "Background"))
        replicaSets[id] = nil
        for podID in rs.pods {
            if let pod = pods[podID] { gracefulDelete(pod, actor: actors.garbageCollector) }
        }
    }

    // MARK: - Deployment controller

    func requestDeploymentSync(_ slot: Int) {
        let d = deployments[slot]
        guard d.exists, !d.syncPending else { return }
        d.syncPending = true
        schedule(.deploymentSync(slot), after: ms(1, 12))
    }

    func liveReplicaSets(_ d: Deployment) -> [ReplicaSet] {
        d.rsIDs.compactMap { replicaSets[$0] }
    }

    func deploymentStable(_ d: Deployment, _ rss: [ReplicaSet]) -> Bool {
        guard let newRS = rss.first(where: { $0.template.sameAs(d.template) }) else { return false }
        for rs in rss where rs !== newRS && (rs.replicas > 0 || rs.statusReplicas > 0) { return false }
        return newRS.replicas == d.replicas && newRS.availableReplicas == d.replicas
            && newRS.statusReplicas == d.replicas
    }

    func deploymentSync(_ slot: Int) {
        let d = deployments[slot]
        d.syncPending = false
        guard d.exists else { return }
        var rss = liveReplicaSets(d)
        var newRS = rss.first { $0.template.sameAs(d.template) }
        let maxOld = rss.filter { $0 !== newRS }.map(\.revision).max() ?? 0
        var progressingReason = d.progressing?.reason ?? ""
        var progressingMessage = d.progressing?.message ?? ""
        var progressed = false
        var createdOrFound = false

        if let existing = newRS {
            // A template seen before (rollback, or a re-applied template): renumber to max+1.
            var changed = false
            if existing.revision < maxOld + 1 {
                existing.revisionHistory.append(existing.revision)
                existing.revision = maxOld + 1
                changed = true
                progressingReason = "FoundNewReplicaSet"
                progressingMessage = "Found new replica set \"" + existing.name + "\""
                progressed = true
                createdOrFound = true
            }
            let annotations = d.changeCause.map { [("kubernetes.io/change-cause", $0)] } ?? []
            for annotation in annotations
            where !existing.annotationsFromDeployment.contains(where: { $0 == annotation }) {
                existing.annotationsFromDeployment.removeAll { $0.0 == annotation.0 }
                existing.annotationsFromDeployment.append(annotation)
                changed = true
            }
            if changed {
                let t = stamp()
                existing.controllerTime = t
                writeReplicaSet(existing, "update", nil, actor: actors.deploymentController, time: t)
            }
        } else {
            let oldActive = rss.filter { $0.replicas > 0 }
            var replicas = d.replicas
            if !oldActive.isEmpty {
                let current = rss.reduce(0) { $0 + $1.replicas }
                replicas = max(0, min(d.replicas + d.maxSurge - current, d.replicas))
            }
            let rs = createReplicaSet(d, revision: maxOld + 1, replicas: replicas)
            rss.append(rs)
            newRS = rs
            progressingReason = "NewReplicaSetCreated"
            progressingMessage = "Created new replica set \"" + rs.name + "\""
            progressed = true
            createdOrFound = true
        }
        guard let newRS else { return }
        d.revision = newRS.revision
        let oldRSs = rss.filter { $0 !== newRS }
        let oldActive = oldRSs.filter { $0.replicas > 0 }

        // Scale the new ReplicaSet (rolling update: within maxSurge).
        var scaledUp = false
        if newRS.replicas != d.replicas {
            var target = newRS.replicas
            if oldActive.isEmpty || newRS.replicas > d.replicas {
                target = d.replicas
            } else {
                let total = rss.reduce(0) { $0 + $1.replicas }
                let maxTotal = d.replicas + d.maxSurge
                if total < maxTotal { target = newRS.replicas + min(maxTotal - total, d.replicas - newRS.replicas) }
            }
            if target != newRS.replicas {
                scaleReplicaSet(newRS, to: target, d)
                scaledUp = true
                progressed = true
            }
        }
        // Scale old ReplicaSets down, within maxUnavailable.
        if !scaledUp && !oldActive.isEmpty {
            let allPods = rss.reduce(0) { $0 + $1.replicas }
            let minAvailable = d.replicas - d.maxUnavailable
            let newUnavailable = newRS.replicas - newRS.availableReplicas
            var maxScaledDown = allPods - minAvailable - newUnavailable
            if maxScaledDown > 0 {
                let oldest = oldActive.sorted {
                    $0.created < $1.created || ($0.created == $1.created && $0.name < $1.name)
                }
                for rs in oldest where maxScaledDown > 0 {
                    let unhealthy = rs.replicas - rs.availableReplicas
                    guard unhealthy > 0 else { continue }
                    let step = min(maxScaledDown, unhealthy)
                    scaleReplicaSet(rs, to: rs.replicas - step, d)
                    maxScaledDown -= step
                    progressed = true
                }
                let availableTotal = rss.reduce(0) { $0 + $1.availableReplicas }
                var canScale = availableTotal - minAvailable
                for rs in oldest where canScale > 0 && rs.replicas > 0 {
                    let step = min(rs.replicas, canScale)
                    scaleReplicaSet(rs, to: rs.replicas - step, d)
                    canScale -= step
                    progressed = true
                }
            }
        }

        // Status.
        let available = rss.reduce(0) { $0 + $1.availableReplicas }
        let specTotal = rss.reduce(0) { $0 + $1.replicas }
        let complete =
            newRS.replicas == d.replicas && newRS.availableReplicas == d.replicas
            && newRS.statusReplicas == d.replicas && oldRSs.allSatisfy { $0.replicas == 0 && $0.statusReplicas == 0 }
        let readyTotal = rss.reduce(0) { $0 + $1.readyReplicas }
        let replicasTotal = rss.reduce(0) { $0 + $1.statusReplicas }
        // DeploymentProgressing: more updated, ready or available replicas, or fewer old ones.
        let madeProgress =
            newRS.statusReplicas > d.updatedReplicas || readyTotal > d.readyReplicas
            || available > d.availableReplicas
            || (replicasTotal - newRS.statusReplicas) < (d.statusReplicas - d.updatedReplicas)
        if complete {
            progressingReason = "NewReplicaSetAvailable"
            progressingMessage = "ReplicaSet \"" + newRS.name + "\" has successfully progressed."
        } else if ((madeProgress || progressed) && !createdOrFound) || progressingReason == "NewReplicaSetAvailable"
            || progressingReason.isEmpty
        {
            progressingReason = "ReplicaSetUpdated"
            progressingMessage = "ReplicaSet \"" + newRS.name + "\" is progressing."
            progressed = true
        }
        let minimumAvailable = available >= d.replicas - d.maxUnavailable
        let status = DeploymentStatus(
            observedGeneration: d.generation, replicas: replicasTotal,
            updated: newRS.statusReplicas, ready: readyTotal,
            available: available, unavailable: max(0, specTotal - available),
            availableReason: minimumAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            progressingReason: progressingReason, progressingMessage: progressingMessage, revision: d.revision)
        let previous = DeploymentStatus(
            observedGeneration: d.observedGeneration, replicas: d.statusReplicas, updated: d.updatedReplicas,
            ready: d.readyReplicas, available: d.availableReplicas, unavailable: d.unavailableReplicas,
            availableReason: d.available?.reason ?? "", progressingReason: d.progressing?.reason ?? "",
            progressingMessage: d.progressing?.message ?? "", revision: d.controllerTime == nil ? -1 : d.revision)
        if status != previous || d.controllerTime == nil {
            let t = stamp()
            d.observedGeneration = status.observedGeneration
            d.statusReplicas = status.replicas
            d.updatedReplicas = status.updated
            d.readyReplicas = status.ready
            d.availableReplicas = status.available
            d.unavailableReplicas = status.unavailable
            if d.available?.reason != status.availableReason {
                d.available = Condition(
                    status: minimumAvailable ? "True" : "False", reason: status.availableReason,
                    message: minimumAvailable
                        ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
                    lastUpdate: t, lastTransition: t)
            }
            if d.progressing?.reason != progressingReason || d.progressing?.message != progressingMessage {
                d.progressing = Condition(
                    status: "True", reason: progressingReason, message: progressingMessage, lastUpdate: t,
                    lastTransition: d.progressing?.lastTransition ?? t)
            } else if progressed {
                d.progressing?.lastUpdate = t
            }
            d.controllerTime = t
            writeDeployment(d, "update", "status", actor: actors.deploymentController, time: t)
        }

        // Cleanup beyond revisionHistoryLimit once the rollout is complete.
        if complete {
            let candidates = oldRSs.filter { $0.replicas == 0 && $0.statusReplicas == 0 && $0.pods.isEmpty }
                .sorted { $0.revision < $1.revision }
            if candidates.count > 10 {
                for rs in candidates.prefix(candidates.count - 10) {
                    let t = stamp()
                    rs.deleted = true
                    writeReplicaSet(
                        rs, "delete", nil, actor: actors.deploymentController, time: t,
                        request: deleteOptions(rs.uid, propagation: "Background"))
                    replicaSets[rs.id] = nil
                    d.rsIDs.removeAll { $0 == rs.id }
                }
            }
        }
    }

    private func createReplicaSet(_ d: Deployment, revision: Int, replicas: Int) -> ReplicaSet {
        let t = stamp()
        let name = d.name + "-" + d.template.hash
        let id = newID()
        let uid = rng.uuid()
        var creatorFields: [UInt8] = []
        creatorFields.raw(
            """
            {\"f:metadata\":{\"f:annotations\":{\".\":{},\"f:deployment.kubernetes.io/desired-replicas\":{},\
            \"f:deployment.kubernetes.io/max-replicas\":{},\"f:deployment.kubernetes.io/revision\":{}},\
            \"f:labels\":{\".\":{}
            """
        )
        for key in (d.template.labels.map(\.0) + ["pod-template-hash"]).sorted(by: {
            $0.utf8.lexicographicallyPrecedes($1.utf8)
        }) {
            creatorFields.raw(",\"f:")
            creatorFields.escaped(key)
            creatorFields.raw("\":{}")
        }
        creatorFields.raw("},\"f:ownerReferences\":{\".\":{},\"k:{\\\"uid\\\":\\\"")
        creatorFields.escaped(d.uid)
        creatorFields.raw("\\\"}\":{}}},\"f:spec\":{\"f:replicas\":{},\"f:selector\":{},\"f:template\":")
        creatorFields.append(contentsOf: d.template.templateFields)
        creatorFields.raw("}}")
        let rs = ReplicaSet(
            id: id, name: name, uid: uid, deployment: d, created: t, template: d.template, creatorFields: creatorFields)
        rs.revision = revision
        rs.replicas = replicas
        rs.desiredReplicas = d.replicas
        rs.maxReplicas = d.replicas + d.maxSurge
        if let cause = d.changeCause { rs.annotationsFromDeployment = [("kubernetes.io/change-cause", cause)] }
        rs.podControllerFields = podControllerFields(
            template: d.template, labelKeys: d.template.labels.map(\.0) + ["pod-template-hash"],
            ownerKind: "ReplicaSet", ownerName: name, ownerUID: uid, generateName: true)
        replicaSets[id] = rs
        d.rsIDs.append(id)
        writeReplicaSet(rs, "create", nil, actor: actors.deploymentController, time: t)
        requestReplicaSetSync(id)
        return rs
    }

    private func scaleReplicaSet(_ rs: ReplicaSet, to replicas: Int, _ d: Deployment) {
        let t = stamp()
        rs.replicas = replicas
        rs.generation += 1
        rs.desiredReplicas = d.replicas
        rs.maxReplicas = d.replicas + d.maxSurge
        rs.controllerTime = t
        writeReplicaSet(rs, "update", nil, actor: actors.deploymentController, time: t)
        requestReplicaSetSync(rs.id)
    }

    // MARK: - ReplicaSet controller

    func requestReplicaSetSync(_ id: Int) {
        guard let rs = replicaSets[id], !rs.deleted, !rs.syncPending else { return }
        rs.syncPending = true
        schedule(.replicaSetSync(id), after: ms(1, 10))
    }

    func replicaSetSync(_ id: Int) {
        guard let rs = replicaSets[id], !rs.deleted else { return }
        rs.syncPending = false
        var active = rs.pods.compactMap { pods[$0] }.filter(\.active)
        let diff = rs.replicas - active.count
        if diff > 0 {
            for _ in 0..<min(diff, 500) {
                var name = rs.name + "-" + rng.nameSuffix()
                while rs.pods.contains(where: { pods[$0]?.name == name }) { name = rs.name + "-" + rng.nameSuffix() }
                let pod = createPod(
                    owner: .replicaSet(rs.id), ownerKind: "ReplicaSet", ownerName: rs.name, ownerUID: rs.uid,
                    namespace: rs.namespace, template: rs.template, name: name, generateName: rs.name + "-",
                    labelsJSON: rs.podLabelsJSON, controllerFields: rs.podControllerFields,
                    actor: actors.replicaSetController)
                rs.pods.append(pod.id)
                active.append(pod)
            }
        } else if diff < 0 {
            // Least valuable first: unscheduled, pending, not ready, then the newest.
            let ranked = active.sorted { a, b in
                let ka = (a.nodeName == nil ? 0 : 1, a.phase == .pending ? 0 : 1, a.ready ? 1 : 0)
                let kb = (b.nodeName == nil ? 0 : 1, b.phase == .pending ? 0 : 1, b.ready ? 1 : 0)
                if ka != kb { return ka < kb }
                return a.created > b.created || (a.created == b.created && a.uid < b.uid)
            }
            for pod in ranked.prefix(-diff) {
                gracefulDelete(pod, actor: actors.replicaSetController)
            }
            active = active.filter(\.active)
        }
        let ready = active.filter(\.ready).count
        let changed =
            !rs.statusWritten || rs.statusReplicas != active.count || rs.readyReplicas != ready
            || rs.availableReplicas != ready || rs.observedGeneration != rs.generation
        guard changed else { return }
        let t = stamp()
        rs.statusWritten = true
        rs.statusReplicas = active.count
        rs.fullyLabeledReplicas = active.count
        rs.readyReplicas = ready
        rs.availableReplicas = ready
        rs.observedGeneration = rs.generation
        rs.statusTime = t
        writeReplicaSet(rs, "update", "status", actor: actors.replicaSetController, time: t)
        requestDeploymentSync(rs.deploymentSlot)
    }

    // MARK: - Rendering

    func deploymentLabels(_ d: Deployment) -> [(String, String)] {
        [("app", d.name), ("app.kubernetes.io/name", d.profile.name), ("app.kubernetes.io/part-of", d.namespace)]
    }

    func writeDeployment(
        _ d: Deployment, _ verb: String, _ subresource: String?, actor: Actor, time: Int64,
        request: [UInt8]? = nil, fieldManager: String? = nil
    ) {
        let rv = nextRV()
        d.rv = rv
        var o: [UInt8] = []
        o.reserveCapacity(sizeHint[2] + 512)
        renderDeployment(d, into: &o)
        sizeHint[2] = o.count
        emit(
            verb, subresource, actor: actor, apiVersion: "apps/v1", kind: "Deployment", namespace: d.namespace,
            name: d.name, uid: d.uid, rv: rv, time: time, object: o, request: request, fieldManager: fieldManager)
    }

    func renderDeployment(_ d: Deployment, into o: inout [UInt8]) {
        o.raw("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{")
        if d.revision > 0 || d.changeCause != nil {
            o.raw("\"annotations\":{")
            if d.revision > 0 {
                o.raw("\"deployment.kubernetes.io/revision\":")
                o.quotedInt(d.revision)
            }
            if let cause = d.changeCause {
                if d.revision > 0 { o.append(0x2C) }
                o.raw("\"kubernetes.io/change-cause\":")
                o.string(cause)
            }
            o.raw("},")
        }
        o.raw("\"creationTimestamp\":")
        o.quotedTimestamp(d.created)
        o.raw(",\"generation\":")
        o.int(d.generation)
        o.raw(",\"labels\":")
        if d.labelsJSON.isEmpty { d.labelsJSON = J.map(deploymentLabels(d)).bytes }
        o.append(contentsOf: d.labelsJSON)
        o.raw(",\"managedFields\":[")
        appendManagedEntry(
            &o, apiVersion: "apps/v1", fields: d.creatorFields, manager: "kubectl-create", time: d.created)
        appendHumanEntries(&o, d.humanManagers)
        if let t = d.controllerTime {
            o.append(0x2C)
            appendManagedEntry(
                &o, apiVersion: "apps/v1", fields: deploymentStatusFields, manager: "kube-controller-manager",
                subresource: "status", time: t)
        }
        o.raw("],\"name\":")
        o.string(d.name)
        o.raw(",\"namespace\":")
        o.string(d.namespace)
        o.raw(",\"resourceVersion\":")
        o.quotedInt(d.rv)
        o.raw(",\"uid\":")
        o.string(d.uid)
        o.raw("},\"spec\":{\"progressDeadlineSeconds\":600,\"replicas\":")
        o.int(d.replicas)
        o.raw(",\"revisionHistoryLimit\":10,\"selector\":{\"matchLabels\":{\"app\":")
        o.string(d.name)
        o.raw(
            """
            }},\"strategy\":{\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":\"25%\"},\
            \"type\":\"RollingUpdate\"},\"template\":
            """
        )
        o.append(contentsOf: d.template.json)
        o.raw("},\"status\":{")
        var first = true
        func count(_ key: StaticString, _ value: Int) {
            guard value != 0 else { return }
            if !first { o.append(0x2C) }
            first = false
            o.key(key)
            o.int(value)
        }
        count("availableReplicas", d.availableReplicas)
        if d.available != nil || d.progressing != nil {
            if !first { o.append(0x2C) }
            first = false
            o.raw("\"conditions\":[")
            if let c = d.available {
                appendCondition(&o, c, type: "Available")
                if d.progressing != nil { o.append(0x2C) }
            }
            if let c = d.progressing { appendCondition(&o, c, type: "Progressing") }
            o.append(0x5D)
        }
        count("observedGeneration", d.observedGeneration)
        count("readyReplicas", d.readyReplicas)
        count("replicas", d.statusReplicas)
        count("unavailableReplicas", d.unavailableReplicas)
        count("updatedReplicas", d.updatedReplicas)
        o.raw("}}")
    }

    func appendCondition(_ o: inout [UInt8], _ c: Condition, type: StaticString) {
        o.raw("{\"lastTransitionTime\":")
        o.quotedTimestamp(c.lastTransition)
        o.raw(",\"lastUpdateTime\":")
        o.quotedTimestamp(c.lastUpdate)
        o.raw(",\"message\":")
        o.string(c.message)
        o.raw(",\"reason\":")
        o.string(c.reason)
        o.raw(",\"status\":")
        o.string(c.status)
        o.raw(",\"type\":\"")
        o.raw(type)
        o.raw("\"}")
    }

    func writeReplicaSet(
        _ rs: ReplicaSet, _ verb: String, _ subresource: String?, actor: Actor, time: Int64, request: [UInt8]? = nil
    ) {
        let rv = nextRV()
        rs.rv = rv
        var o: [UInt8] = []
        o.reserveCapacity(sizeHint[3] + 512)
        renderReplicaSet(rs, into: &o)
        sizeHint[3] = o.count
        emit(
            verb, subresource, actor: actor, apiVersion: "apps/v1", kind: "ReplicaSet", namespace: rs.namespace,
            name: rs.name, uid: rs.uid, rv: rv, time: time, object: o, request: request)
    }

    func renderReplicaSet(_ rs: ReplicaSet, into o: inout [UInt8]) {
        o.raw(
            """
            {\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\
            \"metadata\":{\"annotations\":{\"deployment.kubernetes.io/desired-replicas\":
            """
        )
        o.quotedInt(rs.desiredReplicas)
        o.raw(",\"deployment.kubernetes.io/max-replicas\":")
        o.quotedInt(rs.maxReplicas)
        o.raw(",\"deployment.kubernetes.io/revision\":")
        o.quotedInt(rs.revision)
        if !rs.revisionHistory.isEmpty {
            o.raw(",\"deployment.kubernetes.io/revision-history\":\"")
            for (index, revision) in rs.revisionHistory.enumerated() {
                if index > 0 { o.append(0x2C) }
                o.int(revision)
            }
            o.append(0x22)
        }
        for (key, value) in rs.annotationsFromDeployment {
            o.append(0x2C)
            o.string(key)
            o.append(0x3A)
            o.string(value)
        }
        o.raw("},\"creationTimestamp\":")
        o.quotedTimestamp(rs.created)
        o.raw(",\"generation\":")
        o.int(rs.generation)
        o.raw(",\"labels\":")
        o.append(contentsOf: rs.podLabelsJSON)
        o.raw(",\"managedFields\":[")
        appendManagedEntry(
            &o, apiVersion: "apps/v1", fields: rs.creatorFields, manager: "kube-controller-manager",
            time: rs.controllerTime)
        if let t = rs.statusTime {
            o.append(0x2C)
            appendManagedEntry(
                &o, apiVersion: "apps/v1", fields: replicaSetStatusFields, manager: "kube-controller-manager",
                subresource: "status", time: t)
        }
        o.raw("],\"name\":")
        o.string(rs.name)
        o.raw(",\"namespace\":")
        o.string(rs.namespace)
        o.raw(
            """
            ,\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"blockOwnerDeletion\":true,\"controller\":true,\
            \"kind\":\"Deployment\",\"name\":
            """
        )
        o.string(rs.deploymentName)
        o.raw(",\"uid\":")
        o.string(rs.deploymentUID)
        o.raw("}],\"resourceVersion\":")
        o.quotedInt(rs.rv)
        o.raw(",\"uid\":")
        o.string(rs.uid)
        o.raw("},\"spec\":{\"replicas\":")
        o.int(rs.replicas)
        o.raw(",\"selector\":{\"matchLabels\":{\"app\":")
        o.string(rs.deploymentName)
        o.raw(",\"pod-template-hash\":")
        o.string(rs.template.hash)
        o.raw("}},\"template\":")
        o.append(contentsOf: rs.templateJSON)
        o.raw("},\"status\":{")
        if rs.availableReplicas > 0 {
            o.raw("\"availableReplicas\":")
            o.int(rs.availableReplicas)
            o.append(0x2C)
        }
        if rs.fullyLabeledReplicas > 0 {
            o.raw("\"fullyLabeledReplicas\":")
            o.int(rs.fullyLabeledReplicas)
            o.append(0x2C)
        }
        if rs.observedGeneration > 0 {
            o.raw("\"observedGeneration\":")
            o.int(rs.observedGeneration)
            o.append(0x2C)
        }
        if rs.readyReplicas > 0 {
            o.raw("\"readyReplicas\":")
            o.int(rs.readyReplicas)
            o.append(0x2C)
        }
        o.raw("\"replicas\":")
        o.int(rs.statusReplicas)
        o.raw("}}")
    }

    func recordHuman(
        _ entries: inout [(manager: String, fields: [UInt8], time: Int64, subresource: Bool)], _ manager: String,
        _ fields: [UInt8], _ time: Int64
    ) {
        if let index = entries.firstIndex(where: { $0.manager == manager }) {
            entries[index].time = time
            entries[index].fields = fields
        } else {
            entries.append((manager, fields, time, false))
        }
    }

    func appendHumanEntries(
        _ o: inout [UInt8], _ entries: [(manager: String, fields: [UInt8], time: Int64, subresource: Bool)]
    ) {
        for entry in entries {
            o.append(0x2C)
            appendManagedEntry(
                &o, apiVersion: "apps/v1", fields: entry.fields, manager: entry.manager, time: entry.time)
        }
    }

    func setImageFields(_ container: String) -> [UInt8] {
        var o: [UInt8] = []
        o.raw("{\"f:spec\":{\"f:template\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"")
        o.escaped(container)
        o.raw("\\\"}\":{\"f:image\":{}}}}}}}")
        return o
    }

    func setEnvFields(_ container: String) -> [UInt8] {
        var o: [UInt8] = []
        o.raw("{\"f:spec\":{\"f:template\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"")
        o.escaped(container)
        o.raw("\\\"}\":{\"f:env\":{\"k:{\\\"name\\\":\\\"LOG_LEVEL\\\"}\":{\"f:value\":{}}}}}}}}}")
        return o
    }
}

let scaleFields: [UInt8] = Array(#"{"f:spec":{"f:replicas":{}}}"#.utf8)
let restartFields: [UInt8] = Array(
    #"{"f:spec":{"f:template":{"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/restartedAt":{}}}}}}"#
        .utf8)
let annotateFields: [UInt8] = Array(
    #"{"f:metadata":{"f:annotations":{".":{},"f:kubernetes.io/change-cause":{}}}}"#.utf8)
let undoFields: [UInt8] = Array(
    #"""
    {"f:metadata":{"f:annotations":{}},"f:spec":{"f:template":{"f:metadata":{"f:annotations":{},"f:labels":{}},\#
    "f:spec":{"f:containers":{}}}}}
    """#
    .utf8)
private let deploymentStatusFields: [UInt8] = Array(
    #"""
    {"f:metadata":{"f:annotations":{".":{},"f:deployment.kubernetes.io/revision":{}}},\#
    "f:status":{"f:availableReplicas":{},"f:conditions":{".":{},"k:{\"type\":\"Available\"}":{".":{},\#
    "f:lastTransitionTime":{},"f:lastUpdateTime":{},"f:message":{},"f:reason":{},"f:status":{},"f:type":{}},\#
    "k:{\"type\":\"Progressing\"}":{".":{},"f:lastTransitionTime":{},"f:lastUpdateTime":{},"f:message":{},\#
    "f:reason":{},"f:status":{},"f:type":{}}},"f:observedGeneration":{},"f:readyReplicas":{},"f:replicas":{},\#
    "f:updatedReplicas":{}}}
    """#
    .utf8)
private let replicaSetStatusFields: [UInt8] = Array(
    #"""
    {"f:status":{"f:availableReplicas":{},"f:fullyLabeledReplicas":{},"f:observedGeneration":{},"f:readyReplicas":{},\#
    "f:replicas":{}}}
    """#
    .utf8)
