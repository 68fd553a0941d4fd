public import Ledger

/// The fields of a Pod that the Pods projection and kubectl's pod printer use, picked from the
/// JSON without building a tree.
public struct PodSummary: Sendable, Hashable {
    /// One container status (`status.containerStatuses[]` or `initContainerStatuses[]`).
    public struct ContainerStatus: Sendable, Hashable {
        public var name = ""
        public var restartCount = 0
        public var ready = false
        public var started: Bool?
        public var waitingReason: String?
        public var running = false
        public var terminated = false
        public var terminatedReason = ""
        public var terminatedExitCode = 0
        public var terminatedSignal = 0
        /// `lastState.terminated.finishedAt`.
        public var lastTerminatedAt: String?
    }

    public var name = ""
    public var namespace = ""
    public var uid = ""
    public var creationTimestamp: String?
    public var deletionTimestamp: String?
    public var deletionGracePeriodSeconds: Int?
    public var finalizerCount = 0
    public var labels: [String: String] = [:]
    var owner: OwnerRef?
    public var nodeName = ""
    public var hostname = ""
    public var subdomain = ""
    public var containerCount = 0
    /// Init containers: name and whether it is restartable (a sidecar, `restartPolicy: Always`).
    public var initContainers: [(name: String, restartable: Bool)] = []
    public var readinessGates: [String] = []
    /// Claim names of `persistentVolumeClaim` volumes.
    public var claimNames: [String] = []
    public var phase = ""
    public var reason = ""
    public var podIP = ""
    public var nominatedNodeName = ""
    /// Conditions: type, status, reason.
    public var conditions: [(type: String, status: String, reason: String)] = []
    public var initContainerStatuses: [ContainerStatus] = []
    public var containerStatuses: [ContainerStatus] = []

    public init() {}

    /// The controller owner's kind, if any.
    public var ownerKind: String? { owner?.kind }
    /// The controller owner's name, if any.
    public var ownerName: String? { owner?.name }
    /// The controller owner's uid, if any.
    public var ownerUID: String? { owner?.uid }

    public static func == (a: PodSummary, b: PodSummary) -> Bool {
        a.uid == b.uid && a.name == b.name && a.namespace == b.namespace && a.phase == b.phase
    }

    public func hash(into h: inout Hasher) {
        h.combine(uid)
        h.combine(name)
    }

    /// Picks the fields from a Pod's JSON bytes; `nil` when the bytes are not a JSON object.
    public init?(json: [UInt8]) {
        guard
            let s = withObjectReader(
                json,
                { (r: inout JSONReader) throws(JSONSyntaxError) -> PodSummary in
                    var s = PodSummary()
                    try s.read(&r)
                    return s
                })
        else { return nil }
        self = s
    }

    /// Picks the fields from a Pod as a tree.
    public init?(_ object: JSONValue) {
        self.init(json: JSONWriter().bytes(object))
    }

