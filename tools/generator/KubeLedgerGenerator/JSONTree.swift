// A small JSON tree for the parts of objects that are built once and rendered many times (pod
// templates, their managedFields). A tree renders to a `Fragment`: bytes with holes that are filled
// per object (the pod's node name, its service-account volume name…).

/// A place in a pre-rendered fragment that is filled per object.
enum Hole: Sendable {
    /// The 5-character suffix of `kube-api-access-…` (inside a string).
    case apiAccessSuffix
    /// `,"hostname":"…"` for StatefulSet pods, or nothing.
    case hostnameField
    /// `,"nodeName":"…"` once bound, or nothing.
    case nodeNameField
    /// `,"subdomain":"…"` for StatefulSet pods, or nothing.
    case subdomainField
    /// The DaemonSet pod's node affinity value.
    case daemonAffinity
    /// `{…},` for each PVC volume of a StatefulSet pod (first items of `volumes`).
    case claimVolumeItems
}

/// JSON value with sorted object keys (as `kubectl get -o json` prints objects).
indirect enum J {
    case object([(String, J)])
    case array([J])
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    /// A value filled per object.
    case hole(Hole)
    /// A string whose end is filled per object: `"prefix…"`.
    case stringWithHole(String, Hole)
    /// Only for FieldsV1: this member's pre-rendered field set.
    case presetFields([UInt8])
    /// An object member filled per object: the filler writes `,"key":value` or nothing. Must not
    /// be an object's first member.
    case optionalMember(Hole)
    /// Array items filled per object: the filler writes `item,` for each. Must be the first item
    /// and followed by at least one item.
    case leadingItems(Hole)

    /// An object with its members sorted by key (byte order, as Go's encoding/json sorts maps).
    static func obj(_ members: [(String, J)]) -> J {
        .object(members.sorted { a, b in a.0.utf8.lexicographicallyPrecedes(b.0.utf8) })
    }

    /// An object from optional members (nil values dropped), sorted.
    static func obj(_ members: [(String, J?)]) -> J {
        obj(members.compactMap { key, value in value.map { (key, $0) } })
    }

    /// A string map as an object.
    static func map(_ pairs: [(String, String)]) -> J {
        obj(pairs.map { ($0.0, J.string($0.1)) })
    }

    static func strings(_ items: [String]) -> J {
        .array(items.map { .string($0) })
    }

    /// The member `key` of an object.
    subscript(key: String) -> J? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }
}

/// Pre-rendered bytes with holes: `pieces[0] hole[0] pieces[1] … hole[n-1] pieces[n]`.
struct Fragment {
    var pieces: [[UInt8]] = [[]]
    var holes: [Hole] = []

    /// Appends the fragment, asking `fill` for each hole.
    @inline(__always)
    func write(into out: inout [UInt8], _ fill: (Hole, inout [UInt8]) -> Void) {
        for index in 0..<holes.count {
            out.append(contentsOf: pieces[index])
            fill(holes[index], &out)
        }
        out.append(contentsOf: pieces[holes.count])
    }

    /// The bytes of a fragment without holes.
    var bytes: [UInt8] {
        precondition(holes.isEmpty)
        return pieces[0]
    }
}

/// Builds fragments.
struct FragmentBuilder {
    var fragment = Fragment()

    private var current: [UInt8] = []

    mutating func raw(_ text: StaticString) {
        current.raw(text)
    }

    mutating func append(_ bytes: [UInt8]) {
        current.append(contentsOf: bytes)
    }

    /// The finished fragment.
    mutating func finish() -> Fragment {
        fragment.pieces[fragment.pieces.count - 1] = current
        current = []
        return fragment
    }

    mutating func hole(_ hole: Hole) {
        fragment.pieces[fragment.pieces.count - 1] = current
        current = []
        fragment.holes.append(hole)
        fragment.pieces.append([])
    }

    mutating func value(_ value: J) {
        switch value {
        case .object(let members):
            raw("{")
            var first = true
            for (key, member) in members {
                if case .optionalMember(let h) = member {
                    precondition(!first, "an optional member cannot come first")
                    hole(h)
                    continue
                }
                if !first { raw(",") }
                first = false
                current.string(key)
                raw(":")
                self.value(member)
            }
            raw("}")
        case .array(let items):
            raw("[")
            var first = true
            for item in items {
                if case .leadingItems(let h) = item {
                    hole(h)
                    continue
                }
                if !first { raw(",") }
                first = false
                self.value(item)
            }
            raw("]")
        case .string(let text):
            current.string(text)
        case .int(let number):
            current.int(number)
        case .bool(let flag):
            raw(flag ? "true" : "false")
        case .null:
            raw("null")
        case .hole(let h):
            hole(h)
        case .stringWithHole(let prefix, let h):
            raw("\"")
            current.escaped(prefix)
            hole(h)
            raw("\"")
        case .optionalMember, .leadingItems, .presetFields:
            preconditionFailure("hole in the wrong place")
        }
    }
}

