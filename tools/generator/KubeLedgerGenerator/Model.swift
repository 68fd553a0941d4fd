// The live cluster model: only objects that exist (plus a few retained PVCs/PVs) are kept.

final class Node {
    let id: Int
    let name: String
    let uid: String
    let ip: String
    let zone: String
    let cidrIndex: Int
    let created: Int64
    let instanceID: String
    let instanceType: String
    let machineID: String
    let bootID: String
    let kubelet: Actor
    var rv = 0
    var podCIDRAssigned = false
    /// Kubelet reports Ready.
    var ready = false
    /// The node controller has marked it unreachable (kubelet stopped posting status).
    var unreachable = false
    /// Kubelet is down (the node failed); nothing it would do happens.
    var down = false
    var notReadyTaint = true
    var unreachableTaints = false
    var readyTransition: Int64
    var heartbeat: Int64
    var nodeControllerTime: Int64? = nil
    var kubeletStatusTime: Int64
    var nextPodIP = 2
    var pods: [Int] = []  // pod ids bound to this node
    var gone = false
    /// Heartbeats and failures are scheduled (once, at the first Ready).
    var started = false

    init(
        id: Int, name: String, uid: String, ip: String, zone: String, cidrIndex: Int, created: Int64,
        rng: inout SeededRandom
    ) {
        self.id = id
        self.name = name
        self.uid = uid
        self.ip = ip
        self.zone = zone
        self.cidrIndex = cidrIndex
        self.created = created
        instanceID = "i-0" + rng.hex(16)
        instanceType = rng.pick(["m6i.xlarge", "m6i.2xlarge", "m5.xlarge", "c6i.2xlarge"])
        machineID = "ec2" + rng.hex(29)
        bootID = rng.uuid()
        kubelet = Actors.kubelet(node: name, ip: ip)
        readyTransition = created
        heartbeat = created
        kubeletStatusTime = created
    }

    var schedulable: Bool { ready && !unreachable && !down && !gone && !notReadyTaint }

    /// The first three octets of the node's pod CIDR (a /24 of the cluster's 10.64.0.0/10).
    var podNetwork: String {
        "10." + String(64 + (cidrIndex / 256) % 64) + "." + String(cidrIndex % 256)
    }

    func allocatePodIP() -> String {
        let ip = podNetwork + "." + String(nextPodIP)
        nextPodIP = nextPodIP >= 254 ? 2 : nextPodIP + 1
        return ip
    }
}

enum PodPhase {
    case pending, running, succeeded, failed
}

struct ContainerState {
    var containerID: String? = nil
    var runningSince: Int64? = nil
    var ready = false
    var started = false
    var restartCount = 0
    var lastExit: (code: Int, reason: String, started: Int64, finished: Int64, containerID: String)? = nil
    var terminated: (code: Int, reason: String, started: Int64, finished: Int64)? = nil
    var waitingReason: String? = "ContainerCreating"
}

/// Who owns a pod.
enum PodOwner {
    case replicaSet(Int)
    case statefulSet(Int)
    case daemonSet(Int)
}

final class Pod {
    let id: Int
    let name: String
    let uid: String
    let namespace: String
    let owner: PodOwner
    let ownerName: String
    let ownerUID: String
    let template: PodTemplate
    let generateName: String?
    let apiAccess: String
    let created: Int64
    /// Sorted labels, pre-rendered as an object (`{"app":…}`).
    let labelsJSON: [UInt8]
    /// FieldsV1 of the creating controller, pre-rendered.
    let controllerFields: [UInt8]
    // StatefulSet identity
    let ordinal: Int
    let subdomain: String?
    let claims: [(volume: String, claim: String)]
    /// Revision name (StatefulSet) or hash (DaemonSet) this pod was created at.
    let revision: String
    // DaemonSet
    let daemonNode: String?

