/// The fields of a Deployment, StatefulSet or DaemonSet the rollout fold needs.
struct WorkloadFields {
    var name = ""
    var namespace = ""
    var uid = ""
    var generation: Int?
    var finalizers = 0
    var changeCause: String?
    var revisionAnnotation: String?
    /// The byte range of `spec.template` in the body.
    var rawTemplate: Range<Int>?
    var paused = false
    var observedGeneration: Int?
    var updateRevision: String?

    static func read(_ body: [UInt8]) -> WorkloadFields? {
        withObjectReader(body) { (r: inout JSONReader) throws(JSONSyntaxError) -> WorkloadFields in
            var f = WorkloadFields()
            try r.readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                switch key {
                case "metadata":
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        switch key {
                        case "name": f.name = try r.pickString() ?? ""
                        case "namespace": f.namespace = try r.pickString() ?? ""
                        case "uid": f.uid = try r.pickString() ?? ""
                        case "generation": f.generation = try r.pickInt()
                        case "finalizers": f.finalizers = try r.countElements()
                        case "annotations":
                            try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                                switch key {
                                case "kubernetes.io/change-cause": f.changeCause = try r.pickString()
                                case "deployment.kubernetes.io/revision": f.revisionAnnotation = try r.pickString()
                                default: try r.skipValue()
                                }
                            }
                        default: try r.skipValue()
                        }
                    }
                case "spec":
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        switch key {
                        case "template": f.rawTemplate = try r.captureValue()
                        case "paused": f.paused = try r.pickBool() ?? false
                        default: try r.skipValue()
                        }
                    }
                case "status":
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        switch key {
                        case "observedGeneration": f.observedGeneration = try r.pickInt()
                        case "updateRevision": f.updateRevision = try r.pickString()
                        default: try r.skipValue()
                        }
                    }
                default: try r.skipValue()
                }
            }
            return f
        }
    }
}

/// The fields of a ReplicaSet or ControllerRevision the rollout fold needs.
struct OwnedFields {
    var name = ""
    var namespace = ""
    var owner: OwnerRef?
    var finalizers = 0
    var hash: String?
    var revision: Int?
    var revisionHistory: [Int] = []
    var changeCause: String?
    /// The byte range of `spec.template` (ReplicaSet) or `data.spec.template`
    /// (ControllerRevision) in the body.
    var rawTemplate: Range<Int>?
    /// spec.replicas, status.replicas, readyReplicas, availableReplicas (ReplicaSets).
    var counts: (Int, Int, Int, Int)?

    static func read(_ body: [UInt8], isControllerRevision: Bool) -> OwnedFields? {
        withObjectReader(body) { (r: inout JSONReader) throws(JSONSyntaxError) -> OwnedFields in
            var f = OwnedFields()
            var specReplicas: Int?
            var status: (Int, Int, Int)?
            var labelHash: String?
            try r.readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                switch key {
                case "metadata":
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        switch key {
                        case "name": f.name = try r.pickString() ?? ""
                        case "namespace": f.namespace = try r.pickString() ?? ""
                        case "finalizers": f.finalizers = try r.countElements()
                        case "ownerReferences": f.owner = try OwnerRef.pickController(&r)
                        case "labels":
                            try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                                switch key {
                                case "pod-template-hash", "controller.kubernetes.io/hash", "controller-revision-hash":
                                    if let v = try r.pickString(), labelHash == nil || key == "pod-template-hash" {
                                        labelHash = v
                                    }
                                default: try r.skipValue()
                                }
                            }
                        case "annotations":
                            try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                                switch key {
                                case "kubernetes.io/change-cause": f.changeCause = try r.pickString()
                                case "deployment.kubernetes.io/revision":
                                    if !isControllerRevision {
                                        f.revision = try r.pickString().flatMap { Int($0) }
                                    } else {
                                        try r.skipValue()
                                    }
                                case "deployment.kubernetes.io/revision-history":
                                    f.revisionHistory = (try r.pickString() ?? "").split(separator: ",").compactMap {
                                        Int($0.trimmingCharacters(in: " "))
                                    }
                                default: try r.skipValue()
                                }
                            }
                        default: try r.skipValue()
                        }
                    }
                case "revision" where isControllerRevision: f.revision = try r.pickInt()
                case "data" where isControllerRevision:
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        guard key == "spec" else { return try r.skipValue() }
                        try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                            if key == "template" { f.rawTemplate = try r.captureValue() } else { try r.skipValue() }
                        }
                    }
                case "spec" where !isControllerRevision:
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        switch key {
                        case "template": f.rawTemplate = try r.captureValue()
                        case "replicas": specReplicas = try r.pickInt()
                        default: try r.skipValue()
                        }
                    }
                case "status" where !isControllerRevision:
                    var s = (0, 0, 0)
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        switch key {
                        case "replicas": s.0 = try r.pickInt() ?? 0
                        case "readyReplicas": s.1 = try r.pickInt() ?? 0
                        case "availableReplicas": s.2 = try r.pickInt() ?? 0
                        default: try r.skipValue()
                        }
                    }
                    status = s
                default: try r.skipValue()
                }
            }
            f.hash = labelHash
            if !isControllerRevision, specReplicas != nil || status != nil {
                let s = status ?? (0, 0, 0)
                f.counts = (specReplicas ?? 1, s.0, s.1, s.2)
            }
            return f
        }
    }
}

extension JSONReader {
    /// Counts the elements of the array at the reader (0 for any other value).
    mutating func countElements() throws(JSONSyntaxError) -> Int {
        var n = 0
        try forEachElement { (r: inout JSONReader) throws(JSONSyntaxError) in
            try r.skipValue()
            n += 1
        }
        return n
    }
}

extension Substring {
    func trimmingCharacters(in c: Character) -> Substring {
        var s = self
        while s.first == c { s = s.dropFirst() }
        while s.last == c { s = s.dropLast() }
        return s
    }
}
