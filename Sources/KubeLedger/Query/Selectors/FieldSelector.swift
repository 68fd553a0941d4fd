/// A Kubernetes field selector, as `kubectl get --field-selector` and the API's `fieldSelector`
/// parameter take it: comma-separated `field=value`, `field==value` or `field!=value`, all of
/// which must hold. The fields are those the API server supports for every kind
/// (`metadata.name`, `metadata.namespace`), for Pods (`status.phase`, `spec.nodeName`) and for
/// Events (`involvedObject.*`, `reason`, `type`); any other field is refused, as the API server
/// refuses it.
///
/// ```swift
/// let s = try FieldSelector("status.phase=Running,spec.nodeName!=node-1")
/// ```
public struct FieldSelector: Sendable, Hashable, CustomStringConvertible {
    /// One requirement: the field's value equals (or not) a value.
    public struct Requirement: Sendable, Hashable {
        public var field: String
        public var value: String
        public var equals: Bool
    }

    /// The requirements, all of which must hold (none: everything matches).
    public var requirements: [Requirement]

    /// The selector as given.
    public let description: String

    /// Fields every kind supports.
    static let commonFields: Set<String> = ["metadata.name", "metadata.namespace"]

    /// Fields supported beyond ``commonFields``, by kind.
    static let kindFields: [String: Set<String>] = [
        "Pod": [
            "status.phase", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
            "spec.serviceAccountName", "status.podIP", "status.nominatedNodeName",
        ],
        "Event": [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
            "reason", "reportingComponent", "source", "type",
        ],
        "Secret": ["type"],
        "Namespace": ["status.phase"],
        "Node": ["spec.unschedulable"],
    ]

    /// Parses `text`.
    ///
    /// - Throws: ``SelectorError`` when a requirement is not `field=value`, `field==value` or
    ///   `field!=value`.
    public init(_ text: String) throws(SelectorError) {
        description = text
        requirements = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let p = part.trimmingSpaces
            if p.isEmpty, text.trimmingSpaces.isEmpty { continue }
            guard let (field, value, equals) = Self.split(p) else {
                throw SelectorError(
                    text, "invalid field selector '\(p)': use field=value, field==value or field!=value")
            }
            let f = String(field).trimmingSpaces
            guard !f.isEmpty else { throw SelectorError(text, "a requirement needs a field name") }
            requirements.append(Requirement(field: f, value: String(value).trimmingSpaces, equals: equals))
        }
    }

    /// `field`, `value` and whether the operator is an equality, split at the first `!=`, `==`
    /// or `=`.
    static func split(_ p: String) -> (Substring, Substring, Bool)? {
        let chars = Array(p.utf8)
        guard let i = chars.firstIndex(where: { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "!") }) else {
            return nil
        }
        let at = p.utf8.index(p.utf8.startIndex, offsetBy: i)
        let field = p[..<at]
        if chars[i] == UInt8(ascii: "!") {
            guard i + 1 < chars.count, chars[i + 1] == UInt8(ascii: "=") else { return nil }
            return (field, p[p.utf8.index(at, offsetBy: 2)...], false)
        }
        let skip = i + 1 < chars.count && chars[i + 1] == UInt8(ascii: "=") ? 2 : 1
        return (field, p[p.utf8.index(at, offsetBy: skip)...], true)
    }

    /// The first field that `kind` does not support, if any (the API server answers
    /// `field label not supported: F`).
    public func unsupportedField(kind: String) -> String? {
        let allowed = Self.commonFields.union(Self.kindFields[kind] ?? [])
        return requirements.first { !allowed.contains($0.field) }?.field
    }

    /// Whether `object` satisfies every requirement (a missing field reads as the empty string).
    public func matches(_ object: JSONValue) -> Bool {
        requirements.allSatisfy { r in
            let v = object.value(atPath: r.field)
            let text: String
            switch v {
            case .string(let s)?: text = s
            case .bool(let b)?: text = b ? "true" : "false"
            case .number(let n)?: text = n
            default: text = ""
            }
            return (text == r.value) == r.equals
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces.
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
