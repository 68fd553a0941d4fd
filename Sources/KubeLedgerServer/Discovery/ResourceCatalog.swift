public import KubeLedger
public import Ledger

/// The resources the server offers: every kind KubeLedger knows by name, and every other kind the
/// ledger holds objects of (custom resources included), each with its group, version, plural,
/// scope and short names.
public struct ResourceCatalog: Sendable {
    /// One resource: a kind with its names and scope.
    public typealias Entry = KubeKind

    /// Every resource, known kinds first, then the kinds only the ledger has, by group and kind.
    public let entries: [Entry]

    /// The catalog of `ledger`: the known kinds, and the kinds it holds objects of.
    public init(ledger: Ledger) throws {
        var entries = KubeKind.known
        let known = Set(entries.map(\.groupKind))
        for groupKind in try ledger.groupKinds() where !known.contains(groupKind) {
            guard let slash = groupKind.firstIndex(of: "/") else { continue }
            let group = String(groupKind[..<slash])
            let kind = String(groupKind[groupKind.index(after: slash)...])
            guard !kind.isEmpty else { continue }
            let apiVersion = try ledger.apiVersion(ofGroupKind: groupKind) ?? "v1"
            let version = apiVersion.split(separator: "/").last.map(String.init) ?? "v1"
            // Cluster-scoped objects are kept under the empty namespace.
            let clusterScoped = try !ledger.objectKeys(groupKind: groupKind, namespace: "", namePrefix: "").isEmpty
            entries.append(
                Entry(
                    kind: kind, group: group, version: version, resource: Self.plural(of: kind),
                    singular: kind.lowercased(), shortNames: [], isNamespaced: !clusterScoped))
        }
        self.entries = entries
    }

    /// The plural resource of a kind KubeLedger does not know: the lowercase kind with English
    /// plural endings (`Widget` → `widgets`, `Policy` → `policies`, `Ingress` → `ingresses`).
    public static func plural(of kind: String) -> String {
        let lower = kind.lowercased()
        if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) {
            return lower.dropLast() + "ies"
        }
        if ["s", "x", "z", "ch", "sh"].contains(where: { lower.hasSuffix($0) }) { return lower + "es" }
        return lower + "s"
    }

    /// The entry of `resource` in `group` (any version).
    public func entry(group: String, resource: String) -> Entry? {
        entries.first { $0.group == group && $0.resource == resource }
    }

    /// The group versions served, each with its entries, in a stable order (core first).
    public var groupVersions: [(group: String, version: String, entries: [Entry])] {
        var order: [String] = []
        var byGV: [String: [Entry]] = [:]
        for e in entries {
            if byGV[e.apiVersion] == nil { order.append(e.apiVersion) }
            byGV[e.apiVersion, default: []].append(e)
        }
        return order.map { gv in
            let first = byGV[gv]![0]
            return (first.group, first.version, byGV[gv]!)
        }
    }
}