    var rv = 0
    var nodeID: Int? = nil
    var nodeName: String? = nil
    var hostIP: String? = nil
    var podIP: String? = nil
    var phase = PodPhase.pending
    var startTime: Int64? = nil
    var scheduledAt: Int64? = nil
    var unschedulable: (time: Int64, message: String)? = nil
    var initializedAt: Int64? = nil
    var sandboxReadyAt: Int64? = nil
    var containersReadyAt: Int64? = nil  // time of the last ContainersReady/Ready transition
    var ready = false
    var containers: [ContainerState]
    var deletionTimestamp: Int64? = nil
    var deletionGrace = 30
    var kubeletTime: Int64? = nil
    var schedulerTime: Int64? = nil
    var nodeControllerTime: Int64? = nil
    /// Set by the node controller when the node became unreachable.
    var markedNotReady = false
    /// DisruptionTarget condition (taint eviction), when set.
    var disruptionAt: Int64? = nil
    var incarnation = 0  // bumps on lifecycle steps so stale tasks are ignored
    var ownerKind: StaticString = "ReplicaSet"

    init(
        id: Int, name: String, uid: String, namespace: String, owner: PodOwner, ownerName: String,
        ownerUID: String, template: PodTemplate, generateName: String?, apiAccess: String,
        created: Int64, labelsJSON: [UInt8], controllerFields: [UInt8], ordinal: Int = -1,
        subdomain: String? = nil, claims: [(String, String)] = [], revision: String = "",
        daemonNode: String? = nil
    ) {
        self.id = id
        self.name = name
        self.uid = uid
        self.namespace = namespace
        self.owner = owner
        self.ownerName = ownerName
        self.ownerUID = ownerUID
        self.template = template
        self.generateName = generateName
        self.apiAccess = apiAccess
        self.created = created
        self.labelsJSON = labelsJSON
        self.controllerFields = controllerFields
        self.ordinal = ordinal
        self.subdomain = subdomain
        self.claims = claims.map { (volume: $0.0, claim: $0.1) }
        self.revision = revision
        self.daemonNode = daemonNode
        containers = Array(repeating: ContainerState(), count: template.containers.count)
    }

    var terminating: Bool { deletionTimestamp != nil }
    /// Counts for controllers: not terminating.
    var active: Bool { deletionTimestamp == nil }
    var available: Bool { ready && deletionTimestamp == nil }
}

struct Condition {
    var status: String
    var reason: String
    var message: String
    var lastUpdate: Int64
    var lastTransition: Int64
}

/// A human manager entry in managedFields: which kubectl command and when.
enum HumanCommand: Equatable {
    case setImage, setEnv, scale, rolloutRestart, rolloutUndo, annotate

    var manager: String {
        switch self {
        case .setImage, .setEnv: "kubectl-set"
        case .scale: "kubectl-scale"
        case .rolloutRestart, .rolloutUndo: "kubectl-rollout"
        case .annotate: "kubectl-annotate"
        }
    }
}

final class Deployment {
    let slot: Int
    let namespace: String
    let name: String
    var profile: AppProfile
    var uid = ""
    var exists = false
    var created: Int64 = 0
    var generation = 1
    var observedGeneration = 0
    var replicas = 1
    var template: PodTemplate
    var changeCause: String? = nil
    var revision = 0
    var rsIDs: [Int] = []
    var rv = 0
    var syncPending = false
    var creatorFields: [UInt8] = []
    var humanManagers: [(manager: String, fields: [UInt8], time: Int64, subresource: Bool)] = []
    var controllerTime: Int64? = nil
    // status
    var statusReplicas = 0
    var updatedReplicas = 0
    var readyReplicas = 0
    var availableReplicas = 0
    var unavailableReplicas = 0
    var available: Condition? = nil
    var progressing: Condition? = nil
    var labelsJSON: [UInt8] = []

    init(slot: Int, namespace: String, name: String, profile: AppProfile, template: PodTemplate) {
        self.slot = slot
        self.namespace = namespace
        self.name = name
        self.profile = profile
        self.template = template
    }

