/// kubectl's `DescribePodTemplate` (`pkg/describe/describe.go`), as `rollout history
/// --revision N` prints it: tab-separated field lines, Labels, Annotations (if any), Service
/// Account, Init Containers, Containers (image, ports, command, args, limits, requests,
/// probes, environment, mounts), Volumes (hostPath, emptyDir, configMap, secret,
/// persistentVolumeClaim; other types print `<unknown>`), topology spread, priority class,
/// node selectors, tolerations.
public enum PodTemplateDescriber {
    /// The description of `template` (a `PodTemplateSpec`).
    public static func describe(_ template: JSONValue) -> String {
        var w = ""
        w += "Pod Template:\n"
        let meta = template["metadata"]
        let spec = template["spec"]
        labelsMultiline(&w, "  Labels", meta?["labels"])
        if let a = meta?["annotations"]?.objectValue, !a.isEmpty { annotationsMultiline(&w, "  Annotations", a) }
        if let sa = spec?["serviceAccountName"]?.stringValue, !sa.isEmpty { w += "  Service Account:\t\(sa)\n" }
        if let ics = spec?["initContainers"]?.arrayValue, !ics.isEmpty { containers(&w, "Init Containers", ics) }
        containers(&w, "Containers", spec?["containers"]?.arrayValue ?? [])
        volumes(&w, spec?["volumes"]?.arrayValue ?? [])
        topologySpread(&w, spec?["topologySpreadConstraints"]?.arrayValue ?? [])
        if let pc = spec?["priorityClassName"]?.stringValue, !pc.isEmpty { w += "  Priority Class Name:\t\(pc)\n" }
        labelsMultiline(&w, "  Node-Selectors", spec?["nodeSelector"])
        tolerations(&w, spec?["tolerations"]?.arrayValue ?? [])
        return w
    }

    static func str(_ v: JSONValue?) -> String {
        guard let v else { return "" }
        switch v {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        default: return ""
        }
    }

    static func labelsMultiline(_ w: inout String, _ title: String, _ labels: JSONValue?) {
        w += "\(title):\t"
        let members = (labels?.objectValue?.members ?? []).sorted { $0.key < $1.key }
        if members.isEmpty {
            w += "<none>\n"
            return
        }
        for (i, m) in members.enumerated() {
            if i != 0 { w += "\t" }
            w += "\(m.key)=\(str(m.value))\n"
        }
    }

    static func annotationsMultiline(_ w: inout String, _ title: String, _ a: JSONObject) {
        w += "\(title):\t"
        let members = a.members.filter { $0.key != "kubectl.kubernetes.io/last-applied-configuration" }.sorted {
            $0.key < $1.key
        }
        if members.isEmpty {
            w += "<none>\n"
            return
        }
        for (i, m) in members.enumerated() {
            if i != 0 { w += "\t" }
            var value = str(m.value)
            if value.hasSuffix("\n") { value.removeLast() }
            if value.count + m.key.count + 2 > 140 || value.contains("\n") {
                w += "\(m.key):\n"
                for line in value.split(separator: "\n", omittingEmptySubsequences: false) {
                    let s = line.count > 138 ? String(line.prefix(138)) + "..." : String(line)
                    w += "\t  \(s)\n"
                }
            } else {
                w += "\(m.key): \(value)\n"
            }
        }
    }

