/// kubectl 1.32's Service columns (`printService`): TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), and
/// SELECTOR with `-o wide`.
enum ServiceColumns {
    static func cells(_ o: JSONValue, name: String, age: String) -> ([String], [String]) {
        let spec = o["spec"]
        let type = spec?["type"]?.stringValue ?? "ClusterIP"
        // printService shows the first of clusterIPs (the API fills it from clusterIP).
        let first = spec?["clusterIPs"]?[0]?.stringValue ?? spec?["clusterIP"]?.stringValue
        let clusterIP = first.flatMap { $0.isEmpty ? nil : $0 } ?? "<none>"
        return ([name, type, clusterIP, externalIP(o, type: type), ports(spec), age], [selector(spec)])
    }

    /// `getServiceExternalIP`: the external IPs, the load balancer's ingress points (sorted, once
    /// each) then the external IPs, or the external name.
    static func externalIP(_ o: JSONValue, type: String) -> String {
        let spec = o["spec"]
        let external = spec?["externalIPs"]?.arrayValue?.compactMap(\.stringValue) ?? []
        switch type {
        case "ClusterIP", "NodePort":
            return external.isEmpty ? "<none>" : external.joined(separator: ",")
        case "LoadBalancer":
            let balancer = NetworkColumns.loadBalancer(o["status"]?["loadBalancer"])
            let all = (balancer.isEmpty ? [] : balancer.split(separator: ",").map(String.init)) + external
            return all.isEmpty ? "<pending>" : all.joined(separator: ",")
        case "ExternalName":
            return spec?["externalName"]?.stringValue ?? ""
        default:
            return "<unknown>"
        }
    }

    /// `makePortString`: `80/TCP`, `80:30080/TCP`, joined by commas.
    static func ports(_ spec: JSONValue?) -> String {
        let ports = spec?["ports"]?.arrayValue ?? []
        guard !ports.isEmpty else { return "<none>" }
        return ports.map { p in
            let port = p["port"]?.intValue.map(String.init) ?? ""
            let proto = p["protocol"]?.stringValue ?? "TCP"
            if let node = p["nodePort"]?.intValue, node != 0 { return "\(port):\(node)/\(proto)" }
            return "\(port)/\(proto)"
        }.joined(separator: ",")
    }

    /// `k=v,k2=v2` sorted by key, or `<none>`.
    static func selector(_ spec: JSONValue?) -> String {
        let members = spec?["selector"]?.objectValue?.members ?? []
        guard !members.isEmpty else { return "<none>" }
        return members.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.stringValue ?? "")" }
            .joined(separator: ",")
    }
}