    var maxSurge: Int { replicas == 0 ? 0 : (replicas * 25 + 99) / 100 }
    var maxUnavailable: Int {
        if replicas == 0 { return 0 }
        let unavailable = replicas * 25 / 100
        return unavailable == 0 && maxSurge == 0 ? 1 : min(unavailable, replicas)
    }
}

final class ReplicaSet {
    let id: Int
    let name: String
    let uid: String
    let namespace: String
    let deploymentSlot: Int
    let deploymentName: String
    let deploymentUID: String
    let created: Int64
    let template: PodTemplate
    let templateJSON: [UInt8]
    let podLabelsJSON: [UInt8]
    var podControllerFields: [UInt8] = []
    var replicas = 0
    var generation = 1
    var observedGeneration = 0
    var revision = 1
    var revisionHistory: [Int] = []
    var desiredReplicas = 0
    var maxReplicas = 0
    var annotationsFromDeployment: [(String, String)] = []  // change-cause
    var statusReplicas = 0
    var fullyLabeledReplicas = 0
    var readyReplicas = 0
    var availableReplicas = 0
    var statusWritten = false
    var pods: [Int] = []
    var rv = 0
    var syncPending = false
    var deleted = false
    var controllerTime: Int64
    var statusTime: Int64? = nil
    let creatorFields: [UInt8]

    init(
        id: Int, name: String, uid: String, deployment: Deployment, created: Int64,
        template: PodTemplate, creatorFields: [UInt8]
    ) {
        self.id = id
        self.name = name
        self.uid = uid
        namespace = deployment.namespace
        deploymentSlot = deployment.slot
        deploymentName = deployment.name
        deploymentUID = deployment.uid
        self.created = created
        self.template = template
        templateJSON = template.json(extraLabels: [("pod-template-hash", template.hash)])
        podLabelsJSON = J.map(template.labels + [("pod-template-hash", template.hash)]).bytes
        controllerTime = created
        self.creatorFields = creatorFields
    }
}

final class ControllerRevision {
    let id: Int
    let name: String
    let uid: String
    let namespace: String
    let ownerKind: WorkloadKind
    let ownerName: String
    let ownerUID: String
    let created: Int64
    let template: PodTemplate
    let data: [UInt8]
    let hash: String
    let labelsJSON: [UInt8]
    let annotations: [(String, String)]
    var revision: Int
    var rv = 0
    var updatedAt: Int64
    /// FieldsV1 of pods created at this revision (computed on first use).
    var podFields: [UInt8] = []

    init(
        id: Int, name: String, uid: String, namespace: String, ownerKind: WorkloadKind,
        ownerName: String, ownerUID: String, created: Int64, template: PodTemplate, data: [UInt8],
        hash: String, labelsJSON: [UInt8], annotations: [(String, String)], revision: Int
    ) {
        self.id = id
        self.name = name
        self.uid = uid
        self.namespace = namespace
        self.ownerKind = ownerKind
        self.ownerName = ownerName
        self.ownerUID = ownerUID
        self.created = created
        self.template = template
        self.data = data
        self.hash = hash
        self.labelsJSON = labelsJSON
        self.annotations = annotations
        self.revision = revision
        updatedAt = created
    }
}

final class StatefulSet {
    let slot: Int
    let namespace: String
    let name: String
    var profile: AppProfile
    let uid: String
    let created: Int64
    let serviceName: String
    let ordinalStart: Int?
    let parallel: Bool
    var generation = 1
    var observedGeneration = 0
    var replicas: Int
    var template: PodTemplate
    var templateJSON: [UInt8]
    var revisions: [Int] = []  // controller revision ids
    var currentRevision: Int? = nil
    var updateRevision: Int? = nil
    var pods: [Int: Int] = [:]  // ordinal → pod id
    var claims: [String: Int] = [:]  // pvc name → pvc id
    var rv = 0
    var syncPending = false
    var statusReplicas = 0
    var readyReplicas = 0
    var currentReplicas = 0
    var updatedReplicas = 0
    var availableReplicas = 0
    var statusWritten = false
    var creatorFields: [UInt8] = []
    var humanManagers: [(manager: String, fields: [UInt8], time: Int64, subresource: Bool)] = []
    var statusTime: Int64? = nil
    var selectorLabels: [(String, String)]
    /// Revision names as the last status write showed them.
    var renderedCurrent = ""
    var renderedUpdate = ""

