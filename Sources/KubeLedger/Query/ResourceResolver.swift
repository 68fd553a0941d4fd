public import Ledger

/// Resource type names as kubectl resolves them, for the CLI and `kubeledger serve` alike: the
/// kinds KubeLedger knows, the custom resources named by the `CustomResourceDefinition`s the
/// ledger holds (`spec.names`: plural, singular, short names, categories; `spec.scope`), and any
/// other kind the ledger holds objects of (lowercase kind, ``plural(of:)``).
///
/// A name is a kind, plural, singular or short name (any case), optionally qualified as
/// `NAME.GROUP` (dotted groups: `csidriver.storage.k8s.io`) or `NAME.VERSION.GROUP`
/// (`deployment.v1.apps`); a category (`all`) names every kind in it.
public struct ResourceResolver: Sendable {
    /// Every resource: the known kinds, then CRD-named kinds, then the other kinds the ledger
    /// holds, each by group and kind.
    public let entries: [KubeKind]

    /// A resolver over exactly `entries`.
    public init(entries: [KubeKind]) { self.entries = entries }

    /// The resolver of `ledger` as it was at `revision`: known kinds, the CRDs live then, and
    /// every other kind the ledger holds objects of.
    public init(ledger: Ledger, at revision: UInt64 = .max) throws {
        var entries = KubeKind.known
        var seen = Set(entries.map(\.groupKind))
        let crds = try History(ledger: ledger).objects(
            ObjectQuery(kind: "CustomResourceDefinition", group: "apiextensions.k8s.io"),
            at: HistoryPoint(revision: revision, time: .now()))
        for crd in crds {
            guard let entry = Self.entry(ofCRD: crd.value), !seen.contains(entry.groupKind) else { continue }
            seen.insert(entry.groupKind)
            entries.append(entry)
        }
        for groupKind in try ledger.groupKinds() where !seen.contains(groupKind) {
            guard let slash = groupKind.firstIndex(of: "/") else { continue }
            let group = String(groupKind[..<slash])
            let kind = String(groupKind[groupKind.index(after: slash)...])
            guard !kind.isEmpty else { continue }
            let apiVersion = try ledger.apiVersion(ofGroupKind: groupKind) ?? "v1"
            let version = apiVersion.split(separator: "/").last.map(String.init) ?? "v1"
            // Cluster-scoped objects are kept under the empty namespace.
            let clusterScoped = try !ledger.objectKeys(groupKind: groupKind, namespace: "", namePrefix: "").isEmpty
            entries.append(
                KubeKind(
                    kind: kind, group: group, version: version, resource: Self.plural(of: kind),
                    singular: kind.lowercased(), shortNames: [], isNamespaced: !clusterScoped))
        }
        self.entries = entries
    }

    /// The entry a `CustomResourceDefinition` describes (storage version, else the first one).
    public static func entry(ofCRD crd: JSONValue) -> KubeKind? {
        guard let spec = crd["spec"], let group = spec["group"]?.stringValue,
            let names = spec["names"], let kind = names["kind"]?.stringValue, !kind.isEmpty
        else { return nil }
        let versions = spec["versions"]?.arrayValue ?? []
        let version =
            versions.first { $0["storage"]?.boolValue == true }?["name"]?.stringValue
            ?? versions.first?["name"]?.stringValue ?? spec["version"]?.stringValue ?? "v1"
        let strings = { (v: JSONValue?) in (v?.arrayValue ?? []).compactMap(\.stringValue) }
        return KubeKind(
            kind: kind, group: group, version: version,
            resource: names["plural"]?.stringValue ?? plural(of: kind),
            singular: names["singular"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? kind.lowercased(),
            shortNames: strings(names["shortNames"]), isNamespaced: spec["scope"]?.stringValue != "Cluster",
            categories: strings(names["categories"]))
    }

    /// The kinds `name` names: one, or every kind of a category (`all`).
    ///
    /// - Throws: ``ResourceTypeError`` when nothing matches.
    public func resolve(_ name: String) throws(ResourceTypeError) -> [KubeKind] {
        let lower = name.lowercased()
        if let one = match(lower) { return [one] }
        let inCategory = entries.filter { $0.categories.contains(lower) }
        if !inCategory.isEmpty { return Self.categoryOrder(inCategory) }
        throw ResourceTypeError(name: name)
    }

    /// The entry of `resource` in `group` (any version).
    public func entry(group: String, resource: String) -> KubeKind? {
        entries.first { $0.group == group && $0.resource == resource }
    }

    /// One kind: `NAME`, `NAME.VERSION.GROUP` (tried first, as kubectl does), `NAME.GROUP`.
    func match(_ lower: String) -> KubeKind? {
        let parts = lower.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 { return find(lower, group: nil) }
        if parts.count >= 3, Self.isVersion(parts[1]),
            let e = find(parts[0], group: parts[2...].joined(separator: "."))
        {
            return e
        }
        return find(parts[0], group: parts[1...].joined(separator: "."))
    }

    func find(_ base: String, group: String?) -> KubeKind? {
        let inGroup = entries.filter { e in
            group == nil || e.group.lowercased() == group || (group == "core" && e.group.isEmpty)
        }
        // kubectl tries resource names before short names.
        return inGroup.first { $0.resource == base || $0.singular == base || $0.kind.lowercased() == base }
            ?? inGroup.first { $0.shortNames.contains(base) }
    }

    /// `v1`, `v2beta1`, `v1alpha3`.
    static func isVersion(_ s: String) -> Bool {
        guard s.first == "v", let digit = s.dropFirst().first, digit.isNumber else { return false }
        return s.dropFirst().allSatisfy { $0.isNumber || $0.isLetter }
    }

    /// The discovery order kubectl prints a category in: core first, then groups by name.
    static func categoryOrder(_ kinds: [KubeKind]) -> [KubeKind] {
        let order = [
            "Pod", "ReplicationController", "Service", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet",
            "HorizontalPodAutoscaler", "CronJob", "Job",
        ]
        return kinds.enumerated().sorted { a, b in
            let ia = order.firstIndex(of: a.element.kind) ?? order.count
            let ib = order.firstIndex(of: b.element.kind) ?? order.count
            return (ia, a.offset) < (ib, b.offset)
        }.map(\.element)
    }

    /// The plural resource of a kind no CRD names: the lowercase kind with English plural
    /// endings (`Widget` → `widgets`, `Policy` → `policies`, `Ingress` → `ingresses`).
    public static func plural(of kind: String) -> String {
        let lower = kind.lowercased()
        if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) {
            return lower.dropLast() + "ies"
        }
        if ["s", "x", "z", "ch", "sh"].contains(where: { lower.hasSuffix($0) }) { return lower + "es" }
        return lower + "s"
    }
}
