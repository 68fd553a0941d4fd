import Crypto
import Foundation
import KubeLedger
public import Ledger

/// What the recorder changes in an object before it reaches the ledger (and so before it is
/// hashed into the chain): Secret values as SHA-256 digests (unless `--secrets=full`), and the
/// `--redact` paths masked in every kind.
public struct BodyFilter: Sendable {
    /// Keep Secret `data`/`stringData` values as they are.
    public var fullSecrets = false
    /// Paths to mask, as member names (`.spec.token` → `["spec", "token"]`); `*` matches every
    /// element of an array or member of an object.
    public var redactions: [[String]] = []

    /// The value a redacted field gets.
    public static let redacted = "<redacted>"

    public init(fullSecrets: Bool = false, redact: [String] = []) throws(RecorderError) {
        self.fullSecrets = fullSecrets
        for p in redact {
            var t = p.hasPrefix("{") && p.hasSuffix("}") ? String(p.dropFirst().dropLast()) : p
            guard t.hasPrefix(".") else { throw .badRedactPath(p) }
            t = String(t.dropFirst()).replacingOccurrences(of: "[*]", with: ".*")
            let steps = t.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !steps.isEmpty, !steps.contains(where: \.isEmpty) else { throw .badRedactPath(p) }
            redactions.append(steps)
        }
    }

    /// `e` with its body filtered (unchanged when nothing applies).
    public func apply(_ e: NewEvent) -> NewEvent {
        let secret = e.object.kind == "Secret" && e.object.group.isEmpty && !fullSecrets
        guard secret || !redactions.isEmpty, let body = e.body, var v = try? JSONReader.parse(body, maxDepth: 10_000)
        else { return e }
        if secret {
            for field in ["data", "stringData"] { v = Self.digestValues(v, field: field) }
        }
        for path in redactions { v = Self.mask(v, path[...]) }
        var out = e
        out.body = JSONWriter().bytes(v)
        return out
    }

    /// Each string value of the object `field` replaced by `sha256:<hex>` of its bytes.
    static func digestValues(_ v: JSONValue, field: String) -> JSONValue {
        guard case .object(var o) = v, case .object(var data)? = o[field] else { return v }
        for k in data.keys {
            if case .string(let s)? = data[k] {
                let digest = SHA256.hash(data: Array(s.utf8)).map { String(format: "%02x", $0) }.joined()
                data[k] = .string("sha256:" + digest)
            }
        }
        o[field] = .object(data)
        return .object(o)
    }

    static func mask(_ v: JSONValue, _ path: ArraySlice<String>) -> JSONValue {
        guard let step = path.first else { return .string(redacted) }
        let rest = path.dropFirst()
        switch v {
        case .object(var o):
            if step == "*" {
                for k in o.keys { o[k] = mask(o[k]!, rest) }
            } else if let child = o[step] {
                o[step] = mask(child, rest)
            }
            return .object(o)
        case .array(let a) where step == "*":
            return .array(a.map { mask($0, rest) })
        default:
            return v
        }
    }
}