    mutating func read(_ r: inout JSONReader) throws(JSONSyntaxError) {
        try r.readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
            switch key {
            case "metadata": try readMetadata(&r)
            case "spec": try readSpec(&r)
            case "status": try readStatus(&r)
            default: try r.skipValue()
            }
        }
    }

    private mutating func readMetadata(_ r: inout JSONReader) throws(JSONSyntaxError) {
        try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
            switch key {
            case "name": name = try r.pickString() ?? ""
            case "namespace": namespace = try r.pickString() ?? ""
            case "uid": uid = try r.pickString() ?? ""
            case "creationTimestamp": creationTimestamp = try r.pickString()
            case "deletionTimestamp": deletionTimestamp = try r.pickString()
            case "deletionGracePeriodSeconds": deletionGracePeriodSeconds = try r.pickInt()
            case "finalizers":
                var n = 0
                try r.forEachElement { (r: inout JSONReader) throws(JSONSyntaxError) in
                    try r.skipValue()
                    n += 1
                }
                finalizerCount = n
            case "labels": labels = try r.pickStringMap()
            case "ownerReferences": owner = try OwnerRef.pickController(&r)
            default: try r.skipValue()
            }
        }
    }

    private mutating func readSpec(_ r: inout JSONReader) throws(JSONSyntaxError) {
        try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
            switch key {
            case "nodeName": nodeName = try r.pickString() ?? ""
            case "hostname": hostname = try r.pickString() ?? ""
            case "subdomain": subdomain = try r.pickString() ?? ""
            case "containers":
                var n = 0
                try r.forEachElement { (r: inout JSONReader) throws(JSONSyntaxError) in
                    try r.skipValue()
                    n += 1
                }
                containerCount = n
            case "initContainers":
                try r.forEachElement { (r: inout JSONReader) throws(JSONSyntaxError) in
                    var name = ""
                    var restartable = false
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        switch key {
                        case "name": name = try r.pickString() ?? ""
                        case "restartPolicy": restartable = try r.pickString() == "Always"
                        default: try r.skipValue()
                        }
                    }
                    initContainers.append((name, restartable))
                }
            case "readinessGates":
                try r.forEachElement { (r: inout JSONReader) throws(JSONSyntaxError) in
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        if key == "conditionType", let t = try r.pickString() {
                            readinessGates.append(t)
                        } else {
                            try r.skipValue()
                        }
                    }
                }
            case "volumes":
                try r.forEachElement { (r: inout JSONReader) throws(JSONSyntaxError) in
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        guard key == "persistentVolumeClaim" else { return try r.skipValue() }
                        try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                            if key == "claimName", let c = try r.pickString() {
                                claimNames.append(c)
                            } else {
                                try r.skipValue()
                            }
                        }
                    }
                }
            default: try r.skipValue()
            }
        }
    }

    private mutating func readStatus(_ r: inout JSONReader) throws(JSONSyntaxError) {
        var firstPodIP: String?
        try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
            switch key {
            case "phase": phase = try r.pickString() ?? ""
            case "reason": reason = try r.pickString() ?? ""
            case "podIP": podIP = try r.pickString() ?? ""
            case "podIPs":
                try r.forEachElement { (r: inout JSONReader) throws(JSONSyntaxError) in
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        if key == "ip", firstPodIP == nil { firstPodIP = try r.pickString() } else { try r.skipValue() }
                    }
                }
            case "nominatedNodeName": nominatedNodeName = try r.pickString() ?? ""
            case "conditions":
                try r.forEachElement { (r: inout JSONReader) throws(JSONSyntaxError) in
                    var t = ""
                    var st = ""
                    var reason = ""
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        switch key {
                        case "type": t = try r.pickString() ?? ""
                        case "status": st = try r.pickString() ?? ""
                        case "reason": reason = try r.pickString() ?? ""
                        default: try r.skipValue()
                        }
                    }
                    conditions.append((t, st, reason))
                }
            case "containerStatuses": containerStatuses = try Self.readContainerStatuses(&r)
            case "initContainerStatuses": initContainerStatuses = try Self.readContainerStatuses(&r)
            default: try r.skipValue()
            }
        }
        if let firstPodIP, !firstPodIP.isEmpty { podIP = firstPodIP }
    }

    private static func readContainerStatuses(_ r: inout JSONReader) throws(JSONSyntaxError) -> [ContainerStatus] {
        var out: [ContainerStatus] = []
        try r.forEachElement { (r: inout JSONReader) throws(JSONSyntaxError) in
            var c = ContainerStatus()
            try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                switch key {
                case "name": c.name = try r.pickString() ?? ""
                case "restartCount": c.restartCount = try r.pickInt() ?? 0
                case "ready": c.ready = try r.pickBool() ?? false
                case "started": c.started = try r.pickBool()
                case "state":
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        switch key {
                        case "waiting":
                            var reason = ""
                            let isObject = r.peekObject
                            try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                                if key == "reason" { reason = try r.pickString() ?? "" } else { try r.skipValue() }
                            }
                            if isObject { c.waitingReason = reason }
                        case "running": c.running = try r.pickPresent()
                        case "terminated":
                            c.terminated = r.peekObject
                            try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                                switch key {
                                case "reason": c.terminatedReason = try r.pickString() ?? ""
                                case "exitCode": c.terminatedExitCode = try r.pickInt() ?? 0
                                case "signal": c.terminatedSignal = try r.pickInt() ?? 0
                                default: try r.skipValue()
                                }
                            }
                        default: try r.skipValue()
                        }
                    }
                case "lastState":
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        guard key == "terminated" else { return try r.skipValue() }
                        var finished: String?
                        let isObject = r.peekObject
                        try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                            if key == "finishedAt" { finished = try r.pickString() } else { try r.skipValue() }
                        }
                        if isObject { c.lastTerminatedAt = finished ?? "" }
                    }
                default: try r.skipValue()
                }
            }
            out.append(c)
        }
        return out
    }
}

extension JSONReader {
    /// Whether the next value is an object.
    var peekObject: Bool {
        mutating get {
            skipWhitespace()
            return peek == UInt8(ascii: "{")
        }
    }
}
