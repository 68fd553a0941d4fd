public import Ledger

/// `kubeledger identity sts/NAME`: the StatefulSet identity ledger as a table or JSON.
public enum IdentityView {
    /// A header line `statefulset.apps/NAME` and a table with one row per ordinal:
    /// `ORDINAL  POD  STATE  NODE  UID  CLAIMS  VOLUMES` (claims and volumes joined by `,`,
    /// `<none>` when absent).
    public static func text(_ id: StatefulSetIdentity) -> String {
        let rows = id.ordinals.map { o -> [String] in
            [
                "\(o.ordinal)", o.pod, o.state, o.node ?? "<none>", o.uid ?? "<none>",
                o.claims.isEmpty
                    ? "<none>"
                    : o.claims.map { $0.uid == nil ? "\($0.name) (absent)" : $0.name }.joined(separator: ","),
                o.claims.isEmpty ? "<none>" : o.claims.map { $0.volume ?? "<none>" }.joined(separator: ","),
            ]
        }
        let header = ["ORDINAL", "POD", "STATE", "NODE", "UID", "CLAIMS", "VOLUMES"]
        return "statefulset.apps/\(id.name)\n"
            + (rows.isEmpty ? "No ordinals.\n" : KubectlTable.render(header: header, rows: rows))
    }

    /// `{"namespace","name","serviceName","replicas","ordinalStart","retention":{…},"deleted",
    /// "ordinals":[{"ordinal":0,"pod":"web-0","hostname","dns","state","inRange","uid","node",
    /// "pvcs":[{"template","name","uid","phase","volume","verified","history":[…]}],
    /// "pods":[{"uid","created","deleted","nodes":[{"node","from"}]}]}]}`.
    public static func json(_ id: StatefulSetIdentity) -> JSONValue {
        func s(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
        func n(_ v: Int) -> JSONValue { .number("\(v)") }
        func point(_ p: LogPoint?) -> JSONValue { p.map(RolloutHistoryView.pointJSON) ?? .null }
        let ordinals = id.ordinals.map { o -> JSONValue in
            let pvcs = o.claims.map { c -> JSONValue in
                .object(
                    JSONObject([
                        ("template", .string(c.template)), ("name", .string(c.name)), ("uid", s(c.uid)),
                        ("phase", s(c.phase)),
                        ("volume", s(c.volume)), ("verified", .bool(c.verified)),
                        (
                            "history",
                            .array(
                                c.history.map { h in
                                    .object(
                                        JSONObject([
                                            ("uid", .string(h.uid)), ("volumeName", .string(h.volumeName)),
                                            ("phase", .string(h.phase)),
                                            ("created", point(h.created)), ("deleted", point(h.deleted)),
                                        ]))
                                })
                        ),
                    ]))
            }
            let pods = o.incarnations.map { p -> JSONValue in
                .object(
                    JSONObject([
                        ("uid", .string(p.uid)), ("phase", .string(p.phase)), ("created", point(p.created)),
                        ("deleted", point(p.deleted)),
                        (
                            "nodes",
                            .array(
                                p.nodes.map {
                                    .object(JSONObject([("node", .string($0.node)), ("from", point($0.from))]))
                                })
                        ),
                    ]))
            }
            return .object(
                JSONObject([
                    ("ordinal", n(o.ordinal)), ("pod", .string(o.pod)), ("hostname", .string(o.hostname)),
                    ("dns", s(o.dns)),
                    ("state", .string(o.state)), ("inRange", .bool(o.inRange)), ("uid", s(o.uid)), ("node", s(o.node)),
                    ("pvcs", .array(pvcs)), ("pods", .array(pods)),
                ]))
        }
        return .object(
            JSONObject([
                ("namespace", .string(id.namespace)), ("name", .string(id.name)),
                ("serviceName", .string(id.serviceName)),
                ("replicas", n(id.replicas)), ("ordinalStart", n(id.ordinalStart)),
                (
                    "retention",
                    .object(
                        JSONObject([("whenScaled", .string(id.whenScaled)), ("whenDeleted", .string(id.whenDeleted))]))
                ),
                ("deleted", .bool(id.isDeleted)), ("ordinals", .array(ordinals)),
            ]))
    }
}
