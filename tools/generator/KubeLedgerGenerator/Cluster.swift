// The discrete-event simulation: a time-ordered queue of tasks (a human's change, a controller's
// sync, a kubelet's status report…); running a task mutates the live model and emits the API
// requests it makes, in order.

enum Task {
    case nodeJoin
    case nodeAssignCIDR(Int)
    case nodeKubeletReady(Int)
    case nodeUntaint(Int)
    case nodeHeartbeat(Int)
    case nodeFail(Int)
    case nodeMarkUnreachable(Int)
    case nodeEvict(Int)
    case nodeRecover(Int)
    case nodeDelete(Int)
    case deploymentHuman(Int)
    case deploymentSync(Int)
    case garbageCollectReplicaSet(Int)
    case replicaSetSync(Int)
    case statefulSetHuman(Int)
    case statefulSetSync(Int)
    case daemonSetHuman(Int)
    case daemonSetSync(Int)
    case podSchedule(Int)
    case podKubelet(Int, Int)  // pod id, incarnation
    case podCrash(Int, Int)
    case podTerminate(Int)
    case podFinalDelete(Int)
    case claimAnnotate(Int)
    case claimProvision(Int)
    case claimBind(Int)
}

struct ScheduledTask {
    var time: Int64
    var seq: UInt64
    var task: Task

    @inline(__always)
    func before(_ other: ScheduledTask) -> Bool {
        time < other.time || (time == other.time && seq < other.seq)
    }
}

/// A binary min-heap of tasks ordered by (time, insertion order).
struct TaskQueue {
    private var heap: [ScheduledTask] = []

    mutating func push(_ item: ScheduledTask) {
        heap.append(item)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if heap[child].before(heap[parent]) {
                heap.swapAt(child, parent)
                child = parent
            } else {
                break
            }
        }
    }

    mutating func pop() -> ScheduledTask? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            let count = heap.count
            while true {
                let left = 2 * parent + 1
                if left >= count { break }
                var smallest = left
                let right = left + 1
                if right < count && heap[right].before(heap[left]) { smallest = right }
                if heap[smallest].before(heap[parent]) {
                    heap.swapAt(smallest, parent)
                    parent = smallest
                } else {
                    break
                }
            }
        }
        return top
    }
}

let zones = ["us-east-1a", "us-east-1b", "us-east-1c"]

final class Cluster {
    let options: GeneratorOptions
    var rng: SeededRandom
    let actors = Actors()
    var queue = TaskQueue()
    var seq: UInt64 = 0
    var now: Int64
    var lastStamp: Int64
    var resourceVersion: Int
    var out: [GeneratedEvent] = []
    var outHead = 0
    var nextID = 1

    var namespaces: [String] = []
    var nodes: [Int: Node] = [:]
    var nodeOrder: [Int] = []  // live node ids, in join order
    var nodesJoined = 0
    var deployments: [Deployment] = []
    var replicaSets: [Int: ReplicaSet] = [:]
    var statefulSets: [StatefulSet?] = []
    var daemonSets: [DaemonSet?] = []
    var revisions: [Int: ControllerRevision] = [:]
    var pods: [Int: Pod] = [:]
    var claims: [Int: Claim] = [:]
    var volumes: [Int: Volume] = [:]
    /// Size of the last object of each kind, to size the next buffer.
    var sizeHint: [Int] = Array(repeating: 2048, count: 10)

    init(options: GeneratorOptions) {
        self.options = options
        rng = SeededRandom(seed: options.seed)
        now = options.start
        lastStamp = options.start - 1000
        resourceVersion = options.firstResourceVersion - 1
        setUp()
    }

    // MARK: - Scheduling and time

    func schedule(_ task: Task, after delay: Int64) {
        seq &+= 1
        queue.push(ScheduledTask(time: now + max(0, delay), seq: seq, task: task))
    }

    /// The time of the next write: after the previous one (an API round trip later), never before
    /// the current task's time; whole microseconds.
    func stamp() -> Int64 {
        let gap = Int64(250 + rng.below(2_500)) * 1000
        var t = max(now, lastStamp + gap)
        t -= t % 1000
        if t <= lastStamp { t = lastStamp + 1000 }
        lastStamp = t
        now = t
        return t
    }

    func nextRV() -> Int {
        resourceVersion += 1
        return resourceVersion
    }

    func newID() -> Int {
        nextID += 1
        return nextID
    }

    func ms(_ low: Int, _ high: Int) -> Int64 {
        Int64(rng.int(low...high)) * 1_000_000
    }

    func sec(_ low: Double, _ high: Double) -> Int64 {
        rng.seconds(low, high)
    }

    /// Runs tasks until at least one event is available; nil only if the simulation stopped.
    func nextEvent() -> GeneratedEvent? {
        while outHead >= out.count {
            out.removeAll(keepingCapacity: true)
            outHead = 0
            guard let next = queue.pop() else { return nil }
            now = max(next.time, lastStamp)
            run(next.task)
        }
        let event = out[outHead]
        out[outHead].object = []  // release the bytes early
        outHead += 1
        return event
    }

