/// A Kubernetes label selector in its string form, as `kubectl get -l` and the API's
/// `labelSelector` parameter take it: comma-separated requirements, all of which must hold.
///
/// - equality: `app=web`, `app==web`, `tier!=db`
/// - set-based: `env in (prod,staging)`, `env notin (dev)`
/// - existence: `app`, `!canary`
///
/// ```swift
/// let s = try LabelSelector("app=web,env in (prod, staging),!canary")
/// s.matches(["app": "web", "env": "prod"])   // true
/// ```
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    /// One requirement on one label key.
    public enum Requirement: Sendable, Hashable {
        case equals(String, String)
        case notEquals(String, String)
        case `in`(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)
    }

    /// The requirements, all of which must hold (none: everything matches).
    public var requirements: [Requirement]

    /// The selector as given.
    public let description: String

    /// Parses `text`.
    ///
    /// - Throws: ``SelectorError`` naming what could not be parsed, in the API server's words.
    public init(_ text: String) throws(SelectorError) {
        description = text
        requirements = []
        var scanner = SelectorScanner(text)
        scanner.skipSpaces()
        while !scanner.atEnd {
            requirements.append(try Self.requirement(&scanner, text: text))
            scanner.skipSpaces()
            if scanner.atEnd { break }
            guard scanner.take(",") else { throw SelectorError(text, "expected ',' after a requirement") }
            scanner.skipSpaces()
            if scanner.atEnd { throw SelectorError(text, "expected a requirement after ','") }
        }
    }

    private static func requirement(_ s: inout SelectorScanner, text: String) throws(SelectorError) -> Requirement {
        if s.take("!") {
            s.skipSpaces()
            let key = try validKey(s.word(), text: text)
            return .doesNotExist(key)
        }
        let key = try validKey(s.word(), text: text)
        s.skipSpaces()
        if s.atEnd || s.peek(",") { return .exists(key) }
        if s.take("==") || s.take("=") {
            s.skipSpaces()
            return .equals(key, try validValue(s.word(), text: text))
        }
        if s.take("!=") {
            s.skipSpaces()
            return .notEquals(key, try validValue(s.word(), text: text))
        }
        let op = s.word()
        guard op == "in" || op == "notin" else {
            throw SelectorError(text, "unknown operator after '\(key)'; use =, ==, !=, in, notin")
        }
        s.skipSpaces()
        guard s.take("(") else { throw SelectorError(text, "expected '(' after '\(op)'") }
        var values = Set<String>()
        while true {
            s.skipSpaces()
            if s.take(")") { break }
            values.insert(try validValue(s.word(), text: text))
            s.skipSpaces()
            if s.take(")") { break }
            guard s.take(",") else { throw SelectorError(text, "expected ',' or ')' in the value set") }
        }
        guard !values.isEmpty else { throw SelectorError(text, "'\(op)' needs at least one value") }
        return op == "in" ? .in(key, values) : .notIn(key, values)
    }

    private static func validKey(_ key: String, text: String) throws(SelectorError) -> String {
        guard !key.isEmpty else { throw SelectorError(text, "a requirement needs a label key") }
        guard key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }) else {
            throw SelectorError(text, "invalid label key '\(key)'")
        }
        return key
    }

    private static func validValue(_ value: String, text: String) throws(SelectorError) -> String {
        guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw SelectorError(text, "invalid label value '\(value)'")
        }
        return value
    }

    /// Whether `labels` satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { r in
            switch r {
            case .equals(let k, let v): labels[k] == v
            case .notEquals(let k, let v): labels[k] != v
            case .in(let k, let vs): labels[k].map(vs.contains) ?? false
            case .notIn(let k, let vs): !(labels[k].map(vs.contains) ?? false)
            case .exists(let k): labels[k] != nil
            case .doesNotExist(let k): labels[k] == nil
            }
        }
    }

    /// Whether the labels of `object` (`metadata.labels`) satisfy every requirement.
    public func matches(_ object: JSONValue) -> Bool {
        guard !requirements.isEmpty else { return true }
        var labels: [String: String] = [:]
        if case .object(let o)? = object["metadata"]?["labels"] {
            for (k, v) in o.members { if let s = v.stringValue { labels[k] = s } }
        }
        return matches(labels)
    }
}