    init(
        slot: Int, namespace: String, name: String, profile: AppProfile, uid: String, created: Int64,
        ordinalStart: Int?, parallel: Bool, replicas: Int, template: PodTemplate
    ) {
        self.slot = slot
        self.namespace = namespace
        self.name = name
        self.profile = profile
        self.uid = uid
        self.created = created
        serviceName = name + "-headless"
        self.ordinalStart = ordinalStart
        self.parallel = parallel
        self.replicas = replicas
        self.template = template
        templateJSON = template.json
        selectorLabels = [("app", profile.name), ("app.kubernetes.io/name", profile.name)]
    }

    var start: Int { ordinalStart ?? 0 }
}

final class DaemonSet {
    let slot: Int
    let namespace: String
    let name: String
    var profile: AppProfile
    let uid: String
    let created: Int64
    var generation = 1
    var observedGeneration = 0
    var templateGeneration = 1
    var template: PodTemplate
    var revisions: [Int] = []
    var currentRevision: Int? = nil
    var podsByNode: [Int: Int] = [:]  // node id → pod id (live, incl. terminating)
    var rv = 0
    var syncPending = false
    var desired = 0
    var current = 0
    var ready = 0
    var updated = 0
    var availableCount = 0
    var unavailable = 0
    var statusWritten = false
    var creatorFields: [UInt8] = []
    var humanManagers: [(manager: String, fields: [UInt8], time: Int64, subresource: Bool)] = []
    var statusTime: Int64? = nil
    var labelsJSON: [UInt8] = []

    init(
        slot: Int, namespace: String, name: String, profile: AppProfile, uid: String, created: Int64,
        template: PodTemplate
    ) {
        self.slot = slot
        self.namespace = namespace
        self.name = name
        self.profile = profile
        self.uid = uid
        self.created = created
        self.template = template
    }
}

final class Claim {
    let id: Int
    let name: String
    let uid: String
    let namespace: String
    let size: String
    let labelsJSON: [UInt8]
    let created: Int64
    let stsSlot: Int
    let ordinal: Int
    var rv = 0
    var provisionerAnnotated = false
    var volumeName: String? = nil
    var bound = false
    var binderTime: Int64? = nil
    var binderStatusTime: Int64? = nil
    var volumeID: Int? = nil

    init(
        id: Int, name: String, uid: String, namespace: String, size: String, labelsJSON: [UInt8], created: Int64,
        stsSlot: Int, ordinal: Int
    ) {
        self.ordinal = ordinal
        self.id = id
        self.name = name
        self.uid = uid
        self.namespace = namespace
        self.size = size
        self.labelsJSON = labelsJSON
        self.created = created
        self.stsSlot = stsSlot
    }
}

final class Volume {
    let id: Int
    let name: String
    let uid: String
    let created: Int64
    let claimID: Int
    let claimName: String
    let claimNamespace: String
    let claimUID: String
    let claimRV: Int
    let size: String
    let zone: String
    let volumeHandle: String
    var rv = 0
    var bound = false
    var phaseTime: Int64
    var binderTime: Int64? = nil

    init(id: Int, name: String, uid: String, created: Int64, claim: Claim, zone: String, volumeHandle: String) {
        self.id = id
        self.name = name
        self.uid = uid
        self.created = created
        claimID = claim.id
        claimName = claim.name
        claimNamespace = claim.namespace
        claimUID = claim.uid
        claimRV = claim.rv
        size = claim.size
        self.zone = zone
        self.volumeHandle = volumeHandle
        phaseTime = created
    }
}
