import KubeLedger

/// kubectl's resource name for messages (`deployments.apps`, `pods`).
func resourceName(kind: String, group: String?) -> String {
    if let k = KubeKind.lookup(kind) { return k.group.isEmpty ? k.resource : "\(k.resource).\(k.group)" }
    let plural = kind.lowercased() + "s"
    return (group ?? "").isEmpty ? plural : "\(plural).\(group!)"
}