extension J {
    /// Renders to a fragment.
    var fragment: Fragment {
        var builder = FragmentBuilder()
        builder.value(self)
        return builder.finish()
    }

    /// Renders to bytes (the tree must have no holes).
    var bytes: [UInt8] {
        fragment.bytes
    }

}

// MARK: - managedFields (FieldsV1)

extension J {
    /// The FieldsV1 set a manager owns when it wrote this whole object (`f:` for fields, `k:` for
    /// list items with merge keys, `.` for a field owned as a whole), rendered. Holes count as leaves.
    func fieldSetBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        J.appendFields(key: "", value: self, structural: true, into: &out)
        return out
    }

    /// The FieldsV1 of the member `key` whose value is `value`, rendered.
    static func fieldsBytes(key: String, value: J) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        appendFields(key: key, value: value, structural: structural.contains(key), into: &out)
        return out
    }

    private static let structural: Set<String> = ["metadata", "spec", "status", "template", "strategy", "data"]

    private static func mergeKeys(_ field: String) -> [String]? {
        switch field {
        case "containers", "initContainers", "env", "volumes", "imagePullSecrets": ["name"]
        case "ports": ["containerPort", "protocol"]
        case "volumeMounts": ["mountPath"]
        case "conditions": ["type"]
        case "ownerReferences": ["uid"]
        case "podIPs", "hostIPs": ["ip"]
        default: nil
        }
    }

    private static func appendFields(key: String, value: J, structural: Bool, into out: inout [UInt8]) {
        switch value {
        case .object(let members):
            if members.isEmpty {
                out.raw("{}")
                return
            }
            out.append(0x7B)
            var first = true
            if !structural {
                out.raw("\".\":{}")
                first = false
            }
            for (childKey, child) in members {
                if case .optionalMember = child { continue }
                if !first { out.append(0x2C) }
                first = false
                out.raw("\"f:")
                out.escaped(childKey)
                out.raw("\":")
                appendFields(key: childKey, value: child, structural: Self.structural.contains(childKey), into: &out)
            }
            out.append(0x7D)
        case .array(let items):
            guard let keys = mergeKeys(key), !items.isEmpty else {
                out.raw("{}")
                return
            }
            var entries: [(String, J)] = []
            for item in items {
                guard case .object = item else { continue }
                var keyJSON: [UInt8] = [0x6B, 0x3A, 0x7B]  // k:{
                var firstKey = true
                for k in keys {
                    guard let v = item[k] else { continue }
                    if !firstKey { keyJSON.append(0x2C) }
                    firstKey = false
                    keyJSON.string(k)
                    keyJSON.append(0x3A)
                    switch v {
                    case .string(let s): keyJSON.string(s)
                    case .int(let n): keyJSON.int(n)
                    default: keyJSON.raw("null")
                    }
                }
                keyJSON.append(0x7D)
                entries.append((String(decoding: keyJSON, as: UTF8.self), item))
            }
            entries.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            out.raw("{\".\":{}")
            for (entryKey, item) in entries {
                out.raw(",")
                out.string(entryKey)
                out.append(0x3A)
                appendFields(key: "", value: item, structural: false, into: &out)
            }
            out.append(0x7D)
        case .presetFields(let bytes):
            out.append(contentsOf: bytes)
        default:
            out.raw("{}")
        }
    }
}

/// One managedFields entry, rendered:
/// `{"apiVersion":…,"fieldsType":"FieldsV1","fieldsV1":…,"manager":…,`
/// `"operation":…,"subresource":…,"time":…}`.
func appendManagedEntry(
    _ out: inout [UInt8], apiVersion: StaticString, fields: [UInt8], manager: String,
    operation: StaticString = "Update", subresource: StaticString? = nil, time: Int64
) {
    out.raw("{\"apiVersion\":\"")
    out.raw(apiVersion)
    out.raw("\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":")
    out.append(contentsOf: fields)
    out.raw(",\"manager\":")
    out.string(manager)
    out.raw(",\"operation\":\"")
    out.raw(operation)
    if let subresource {
        out.raw("\",\"subresource\":\"")
        out.raw(subresource)
    }
    out.raw("\",\"time\":")
    out.quotedTimestamp(time)
    out.append(0x7D)
}
