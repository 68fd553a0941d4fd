import KubeLedger

/// `--all`: every resource the server lists and watches (legacy discovery: `/api/v1`, `/apis`,
/// `/apis/GROUP/VERSION` at each group's preferred version), custom resources included;
/// subresources are left out, and Secrets unless asked for.
struct ResourceDiscovery {
    let client: KubeClient

    func resources(includeSecrets: Bool) async throws -> [RecordedResource] {
        var out: [RecordedResource] = []
        out += try await list(path: "/api/v1", group: "", version: "v1")
        let (status, body) = try await client.get("/apis")
        guard status == 200 else { throw RecorderError.http(path: "/apis", status: status, message: "discovery") }
        let groups = try JSONReader.parse(body, maxDepth: 10_000)["groups"]
        if case .array(let items)? = groups {
            for g in items {
                guard let name = g["name"]?.stringValue,
                    let version = g["preferredVersion"]?["version"]?.stringValue
                else { continue }
                out += try await list(path: "/apis/\(name)/\(version)", group: name, version: version)
            }
        }
        return out.filter { includeSecrets || !($0.name == "secrets" && $0.group.isEmpty) }
    }

    private func list(path: String, group: String, version: String) async throws -> [RecordedResource] {
        let (status, body) = try await client.get(path)
        guard status == 200 else { throw RecorderError.http(path: path, status: status, message: "discovery") }
        guard case .array(let items)? = try JSONReader.parse(body, maxDepth: 10_000)["resources"] else { return [] }
        return items.compactMap { r in
            guard let name = r["name"]?.stringValue, !name.contains("/"), let kind = r["kind"]?.stringValue,
                case .array(let verbs)? = r["verbs"]
            else { return nil }
            let v = Set(verbs.compactMap(\.stringValue))
            guard v.contains("list"), v.contains("watch") else { return nil }
            return RecordedResource(name: name, group: group, version: version, kind: kind)
        }
    }
}