    static func containers(_ w: inout String, _ label: String, _ cs: [JSONValue]) {
        w += "  \(label):\(cs.isEmpty ? " <none>" : "")\n"
        for c in cs {
            w += "   \(str(c["name"])):\n"
            w += "    Image:\t\(str(c["image"]))\n"
            let ports = c["ports"]?.arrayValue ?? []
            let p = ports.map { "\(str($0["containerPort"]))/\(str($0["protocol"]))" }.joined(separator: ", ")
            let hp = ports.map { "\($0["hostPort"].map(str) ?? "0")/\(str($0["protocol"]))" }.joined(separator: ", ")
            w += p.contains(",") ? "    Ports:\t\(p)\n" : "    Port:\t\(p.isEmpty ? "<none>" : p)\n"
            w += hp.contains(",") ? "    Host Ports:\t\(hp)\n" : "    Host Port:\t\(hp.isEmpty ? "<none>" : hp)\n"
            if let rp = c["restartPolicy"]?.stringValue { w += "    Restart Policy:\t\(rp)\n" }
            for (key, title) in [("command", "Command"), ("args", "Args")] {
                let items = c[key]?.arrayValue ?? []
                if items.isEmpty { continue }
                w += "    \(title):\n"
                for item in items {
                    for line in str(item).split(separator: "\n", omittingEmptySubsequences: false) {
                        w += "      \(line)\n"
                    }
                }
            }
            for (key, title) in [("limits", "Limits"), ("requests", "Requests")] {
                let members = (c["resources"]?[key]?.objectValue?.members ?? []).sorted { $0.key < $1.key }
                if members.isEmpty { continue }
                w += "    \(title):\n"
                for m in members { w += "      \(m.key):\t\(str(m.value))\n" }
            }
            for (key, title) in [
                ("livenessProbe", "Liveness"), ("readinessProbe", "Readiness"), ("startupProbe", "Startup"),
            ] {
                if let p = c[key], p.objectValue != nil { w += "    \(title):\t\(probe(p))\n" }
            }
            if let envFrom = c["envFrom"]?.arrayValue, !envFrom.isEmpty {
                w += "    Environment Variables from:\n"
                for e in envFrom {
                    var from = ""
                    var name = ""
                    var optional = false
                    if let cm = e["configMapRef"], cm.objectValue != nil {
                        from = "ConfigMap"
                        name = str(cm["name"])
                        optional = cm["optional"]?.boolValue ?? false
                    } else if let s = e["secretRef"], s.objectValue != nil {
                        from = "Secret"
                        name = str(s["name"])
                        optional = s["optional"]?.boolValue ?? false
                    }
                    let prefix = str(e["prefix"])
                    w +=
                        prefix.isEmpty
                        ? "      \(name)\t\(from)\tOptional: \(optional)\n"
                        : "      \(name)\t\(from) with prefix '\(prefix)'\tOptional: \(optional)\n"
                }
            }
            let env = c["env"]?.arrayValue ?? []
            w += "    Environment:\(env.isEmpty ? "\t<none>" : "")\n"
            for e in env {
                let n = str(e["name"])
                guard let vf = e["valueFrom"], vf.objectValue != nil else {
                    for (i, line) in str(e["value"]).split(separator: "\n", omittingEmptySubsequences: false)
                        .enumerated()
                    {
                        w += i == 0 ? "      \(n):\t\(line)\n" : "      \t\(line)\n"
                    }
                    continue
                }
                if let f = vf["fieldRef"], f.objectValue != nil {
                    w += "      \(n):\t (\(str(f["apiVersion"])):\(str(f["fieldPath"])))\n"
                } else if let f = vf["resourceFieldRef"], f.objectValue != nil {
                    w += "      \(n):\t (\(str(f["resource"])))\n"
                } else if let f = vf["secretKeyRef"], f.objectValue != nil {
                    w += "      \(n):\t<set to the key '\(str(f["key"]))' in secret '\(str(f["name"]))'>"
                    w += "\tOptional: \(f["optional"]?.boolValue ?? false)\n"
                } else if let f = vf["configMapKeyRef"], f.objectValue != nil {
                    w += "      \(n):\t<set to the key '\(str(f["key"]))' of config map '\(str(f["name"]))'>"
                    w += "\tOptional: \(f["optional"]?.boolValue ?? false)\n"
                }
            }
            let mounts = (c["volumeMounts"]?.arrayValue ?? []).sorted { str($0["mountPath"]) < str($1["mountPath"]) }
            w += "    Mounts:\(mounts.isEmpty ? "\t<none>" : "")\n"
            for m in mounts {
                var flags = [m["readOnly"]?.boolValue == true ? "ro" : "rw"]
                let sub = str(m["subPath"])
                if !sub.isEmpty { flags.append("path=\"\(sub)\"") }
                w += "      \(str(m["mountPath"])) from \(str(m["name"])) (\(flags.joined(separator: ",")))\n"
            }
        }
    }

