/// Which object an event is about.
public struct ObjectReference: Sendable, Hashable, Codable {
    /// `group/version`, or `version` for the core group (`apps/v1`, `v1`).
    public var apiVersion: String
    /// The kind (`Deployment`).
    public var kind: String
    /// The namespace; empty for cluster-scoped objects.
    public var namespace: String
    /// The name.
    public var name: String
    /// The uid; empty when unknown.
    public var uid: String

    public init(apiVersion: String, kind: String, namespace: String = "", name: String, uid: String = "") {
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
    }

    /// The API group: the part of ``apiVersion`` before `/`, empty for the core group.
    public var group: String {
        guard let slash = apiVersion.firstIndex(of: "/") else { return "" }
        return String(apiVersion[..<slash])
    }

    /// The identity of the object across versions and generations: group, kind, namespace, name.
    public var key: ObjectKey { ObjectKey(group: group, kind: kind, namespace: namespace, name: name) }
}

/// The identity of an object in the log: `group/kind`, namespace and name (not the version, not
/// the uid), so a Deployment read as `apps/v1` or `extensions/v1beta1` is one object, and a
/// delete then re-create continues the same history.
public struct ObjectKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var group: String
    public var kind: String
    public var namespace: String
    public var name: String

    public init(group: String, kind: String, namespace: String, name: String) {
        self.group = group
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `group/kind` (`apps/Deployment`, `/Pod` for the core group).
    public var groupKind: String { "\(group)/\(kind)" }

    /// `Kind/namespace/name` or `Kind/name`.
    public var description: String {
        namespace.isEmpty ? "\(kind)/\(name)" : "\(kind)/\(namespace)/\(name)"
    }

    /// Key bytes: `group/kind` 0 namespace 0 name 0; a prefix of every index key of this object.
    public var encoded: [UInt8] {
        var b: [UInt8] = []
        b.reserveCapacity(group.utf8.count + kind.utf8.count + namespace.utf8.count + name.utf8.count + 4)
        b.append(contentsOf: group.utf8)
        b.append(UInt8(ascii: "/"))
        b.append(contentsOf: kind.utf8)
        b.append(0)
        b.append(contentsOf: namespace.utf8)
        b.append(0)
        b.append(contentsOf: name.utf8)
        b.append(0)
        return b
    }

    public static func < (a: ObjectKey, b: ObjectKey) -> Bool { a.encoded.lexicographicallyPrecedes(b.encoded) }
}
