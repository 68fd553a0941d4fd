/// A JSON document as a tree. Object members keep their order (nothing is reordered), numbers keep
/// their exact text (nothing is rounded).
///
/// Equality is semantic: objects compare as unordered maps; numbers compare by value when their
/// text differs (`1.0 == 1`).
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// A number, as its JSON text.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    // MARK: - Access

    /// The member `key` of an object, else `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index` of an array, else `nil`.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    /// The string, if this is a string.
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    /// The number as an `Int`, if this is an integral number (or a string holding one).
    public var intValue: Int? {
        switch self {
        case .number(let n): Int(n) ?? Double(n).flatMap { $0 == $0.rounded() ? Int(exactly: $0) : nil }
        default: nil
        }
    }
    /// The Boolean, if this is a Boolean.
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    /// The array, if this is an array.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    /// The object, if this is an object.
    public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }
    /// Whether this is `null`.
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// Follows a dotted path with optional indexes, such as `spec.template.spec.containers[0].image`.
    /// Keys holding dots can be written in brackets: `metadata.annotations["kubernetes.io/change-cause"]`.
    public func value(atPath path: String) -> JSONValue? {
        guard let steps = JSONPath.parse(path) else { return nil }
        var current: JSONValue? = self
        for step in steps {
            switch step {
            case .key(let k): current = current?[k]
            case .index(let i): current = current?[i]
            }
        }
        return current
    }
}

/// The members of a JSON object, in document order.
public struct JSONObject: Sendable {
    /// Member names, in order.
    public private(set) var keys: [String]
    /// Member values, parallel to ``keys``.
    public private(set) var values: [JSONValue]

    /// An empty object.
    public init() {
        keys = []
        values = []
    }

    /// An object of `members`, in order.
    public init(_ members: [(String, JSONValue)]) {
        keys = members.map(\.0)
        values = members.map(\.1)
    }

    /// The number of members.
    public var count: Int { keys.count }
    /// Whether the object has no member.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value of member `key`; setting `nil` removes it, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            for i in keys.indices where keys[i] == key { return values[i] }
            return nil
        }
        set {
            if let i = keys.firstIndex(of: key) {
                if let newValue { values[i] = newValue } else {
                    keys.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Appends a member without checking for duplicates (the parser's fast path).
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        keys.append(key)
        values.append(value)
    }

    /// The members as pairs, in order.
    public var members: [(key: String, value: JSONValue)] {
        Array(zip(keys, values)).map { (key: $0.0, value: $0.1) }
    }
}

extension JSONValue: Equatable {
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b || (Double(a) != nil && Double(a) == Double(b))
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default: return false
        }
    }
}

extension JSONObject: Equatable {
    /// Objects are equal when they have the same members, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.keys == rhs.keys { return lhs.values == rhs.values }
        for (k, v) in zip(lhs.keys, lhs.values) {
            guard let w = rhs[k], w == v else { return false }
        }
        return true
    }
}

/// One step of a field path.
public enum JSONPathStep: Sendable, Hashable {
    case key(String)
    case index(Int)
}

/// Field paths such as `spec.containers[0].image` or `metadata.annotations["a.b/c"]`.
public enum JSONPath {
    /// Splits `path` into steps, or `nil` when it is malformed.
    public static func parse(_ path: String) -> [JSONPathStep]? {
        var steps: [JSONPathStep] = []
        var chars = Array(path.unicodeScalars)[...]
        if chars.first == "." { chars = chars.dropFirst() }
        var key = ""
        func flush() { if !key.isEmpty { steps.append(.key(key)); key = "" } }
        while let c = chars.first {
            chars = chars.dropFirst()
            switch c {
            case ".": flush()
            case "[":
                flush()
                guard let close = chars.firstIndex(of: "]") else { return nil }
                var inner = String(String.UnicodeScalarView(chars[..<close]))
                chars = chars[(close + 1)...]
                if inner.hasPrefix("\"") && inner.hasSuffix("\"") && inner.count >= 2 {
                    inner = String(inner.dropFirst().dropLast())
                    steps.append(.key(inner))
                } else if let i = Int(inner) {
                    steps.append(.index(i))
                } else {
                    steps.append(.key(inner))
                }
            default: key.unicodeScalars.append(c)
            }
        }
        flush()
        return steps
    }
}