    static func probe(_ p: JSONValue) -> String {
        func n(_ k: String) -> String { p[k].map(str) ?? "0" }
        let attrs =
            """
            delay=\(n("initialDelaySeconds"))s timeout=\(n("timeoutSeconds"))s period=\(n("periodSeconds"))s \
            #success=\(n("successThreshold")) #failure=\(n("failureThreshold"))
            """
        if let e = p["exec"], e.objectValue != nil {
            return "exec [\((e["command"]?.arrayValue ?? []).map(str).joined(separator: " "))] \(attrs)"
        }
        if let h = p["httpGet"], h.objectValue != nil {
            let scheme = str(h["scheme"]).lowercased()
            let port = str(h["port"])
            var host = str(h["host"])
            if !port.isEmpty { host = (host.contains(":") ? "[\(host)]" : host) + ":" + port }
            return "http-get \(scheme.isEmpty ? "" : scheme + "://")\(host)\(str(h["path"])) \(attrs)"
        }
        if let t = p["tcpSocket"], t.objectValue != nil {
            return "tcp-socket \(str(t["host"])):\(str(t["port"])) \(attrs)"
        }
        if let g = p["grpc"], g.objectValue != nil {
            return "grpc <pod>:\(str(g["port"])) \(str(g["service"])) \(attrs)"
        }
        return "unknown \(attrs)"
    }

    static func volumes(_ w: inout String, _ vs: [JSONValue]) {
        if vs.isEmpty {
            w += "  Volumes:\t<none>\n"
            return
        }
        w += "  Volumes:\n"
        for v in vs {
            w += "   \(str(v["name"])):\n"
            if let h = v["hostPath"], h.objectValue != nil {
                let t = str(h["type"])
                w += "    Type:\tHostPath (bare host directory volume)\n"
                w += "    Path:\t\(str(h["path"]))\n"
                w += "    HostPathType:\t\(t.isEmpty && h["type"] == nil ? "<none>" : t)\n"
            } else if let e = v["emptyDir"], e.objectValue != nil {
                let limit = str(e["sizeLimit"])
                let positive = ResourceQuantity(limit).map { $0.mantissa > 0 } ?? false
                w += "    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
                w += "    Medium:\t\(str(e["medium"]))\n"
                w += "    SizeLimit:\t\(positive ? limit : "<unset>")\n"
            } else if let c = v["configMap"], c.objectValue != nil {
                w += "    Type:\tConfigMap (a volume populated by a ConfigMap)\n"
                w += "    Name:\t\(str(c["name"]))\n"
                w += "    Optional:\t\(c["optional"]?.boolValue ?? false)\n"
            } else if let s = v["secret"], s.objectValue != nil {
                w += "    Type:\tSecret (a volume populated by a Secret)\n"
                w += "    SecretName:\t\(str(s["secretName"]))\n"
                w += "    Optional:\t\(s["optional"]?.boolValue ?? false)\n"
            } else if let c = v["persistentVolumeClaim"], c.objectValue != nil {
                w += "    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
                w += "    ClaimName:\t\(str(c["claimName"]))\n"
                w += "    ReadOnly:\t\(c["readOnly"]?.boolValue ?? false)\n"
            } else {
                w += "  <unknown>\n"
            }
        }
    }

    static func topologySpread(_ w: inout String, _ tscs: [JSONValue]) {
        if tscs.isEmpty { return }
        w += "  Topology Spread Constraints:\t"
        for (i, t) in tscs.sorted(by: { str($0["topologyKey"]) < str($1["topologyKey"]) }).enumerated() {
            if i != 0 { w += "  \t" }
            w +=
                "\(str(t["topologyKey"])):\(str(t["whenUnsatisfiable"])) when max skew \(str(t["maxSkew"])) is exceeded"
            if let s = t["labelSelector"], s.objectValue != nil { w += " for selector \(GetView.selector(s))" }
            w += "\n"
        }
    }

    static func tolerations(_ w: inout String, _ ts: [JSONValue]) {
        w += "  Tolerations:\t"
        if ts.isEmpty {
            w += "<none>\n"
            return
        }
        for (i, t) in ts.enumerated() {
            if i != 0 { w += "\t" }
            let key = str(t["key"])
            let value = str(t["value"])
            let effect = str(t["effect"])
            w += key
            if !value.isEmpty { w += "=\(value)" }
            if !effect.isEmpty { w += ":\(effect)" }
            if str(t["operator"]) == "Exists" && value.isEmpty {
                w += (key.isEmpty && effect.isEmpty) ? "op=Exists" : " op=Exists"
            }
            if let s = t["tolerationSeconds"], s.intValue != nil { w += " for \(str(s))s" }
            w += "\n"
        }
    }
}
