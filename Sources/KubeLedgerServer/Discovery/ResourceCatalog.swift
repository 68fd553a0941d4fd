public import KubeLedger
public import Ledger

/// The resources the server offers: every kind KubeLedger knows by name, and every other kind the
/// ledger holds objects of (custom resources included, named by their CRDs), each with its group, version, plural,
/// scope and short names.
public struct ResourceCatalog: Sendable {
    /// One resource: a kind with its names and scope.
    public typealias Entry = KubeKind

    /// Every resource, known kinds first, then the kinds only the ledger has, by group and kind.
    public let entries: [Entry]

    /// The catalog of `ledger`: the kinds the shared ``ResourceResolver`` knows (known kinds, CRDs,
    /// the kinds the ledger holds objects of).
    public init(ledger: Ledger) throws {
        self.entries = try ResourceResolver(ledger: ledger).entries
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
