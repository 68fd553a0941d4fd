import KubeLedger
import Ledger

/// The object key of KIND/NAME: the known kind's group, else whichever group the log has.
func objectKey(kind: String, group: String?, namespace: String, name: String, ledger: Ledger) throws -> ObjectKey {
    let ns = KubeKind.lookup(kind).map { $0.isNamespaced ? namespace : "" } ?? namespace
    if let group { return ObjectKey(group: group, kind: kind, namespace: ns, name: name) }
    let candidates = try ledger.liveObjects(groupKind: nil).map(\.key).filter {
        $0.kind == kind && $0.name == name && ($0.namespace == ns || $0.namespace.isEmpty)
    }
    return candidates.first ?? ObjectKey(group: "", kind: kind, namespace: ns, name: name)
}
