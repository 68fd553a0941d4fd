/// kubectl 1.32's Endpoints and Ingress columns (`printEndpoints`, `printIngress`). The server
/// prints its Table as for `-o wide`, so load-balancer addresses are never shortened.
enum NetworkColumns {
    /// ENDPOINTS (`formatEndpoints`): up to three `ip:port` (or bare IPs in a subset without
    /// ports), then ` + N more...`; `<none>` without subsets.
    static func endpoints(_ o: JSONValue, name: String, age: String) -> ([String], [String]) {
        let subsets = o["subsets"]?.arrayValue ?? []
        guard !subsets.isEmpty else { return ([name, "<none>", age], []) }
        let maximum = 3
        var list: [String] = []
        var more = false
        var count = 0
        for subset in subsets {
            let addresses = (subset["addresses"]?.arrayValue ?? []).map { $0["ip"]?.stringValue ?? "" }
            let ports = subset["ports"]?.arrayValue ?? []
            if ports.isEmpty {
                count += addresses.count
                for ip in addresses {
                    if list.count == maximum {
                        more = true
                        break
                    }
                    list.append(ip)
                }
                continue
            }
            for port in ports {
                count += addresses.count
                let number = port["port"]?.intValue ?? 0
                for ip in addresses {
                    if list.count == maximum {
                        more = true
                        break
                    }
                    // net.JoinHostPort: brackets around an address holding a colon.
                    list.append(ip.contains(":") ? "[\(ip)]:\(number)" : "\(ip):\(number)")
                }
            }
        }
        let joined = list.joined(separator: ",")
        return ([name, more ? "\(joined) + \(count - maximum) more..." : joined, age], [])
    }

    /// CLASS, HOSTS (`formatHosts`: up to three, `*` when none), ADDRESS (the load balancer's
    /// IPs or host names, sorted, once each), PORTS (`80`, or `80, 443` with TLS), AGE.
    static func ingress(_ o: JSONValue, name: String, age: String) -> ([String], [String]) {
        let spec = o["spec"]
        let rules = spec?["rules"]?.arrayValue ?? []
        let maximum = 3
        var hosts: [String] = []
        var more = false
        for rule in rules {
            if hosts.count == maximum { more = true }
            if !more, let host = rule["host"]?.stringValue, !host.isEmpty { hosts.append(host) }
        }
        var hostCell = hosts.isEmpty ? "*" : hosts.joined(separator: ",")
        if more && !hosts.isEmpty { hostCell += " + \(rules.count - maximum) more..." }
        let tls = spec?["tls"]?.arrayValue ?? []
        return (
            [
                name, spec?["ingressClassName"]?.stringValue ?? "<none>", hostCell,
                loadBalancer(o["status"]?["loadBalancer"]), tls.isEmpty ? "80" : "80, 443", age,
            ], []
        )
    }

    /// `loadBalancerStatusStringer` with `wide`: each ingress point's IP, else its host name,
    /// sorted and once each, joined by commas.
    static func loadBalancer(_ status: JSONValue?) -> String {
        let points = (status?["ingress"]?.arrayValue ?? []).compactMap { point -> String? in
            if let ip = point["ip"]?.stringValue, !ip.isEmpty { return ip }
            if let host = point["hostname"]?.stringValue, !host.isEmpty { return host }
            return nil
        }
        return Set(points).sorted().joined(separator: ",")
    }
}