    private func run(_ task: Task) {
        switch task {
        case .nodeJoin: nodeJoin()
        case .nodeAssignCIDR(let id): nodeAssignCIDR(id)
        case .nodeKubeletReady(let id): nodeKubeletReady(id)
        case .nodeUntaint(let id): nodeUntaint(id)
        case .nodeHeartbeat(let id): nodeHeartbeat(id)
        case .nodeFail(let id): nodeFail(id)
        case .nodeMarkUnreachable(let id): nodeMarkUnreachable(id)
        case .nodeEvict(let id): nodeEvict(id)
        case .nodeRecover(let id): nodeRecover(id)
        case .nodeDelete(let id): nodeDelete(id)
        case .deploymentHuman(let slot): deploymentHuman(slot)
        case .deploymentSync(let slot): deploymentSync(slot)
        case .garbageCollectReplicaSet(let id): garbageCollectReplicaSet(id)
        case .replicaSetSync(let id): replicaSetSync(id)
        case .statefulSetHuman(let slot): statefulSetHuman(slot)
        case .statefulSetSync(let slot): statefulSetSync(slot)
        case .daemonSetHuman(let slot): daemonSetHuman(slot)
        case .daemonSetSync(let slot): daemonSetSync(slot)
        case .podSchedule(let id): podSchedule(id)
        case .podKubelet(let id, let incarnation): podKubelet(id, incarnation)
        case .podCrash(let id, let incarnation): podCrash(id, incarnation)
        case .podTerminate(let id): podTerminate(id)
        case .podFinalDelete(let id): podFinalDelete(id)
        case .claimAnnotate(let id): claimAnnotate(id)
        case .claimProvision(let id): claimProvision(id)
        case .claimBind(let id): claimBind(id)
        }
    }

    // MARK: - Emitting

    /// Appends one event. `object` is the object after the request, rendered with `rv`.
    func emit(
        _ verb: String, _ subresource: String? = nil, actor: Actor, apiVersion: String, kind: String,
        namespace: String?, name: String, uid: String, rv: Int, time: Int64, object: [UInt8],
        request: [UInt8]? = nil, generatedName: Bool = false, fieldManager: String? = nil
    ) {
        out.append(
            GeneratedEvent(
                verb: verb, subresource: subresource, occurredAtNanos: time, actor: actor.name,
                groups: actor.groups, userAgent: actor.userAgent, sourceIP: actor.ip,
                apiVersion: apiVersion, kind: kind, namespace: namespace, name: name, uid: uid,
                resourceVersion: String(rv), auditID: auditID(rv), object: object,
                requestObject: request, generatedName: generatedName, fieldManager: fieldManager))
    }

    /// A UUID-shaped id derived from the seed and the resourceVersion: stable and unique.
    func auditID(_ rv: Int) -> String {
        let key = mix64(options.seed) ^ UInt64(truncatingIfNeeded: rv)
        return uuidString(mix64(key), mix64(key ^ 0xA5A5_A5A5_5A5A_5A5A))
    }

    func human() -> Actor {
        // Alice and the CI deployer do most of the changes.
        let roll = rng.below(10)
        switch roll {
        case 0..<4: return actors.humans[0]
        case 4..<6: return actors.humans[1]
        case 6: return actors.humans[2]
        default: return actors.humans[3]
        }
    }

    // MARK: - Set-up

    private func setUp() {
        for index in 0..<max(1, options.namespaces) {
            namespaces.append(
                index < Catalog.namespaceNames.count ? Catalog.namespaceNames[index] : "team-" + String(index + 1))
        }
        for index in 0..<max(1, options.nodes) {
            schedule(.nodeJoin, after: Int64(index) * sec(1.5, 4))
        }
        let apps = Catalog.deploymentApps
        let scale = replicaScale(apps)
        for slot in 0..<max(0, options.deployments) {
            var profile = apps[slot % apps.count]
            if scale != 1 {
                let r = profile.replicas
                profile.replicas = max(1, Int((Double(r.lowerBound) * scale).rounded()))...max(
                    1, Int((Double(r.upperBound) * scale).rounded()))
            }
            let round = slot / apps.count
            let name = round == 0 ? profile.name : profile.name + "-" + String(round + 1)
            let namespace = namespaces[(slot + round) % namespaces.count]
            for _ in 0..<rng.below(4) { profile.version.bump(&rng) }
            let template = PodTemplate(
                kind: .deployment, name: name, profile: profile, params: TemplateParams(version: profile.version),
                namespace: namespace)
            deployments.append(
                Deployment(slot: slot, namespace: namespace, name: name, profile: profile, template: template))
            schedule(.deploymentHuman(slot), after: sec(60, 60 + 30 * Double(min(options.deployments, 40))))
        }
        statefulSets = Array(repeating: nil, count: max(0, options.statefulSets))
        for slot in 0..<statefulSets.count {
            schedule(.statefulSetHuman(slot), after: sec(45, 45 + 30 * Double(min(options.statefulSets, 20))))
        }
        daemonSets = Array(repeating: nil, count: max(0, options.daemonSets))
        for slot in 0..<daemonSets.count {
            schedule(.daemonSetHuman(slot), after: sec(20, 40) + Int64(slot) * 5_000_000_000)
        }
    }

    /// The factor on the Deployments' replica ranges that makes about ``GeneratorOptions/livePods``
    /// pods live: the pods still wanted after the DaemonSets' (one per node) and the StatefulSets'
    /// (three on average), over the Deployments' mean replica counts. 1 without `livePods`.
    private func replicaScale(_ apps: [AppProfile]) -> Double {
        guard let target = options.livePods, options.deployments > 0, !apps.isEmpty else { return 1 }
        let others = max(0, options.daemonSets) * max(1, options.nodes) + 3 * max(0, options.statefulSets)
        var mean = 0.0
        for slot in 0..<options.deployments {
            let r = apps[slot % apps.count].replicas
            mean += Double(r.lowerBound + r.upperBound) / 2
        }
        return max(Double(target - others), 1) / mean
    }

    /// The delay until a workload's next human change.
    func nextChange(_ factor: Double = 1) -> Int64 {
        rng.exponential(meanSeconds: max(1, options.meanSecondsBetweenChanges * factor))
    }
}
