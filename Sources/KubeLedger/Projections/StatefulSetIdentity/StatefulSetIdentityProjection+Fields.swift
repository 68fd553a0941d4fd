/// The fields of a StatefulSet the identity fold needs.
struct SetFields {
    var name = ""
    var namespace = ""
    var uid = ""
    var finalizers = 0
    var replicas = 1
    var ordinalStart = 0
    var serviceName = ""
    var claimTemplates: [String] = []
    var whenScaled = "Retain"
    var whenDeleted = "Retain"

    static func read(_ body: [UInt8]) -> SetFields? {
        withObjectReader(body) { (r: inout JSONReader) throws(JSONSyntaxError) -> SetFields in
            var f = SetFields()
            try r.readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                switch key {
                case "metadata":
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        switch key {
                        case "name": f.name = try r.pickString() ?? ""
                        case "namespace": f.namespace = try r.pickString() ?? ""
                        case "uid": f.uid = try r.pickString() ?? ""
                        case "finalizers": f.finalizers = try r.countElements()
                        default: try r.skipValue()
                        }
                    }
                case "spec":
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        switch key {
                        case "replicas": f.replicas = try r.pickInt() ?? 1
                        case "serviceName": f.serviceName = try r.pickString() ?? ""
                        case "ordinals":
                            try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                                if key == "start" { f.ordinalStart = try r.pickInt() ?? 0 } else { try r.skipValue() }
                            }
                        case "persistentVolumeClaimRetentionPolicy":
                            try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                                switch key {
                                case "whenScaled": f.whenScaled = try r.pickString() ?? "Retain"
                                case "whenDeleted": f.whenDeleted = try r.pickString() ?? "Retain"
                                default: try r.skipValue()
                                }
                            }
                        case "volumeClaimTemplates":
                            try r.forEachElement { (r: inout JSONReader) throws(JSONSyntaxError) in
                                try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                                    guard key == "metadata" else { return try r.skipValue() }
                                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                                        if key == "name", let n = try r.pickString() {
                                            f.claimTemplates.append(n)
                                        } else {
                                            try r.skipValue()
                                        }
                                    }
                                }
                            }
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

/// The fields of a PersistentVolumeClaim or PersistentVolume the identity fold needs.
struct StorageFields {
    var name = ""
    var namespace = ""
    var uid = ""
    var finalizers = 0
    var deletionTimestamp: String?
    var volumeName = ""
    var claimNamespace = ""
    var claimName = ""
    var claimUID = ""
    var phase = ""
    var reclaimPolicy = ""
    /// The uid of the Pod named in `metadata.ownerReferences` (a claim a retention policy ties
    /// to its pod), empty when none.
    var ownerPodUID = ""

    static func read(_ body: [UInt8]) -> StorageFields? {
        withObjectReader(body) { (r: inout JSONReader) throws(JSONSyntaxError) -> StorageFields in
            var f = StorageFields()
            try r.readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                switch key {
                case "metadata":
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        switch key {
                        case "name": f.name = try r.pickString() ?? ""
                        case "namespace": f.namespace = try r.pickString() ?? ""
                        case "uid": f.uid = try r.pickString() ?? ""
                        case "finalizers": f.finalizers = try r.countElements()
                        case "deletionTimestamp": f.deletionTimestamp = try r.pickString()
                        case "ownerReferences":
                            try r.forEachElement { (r: inout JSONReader) throws(JSONSyntaxError) in
                                var kind = ""
                                var uid = ""
                                try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                                    switch key {
                                    case "kind": kind = try r.pickString() ?? ""
                                    case "uid": uid = try r.pickString() ?? ""
                                    default: try r.skipValue()
                                    }
                                }
                                if kind == "Pod" && f.ownerPodUID.isEmpty { f.ownerPodUID = uid }
                            }
                        default: try r.skipValue()
                        }
                    }
                case "spec":
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        switch key {
                        case "volumeName": f.volumeName = try r.pickString() ?? ""
                        case "persistentVolumeReclaimPolicy": f.reclaimPolicy = try r.pickString() ?? ""
                        case "claimRef":
                            try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                                switch key {
                                case "namespace": f.claimNamespace = try r.pickString() ?? ""
                                case "name": f.claimName = try r.pickString() ?? ""
                                case "uid": f.claimUID = try r.pickString() ?? ""
                                default: try r.skipValue()
                                }
                            }
                        default: try r.skipValue()
                        }
                    }
                case "status":
                    try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                        if key == "phase" { f.phase = try r.pickString() ?? "" } else { try r.skipValue() }
                    }
                default: try r.skipValue()
                }
            }
            return f
        }
    }
}
