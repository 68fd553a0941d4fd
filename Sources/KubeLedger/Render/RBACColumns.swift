import Ledger

/// kubectl 1.32's RBAC columns. RoleBindings and ClusterRoleBindings (`printRoleBinding`): ROLE
/// (`Kind/name`), AGE, and with `-o wide` USERS, GROUPS, SERVICEACCOUNTS (`namespace/name`), each
/// joined by `, `. Roles and ClusterRoles have no printer in the API server, whose default Table
/// is NAME and CREATED AT (the creation time in RFC 3339, UTC, whole seconds).
enum RBACColumns {
    static func binding(_ o: JSONValue, name: String, age: String) -> ([String], [String]) {
        let ref = o["roleRef"]
        var users: [String] = []
        var groups: [String] = []
        var accounts: [String] = []
        for subject in o["subjects"]?.arrayValue ?? [] {
            let subjectName = subject["name"]?.stringValue ?? ""
            switch subject["kind"]?.stringValue ?? "" {
            case "ServiceAccount": accounts.append((subject["namespace"]?.stringValue ?? "") + "/" + subjectName)
            case "User": users.append(subjectName)
            case "Group": groups.append(subjectName)
            default: break
            }
        }
        return (
            [name, (ref?["kind"]?.stringValue ?? "") + "/" + (ref?["name"]?.stringValue ?? ""), age],
            [users.joined(separator: ", "), groups.joined(separator: ", "), accounts.joined(separator: ", ")]
        )
    }

    /// NAME and CREATED AT (Go's zero time when there is none).
    static func role(_ o: JSONValue, name: String) -> ([String], [String]) {
        let created = BatchColumns.time(o["metadata"]?["creationTimestamp"])
        // metav1.Time keeps whole seconds; an absent one is Go's zero time.
        let text = created.map { Timestamp(nanoseconds: $0.seconds * 1_000_000_000).rfc3339(fractionDigits: 0) }
        return ([name, text ?? "0001-01-01T00:00:00Z"], [])
    }
}
