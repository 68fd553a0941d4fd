/// The kubeconfig `serve --print-kubeconfig` prints: a cluster and context `latest` for the live
/// view, and one per point (`at-<point>`, with `:` made `-`) for `/at/<point>/`. Over HTTPS each
/// cluster carries the server's certificate as `certificate-authority-data`.
enum Kubeconfig {
    static func text(server: String, points: [String], certificateAuthority: String? = nil) -> String {
        let named = [("latest", server)] + points.map { p in ("at-" + context(p), "\(server)/at/\(p)") }
        var lines = ["apiVersion: v1", "kind: Config", "clusters:"]
        for (name, url) in named {
            lines += ["- name: kubeledger-\(name)", "  cluster:", "    server: \(url)"]
            if let certificateAuthority { lines.append("    certificate-authority-data: \(certificateAuthority)") }
        }
        lines += ["users:", "- name: kubeledger", "  user: {}", "contexts:"]
        for (name, _) in named {
            lines += ["- name: \(name)", "  context:", "    cluster: kubeledger-\(name)", "    user: kubeledger"]
        }
        lines.append("current-context: latest")
        return lines.joined(separator: "\n")
    }

    /// A context name for a point: `2026-11-26T14:03:00Z` → `2026-11-26T14-03-00Z`.
    static func context(_ point: String) -> String {
        String(point.map { $0 == ":" ? "-" : $0 })
    }
}
